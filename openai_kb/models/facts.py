"""Facts: relations between entities, each with its evidence and how the source holds it."""

# No `from __future__ import annotations` here: pydantic would evaluate every string annotation of a
# model's bases again for each subclass (the class variables of Record twenty times over at import).

from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StrictBool, model_validator

from .base import AnyRef, FundingRoundRef, OrganizationRef, PartialDate, PartyRef, PersonRef, Record
from .clauses import Clause
from .entities import Name
from .quantities import Money, Quantity
from .sources import Evidence
from .templates import Link, Titles

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
    def _attribution_is_consistent(self) -> "Fact":
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


class ExclusivityClause(Clause):
    """A term of a round that bars the bound parties from investing in named competitors."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "exclusivity",
        "exclusive",
        "exclusivity clause",
        "排他",
        "排他性",
        "独家",
    )

    label_template: ClassVar[str | None] = "exclusivity: [{binds} ]barred from {barred}"
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("id", "barred", "bars", "bars[ {binds}] from investing", line="dashed"),
    )
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:ExclusivityClause",)

    kind: Literal["exclusivity"] = "exclusivity"
    binds: Literal["investors", "company", "founders", "employees"] | None = Field(
        default=None, description="Who the clause binds; None when the source does not say."
    )
    barred: tuple[OrganizationRef, ...] = Field(min_length=1, description="The competitors it names.")
    barred_complete: StrictBool = Field(
        default=True, description="False when the source names these only as examples ('including ...')."
    )
    description: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class OtherTerm(Clause):
    """Any other term of a round, described in words."""

    topic_words: ClassVar[tuple[str, ...]] = ("term", "condition", "条款", "条件")

    kind: Literal["other"] = "other"
    description: str = Field(min_length=1)
    evidence: tuple[Evidence, ...] = Field(min_length=1)


Term = Annotated[ExclusivityClause | OtherTerm, Field(discriminator="kind")]


class FundingRound(Fact):
    """A company raising money from investors."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "round",
        "funding",
        "financing",
        "fundraising",
        "raise",
        "融资",
        "募资",
        "本轮",
        "这轮",
        "该轮",
    )

    type: Literal["funding_round"] = "funding_round"
    family: ClassVar[str] = "funding_rounds"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:FundingRound",)
    graph_node: ClassVar[bool] = True
    label_template: ClassVar[str | None] = "{company} funding round[ of {amount}]"
    graph_caption: ClassVar[str | None] = "funding round[ {amount}][ / {amount.text}][, {date}]"
    graph_shape: ClassVar[str] = "hexagon"
    graph_colours: ClassVar[tuple[str, str] | None] = ("#e6f6ea", "#3a8a4f")
    graph_order: ClassVar[int | None] = 1
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("company", "id", "raised", "raised"),
        # the investors of a round without an investment record of their own (which draws its own edge)
        Link("lead_investors", "id", "led", "led", line="thick", fallback=True),
        Link("participants", "id", "participated", "participated", fallback=True),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {
        "lead_investors": "kb:leadInvestor",
        "participants": "kb:participant",
        "terms": "kb:term",
    }
    jsonld_extra: ClassVar[Mapping[str, tuple[str, ...]]] = {  # schema.org's word for anyone who put money in
        "schema:funder": ("lead_investors", "participants")
    }
    company: OrganizationRef
    amount: Money | None = Field(default=None, description="The round's size; None when the source does not say.")
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

    topic_words: ClassVar[tuple[str, ...]] = (
        "invest",
        "investing",
        "stake",
        "投资",
        "投资者",
        "投资人",
        "投资方",
        "出资",
    )

    type: Literal["investment"] = "investment"
    family: ClassVar[str] = "investors"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:InvestAction", "kb:Investment")
    label_template: ClassVar[str | None] = "{organization}: {lead:lead investor|investor|investor} in {round}"
    graph_order: ClassVar[int | None] = 2
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link(
            "organization",
            "round",
            "{lead:led|participated|invested}",
            "{lead:led|participated|invested}[ {amount}]",
            line="{lead:thick|plain|plain}",
        ),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {"organization": "schema:agent"}
    organization: OrganizationRef
    round: FundingRoundRef
    lead: StrictBool | None = Field(
        default=None, description="Whether it led the round; None when the source does not say."
    )
    amount: Money | None = Field(default=None, description="What it put in; None when the source does not say.")


