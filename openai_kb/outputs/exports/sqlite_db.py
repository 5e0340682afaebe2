"""The ``sqlite`` export: a SQLite database, one table per record family, references as foreign keys.

Tables (``docs/exports.md`` shows the whole schema):

- ``records(id, type, family, label)``: every record, so a reference that may point at records of
  several types (a claim's subject, who a fact is attributed to) has one table to point at;
- one table per family (``investors``, ``people``, ...), laid out as ``kb.table`` has it with the
  record's ``label`` after ``id`` (its primary key); a reference to one type points at that family's
  table, any other at ``records``. Several references (a round's participants) live in a link table
  ``<family>_<field>(record_id, position, target)``; the clauses of a field (a round's terms) in
  ``<family>_<field>`` (one column per field of its clauses), their references in
  ``<family>_<field>_<reference field>`` (``funding_rounds_terms_barred``);
- ``names(record_id, field, position, text, language, kind, prior)``: every name and title name;
- ``evidence(record_id, path, position, quote, start, end, translation, source_id, prefix, suffix)``:
  every quote, ``path`` saying whose it is (``$.evidence``, or ``$.terms[0].evidence`` for a term's).
  The family tables leave the evidence out (``kb.table``'s ``evidence_*`` columns): it is all here;
- ``field_values(record_id, field, position, value, assertion, attributed_to, attribution, source_id,
  quote)``: what each source says, one row per record, field, value and holding (``kb.values``: a
  source and how it holds the value): ``value`` is the JSON of the value as that source gives it, as
  a data file holds it, ``position`` its place among the field's values (0 is the one the record
  shows), ``quote`` the source's first quote for it (NULL for a version without evidence, which
  speaks for the source of its file). A value no source speaks for has one row, its source NULL.
  Where sources differ, a field has rows at several positions; where they only hold a value
  differently (stated, attributed), one position has a row for each. (Not ``values``: that is an
  SQL keyword.)

- ``texts(id, record_id, field, kind, language, text)``: every name, title name, quote and
  translation, one row each, with two FTS5 full-text indexes kept current by triggers
  (``_full_text``): ``texts_fts``, trigram (any script; a query of three characters or more), and
  ``texts_words_fts``, unicode61 over each text's words and runs of Chinese characters (two-character
  names: ``微软``). They need SQLite 3.34 or later built with FTS5: without it the export leaves them
  out and warns (``FullTextSearchWarning``);
- the view ``disagreements``: the fields on which sources differ, a row per value (``_disagreements``);
- views ``<table>_named``: a table whose rows hold ids without their labels (``evidence``,
  ``names``, the link tables...) with each referenced record's label beside its id
  (``record_label``, ``source_label``, ``target_label``), and a family with several references
  (``funding_rounds_named``) with their ids and labels joined with ``"; "``, as ``kb.table`` has them.

An amount is two columns: ``amount``, a number to sort, sum and compare (declared NUMERIC: an
INTEGER when the amount is whole and fits in 64 bits, else the nearest REAL), and ``amount_exact``,
the exact decimal as TEXT (``'6600000000'``; SQLite has no exact decimal). Flags are INTEGER 0 or 1,
times ISO 8601 TEXT. ``PRAGMA foreign_key_check`` finds nothing. A family's ``id`` and the provenance
references (``attributed_to``) declare no foreign key: Datasette lists every table that may point at
a row on that row's page, and these would add two dozen empty links to every record's. Identifiers are quoted, and every
value from the data goes in as a parameter: no text of the data is ever SQL.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from ...models import RECORD_TYPES, Name, Record, RecordTypes, Source
from ...reading._combining import PROVENANCE
from .._field_values import field_value_rows
from .._tabular import EXACT, Column, FieldKind, as_text, clause_columns, columns, quotes_of, table
from ._disagreements import disagreements_view
from ._full_text import FILL, full_text_statements, full_text_triggers
from ._sql import create, definition, insert, quote, sql_value, target_table

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = [
    "EXACT",
    "SCHEMA_VERSION",
    "FullTextSearchWarning",
    "full_text_search_available",
    "named_views",
    "sqlite_bytes",
    "sqlite_schema",
]

SCHEMA_VERSION = 6  # PRAGMA user_version; raised when the layout changes
# 2: evidence prefix, suffix; 3: field_values; 4: numeric amounts beside amount_exact, label, texts, views;
# 5: field_values by holding (attributed_to, attribution; a version without evidence has its file's source);
# 6: disagreements view, texts_words_fts, full-text triggers, no foreign keys from family ids and attributed_to

NAMED = "_named"
"""The suffix of a view that puts labels beside ids: ``evidence_named``, ``funding_rounds_named``."""


class FullTextSearchWarning(UserWarning):
    """The SQLite library cannot build the full-text index (FTS5 with the trigram tokenizer): the export has none."""


@cache
def full_text_search_available() -> bool:
    """Whether this Python's SQLite builds FTS5 tables with the trigram tokenizer (SQLite 3.34 or later)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


