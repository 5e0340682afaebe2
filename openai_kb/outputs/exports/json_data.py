"""The ``json`` export: the data format itself, one file that ``openai_kb.load`` reads back equal.

It holds what ``kb.save`` writes: every version of every record (a record several sources describe
once for each, as each gave it), in order, so nothing a later source said is lost. A knowledge base
whose records each have one version is written exactly as before: its records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...reading._store import dumps_records

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["json_bytes"]


def json_bytes(kb: RecordView) -> bytes:
    """Every version of every record as one data file (``{"$schema": ..., "records": [...]}``), in load order."""
    return dumps_records([item.record for item in kb.origins()])
