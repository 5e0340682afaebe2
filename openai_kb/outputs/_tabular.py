"""Flat rows for a record family: one row a record, nested values spread over stable, named columns.

Tables are what pandas, CSV and SQLite understand. The columns are worked out once per model from
its fields, so every row of a family has the same columns in the same order, whatever it holds:

- a value (text, number, flag, date) keeps its field's name;
- a reference is its id, plus ``<field>_label`` with the record's label (``organization``,
  ``organization_label``); several references are joined with ``"; "`` (ids never hold a space);
- an amount is its ``Decimal`` (never a float), plus ``_currency`` (or ``_unit``), ``_qualifier``
  and ``_text``;
- names are the first Simplified and Traditional Chinese ones (``name_zh_hans``,
  ``name_zh_hant``) and every other as ``name_aliases``; a title's names likewise (``title_zh_hans``);
- clauses (a round's ``terms``) are each in words (a description, or as its model words it), joined;
- evidence is the first quote, its translation, offsets and source, ``evidence_count``,
  ``evidence_quotes`` (every quote, joined with ``" | "``, for reading) and ``evidence_json``: every
  span as a JSON array of objects, each as a data file holds it (a quote may hold any separator, so
  only JSON splits back exactly).

Beside the families, the ``evidence`` table has one row per quote (a record's, then its terms'):
the quoting record, where the quote sits in it, the span, its source; the ``field_values`` table one
row per record, field, value and source (``openai_kb.outputs._field_values``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, TypeAdapter
from pydantic.fields import FieldInfo

from ..models import RECORD_TYPES, Clause, Evidence, Money, Name, PartialDate, Quantity, Record, RecordTypes, Reference
from ..models.clauses import clause_fields, clause_models
from ..models.wording import describe
from ._field_values import FIELD_VALUES, field_values_table

if TYPE_CHECKING:
    from ..view import RecordView

__all__ = [
    "EVIDENCE",
    "EXACT",
    "FAMILIES",
    "FIELD_VALUES",
    "QUOTES_SEPARATOR",
    "Column",
    "as_text",
    "cell_text",
    "clause_columns",
    "columns",
    "family_of",
    "first_names",
    "quotes_of",
    "table",
    "table_name",
]

FAMILIES: dict[str, str] = RECORD_TYPES.families
"""Each built-in record family, named as its ``KnowledgeBase`` property, and the record type it holds."""

Holds = Literal["text", "integer", "boolean", "decimal", "number", "date", "datetime", "date_or_datetime"]
FieldKind = Literal["value", "reference", "references", "strings", "amount", "names", "terms", "evidence", "other"]

SEPARATOR = "; "  # joins several values in one cell; ids match \S+, so they split back exactly
EXACT = "_exact"
"""The suffix of the column holding an amount's exact decimal beside its number, in SQLite (TEXT) and pandas
(``Decimal``): ``amount_exact``."""
QUOTES_SEPARATOR = " | "
"""Joins a record's quotes in ``evidence_quotes``: for reading; ``evidence_json`` splits back exactly."""
EVIDENCE = "evidence"
"""The table of every quote, one row each, which ``table``, ``to_pandas`` and the csv export take as a kind."""
_TABLES = {EVIDENCE: "every quote, one row each", FIELD_VALUES: "what each source says, a row per value and source"}
_LANGUAGES = ("zh-Hans", "zh-Hant")
_LAST = ("assertion", "attributed_to", "attribution", "evidence")  # provenance reads best after the fact itself


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a family's table: its name, the model field it comes from and what it holds.

    ``targets`` is set on the id columns of references: the record types they may point at (empty
    when any type will do); it is ``None`` on every other column.
    """

    name: str
    field: str
    kind: FieldKind
    holds: Holds
    targets: frozenset[str] | None = None


def family_of(kind: object, caller: str = "table()", types: RecordTypes = RECORD_TYPES) -> str:
    """The family a kind names among ``types``: a family or a record type, either number (``"people"``, ``"person"``).

    Any other word is an ``UnknownKindError`` (see ``RecordTypes.kind``).
    """
    if isinstance(kind, type) and issubclass(kind, Record) and "type" in kind.model_fields:
        type_name = kind.model_fields["type"].default
        raise TypeError(f"{caller} expects the kind as a str, not the class {kind.__name__}: pass {type_name!r}")
    if not isinstance(kind, str):
        raise TypeError(f"{caller} expects the kind as a str, not {type(kind).__name__}")
    return types.family(types.kind(kind))


def table_name(kind: object, caller: str = "table()", types: RecordTypes = RECORD_TYPES) -> str:
    """The table a kind names: a family (as ``family_of``), or ``"evidence"`` or ``"field_values"`` unless a
    family of that name exists."""
    if isinstance(kind, str) and types.resolve(kind) is None:  # "evidence", or a word that names nothing
        return types.kind(kind, also=_TABLES)
    return family_of(kind, caller, types)


def columns(kind: str, types: RecordTypes = RECORD_TYPES) -> tuple[Column, ...]:
    """The columns of a family's table (``"investors"`` or ``"investment"``), or of ``"evidence"``, in order."""
    name = table_name(kind, "columns()", types)
    if name in _TABLES and types.resolve(name) is None:
        return _EVIDENCE_COLUMNS if name == EVIDENCE else _FIELD_VALUE_COLUMNS
    return _columns_of(types[types.families[name]])


