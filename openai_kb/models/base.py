"""Shared building blocks of every model: the base class, ids, references, dates, languages."""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..showing import as_html

__all__ = [
    "AnyRef",
    "FundingRoundRef",
    "Language",
    "Model",
    "OrganizationRef",
    "PartialDate",
    "PartyRef",
    "PersonRef",
    "Record",
    "RecordId",
    "Reference",
    "SourceRef",
]


class Model(BaseModel):
    """Base of every model: immutable, and a typo in hand-edited JSON fails loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*:\S+$", max_length=200),
    Field(description="A stable, readable id: a type prefix, a colon, a slug.", examples=["org:openai"]),
]


class Record(Model):
    """A top-level item of a knowledge base: it has a ``type`` tag and a unique ``id``."""

    type: str
    id: RecordId

    family: ClassVar[str]
    """The family its records form, named as people say it (``"investors"``); default: the type tag + "s"."""
    jsonld_classes: ClassVar[tuple[str, ...]]
    """Its JSON-LD classes (``("schema:Person",)``); default: ``kb:`` and the class name."""
    graph_node: ClassVar[bool] = False
    """Whether its records draw as nodes of the graph (entities, rounds...) rather than only as edges."""
    graph_edges: ClassVar[bool] = True
    """Whether its reference fields draw as edges; False for statements about things (claims)."""

    def _repr_html_(self) -> str:
        """The record in a notebook: its names, fields and evidence (``kb.about`` adds what mentions it)."""
        return as_html(self)


class Reference:
    """Marks a field as holding the id of another record of one of ``types`` (empty: any type)."""

    __slots__ = ("types",)

    def __init__(self, *types: str) -> None:
        self.types = frozenset(types)

    def __repr__(self) -> str:
        return f"Reference({', '.join(sorted(self.types))})"


def _to_id(value: Any) -> Any:
    """Accept a record where an id is expected, so users can pass objects or ids alike."""
    if isinstance(value, Record):
        return value.id
    return value


_REF = StringConstraints(pattern=r"^[a-z][a-z0-9_]*:\S+$")


def _described(*types: str) -> Any:
    names = " or ".join(types) if types else "any record"
    return Field(description=f"The id of {names}; a record object is accepted and stored as its id.")


AnyRef = Annotated[str, BeforeValidator(_to_id), _REF, Reference(), _described()]
SourceRef = Annotated[str, BeforeValidator(_to_id), _REF, Reference("source"), _described("a source")]
OrganizationRef = Annotated[
    str, BeforeValidator(_to_id), _REF, Reference("organization"), _described("an organization")
]
PartyRef = Annotated[
    str,
    BeforeValidator(_to_id),
    _REF,
    Reference("organization", "person"),
    _described("an organization", "a person"),
]
PersonRef = Annotated[str, BeforeValidator(_to_id), _REF, Reference("person"), _described("a person")]
FundingRoundRef = Annotated[
    str, BeforeValidator(_to_id), _REF, Reference("funding_round"), _described("a funding round")
]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_partial_date(value: str) -> str:
    match = _DATE.match(value)
    if match is None:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} is not between 01 and 12")
    if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        raise ValueError(f"day {day} does not exist in {year}-{month}")
    return value


PartialDate = Annotated[
    str,
    AfterValidator(_check_partial_date),
    Field(
        description="A date with the precision the source gives: a year, a month or a day.",
        examples=["2024", "2024-10", "2024-10-14"],
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    ),
]

Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(description="A BCP-47 language tag.", examples=["en", "zh-Hans", "zh-Hant"]),
]
