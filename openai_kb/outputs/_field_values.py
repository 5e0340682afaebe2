"""What each source says of each field, one row per record, field, value and source (``kb.values``).

The rows of the SQLite export's ``field_values`` table, and of the ``field_values`` table that
``kb.table``, ``to_pandas`` and the CSV export take (the same rows with labels beside the ids):
``value`` is the JSON text of the value as a data file holds it, as the source gave it (two
sources that agree on an amount keep their own printed ``text``); ``position`` its place among the
field's values, 0 being the one the record shows; ``quote`` that source's first quote for it. A
value no quote supports (a source's own fields, an entity described without quotes) belongs to its
file's or call's source, or to none (``None``). ``assertion``, ``attributed_to`` and ``attribution``
say how that source holds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import orjson
from pydantic_core import to_jsonable_python

from ..reading._combining import PROVENANCE

if TYPE_CHECKING:
    from ..view import RecordView

__all__ = ["FIELD_VALUES", "NAMES", "field_value_rows", "field_values_table", "value_json"]

FIELD_VALUES = "field_values"
"""The table of what each source says, which ``table``, ``to_pandas`` and the csv export take as a kind."""
NAMES = (
    "record",
    "record_label",
    "field",
    "position",
    "value",
    "assertion",
    "attributed_to",
    "attribution",
    "source",
    "source_label",
    "quote",
)
"""The columns of ``kb.table("field_values")``: the SQLite table's, with a label after each id."""

_NOT_VALUES = frozenset({"type", "id", "evidence", *PROVENANCE})  # the identity, and the columns of each row

Row = tuple[str, str, int, str, "str | None", "str | None", "str | None", "str | None", "str | None"]
"""``(record_id, field, position, value, assertion, attributed_to, attribution, source_id, quote)``"""


def field_value_rows(kb: RecordView) -> Iterator[Row]:
    """One row per record, field, value and holding: each source that gives the value, and how it holds it."""
    for record in kb:
        for field in type(record).model_fields:
            if field in _NOT_VALUES:
                continue
            for position, value in enumerate(kb.values(record, field)):
                for held in value.holdings:
                    quote = held.evidence[0].quote if held.evidence else None
                    how = (held.assertion, held.attributed_to, held.attribution)
                    yield (record.id, field, position, value_json(held.value), *how, held.source, quote)


def field_values_table(kb: RecordView) -> list[dict[str, object]]:
    """The rows of ``field_value_rows`` as ``kb.table`` has them: a dict each, the labels after the ids."""
    rows: list[dict[str, object]] = []
    for record_id, field, position, value, assertion, attributed_to, attribution, source, quote in field_value_rows(kb):
        source_label = None if source is None else kb.label(source)
        how = (assertion, attributed_to, attribution)
        cells = (record_id, kb.label(record_id), field, position, value, *how, source, source_label, quote)
        rows.append(dict(zip(NAMES, cells, strict=True)))
    return rows


def value_json(value: object) -> str:
    """A value as JSON text, as a data file holds it (amounts as exact decimal strings)."""
    return orjson.dumps(to_jsonable_python(value, exclude_none=True)).decode()
