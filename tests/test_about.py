"""kb.about: one record found by id, record or name, with every fact that mentions it and its evidence."""

from __future__ import annotations

import pickle
from pathlib import Path

import orjson
import pytest

from openai_kb import (
    AmbiguousQueryError,
    KnowledgeBase,
    NoMatchError,
    NotFoundError,
    Profile,
    QueryError,
    Source,
    Valuation,
    cite,
)
from openai_kb.errors import Candidate

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "records.json"


@pytest.fixture(scope="module")
def mini_kb() -> KnowledgeBase:
    """The tiny fixture knowledge base: Acme's round led by Globex, and Ada leaving Acme."""
    return KnowledgeBase.from_records(orjson.loads(FIXTURE.read_bytes())["records"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("穆拉蒂", "person:mira-murati"),
        ("mira murati", "person:mira-murati"),
        ("MIRA  MURATI", "person:mira-murati"),
        ("輝達", "org:nvidia"),
        ("英伟达", "org:nvidia"),
        ("CTO", "person:mira-murati"),
        ("OpenAl", "org:openai"),
        ("Thrive", "org:thrive-capital"),
        ("66亿美元", "round:openai-2024-10"),
        ("person:ilya-sutskever", "person:ilya-sutskever"),
        ("  org:xai ", "org:xai"),
    ],
)
def test_about_resolves_ids_and_names(kb: KnowledgeBase, query: str, expected: str) -> None:
    """An id, a name in English or Chinese (either script), a title, a slip or an amount finds its record."""
    assert kb.about(query).record.id == expected


def test_about_accepts_a_record(kb: KnowledgeBase) -> None:
    """A record is looked up by its id, so the profile holds the knowledge base's own record."""
    record = kb["org:microsoft"]
    assert kb.about(record).record is record


def test_profile_of_an_entity_lists_every_fact_that_mentions_it(kb: KnowledgeBase) -> None:
    """An organization's profile holds exactly kb.mentions: the round, its investment, the partnership."""
    profile = kb.about("微软")
    assert profile.facts == tuple(kb.mentions("org:microsoft"))
    assert [fact.id for fact in profile.facts] == [
        "round:openai-2024-10",
        "investment:microsoft-openai-2024-10",
        "partnership:openai-microsoft",
    ]
    assert list(profile.by_type) == ["funding_round", "investment", "partnership"]
    assert profile.refers_to == ()
    assert profile.label == "Microsoft"


def test_profile_groups_facts_by_type_in_record_type_order(kb: KnowledgeBase) -> None:
    """by_type puts OpenAI's 33 facts under their types, in the order of RECORD_TYPES."""
    profile = kb.about("OpenAI")
    assert {kind: len(facts) for kind, facts in profile.by_type.items()} == {
        "funding_round": 1,
        "departure": 6,
        "valuation": 3,
        "competition": 2,
        "status_change": 1,
        "metric": 1,
        "partnership": 1,
        "claim": 18,
    }
    assert sum(len(facts) for facts in profile.by_type.values()) == len(profile.facts) == 33


def test_profile_of_a_fact_names_what_it_refers_to(kb: KnowledgeBase) -> None:
    """A valuation refers to its company and its round; the source it cites is not listed as a referent."""
    profile = kb.about("valuation:openai-2024-10-post-money")
    assert isinstance(profile.record, Valuation)
    assert [other.id for other in profile.refers_to] == ["org:openai", "round:openai-2024-10"]
    assert profile.label_of("round:openai-2024-10") == "OpenAI funding round of US$6.6 billion"
    assert list(profile.sources) == ["source:huaxia-2024-10-14-openai"]


def test_profile_of_a_round_refers_to_its_investors_and_barred_competitors(kb: KnowledgeBase) -> None:
    """A round's references include those nested in its terms (the exclusivity clause's barred companies)."""
    profile = kb.about("round:openai-2024-10")
    assert [other.id for other in profile.refers_to] == [
        "org:openai",
        "org:thrive-capital",
        "org:microsoft",
        "org:nvidia",
        "org:anthropic",
        "org:xai",
    ]
    assert [fact.type for fact in profile.facts].count("investment") == 3


