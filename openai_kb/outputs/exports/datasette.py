"""The SQLite export ready for Datasette: the database and a ``metadata.json`` beside it, in one folder.

``datasette FOLDER`` (configuration directory mode) then serves the database as ``openai-kb`` with
a front page that opens on the families the article is about, where sources disagree and the search
box; titles and descriptions for every table, view and column (from the models' docstrings and
field descriptions, ``_datasette_tables``), each table's ``label`` as the text shown for links to its
records, the amounts sorted largest first, full-text search on ``texts`` that finds two-character
Chinese names, canned queries (where sources disagree, what each source says, the largest
investments, who left when), every source with its address, and a license note. Everything here is
derived from the record types, so a user's own types get theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ...models import Competition, Departure, Investment, Record, Source, Valuation
from ...reading._atomic import Content, write_folder_atomically
from ._datasette_tables import canned_queries, described_tables
from ._disagreements import DISAGREEMENTS
from .sqlite_db import sqlite_bytes

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["DATABASE", "datasette_config", "datasette_metadata", "write_datasette"]

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
    """Write ``openai-kb.db``, ``metadata.json`` and ``datasette.json`` into ``folder`` (created when missing),
    all or none.

    ``metadata.json`` is what Datasette 0.x reads; Datasette 1.0 reads the canned queries from
    ``datasette.json`` (its configuration) and the rest from ``metadata.json``. ``records`` are
    those written, read only to name the one that made encoding fail.
    """
    metadata = datasette_metadata(kb, title=title, license=license, license_url=license_url)
    config = datasette_config(kb)
    files: list[tuple[str, Content]] = [
        (f"{DATABASE}.db", lambda: sqlite_bytes(kb)),
        ("metadata.json", lambda: orjson.dumps(metadata, option=_JSON)),
        ("datasette.json", lambda: orjson.dumps(config, option=_JSON)),
    ]
    return write_folder_atomically(folder, files, records=records)


_JSON = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def datasette_config(kb: RecordView) -> dict[str, Any]:
    """Datasette 1.0's configuration for the export of ``kb`` (``datasette.json``): its canned queries."""
    return {"databases": {DATABASE: {"queries": canned_queries(kb.types)}}}


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
            "Chinese or English, in the texts table (微软 and 穆拉蒂 alike)."
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
        urls = list(dict.fromkeys(str(source.url) for source in sources if source.url))
        if len(urls) == 1:  # the footer links the whole source text to it: right only for one address
            metadata["source_url"] = urls[0]
    front = _front_page(kb, metadata["description"], sources)
    metadata["description_html"] = front
    metadata["databases"] = {
        DATABASE: {
            "description_html": front,
            "tables": described_tables(kb.types),
            "queries": canned_queries(kb.types),
        }
    }
    return metadata


_ARTICLE = (Investment, Departure, Valuation, Competition)
"""The four families the bundled article is about, which the front page lists first when the types hold them."""


def _front_page(kb: RecordView, description: str, sources: Sequence[Source]) -> str:
    """The front page's text: the families (the article's four first), the queries, the search, the sources.

    Links are relative to the front page and to the database's page alike (``openai-kb/...``).
    """
    types = kb.types
    families = [*(model.family for model in _ARTICLE if model.family in types.families), *types.families]
    counts = {family: len(kb.records(types[types.families[family]])) for family in types.families}
    links = ", ".join(
        _link(family, f"{family.replace('_', ' ').capitalize()} ({counts[family]})")
        for family in dict.fromkeys(families)
    )
    queries = ", ".join(_link(name, query["title"]) for name, query in canned_queries(types).items())
    parts = [
        f"<p>{escape(description)}</p>",
        f"<p>Tables: {links}; and {_link('records', 'every record')}.</p>",
        f"<p>Queries: {queries}; the view {_link(DISAGREEMENTS, DISAGREEMENTS)}.</p>",
        f"<p>Search names and quotes, Chinese or English, two-character names too: {_link('texts', 'texts')}.</p>",
    ]
    cited = [_source_html(source) for source in sources]
    if cited:
        parts.append(f"<p>Sources: {'; '.join(cited)}.</p>")
    return "\n".join(parts)


def _link(path: str, text: str) -> str:
    return f'<a href="{escape(DATABASE)}/{escape(path)}">{escape(text)}</a>'


def _source_html(source: Source) -> str:
    text = escape(_source_text(source))
    return f'<a href="{escape(str(source.url))}">{text}</a>' if source.url else text


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
