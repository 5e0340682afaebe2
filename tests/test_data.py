"""The bundled data: the article's facts, exact citations, and a schema that is never stale."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb.errors import ProblemLog
from openai_kb.models import Evidence
from openai_kb.reading._checks import iter_references
from openai_kb.reading._store import DEFAULT_MAX_FILE_BYTES, bundled_data_dir, dumps_records, read_records
from openai_kb.schema import render_schema
from openai_kb.verify import evidence_of

from .conftest import SOURCE

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE = "source:huaxia-2024-10-14-openai"


def _all_evidence(kb: openai_kb.KnowledgeBase) -> list[tuple[str, openai_kb.Evidence]]:
    found = []
    for record in kb:
        found.extend((record.id, item) for item in getattr(record, "evidence", ()))
        for term in getattr(record, "terms", ()):
            found.extend((record.id, item) for item in term.evidence)
    return found


def test_round_size_currency_and_lead(kb: openai_kb.KnowledgeBase) -> None:
    """The round is US$6.6 billion, exactly, led by Thrive Capital alone."""
    (round_,) = kb.funding_rounds
    assert round_.company == "org:openai"
    assert round_.amount.amount == Decimal("6600000000")
    assert round_.amount.currency == "USD"
    assert round_.lead_investors == ("org:thrive-capital",)
    assert kb[round_.lead_investors[0]].name == "Thrive Capital"


def test_participants_are_microsoft_and_nvidia_among_others(kb: openai_kb.KnowledgeBase) -> None:
    """Microsoft and Nvidia took part; the article says 'and others', so the list is marked incomplete."""
    (round_,) = kb.funding_rounds
    assert set(round_.participants) == {"org:microsoft", "org:nvidia"}
    assert round_.participants_complete is False


def test_investors_family_matches_the_round(kb: openai_kb.KnowledgeBase) -> None:
    """Three investor records: Thrive Capital leads, Microsoft and Nvidia do not."""
    leads = {kb[i.organization].name: i.lead for i in kb.investors}
    assert leads == {"Thrive Capital": True, "Microsoft": False, "Nvidia": False}
    assert {i.round for i in kb.investors} == {"round:openai-2024-10"}


def test_post_money_valuation_is_157_billion(kb: openai_kb.KnowledgeBase) -> None:
    """The round values OpenAI at US$157 billion."""
    (round_,) = kb.funding_rounds
    assert round_.post_money_valuation is not None
    assert round_.post_money_valuation.amount == Decimal("157000000000")


def test_valuations_keep_stated_and_expected_apart(kb: openai_kb.KnowledgeBase) -> None:
    """US$157bn is stated; 'expected to exceed US$150bn' is a different, expected figure."""
    figures = {(v.basis, v.amount.amount, v.amount.qualifier, v.assertion) for v in kb.valuations}
    assert figures == {
        ("post_money", Decimal("157000000000"), "exact", "stated"),
        ("post_money", Decimal("150000000000"), "more_than", "expected"),
        ("conversion", Decimal("150000000000"), "exact", "expected"),
    }


def test_six_departures(kb: openai_kb.KnowledgeBase) -> None:
    """Three left in the recent wave; Sutskever, Leike and Schulman left earlier; two were co-founders."""
    departures = {kb[d.person].name: d for d in kb.departed_executives}
    assert {name for name, d in departures.items() if d.recent_wave} == {"Mira Murati", "Bob McGrew", "Barret Zoph"}
    assert {name for name, d in departures.items() if not d.recent_wave} == {
        "Ilya Sutskever",
        "Jan Leike",
        "John Schulman",
    }
    assert {name for name, d in departures.items() if d.cofounder} == {"Ilya Sutskever", "John Schulman"}
    assert departures["Mira Murati"].title == "Chief Technology Officer"
    assert departures["Mira Murati"].title_zh == "首席技术长"
    assert {d.organization for d in departures.values()} == {"org:openai"}


def test_two_competitors_barred_by_exclusivity(kb: openai_kb.KnowledgeBase) -> None:
    """Anthropic and xAI compete with OpenAI, and the exclusivity clause bars investors from both."""
    rivals = {kb[c.organization].name: c for c in kb.competitors}
    assert set(rivals) == {"Anthropic", "xAI"}
    assert all(c.competitor_of == "org:openai" and c.barred_by_exclusivity for c in rivals.values())
    assert rivals["Anthropic"].primary is True


def test_exclusivity_clause_is_a_typed_term(kb: openai_kb.KnowledgeBase) -> None:
    """The clause binds the investors and names Anthropic and xAI as examples of barred competitors."""
    (round_,) = kb.funding_rounds
    (clause,) = round_.terms
    assert isinstance(clause, openai_kb.ExclusivityClause)
    assert clause.binds == "investors"
    assert clause.barred == ("org:anthropic", "org:xai")
    assert clause.barred_complete is False


def test_other_facts(kb: openai_kb.KnowledgeBase) -> None:
    """The conversion, the users, the partnership, the uses of the money, and the key claims are there."""
    (change,) = kb.status_changes
    assert (change.from_status, change.to_status, change.assertion) == ("nonprofit", "for_profit", "planned")
    (users,) = kb.metrics
    assert (users.value.value, users.value.qualifier) == (Decimal(250_000_000), "more_than")
    assert users.as_of is None  # the article dates no figure: "目前", at the time of writing
    (partnership,) = kb.partnerships
    assert set(partnership.organizations) == {"org:openai", "org:microsoft"}
    (uses,) = kb.funding_uses
    assert uses.purposes == ("expand research", "increase computing power", "develop new tools")
    leike = kb["claim:leike-safety-criticism"]
    assert (leike.assertion, leike.attributed_to) == ("attributed", "person:jan-leike")
    assert kb["claim:largest-venture-round"].subject == "round:openai-2024-10"
    assert kb["claim:altman-only-founder-left"].subject == "person:sam-altman"


def test_every_fact_has_evidence_and_every_entity_has_chinese_names(kb: openai_kb.KnowledgeBase) -> None:
    """Facts cite the article; people and organizations carry Simplified and Traditional names."""
    for record in kb:
        if isinstance(record, openai_kb.Fact):
            assert record.evidence, record.id
        if isinstance(record, openai_kb.Entity):
            languages = {name.language for name in record.names}
            assert {"en", "zh-Hans", "zh-Hant"} <= languages, record.id


def test_nvidia_has_mainland_and_taiwan_names(kb: openai_kb.KnowledgeBase) -> None:
    """英伟达 (mainland) and 輝達 (Taiwan) are curated aliases, not script folding."""
    texts = {name.text for name in kb["org:nvidia"].names}
    assert {"英伟达", "英偉達", "輝達", "辉达"} <= texts


def test_evidence_spans_match_the_article(kb: openai_kb.KnowledgeBase, article: str) -> None:
    """Every quote is the article's text at its offsets (text[start:end] == quote), and the source's length too."""
    assert openai_kb.verify_evidence(kb, None, article) == []


def test_every_span_has_the_context_cite_gives_it(kb: openai_kb.KnowledgeBase, article: str) -> None:
    """Each span's prefix and suffix are the characters around it in the article, exactly as cite() records them."""
    spans = [evidence for _, _, evidence in evidence_of(kb, None)]
    assert len(spans) == 49
    for span in spans:
        cited = openai_kb.cite(article, span.quote, source=span.source, occurrence=_occurrence(article, span))
        assert (span.prefix, span.suffix) == (cited.prefix, cited.suffix)
        assert (cited.start, cited.end) == (span.start, span.end)