def sqlite_bytes(kb: RecordView) -> bytes:
    """The whole knowledge base as a SQLite database file's bytes (with its full-text index when SQLite can)."""
    full_text = full_text_search_available()
    if not full_text:
        warnings.warn(
            f"this Python's SQLite {sqlite3.sqlite_version} cannot build the full-text index (FTS5 with the "
            "trigram tokenizer needs SQLite 3.34 or later, built with FTS5): the export has no texts_fts; "
            "its texts table still answers LIKE queries",
            FullTextSearchWarning,
            stacklevel=2,
        )
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(_schema(kb.types, full_text=full_text, triggers=False))
        _fill(connection, kb)
        if full_text:  # every text indexed at once, then the triggers that index rows added later
            connection.executescript(FILL + "\n" + "\n".join(full_text_triggers()))
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the knowledge base checked every reference: this is a bug in the export
            raise RuntimeError(f"the SQLite export broke its own foreign keys: {problems[:5]}")
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def sqlite_schema(types: RecordTypes = RECORD_TYPES, *, full_text: bool = True) -> str:
    """The ``CREATE`` statements of the export of records of ``types`` (tables, the index, views), in order.

    ``full_text=False`` leaves out the FTS5 tables, for a SQLite without them.
    """
    return _schema(types, full_text=full_text, triggers=True)


def _schema(types: RecordTypes, *, full_text: bool, triggers: bool) -> str:
    statements = [
        f"PRAGMA user_version = {SCHEMA_VERSION};",
        create(
            "records",
            ['"id" TEXT PRIMARY KEY', '"type" TEXT NOT NULL', '"family" TEXT NOT NULL', '"label" TEXT NOT NULL'],
        ),
    ]
    for family in types.families:
        statements.extend(_family_tables(family, types))
    statements.append(
        create(
            "names",
            [
                '"record_id" TEXT NOT NULL REFERENCES "records"("id")',
                '"field" TEXT NOT NULL',
                '"position" INTEGER NOT NULL',
                '"text" TEXT NOT NULL',
                '"language" TEXT NOT NULL',
                '"kind" TEXT NOT NULL',
                '"prior" REAL',
                'PRIMARY KEY ("record_id", "field", "position")',
            ],
        )
    )
    statements.append(
        create(
            "evidence",
            [
                '"record_id" TEXT NOT NULL REFERENCES "records"("id")',
                '"path" TEXT NOT NULL',
                '"position" INTEGER NOT NULL',
                '"quote" TEXT NOT NULL',
                '"start" INTEGER NOT NULL',
                '"end" INTEGER NOT NULL',
                '"translation" TEXT',
                '"source_id" TEXT NOT NULL REFERENCES "sources"("id")',
                '"prefix" TEXT',
                '"suffix" TEXT',
                'PRIMARY KEY ("record_id", "path", "position")',
            ],
        )
    )
    statements.append(
        create(
            "field_values",
            [
                '"record_id" TEXT NOT NULL REFERENCES "records"("id")',
                '"field" TEXT NOT NULL',
                '"position" INTEGER NOT NULL',
                '"value" TEXT NOT NULL',
                '"assertion" TEXT',
                '"attributed_to" TEXT',
                '"attribution" TEXT',
                '"source_id" TEXT REFERENCES "sources"("id")',
                '"quote" TEXT',
                'UNIQUE ("record_id", "field", "position", "source_id", "assertion", "attributed_to", "attribution")',
            ],
        )
    )
    statements.append(
        create(
            "texts",
            [
                '"id" INTEGER PRIMARY KEY',
                '"record_id" TEXT NOT NULL REFERENCES "records"("id")',
                '"field" TEXT NOT NULL',
                '"kind" TEXT NOT NULL',
                '"language" TEXT',
                '"text" TEXT NOT NULL',
            ],
        )
    )
    if full_text:
        statements.extend(full_text_statements(triggers=triggers))
    statements.extend(_view(name, sql) for name, sql in named_views(types).items())
    statements.append(disagreements_view())
    return "\n".join(statements) + "\n"