def test_profile_evidence_is_the_record_s_own_then_its_facts(kb: KnowledgeBase) -> None:
    """evidence lists the record's own spans, then each fact's, each span once."""
    profile = kb.about("Jan Leike")
    quotes = [item.quote for item in profile.evidence]
    assert quotes == [item.quote for fact in profile.facts for item in fact.evidence]
    assert "安全团队主管Leike在离职时" in quotes
    assert len(quotes) == len(set(profile.evidence))


def test_profile_str_shows_names_evidence_and_facts(kb: KnowledgeBase) -> None:
    """str(profile) is plain text: the heading, each name once with its languages, facts with quotes and
    translations."""
    assert str(kb.about("穆拉蒂")) == (
        "Mira Murati  [person:mira-murati]  person\n"
        "  name: Mira Murati\n"
        "  description: OpenAI's Chief Technology Officer until the recent wave of departures.\n"
        "  names: Mira Murati (en); 米拉·穆拉蒂 (zh-Hans, zh-Hant)\n"
        "  facts (1):\n"
        "    departure:\n"
        "      - Mira Murati left OpenAI (Chief Technology Officer)  [departure:mira-murati]\n"
        "        “首席技术长Mira Murati、研发长Bob McGrew以及研发副总裁Barret Zoph等核心高层同时宣布离职” "
        "— 华夏传媒网, 2024-10-14 09:31 [chars 312-371]\n"
        "          (core executives including Chief Technology Officer Mira Murati, Chief Research Officer Bob McGrew "
        "and VP of Research Barret Zoph announced their departures at the same time)"
    )


def test_profile_of_an_investor_shows_the_round_s_quotes_that_name_it(kb: KnowledgeBase) -> None:
    """Under Thrive Capital, the round it led shows the quote naming it and counts the two that do not;
    its own investment shows every quote."""
    assert str(kb.about("Thrive")) == (
        "Thrive Capital  [org:thrive-capital]  organization\n"
        "  name: Thrive Capital\n"
        "  description: A New York venture capital firm; lead investor of the round.\n"
        "  kind: investment_firm\n"
        "  location: New York\n"
        "  names: Thrive Capital (en); Thrive (en); 兴盛资本 (zh-Hans); 興盛資本 (zh-Hant)\n"
        "  evidence:\n"
        "    - “纽约创投机构 Thrive Capital” — 华夏传媒网, 2024-10-14 09:31 [chars 165-186]\n"
        "        (the New York venture capital firm Thrive Capital)\n"
        "  facts (2):\n"
        "    funding_round:\n"
        "      - OpenAI funding round of US$6.6 billion  [round:openai-2024-10]\n"
        "        “由纽约创投机构 Thrive Capital 领衔,微软、辉达等科技巨头共同参与的 66 亿美元投资” — 华夏传媒网, "
        "2024-10-14 09:31 [chars 164-214]\n"
        "          (the US$6.6 billion investment led by New York venture firm Thrive Capital, with tech giants such "
        "as Microsoft and Nvidia taking part)\n"
        "        (2 more quotes do not name Thrive Capital)\n"
        "    investment:\n"
        "      - Thrive Capital: lead investor in OpenAI funding round of US$6.6 billion  "
        "[investment:thrive-capital-openai-2024-10]\n"
        "        “由纽约创投机构 Thrive Capital 领衔” — 华夏传媒网, 2024-10-14 09:31 [chars 164-189]\n"
        "          (led by New York venture firm Thrive Capital)"
    )


