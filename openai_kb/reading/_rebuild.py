"""The bundled records built straight from their JSON, without pydantic's validators, only where that is proven.

Building pydantic's validators is most of a start (see ``_snapshot``); the bundled data is the same
bytes at every start. So the first start validates it in full and also builds it here, from the
same parsed JSON, by the models' annotations alone; when the two give the very same records (every
class, value, type, given field and place: ``same_records``), ``_snapshot`` notes it in the cache,
and later starts with the same files, code and versions build the records here again. The note
holds no record and no value: nothing in the cache decides what a record holds.

This builder knows a closed set of annotations (text, integers, flags, numbers, decimals, aware
times, literals, tuples, optional and tagged unions, nested models) and runs the ``AfterValidator``
checks that annotations carry (amount bounds, dates, currencies, web addresses) and the models'
``after`` validators. Anything else, and any value of another JSON type than its annotation takes,
raises ``Unbuildable``: the data is then validated in full, as without a cache.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from functools import cache, partial
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import pydantic_core
from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints, WrapValidator
from pydantic.fields import FieldInfo
from pydantic.types import AllowInfNan, AwareDatetime, Strict

from ..errors import ProblemLog
from ..models import Record, RecordTypes
from ..models.base import Reference
from ._checks import Located
from ._provenance import declared_in, placed

__all__ = ["Unbuildable", "build_file", "same_records"]


class Unbuildable(Exception):
    """A value this builder cannot build as validation would: the data is validated in full instead."""


def build_file(name: str, document: Any, types: RecordTypes) -> list[Located]:
    """The records of one parsed data file, placed and with their sources, as ``store.read_file`` gives them."""
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise Unbuildable("not a data file")
    if not set(document) <= {"$schema", "source", "record_sources", "combined", "records"}:
        raise Unbuildable("a key a data file does not have")
    if document.get("combined", False) is not False or not isinstance(document.get("$schema", ""), str):
        raise Unbuildable("combined, or a $schema that is no text")
    records = document["records"]
    found: list[Located] = []
    for index, raw in enumerate(records):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or raw["type"] not in types:
            raise Unbuildable("a record of no known type")
        try:
            record: Any = _model(types[raw["type"]], raw)
        except Unbuildable:
            raise
        except Exception as error:  # a check the models declare refused it (an amount out of range...)
            raise Unbuildable(f"refused by a check: {error}") from error
        found.append(Located(record, name, f"$.records[{index}]"))
    log = ProblemLog()
    declared = declared_in(document, len(records), name, log)
    if log:
        raise Unbuildable("sources declared wrongly")
    return placed(found, declared)  # fields sets are not shared, as read_file shares them: 52 records need not


def _model(kind: type[BaseModel], raw: Any) -> BaseModel:
    if type(raw) is not dict:
        raise Unbuildable(f"a {kind.__name__} that is no object")
    fields, validators = _plan(kind)
    if not raw.keys() <= fields.keys():
        raise Unbuildable(f"a field {kind.__name__} does not have")
    values: dict[str, Any] = {}
    for field_name, (build, required, default) in fields.items():
        if field_name in raw:
            values[field_name] = build(raw[field_name])
        elif required:
            raise Unbuildable(f"{kind.__name__}.{field_name} missing")
        elif default is not None:
            values[field_name] = build(default())
    model = kind.model_construct(set(raw), **values)
    for validator in validators:
        if validator(model) is not model:
            raise Unbuildable("an after validator that gives another model")
    return model


_Build = Callable[[Any], Any]
_Field = tuple[_Build, bool, Callable[[], Any] | None]  # how it builds, whether required, its default to build


@cache
def _plan(kind: type[BaseModel]) -> tuple[dict[str, _Field], tuple[Any, ...]]:
    """How ``kind`` is built: each field's builder, whether it is required, and the model's after checks."""
    decorators = kind.__pydantic_decorators__
    if decorators.field_validators or decorators.validators or decorators.root_validators:
        raise Unbuildable("field validators")
    if any(decorator.info.mode != "after" for decorator in decorators.model_validators.values()):
        raise Unbuildable("a model validator that is not an after one")
    fields: dict[str, _Field] = {}
    for name, info in kind.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            raise Unbuildable("a field with an alias")
        default = partial(info.get_default, call_default_factory=True) if info.validate_default else None
        fields[name] = (_builder(info.annotation, info.metadata), info.is_required(), default)
    return fields, tuple(decorator.func for decorator in decorators.model_validators.values())


def _builder(annotation: Any, metadata: Sequence[Any] = ()) -> _Build:
    """A function from a JSON value to what validation gives for ``annotation``, raising on anything else."""
    metadata = list(metadata)
    while get_origin(annotation) is Annotated:
        annotation, *more = get_args(annotation)
        metadata = [*more, *metadata]
    build = _plain_builder(annotation, metadata)
    checks = _checks(metadata)
    if not checks:
        return build

    def checked(raw: Any) -> Any:
        value = build(raw)
        for check in checks:
            value = check(value)
        return value

    return checked


def _plain_builder(annotation: Any, metadata: Sequence[Any]) -> _Build:
    origin = get_origin(annotation)
    if origin in (Union, _UnionType):
        return _union(get_args(annotation), metadata)
    if origin is Literal:
        choices = get_args(annotation)

        def literal(raw: Any) -> Any:
            _check(any(type(raw) is type(choice) and raw == choice for choice in choices), "not a value it allows")
            return raw

        return literal
    if origin is tuple:
        args = get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise Unbuildable("a tuple of another shape")
        item = _builder(args[0])

        def items(raw: Any) -> Any:
            _check(type(raw) is list, "a list expected")
            return tuple(map(item, raw))

        return items
    if annotation in _EXACT:
        return partial(_exact, annotation)
    if annotation is float:
        return _float
    if annotation is Decimal:
        return _decimal
    if annotation is datetime or annotation is AwareDatetime:
        return partial(_time, _datetime(aware=annotation is AwareDatetime))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not issubclass(annotation, Record):
        return partial(_model, annotation)
    raise Unbuildable(f"an annotation this builder does not know: {annotation!r}")


_EXACT = (str, bool, int)  # JSON gives them as they are, and pydantic takes nothing else for them from JSON here


def _exact(kind: type, raw: Any) -> Any:
    _check(type(raw) is kind, f"a {kind.__name__} expected")
    return raw


def _float(raw: Any) -> float:
    _check(type(raw) in (int, float) and math.isfinite(raw), "a finite number expected")
    return float(raw)


def _decimal(raw: Any) -> Decimal:
    _check(type(raw) in (int, str), "a decimal is text or an integer")
    value = Decimal(raw)
    _check(value.is_finite(), "a decimal that is not finite")
    return value


def _time(reader: pydantic_core.SchemaValidator, raw: Any) -> Any:
    _check(type(raw) is str, "a time is text")
    return reader.validate_python(raw)


_UnionType = type(int | None)


def _union(members: tuple[Any, ...], metadata: Sequence[Any]) -> _Build:
    """A union's value: None for None; the member a tag names; else the first member that builds."""
    takes_none = type(None) in members
    choices = [member for member in members if member is not type(None)]
    tag = next((item.discriminator for item in metadata if isinstance(item, FieldInfo) and item.discriminator), None)
    if tag is not None:
        if not isinstance(tag, str):
            raise Unbuildable("a tagged union of another kind")
        tagged: dict[Any, _Build] = {}
        for member in choices:
            literal = member.model_fields[tag].annotation if tag in member.model_fields else None
            if get_origin(literal) is not Literal:
                raise Unbuildable("a member with no tag")
            tagged.update(dict.fromkeys(get_args(literal), _builder(member)))

        def by_tag(raw: Any) -> Any:
            if raw is None and takes_none:
                return None
            _check(type(raw) is dict and type(raw.get(tag)) is str and raw[tag] in tagged, "a tag no member has")
            return tagged[raw[tag]](raw)

        return by_tag
    builders = [_builder(member) for member in choices]

    def first(raw: Any) -> Any:
        if raw is None:
            _check(takes_none, "null where the union takes none")
            return None
        for build in builders:
            try:
                return build(raw)
            except Exception:  # a member that refuses it: validation tries the next
                continue
        raise Unbuildable("no member of the union builds")

    return first