def table(kb: RecordView, kind: str) -> list[dict[str, object]]:
    """One flat row per record of a family, in load order (or per quote, or per value); see the module."""
    types = kb.types
    name = table_name(kind, types=types)
    if name in _TABLES and types.resolve(name) is None:
        return _evidence_table(kb) if name == EVIDENCE else field_values_table(kb)
    model = types[types.families[name]]
    fields = _fields(model)
    rows: list[dict[str, object]] = []
    for record in kb.records(model):
        row: dict[str, object] = {}
        for field in fields:
            row.update(zip((column.name for column in field.columns), field.cells(record, kb.label), strict=True))
        rows.append(row)
    return rows


def cell_text(value: object) -> str:
    """A cell as text (CSV): empty for None, ``true``/``false``, decimals in full, times in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def first_names(primary: str, names: Sequence[Name]) -> dict[str, str]:
    """The main name in each language: ``primary`` in English, else the first listed in that language."""
    first = {"en": primary}
    for name in names:
        first.setdefault(name.language, name.text)
    return first


# -- working out the columns of a model ----------------------------------------------------------

Labeler = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class _Field:
    columns: tuple[Column, ...]
    cells: Callable[[Record, Labeler], tuple[object, ...]]


@cache
def _fields(model: type[Record]) -> tuple[_Field, ...]:
    names = [name for name in model.model_fields if name != "type"]
    names.sort(key=lambda name: name in _LAST)
    return tuple(_field(model, name, model.model_fields[name]) for name in names)


def _field(model: type[Record], name: str, info: FieldInfo) -> _Field:
    reference = _reference(info)
    inner = _bare(info.annotation)
    if get_origin(inner) is tuple:
        item = _bare(get_args(inner)[0])
        if reference is not None:
            return _references_field(name, reference)
        if item is Name:
            return _names_field(name)
        if item is Evidence:
            return _evidence_field()
        if item is str:
            return _Field((Column(name, name, "strings", "text"),), lambda record, _: (_joined(getattr(record, name)),))
        if clause_models(item):
            return _Field((Column(name, name, "terms", "text"),), lambda record, _: (_terms(getattr(record, name)),))
    elif reference is not None:
        return _reference_field(name, reference)
    elif inner in (Money, Quantity):
        return _amount_field(name, inner)
    else:
        holds = _holds(info, inner)
        if holds is not None:
            return _Field((Column(name, name, "value", holds),), lambda record, _: (getattr(record, name),))
    return _Field((Column(name, name, "other", "text"),), lambda record, _: (as_text(getattr(record, name)),))


def _reference_field(name: str, reference: Reference) -> _Field:
    def cells(record: Record, label: Labeler) -> tuple[object, ...]:
        target = getattr(record, name)
        return (target, None if target is None else label(target))

    return _Field(
        (
            Column(name, name, "reference", "text", reference.types),
            Column(f"{name}_label", name, "reference", "text"),
        ),
        cells,
    )


def _references_field(name: str, reference: Reference) -> _Field:
    def cells(record: Record, label: Labeler) -> tuple[object, ...]:
        targets = getattr(record, name)
        return _joined(targets), _joined([label(target) for target in targets])

    return _Field(
        (
            Column(name, name, "references", "text", reference.types),
            Column(f"{name}_label", name, "references", "text"),
        ),
        cells,
    )


def _amount_field(name: str, model: type[Money] | type[Quantity]) -> _Field:
    unit = "currency" if model is Money else "unit"

    def cells(record: Record, _: Labeler) -> tuple[object, ...]:
        amount = getattr(record, name)
        if amount is None:
            return None, None, None, None
        if isinstance(amount, Money):
            return amount.amount, amount.currency, amount.qualifier, amount.text
        return amount.value, amount.unit, amount.qualifier, amount.text

    return _Field(
        (
            Column(name, name, "amount", "decimal"),
            Column(f"{name}_{unit}", name, "amount", "text"),
            Column(f"{name}_qualifier", name, "amount", "text"),
            Column(f"{name}_text", name, "amount", "text"),
        ),
        cells,
    )


def _names_field(name: str) -> _Field:
    prefix = "name" if name == "names" else name.removesuffix("_names")  # the field of the primary name

    def cells(record: Record, _: Labeler) -> tuple[object, ...]:
        names: tuple[Name, ...] = getattr(record, name)
        primary: str = getattr(record, prefix)
        first = first_names(primary, names)
        shown = {(language, first.get(language)) for language in ("en", *_LANGUAGES)}
        aliases = dict.fromkeys(n.text for n in names if (n.language, n.text) not in shown and n.text != primary)
        return (*(first.get(language) for language in _LANGUAGES), _joined(list(aliases)))

    return _Field(
        (
            *(Column(f"{prefix}_{_slug(language)}", name, "names", "text") for language in _LANGUAGES),
            Column(f"{prefix}_aliases", name, "names", "text"),
        ),
        cells,
    )


def _evidence_field() -> _Field:
    def cells(record: Record, _: Labeler) -> tuple[object, ...]:
        evidence: tuple[Evidence, ...] = getattr(record, "evidence")  # noqa: B009 (every record type has it)
        if not evidence:
            return None, None, None, None, None, 0, None, None
        first = evidence[0]
        quotes = QUOTES_SEPARATOR.join(span.quote for span in evidence)
        every = _EVIDENCE_ADAPTER.dump_json(evidence, exclude_none=True).decode("utf-8")
        return first.quote, first.translation, first.start, first.end, first.source, len(evidence), quotes, every

    return _Field(
        (
            Column("evidence_quote", "evidence", "evidence", "text"),
            Column("evidence_translation", "evidence", "evidence", "text"),
            Column("evidence_start", "evidence", "evidence", "integer"),
            Column("evidence_end", "evidence", "evidence", "integer"),
            Column("evidence_source", "evidence", "evidence", "text", frozenset({"source"})),
            Column("evidence_count", "evidence", "evidence", "integer"),
            Column("evidence_quotes", "evidence", "evidence", "text"),
            Column("evidence_json", "evidence", "evidence", "text"),
        ),
        cells,
    )


_EVIDENCE_ADAPTER: TypeAdapter[tuple[Evidence, ...]] = TypeAdapter(tuple[Evidence, ...])


# -- the evidence table: every quote, one row each -----------------------------------------------

_EVIDENCE_COLUMNS = (
    Column("record", "record", "reference", "text", frozenset()),
    Column("record_label", "record", "reference", "text"),
    Column("path", "path", "value", "text"),
    Column("position", "position", "value", "integer"),
    Column("quote", "quote", "value", "text"),
    Column("translation", "translation", "value", "text"),
    Column("start", "start", "value", "integer"),
    Column("end", "end", "value", "integer"),
    Column("source", "source", "reference", "text", frozenset({"source"})),
    Column("source_label", "source", "reference", "text"),
    Column("prefix", "prefix", "value", "text"),
    Column("suffix", "suffix", "value", "text"),
)


_FIELD_VALUE_COLUMNS = (  # NAMES, as Columns: the ids and labels of the record and the source as in evidence
    *_EVIDENCE_COLUMNS[:2],
    Column("field", "field", "value", "text"),
    Column("position", "position", "value", "integer"),
    *(Column(name, name, "value", "text") for name in ("value", "assertion")),
    Column("attributed_to", "attributed_to", "reference", "text", frozenset({"organization", "person"})),
    Column("attribution", "attribution", "value", "text"),
    *_EVIDENCE_COLUMNS[8:10],
    _EVIDENCE_COLUMNS[4],
)


def quotes_of(record: Record) -> Iterator[tuple[str, int, Evidence]]:
    """Every quote of a record with where it sits: ``("$.evidence", 0, span)``, then each term's quotes."""
    for position, span in enumerate(getattr(record, "evidence", ())):
        yield "$.evidence", position, span
    for field in dict.fromkeys(column.field for column in _columns_of(type(record)) if column.kind == "terms"):
        for index, term in enumerate(getattr(record, field)):
            for position, span in enumerate(term.evidence):
                yield f"$.{field}[{index}].evidence", position, span


