"""Search under stress: arbitrary Unicode never breaks it, and threads share a knowledge base safely."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openai_kb
from openai_kb import KnowledgeBase, QueryError
from openai_kb import index as index_module

from .test_search import FIRST

KB = openai_kb.load()

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=(), codec=None),  # every category: controls, marks, surrogates
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(unicode_text)
def test_any_text_searches_cleanly(query: str) -> None:
    """Control characters, lone surrogates, combining marks, RTL text and emoji give a list of matches."""
    results = KB.search(query)
    assert isinstance(results, list)
    assert all(0 <= match.score <= 100 for match in results)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=5).map(lambda s: s * 20_000))
def test_huge_queries_are_cut_not_hung(query: str) -> None:
    """100,000-character queries return: only the first 1,000 characters are read."""
    assert isinstance(KB.search(query), list)


@pytest.mark.parametrize("bad", [None, 42, b"OpenAI", ["OpenAI"]])
def test_non_strings_are_type_errors(bad: object) -> None:
    """A query that is not a str is a TypeError naming what was expected."""
    with pytest.raises(TypeError, match="search\\(\\) expects the query as a str"):
        KB.search(bad)  # type: ignore[arg-type]


def test_bad_limits_and_types() -> None:
    """Bad options raise the library's QueryError."""
    with pytest.raises(QueryError):
        KB.search("x", limit=True)
    with pytest.raises(QueryError):
        KB.search("x", types=["nope"])


@pytest.mark.parametrize("brute_force_limit", [5_000, 0], ids=["scored-all", "n-gram-index"])
def test_eight_threads_get_single_threaded_answers(monkeypatch: pytest.MonkeyPatch, brute_force_limit: int) -> None:
    """Searches from 8 threads at once on a fresh knowledge base (its index built under contention)
    give exactly the single-threaded results, with every key scored or through the n-gram index."""
    expected = {query: [(m.record.id, m.score) for m in KB.search(query)] for query, _ in FIRST}
    monkeypatch.setattr(index_module, "BRUTE_FORCE_LIMIT", brute_force_limit)
    fresh: KnowledgeBase = openai_kb.load()
    queries = [query for query, _ in FIRST] * 8

    def run(query: str) -> tuple[str, list[tuple[str, float]]]:
        return query, [(m.record.id, m.score) for m in fresh.search(query)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for query, got in pool.map(run, queries):
            assert got == expected[query], query