class Departure(Fact):
    """A person leaving a post at an organization (the departed executives family)."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "departed",
        "exit",
        "exodus",
        "resignation",
        "resigned",
        "left",
        "离职",
        "离开",
        "出走",
        "辞职",
        "离任",
    )

    type: Literal["departure"] = "departure"
    family: ClassVar[str] = "departed_executives"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:OrganizationRole", "kb:Departure")
    label_template: ClassVar[str | None] = "{person} left {organization}[ ({title})]"
    graph_order: ClassVar[int | None] = 3
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("person", "organization", "left", "left[: {title}][ / {title_zh}]"),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {
        "person": "schema:member",
        "title_names": "schema:roleName",
        "title_zh": "kb:titleAsPrinted",
        "date": "schema:endDate",
    }
    # "CTO" finds the person who held the post, as "OpenAI CTO" and "OpenAI的首席技术官" do
    search_titles: ClassVar[Titles | None] = Titles(
        (("title", "en"), ("title_zh", "zh-Hans"), ("title_names", None)), of="person", at="organization"
    )
    person: PersonRef
    organization: OrganizationRef
    title: str | None = Field(
        default=None,
        min_length=1,
        description="The post, in English; None when the source does not say.",
        examples=["Chief Technology Officer"],
    )
    title_zh: str | None = Field(default=None, description="The post as printed in Chinese.", examples=["首席技术长"])
    title_names: tuple[Name, ...] = Field(default=(), description="Other renderings of the title.")
    recent_wave: StrictBool | None = Field(
        default=None,
        description=(
            "True for the wave of departures the source reports; False for those it says came earlier; "
            "None when it does not say."
        ),
    )
    cofounder: StrictBool | None = Field(
        default=None, description="Whether the source calls them a co-founder; None when it does not say."
    )
    date: PartialDate | None = Field(default=None, description="When, to the precision the source gives.")


class Valuation(Fact):
    """A figure the source gives for what a company is worth."""

    topic_words: ClassVar[tuple[str, ...]] = ("valued", "worth", "估值", "估价", "市值", "身价")

    type: Literal["valuation"] = "valuation"
    family: ClassVar[str] = "valuations"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Valuation",)
    graph_node: ClassVar[bool] = True
    label_template: ClassVar[str | None] = "{company} valued at {amount}[ ({basis:hyphens})]"
    graph_caption: ClassVar[str | None] = "{amount}[ / {amount.text}]"
    graph_shape: ClassVar[str] = "stadium"
    graph_colours: ClassVar[tuple[str, str] | None] = ("#f3e8fd", "#7a4ab5")
    graph_order: ClassVar[int | None] = 5
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("company", "id", "valued_at", "valued at[ ({basis:hyphens}, {assertion:hide=stated})]"),
        Link("id", "round", "valuation_of", "valuation of", line="dotted"),
    )
    company: OrganizationRef
    amount: Money
    basis: Literal["post_money", "pre_money", "conversion", "market", "other"] | None = Field(
        default=None,
        description=(
            "What the figure is: a round's post- or pre-money valuation, the valuation at a change of "
            "legal form ('conversion'), or a market valuation; None when the source does not say."
        ),
    )
    round: FundingRoundRef | None = None
    as_of: PartialDate | None = None


class Competition(Fact):
    """An organization competing with another (the competitors family)."""

    topic_words: ClassVar[tuple[str, ...]] = ("rival", "rivalry", "竞争", "竞争对手", "对手")
    topic_fields: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "barred_by_exclusivity": ("exclusivity", "exclusive", "排他", "排他性", "独家")
    }

    type: Literal["competition"] = "competition"
    family: ClassVar[str] = "competitors"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Competition",)
    label_template: ClassVar[str | None] = "{organization} competes with {competitor_of}"
    graph_order: ClassVar[int | None] = 4
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link(
            "organization",
            "competitor_of",
            "competes_with",
            "competes with[ ({primary:main|}, {barred_by_exclusivity:barred by exclusivity|})]",
            line="dashed",
        ),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {"organization": "kb:competitor"}
    organization: OrganizationRef = Field(description="The competitor.")
    competitor_of: OrganizationRef
    barred_by_exclusivity: StrictBool | None = Field(
        default=None,
        description="Whether an exclusivity clause bars investors from it; None when the source does not say.",
    )
    primary: StrictBool | None = Field(
        default=None, description="Whether the source calls it a main competitor; None when it does not say."
    )


class StatusChange(Fact):
    """An organization changing its legal or organizational form."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "conversion",
        "restructuring",
        "for profit",
        "nonprofit",
        "non profit",
        "转型",
        "重组",
        "营利",
        "非营利",
    )

    type: Literal["status_change"] = "status_change"
    family: ClassVar[str] = "status_changes"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:StatusChange",)
    graph_node: ClassVar[bool] = True
    label_template: ClassVar[str | None] = "{organization} converting from {from_status:hyphens} to {to_status:hyphens}"
    graph_caption: ClassVar[str | None] = "{from_status:hyphens} → {to_status:hyphens}"
    graph_shape: ClassVar[str] = "subroutine"
    graph_colours: ClassVar[tuple[str, str] | None] = ("#f5f5f5", "#777777")
    graph_order: ClassVar[int | None] = 6
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("organization", "id", "status_change", "status change[ ({progress:spaces})]"),
    )
    organization: OrganizationRef
    from_status: str = Field(min_length=1, examples=["nonprofit"])
    to_status: str = Field(min_length=1, examples=["for_profit"])
    progress: Literal["planned", "in_progress", "completed"] | None = Field(
        default=None, description="How far it has gone; None when the source does not say."
    )
    date: PartialDate | None = None