def named_views(types: RecordTypes = RECORD_TYPES) -> dict[str, str]:
    """Each ``_named`` view and its ``SELECT``: labels beside the ids of every table that holds ids bare."""
    views: dict[str, str] = {}
    for family in types.families:
        several = _fields(family, "references", types)
        if several:
            views[family + NAMED] = _aggregated(family, several)
        for field in several:
            views[f"{family}_{field}{NAMED}"] = _labelled(f"{family}_{field}", ["record_id", "target"])
        for field in _fields(family, "terms", types):
            views[f"{family}_{field}{NAMED}"] = _labelled(f"{family}_{field}", ["record_id"])
            for column in _clause_links(family, field, types):
                table_name = f"{family}_{field}_{column.field}"
                views[table_name + NAMED] = _labelled(table_name, ["record_id", "target"])
    for name, references in _PLAIN_TABLES.items():
        views[name + NAMED] = _labelled(name, references)
    return views


_PLAIN_TABLES = {
    "names": ["record_id"],
    "evidence": ["record_id", "source_id"],
    "field_values": ["record_id", "source_id", "attributed_to"],
    "texts": ["record_id"],
}


def _labelled(table_name: str, references: Sequence[str]) -> str:
    """Every row of a table with a label after it for each reference (``record_id`` -> ``record_label``)."""
    labels = [
        f'r{index}."label" AS {quote(name.removesuffix("_id") + "_label")}' for index, name in enumerate(references)
    ]
    joins = [
        f'LEFT JOIN "records" AS r{index} ON r{index}."id" = t.{quote(name)}' for index, name in enumerate(references)
    ]
    return f"SELECT t.*, {', '.join(labels)}\nFROM {quote(table_name)} AS t\n" + "\n".join(joins)


def _aggregated(family: str, fields: Sequence[str]) -> str:
    """A family's rows with each field of several references as ids and labels joined with ``"; "``, in order."""
    cells: list[str] = []
    for field in fields:
        link = quote(f"{family}_{field}")
        for column, value, join in (
            (field, 'l."target"', ""),
            (f"{field}_label", 'r."label"', ' JOIN "records" AS r ON r."id" = l."target"'),
        ):
            ordered = f'SELECT {value} AS v FROM {link} AS l{join} WHERE l."record_id" = t."id" ORDER BY l."position"'
            cells.append(f"(SELECT group_concat(v, '; ') FROM ({ordered})) AS {quote(column)}")
    return f"SELECT t.*, {', '.join(cells)}\nFROM {quote(family)} AS t"


def _view(name: str, select: str) -> str:
    return f"CREATE VIEW {quote(name)} AS\n{select};"


def _family_tables(family: str, types: RecordTypes) -> Iterator[str]:
    definitions = ['"id" TEXT PRIMARY KEY', '"label" TEXT NOT NULL']
    for column in _stored(family, types):
        if column.name == "id":
            continue
        if column.holds == "decimal":  # the number to sort and sum, and the exact text beside it
            definitions.extend((f"{quote(column.name)} NUMERIC", f"{quote(column.name + EXACT)} TEXT"))
            continue
        provenance = column.field in PROVENANCE  # who a fact is attributed to: its label column is beside it
        definitions.append(definition(column, types, keyed=not provenance))
    yield create(family, definitions)
    for column in columns(family, types):
        if column.kind == "references" and column.targets is not None:
            yield create(f"{family}_{column.field}", _link_columns(family, target_table(column.targets, types)))
    for field in _fields(family, "terms", types):
        yield from _clause_tables(family, field, types)


