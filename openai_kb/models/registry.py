"""The record types a knowledge base knows: the built-in ones, and any a user declares.

Each record model says once what it is (its ``type`` tag, its family name, its JSON-LD classes,
whether it draws as a node); ``RecordTypes`` is the ordered set of them that validation, tables,
exports, the graph and the command line all read. A user's own model joins by being passed in
(``load(path, types=[Acquisition])``) or by adding a record of it (``kb.add(Acquisition(...))``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter

from .base import Record, Reference

__all__ = ["RecordTypes", "family_name", "jsonld_classes", "reference_fields", "type_name"]


def type_name(model: type[Record]) -> str:
    """The ``type`` tag of a record model: ``Person`` -> ``"person"``."""
    field = model.model_fields.get("type")
    default = None if field is None else field.default
    if not isinstance(default, str) or not default:
        raise TypeError(
            f'{model.__name__} has no type tag: declare it as type: Literal["{_snake(model.__name__)}"] '
            f'= "{_snake(model.__name__)}"'
        )
    return default


def family_name(model: type[Record]) -> str:
    """The family a model's records form (``kb.table("investors")``): declared, else the type tag + "s"."""
    declared = model.__dict__.get("family")
    return declared if isinstance(declared, str) else f"{type_name(model)}s"


def jsonld_classes(model: type[Record]) -> tuple[str, ...]:
    """The JSON-LD classes of a model's nodes: declared, else ``kb:`` and the class name."""
    declared = model.__dict__.get("jsonld_classes")
    return tuple(declared) if declared else (f"kb:{model.__name__}",)


@cache
def reference_fields(model: type[Record]) -> dict[str, Reference]:
    """The fields of a model that hold references (one id, or a tuple of ids), by name, in order."""
    found: dict[str, Reference] = {}
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Reference)), None) or _reference_in(info.annotation)
        if marker is not None:
            found[name] = marker
    return found


def _reference_in(annotation: Any) -> Reference | None:
    """The reference marker inside ``Annotated[str, ..., Reference(...)]``, ``... | None`` or ``tuple[...]``."""
    if get_origin(annotation) is Annotated:
        marker = next((m for m in annotation.__metadata__ if isinstance(m, Reference)), None)
        if marker is not None:
            return marker
    for arg in get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):  # a nested model: its references are its own
            continue
        marker = _reference_in(arg)
        if marker is not None:
            return marker
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class RecordTypes(Mapping[str, type[Record]]):
    """An ordered, immutable mapping of type tag -> record model, with the families they form."""

    __slots__ = ("_by_family", "_by_name", "_first")

    def __init__(self, models: Iterable[type[Record]], *, families_first: Iterable[type[Record]] = ()) -> None:
        """``models`` in the order records are counted; ``families_first`` lists tables and exports first."""
        by_name: dict[str, type[Record]] = {}
        for model in models:
            if not (isinstance(model, type) and issubclass(model, Record)):
                given = model.__name__ if isinstance(model, type) else type(model).__name__
                raise TypeError(f"a record type is a subclass of openai_kb.Record, not {given}")
            name = type_name(model)
            known = by_name.get(name)
            if known is not None and known is not model:
                raise TypeError(
                    f"two models share the type tag {name!r}: {known.__module__}.{known.__qualname__} "
                    f"and {model.__module__}.{model.__qualname__}"
                )
            by_name[name] = model
        self._by_name = by_name
        self._first = tuple(families_first)
        ordered = [*(model for model in self._first if model in by_name.values()), *by_name.values()]
        self._by_family = {family_name(model): type_name(model) for model in dict.fromkeys(ordered)}

    def __getitem__(self, name: str) -> type[Record]:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordTypes):
            return NotImplemented
        return list(self._by_name.items()) == list(other._by_name.items())

    def __hash__(self) -> int:
        return hash(tuple(self._by_name.values()))

    def __repr__(self) -> str:
        return f"RecordTypes({', '.join(self._by_name)})"

    @property
    def families(self) -> dict[str, str]:
        """Each family name and the type tag of its records, in table order: ``{"investors": "investment", ...}``."""
        return dict(self._by_family)

    def family(self, name: str) -> str:
        """The family of a type tag: ``"investment"`` -> ``"investors"``."""
        return family_name(self._by_name[name])

    def with_models(self, models: Iterable[type[Record]]) -> RecordTypes:
        """These types and ``models`` after them (a model already here is kept once)."""
        return RecordTypes([*self._by_name.values(), *models], families_first=self._first)

    def resolve(self, kind: str) -> str | None:
        """The type tag a word names: a type tag (``"person"``) or a family (``"people"``); else None."""
        if kind in self._by_name:
            return kind
        return self._by_family.get(kind)

    def closest(self, kind: str) -> str | None:
        """The type tag or family closest to a misspelt word, for "did you mean"."""
        found = difflib.get_close_matches(kind, [*self._by_family, *self._by_name], n=1)
        return found[0] if found else None

    def annotation(self) -> Any:
        """The annotation of one record of any of these types: a union tagged by ``type``."""
        models = list(self._by_name.values())
        union: Any = models[0]
        for model in models[1:]:
            union = union | model
        return union if len(models) == 1 else Annotated[union, Field(discriminator="type")]

    def adapter(self) -> TypeAdapter[Record]:
        """A validator of one record of any of these types, chosen by its ``type`` tag (built once)."""
        return _adapter(self)


@cache
def _adapter(types: RecordTypes) -> TypeAdapter[Record]:
    return TypeAdapter(types.annotation())
