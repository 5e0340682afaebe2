"""Records out as a data file holds them: the fields each was given, and whatever reading it back needs.

A data file keeps only what a source gave: a field left to its default is not written, so what one
report says and what it leaves out load back as they were (``combining`` reads the difference).
Three things are written all the same, in every model, nested ones and a user's own, since reading
the file back needs them to make the same record:

- a **tag**: a field that may hold one value only (``kind: Literal["exclusivity"] = "exclusivity"``),
  which tells the models of a union apart;
- a **discriminator**: the field a tagged union (``Field(discriminator="kind")``) reads to choose the
  model of each of its values, whatever values it may hold;
- a **null that is not the default**: ``None`` given to a field whose default is something else, or
  that has none, which leaving it out would turn into the default (or a missing field).

What is written is worked out once per model class (``_plan``), so a model with none of these (an
evidence span, an amount) costs nothing more than pydantic's dump.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import orjson
from pydantic import BaseModel, Discriminator
from pydantic.fields import FieldInfo

from ..models import Record
from ..models.base import lone_surrogate

__all__ = ["SCHEMA_REF", "dumps_records", "record_data", "unwritable"]

SCHEMA_REF = "schema/records.schema.json"


def dumps_records(
    records: Iterable[Record], schema: str | None = SCHEMA_REF, sources: Mapping[str, Any] | None = None
) -> bytes:
    """One data file, formatted deterministically: fields in model order, two-space indent, final newline.

    ``schema`` is the ``$schema`` written first, for editors that check as you type; ``None`` omits it.
    ``sources`` are the top-level keys that say whose records without evidence are (``saved_sources``).
    Versions of one record (one id given more than once) make the file ``"combined": true``, so that
    loading it reads them as versions, not as an id given twice by mistake.
    """
    document: dict[str, Any] = {} if schema is None else {"$schema": schema}
    document.update(sources or {})
    written = list(records)
    ids = [record.id for record in written]
    if len(set(ids)) < len(ids):
        document["combined"] = True
    document["records"] = [record_data(record) for record in written]
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


_INT64 = range(-(2**63), 2**63)  # what SQLite holds; orjson writes up to 2**64 - 1, and JSON readers far less


def unwritable(records: Iterable[Record], error: Exception) -> str | None:
    """What in ``records`` made writing them fail with ``error``, in words: the first record, its JSON
    path and the value no file can hold (a lone surrogate, an integer beyond 64 bits); None when
    ``error`` is of another kind or no such value is found.

    Validation refuses both in every text field and in the limits of the built-in models; they come
    from records built without it (``model_construct``), a user's own field types (an ``int``, a plain
    pydantic model) or a view of one's own.
    """
    said = str(error).lower()  # orjson: "str is not valid UTF-8", "Integer exceeds 64-bit range"; pydantic's own
    text = isinstance(error, UnicodeError) or "utf-8" in said
    number = isinstance(error, OverflowError) or "integer" in said
    if not (text or number):
        return None
    for record in records:
        try:
            data = record_data(record)
        except Exception:  # a record built without validation may not even dump; the next one may say more
            continue
        found = _first_unwritable(data, "$", text=text, number=number)
        if found is not None:
            record_id = getattr(record, "id", None)
            subject = f"record {record_id!r}" if isinstance(record_id, str) else f"a {type(record).__name__}"
            return f"{subject} at {found[0]}: {found[1]}"
    return None


def _first_unwritable(value: Any, path: str, *, text: bool, number: bool) -> tuple[str, str] | None:
    if text and isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, lone_surrogate(value)
    elif number and isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        shown = str(value) if value.bit_length() <= 256 else f"an integer of {value.bit_length()} bits"
        return path, (
            f"{shown} is beyond the 64-bit integers JSON readers and SQLite hold; give a smaller number, "
            "or hold it as a Decimal"
        )
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _first_unwritable(item, f"{path}.{key}", text=text, number=number)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_unwritable(item, f"{path}[{index}]", text=text, number=number)
            if found is not None:
                return found
    return None


_LAST = ("assertion", "attributed_to", "attribution", "evidence")  # provenance reads best after the fact itself


def record_data(record: Record) -> dict[str, Any]:
    """A record as a data file holds it: JSON values, fields in model order, provenance last.

    The fields the record was given (no nulls where null is the default), its type, and what reading
    it back needs (the module says what): loaded, the data makes a record equal to ``record``.
    """
    data: dict[str, Any] = {"type": record.type}
    data.update(record.model_dump(mode="json", exclude_none=True, exclude_unset=True))
    kind = type(record)
    plain = _plain.get(kind)
    if plain is None:
        plan = _plan(kind)
        plain = _plain[kind] = plan.always == ("type",) and not (plan.nulls or plan.nested)
    if not plain:
        _complete(record, data, ())
    return {key: data[key] for key in sorted(data, key=lambda key: key in _LAST)}


_plain: dict[type[Record], bool] = {}  # record types with nothing to add but their type, written first anyway


class _Plan:
    """What writing one model class adds to pydantic's dump of the fields it was given.

    (A plain class: a dataclass would cost about a millisecond more at every import.)
    """

    __slots__ = ("always", "empty", "nested", "nulls")

    def __init__(
        self,
        always: tuple[str, ...],
        nulls: frozenset[str],
        nested: tuple[tuple[str, Mapping[type[BaseModel], str]], ...],
    ) -> None:
        self.always = always
        """Its tags: written whether given or not."""
        self.nulls = nulls
        """Fields where a given ``None`` is written (their default is not ``None``)."""
        self.nested = nested
        """Fields that may hold models with something to add, each with the discriminator its union
        reads for each model (none: an empty mapping)."""
        self.empty = not (always or nulls or nested)


def _complete(model: BaseModel, data: dict[str, Any], also: Iterable[str]) -> None:
    """Add to ``data`` (``model``'s dump of its given fields) what reading it back needs; ``also``
    names a discriminator its union reads."""
    plan = _plan(type(model))
    missing = [name for name in (*plan.always, *also) if name not in data]
    missing += [name for name in plan.nulls if name not in data and name in model.model_fields_set]
    if missing:
        data.update(model.model_dump(mode="json", include=set(missing)))
        order = {name: index for index, name in enumerate(type(model).model_fields)}
        ordered = sorted(data.items(), key=lambda item: order.get(item[0], -1))  # "type" first, as given
        data.clear()
        data.update(ordered)
    for name, discriminators in plan.nested:
        if name in data:
            _complete_value(getattr(model, name), data[name], discriminators)


def _complete_value(value: Any, data: Any, discriminators: Mapping[type[BaseModel], str]) -> None:
    """``_complete`` every model in a field's value and in its dump, side by side (tuples, lists, dicts)."""
    if isinstance(value, BaseModel) and isinstance(data, dict):
        discriminator = discriminators.get(type(value))
        _complete(value, data, () if discriminator is None else (discriminator,))
    elif isinstance(value, (tuple, list, set, frozenset)) and isinstance(data, list):
        for item, dumped in zip(value, data, strict=False):
            _complete_value(item, dumped, discriminators)
    elif isinstance(value, Mapping) and isinstance(data, dict):
        for item, dumped in zip(value.values(), data.values(), strict=False):
            _complete_value(item, dumped, discriminators)


_planning: set[type[BaseModel]] = set()  # the classes whose plan is being worked out (a model may hold itself)


@cache
def _plan(model: type[BaseModel]) -> _Plan:
    """What writing ``model`` adds, worked out from its fields' annotations."""
    _planning.add(model)
    try:
        always = tuple(name for name, info in model.model_fields.items() if _is_tag(info))
        nulls = frozenset(name for name, info in model.model_fields.items() if _null_kept(info))
        nested = []
        for name, info in model.model_fields.items():
            discriminators: dict[type[BaseModel], str] = {}
            inner = _models_in(info.annotation, (info, *info.metadata), discriminators)
            if discriminators or any(kind in _planning or not _plan(kind).empty for kind in inner):
                nested.append((name, discriminators))
        return _Plan(always, nulls, tuple(nested))
    finally:
        _planning.discard(model)


def _is_tag(info: FieldInfo) -> bool:
    """Whether a field may hold one value only, and has it as its default: a tag."""
    annotation = info.annotation
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return get_origin(annotation) is Literal and len(get_args(annotation)) == 1 and not info.is_required()


def _null_kept(info: FieldInfo) -> bool:
    """Whether a field takes ``None`` without it being its default: a ``None`` given must be written."""
    default_is_none = info.default is None and info.default_factory is None
    return _takes_none(info.annotation) and (info.is_required() or not default_is_none)


def _takes_none(annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation is None or annotation is type(None):
        return True
    return get_origin(annotation) in (Union, types.UnionType) and any(_takes_none(arg) for arg in get_args(annotation))


def _models_in(
    annotation: Any, metadata: Iterable[Any], discriminators: dict[type[BaseModel], str]
) -> set[type[BaseModel]]:
    """The models an annotation may hold, anywhere inside it; the discriminator each tagged union among
    them reads is added to ``discriminators`` for its models. ``metadata`` is the field's own."""
    found: set[type[BaseModel]] = set()
    pending: list[tuple[Any, tuple[Any, ...]]] = [(annotation, tuple(metadata))]
    while pending:
        current, extra = pending.pop()
        if get_origin(current) is Annotated:
            current, *more = get_args(current)
            pending.append((current, (*extra, *more)))
            continue
        name = _discriminator(extra)
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.add(current)
            if name is not None:
                discriminators[current] = name
            continue
        passed = extra if get_origin(current) in (Union, types.UnionType) else ()  # to a union's members, not items
        pending.extend((arg, passed) for arg in get_args(current))
    return found


def _discriminator(metadata: Iterable[Any]) -> str | None:
    """The field name a tagged union reads, from its metadata (``Field(discriminator=...)``, ``Discriminator``)."""
    for item in metadata:
        value = item.discriminator if isinstance(item, (FieldInfo, Discriminator)) else None
        if isinstance(value, Discriminator):
            value = value.discriminator
        if isinstance(value, str):
            return value
    return None
