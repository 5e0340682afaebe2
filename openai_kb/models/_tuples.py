"""List and set fields of a model, declared the natural way, held as tuples.

Records are frozen and compared, hashed, combined and searched by their values, which every part
of the library reads as single values or tuples. A model of a user's own may declare
``members: list[OrganizationRef]`` or ``tags: set[str]``: when the class is declared, such a field
becomes a tuple field, so it validates to a tuple and behaves exactly as the built-in tuple fields
do (its references are checked, it hashes, it shows in tables, search and exports):

- ``list[X]`` (and ``Sequence[X]``, ``MutableSequence[X]``, ``deque[X]``) becomes ``tuple[X, ...]``:
  the items in their order;
- ``set[X]`` and ``frozenset[X]`` (and ``AbstractSet[X]``, ``MutableSet[X]``) become ``tuple[X, ...]``
  of distinct items, sorted when they can be (a set has no order of its own, so equal sets give
  equal tuples and a saved file is the same from run to run), else in the order first given;
- inside ``X | None``, ``Annotated[...]`` and tuples, the same, at any depth.

A default (``= []``, ``= set()``, ``default_factory=list``) is validated, so it becomes a tuple too.
"""

from __future__ import annotations

import collections
import collections.abc
import types
import weakref
from copy import copy
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, Field

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["LISTS", "SETS", "as_tuples", "declared", "tuple_annotation"]

LISTS = frozenset({list, collections.abc.Sequence, collections.abc.MutableSequence, collections.deque})
"""Origins of annotations held as a tuple of their items, in order."""
SETS = frozenset({set, frozenset, collections.abc.Set, collections.abc.MutableSet})
"""Origins of annotations held as a tuple of their distinct items."""


_declared: weakref.WeakKeyDictionary[type[BaseModel], dict[str, Any]] = weakref.WeakKeyDictionary()


def declared(model: type[BaseModel], name: str) -> Any:
    """A field's annotation as its class declared it (``list[X]``), before it was made a tuple."""
    return _declared.get(model, {}).get(name, model.model_fields[name].annotation)


def as_tuples(model: type[BaseModel]) -> bool:
    """Declare ``model``'s list and set fields as tuple fields (see the module); whether any changed.

    Done before its validator is built (models are built when first used): one built already is built
    again. A field whose annotation is not resolved yet (a name defined later) is left as it is.
    """
    fields = model.__pydantic_fields__
    changed = False
    for name, info in list(fields.items()):
        annotation = tuple_annotation(info.annotation)
        if annotation is info.annotation:
            continue
        replaced = copy(info)
        replaced.annotation = annotation
        if not info.is_required():
            replaced.validate_default = True  # [] or set() as a default becomes a tuple like any value
        fields[name] = replaced
        _declared.setdefault(model, {})[name] = info.annotation
        changed = True
    if changed and model.__pydantic_complete__:
        model.model_rebuild(force=True)
    return changed


def tuple_annotation(annotation: Any) -> Any:
    """``annotation`` with every list or set in it made a tuple (see the module); itself if it has none."""
    origin = get_origin(annotation)
    if annotation in LISTS:  # a bare list, without its items' type
        return tuple[Any, ...]
    if annotation in SETS:
        return _distinct(Any)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        made = tuple_annotation(inner)
        return annotation if made is inner else _ANNOTATED[(made, *metadata)]
    args = get_args(annotation)
    if origin in LISTS:
        return _TUPLE[tuple_annotation(args[0]) if args else Any, ...]
    if origin in SETS:
        return _distinct(tuple_annotation(args[0]) if args else Any)
    if origin in (Union, types.UnionType):
        made_args = tuple(tuple_annotation(arg) for arg in args)
        return annotation if all(m is a for m, a in zip(made_args, args, strict=True)) else Union[made_args]  # noqa: UP007
    if origin is tuple:
        made_args = tuple(arg if arg is Ellipsis else tuple_annotation(arg) for arg in args)
        return annotation if all(m is a for m, a in zip(made_args, args, strict=True)) else _TUPLE[made_args]
    return annotation


_ANNOTATED: Any = Annotated  # subscripted with what is known only at run time
_TUPLE: Any = tuple


def _distinct(item: Any) -> Any:
    return Annotated[
        _TUPLE[item, ...], AfterValidator(_sorted_distinct), Field(json_schema_extra={"uniqueItems": True})
    ]


def _sorted_distinct(items: tuple[Any, ...]) -> tuple[Any, ...]:
    """A set's items as a tuple: each once, sorted when they sort, else in the order first given."""
    distinct = tuple(dict.fromkeys(items))
    try:
        return tuple(sorted(distinct))
    except TypeError:  # items that do not sort (models, mixed types): as first given
        return distinct
