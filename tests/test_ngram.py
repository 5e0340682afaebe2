"""The n-gram candidate index agrees with brute-force rapidfuzz, and serves kb.search when large."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz import fuzz, process, utils

import openai_kb
from benchmarks.corpus import aliases, queries
from openai_kb.search import _index as index_module
from openai_kb.search._ngram import NgramIndex, _gram_ids, grams
from openai_kb.search.normalize import fold

from .test_search import FIRST


@pytest.mark.parametrize("text", ["mira murati", "米拉 穆拉蒂", "openai的cto", "a", "", "x ai", "𠀀𠀁"])
def test_query_grams_equal_build_grams(text: str) -> None:
    """The Python gram function for queries gives exactly the ids the numpy build gives."""
    ids, owner = _gram_ids([text])
    assert sorted(set(ids.tolist())) == grams(text)
    assert set(owner.tolist()) <= {0}


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return aliases(5_000)


@pytest.mark.slow
def test_agrees_with_brute_force(corpus: list[str]) -> None:
    """On a generated corpus, reranked candidates give brute-force WRatio's best score and top 10.

    Recall is tie-aware: the i-th best brute-force score (of those >= 80) counts as found when the
    index's i-th best is as good; equal scores may name other aliases.
    """
    folded = [fold(alias) for alias in corpus]
    index = NgramIndex(folded)
    recalls, agreed = [], 0
    sample = queries(corpus, 150)
    for query in sample:
        truth = process.extract(query.text, corpus, scorer=fuzz.WRatio, processor=utils.default_process, limit=10)
        found = [corpus[i] for i in index.candidates(fold(query.text), 100)]
        ours = process.extract(query.text, found, scorer=fuzz.WRatio, processor=utils.default_process, limit=10)
        if ours and ours[0][1] == truth[0][1]:
            agreed += 1
        wanted = [score for _, score, _ in truth if score >= 80]
        got = sorted((score for _, score, _ in ours), reverse=True)
        if wanted:
            recalls.append(sum(i < len(got) and got[i] >= s for i, s in enumerate(wanted)) / len(wanted))
    assert agreed / len(sample) >= 0.98
    assert sum(recalls) / len(recalls) >= 0.97


def test_finds_the_intended_alias_across_scripts(corpus: list[str]) -> None:
    """Written in the other Chinese script, a Han alias is still found: folding happens first."""
    folded = [fold(alias) for alias in corpus]
    index = NgramIndex(folded)
    script = [q for q in queries(corpus, 400) if q.kind == "script"]
    assert len(script) > 30
    found = sum(q.target in index.candidates(fold(q.text), 10).tolist() for q in script)
    assert found / len(script) >= 0.95


def test_proposals_are_the_candidates_of_every_form_together(corpus: list[str]) -> None:
    """A search's candidates, made in one pass for a query and its spaceless form, are those of each form."""
    index = NgramIndex([fold(alias) for alias in corpus])
    for query in queries(corpus, 120, seed=9):
        folded = fold(query.text)
        asked = [(folded, 200), (folded.replace(" ", ""), 50)]
        each = np.concatenate([index.candidates(text, limit) for text, limit in asked])
        assert index.proposals(asked).tolist() == sorted(set(each.tolist())), query
    assert index.proposals([("", 10)]).tolist() == []


def test_empty_inputs() -> None:
    """An empty index or a query with no grams gives no candidates."""
    assert NgramIndex([]).candidates("abc", 10).tolist() == []
    assert NgramIndex(["abc"]).candidates("", 10).tolist() == []
    assert NgramIndex(["abc", "xyz"]).candidates("abc", 10).tolist() == [0]
    assert NgramIndex(["abc"]).candidates("abc", 10).dtype == np.int32


def test_kb_search_through_the_index_matches_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the n-gram index forced on, kb.search puts the same record first for every query."""
    brute = openai_kb.load()
    monkeypatch.setattr(index_module, "BRUTE_FORCE_LIMIT", 0)
    indexed = openai_kb.load()
    for query, expected in FIRST:
        assert indexed.search(query)[0].record.id == expected, query
        assert [(m.record.id, m.score) for m in indexed.search(query, limit=3)] == [
            (m.record.id, m.score) for m in brute.search(query, limit=3)
        ], query
