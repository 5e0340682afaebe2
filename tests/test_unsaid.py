"""Not stated is a value: a fact field a report leaves unsaid is None, labels read well, checks skip it."""

from __future__ import annotations

from typing import Any

import pytest

import openai_kb
from openai_kb import DataError, KnowledgeBase, Metric, Money, Source

from .reports import money

ARTICLE = "source:huaxia-2024-10-14-openai"
TEXT = "OpenAI raised money from Thrive Capital and others; it now has annual revenue of US$3.7 billion."


def _quote(quote: str) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"source": "source:brief", "quote": quote, "start": start, "end": start + len(quote)}


BRIEF = Source(id="source:brief", title="Brief", language="en", length=len(TEXT))


def _with(*records: dict[str, Any]) -> KnowledgeBase:
    """The bundled data and the brief, with these records of the brief's."""
    return openai_kb.load().add(BRIEF, *records)


def test_fields_a_report_may_leave_unsaid_are_none_by_default() -> None:
    """Built without them, the fields a source may not give are None, not False, zero or a guessed word."""
    evidence = [_quote("Thrive Capital")]
    investment = openai_kb.Investment(id="investment:x", organization="org:a", round="round:r", evidence=evidence)
    valuation = openai_kb.Valuation(id="valuation:x", company="org:a", amount=money("1"), evidence=evidence)
    round_ = openai_kb.FundingRound(id="round:x", company="org:a", evidence=evidence)
    departure = openai_kb.Departure(id="departure:x", person="person:a", organization="org:a", evidence=evidence)
    competition = openai_kb.Competition(
        id="competition:x", organization="org:a", competitor_of="org:b", evidence=evidence
    )
    change = openai_kb.StatusChange(
        id="status_change:x", organization="org:a", from_status="nonprofit", to_status="for_profit", evidence=evidence
    )
    clause = openai_kb.ExclusivityClause(barred=["org:b"], evidence=evidence)
    assert (investment.lead, investment.amount, valuation.basis, round_.amount) == (None, None, None, None)
    assert (departure.title, departure.recent_wave, departure.cofounder, departure.date) == (None, None, None, None)
    assert (competition.primary, competition.barred_by_exclusivity, change.progress, clause.binds) == (
        None,
        None,
        None,
        None,
    )


def test_labels_read_well_without_what_is_unsaid() -> None:
    """A label leaves out what the source does not say, and an unsaid lead reads as an investor."""
    kb = _with(
        {"type": "funding_round", "id": "round:brief", "company": "org:openai", "evidence": [_quote("raised money")]},
        {
            "type": "investment", "id": "investment:brief-thrive", "organization": "org:thrive-capital",
            "round": "round:brief", "evidence": [_quote("from Thrive Capital")],
        },
        {
            "type": "valuation", "id": "valuation:brief", "company": "org:openai", "amount": money("157000000000"),
            "evidence": [_quote("OpenAI")],
        },
        {
            "type": "departure", "id": "departure:brief", "person": "person:mira-murati",
            "organization": "org:openai", "evidence": [_quote("OpenAI")],
        },
    )  # fmt: skip
    assert [kb.label(key) for key in ("round:brief", "investment:brief-thrive", "valuation:brief")] == [
        "OpenAI funding round",
        "Thrive Capital: investor in OpenAI funding round",
        "OpenAI valued at US$157 billion",
    ]
    assert kb.label("departure:brief") == "Mira Murati left OpenAI"
    edges = {(edge.record, edge.relation, edge.label) for edge in kb.graph().edges}
    assert ("investment:brief-thrive", "invested", "invested") in edges
    assert ("valuation:brief", "valued_at", "valued at") in edges
    assert ("departure:brief", "left", "left") in edges