def _checks(metadata: Sequence[Any]) -> list[_Build]:
    """The checks of ``metadata``, each a function from a value to the value, as pydantic applies them."""
    checks: list[_Build] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            checks.extend(_checks(item.metadata))
        elif isinstance(item, AfterValidator):
            checks.append(item.func)  # type: ignore[arg-type]  # the checks the models declare take the value
        elif isinstance(item, (BeforeValidator, WrapValidator)):
            continue  # they turn other input into what the annotation takes: JSON of that type passes through
        elif isinstance(item, StringConstraints) or (
            type(item).__name__ == "_PydanticGeneralMetadata" and set(vars(item)) == {"pattern"}
        ):
            checks.append(_text_check(item))
        elif isinstance(item, annotated_types.Ge):
            checks.append(partial(_bound, operator.ge, item.ge, False, "below its minimum"))
        elif isinstance(item, annotated_types.Le):
            checks.append(partial(_bound, operator.le, item.le, False, "above its maximum"))
        elif isinstance(item, annotated_types.MinLen):
            checks.append(partial(_bound, operator.ge, item.min_length, True, "too short"))
        elif isinstance(item, annotated_types.MaxLen):
            checks.append(partial(_bound, operator.le, item.max_length, True, "too long"))
        elif not isinstance(item, (Strict, AllowInfNan, Reference)):
            # exact JSON types and finite numbers are all this builder takes; references are checked later
            raise Unbuildable(f"a constraint this builder does not know: {item!r}")
    return checks


