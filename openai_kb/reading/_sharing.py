"""Equal bookkeeping shared between records, so that a million records do not hold a million copies.

Pydantic gives every model instance a set of the fields it was given (``model_fields_set``, what
``model_dump(exclude_unset=True)`` and saving read): about 216 bytes, a fifth of a small record.
Records of one class given the same fields have equal sets; after reading, they share one, and so
do the models inside them (names, evidence, amounts). This is
safe for frozen models, which every record model is unless a type of one's own says otherwise:
pydantic changes a model's set only when a field is assigned (refused when frozen), and
``model_copy`` copies the set before adding the updated fields to it. A type that is not frozen keeps
a set of its own for each record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, get_args

from pydantic import BaseModel

__all__ = ["share_fields_sets"]

_set_slot = object.__setattr__
_holders: dict[type[BaseModel], tuple[str, ...]] = {}  # per class: its fields that may hold models


def share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Make models of one frozen class that were given the same fields share one ``model_fields_set``.

    The models inside them (in fields of models or tuples of them) are shared alike, level by level.
    A class's models come in a few shapes, so a model's set is compared with the few its class shares
    already; past ``_FEW`` of them, a set is looked up by its contents.
    """
    shapes: dict[type[BaseModel], list[set[str]] | None] = {}  # per class: the sets shared (None: not frozen)
    seen: dict[tuple[type[BaseModel], frozenset[str]], set[str]] = {}
    inner: list[BaseModel] = []  # the models inside these (names, evidence...), shared next
    _share(models, shapes, seen, inner)
    while inner:
        outer, inner = inner, []
        _share(outer, shapes, seen, inner)


_FEW = 8


def _share(
    models: Iterable[BaseModel],
    shapes: dict[type[BaseModel], list[set[str]] | None],
    seen: dict[tuple[type[BaseModel], frozenset[str]], set[str]],
    inner: list[BaseModel],
) -> None:
    for model in models:
        kind = type(model)
        holders = _holders.get(kind)
        if holders is None:
            holders = _holders[kind] = _model_fields(kind)
        if holders:
            values = model.__dict__
            for name in holders:
                value = values.get(name)
                if type(value) is tuple:
                    if value:
                        inner.extend([item for item in value if isinstance(item, BaseModel)])
                elif isinstance(value, BaseModel):
                    inner.append(value)
        given: set[str] = model.__pydantic_fields_set__
        known = shapes.get(kind)
        if known is None:
            if kind not in shapes:  # the first model of its class; one that is not frozen could change its set
                shapes[kind] = [given] if kind.model_config.get("frozen") else None
            continue
        for shared in known:
            if shared == given:
                if shared is not given:
                    _set_slot(model, "__pydantic_fields_set__", shared)
                break
        else:
            if len(known) < _FEW:
                known.append(given)
            else:
                shared = seen.setdefault((kind, frozenset(given)), given)
                if shared is not given:
                    _set_slot(model, "__pydantic_fields_set__", shared)


def _model_fields(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``kind`` whose values may be models or tuples of them."""
    return tuple(name for name, field in kind.model_fields.items() if _holds_models(field.annotation))


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(argument) for argument in get_args(annotation))
