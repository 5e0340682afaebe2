"""Ranking the records a name may mean: support first, then nearness, then prior, as one stable sort would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openai_kb.linking._gazetteer import Surest
from openai_kb.linking._gazetteer_rows import Entry
from openai_kb.linking._names import _ranked


def _surest(priors: list[float]) -> Surest:
    ordered = sorted(priors, reverse=True)  # a key's entries come by prior, likeliest first
    entries = tuple(Entry(f"person:p{i}", "name", "Ann Lee", "en", "alias", prior) for i, prior in enumerate(ordered))
    return Surest(entries, {entry.record: place for place, entry in enumerate(entries)})


@settings(max_examples=300, deadline=None)
@given(
    priors=st.lists(st.sampled_from([0.5, 0.9, 1.0]), min_size=1, max_size=30),
    supported=st.dictionaries(st.integers(0, 29), st.integers(0, 6), max_size=8),
)
def test_supported_records_move_and_the_rest_keep_order(priors: list[float], supported: dict[int, int]) -> None:
    """Without nearness, moving the supported records to the front is the stable sort by support then prior."""
    surest = _surest(priors)
    support = {f"person:p{i}": count for i, count in supported.items() if i < len(priors)}
    expected = sorted(surest.entries, key=lambda e: (-support.get(e.record, 0), 0, -e.prior))
    assert _ranked(surest, surest.entries, support, {}) == expected


def test_nearness_sorts_all() -> None:
    """With nearness (a title's holders), the records named nearer come first among equals."""
    surest = _surest([1.0, 1.0, 1.0])
    distance = {"person:p0": 9, "person:p1": 2, "person:p2": 5}
    ranked = _ranked(surest, surest.entries, {}, distance)
    assert [entry.record for entry in ranked] == ["person:p1", "person:p2", "person:p0"]