def _bound(compare: Callable[[Any, Any], bool], limit: Any, of_length: bool, reason: str, value: Any) -> Any:
    _check(compare(len(value) if of_length else value, limit), reason)
    return value


def _text_check(item: Any) -> _Build:
    if any(getattr(item, name, None) for name in ("strip_whitespace", "to_upper", "to_lower", "strict", "ascii_only")):
        raise Unbuildable("a text constraint that changes or narrows text")
    pattern, longest, shortest = (getattr(item, name, None) for name in ("pattern", "max_length", "min_length"))
    compiled = None if pattern is None else re.compile(pattern)

    def text(value: Any) -> Any:
        _check(type(value) is str, "a text constraint on something else")
        _check(longest is None or len(value) <= longest, "too long")
        _check(shortest is None or len(value) >= shortest, "too short")
        _check(compiled is None or compiled.search(value) is not None, "not of its pattern")
        return value

    return text


def _check(holds: bool, reason: str) -> None:
    if not holds:
        raise Unbuildable(reason)


@cache
def _datetime(*, aware: bool) -> pydantic_core.SchemaValidator:
    """Pydantic's own reading of a time, so a time keeps pydantic's time zone class, as validated."""
    schema: Any = {"type": "datetime", "tz_constraint": "aware"} if aware else {"type": "datetime"}
    return pydantic_core.SchemaValidator(schema)


def same_records(built: Sequence[Located], validated: Sequence[Located]) -> bool:
    """Whether two lists of records are the very same: classes, given fields, values and their types
    (a time's zone class too), places and sources, in order."""
    if len(built) != len(validated):
        return False
    return all(
        (a.file, a.path, a.source) == (b.file, b.path, b.source) and _shape(a.record) == _shape(b.record)
        for a, b in zip(built, validated, strict=True)
    )


def _shape(value: Any) -> Any:
    if isinstance(value, BaseModel):
        kind = type(value)
        fields = tuple((name, _shape(getattr(value, name))) for name in kind.model_fields)
        hidden = (value.__pydantic_extra__, value.__pydantic_private__, tuple(sorted(value.__dict__)))
        return (kind, tuple(sorted(value.model_fields_set)), fields, hidden)
    if isinstance(value, tuple):
        return (tuple, tuple(_shape(item) for item in value))
    zone = getattr(value, "tzinfo", None)
    return (type(value), repr(value), type(zone) if zone is not None else None)
