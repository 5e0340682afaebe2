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
from types import MappingProxyType
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter

from ..errors import UnknownKindError
from ._field_types import check_field_types
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


def _folded(word: str) -> str:
    """A word as the kind lookup compares it: ``" Funding-Rounds"`` -> ``"funding_rounds"``."""
    return re.sub(r"[\s_-]+", "_", word.strip().lower())


# How alike (difflib's ratio) a misspelt word and a known one must be for "did you mean": 'persn'
# and 'person' are 0.91, 'peeple' and 'people' 0.83, while 'acquisition' (a type of one's own) and
# 'valuation' are 0.6, too far apart to suggest one for the other.
_CLOSE = 0.7


def _words_of(families: Mapping[str, str]) -> dict[str, str]:
    """Every word that names a record type (folded), and its type tag: tags, then families, then their other number.

    ``person``, ``people``, ``persons``; ``investment``, ``investors``, ``investments``, ``investor``.
    An earlier word is never taken over by a later one: a tag or a family always names its own.
    """
    words: dict[str, str] = {}
    for tag in families.values():
        words.setdefault(_folded(tag), tag)
    for family, tag in families.items():
        words.setdefault(_folded(family), tag)
    for tag in families.values():
        words.setdefault(_folded(f"{tag}s"), tag)
    for family, tag in families.items():
        if family.endswith("s"):
            words.setdefault(_folded(family[:-1]), tag)
    return words


class RecordTypes(Mapping[str, type[Record]]):
    """An ordered, immutable mapping of type tag -> record model, with the families they form."""

    __slots__ = ("_by_family", "_by_name", "_first", "_words")

    def __init__(self, models: Iterable[type[Record]], *, families_first: Iterable[type[Record]] = ()) -> None:
        """``models`` in the order records are counted; ``families_first`` lists tables and exports first."""
        by_name: dict[str, type[Record]] = {}
        for model in models:
            if not (isinstance(model, type) and issubclass(model, Record)):
                given = model.__name__ if isinstance(model, type) else type(model).__name__
                raise TypeError(f"a record type is a subclass of openai_kb.Record, not {given}")
            name = type_name(model)
            check_field_types(model)
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
        self._words = MappingProxyType(_words_of(self._by_family))

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

    @property
    def words(self) -> Mapping[str, str]:
        """Every word ``kind`` takes, and the type tag it names: what completion offers.

        Tags and families, singular and plural: ``person``, ``people``, ``persons``; ``investment``,
        ``investments``, ``investors``, ``investor``. ``kind`` also folds case, spaces and ``-``.
        """
        return self._words

    def kind(self, word: str, *, also: Mapping[str, str] | None = None) -> str:
        """The type tag a word names: ``"people"``, ``"Person"`` or ``"persons"`` -> ``"person"``.

        A tag or a family, singular or plural, in any case, with ``-``, ``_`` or a space between
        its words (``"funding rounds"``). A word of ``also`` (``{"evidence": "every quote"}``, where
        a table is asked for) is given back as itself. Any other word is an ``UnknownKindError``
        that suggests the closest known word and lists the known types and families.
        """
        if not isinstance(word, str):
            given = f"the class {word.__name__}" if isinstance(word, type) else type(word).__name__
            raise TypeError(f"a record type or family is named by a str, such as 'person' or 'people', not {given}")
        tag = self.resolve(word)
        if tag is not None:
            return tag
        folded = _folded(word)
        if also and folded in also:
            return folded
        raise UnknownKindError(
            word,
            suggestion=self.closest(word, also=also or ()),
            types=self._by_name,
            families=self._by_family,
            also=also,
        )

    def resolve(self, word: str) -> str | None:
        """The type tag a word names, as ``kind`` reads it, or ``None`` when it names none.

        A tag or a family as declared always names its own type, whatever folding would make of it.
        """
        if word in self._by_name:
            return word
        return self._by_family.get(word) or self._words.get(_folded(word))

    def closest(self, word: str, *, also: Iterable[str] = ()) -> str | None:
        """The known word (of ``words``, or ``also``) closest to a misspelt one, for "did you mean"; else ``None``."""
        found = difflib.get_close_matches(_folded(word), [*self._words, *also], n=1, cutoff=_CLOSE)
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
