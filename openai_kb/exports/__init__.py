"""Exports: the knowledge base as JSON, JSON Lines, CSV, SQLite or JSON-LD, as text or into files.

``export(kb, format)`` returns the export (text; bytes for ``sqlite``); ``export(kb, format, path)``
writes it and returns None. Every file is written atomically: to a temporary file beside it,
flushed to disk, then renamed over it, so an interrupted export leaves the old file whole. Only a
regular file (or a new name) is replaced; a device, a pipe or a socket is refused (``SaveError``).
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from ..arguments import optional_path_argument
from ..atomic import write_atomically
from ..errors import QueryError
from ..tabular import family_of
from .csv_tables import all_records_csv_text, csv_text, write_csv_folder
from .json_data import json_bytes
from .json_ld import jsonld_bytes
from .json_lines import jsonl_bytes
from .sqlite_db import sqlite_bytes

if TYPE_CHECKING:
    from ..view import RecordView

__all__ = ["FORMATS", "csv_text", "export"]

FORMATS = ("json", "jsonl", "csv", "sqlite", "jsonld")
"""The export formats, by the name ``export`` takes."""

TextFormat = Literal["json", "jsonl", "csv", "jsonld"]
StrPath = str | PathLike[str]

_WHOLE: dict[str, Callable[[RecordView], bytes]] = {
    "json": json_bytes,
    "jsonl": jsonl_bytes,
    "sqlite": sqlite_bytes,
    "jsonld": jsonld_bytes,
}


@overload
def export(kb: RecordView, format: Literal["sqlite"], path: None = None) -> bytes: ...


@overload
def export(kb: RecordView, format: TextFormat, path: None = None, *, kind: str | None = None) -> str: ...


@overload
def export(kb: RecordView, format: str, path: StrPath, *, kind: str | None = None) -> None: ...


@overload
def export(
    kb: RecordView, format: str, path: StrPath | None = None, *, kind: str | None = None
) -> str | bytes | None: ...


def export(kb: RecordView, format: str, path: StrPath | None = None, *, kind: str | None = None) -> str | bytes | None:
    """Export ``kb`` as ``format`` (one of ``FORMATS``): returned without ``path``, written to it with one.

    - ``json``: one data file, which ``openai_kb.load`` reads back to equal records;
    - ``jsonl``: one record a line, each as in a data file;
    - ``csv``: ``kind`` names one family (``"investors"``) for its CSV text, or its file at ``path``;
      without ``kind``, ``path`` is a folder that receives ``<family>.csv`` for every family, and
      without either, every record comes back in one table (a ``family`` column first);
    - ``sqlite``: the database file (bytes without ``path``);
    - ``jsonld``: JSON-LD with an embedded ``@context``.
    """
    if not isinstance(format, str):
        raise TypeError(f"export() expects the format as a str, not {type(format).__name__}")
    target = optional_path_argument(path, "export()")
    if kind is not None and not isinstance(kind, str):
        raise TypeError(f"export() expects the kind as a str or None, not {type(kind).__name__}")
    if format not in FORMATS:
        raise QueryError(f"unknown export format {format!r}; formats: {', '.join(FORMATS)}")
    if format == "csv":
        return _export_csv(kb, target, kind)
    if kind is not None:
        raise QueryError(
            f"kind applies to the csv format only (one family's table); a {format} export holds every record"
        )
    data = _WHOLE[format](kb)
    if target is not None:
        write_atomically(target, data)
        return None
    return data if format == "sqlite" else data.decode("utf-8")


def _export_csv(kb: RecordView, path: Path | None, kind: str | None) -> str | None:
    if kind is None:
        if path is None:
            return all_records_csv_text(kb)
        write_csv_folder(kb, path)
        return None
    text = csv_text(kb, family_of(kind, "export()", kb.types))
    if path is None:
        return text
    write_atomically(path, text.encode("utf-8"))
    return None
