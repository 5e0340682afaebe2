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
