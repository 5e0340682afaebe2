"""Spans of a text hash as the same strings hash as keys, whatever the text's length and script."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_kb.linking import _span_hashes
from openai_kb.linking._span_hashes import SpanHashes, code_points, key_hashes


def _keys_hashed(keys: list[str]) -> np.ndarray:
    lengths = np.array(list(map(len, keys)), dtype=np.int64)
    return key_hashes(code_points("".join(keys)), np.cumsum(lengths) - lengths, lengths)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60), st.data())
def test_a_span_hashes_as_the_same_text_as_a_key(text: str, data: st.DataObject) -> None:
    """Every span of any text (astral characters, lone surrogates) hashes as its text does among keys."""
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))), min_size=1))
    spans = [(min(a, b - 1), max(a + 1, b)) for a, b in spans]
    starts, ends = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
    expected = _keys_hashed([text[start:end] for start, end in spans])
    assert SpanHashes(text).of(starts, ends).tolist() == expected.tolist()


def test_spans_of_a_long_text_hash_alike_and_apart() -> None:
    """A text longer than any before grows the power tables; distinct spans of it get distinct hashes."""
    rng = random.Random(5)
    text = "".join(rng.choice("abcde米拉𠀀") for _ in range(300_000))
    starts = np.array(sorted(rng.sample(range(len(text) - 40), 2_000)), dtype=np.int64)
    ends = starts + np.array([rng.randint(1, 40) for _ in starts], dtype=np.int64)
    spans = [text[start:end] for start, end in zip(starts.tolist(), ends.tolist(), strict=True)]
    hashes = SpanHashes(text).of(starts, ends)
    assert hashes.tolist() == _keys_hashed(spans).tolist()
    assert len(set(hashes.tolist())) == len(set(spans))
    assert len(_span_hashes._powers) == 4  # two primes, a base and its inverse each
    assert all(len(table) >= len(text) for table in _span_hashes._powers.values())


def test_the_powers_of_a_very_long_text_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text longer than the powers kept hashes alike, and leaves the kept tables as they were."""
    monkeypatch.setattr(_span_hashes, "_KEPT_POWERS", 64)
    monkeypatch.setattr(_span_hashes, "_powers", {})
    text = "thrive capital 米拉 " * 20
    starts, ends = np.array([0, 200, 300]), np.array([6, 214, 355])
    expected = _keys_hashed([text[0:6], text[200:214], text[300:355]]).tolist()
    assert SpanHashes(text).of(starts, ends).tolist() == expected
    assert _span_hashes._powers == {}
    assert SpanHashes(text[:40]).of(np.array([0]), np.array([6])).tolist() == expected[:1]
    assert sorted(map(len, _span_hashes._powers.values())) == [64, 64, 64, 64]


def test_keys_of_every_length_hash_by_their_own_code_points() -> None:
    """Keys of different lengths, in any order, each hash as it does alone; none of them to another's hash."""
    keys = ["openai", "米拉穆拉蒂", "ab", "thrivecapital", "ab", "ba", "x" * 300]
    together = _keys_hashed(keys).tolist()
    assert together == [_keys_hashed([key])[0] for key in keys]
    assert together[2] == together[4]
    assert len(set(together)) == len(set(keys))
    assert all(0 <= value < 1 << 62 for value in together)
