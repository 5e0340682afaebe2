"""Hostile text for output tests: names and quotes that attack spreadsheets, terminals and diagrams."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

__all__ = ["EVIL", "EVIL_SHOWN", "FORMULA", "RECORDS", "write_records"]

EVIL = "Evil\x1b[2J\x1b]0;owned\x07\u202eabc\r\x9b31m"  # clears the screen, sets the title, reverses, overwrites
EVIL_SHOWN = "Evil\\x1b[2J\\x1b]0;owned\\x07\\u202eabc\\r\\x9b31m"
FORMULA = '=HYPERLINK("http://example.invalid","open")'

RECORDS: list[dict[str, Any]] = [
    {"type": "source", "id": "source:wire", "title": "Wire\x1b]8;;http://example.invalid\x07", "language": "en"},
    {
        "type": "organization",
        "id": "org:evil",
        "name": EVIL,
        "names": [{"text": "%%{init: {'theme': 'dark'}}%%", "language": "en"}],
    },
    {"type": "organization", "id": "org:formula", "name": FORMULA, "description": "@SUM(A1)"},
    {"type": "person", "id": "person:dash", "name": "-", "description": "'quoted already"},
    {
        "type": "claim",
        "id": "claim:hint",
        "kind": "context",
        "subject": "org:evil",
        "statement": "+1 more\tindented",
        "evidence": [
            {"source": "source:wire", "quote": "-2+3 said\u2066x", "start": 5, "end": 16, "translation": "\tindented"}
        ],
    },
]


def write_records(folder: Path) -> Path:
    """The records as a data file in ``folder``, for the command line."""
    path = folder / "hostile.json"
    path.write_bytes(orjson.dumps({"records": RECORDS}))
    return path
