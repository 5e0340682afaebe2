"""The ``json`` export: the data format itself, one file that ``openai_kb.load`` reads back equal.

It holds what ``kb.save`` writes: every version of every record (a record several sources describe
once for each, as each gave it), in order, and the source of each that has no evidence, so nothing a
later source said is lost. A knowledge base whose records each have one version is written as
``save`` writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...reading._assembly import saved_file
from ...reading._store import SCHEMA_REF

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["json_bytes"]


def json_bytes(kb: RecordView) -> bytes:
    """Every version of every record as one data file (``{"$schema": ..., "records": [...]}``), in load order."""
    return saved_file(kb.origins(), SCHEMA_REF)