def _link_columns(owner: str, target: str) -> list[str]:
    return [
        f'"record_id" TEXT NOT NULL REFERENCES {quote(owner)}("id")',
        '"position" INTEGER NOT NULL',
        f'"target" TEXT NOT NULL REFERENCES {quote(target)}("id")',
        'PRIMARY KEY ("record_id", "position")',
    ]


def _clause_tables(family: str, field: str, types: RecordTypes) -> Iterator[str]:
    """The table of a field's clauses, a row each (``kind``, the tag every clause has, first), and its link tables."""
    clauses = f"{family}_{field}"
    definitions = [f'"record_id" TEXT NOT NULL REFERENCES {quote(family)}("id")', '"position" INTEGER NOT NULL']
    definitions += [
        definition(column, types, column.field == "kind") for column in _clause_values(family, field, types)
    ]
    yield create(clauses, [*definitions, 'PRIMARY KEY ("record_id", "position")'])
    for column in _clause_links(family, field, types):
        yield create(
            f"{clauses}_{column.field}",
            [
                '"record_id" TEXT NOT NULL',
                '"term_position" INTEGER NOT NULL',
                '"position" INTEGER NOT NULL',
                f'"target" TEXT NOT NULL REFERENCES {quote(target_table(column.targets or frozenset(), types))}("id")',
                'PRIMARY KEY ("record_id", "term_position", "position")',
                f'FOREIGN KEY ("record_id", "term_position") REFERENCES {quote(clauses)}("record_id", "position")',
            ],
        )


def _clause_values(family: str, field: str, types: RecordTypes) -> list[Column]:
    """The columns of a field's clauses kept in its table (a tuple of references has a table of its own)."""
    return [column for column in clause_columns(types[types.families[family]], field) if column.kind != "references"]


def _clause_links(family: str, field: str, types: RecordTypes) -> list[Column]:
    """The references of a field's clauses held in tables of their own: ``funding_rounds_terms_barred``."""
    return [column for column in clause_columns(types[types.families[family]], field) if column.kind == "references"]


def _fill(connection: sqlite3.Connection, kb: RecordView) -> None:
    types = kb.types
    connection.executemany(
        'INSERT INTO "records" VALUES (?, ?, ?, ?)',
        [(record.id, record.type, types.family(record.type), kb.label(record)) for record in kb],
    )
    for family, type_name in types.families.items():
        records: list[Record] = kb.records(types[type_name])
        stored = _stored(family, types)
        sql_names = ["id", "label"]
        for column in stored[1:]:
            sql_names.extend((column.name, column.name + EXACT) if column.holds == "decimal" else (column.name,))
        labels = [kb.label(record) for record in records]
        rows = (_family_row(row, stored, label) for label, row in zip(labels, table(kb, family), strict=True))
        insert(connection, family, sql_names, rows)
        for field in _fields(family, "references", types):
            links = [(r.id, position, target) for r in records for position, target in enumerate(getattr(r, field))]
            insert(connection, f"{family}_{field}", ["record_id", "position", "target"], links)
        for field in _fields(family, "terms", types):
            _fill_clauses(connection, family, field, records, types)
        for field in _fields(family, "names", types):
            names = [
                (record.id, field, position, name.text, name.language, name.kind, name.prior)
                for record in records
                for position, name in enumerate(getattr(record, field))
            ]
            insert(connection, "names", _NAME_COLUMNS, names)
    evidence = [
        (record.id, path, position, e.quote, e.start, e.end, e.translation, e.source, e.prefix, e.suffix)
        for record in kb
        for path, position, e in quotes_of(record)
    ]
    insert(connection, "evidence", _EVIDENCE_COLUMNS, evidence)
    insert(connection, "field_values", _VALUE_COLUMNS, field_value_rows(kb))
    insert(connection, "texts", ["record_id", "field", "kind", "language", "text"], _texts(kb))


