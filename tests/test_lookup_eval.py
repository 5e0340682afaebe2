"""The labelled lookup set (benchmarks/lookup_eval.json): quality that must not regress."""

from __future__ import annotations

from collections import Counter

from benchmarks.evaluate import evaluate, load_queries

REQUIRED_CATEGORIES = {
    "english",
    "simplified",
    "traditional",
    "fullwidth",
    "interpunct",
    "pinyin",
    "typo",
    "title_en",
    "title_zh",
    "amount",
    "negative",
}


def test_the_set_is_large_and_covers_every_kind_of_query() -> None:
    """At least 200 queries, in every category the evaluation promises, negatives included."""
    queries = load_queries()
    categories = Counter(str(item["category"]) for item in queries)
    assert len(queries) >= 200
    assert set(categories) >= REQUIRED_CATEGORIES
    assert categories["negative"] >= 20


def test_precision_at_1_and_no_false_hits() -> None:
    """precision@1 stays at or above 0.97 and no query that must find nothing finds something."""
    ours = evaluate()["openai-kb"]["all"]
    assert ours.precision_at_1 >= 0.97
    assert ours.false_hit_rate == 0.0


def test_the_engine_beats_the_naive_baseline() -> None:
    """rapidfuzz WRatio over canonical names does worse on the same set."""
    tallies = evaluate()
    assert tallies["openai-kb"]["all"].mrr > tallies["baseline"]["all"].mrr
