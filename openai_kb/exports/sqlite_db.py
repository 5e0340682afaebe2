"""The ``sqlite`` export: a SQLite database, one table per record family, references as foreign keys.

Tables (``docs/exports.md`` shows the whole schema):

- ``records(id, type, family, label)``: every record, so a reference that may point at records of
  several types (a claim's subject, who a fact is attributed to) has one table to point at;
- one table per family (``investors``, ``people``, ...), named and laid out as ``kb.table`` has it,
  ``id`` its primary key; a reference to one type points at that family's table, any other at
  ``records``. Several references (a round's participants) live in a link table
  ``<family>_<field>(record_id, position, target)``, and a round's terms in ``<family>_terms`` and
  ``<family>_terms_barred``;
- ``names(record_id, field, position, text, language, kind, prior)``: every name and title name;
- ``evidence(record_id, path, position, quote, start, end, translation, source_id, prefix, suffix)``:
  every quote, ``path`` saying whose it is (``$.evidence``, or ``$.terms[0].evidence`` for a term's).
  The family tables leave the evidence out (``kb.table``'s ``evidence_*`` columns): it is all here;
- ``field_values(record_id, field, position, value, assertion, source_id, quote)``: what each
  source says, one row per record, field, value and source (``kb.values``): ``value`` is the JSON
  of the value as a data file holds it, ``position`` its place among the field's values (0 is the
  one the record shows), ``quote`` the source's first quote for it. A value no quote supports (a
  source's own fields, an entity described without quotes) has one row, its source NULL. Where
  sources differ, a field has rows at several positions. (Not ``values``: that is an SQL keyword.)

Amounts are TEXT holding the exact decimal (``'6600000000'``): SQLite's numbers are 64-bit
integers or binary floats, and a NUMERIC column would turn ``'0.1'`` into an inexact float. Flags
are INTEGER 0 or 1, times ISO 8601 TEXT. ``PRAGMA foreign_key_check`` finds nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import orjson
from pydantic_core import to_jsonable_python

from ..combining import Value, gives
from ..models import RECORD_TYPES, Evidence, ExclusivityClause, Record, RecordTypes
from ..tabular import Column, FieldKind, columns, table

if TYPE_CHECKING:
    from ..view import RecordView

__all__ = ["SCHEMA_VERSION", "sqlite_bytes", "sqlite_schema"]

SCHEMA_VERSION = 3  # PRAGMA user_version; raised when the layout changes (2: evidence prefix, suffix; 3: field_values)

_SQL_TYPES = {
    "text": "TEXT",
    "date": "TEXT",
    "datetime": "TEXT",
    "date_or_datetime": "TEXT",
    "decimal": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "number": "REAL",
}


def sqlite_bytes(kb: RecordView) -> bytes:
    """The whole knowledge base as a SQLite database file's bytes."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(sqlite_schema(kb.types))
        _fill(connection, kb)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the knowledge base checked every reference: this is a bug in the export
            raise RuntimeError(f"the SQLite export broke its own foreign keys: {problems[:5]}")
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def sqlite_schema(types: RecordTypes = RECORD_TYPES) -> str:
    """The ``CREATE TABLE`` statements of the export of records of ``types``, in the order they run."""
    statements = [
        f"PRAGMA user_version = {SCHEMA_VERSION};",
        _create(
            "records",
            ['"id" TEXT PRIMARY KEY', '"type" TEXT NOT NULL', '"family" TEXT NOT NULL', '"label" TEXT NOT NULL'],
        ),
    ]
    for family in types.families:
        statements.extend(_family_tables(family, types))
    statements.append(
        _create(
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
        _create(
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
        _create(
            "field_values",
            [
                '"record_id" TEXT NOT NULL REFERENCES "records"("id")',
                '"field" TEXT NOT NULL',
                '"position" INTEGER NOT NULL',
                '"value" TEXT NOT NULL',
                '"assertion" TEXT',
                '"source_id" TEXT REFERENCES "sources"("id")',
                '"quote" TEXT',
                'UNIQUE ("record_id", "field", "position", "source_id")',
            ],
        )
    )
    return "\n".join(statements) + "\n"


def _family_tables(family: str, types: RecordTypes) -> Iterator[str]:
    definitions = ['"id" TEXT PRIMARY KEY REFERENCES "records"("id")']
    for column in _stored(family, types):
        if column.name == "id":
            continue
        definition = f"{_quote(column.name)} {_SQL_TYPES[column.holds]}"
        if column.holds == "boolean":
            definition += f" CHECK ({_quote(column.name)} IN (0, 1))"
        if column.targets is not None:
            definition += f' REFERENCES {_quote(_target_table(column.targets, types))}("id")'
        definitions.append(definition)
    yield _create(family, definitions)
    for column in columns(family, types):
        if column.kind == "references" and column.targets is not None:
            yield _create(f"{family}_{column.field}", _link_columns(family, _target_table(column.targets, types)))
    for field in _fields(family, "terms", types):
        yield from _terms_tables(family, field)


def _link_columns(owner: str, target: str) -> list[str]:
    return [
        f'"record_id" TEXT NOT NULL REFERENCES {_quote(owner)}("id")',
        '"position" INTEGER NOT NULL',
        f'"target" TEXT NOT NULL REFERENCES {_quote(target)}("id")',
        'PRIMARY KEY ("record_id", "position")',
    ]


def _terms_tables(family: str, field: str) -> Iterator[str]:
    terms = f"{family}_{field}"
    yield _create(
        terms,
        [
            f'"record_id" TEXT NOT NULL REFERENCES {_quote(family)}("id")',
            '"position" INTEGER NOT NULL',
            '"kind" TEXT NOT NULL',
            '"binds" TEXT',
            '"barred_complete" INTEGER CHECK ("barred_complete" IN (0, 1))',
            '"description" TEXT',
            'PRIMARY KEY ("record_id", "position")',
        ],
    )
    yield _create(
        f"{terms}_barred",
        [
            '"record_id" TEXT NOT NULL',
            '"term_position" INTEGER NOT NULL',
            '"position" INTEGER NOT NULL',
            '"target" TEXT NOT NULL REFERENCES "organizations"("id")',
            'PRIMARY KEY ("record_id", "term_position", "position")',
            f'FOREIGN KEY ("record_id", "term_position") REFERENCES {_quote(terms)}("record_id", "position")',
        ],
    )


def _fill(connection: sqlite3.Connection, kb: RecordView) -> None:
    types = kb.types
    connection.executemany(
        'INSERT INTO "records" VALUES (?, ?, ?, ?)',
        [(record.id, record.type, types.family(record.type), kb.label(record)) for record in kb],
    )
    for family, type_name in types.families.items():
        records: list[Record] = kb.records(types[type_name])
        stored = [column.name for column in _stored(family, types)]
        _insert(connection, family, stored, ([_sql(row[name]) for name in stored] for row in table(kb, family)))
        for field in _fields(family, "references", types):
            links = [(r.id, position, target) for r in records for position, target in enumerate(getattr(r, field))]
            _insert(connection, f"{family}_{field}", ["record_id", "position", "target"], links)
        for field in _fields(family, "terms", types):
            _fill_terms(connection, f"{family}_{field}", records, field)
        for field in _fields(family, "names", types):
            names = [
                (record.id, field, position, name.text, name.language, name.kind, name.prior)
                for record in records
                for position, name in enumerate(getattr(record, field))
            ]
            _insert(connection, "names", _NAME_COLUMNS, names)
        if "evidence" in types[type_name].model_fields:
            for record in records:
                _insert(connection, "evidence", _EVIDENCE_COLUMNS, _evidence(record.id, "$.evidence", record))
    _insert(connection, "field_values", _VALUE_COLUMNS, _field_values(kb))


_NAME_COLUMNS = ["record_id", "field", "position", "text", "language", "kind", "prior"]
_EVIDENCE_COLUMNS = [
    "record_id", "path", "position", "quote", "start", "end", "translation", "source_id", "prefix", "suffix"
]  # fmt: skip
_VALUE_COLUMNS = ["record_id", "field", "position", "value", "assertion", "source_id", "quote"]
_NOT_VALUES = frozenset({"type", "id", "evidence", "assertion"})  # the identity, and the columns of each row


def _field_values(kb: RecordView) -> Iterator[tuple[object, ...]]:
    """One row per record, field, value and source that gives it (a value no quote supports: one, no source)."""
    for record in kb:
        for field in type(record).model_fields:
            if field in _NOT_VALUES:
                continue
            for position, value in enumerate(kb.values(record, field)):
                if not value.sources:
                    yield (record.id, field, position, _json(value.value), value.assertion, None, None)
                for source in value.sources:
                    quote = next(e.quote for e in value.evidence if e.source == source)
                    given = _as_given(kb.versions(record), field, value, source)
                    yield (record.id, field, position, _json(given), value.assertion, source, quote)


def _as_given(versions: Sequence[Record], field: str, value: Value, source: str) -> object:
    """The value as the version quoting ``source`` gives it: agreeing amounts keep each source's print."""
    for version in versions:
        evidence: tuple[Evidence, ...] = getattr(version, "evidence", ())
        if gives(version, field) and any(e.source == source for e in evidence) and set(evidence) <= set(value.evidence):
            return getattr(version, field)
    return value.value


def _json(value: object) -> str:
    """A value as JSON text, as a data file holds it (amounts as exact decimal strings)."""
    return orjson.dumps(to_jsonable_python(value, exclude_none=True)).decode()


def _evidence(record_id: str, path: str, holder: object) -> list[tuple[object, ...]]:
    """The rows of the quotes of ``holder`` (a record, or one of its terms)."""
    evidence: tuple[Evidence, ...] = getattr(holder, "evidence")  # noqa: B009 (facts, entities and terms have it)
    return [
        (record_id, path, position, e.quote, e.start, e.end, e.translation, e.source, e.prefix, e.suffix)
        for position, e in enumerate(evidence)
    ]


def _fill_terms(connection: sqlite3.Connection, table_name: str, records: Sequence[Record], field: str) -> None:
    terms: list[tuple[object, ...]] = []
    barred: list[tuple[object, ...]] = []
    for record in records:
        for position, term in enumerate(getattr(record, field)):
            clause = term if isinstance(term, ExclusivityClause) else None
            terms.append(
                (
                    record.id,
                    position,
                    term.kind,
                    clause.binds if clause else None,
                    _sql(clause.barred_complete) if clause else None,
                    term.description,
                )
            )
            if clause is not None:
                barred.extend((record.id, position, index, target) for index, target in enumerate(clause.barred))
            _insert(
                connection, "evidence", _EVIDENCE_COLUMNS, _evidence(record.id, f"$.{field}[{position}].evidence", term)
            )
    _insert(connection, table_name, ["record_id", "position", "kind", "binds", "barred_complete", "description"], terms)
    _insert(connection, f"{table_name}_barred", ["record_id", "term_position", "position", "target"], barred)


def _stored(family: str, types: RecordTypes) -> list[Column]:
    """A family table's columns: ``kb.table``'s, less those kept in link tables and ``evidence``."""
    return [column for column in columns(family, types) if column.kind not in ("references", "evidence")]


def _fields(family: str, kind: FieldKind, types: RecordTypes) -> list[str]:
    """The fields of a family spread as ``kind`` (``"references"``, ``"names"``...), in order."""
    return list(dict.fromkeys(column.field for column in columns(family, types) if column.kind == kind))


def _target_table(targets: frozenset[str], types: RecordTypes) -> str:
    return types.family(next(iter(targets))) if len(targets) == 1 else "records"


def _insert(
    connection: sqlite3.Connection, table_name: str, names: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    placeholders = ", ".join("?" for _ in names)
    statement = f"INSERT INTO {_quote(table_name)} ({', '.join(map(_quote, names))}) VALUES ({placeholders})"
    connection.executemany(statement, rows)


def _sql(value: object) -> object:
    """A cell as SQLite stores it: exact decimal text, 0 or 1, ISO 8601 text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _create(name: str, definitions: Sequence[str]) -> str:
    body = ",\n  ".join(definitions)
    return f"CREATE TABLE {_quote(name)} (\n  {body}\n);"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
