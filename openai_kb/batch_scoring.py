"""``scoring.similarity`` for many keys at once, in rapidfuzz's C calls and numpy.

A large index proposes a few hundred candidate keys per query; scoring them one Python call at a
time took most of a search. Here a query's words meet the distinct words of all candidates in one
``rapidfuzz.process.cdist`` matrix, each key takes the best of its own words' columns (its words
are a slice of one flat array, built with the index), and the rules of ``similarity`` (the word
floor, the prefix bonus, partial and reordered names, Chinese fragments, pinyin) are applied as
array operations. The scores equal ``similarity``'s to the last bit (a property test compares
them), so results and their explanations do not depend on the size of the knowledge base.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Prefix

from .keys import KeyTable
from .normalize import HAN_RANGES
from .scoring import PARTIAL, REORDERED, SEVERAL_WORDS_WHOLE, WORD_FLOOR, KeyKind, Text

__all__ = ["KINDS", "Columns"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

#: Key kinds as the small integers the ``kind`` column holds.
KINDS: dict[KeyKind, int] = {"text": 0, "phrase": 1, "pinyin": 2, "initials": 3}
_TEXT, _PHRASE, _PINYIN, _INITIALS = 0, 1, 2, 3
_HAN = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in HAN_RANGES) + "]")


def _strings(items: list[str], positions: I32 | I64) -> list[str]:
    return [items[position] for position in positions.tolist()]


class Columns:
    """The columns of a key table that scoring reads, as arrays; the words of every key as one flat array.

    ``vocabulary`` is every key's words in order, and a word's number is where it first appears
    there: ``words`` numbers each word so, and ``word_number`` gives the number of a word. Numbering
    words by first appearance takes one dictionary pass; renumbering them densely would take two
    more, which for a million keys cost seconds.
    """

    def __init__(self, table: KeyTable) -> None:
        size = len(table)
        self.compact = table.compact
        self.kind = np.fromiter(map(KINDS.__getitem__, table.kind), dtype=np.int8, count=size)
        self.han = np.zeros(size, dtype=bool)
        other = np.flatnonzero(~np.fromiter(map(str.isascii, table.folded), dtype=bool, count=size))
        held = map(table.folded.__getitem__, other.tolist())  # not ASCII: has_han is a search
        self.han[other] = np.fromiter(map(bool, map(_HAN.search, held)), dtype=bool, count=len(other))
        self.compact_len = np.fromiter(map(len, table.compact), dtype=np.int32, count=size)
        lengths = np.fromiter(map(len, table.folded), dtype=np.int32, count=size)
        spaces = lengths - self.compact_len  # a folded text's words are split by single spaces
        self.word_count = np.where(lengths > 0, spaces + 1, 0).astype(np.int32)
        self.word_start = np.concatenate(([0], np.cumsum(self.word_count, dtype=np.int64)))
        self.vocabulary = " ".join(table.folded).split()
        self.word_number: dict[str, int] = {}
        first = map(self.word_number.setdefault, self.vocabulary, range(len(self.vocabulary)))
        self.words = np.fromiter(first, dtype=np.int32, count=len(self.vocabulary))

    def similarities(self, query: Text, rows: I32) -> F64:
        """``similarity(query, key, kind)`` of each row's key, in the order given."""
        scores = np.zeros(len(rows), dtype=np.float64)
        if not len(rows) or not query.compact:
            return scores
        compacts = _strings(self.compact, rows)
        whole = process.cdist([query.compact], compacts, scorer=fuzz.ratio, dtype=np.float64)[0]
        kind = self.kind[rows]
        key_han = self.han[rows]
        words = len(query.words)
        if query.han:
            han = (kind != _INITIALS) & (kind != _PINYIN) & key_han
            han &= (kind != _PHRASE) | (self.word_count[rows] == words)
            if han.any():
                scores[han] = self._han(query.compact, whole[han], [compacts[i] for i in np.flatnonzero(han)])
        else:
            latin = ((kind == _TEXT) | (kind == _PHRASE)) & ~key_han
            latin &= (kind != _PHRASE) | (self.word_count[rows] == words)
            pinyin = kind == _PINYIN
            if len(query.compact) >= 4:  # compared whole too: see scoring._latin
                if words == 1:
                    scores[latin | pinyin] = whole[latin | pinyin]
                else:
                    several = (latin & (kind == _TEXT)) | pinyin
                    scores[several] = whole[several] * SEVERAL_WORDS_WHOLE
            if pinyin.any():
                spaceless = self.words_score((query.compact,), rows[pinyin]) if words > 1 else 0.0
                scores[pinyin] = np.maximum(scores[pinyin], spaceless)
            either = latin | pinyin
            if either.any():
                scores[either] = np.maximum(scores[either], self.words_score(query.words, rows[either]))
        scores[whole == 100.0] = 100.0  # equal compact forms (a query's compact form is never empty)
        return scores

    @staticmethod
    def _han(query: str, ratio: F64, keys: list[str]) -> F64:
        """``han_score``: a query inside the key scores 90-98, else the plain ratio."""
        if len(query) < 2:
            return np.zeros(len(keys), dtype=np.float64)
        inside = np.fromiter((query in key for key in keys), dtype=bool, count=len(keys))
        lengths = np.fromiter(map(len, keys), dtype=np.float64, count=len(keys))
        return np.where(inside, 90.0 + 8.0 * len(query) / lengths, ratio)

    def words_score(self, words: tuple[str, ...], rows: I32) -> F64:
        """``words_score(words, key.words)`` of each row: every query word against every key word at once.

        The keys' words are laid out as a matrix, a key a row, padded to the longest key; each query
        word meets the distinct words among them in one ``cdist`` call, and the best per key is a max.
        """
        scores = np.zeros(len(rows), dtype=np.float64)
        total_length = sum(len(word) for word in words)
        counts = self.word_count[rows]
        widest = int(counts.max()) if len(rows) else 0
        if total_length < 3 or not widest:
            return scores
        slots = np.arange(widest)
        held = slots < counts[:, None]  # (keys, widest): which slots hold a word
        at = np.minimum(self.word_start[rows][:, None] + slots, len(self.words) - 1)
        ids = np.where(held, self.words[at], -1)
        ordered = np.sort(ids, axis=None)
        distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
        distinct = distinct[distinct >= 0]
        column = np.searchsorted(distinct, ids)  # each slot's word among the distinct ones
        choices = _strings(self.vocabulary, distinct)
        lengths = np.array([len(word) for word in words], dtype=np.float64)[:, None]
        # (query words, keys): the best ratio of each query word among each key's words
        ratios = process.cdist(words, choices, scorer=fuzz.ratio, dtype=np.float64)
        ratios = np.concatenate((ratios, np.full((len(words), 1), -1.0)), axis=1)
        column = np.where(held, column, len(choices))  # an empty slot meets the -1 column
        best = ratios[:, column].max(axis=2)
        prefixes = process.cdist(words, choices, scorer=Prefix.similarity, dtype=np.int32)
        prefixes = np.concatenate((prefixes, np.full((len(words), 1), -1, dtype=np.int32)), axis=1)
        starts = (prefixes[:, column] == lengths[:, :, None]).any(axis=2) & (lengths >= 3)
        best = np.where(starts, np.maximum(best, 90.0), best)
        # a word this far off counts for little: half credit from 50, nothing below
        low = best < np.where(lengths >= 4, WORD_FLOOR, 85.0)
        best = np.where(low, np.where((best >= 50.0) & (lengths >= 3), best * 0.5, 0.0), best)
        total = np.zeros(len(rows), dtype=np.float64)
        for number in range(len(words)):  # summed in the query's order, as words_score sums
            total += best[number] * lengths[number, 0]
        score = total / total_length
        fewer = len(words) < counts
        same = self._same_words(words, ids, counts == len(words))
        score = np.where(fewer, score * PARTIAL, np.where(same, score, score * REORDERED))
        return np.where(counts > 0, score, 0.0)

    def _same_words(self, words: tuple[str, ...], ids: I32, candidates: B) -> B:
        """Which keys (of those marked) hold exactly the query's words, in any order."""
        same = np.zeros(len(ids), dtype=bool)
        wanted = sorted(self.word_number.get(word, -1) for word in words)
        if not candidates.any() or wanted[0] < 0:
            return same
        held = np.sort(ids[candidates][:, : len(words)], axis=1)
        same[candidates] = (held == np.asarray(wanted, dtype=np.int32)).all(axis=1)
        return same