def test_quotes_under_the_round_s_company_and_under_a_barred_competitor(kb: KnowledgeBase) -> None:
    """The round's company gets every quote of it; a competitor its term bars gets the term's quote naming it."""
    round_ = kb["round:openai-2024-10"]
    assert kb.about("OpenAI").quotes(round_) == round_.evidence
    assert kb.about("OpenAI").quotes_left_out(round_) == ()
    anthropic = kb.about("Anthropic")
    assert [span.quote for span in anthropic.quotes(round_)] == [
        "要求投资者签署排他性协议,禁止他们投资包括Anthropic和xAI在内的竞争对手"
    ]
    assert anthropic.quotes_left_out(round_) == round_.evidence


def test_profile_str_of_a_fact_labels_its_references(kb: KnowledgeBase) -> None:
    """A fact's fields show referenced records by label and id, amounts in words and as printed."""
    text = str(kb.about("valuation:openai-2024-10-post-money"))
    assert "  company: OpenAI [org:openai]" in text
    assert "  amount: US$157 billion (printed '1,570 亿美元')" in text
    assert "  refers to:\n    - OpenAI  [org:openai]  organization\n" in text


def test_profile_repr_is_short(kb: KnowledgeBase) -> None:
    """repr names the record and counts its facts by type, on one line."""
    assert repr(kb.about("輝達")) == "<Profile org:nvidia 'Nvidia': 2 facts (funding_round=1, investment=1)>"
    assert repr(kb.about("metric:openai-active-users-2024-10")) == (
        "<Profile metric:openai-active-users-2024-10 'OpenAI active users: more than 250 million users': 0 facts>"
    )


def test_profile_is_immutable_comparable_and_picklable(kb: KnowledgeBase) -> None:
    """A profile is a frozen value: equal when built twice, hashable, and it survives pickling."""
    profile = kb.about("Nvidia")
    with pytest.raises(AttributeError):
        profile.record = kb["org:openai"]  # type: ignore[misc]
    with pytest.raises(TypeError):
        profile.labels["org:nvidia"] = "x"  # type: ignore[index]
    assert profile == Profile.of(kb, "org:nvidia")
    assert hash(profile) == hash(Profile.of(kb, "org:nvidia"))
    assert pickle.loads(pickle.dumps(profile)) == profile


def test_ambiguous_name_lists_the_candidates(kb: KnowledgeBase) -> None:
    """Two people who were both co-founders: AmbiguousQueryError (a QueryError) lists both, best first."""
    with pytest.raises(AmbiguousQueryError) as caught:
        kb.about("联合创始人")
    error = caught.value
    assert isinstance(error, QueryError)
    assert error.query == "联合创始人"
    assert error.candidates == (
        Candidate("person:ilya-sutskever", "Ilya Sutskever", 100.0),
        Candidate("person:john-schulman", "John Schulman", 100.0),
    )
    assert str(error) == (
        "'联合创始人' is ambiguous: person:ilya-sutskever (Ilya Sutskever, 100), "
        "person:john-schulman (John Schulman, 100); use an id"
    )


def test_ambiguous_among_facts(kb: KnowledgeBase) -> None:
    """Three valuations of OpenAI match 'OpenAI valued' equally: all three are candidates."""
    with pytest.raises(AmbiguousQueryError) as caught:
        kb.about("OpenAI valued")
    assert [candidate.id for candidate in caught.value.candidates] == [
        "valuation:openai-2024-10-expected",
        "valuation:openai-2024-10-post-money",
        "valuation:openai-for-profit-conversion",
    ]


def test_a_person_beats_her_departure_matched_by_title(kb: KnowledgeBase) -> None:
    """A title finds the person and her departure; the person is meant, and her profile lists the departure."""
    first, second = kb.search("CTO")[:2]
    assert (first.record.id, second.record.id) == ("person:mira-murati", "departure:mira-murati")
    profile = kb.about("CTO")
    assert profile.record.id == "person:mira-murati"
    assert "departure:mira-murati" in [fact.id for fact in profile.facts]


