"""The ``jsonl`` export: one record a line, each exactly as it reads in a data file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from ...reading._store import record_data

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["jsonl_bytes"]


def jsonl_bytes(kb: RecordView) -> bytes:
    """Every record as a JSON object on its own line, in load order, with the data files' field order."""
    return b"".join(orjson.dumps(record_data(record), option=orjson.OPT_APPEND_NEWLINE) for record in kb)
