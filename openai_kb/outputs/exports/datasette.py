"""The SQLite export ready for Datasette: the database and a ``metadata.json`` beside it, in one folder.

``datasette FOLDER`` (configuration directory mode) then serves the database as ``openai-kb`` with
titles and descriptions for every table, view and column (from the models' docstrings and field
descriptions), each table's ``label`` as the text shown for links to its records, the amounts
sorted largest first, full-text search on ``texts``, the sources as the data's source and a
license note. Everything here is derived from the record types, so a user's own types get theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ...models import Evidence, Money, Quantity, Record, RecordTypes, Source
from ...reading._atomic import Content, write_folder_atomically
from .._tabular import Column, columns
from . import sqlite_db
from .sqlite_db import EXACT, NAMED, named_views, sqlite_bytes

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["DATABASE", "datasette_metadata", "write_datasette"]

DATABASE = "openai-kb"
"""The database's name in Datasette: the folder gets ``openai-kb.db``."""


def write_datasette(
    kb: RecordView,
    folder: Path,
    *,
    title: str | None = None,
    license: str | None = None,
    license_url: str | None = None,
    records: Iterable[Record] = (),
) -> list[Path]:
    """Write ``openai-kb.db`` and ``metadata.json`` into ``folder`` (created when missing), both or neither.

    ``records`` are those written, read only to name the one that made encoding fail.
    """
    metadata = datasette_metadata(kb, title=title, license=license, license_url=license_url)
    files: list[tuple[str, Content]] = [
        (f"{DATABASE}.db", lambda: sqlite_bytes(kb)),
        ("metadata.json", lambda: orjson.dumps(metadata, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)),
    ]
    return write_folder_atomically(folder, files, records=records)


def datasette_metadata(
    kb: RecordView,
    *,
    title: str | None = None,
    license: str | None = None,
    license_url: str | None = None,
) -> dict[str, Any]:
    """Datasette's metadata for the SQLite export of ``kb``, as a dict to write as ``metadata.json``.

    ``license`` defaults to a note that the quotes remain their publishers'; pass the license of
    data of your own (and ``license_url``) to state it.
    """
    sources = kb.records(Source)
    publishers = list(dict.fromkeys(source.publisher for source in sources if source.publisher))
    metadata: dict[str, Any] = {
        "title": title or "openai-kb",
        "description": (
            f"{len(kb)} records from {_count(len(sources), 'source')}. Every fact cites its source with a "
            "verbatim quote and its character offsets (the evidence table). Search any name or quote, "
            "Chinese or English, in the texts table (three characters or more)."
        ),
        "license": license
        or (
            f"Quoted passages remain their publishers' ({', '.join(publishers) or 'see the sources table'}), "
            "cited as evidence for the records"
        ),
    }
    if license_url:
        metadata["license_url"] = license_url
    if sources:
        metadata["source"] = "; ".join(_source_text(source) for source in sources)
        url = next((source.url for source in sources if source.url), None)
        if url:
            metadata["source_url"] = str(url)
    metadata["databases"] = {DATABASE: {"tables": _tables(kb.types)}}
    return metadata


def _tables(types: RecordTypes) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {
        "records": {
            "title": "Records",
            "description": "Every record: its id, type, family and one-line label.",
            "label_column": "label",
        }
    }
    for family, type_name in types.families.items():
        model = types[type_name]
        family_columns = columns(family, types)
        described = {"id": _field_description(model, "id"), "label": _LABEL}
        for column in family_columns[1:]:
            if column.kind in ("references", "evidence"):  # kept in link tables and in evidence
                continue
            described.update(_described(model, column))
        table: dict[str, Any] = {
            "title": _title(family),
            "description": _docstring(model),
            "label_column": "label",
            "columns": {name: text for name, text in described.items() if text},
        }
        amount = next((column.name for column in family_columns if column.holds == "decimal"), None)
        if amount is not None:
            table["sort_desc"] = amount
        tables[family] = table
    tables.update(_FIXED)
    if sqlite_db.full_text_search_available():  # looked up here, so the metadata says what the export has
        tables["texts"] = {**tables["texts"], "fts_table": "texts_fts", "fts_pk": "id"}
    for view in named_views(types):
        shown = view.removesuffix(NAMED)
        tables[view] = {
            "title": f"{_title(shown)}, named",
            "description": f"{shown} with the label of every record it refers to beside its id.",
        }
    return tables


_LABEL = "The record's one-line label, shown by Datasette wherever another table links to this record."

_FIXED: dict[str, dict[str, Any]] = {
    "names": {
        "title": "Names",
        "description": "Every name and title name of a record, in every language and script, in order.",
    },
    "evidence": {
        "title": "Evidence",
        "description": (
            "Every quote, one row each: the quoting record, where the quote sits in it (path, position), "
            "the verbatim span of the source and its code-point offsets."
        ),
        "columns": {
            "record_id": "The record the quote supports.",
            "path": "Where the quote sits in the record: $.evidence, or $.terms[0].evidence for a round's term.",
            "position": "Its place among the quotes at that path.",
            "source_id": "The source quoted.",
            **{
                name: Evidence.model_fields[name].description
                for name in ("quote", "start", "end", "translation", "prefix", "suffix")
            },
        },
    },
    "field_values": {
        "title": "What each source says",
        "description": (
            "One row per record, field, value and holding (a source and how it holds the value): value is the "
            "JSON of the value as that source gives it, position 0 the one the record shows; several positions "
            "mean the sources differ."
        ),
    },
    "texts": {
        "title": "Searchable texts",
        "description": (
            "Every name, title name, quote and translation, one row each, for full-text search "
            "(trigram: any script; three characters or more; use the text contains filter for shorter)."
        ),
        "facets": ["field", "kind", "language"],
    },
}


def _described(model: type[Record], column: Column) -> dict[str, str | None]:
    """The description of each SQLite column a table column becomes (an amount becomes two)."""
    field = column.field
    if column.kind == "reference" and column.name != field:
        return {column.name: f"The label of the record in {field}."}
    if column.kind == "amount":
        if column.name == field:
            return {
                column.name: "The figure as a number (an integer when whole) to sort, sum and compare.",
                column.name + EXACT: "The figure's exact decimal, as text.",
            }
        part = column.name.removeprefix(f"{field}_")
        return {column.name: {**Money.model_fields, **Quantity.model_fields}[part].description}
    if column.kind == "names":
        return {column.name: _names_description(column.name)}
    return {column.name: _field_description(model, field)}


def _names_description(name: str) -> str:
    if name.endswith("_aliases"):
        return "Every other name, joined with '; '."
    script = "Simplified" if name.endswith("_hans") else "Traditional"
    return f"The first {script} Chinese one."


def _field_description(model: type[Record], field: str) -> str | None:
    info = model.model_fields.get(field)
    return None if info is None else info.description


def _docstring(model: type[Record]) -> str:
    return (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _source_text(source: Source) -> str:
    parts: Sequence[str | None] = (source.publisher, f"“{source.title}”", _published(source))
    return ", ".join(part for part in parts if part)


def _published(source: Source) -> str | None:
    published = source.published
    if published is None:
        return None
    return published if isinstance(published, str) else published.date().isoformat()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
