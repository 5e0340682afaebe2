"""Exports: the knowledge base as JSON, JSON Lines, CSV, SQLite or JSON-LD, as text or into files.

``export(kb, format)`` returns the export (text; bytes for ``sqlite``); ``export(kb, format, path)``
writes it and returns None; ``export(kb, "sqlite", folder, datasette=True)`` writes the database and
Datasette's ``metadata.json`` into a folder. Every file is written atomically: to a temporary file beside it,
flushed to disk, then renamed over it, so an interrupted export leaves the old file whole. Only a
regular file (or a new name) is replaced; a device, a pipe or a socket is refused (``SaveError``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from ..._arguments import optional_path_argument
from ...errors import QueryError
from ...reading._atomic import encoded, write_atomically
from .._tabular import table_name
from .csv_tables import all_records_csv_text, csv_text, write_csv_folder
from .datasette import write_datasette
from .json_data import json_bytes
from .json_ld import jsonld_bytes
from .json_lines import jsonl_bytes
from .sqlite_db import sqlite_bytes

if TYPE_CHECKING:
    from ...models import Record
    from ...view import RecordView

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
def export(
    kb: RecordView, format: TextFormat, path: None = None, *, kind: str | None = None, excel: bool = False
) -> str: ...


@overload
def export(
    kb: RecordView,
    format: str,
    path: StrPath,
    *,
    kind: str | None = None,
    excel: bool = False,
    datasette: bool = False,
) -> None: ...


@overload
def export(
    kb: RecordView,
    format: str,
    path: StrPath | None = None,
    *,
    kind: str | None = None,
    excel: bool = False,
    datasette: bool = False,
) -> str | bytes | None: ...


def export(
    kb: RecordView,
    format: str,
    path: StrPath | None = None,
    *,
    kind: str | None = None,
    excel: bool = False,
    datasette: bool = False,
) -> str | bytes | None:
    """Export ``kb`` as ``format`` (one of ``FORMATS``): returned without ``path``, written to it with one.

    - ``json``: one data file, which ``openai_kb.load`` reads back to equal records;
    - ``jsonl``: one record a line, each as in a data file;
    - ``csv``: ``kind`` names one family (``"investors"``, or ``"evidence"``: every quote) for its CSV
      text, or its file at ``path``; without ``kind``, ``path`` is a folder that receives
      ``<family>.csv`` for every family and ``evidence.csv``, and without either, every record comes
      back in one table (a ``family`` column first). ``excel=True`` starts each with a byte-order mark;
    - ``sqlite``: the database file (bytes without ``path``); with ``datasette=True``, ``path`` is a
      folder that receives ``openai-kb.db`` and Datasette's ``metadata.json``;
    - ``jsonld``: JSON-LD with an embedded ``@context``.
    """
    if not isinstance(format, str):
        raise TypeError(f"export() expects the format as a str, not {type(format).__name__}")
    target = optional_path_argument(path, "export()")
    if kind is not None and not isinstance(kind, str):
        raise TypeError(f"export() expects the kind as a str or None, not {type(kind).__name__}")
    for flag, value in (("excel", excel), ("datasette", datasette)):
        if not isinstance(value, bool):
            raise TypeError(f"export() expects {flag} as a bool, not {type(value).__name__}")
    if format not in FORMATS:
        raise QueryError(f"unknown export format {format!r}; formats: {', '.join(FORMATS)}")
    if excel and format != "csv":
        raise QueryError(f"excel applies to the csv format only (a byte-order mark for Excel), not {format}")
    if datasette and format != "sqlite":
        raise QueryError(f"datasette applies to the sqlite format only, not {format}")
    if format == "csv":
        return _export_csv(kb, target, kind, excel)
    if kind is not None:
        raise QueryError(
            f"kind applies to the csv format only (one family's table); a {format} export holds every record"
        )
    if datasette:
        if target is None:
            raise QueryError("datasette=True needs a path: the folder that receives the database and metadata.json")
        write_datasette(kb, target, records=_versions(kb))
        return None
    whole = _WHOLE[format]
    if target is not None:
        write_atomically(target, lambda: whole(kb), records=_versions(kb))
        return None
    data = encoded(lambda: whole(kb), f"cannot export as {format}", _versions(kb))
    return data if format == "sqlite" else data.decode("utf-8")


def _versions(kb: RecordView) -> Iterator[Record]:
    """Every version of every record, read only when an export fails: to name the one that made it fail."""
    return (item.record for item in kb.origins())


def _export_csv(kb: RecordView, path: Path | None, kind: str | None, excel: bool) -> str | None:
    if kind is None:
        if path is None:
            return encoded(lambda: all_records_csv_text(kb, excel=excel), "cannot export as csv", _versions(kb))
        write_csv_folder(kb, path, excel=excel, records=_versions(kb))
        return None
    name = table_name(kind, "export()", kb.types)
    if path is None:
        return encoded(lambda: csv_text(kb, name, excel=excel), "cannot export as csv", _versions(kb))
    write_atomically(path, lambda: csv_text(kb, name, excel=excel).encode("utf-8"), records=_versions(kb))
    return None
