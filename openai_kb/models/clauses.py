"""Clauses: models a record holds in a tuple, each with a ``kind`` tag and evidence of its own (a round's terms).

A clause says, as a record does, how it shows: tables, SQLite and JSON-LD spread the clauses of a
record from these declarations and its fields, and the graph draws its links, so no output names a
kind of clause.
"""

# No `from __future__ import annotations` here: pydantic would evaluate every string annotation of a
# model's bases again for each subclass (the class variables of Record twenty times over at import).

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Union, cast, get_args, get_origin

from pydantic import BaseModel

from .base import Model
from .registry import reference_fields
from .templates import Link, bare, check_declarations

if TYPE_CHECKING:
    from .base import Record

__all__ = ["Clause", "clause_fields", "clause_models", "reference_names"]


class Clause(Model):
    """The base of a clause: a table cell shows its ``description``, or its ``label_template`` without one."""

    label_template: ClassVar[str | None] = None
    """How it reads in a table cell when it has no description (references as ids): ``"exclusivity: {binds}"``."""
    graph_links: ClassVar[tuple[Link, ...]] = ()
    """The edges it draws; ``"id"`` is the record holding it."""
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Term",)
    """Its JSON-LD classes."""
    topic_words: ClassVar[tuple[str, ...]] = ()
    """Words that name it in a query: a record holding it is found by them (``("exclusivity", "排他")``)."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Check its declarations against its fields as the class is declared."""
        super().__pydantic_init_subclass__(**kwargs)
        check_declarations(cls)


def clause_models(annotation: Any) -> tuple[type[Clause], ...]:
    """The clause models of an annotation (``ExclusivityClause | OtherTerm``), or ``()`` if it is not of clauses."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    members = get_args(annotation) if get_origin(annotation) in (Union, type(int | None)) else (annotation,)
    if all(isinstance(member, type) and issubclass(member, Clause) for member in members):
        return tuple(members)
    return ()


@cache
def clause_fields(model: type[BaseModel]) -> dict[str, tuple[type[Clause], ...]]:
    """The fields of a model holding a tuple of clauses, and the clause models of each, in order."""
    found: dict[str, tuple[type[Clause], ...]] = {}
    for name, info in model.model_fields.items():
        annotation = bare(info.annotation)
        if get_origin(annotation) is tuple:
            models = clause_models(get_args(annotation)[0])
            if models:
                found[name] = models
    return found


@cache
def reference_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a record or a clause model that hold references (one id, or a tuple of ids)."""
    return frozenset(reference_fields(cast("type[Record]", model)))  # it reads only the model's fields
