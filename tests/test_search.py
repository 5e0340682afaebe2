"""Search: the right record first for every way of writing a name, title or amount; nothing for misses."""

from __future__ import annotations

import pytest

import openai_kb
from openai_kb import KnowledgeBase, QueryError

from .kinds import unknown_kind

FIRST = [
    # English names, partial names, typos, case, spacing, accents, full-width
    ("OpenAI", "org:openai"),
    ("OPEN AI", "org:openai"),
    ("open-ai", "org:openai"),
    ("ＯｐｅｎＡＩ", "org:openai"),
    ("Murati", "person:mira-murati"),
    ("mira murati", "person:mira-murati"),
    ("Mîra Murâti", "person:mira-murati"),
    ("Sutskevar", "person:ilya-sutskever"),
    ("Ilya Sutskver", "person:ilya-sutskever"),
    ("Schulman", "person:john-schulman"),
    ("Jon Schulman", "person:john-schulman"),
    ("Leike", "person:jan-leike"),
    ("McGrew", "person:bob-mcgrew"),
    ("Barret Zoph", "person:barret-zoph"),
    ("Altman", "person:sam-altman"),
    ("Thrive", "org:thrive-capital"),
    ("thrive capitol", "org:thrive-capital"),
    ("NVIDIA", "org:nvidia"),
    ("Nvida", "org:nvidia"),
    ("Microsft", "org:microsoft"),
    ("anthropic", "org:anthropic"),
    ("xAI", "org:xai"),
    # Chinese, both scripts, interpuncts present or absent
    ("英伟达", "org:nvidia"),
    ("英偉達", "org:nvidia"),
    ("輝達", "org:nvidia"),
    ("辉达", "org:nvidia"),
    ("微软", "org:microsoft"),
    ("微軟", "org:microsoft"),
    ("米拉·穆拉蒂", "person:mira-murati"),
    ("米拉‧穆拉蒂", "person:mira-murati"),
    ("米拉•穆拉蒂", "person:mira-murati"),
    ("米拉・穆拉蒂", "person:mira-murati"),
    ("米拉．穆拉蒂", "person:mira-murati"),
    ("米拉穆拉蒂", "person:mira-murati"),
    ("穆拉蒂", "person:mira-murati"),
    ("苏茨克维", "person:ilya-sutskever"),
    ("蘇茨克維", "person:ilya-sutskever"),
    ("山姆·奧特曼", "person:sam-altman"),
    ("舒尔曼", "person:john-schulman"),
    # titles, English and Chinese
    ("CTO", "person:mira-murati"),
    ("Chief Technology Officer", "person:mira-murati"),
    ("首席技术官", "person:mira-murati"),
    ("首席技术长", "person:mira-murati"),
    ("首席技術長", "person:mira-murati"),
    ("研发长", "person:bob-mcgrew"),
    ("研發副總裁", "person:barret-zoph"),
    ("安全团队主管", "person:jan-leike"),
    # ids
    ("org:openai", "org:openai"),
    ("person:ilya-sutskevr", "person:ilya-sutskever"),
    # amounts
    ("66亿", "round:openai-2024-10"),
    ("66亿美元", "round:openai-2024-10"),
    ("US$6.6bn", "round:openai-2024-10"),
    ("$6.6 billion", "round:openai-2024-10"),
    ("$157B", "valuation:openai-2024-10-post-money"),
    ("1,570亿美元", "valuation:openai-2024-10-post-money"),
    ("1570亿", "valuation:openai-2024-10-post-money"),
    ("2.5亿", "metric:openai-active-users-2024-10"),
    ("250 million", "metric:openai-active-users-2024-10"),
    ("1570億美元", "valuation:openai-2024-10-post-money"),
    ("約66億美元", "round:openai-2024-10"),
    ("2.5億", "metric:openai-active-users-2024-10"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST, ids=[q for q, _ in FIRST])
def test_right_record_first(kb: KnowledgeBase, query: str, expected: str) -> None:
    """The intended record is the first result."""
    results = kb.search(query)
    assert results, f"nothing found for {query!r}"
    assert results[0].record.id == expected


MISSES = [
    "Google",
    "Apple",
    "Elon Musk",
    "Mira Smith",
    "John Smith",
    "Jan Smith",
    "亚马逊",
    "谷歌",
    "腾讯",
    "Tesla",
    "DeepMind",
    "$42B",
    "99亿美元",
    "99億美元",
    "億",
    "zzzz",
    "a",
    "的",
]


@pytest.mark.parametrize("query", MISSES)
def test_nothing_for_names_not_in_the_kb(kb: KnowledgeBase, query: str) -> None:
    """A query that matches nothing well gives an empty list, not the least bad records."""
    assert kb.search(query) == []


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "·", "!!!"])
def test_empty_queries(kb: KnowledgeBase, query: str) -> None:
    """Empty, blank or punctuation-only queries give an empty list."""
    assert kb.search(query) == []


def test_match_says_what_matched(kb: KnowledgeBase) -> None:
    """A match carries the record, a 0-100 score and the name that matched with its language."""
    (match,) = kb.search("輝達", limit=1)
    assert match.record.id == "org:nvidia"
    assert match.score == 100
    assert (match.matched.text, match.matched.language, match.matched.field) == ("輝達", "zh-Hant", "name")
    title = kb.search("CTO", limit=1)[0]
    assert (title.matched.text, title.matched.field) == ("CTO", "title")
    money = kb.search("US$6.6bn", limit=1)[0]
    assert (money.matched.text, money.matched.field) == ("66 亿美元", "amount")


