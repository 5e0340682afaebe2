"""Which field types a record type may declare, checked when the type is registered.

Every part of the library reads a record's values as single values or tuples, hashes them to compare
and combine versions, and finds references in a field, in its ``X | None`` or in the items of its
tuple. ``models._tuples`` makes list and set fields tuples as a model is declared; what cannot work
is refused when a type joins a knowledge base (``RecordTypes``), with the field and the fix named,
rather than failing later in search or an export:

- a mapping (``dict[str, X]``): its values cannot be hashed;
- a reference where it is not checked: in a mapping, two collections deep, or references of
  different kinds in one fixed-length tuple;
- a nested pydantic model that is not frozen (it cannot be hashed), or one not derived from
  ``openai_kb.models.Model`` that declares a list or a set (only ``Model`` makes them tuples).
"""

from __future__ import annotations

import collections.abc
import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ._tuples import LISTS, SETS, as_tuples, declared
from .base import Model, Reference

__all__ = ["check_field_types"]

_ALIASES = {
    frozenset(): "AnyRef",
    frozenset({"organization"}): "OrganizationRef",
    frozenset({"person"}): "PersonRef",
    frozenset({"organization", "person"}): "PartyRef",
    frozenset({"source"}): "SourceRef",
    frozenset({"funding_round"}): "FundingRoundRef",
}
_FIX_REFERENCES = (
    "declare one reference, a tuple of them (tuple[OrganizationRef, ...]), or a tuple of a model of your own "
    "(a subclass of openai_kb.models.Model) whose fields hold them"
)


@cache
def check_field_types(model: type[BaseModel]) -> None:
    """Raise a ``TypeError`` naming the first field of ``model`` (or of a model it holds) whose type
    cannot work (see the module), and how to declare it instead."""
    if issubclass(model, Model) and model.__pydantic_fields_complete__:
        as_tuples(model)  # a field resolved only now (a name defined after the class) becomes a tuple too
    _check_model(model, model.__name__, set())


def _check_model(model: type[BaseModel], owner: str, seen: set[type[BaseModel]]) -> None:
    seen.add(model)
    for name, info in model.model_fields.items():
        where = f"{owner}.{name}"
        markers = [item for item in info.metadata if isinstance(item, Reference)]
        _check(info.annotation, where, declared(model, name), 0, markers, seen)


def _check(
    annotation: Any, where: str, declared: Any, depth: int, markers: list[Reference], seen: set[type[BaseModel]]
) -> None:
    """Check one annotation, ``depth`` tuples deep in the field ``where`` declared ``declared``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        found = [item for item in metadata if isinstance(item, Reference)]
        if found and depth > 1:
            raise TypeError(
                f"{where} is declared {spelled(declared)}, which holds references two collections deep, where "
                f"they are not checked; {_FIX_REFERENCES}"
            )
        _check(inner, where, declared, depth, [*markers, *found], seen)
        return
    if _is_mapping(annotation):
        raise TypeError(
            f"{where} is declared {spelled(declared)}: a mapping cannot be hashed, so its records could not be "
            "compared, combined or searched; declare a tuple of a model of your own instead, such as "
            "tuple[Entry, ...] with class Entry(openai_kb.models.Model) holding a key and a value"
        )
    if annotation in LISTS or annotation in SETS or origin in LISTS or origin in SETS:
        raise TypeError(
            f"{where} is declared {spelled(declared)}: a list or a set cannot be hashed, and only a model "
            "derived from openai_kb.models.Model holds one as a tuple; declare tuple[X, ...] instead, or "
            "derive the model from openai_kb.models.Model"
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            if not annotation.model_config.get("frozen"):
                raise TypeError(
                    f"{where} holds {annotation.__name__}, a model that is not frozen, so records holding it "
                    f"cannot be hashed; derive {annotation.__name__} from openai_kb.models.Model (frozen, as "
                    "records are), or give it model_config = ConfigDict(frozen=True)"
                )
            _check_model(annotation, f"{where} -> {annotation.__name__}", seen)
        return
    args = get_args(annotation)
    if origin in (Union, types.UnionType):
        for arg in args:
            _check(arg, where, declared, depth, markers, seen)
    elif origin is tuple:
        variadic = len(args) == 2 and args[1] is Ellipsis
        for arg in args[:1] if variadic else args:
            _check(arg, where, declared, depth + 1, [], seen)
        kinds = {_alias(marker) for arg in args if arg is not Ellipsis for marker in _markers_in(arg)}
        if not variadic and len(kinds) > 1:
            raise TypeError(
                f"{where} is declared {spelled(declared)}, a tuple of references of different kinds "
                f"({', '.join(sorted(kinds))}), whose items are checked as one kind; declare a field for each"
            )


def _is_mapping(annotation: Any) -> bool:
    origin = get_origin(annotation) or annotation
    return isinstance(origin, type) and issubclass(origin, collections.abc.Mapping)


def _markers_in(annotation: Any) -> list[Reference]:
    if get_origin(annotation) is Annotated:
        return [item for item in get_args(annotation)[1:] if isinstance(item, Reference)]
    return [marker for arg in get_args(annotation) for marker in _markers_in(arg)]


def _alias(marker: Reference) -> str:
    return _ALIASES.get(marker.types) or f"Reference({', '.join(sorted(marker.types))})"


def spelled(annotation: Any) -> str:
    """An annotation as it is written in code: ``dict[str, OrganizationRef]``, ``tuple[str, ...] | None``."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        markers = [item for item in args[1:] if isinstance(item, Reference)]
        return _alias(markers[0]) if markers else spelled(args[0])
    if origin in (Union, types.UnionType):
        return " | ".join(spelled(arg) for arg in args)
    if annotation is type(None):
        return "None"
    if annotation is Ellipsis:
        return "..."
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(spelled(arg) for arg in args)}]" if args else name
    return getattr(annotation, "__name__", str(annotation))