class Metric(Fact):
    """A measured figure about something, as of a date."""

    topic_words: ClassVar[tuple[str, ...]] = ("statistic", "指标")

    type: Literal["metric"] = "metric"
    family: ClassVar[str] = "metrics"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Metric",)
    label_template: ClassVar[str | None] = "{subject} {name}: {amount}{value}"
    jsonld_predicates: ClassVar[Mapping[str, str]] = {
        "subject": "schema:about",
        "name": "schema:name",
        "value": "schema:value",
    }
    english_fields: ClassVar[frozenset[str]] = frozenset({"name"})
    subject: AnyRef
    name: str = Field(min_length=1, examples=["active users", "annual revenue"])
    value: Quantity | None = Field(default=None, description="The figure, when it counts something other than money.")
    amount: Money | None = Field(default=None, description="The figure, when it is money.")
    as_of: PartialDate | None = None

    @model_validator(mode="after")
    def _one_figure(self) -> "Metric":
        if self.value is None and self.amount is None:
            raise ValueError(
                "a metric gives its figure: amount (a Money, for money) or value (a Quantity, for anything else)"
            )
        if self.value is not None and self.amount is not None:
            raise ValueError(
                "a metric gives its figure once, as amount (a Money) or as value (a Quantity): remove one of them"
            )
        return self


class Partnership(Fact):
    """Organizations working together."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "cooperation",
        "collaboration",
        "alliance",
        "合作",
        "伙伴",
        "合作伙伴",
    )

    type: Literal["partnership"] = "partnership"
    family: ClassVar[str] = "partnerships"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Partnership",)
    label_template: ClassVar[str | None] = "{organizations:join= and }: {nature}"
    graph_order: ClassVar[int | None] = 7
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("organizations[0]", "organizations[1:]", "partner", "partner: {nature}", line="both"),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {"organizations": "kb:partner"}
    organizations: tuple[OrganizationRef, ...] = Field(min_length=2)
    nature: str = Field(min_length=1, examples=["close cooperation"])
    partners_complete: StrictBool = True


class FundingUse(Fact):
    """What a round's money is meant to pay for."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "use of funds",
        "use of proceeds",
        "proceeds",
        "spending",
        "用途",
        "资金用途",
    )

    type: Literal["funding_use"] = "funding_use"
    family: ClassVar[str] = "funding_uses"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:FundingUse",)
    label_template: ClassVar[str | None] = "Uses of {round}: {purposes}"
    jsonld_predicates: ClassVar[Mapping[str, str]] = {"purposes": "kb:purpose"}
    round: FundingRoundRef
    purposes: tuple[str, ...] = Field(min_length=1, examples=[["expand research"]])


class Claim(Fact):
    """Any other statement: a record set, a criticism, a state of affairs, the author's analysis."""

    topic_words: ClassVar[tuple[str, ...]] = (
        "opinion",
        "view",
        "analysis",
        "comment",
        "commentary",
        "观点",
        "看法",
        "评论",
        "分析",
    )

    type: Literal["claim"] = "claim"
    family: ClassVar[str] = "claims"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:Claim",)
    graph_edges: ClassVar[bool] = False  # a statement about things, which kb.about shows, not a relation
    label_template: ClassVar[str | None] = "{statement}"
    jsonld_predicates: ClassVar[Mapping[str, str]] = {
        "subject": "schema:about",
        "about": "schema:mentions",
        "statement": "schema:text",
    }
    kind: Literal["record", "criticism", "status", "analysis", "context"]
    subject: AnyRef
    about: tuple[AnyRef, ...] = Field(default=(), description="Other records the statement concerns.")
    statement: str = Field(min_length=1, description="The statement, in English.")
