"""Equal bookkeeping shared between records, so that a million records do not hold a million copies.

Pydantic gives every model instance a set of the fields it was given (``model_fields_set``, what
``model_dump(exclude_unset=True)`` and saving read): about 216 bytes, a fifth of a small record.
Records of one class given the same fields have equal sets; after reading, they share one. This is
safe for frozen models, which every record model is unless a type of one's own says otherwise:
pydantic changes a model's set only when a field is assigned (refused when frozen), and
``model_copy`` copies the set before adding the updated fields to it. A type that is not frozen keeps
a set of its own for each record.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

__all__ = ["share_fields_sets"]

_set_slot = object.__setattr__


def share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Make models of one frozen class that were given the same fields share one ``model_fields_set``.

    Records usually come in runs of one class and one shape, so a model is first compared with the
    set its class shared last; only a set not seen before is looked up by its contents.
    """
    last: dict[type[BaseModel], set[str] | None] = {}  # per class: the set shared last (None: not frozen)
    seen: dict[tuple[type[BaseModel], frozenset[str]], set[str]] = {}
    for model in models:
        given: set[str] = model.__pydantic_fields_set__
        kind = type(model)
        shared = last.get(kind, given)
        if shared is given:  # the first of its class, or sharing already
            if kind not in last:
                last[kind] = given if kind.model_config.get("frozen") else None
                seen[kind, frozenset(given)] = given
            continue
        if shared is None:
            continue
        if shared != given:
            shared = seen.setdefault((kind, frozenset(given)), given)
            last[kind] = shared
            if shared is given:
                continue
        _set_slot(model, "__pydantic_fields_set__", shared)
