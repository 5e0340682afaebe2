"""Writing SQL for the SQLite export: quoted identifiers, CREATE and INSERT statements, cells as SQLite keeps them.

No text of the data is ever SQL: identifiers are quoted, and every value goes in as a parameter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from ...models import RecordTypes
from .._tabular import Column

__all__ = ["SQL_TYPES", "create", "definition", "insert", "quote", "sql_value", "target_table"]

SQL_TYPES = {
    "text": "TEXT",
    "date": "TEXT",
    "datetime": "TEXT",
    "date_or_datetime": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "number": "REAL",
}
"""The SQL type of a column by what it holds (an amount, a decimal, is two columns: see ``sqlite_db``)."""


def definition(column: Column, types: RecordTypes, required: bool = False, *, keyed: bool = True) -> str:
    """A column's definition: its SQL type, NOT NULL, a flag's CHECK, a reference's REFERENCES (unless not
    ``keyed``)."""
    text = f"{quote(column.name)} {SQL_TYPES[column.holds]}" + (" NOT NULL" if required else "")
    if column.holds == "boolean":
        text += f" CHECK ({quote(column.name)} IN (0, 1))"
    if column.targets is not None and keyed:
        text += f' REFERENCES {quote(target_table(column.targets, types))}("id")'
    return text


def target_table(targets: frozenset[str], types: RecordTypes) -> str:
    """The table a reference points at: its type's family, or ``records`` when it may point at several types."""
    return types.family(next(iter(targets))) if len(targets) == 1 else "records"


def insert(
    connection: sqlite3.Connection, table_name: str, names: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert ``rows`` into the columns ``names`` of a table, every value a parameter."""
    placeholders = ", ".join("?" for _ in names)
    statement = f"INSERT INTO {quote(table_name)} ({', '.join(map(quote, names))}) VALUES ({placeholders})"
    connection.executemany(statement, rows)


def sql_value(value: object) -> object:
    """A cell as SQLite stores it: exact decimal text, 0 or 1, ISO 8601 text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def create(name: str, definitions: Sequence[str]) -> str:
    """A ``CREATE TABLE`` statement, one definition a line."""
    body = ",\n  ".join(definitions)
    return f"CREATE TABLE {quote(name)} (\n  {body}\n);"


def quote(identifier: str) -> str:
    """An identifier in double quotes, its own double quotes doubled."""
    return '"' + identifier.replace('"', '""') + '"'
