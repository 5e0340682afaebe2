"""The Pydantic models of a knowledge base: entities, facts, evidence and amounts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Model, PartialDate, Record, Reference
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
from .sources import Evidence, Source

__all__ = [
    "RECORD_TYPES",
    "AnyRecord",
    "Claim",
    "Competition",
    "Departure",
    "Entity",
    "Evidence",
    "ExclusivityClause",
    "Fact",
    "FundingRound",
    "FundingUse",
    "Investment",
    "Metric",
    "Model",
    "Money",
    "Name",
    "Organization",
    "OtherTerm",
    "PartialDate",
    "Partnership",
    "Person",
    "Quantity",
    "Record",
    "Reference",
    "Source",
    "StatusChange",
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

RECORD_TYPES: dict[str, type[Record]] = {
    cls.model_fields["type"].default: cls
    for cls in (
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
    )
}
