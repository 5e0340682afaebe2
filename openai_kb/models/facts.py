"""Facts: relations between entities, each with its evidence and how the source holds it."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, StrictBool, model_validator

from .base import AnyRef, FundingRoundRef, Model, OrganizationRef, PartialDate, PartyRef, PersonRef, Record
from .entities import Name
from .quantities import Money, Quantity
from .sources import Evidence

__all__ = [
    "Assertion",
    "Claim",
    "Competition",
    "Departure",
    "ExclusivityClause",
    "Fact",
    "FundingRound",
    "FundingUse",
    "Investment",
    "Metric",
    "OtherTerm",
    "Partnership",
    "StatusChange",
    "Term",
    "Valuation",
]

Assertion = Literal["stated", "attributed", "expected", "planned", "opinion"]


class Fact(Record):
    """A statement taken from a source: at least one ``Evidence``, and how the source holds it."""

    evidence: tuple[Evidence, ...] = Field(min_length=1, description="The spans of the source that support it.")
    assertion: Assertion = Field(
        default="stated",
        description=(
            "'stated' as fact, 'attributed' to someone (see attributed_to and attribution), 'expected' or "
            "'planned' for the future, or the author's 'opinion'."
        ),
    )
    attributed_to: PartyRef | None = Field(default=None, description="Who holds it, when attributed to a party.")
    attribution: str | None = Field(
        default=None,
        min_length=1,
        description="Who holds it in the source's own words, when attributed to someone it does not name.",
        examples=["people familiar with the matter", "知情人士"],
    )

    @model_validator(mode="after")
    def _attribution_is_consistent(self) -> Fact:
        if self.assertion == "attributed":
            if self.attributed_to is None and self.attribution is None:
                raise ValueError(
                    "an attributed fact says who holds it: attributed_to (a person or organization) or, "
                    "when the source names nobody, attribution (its words, such as 'people familiar with the matter')"
                )
            return self
        if self.attributed_to is not None or self.attribution is not None:
            given = [name for name in ("attributed_to", "attribution") if getattr(self, name) is not None]
            fields = " and ".join(given)
            verb = "are" if len(given) > 1 else "is"
            raise ValueError(
                f"{fields} {verb} set but assertion is {self.assertion!r}: "
                f"make it 'attributed', or remove {'them' if len(given) > 1 else 'it'}"
            )
        return self


class ExclusivityClause(Model):
    """A term of a round that bars the bound parties from investing in named competitors."""

    kind: Literal["exclusivity"] = "exclusivity"
    binds: Literal["investors", "company", "founders", "employees"] = Field(
        default="investors", description="Who the clause binds."
    )
    barred: tuple[OrganizationRef, ...] = Field(min_length=1, description="The competitors it names.")
    barred_complete: StrictBool = Field(
        default=True, description="False when the source names these only as examples ('including ...')."
    )
    description: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class OtherTerm(Model):
    """Any other term of a round, described in words."""

    kind: Literal["other"] = "other"
    description: str = Field(min_length=1)
    evidence: tuple[Evidence, ...] = Field(min_length=1)


Term = Annotated[ExclusivityClause | OtherTerm, Field(discriminator="kind")]


class FundingRound(Fact):
    """A company raising money from investors."""

    type: Literal["funding_round"] = "funding_round"
    family: ClassVar[str] = "funding_rounds"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:FundingRound",)
    graph_node: ClassVar[bool] = True
    company: OrganizationRef
    amount: Money
    lead_investors: tuple[OrganizationRef, ...] = ()
    participants: tuple[OrganizationRef, ...] = Field(default=(), description="Investors other than the leads.")
    participants_complete: StrictBool = Field(
        default=True, description="False when the source lists participants only as examples ('... and others')."
    )
    post_money_valuation: Money | None = None
    terms: tuple[Term, ...] = ()
    date: PartialDate | None = None


class Investment(Fact):
    """An organization investing in a funding round (the investors family)."""

    type: Literal["investment"] = "investment"
    family: ClassVar[str] = "investors"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:InvestAction", "kb:Investment")
    organization: OrganizationRef
    round: FundingRoundRef
    lead: StrictBool = Field(description="Whether it led the round.")
    amount: Money | None = None


class Departure(Fact):
    """A person leaving a post at an organization (the departed executives family)."""

    type: Literal["departure"] = "departure"
    family: ClassVar[str] = "departed_executives"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:OrganizationRole", "kb:Departure")
    person: PersonRef
    organization: OrganizationRef
    title: str = Field(min_length=1, description="The post, in English.", examples=["Chief Technology Officer"])
    title_zh: str | None = Field(default=None, description="The post as printed in Chinese.", examples=["首席技术长"])
    title_names: tuple[Name, ...] = Field(default=(), description="Other renderings of the title.")
    recent_wave: StrictBool = Field(
        default=False,
        description="True for the wave of departures the source reports; False for those it says came earlier.",
    )
    cofounder: StrictBool = False
    date: PartialDate | None = Field(default=None, description="When, to the precision the source gives.")


class Valuation(Fact):
    """A figure the source gives for what a company is worth."""

    type: Literal["valuation"] = "valuation"
    family: ClassVar[str] = "valuations"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Valuation",)
    graph_node: ClassVar[bool] = True
    company: OrganizationRef
    amount: Money
    basis: Literal["post_money", "pre_money", "conversion", "market", "other"] = Field(
        description=(
            "What the figure is: a round's post- or pre-money valuation, the valuation at a change of "
            "legal form ('conversion'), or a market valuation."
        )
    )
    round: FundingRoundRef | None = None
    as_of: PartialDate | None = None


class Competition(Fact):
    """An organization competing with another (the competitors family)."""

    type: Literal["competition"] = "competition"
    family: ClassVar[str] = "competitors"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Competition",)
    organization: OrganizationRef = Field(description="The competitor.")
    competitor_of: OrganizationRef
    barred_by_exclusivity: StrictBool = Field(
        default=False, description="Whether an exclusivity clause bars investors from it."
    )
    primary: StrictBool = Field(default=False, description="Whether the source calls it a main competitor.")


class StatusChange(Fact):
    """An organization changing its legal or organizational form."""

    type: Literal["status_change"] = "status_change"
    family: ClassVar[str] = "status_changes"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:StatusChange",)
    graph_node: ClassVar[bool] = True
    organization: OrganizationRef
    from_status: str = Field(min_length=1, examples=["nonprofit"])
    to_status: str = Field(min_length=1, examples=["for_profit"])
    progress: Literal["planned", "in_progress", "completed"] = "completed"
    date: PartialDate | None = None


class Metric(Fact):
    """A measured figure about something, as of a date."""

    type: Literal["metric"] = "metric"
    family: ClassVar[str] = "metrics"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Metric",)
    subject: AnyRef
    name: str = Field(min_length=1, examples=["active users"])
    value: Quantity
    as_of: PartialDate | None = None


class Partnership(Fact):
    """Organizations working together."""

    type: Literal["partnership"] = "partnership"
    family: ClassVar[str] = "partnerships"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Partnership",)
    organizations: tuple[OrganizationRef, ...] = Field(min_length=2)
    nature: str = Field(min_length=1, examples=["close cooperation"])
    partners_complete: StrictBool = True


class FundingUse(Fact):
    """What a round's money is meant to pay for."""

    type: Literal["funding_use"] = "funding_use"
    family: ClassVar[str] = "funding_uses"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:FundingUse",)
    round: FundingRoundRef
    purposes: tuple[str, ...] = Field(min_length=1, examples=[["expand research"]])


class Claim(Fact):
    """Any other statement: a record set, a criticism, a state of affairs, the author's analysis."""

    type: Literal["claim"] = "claim"
    family: ClassVar[str] = "claims"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:Claim",)
    graph_edges: ClassVar[bool] = False  # a statement about things, which kb.about shows, not a relation
    kind: Literal["record", "criticism", "status", "analysis", "context"]
    subject: AnyRef
    about: tuple[AnyRef, ...] = Field(default=(), description="Other records the statement concerns.")
    statement: str = Field(min_length=1, description="The statement, in English.")
