"""Explained matches: steps, raw scores, ambiguity, priors, pinyin and mixed-script queries."""

from __future__ import annotations

import pytest

import openai_kb
from openai_kb import KnowledgeBase, Name, Person
from openai_kb.search._index import AMBIGUITY_MARGIN

PINYIN = [
    ("mu la di", "person:mira-murati"),
    ("muladi", "person:mira-murati"),
    ("mila muladi", "person:mira-murati"),
    ("yingweida", "org:nvidia"),
    ("ying wei da", "org:nvidia"),
    ("ywd", "org:nvidia"),
    ("huida", "org:nvidia"),
    ("weiruan", "org:microsoft"),
    ("shanmu aoteman", "person:sam-altman"),
    ("sa mu ao te man", "person:sam-altman"),
    ("suciKEwei", "person:ilya-sutskever"),
    ("shuerman", "person:john-schulman"),
]


@pytest.mark.parametrize(("query", "expected"), PINYIN, ids=[q for q, _ in PINYIN])
def test_pinyin_finds_chinese_names(kb: KnowledgeBase, query: str, expected: str) -> None:
    """Toneless pinyin, with or without spaces, and initials find the Chinese name they spell."""
    top = kb.search(query)[0]
    assert top.record.id == expected
    assert "pinyin" in top.steps


def test_pinyin_match_shows_the_chinese_name(kb: KnowledgeBase) -> None:
    """A pinyin match reports the Chinese name it spelt, not the pinyin."""
    top = kb.search("yingweida")[0]
    assert (top.matched.text, top.matched.language) == ("英伟达", "zh-Hans")
    assert top.steps == ("pinyin",)
    assert 90 <= top.score < 100


def test_homophone_is_likely_not_certain(kb: KnowledgeBase) -> None:
    """英伟大 sounds like 英伟达: found through pinyin, scored below an exact hit."""
    top = kb.search("英伟大")[0]
    assert top.record.id == "org:nvidia"
    assert top.steps == ("pinyin", "fuzzy")
    assert 80 <= top.score < 90


def test_surname_readings() -> None:
    """A first character with several readings (单: dan, shan) is found by each."""
    kb = KnowledgeBase.from_records(
        [Person(id="person:shan", name="Shan Tianfang", names=[Name(text="单田芳", language="zh-Hans")])]
    )
    assert kb.search("shan tian fang")[0].record.id == "person:shan"
    assert kb.search("dantianfang")[0].record.id == "person:shan"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("OpenAI的CTO", "person:mira-murati"),
        ("OpenAI CTO", "person:mira-murati"),
        ("OpenAI的首席技术官", "person:mira-murati"),
        ("OpenAI 的 首席技術長", "person:mira-murati"),
        ("OpenAI的研发长", "person:bob-mcgrew"),
    ],
)
def test_mixed_queries_split_into_runs(kb: KnowledgeBase, query: str, expected: str) -> None:
    """A query mixing Latin and Han is read as its runs: the organization and the title."""
    assert kb.search(query)[0].record.id == expected


def test_an_organization_name_alone_does_not_find_its_officers(kb: KnowledgeBase) -> None:
    """'OpenAI' names the company; a typo of it does not bring up its CTO."""
    assert "person:mira-murati" not in [m.record.id for m in kb.search("OpenAl")]


@pytest.mark.parametrize(
    ("query", "steps"),
    [
        ("Mira Murati", ("exact",)),
        ("MIRA MURATI", ("normalized",)),
        ("米拉穆拉蒂", ("normalized",)),
        ("英偉達", ("exact",)),
        ("英偉达", ("normalized", "script-folded")),
        ("Murati", ("normalized", "fuzzy")),
        ("yingweida", ("pinyin",)),
        ("$157B", ("money",)),
        ("org:openai", ("exact",)),
        ("person:ilya-sutskevr", ("fuzzy",)),
    ],
)
def test_steps(kb: KnowledgeBase, query: str, steps: tuple[str, ...]) -> None:
    """Each match says through which steps the query met the key."""
    assert kb.search(query)[0].steps == steps


