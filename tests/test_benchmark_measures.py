"""The measures the through-the-API benchmark reports: what counts as finding the intended name, a full list."""

from __future__ import annotations

from benchmarks.api import _full_lists, _intended
from benchmarks.corpus import Query


def test_the_intended_name_counts_when_found_or_written_the_same() -> None:
    folded = ["kabe lomi", "tosu nami", "kabe lomi"]
    query = Query("Kabe Lomy", target=0, kind="typo")
    assert _intended(folded, query, [(1, 90.0), (0, 85.0)], within=10)
    assert not _intended(folded, query, [(1, 90.0), (0, 85.0)], within=1)
    assert _intended(folded, query, [(2, 90.0)], within=1)  # a second alias written the same is the name too
    assert not _intended(folded, query, [], within=10)


def test_a_list_is_full_when_it_holds_ten_where_brute_force_finds_ten_good_matches() -> None:
    ten_good = [(number, 85.0) for number in range(10)]
    ten_weak = [*ten_good[:9], (9, 60.0)]
    truth = [ten_good, ten_good, ten_weak]
    found = [ten_good, ten_good[:3], []]
    assert _full_lists(truth, found) == 0.5  # the weak query is not judged: few good matches to list


def test_recall_against_the_own_scorer_is_tie_aware_and_counts_missing_results() -> None:
    from benchmarks.api import _own_recall_top1

    every_key = [[(1, 90.0), (2, 80.0)], [(3, 75.0)], []]
    found = [[(2, 90.0), (5, 80.0)], [], [(7, 71.0)]]  # an equal score names another key: still found
    recall, top1 = _own_recall_top1(every_key, found)
    assert recall == 0.5  # the first query fully, the second not at all; the third has nothing to find
    assert top1 == 2 / 3


def test_own_scorer_recall_of_good_results_judges_only_those_scoring_80_or_more() -> None:
    """Restricted to results scoring >= 80, recall ignores weaker ones and queries with none."""
    from benchmarks.api import _own_recall_top1

    every_key = [[(1, 95.0), (2, 85.0), (3, 60.0)], [(4, 75.0)]]
    found = [[(1, 95.0), (9, 70.0)], []]
    assert _own_recall_top1(every_key, found, good=80.0) == (0.5, 0.5)  # 95 found, 85 not; query two unjudged
    assert _own_recall_top1(every_key, found) == (1 / 6, 0.5)  # all results: 1 of 3, then 0 of 1


def test_kb_search_is_behind_brute_force_where_it_finds_the_intended_name_less_often() -> None:
    """A query kind is marked behind at rank 1 or in the top 10 only where kb.search finds fewer intended names."""
    from benchmarks.api import Run, _behind

    folded = ["ann lee", "ann li", "bo wu"]
    judged = [Query("Ann", 0, "partial"), Query("Ann", 1, "partial"), Query("Bo Wu", 2, "exact")]
    ours = Run("kb.search", [1.0] * 3, [[(0, 90.0)], [(0, 90.0)], [(2, 100.0)]])
    brute = Run("brute", [1.0] * 3, [[(1, 90.0), (0, 80.0)], [(1, 90.0)], [(2, 100.0)]])
    assert _behind([ours, brute], judged, folded, "partial") == ["@10"]  # @1: 1 each; @10: 1 against 2
    assert _behind([ours, brute], judged, folded, "exact") == []
    assert _behind([brute, ours], judged, folded, "partial") == []


def test_the_realistic_corpus_repeats_common_names_and_is_the_same_each_run() -> None:
    """Realistic names share first names, surnames, company words and Han surnames, and come out the same each run."""
    from collections import Counter

    from benchmarks.realistic import realistic_aliases

    names = realistic_aliases(5_000)
    assert names == realistic_aliases(5_000)
    words = Counter(word for name in names for word in name.split())
    assert {"James", "Smith", "Capital", "Wang"} <= {word for word, count in words.items() if count >= 20}
    assert sum(name.startswith(("王", "李", "张", "張")) for name in names) >= 200
    assert any(name.startswith("張") for name in names)  # Traditional as well as Simplified
    assert 0.55 <= sum(name.isascii() for name in names) / len(names) <= 0.65  # Latin and Han as generated


def test_a_corpus_list_names_known_corpora_or_says_which_exist() -> None:
    """``--corpus`` takes known names in order and refuses an unknown one naming the corpora."""
    import pytest

    from benchmarks.corpora import corpus_names

    assert [name for name, _ in corpus_names("realistic, generated")] == ["realistic", "generated"]
    with pytest.raises(SystemExit) as refused:
        corpus_names("generated,real")
    assert str(refused.value) == "--corpus: no corpus named 'real'; the corpora are generated, realistic"
