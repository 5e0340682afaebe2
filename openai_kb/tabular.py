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
- evidence is the first quote, its translation, offsets and source, ``evidence_count``, and
  ``evidence_json``: every span as a JSON array of objects, each as a data file holds it (a quote may
  hold ``"; "`` or anything else, so no separator would do).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, TypeAdapter
from pydantic.fields import FieldInfo

from .errors import QueryError
from .models import (
    RECORD_TYPES,
    Evidence,
    ExclusivityClause,
    Money,
    Name,
    OtherTerm,
    PartialDate,
    Quantity,
    Record,
    RecordTypes,
    Reference,
)

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # no stubs installed

    from .view import RecordView

__all__ = [
    "FAMILIES",
    "Column",
    "as_text",
    "cell_text",
    "columns",
    "family_of",
    "first_names",
    "table",
    "to_pandas",
]

FAMILIES: dict[str, str] = RECORD_TYPES.families
"""Each built-in record family, named as its ``KnowledgeBase`` property, and the record type it holds."""

Holds = Literal["text", "integer", "boolean", "decimal", "number", "date", "datetime", "date_or_datetime"]
FieldKind = Literal["value", "reference", "references", "strings", "amount", "names", "terms", "evidence", "other"]

SEPARATOR = "; "  # joins several values in one cell; ids match \S+, so they split back exactly
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
    """The family a kind names among ``types``: a family (``"people"``) or its record type (``"person"``)."""
    if isinstance(kind, type) and issubclass(kind, Record) and "type" in kind.model_fields:
        type_name = kind.model_fields["type"].default
        raise TypeError(f"{caller} expects the kind as a str, not the class {kind.__name__}: pass {type_name!r}")
    if not isinstance(kind, str):
        raise TypeError(f"{caller} expects the kind as a str, not {type(kind).__name__}")
    type_name = types.resolve(kind)
    if type_name is not None:
        return types.family(type_name)
    close = types.closest(kind)
    hint = f" Did you mean {close!r}?" if close else ""
    raise QueryError(
        f"unknown kind {kind!r}.{hint} Known families: {', '.join(types.families)}; "
        f"or their record types: {', '.join(types.families.values())}"
    )


def columns(kind: str, types: RecordTypes = RECORD_TYPES) -> tuple[Column, ...]:
    """The columns of a family's table (``"investors"`` or ``"investment"``), in order."""
    model = types[types.families[family_of(kind, "columns()", types)]]
    return tuple(column for field in _fields(model) for column in field.columns)


def table(kb: RecordView, kind: str) -> list[dict[str, object]]:
    """One flat row per record of a family, in load order; see the module's docstring for the columns."""
    types = kb.types
    model = types[types.families[family_of(kind, types=types)]]
    fields = _fields(model)
    rows: list[dict[str, object]] = []
    for record in kb.records(model):
        row: dict[str, object] = {}
        for field in fields:
            row.update(zip((column.name for column in field.columns), field.cells(record, kb.label), strict=True))
        rows.append(row)
    return rows


def to_pandas(kb: RecordView, kind: str) -> pandas.DataFrame:
    """A family's table as a DataFrame: amounts stay ``Decimal`` (object dtype), counts are nullable ``Int64``."""
    family = family_of(kind, "to_pandas()", kb.types)
    try:
        import pandas
    except ImportError:
        raise ImportError("kb.to_pandas() needs pandas: pip install 'openai-kb[pandas]'") from None
    family_columns = columns(family, kb.types)
    names = [column.name for column in family_columns]
    frame = pandas.DataFrame.from_records(table(kb, family), columns=names)
    for column in family_columns:
        if column.holds == "integer":  # offsets are missing where there is no evidence: no float NaN
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.holds == "decimal":
            frame[column.name] = frame[column.name].astype(object)
    return frame


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
        if _is_term(item):
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
            return None, None, None, None, None, 0, None
        first = evidence[0]
        every = _EVIDENCE_ADAPTER.dump_json(evidence, exclude_none=True).decode("utf-8")
        return first.quote, first.translation, first.start, first.end, first.source, len(evidence), every

    return _Field(
        (
            Column("evidence_quote", "evidence", "evidence", "text"),
            Column("evidence_translation", "evidence", "evidence", "text"),
            Column("evidence_start", "evidence", "evidence", "integer"),
            Column("evidence_end", "evidence", "evidence", "integer"),
            Column("evidence_source", "evidence", "evidence", "text", frozenset({"source"})),
            Column("evidence_count", "evidence", "evidence", "integer"),
            Column("evidence_json", "evidence", "evidence", "text"),
        ),
        cells,
    )


_EVIDENCE_ADAPTER: TypeAdapter[tuple[Evidence, ...]] = TypeAdapter(tuple[Evidence, ...])


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


def _terms(terms: Sequence[ExclusivityClause | OtherTerm]) -> str | None:
    """Each term in words: its description, or what an exclusivity clause without one bars."""
    return _joined(
        [
            term.description
            if term.description is not None
            else f"exclusivity: {term.binds} barred from {', '.join(term.barred)}"
            for term in terms
        ]
    )


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
    return get_args(annotation) if get_origin(annotation) in (Union, _UnionType) else (annotation,)


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
        if get_origin(annotation) in (Union, _UnionType) and type(None) in args:
            rest = [arg for arg in args if arg is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation


def _is_term(item: Any) -> bool:
    return get_origin(item) in (Union, _UnionType) and ExclusivityClause in get_args(item)


_UnionType = type(int | None)