def test_an_investment_that_does_not_say_whether_it_led_is_not_checked_against_the_round() -> None:
    """lead None is neither true nor false: no round list contradicts it, and it gives no value for lead."""
    kb = _with(
        {
            "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
            "organization": "org:thrive-capital", "round": "round:openai-2024-10", "amount": money("1200000000"),
            "evidence": [_quote("Thrive Capital")],
        },
        {
            "type": "investment", "id": "investment:brief-softbank", "organization": "org:softbank",
            "round": "round:openai-2024-10", "evidence": [_quote("others")],
        },
        {"type": "organization", "id": "org:softbank", "name": "SoftBank"},
    )  # fmt: skip
    thrive = "investment:thrive-capital-openai-2024-10"
    assert [value.value for value in kb.values(thrive, "lead")] == [True]
    assert kb[thrive].lead is True
    assert kb["investment:brief-softbank"].lead is None
    assert kb.disagreements() == []


def test_a_stated_lead_is_still_checked() -> None:
    """lead false for the round's named lead is refused, naming the record, the field and the list."""
    with pytest.raises(DataError) as caught:
        _with(
            {
                "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
                "organization": "org:thrive-capital", "round": "round:openai-2024-10", "lead": False,
                "evidence": [_quote("Thrive Capital")],
            },
        )  # fmt: skip
    assert [str(problem) for problem in caught.value.problems] == [
        "<records>: record 'investment:thrive-capital-openai-2024-10' at $[1].lead: lead is false but "
        "'org:thrive-capital' is not in 'round:openai-2024-10''s participants"
    ]


def test_a_round_that_names_no_leads_says_nothing_against_an_investment_that_led() -> None:
    """A round of a report that names no leads does not contradict an investment of it that says it led."""
    kb = KnowledgeBase.from_records(
        [
            BRIEF,
            {"type": "organization", "id": "org:openai", "name": "OpenAI"},
            {"type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital"},
            {"type": "funding_round", "id": "round:r", "company": "org:openai", "evidence": [_quote("raised money")]},
            {
                "type": "investment", "id": "investment:i", "organization": "org:thrive-capital", "round": "round:r",
                "lead": True, "evidence": [_quote("from Thrive Capital")],
            },
        ]
    )  # fmt: skip
    assert kb["investment:i"].lead is True


def test_a_metric_of_money_takes_money() -> None:
    """Revenue is an amount in a currency, labelled and searched as money; a metric gives one figure."""
    kb = _with(
        {
            "type": "metric", "id": "metric:openai-revenue", "subject": "org:openai", "name": "annual revenue",
            "amount": money("3700000000"), "evidence": [_quote("annual revenue of US$3.7 billion")],
        },
    )  # fmt: skip
    assert kb.label("metric:openai-revenue") == "OpenAI annual revenue: US$3.7 billion"
    assert kb["metric:openai-revenue"].amount == Money(amount="3700000000", currency="USD")
    with pytest.raises(DataError) as caught:
        Metric(id="metric:x", subject="org:a", name="revenue", evidence=[_quote("OpenAI")])
    assert str(caught.value.problems[0]) == (
        "Metric(...): record 'metric:x' at $: a metric gives its figure: amount (a Money, for money) or value "
        "(a Quantity, for anything else)"
    )
    with pytest.raises(DataError) as caught:
        Metric(
            id="metric:x", subject="org:a", name="revenue", evidence=[_quote("OpenAI")],
            amount=money("1"), value={"value": "1", "unit": "users"},
        )  # fmt: skip
    assert str(caught.value.problems[0]) == (
        "Metric(...): record 'metric:x' at $: a metric gives its figure once, as amount (a Money) or as value "
        "(a Quantity): remove one of them"
    )


def test_the_bundled_data_keeps_its_values() -> None:
    """The article states every field the models now leave unsaid by default: nothing of it became None."""
    kb = openai_kb.load()
    assert [investment.lead for investment in kb.investors] == [True, False, False]
    assert [valuation.basis for valuation in kb.valuations] == ["post_money", "conversion", "post_money"]
    assert [(d.recent_wave, d.cofounder) for d in kb.departed_executives] == [
        (True, False), (True, False), (True, False), (False, True), (False, False), (False, True),
    ]  # fmt: skip
    assert kb.funding_rounds[0].terms[0].binds == "investors"
    assert [(c.primary, c.barred_by_exclusivity) for c in kb.competitors] == [(True, True), (False, True)]
    assert kb.status_changes[0].progress == "in_progress"
