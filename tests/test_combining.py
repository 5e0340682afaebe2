"""Several reports of the same events: one record each, every version kept, where they differ shown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import openai_kb
from openai_kb import DataError, KnowledgeBase, QueryError, Source
from openai_kb.reading._combining import combine

from .reports import money, note_a, note_b

BUNDLED_SOURCE = "source:huaxia-2024-10-14-openai"


@pytest.fixture(scope="module")
def everything() -> KnowledgeBase:
    """The bundled article, then note A, then note B."""
    return openai_kb.load().merge(note_a()).merge(note_b())


def test_a_record_described_three_times_is_one_record(everything: KnowledgeBase) -> None:
    """The round, Thrive's investment and the valuation stay one record each, citing every source."""
    bundled = openai_kb.load()
    assert len(everything) == len(bundled) + 4  # two notes, SoftBank and its investment
    assert [i.id for i in everything.investors].count("investment:thrive-capital-openai-2024-10") == 1
    assert everything.sources_of("round:openai-2024-10") == (BUNDLED_SOURCE, "source:note-a", "source:note-b")
    assert everything.sources_of("source:note-a") == ("source:note-a",)
    assert len(everything.versions("valuation:openai-2024-10-post-money")) == 3


def test_agreeing_sources_give_one_value_with_all_their_evidence(everything: KnowledgeBase) -> None:
    """Three sources that give US$157 billion are one value, supported three times."""
    (value,) = everything.values("valuation:openai-2024-10-post-money", "amount")
    assert value.value.amount == Decimal("157000000000")
    assert value.sources == (BUNDLED_SOURCE, "source:note-a", "source:note-b")
    assert [e.source for e in value.evidence] == [BUNDLED_SOURCE, BUNDLED_SOURCE, "source:note-a", "source:note-b"]
    assert [(held.source, held.assertion, len(held.evidence)) for held in value.holdings] == [
        (BUNDLED_SOURCE, "stated", 2),
        ("source:note-a", "stated", 1),
        ("source:note-b", "stated", 1),
    ]


def test_a_value_only_one_source_gives_is_kept_with_its_source(everything: KnowledgeBase) -> None:
    """The article gives no amount for Thrive: the notes' amounts are kept, the first one shown."""
    values = everything.values("investment:thrive-capital-openai-2024-10", "amount")
    assert [(v.value.amount, v.sources) for v in values] == [
        (Decimal("1250000000"), ("source:note-a",)),
        (Decimal("1300000000"), ("source:note-b",)),
    ]
    assert everything["investment:thrive-capital-openai-2024-10"].amount.amount == Decimal("1250000000")


def test_disagreements_are_exactly_the_fields_that_differ(everything: KnowledgeBase) -> None:
    """Only Thrive's amount differs between the sources; lists (participants) are unioned, not compared."""
    found = everything.disagreements()
    assert [(d.record, d.field) for d in found] == [("investment:thrive-capital-openai-2024-10", "amount")]
    assert [v.sources for v in found[0].values] == [("source:note-a",), ("source:note-b",)]
    assert everything["round:openai-2024-10"].participants == ("org:microsoft", "org:nvidia", "org:softbank")


def test_by_source_is_the_knowledge_base_as_one_source_tells_it(everything: KnowledgeBase) -> None:
    """by_source keeps one source's versions (and what they refer to); the article alone is the bundled data."""
    assert everything.by_source(BUNDLED_SOURCE) == openai_kb.load()
    note_b = everything.by_source("source:note-b")
    assert [v.value.amount for v in note_b.values("investment:thrive-capital-openai-2024-10", "amount")] == [
        Decimal("1300000000")
    ]
    assert note_b.disagreements() == []
    with pytest.raises(QueryError, match="'org:openai' is an organization, not a source"):
        everything.by_source("org:openai")


def test_save_and_load_keep_every_version(everything: KnowledgeBase, tmp_path: Path) -> None:
    """A saved knowledge base holds every version; loaded back it is equal, values and all."""
    loaded = openai_kb.load(everything.save(tmp_path / "all.json"))
    assert loaded == everything
    assert loaded.disagreements() == everything.disagreements()


def test_load_takes_several_paths(tmp_path: Path) -> None:
    """load(BUNDLED, mine) is the bundled data and mine as one, references across them resolved."""
    mine = note_a().save(tmp_path / "note-a.json")
    assert openai_kb.load(openai_kb.BUNDLED, mine) == openai_kb.load().merge(openai_kb.load(mine))
    assert openai_kb.load() == openai_kb.load(openai_kb.BUNDLED)


def test_the_order_of_sources_changes_what_is_shown_not_what_is_known(everything: KnowledgeBase) -> None:
    """Merged the other way round, every field has the same values, though another one may be shown first."""
    reversed_ = note_b().merge(note_a()).merge(openai_kb.load())
    for record in everything:
        for field in type(record).model_fields:
            forward = {_known(value) for value in everything.values(record, field)}
            assert forward == {_known(value) for value in reversed_.values(record, field)}, (record.id, field)
    assert reversed_["investment:thrive-capital-openai-2024-10"].amount.amount == Decimal("1300000000")


def _known(value: openai_kb.Value) -> tuple[object, frozenset[tuple[str | None, str | None]]]:
    """A value as the sources know it: an amount by its figure (each source prints it its own way), and
    each source with how it holds it."""
    shown = value.value
    if isinstance(shown, openai_kb.Money):
        shown = (shown.amount, shown.currency, shown.qualifier)
    elif isinstance(shown, tuple):
        shown = frozenset(shown)  # a list is the union of what the sources name, in the order they came
    return repr(shown), frozenset((held.source, held.assertion) for held in value.holdings)


