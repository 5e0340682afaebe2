"""Words one slip off a query word, and the keys holding them: a word-level lookup for large indexes.

The n-gram index ranks whole keys, so a one-word query that is one slip off one word of a longer
name ("Onelrasi" for "Nelasi Pavesoon Alvi") shares too few grams with it to be proposed among a
million keys. Here every distinct Latin word of the keys is held once, in two orders: as written
and as written backwards. A word one slip off the query word keeps its first half or its last
half (a letter changed, dropped or added in one half leaves the other whole), so the words
beginning with the query word's first half and those ending with its last half are read by binary
search, scored against it with ``fuzz.ratio`` in one C call, and the keys holding the nearest ones
are proposed, the shortest first (they also score best compared whole).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from ._scoring import PREFIX_BONUS, WORD_FLOOR

__all__ = ["NearWords"]

I32 = npt.NDArray[np.int32]
_EMPTY: I32 = np.empty(0, dtype=np.int32)
_FROM_LETTERS = 5  # a shorter word's halves begin or end too many words to read
_READ = 1_000  # words read per half at most (a half of three letters begins a few hundred of a million)
_WORDS = 8  # nearest words whose keys are proposed ...
_KEYS_PER_WORD = 12  # ... and keys per word, shortest first
_LAST = chr(0x10FFFF)  # after every character: the end of the words beginning with a text


class NearWords:
    """The distinct words of some keys, sorted forwards and backwards, and the keys holding each."""

    def __init__(
        self, words: I32, counts: I32, vocabulary: npt.NDArray[np.object_], held: npt.NDArray[np.bool_], lengths: I32
    ) -> None:
        """``words``: every key's word numbers, in order (``counts`` per key); ``vocabulary[number]``
        the word; ``held``: the keys whose words are looked up; ``lengths``: each key's length."""
        row_of_slot = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        keep = held[row_of_slot]
        slot_words, slot_rows = words[keep], row_of_slot[keep]
        numbers = np.unique(slot_words)
        texts = vocabulary.take(numbers).tolist()
        latin = np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts))
        numbers = numbers[latin]
        texts = [text for text, ascii in zip(texts, latin.tolist(), strict=True) if ascii]
        # sorted in C: as fixed-width bytes (a temporary), forwards and backwards
        forward = np.argsort(np.array(texts, dtype=np.bytes_), kind="stable").astype(np.int32)
        backward_texts = "\n".join(texts)[::-1].split("\n")[::-1] if texts else []
        backward = np.argsort(np.array(backward_texts, dtype=np.bytes_), kind="stable").astype(np.int32)
        self._vocabulary = vocabulary
        self._numbers = numbers[forward]  # word numbers in the order of their text
        rank = np.empty(len(forward), dtype=np.int32)
        rank[forward] = np.arange(len(forward), dtype=np.int32)
        self._backward = rank[backward]  # ranks in the order of the text written backwards
        # the keys holding each word, grouped by the word's rank, shortest key first
        by_number = np.full(len(vocabulary), -1, dtype=np.int32)
        by_number[self._numbers] = np.arange(len(forward), dtype=np.int32)
        slot_rank = by_number[slot_words]
        kept = slot_rank >= 0
        slot_rank, slot_rows = slot_rank[kept], slot_rows[kept]
        order = np.lexsort((lengths[slot_rows], slot_rank))
        self._rows = slot_rows[order]
        self._starts = np.searchsorted(slot_rank[order], np.arange(len(forward) + 1, dtype=np.int32)).astype(np.int32)

    def _word(self, rank: int) -> str:
        return str(self._vocabulary[self._numbers[rank]])

    def _backwards(self, rank: int) -> str:
        return self._word(int(self._backward[rank]))[::-1]

    def keys(self, word: str) -> I32:
        """Keys holding the words nearest ``word`` (a ``fuzz.ratio`` of ``WORD_FLOOR`` or more, or
        beginning with it), the nearest words first and, for each, its shortest keys first."""
        if len(word) < _FROM_LETTERS or not word.isascii() or not len(self._numbers):
            return _EMPTY
        half = (len(word) + 1) // 2
        first, last = word[:half], word[-half:][::-1]
        count = len(self._numbers)
        low = bisect_left(range(count), first, key=self._word)
        high = min(bisect_left(range(count), first + _LAST, key=self._word), low + _READ)
        back_low = bisect_left(range(count), last, key=self._backwards)
        back_high = min(bisect_left(range(count), last + _LAST, key=self._backwards), back_low + _READ)
        ranks = np.unique(np.concatenate((np.arange(low, high, dtype=np.int32), self._backward[back_low:back_high])))
        if not len(ranks):
            return _EMPTY
        texts = self._vocabulary.take(self._numbers.take(ranks))
        scores = process.cdist([word], texts, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=WORD_FLOOR)[0]
        if len(word) > half:  # the words beginning with the query word score at least the prefix bonus
            within = range(low, high)
            begins = low + bisect_left(within, word, key=self._word)
            ends = low + bisect_left(within, word + _LAST, key=self._word)
            np.maximum(scores, PREFIX_BONUS, out=scores, where=(ranks >= begins) & (ranks < ends))
        near = np.flatnonzero(scores)
        if not len(near):
            return _EMPTY
        best = near[np.argsort(-scores[near], kind="stable")[:_WORDS]]
        starts = self._starts
        pieces = [
            self._rows[start : min(end, start + _KEYS_PER_WORD)]
            for start, end in zip(starts.take(ranks[best]).tolist(), starts.take(ranks[best] + 1).tolist(), strict=True)
        ]
        return np.concatenate(pieces)