def _occurrence(text: str, span: Evidence) -> int:
    """Which occurrence of its quote in ``text`` a span is (1 for the first), counting overlaps as cite() does."""
    count, at = 0, text.find(span.quote)
    while at != -1 and at <= span.start:
        count, at = count + 1, text.find(span.quote, at + 1)
    return count


def test_source_record_describes_the_file(kb: openai_kb.KnowledgeBase, article: str) -> None:
    """The source's length and SHA-256 are those of the article file, and its date is +08:00."""
    (source,) = kb.sources
    assert source.length == len(article)
    assert source.sha256 == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert source.published is not None
    assert source.published.isoformat() == "2024-10-14T09:31:00+08:00"


def test_quotes_are_citations_not_the_article(kb: openai_kb.KnowledgeBase) -> None:
    """No quote is longer than a sentence, and together they cover well under the whole text."""
    (source,) = kb.sources
    assert source.length is not None
    spans = {(item.start, item.end) for _, item in _all_evidence(kb)}
    assert max(end - start for start, end in spans) <= 80
    covered = set().union(*(range(start, end) for start, end in spans))
    assert len(covered) < 0.5 * source.length


def test_every_reference_resolves(kb: openai_kb.KnowledgeBase) -> None:
    """Every id a record points at exists, with the right type."""
    for record in kb:
        for path, target, marker in iter_references(record):
            assert target in kb, (record.id, path)
            assert not marker.types or kb[target].type in marker.types, (record.id, path)


def test_schema_file_is_current() -> None:
    """data/schema/records.schema.json is what the models generate: `openai-kb schema` prints it."""
    assert (DATA / "schema" / "records.schema.json").read_bytes() == render_schema(), (
        "the schema is stale: openai-kb schema > data/schema/records.schema.json"
    )


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_data_files_point_at_schema_and_are_formatted(path: Path) -> None:
    """Each data file names its schema and its source (the article), and is formatted as the library writes
    it (diffs stay small)."""
    document = orjson.loads(path.read_bytes())
    assert (document["$schema"], document["source"]) == ("schema/records.schema.json", ARTICLE)
    log = ProblemLog()
    located, unvalidated = read_records(path, log, DEFAULT_MAX_FILE_BYTES)
    assert (log.listed, unvalidated) == ([], [])
    assert {item.source for item in located} == {ARTICLE}
    assert path.read_bytes() == dumps_records((item.record for item in located), sources={"source": ARTICLE})


def test_bundled_data_dir_is_the_data_folder_in_a_checkout() -> None:
    """In a source checkout the bundled data is the repository's data/ folder."""
    assert bundled_data_dir() in {DATA, Path(openai_kb.__file__).parent / "_data"}