def _family_row(row: dict[str, object], stored: Sequence[Column], label: str) -> list[object]:
    """A family table's row: id, label, then each cell (an amount as its number and its exact text)."""
    cells: list[object] = [row["id"], label]
    for column in stored[1:]:
        value = row[column.name]
        if column.holds == "decimal":
            cells.extend((_number(value), sql_value(value)))
        else:
            cells.append(sql_value(value))
    return cells


def _number(value: object) -> int | float | None:
    """An amount as SQLite compares it: an integer when whole and within 64 bits, else the nearest float."""
    if not isinstance(value, Decimal):
        return None
    if value == value.to_integral_value() and -(2**63) <= value < 2**63:
        return int(value)
    return float(value)


def _texts(kb: RecordView) -> Iterator[tuple[object, ...]]:
    """What full-text search reads: each record's names and title names, then its quotes and their translations."""
    types = kb.types
    for record in kb:
        family = types.family(record.type)
        found: dict[tuple[str, str | None, str], str] = {}  # (field, language, text): kind; the first kind stays
        for field in _fields(family, "names", types):
            names: tuple[Name, ...] = getattr(record, field)
            for name in names:
                found.setdefault((field, name.language, name.text), name.kind)
            primary = getattr(record, "name" if field == "names" else field.removesuffix("_names"), None)
            if isinstance(primary, str):
                found.setdefault((field, "en", primary), "canonical")
        for _, _, span in quotes_of(record):
            source = kb.get(span.source)
            found.setdefault(("evidence", source.language if isinstance(source, Source) else None, span.quote), "quote")
            if span.translation is not None:
                found.setdefault(("evidence", "en", span.translation), "translation")
        for (field, language, text), kind in found.items():
            yield record.id, field, kind, language, text


_NAME_COLUMNS = ["record_id", "field", "position", "text", "language", "kind", "prior"]
_EVIDENCE_COLUMNS = [
    "record_id", "path", "position", "quote", "start", "end", "translation", "source_id", "prefix", "suffix"
]  # fmt: skip
_VALUE_COLUMNS = [
    "record_id", "field", "position", "value", "assertion", "attributed_to", "attribution", "source_id", "quote"
]  # fmt: skip


def _fill_clauses(
    connection: sqlite3.Connection, family: str, field: str, records: Sequence[Record], types: RecordTypes
) -> None:
    values, links = _clause_values(family, field, types), _clause_links(family, field, types)
    rows: list[tuple[object, ...]] = []
    linked: dict[str, list[tuple[object, ...]]] = {column.field: [] for column in links}
    for record in records:
        for position, clause in enumerate(getattr(record, field)):
            rows.append((record.id, position, *(_clause_cell(clause, column) for column in values)))
            for column in links:
                targets = getattr(clause, column.field, ())
                linked[column.field].extend(
                    (record.id, position, index, target) for index, target in enumerate(targets)
                )
    insert(connection, f"{family}_{field}", ["record_id", "position", *(column.name for column in values)], rows)
    for name, link_rows in linked.items():
        insert(connection, f"{family}_{field}_{name}", ["record_id", "term_position", "position", "target"], link_rows)


def _clause_cell(clause: object, column: Column) -> object:
    value = getattr(clause, column.field, None)
    return as_text(value) if column.kind == "other" else sql_value(value)


def _stored(family: str, types: RecordTypes) -> list[Column]:
    """A family table's columns: ``kb.table``'s, less those kept in link tables and ``evidence``."""
    return [column for column in columns(family, types) if column.kind not in ("references", "evidence")]


def _fields(family: str, kind: FieldKind, types: RecordTypes) -> list[str]:
    """The fields of a family spread as ``kind`` (``"references"``, ``"names"``...), in order."""
    return list(dict.fromkeys(column.field for column in columns(family, types) if column.kind == kind))