def test_raw_scores_explain_the_score(kb: KnowledgeBase) -> None:
    """scores holds the similarity and the key's weight that make the score."""
    top = kb.search("Murati")[0]
    assert top.scores["similarity"] * top.scores["weight"] == pytest.approx(top.score, abs=0.1)
    label_hit = kb.search("Murati")[1]
    assert label_hit.matched.field == "label"
    assert label_hit.scores["weight"] < 1


def test_ambiguous_when_the_runner_up_is_too_close(kb: KnowledgeBase) -> None:
    """Two co-founders share the title 联合创始人: neither is a safe first answer."""
    first, second = kb.search("联合创始人")[:2]
    assert first.ambiguous
    assert second.ambiguous
    assert abs(first.score - second.score) < AMBIGUITY_MARGIN
    assert kb.search("Murati")[0].ambiguous is False


def test_priors_order_shared_aliases() -> None:
    """An alias shared by two records ranks the one with the higher prior first, still ambiguous."""
    kb = KnowledgeBase.from_records(
        [
            Person(id="person:a", name="Alpha One", names=[Name(text="Sam", language="en", prior=0.2)]),
            Person(id="person:b", name="Beta Two", names=[Name(text="Sam", language="en", prior=0.9)]),
        ]
    )
    first, second = kb.search("Sam")
    assert (first.record.id, second.record.id) == ("person:b", "person:a")
    assert first.ambiguous
    assert first.scores["prior"] == 0.9


def test_ties_without_priors_go_by_id() -> None:
    """Equal matches without priors are ordered by id, the same every time."""
    kb = KnowledgeBase.from_records([Person(id=f"person:{x}", name="Sam", names=[]) for x in ("c", "a", "b")])
    assert [m.record.id for m in kb.search("Sam")] == ["person:a", "person:b", "person:c"]


def test_short_han_names_exact_beats_one_wrong_character() -> None:
    """Among 2-3 character names, one wrong character never outranks the exact name."""
    kb = KnowledgeBase.from_records(
        [
            Person(id=f"person:{i}", name=f"P{i}", names=[Name(text=text, language="zh-Hans")])
            for i, text in enumerate(["王伟", "王玮", "王伟明", "汪伟"])
        ]
    )
    for number, text in enumerate(["王伟", "王玮", "王伟明", "汪伟"]):
        results = kb.search(text)
        assert results[0].record.id == f"person:{number}"
        assert all(m.score < results[0].score for m in results[1:])


def test_first_name_only_is_no_hit(kb: KnowledgeBase) -> None:
    """A person who only shares a first name with one in the knowledge base is not found."""
    for query in ("Mira Thompson", "Ilya Kowalski", "John Doe", "Sam Smith", "Bob Dylan"):
        assert kb.search(query) == [], query


def test_calibrated_cutoff(kb: KnowledgeBase) -> None:
    """score_cutoff filters on the same 0-100 scale: 90 keeps only near-certain matches."""
    assert [m.record.id for m in kb.search("Sutskevar", score_cutoff=90)] == []
    assert kb.search("Sutskevar", score_cutoff=80)[0].record.id == "person:ilya-sutskever"


def test_match_repr_reads_at_a_glance(kb: KnowledgeBase) -> None:
    """A match's repr names the record id, score, what matched and how, not the whole record."""
    assert repr(kb.search("輝達")[0]) == "Match('org:nvidia', score=100.0, matched='輝達' (name zh-Hant), steps=exact)"
    assert repr(kb.search("联合创始人")[0]).endswith("steps=exact, ambiguous)")


def test_match_is_immutable(kb: KnowledgeBase) -> None:
    """Results cannot be edited in place."""
    match = kb.search("Murati")[0]
    with pytest.raises(AttributeError):
        match.score = 1  # type: ignore[misc]


def test_public_names() -> None:
    """Match and Matched are exported from the package."""
    assert openai_kb.Match.__name__ == "Match"
    assert openai_kb.Matched.__name__ == "Matched"