def test_amounts_find_every_record_that_carries_them(kb: KnowledgeBase) -> None:
    """$157B finds the valuation and the round whose post-money valuation it is."""
    assert [m.record.id for m in kb.search("$157B")] == ["valuation:openai-2024-10-post-money", "round:openai-2024-10"]
    assert {m.record.id for m in kb.search("1,500亿美元")} == {
        "valuation:openai-for-profit-conversion",
        "valuation:openai-2024-10-expected",
    }


SAME_AMOUNT = [
    ("1570億美元", "1570亿美元"),
    ("1,570 億美元", "1,570 亿美元"),
    ("超過1500億美元", "超过1500亿美元"),
    ("約66億美元", "约66亿美元"),
    ("將近1500億", "将近1500亿"),
    ("六十六億美元", "六十六亿美元"),
    ("陸拾陸億美元", "66亿美元"),
    ("2.5億", "2.5亿"),
    ("just under $6.6 billion", "66亿美元"),
    ("a little less than 157 billion dollars", "1570亿美元"),
]


@pytest.mark.parametrize(("written", "simplified"), SAME_AMOUNT, ids=[w for w, _ in SAME_AMOUNT])
def test_amounts_written_either_way_find_the_same_records(kb: KnowledgeBase, written: str, simplified: str) -> None:
    """An amount in Traditional characters, financial numerals or English finds what its Simplified form finds."""
    found = [(m.record.id, m.score) for m in kb.search(written)]
    assert found, f"nothing found for {written!r}"
    assert found == [(m.record.id, m.score) for m in kb.search(simplified)]


def test_traditional_amounts_find_the_article_figures(kb: KnowledgeBase) -> None:
    """The article's three figures, written in Traditional characters, find their records."""
    assert [m.record.id for m in kb.search("1570億美元")] == [
        "valuation:openai-2024-10-post-money",
        "round:openai-2024-10",
    ]
    assert {m.record.id for m in kb.search("超過1500億美元")} == {
        "valuation:openai-for-profit-conversion",
        "valuation:openai-2024-10-expected",
    }
    assert [m.record.id for m in kb.search("約66億美元")] == ["round:openai-2024-10"]
    assert kb.search("約66億歐元") == []


def test_currency_must_agree(kb: KnowledgeBase) -> None:
    """66亿 in euros is not the round's US$6.6 billion."""
    assert kb.search("66亿欧元") == []


def test_scores_are_ordered_and_bounded(kb: KnowledgeBase) -> None:
    """Results are best first with scores within 0-100."""
    results = kb.search("Murati", limit=50)
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)


def test_limit_and_types(kb: KnowledgeBase) -> None:
    """limit caps the results; types keeps only the named record types."""
    assert len(kb.search("Murati", limit=1)) == 1
    assert len(kb.search("Murati", limit=2)) == 2
    assert kb.search("Murati", limit=0) == []
    departures = kb.search("Murati", types=["departure"])
    assert [m.record.id for m in departures] == ["departure:mira-murati"]
    assert [m.record.id for m in kb.search("Murati", types="departure")] == ["departure:mira-murati"]


def test_bad_arguments(kb: KnowledgeBase) -> None:
    """Wrong argument types or values get precise errors."""
    with pytest.raises(TypeError, match="search\\(\\) expects the query as a str, not int"):
        kb.search(42)  # type: ignore[arg-type]
    with pytest.raises(QueryError) as caught:
        kb.search("x", types=["peeple"])
    assert str(caught.value) == unknown_kind("peeple", "people")
    with pytest.raises(QueryError, match="limit must be a whole number >= 0, not -1"):
        kb.search("x", limit=-1)
    with pytest.raises(QueryError, match="score_cutoff must be a number from 0 to 100, not '80'"):
        kb.search("x", score_cutoff="80")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="types must be a record type or an iterable of them, not int"):
        kb.search("x", types=5)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="score_cutoff must be a number from 0 to 100, not 101"):
        kb.search("x", score_cutoff=101)


def test_very_long_query_is_cut_not_hung(kb: KnowledgeBase) -> None:
    """A 100,000-character query returns promptly (it is cut to MAX_QUERY_LENGTH)."""
    assert kb.search("Murati " * 15_000) is not None


def test_ties_are_deterministic(kb: KnowledgeBase) -> None:
    """Equal scores are ordered people and organizations first, then by id."""
    first = [m.record.id for m in kb.search("联合创始人")]
    assert first[:2] == ["person:ilya-sutskever", "person:john-schulman"]
    assert first == [m.record.id for m in kb.search("联合创始人")]


def test_every_name_finds_its_record_first(kb: KnowledgeBase) -> None:
    """Each canonical name and alias in the data puts its own record first (or ties at the top)."""
    for entity in [*kb.people, *kb.organizations]:
        for name in [entity.name, *(n.text for n in entity.names)]:
            results = kb.search(name)
            top = [m.record.id for m in results if m.score == results[0].score]
            assert entity.id in top, (name, top)


def test_search_on_a_users_own_kb() -> None:
    """Search works the same on a knowledge base built in code."""
    kb = openai_kb.KnowledgeBase.from_records(
        [
            openai_kb.Person(
                id="person:ada", name="Ada Lovelace", names=[openai_kb.Name(text="艾达·洛夫莱斯", language="zh-Hans")]
            ),
            openai_kb.Person(id="person:charles", name="Charles Babbage"),
        ]
    )
    assert kb.search("Lovelace")[0].record.id == "person:ada"
    assert kb.search("艾達洛夫萊斯")[0].record.id == "person:ada"
    assert kb.search("Babage")[0].record.id == "person:charles"
