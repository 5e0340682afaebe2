"""The ``json`` export: the data format itself, one file that ``openai_kb.load`` reads back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...reading._store import dumps_records

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["json_bytes"]


def json_bytes(kb: RecordView) -> bytes:
    """Every record as one data file (``{"$schema": ..., "records": [...]}``), in load order."""
    return dumps_records(kb)