def test_a_tie_with_a_fact_about_it_is_not_ambiguous(mini_kb: KnowledgeBase) -> None:
    """'Acme rond' matches the round and an investment in it equally: the investment refers to the round."""
    scores = {match.record.id: match.score for match in mini_kb.search("Acme rond")}
    assert scores == {"investment:globex-acme-a": 80.8, "round:acme-a": 80.8}
    assert mini_kb.about("Acme rond").record.id == "round:acme-a"


def test_no_match_suggests_the_closest_records(kb: KnowledgeBase) -> None:
    """A name nothing matches well raises NoMatchError, a NotFoundError and KeyError, with the closest records."""
    with pytest.raises(NoMatchError) as caught:
        kb.about("Thrift")
    error = caught.value
    assert isinstance(error, NotFoundError)
    assert isinstance(error, KeyError)
    assert error.suggestions == ("org:thrive-capital",)  # not Anthropic: "Thrift" is not plausibly "Anthropic"
    assert str(error) == ("No match for 'Thrift'. Did you mean 'org:thrive-capital' (Thrive Capital)?")


def test_no_match_without_suggestions(kb: KnowledgeBase) -> None:
    """With nothing even weakly similar, the message says only what found nothing."""
    with pytest.raises(NoMatchError) as caught:
        kb.about("Google")
    assert str(caught.value) == "No match for 'Google'."
    assert caught.value.closest == ()


def test_unknown_record_is_not_found(kb: KnowledgeBase, mini_kb: KnowledgeBase) -> None:
    """A record from another knowledge base is looked up by id, and is not found here."""
    with pytest.raises(NotFoundError, match="No record with id 'person:ada'"):
        kb.about(mini_kb["person:ada"])


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_a_query_error(kb: KnowledgeBase, query: str) -> None:
    """An empty or blank query cannot mean anything: QueryError saying what is needed."""
    with pytest.raises(QueryError) as caught:
        kb.about(query)
    assert str(caught.value) == f"about needs an id or a name to look up, not {query!r}"


@pytest.mark.parametrize("query", [None, 42, b"org:openai", ["org:openai"]])
def test_wrong_query_type_is_a_type_error(kb: KnowledgeBase, query: object) -> None:
    """A query that is neither a str nor a record is a TypeError naming the type given."""
    with pytest.raises(TypeError) as caught:
        kb.about(query)  # type: ignore[arg-type]
    assert str(caught.value) == f"about() expects an id, a name or a record, not {type(query).__name__}"


def test_every_record_profiles_itself_by_id(kb: KnowledgeBase) -> None:
    """For every record, about(id) is that record and its facts are exactly kb.mentions."""
    for record in kb:
        profile = kb.about(record.id)
        assert profile.record is record
        assert profile.facts == tuple(kb.mentions(record))
        assert record.id not in [other.id for other in profile.refers_to]


def test_a_huge_query_is_not_echoed_whole(kb: KnowledgeBase) -> None:
    """A miss on a 100,000-character query quotes its first 80 characters and says how long it was."""
    with pytest.raises(NoMatchError) as caught:
        kb.about("x" * 100_000)
    assert str(caught.value) == f"No match for {'x' * 80!r}... (100,000 characters)."
    with pytest.raises(NotFoundError) as missing:
        kb["id:" + "y" * 200]
    assert str(missing.value).startswith(f"No record with id {'id:' + 'y' * 77!r}... (203 characters)")


# Our own reports of a round: a brief in Traditional script and a note in English, describing Globex twice.
BRIEF = "格洛貝克斯領投艾克米的新一輪融資，金額為五百萬美元。公司估值達五千萬美元。英尼達也有參與。"
NOTE = "Acme raised $5 million; Globex led, Hooli joined, and a Globexian fund stayed out."


def _organization(record_id: str, name: str, *names: tuple[str, str, str]) -> dict[str, object]:
    listed = [{"text": text, "language": language, "kind": kind} for text, language, kind in names]
    return {"type": "organization", "id": record_id, "name": name, "names": listed}