def _columns_of(model: type[Record]) -> tuple[Column, ...]:
    return tuple(column for field in _fields(model) for column in field.columns)


def _evidence_table(kb: RecordView) -> list[dict[str, object]]:
    names = [column.name for column in _EVIDENCE_COLUMNS]
    rows: list[dict[str, object]] = []
    for record in kb:
        label = kb.label(record)
        for path, position, span in quotes_of(record):
            cells: tuple[object, ...] = (record.id, label, path, position, span.quote, span.translation)
            cells += (span.start, span.end, span.source, kb.label(span.source), span.prefix, span.suffix)
            rows.append(dict(zip(names, cells, strict=True)))
    return rows


def as_text(value: object) -> str | None:
    """A value no other rule spreads over columns (a model of a user's own, a list of them) as JSON text."""
    if value is None or value == ():
        return None
    if isinstance(value, str):
        return value
    return _TEXT_ADAPTER.dump_json(value).decode("utf-8")


_TEXT_ADAPTER: TypeAdapter[Any] = TypeAdapter(Any)


def _joined(values: Sequence[str]) -> str | None:
    return SEPARATOR.join(values) if values else None


def clause_columns(model: type[Record], field: str) -> tuple[Column, ...]:
    """The fields of the clauses a record's ``field`` holds (a round's ``terms``), first seen first, as columns.

    Each clause model's fields but its evidence (the evidence table holds it): ``kind`` ``"value"`` or
    ``"other"`` (a nested value, as JSON text), ``"reference"``, or ``"references"`` (a tuple of ids).
    """
    found: dict[str, Column] = {}
    for clause in clause_fields(model).get(field, ()):
        for name, info in clause.model_fields.items():
            if name == "evidence" or name in found:
                continue
            reference, inner = _reference(info), _bare(info.annotation)
            if reference is not None:
                several = get_origin(inner) is tuple
                found[name] = Column(name, name, "references" if several else "reference", "text", reference.types)
            else:
                holds = _holds(info, inner)
                found[name] = Column(name, name, "other" if holds is None else "value", holds or "text")
    return tuple(found.values())


