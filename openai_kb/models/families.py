"""Typed names for the built-in families: ``kb.people`` is a ``list[Person]`` to editors and type checkers.

Any family, built-in or a user's own, is also reached by name at run time (``kb.acquisitions``,
``KnowledgeBase.__getattr__``); these properties only give the built-in ones their types. A new
built-in record type may add one here.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from .base import Record
from .entities import Organization, Person
from .facts import (
    Claim,
    Competition,
    Departure,
    FundingRound,
    FundingUse,
    Investment,
    Metric,
    Partnership,
    StatusChange,
    Valuation,
)
from .sources import Source

__all__ = ["BuiltInFamilies"]

R = TypeVar("R", bound=Record)


class _HoldsRecords(Protocol):
    def records(self, kind: type[R], /) -> list[R]: ...


class BuiltInFamilies:
    """A mixin of one typed property per built-in family, each ``self.records(Model)``."""

    __slots__ = ()

    @property
    def funding_rounds(self: _HoldsRecords) -> list[FundingRound]:
        return self.records(FundingRound)

    @property
    def investors(self: _HoldsRecords) -> list[Investment]:
        return self.records(Investment)

    @property
    def departed_executives(self: _HoldsRecords) -> list[Departure]:
        return self.records(Departure)

    @property
    def valuations(self: _HoldsRecords) -> list[Valuation]:
        return self.records(Valuation)

    @property
    def competitors(self: _HoldsRecords) -> list[Competition]:
        return self.records(Competition)

    @property
    def organizations(self: _HoldsRecords) -> list[Organization]:
        return self.records(Organization)

    @property
    def people(self: _HoldsRecords) -> list[Person]:
        return self.records(Person)

    @property
    def sources(self: _HoldsRecords) -> list[Source]:
        return self.records(Source)

    @property
    def status_changes(self: _HoldsRecords) -> list[StatusChange]:
        return self.records(StatusChange)

    @property
    def metrics(self: _HoldsRecords) -> list[Metric]:
        return self.records(Metric)

    @property
    def partnerships(self: _HoldsRecords) -> list[Partnership]:
        return self.records(Partnership)

    @property
    def funding_uses(self: _HoldsRecords) -> list[FundingUse]:
        return self.records(FundingUse)

    @property
    def claims(self: _HoldsRecords) -> list[Claim]:
        return self.records(Claim)