def test_values_names_an_unknown_field(everything: KnowledgeBase) -> None:
    """Asking for a field the record does not have lists the ones it has."""
    with pytest.raises(QueryError, match=r"^investment has no field 'amonut'; its fields: evidence, assertion"):
        everything.values("investment:thrive-capital-openai-2024-10", "amonut")


def test_one_id_for_two_types_cannot_be_combined() -> None:
    """The only refusal: an id used for a record of another type."""
    with pytest.raises(DataError, match="id already used by a funding_round in"):
        openai_kb.load().add({"type": "organization", "id": "round:openai-2024-10", "name": "Not a round"})


def test_combining_keeps_each_versions_provenance_together() -> None:
    """The shown record takes the first version's assertion with its values; later ones only fill gaps."""
    first = openai_kb.Valuation(
        id="valuation:x", company="org:x", amount={"amount": "1", "currency": "USD"}, basis="post_money",
        assertion="expected", evidence=[{"source": "source:a", "quote": "a", "start": 0, "end": 1}],
    )  # fmt: skip
    second = first.model_copy(update={"assertion": "stated", "as_of": "2024-10"})
    shown = combine([first, second])
    assert (shown.assertion, shown.as_of) == ("expected", "2024-10")


# -- properties: combining is associative, and what is known does not depend on the order -----------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
SOURCES = ("source:s1", "source:s2", "source:s3")


def _version(source: str, position: int, kind: str, choice: int, basis: str) -> dict[str, Any]:
    evidence = [{"source": source, "quote": "x", "start": position, "end": position + 1}]
    amount = money(str((choice + 1) * 1_000_000))
    if kind == "round":
        return {
            "type": "funding_round", "id": "round:r", "company": "org:c", "amount": amount,
            "participants_complete": False, "evidence": evidence,
        }  # fmt: skip
    if kind == "investment":
        fields: dict[str, Any] = {"amount": amount} if choice else {}
        return {
            "type": "investment", "id": "investment:i", "organization": "org:i", "round": "round:r",
            "lead": False, "evidence": evidence, **fields,
        }  # fmt: skip
    return {
        "type": "valuation", "id": "valuation:v", "company": "org:c", "amount": amount, "basis": basis,
        "evidence": evidence,
    }  # fmt: skip


@st.composite
def _reports(draw: Any) -> list[KnowledgeBase]:
    """Three sources, each describing the round (always), an investment in it and a valuation (maybe)."""
    reports = []
    for source in SOURCES:
        records: list[Any] = [
            Source(id=source, title=source, language="en", length=20),
            {"type": "organization", "id": "org:c", "name": "C"},
            {"type": "organization", "id": "org:i", "name": "I"},
        ]
        for kind in ("round", *draw(st.sets(st.sampled_from(["investment", "valuation"])))):
            choice = draw(st.integers(0, 2))
            basis = draw(st.sampled_from(["post_money", "pre_money"]))
            records.append(_version(source, draw(st.integers(0, 18)), kind, choice, basis))
        reports.append(KnowledgeBase.from_records(records))
    return reports


def _knowledge(
    kb: KnowledgeBase,
) -> dict[tuple[str, str], set[tuple[object, frozenset[tuple[str | None, str | None]]]]]:
    return {
        (record.id, field): {_known(value) for value in kb.values(record, field)}
        for record in kb
        for field in type(record).model_fields
    }


@pytest.mark.slow
@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(_reports(), st.permutations(range(3)))
def test_combining_is_associative_and_order_free(reports: list[KnowledgeBase], order: list[int]) -> None:
    """(a+b)+c == a+(b+c); any order gives the same values per field; kb+kb == kb."""
    a, b, c = reports
    combined = a.merge(b).merge(c)
    assert combined == a.merge(b.merge(c))
    assert combined.merge(combined) == combined
    x, y, z = (reports[i] for i in order)
    assert _knowledge(x.merge(y).merge(z)) == _knowledge(combined)


@pytest.mark.slow
@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(_reports())
def test_each_source_told_apart_and_merged_back_is_the_same(reports: list[KnowledgeBase]) -> None:
    """by_source of every source, merged back, gives the same records and values (those no source
    supports or refers to aside)."""
    combined = reports[0].merge(reports[1]).merge(reports[2])
    parts = [combined.by_source(source) for source in SOURCES]
    again = parts[0].merge(parts[1]).merge(parts[2])
    supported = {record.id for record in combined if combined.sources_of(record) or combined.mentions(record)}
    assert {record.id for record in again} == supported
    assert _knowledge(again) == {key: known for key, known in _knowledge(combined).items() if key[0] in supported}


def test_about_shows_each_value_with_its_sources(everything: KnowledgeBase) -> None:
    """Where sources differ, about lists every value with who gives it, and names the sources of the record."""
    text = str(everything.about("investment:thrive-capital-openai-2024-10"))
    assert "  amount: US$1.25 billion\n    - US$1.25 billion  — Note A\n" in text
    assert "    - US$1.3 billion  — Note B\n" in text
    assert "  sources: 华夏传媒网, 2024-10-14 09:31; Note A; Note B\n" in text
    html = everything.about("investment:thrive-capital-openai-2024-10")._repr_html_()
    assert "<li>US$1.3 billion <span" in html
    assert "Sources: 华夏传媒网, 2024-10-14 09:31; Note A; Note B" in html
    assert "sources:" not in str(openai_kb.load().about("investment:thrive-capital-openai-2024-10"))