def _round(source: str, text: str, *quotes: str) -> dict[str, object]:
    evidence = [cite(text, quote, source=source) for quote in quotes]
    usd = {"amount": "5000000", "currency": "USD"}
    return {"type": "funding_round", "id": "round:acme-b", "company": "org:acme", "amount": usd, "evidence": evidence}


@pytest.fixture(scope="module")
def reports() -> KnowledgeBase:
    """The brief (Acme's round led by Globex, with Initech and Hooli), then the note, which describes Globex and
    the round again."""
    brief = KnowledgeBase.from_records(
        [
            Source(id="source:brief", title="A brief", language="zh-Hant", length=len(BRIEF)),
            _organization("org:acme", "Acme", ("艾克米", "zh-Hans", "transliteration"), ("艾克米", "zh-Hant", "alias")),
            _organization("org:globex", "Globex", ("Globex", "en", "canonical"), ("格洛贝克斯", "zh-Hans", "alias")),
            _organization("org:initech", "Initech", ("英尼达", "zh-Hans", "transliteration")),
            _organization("org:hooli", "Hooli"),
            {
                **_round(
                    "source:brief", BRIEF, "格洛貝克斯領投艾克米的新一輪融資", "公司估值達五千萬美元", "英尼達也有參與"
                ),
                "lead_investors": ["org:globex"],
                "participants": ["org:initech", "org:hooli"],
            },
        ]
    )
    return brief.add(
        Source(id="source:note", title="A note", language="en", length=len(NOTE)),
        _organization("org:globex", "Globex", ("Globex", "en", "alias"), ("格洛貝克斯", "zh-Hant", "alias")),
        _round("source:note", NOTE, "Acme raised $5 million", "Globex led", "a Globexian fund stayed out"),
    )


def test_a_listed_investor_gets_the_quotes_naming_it_in_any_script(reports: KnowledgeBase) -> None:
    """Under an investor the round lists: the quotes naming it in either script (Initech's Simplified name in the
    Traditional brief), not one where its name is part of a longer word; each name once though two reports give
    'Globex', which both describe without quotes, so it is each one's (its sources line)."""
    assert str(reports.about("org:globex")) == (
        "Globex  [org:globex]  organization\n"
        "  name: Globex\n"
        "  kind: company\n"
        "  sources: A brief; A note\n"
        "  names: Globex (en); 格洛贝克斯 (zh-Hans); 格洛貝克斯 (zh-Hant)\n"
        "  facts (1):\n"
        "    funding_round:\n"
        "      - Acme funding round of US$5 million  [round:acme-b]\n"
        "        “格洛貝克斯領投艾克米的新一輪融資” — A brief [chars 0-16]\n"
        "        “Globex led” — A note [chars 24-34]\n"
        "        (4 more quotes do not name Globex)"
    )
    assert str(reports.about("org:initech")).endswith(
        "        “英尼達也有參與” — A brief [chars 37-44]\n        (5 more quotes do not name Initech)"
    )


def test_the_company_and_an_unnamed_participant_get_every_quote(reports: KnowledgeBase) -> None:
    """The round's company gets all its quotes; so does a participant that no quote names (none left out)."""
    every = reports["round:acme-b"].evidence
    assert [span.quote for span in every] == [
        "格洛貝克斯領投艾克米的新一輪融資",
        "公司估值達五千萬美元",
        "英尼達也有參與",
        "Acme raised $5 million",
        "Globex led",
        "a Globexian fund stayed out",
    ]
    for company_or_unnamed in ("org:acme", "org:hooli"):
        profile = reports.about(company_or_unnamed)
        assert (profile.quotes(reports["round:acme-b"]), profile.quotes_left_out(reports["round:acme-b"])) == (
            every,
            (),
        )
    assert "more quote" not in str(reports.about("org:hooli"))
    assert "  names: 艾克米 (zh-Hans, zh-Hant)\n" in str(reports.about("org:acme"))
