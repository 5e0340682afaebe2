"""The Pydantic models of a knowledge base: entities, facts, evidence and amounts.

The reference annotations (``OrganizationRef``, ``PersonRef``, ``PartyRef``, ``AnyRef``,
``SourceRef``, ``FundingRoundRef``) and ``PartialDate`` are for your own record types: a field
declared ``acquirer: OrganizationRef`` holds an organization's id, is checked like the built-in
references, and shows in tables, exports and the graph. ``Link`` and ``Titles`` declare how a
type of one's own draws and is found (``Record`` lists the class variables; docs/reuse.md shows them).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import (
    AnyRef,
    FundingRoundRef,
    Model,
    OrganizationRef,
    PartialDate,
    PartyRef,
    PersonRef,
    Record,
    Reference,
    SourceRef,
)
from .clauses import Clause
from .entities import Entity, Name, Organization, Person
from .facts import (
    Claim,
    Competition,
    Departure,
    ExclusivityClause,
    Fact,
    FundingRound,
    FundingUse,
    Investment,
    Metric,
    OtherTerm,
    Partnership,
    StatusChange,
    Valuation,
)
from .quantities import Money, Quantity
from .registry import RecordTypes
from .sources import Evidence, Source
from .templates import Link, Titles

__all__ = [
    "RECORD_TYPES",
    "AnyRecord",
    "AnyRef",
    "Claim",
    "Clause",
    "Competition",
    "Departure",
    "Entity",
    "Evidence",
    "ExclusivityClause",
    "Fact",
    "FundingRound",
    "FundingRoundRef",
    "FundingUse",
    "Investment",
    "Link",
    "Metric",
    "Model",
    "Money",
    "Name",
    "Organization",
    "OrganizationRef",
    "OtherTerm",
    "PartialDate",
    "Partnership",
    "PartyRef",
    "Person",
    "PersonRef",
    "Quantity",
    "Record",
    "RecordTypes",
    "Reference",
    "Source",
    "SourceRef",
    "StatusChange",
    "Titles",
    "Valuation",
]

AnyRecord = Annotated[
    Source
    | Organization
    | Person
    | FundingRound
    | Investment
    | Departure
    | Valuation
    | Competition
    | StatusChange
    | Metric
    | Partnership
    | FundingUse
    | Claim,
    Field(discriminator="type"),
]

RECORD_TYPES = RecordTypes(
    (
        Source,
        Organization,
        Person,
        FundingRound,
        Investment,
        Departure,
        Valuation,
        Competition,
        StatusChange,
        Metric,
        Partnership,
        FundingUse,
        Claim,
    ),
    families_first=(FundingRound, Investment, Departure, Valuation, Competition, Organization, Person),
)
"""The built-in record types; tables and exports list the families the article is about first."""