def _terms(terms: Sequence[Clause]) -> str | None:
    """Each clause in words: its description, or as its model words it (references as ids)."""
    return _joined([describe(term) for term in terms])


def _slug(language: str) -> str:
    return language.lower().replace("-", "_")


def _holds(info: FieldInfo, inner: Any) -> Holds | None:
    if _has_marker(info, _PARTIAL_DATE):
        return "date_or_datetime" if any(map(_is_datetime, _members(inner))) else "date"
    if _is_datetime(inner):
        return "datetime"
    if inner is bool:
        return "boolean"
    if inner is int:
        return "integer"
    if inner is float:
        return "number"
    if inner is Decimal:
        return "decimal"
    if inner is str or (get_origin(inner) is Literal and all(isinstance(arg, str) for arg in get_args(inner))):
        return "text"
    return None


_PARTIAL_DATE = get_args(PartialDate)[1]  # its validator: a partial date is a str that passed it


def _is_datetime(annotation: Any) -> bool:
    annotation = _bare(annotation)
    return annotation is AwareDatetime or (isinstance(annotation, type) and issubclass(annotation, datetime))


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types of a union (``PartialDate | AwareDatetime``), or the one type."""
    return get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)


def _markers(info: FieldInfo) -> list[Any]:
    found = list(info.metadata)
    pending = [info.annotation]
    while pending:
        annotation = pending.pop()
        if get_origin(annotation) is Annotated:
            found.extend(get_args(annotation)[1:])
        pending.extend(get_args(annotation))
    return found


def _has_marker(info: FieldInfo, marker: object) -> bool:
    return any(found is marker for found in _markers(info))


def _reference(info: FieldInfo) -> Reference | None:
    return next((marker for marker in _markers(info) if isinstance(marker, Reference)), None)


def _bare(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``... | None``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = get_args(annotation)
        if get_origin(annotation) in (Union, UnionType) and type(None) in args:
            rest = [arg for arg in args if arg is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation
