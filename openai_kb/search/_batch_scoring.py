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

from operator import ne

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Prefix

from ._keys import KeyTable
from ._scoring import (
    EXACT,
    HALF_CREDIT,
    HALF_CREDIT_FROM,
    HAN_FRAGMENT_FROM,
    HAN_INSIDE,
    HAN_INSIDE_SPAN,
    MIN_LETTERS,
    PARTIAL,
    PREFIX_BONUS,
    REORDERED,
    SEVERAL_WORDS_WHOLE,
    SHORT_WORD,
    SHORT_WORD_FLOOR,
    WHOLE_FROM,
    WORD_FLOOR,
    KeyKind,
    Text,
)
from .normalize import HAN_CHARACTER

__all__ = ["KINDS", "Columns"]

I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]

#: Key kinds as the small integers the ``kind`` column holds.
KINDS: dict[KeyKind, int] = {"text": 0, "phrase": 1, "pinyin": 2, "initials": 3}
_TEXT, _PHRASE, _PINYIN, _INITIALS = 0, 1, 2, 3
_word_hash = hash  # how words are found (a test makes words collide)
_GRID = 4  # words per key in the word grid; a query whose candidates hold longer keys gathers them itself


class Columns:
    """The columns of a key table that scoring reads, as arrays; the words of every key as one flat array.

    A word's number is where it first appears among every key's words in order: ``words`` numbers
    each word so, ``vocabulary[number]`` is the word (every other place holds "", and the last the
    empty word, which number -1 takes), and ``word_id`` gives the number of a word. Words are found
    by their hashes, sorted once: a dictionary of a million words held more than the words.
    """

    def __init__(self, table: KeyTable) -> None:
        size = len(table)
        folded = table.folded
        self.compact = table.compact
        self.kind = np.fromiter(map(KINDS.__getitem__, table.kind), dtype=np.int8, count=size)
        self.han = np.zeros(size, dtype=bool)
        other = np.flatnonzero(~np.fromiter(map(str.isascii, folded), dtype=bool, count=size))
        held = map(folded.__getitem__, other.tolist())  # not ASCII: has_han is a search
        self.han[other] = np.fromiter(map(bool, map(HAN_CHARACTER.search, held)), dtype=bool, count=len(other))
        lengths = np.fromiter(map(len, folded), dtype=np.int32, count=size)
        spaces = lengths - np.fromiter(map(len, table.compact), dtype=np.int32, count=size)  # words: single spaces
        self.word_count = np.where(lengths > 0, spaces + 1, 0).astype(np.int32)
        self.length = lengths  # of each folded key
        self.word_start = np.concatenate(([0], np.cumsum(self.word_count, dtype=np.int32)))
        self._number_words(" ".join(folded).split())
        # built with the index, not on the first query: a search right after build_index() is fast
        # the compact forms as an array: a few hundred taken at once cost less than from a list
        self._compacts = np.fromiter(self.compact, dtype=object, count=size)
        self._grid = self._word_grid()

    def _number_words(self, flat: list[str]) -> None:
        """Number every word by its first appearance in ``flat``; keep each word once, found by hash."""
        hashes = np.fromiter(map(_word_hash, flat), dtype=np.int64, count=len(flat))
        self._hashes, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        self.words = first.astype(np.int32)[inverse]
        self._first = first.astype(np.int32)  # a word's number, in the order of ``_hashes``
        self._colliding: dict[str, int] = {}  # words whose hash another word shares, by number
        wrong = np.fromiter(map(ne, flat, map(flat.__getitem__, self.words.tolist())), bool, len(flat))
        if wrong.any():  # "扬杨" and "lbhg" hash the same bytes: such words are numbered one by one
            for at in np.flatnonzero(np.isin(hashes, hashes[wrong])).tolist():
                self.words[at] = self._colliding.setdefault(flat[at], at)
        self.vocabulary = np.full(len(flat) + 1, "", dtype=object)
        numbers = np.unique(self.words)
        self.vocabulary[numbers] = np.fromiter(map(flat.__getitem__, numbers.tolist()), object, len(numbers))

    def word_id(self, word: str) -> int:
        """The number of ``word``, or -1 when no key holds it."""
        if word in self._colliding:
            return self._colliding[word]
        probe = np.int64(_word_hash(word))
        at = int(self._hashes.searchsorted(probe))
        if at < len(self._hashes) and self._hashes[at] == probe and self.vocabulary[self._first[at]] == word:
            return int(self._first[at])
        return -1

    def similarities(self, query: Text, rows: I32) -> F64:
        """``similarity(query, key, kind)`` of each row's key, in the order given."""
        if not len(rows) or not query.compact:
            return np.zeros(len(rows), dtype=np.float64)
        compacts = self._compacts.take(rows)
        whole = process.cdist([query.compact], compacts, scorer=fuzz.ratio, dtype=np.float64)[0]
        kind = self.kind[rows]
        key_han = self.han[rows]
        words = len(query.words)
        if query.han:
            scores = np.zeros(len(rows), dtype=np.float64)
            han = (kind != _INITIALS) & (kind != _PINYIN) & key_han
            han &= (kind != _PHRASE) | (self.word_count[rows] == words)
            if han.any():
                scores[han] = self._han(query.compact, whole[han], compacts[han].tolist())
        else:
            counts = self.word_count[rows]
            pinyin = kind == _PINYIN
            latin = (kind <= _PHRASE) & ~key_han & ((kind == _TEXT) | (counts == words))
            either = latin | pinyin
            if len(query.compact) < WHOLE_FROM:
                scores = np.zeros(len(rows), dtype=np.float64)
            elif words == 1:  # compared whole too: see scoring._latin
                scores = np.where(either, whole, 0.0)
            else:
                scores = np.where((latin & (kind == _TEXT)) | pinyin, whole * SEVERAL_WORDS_WHOLE, 0.0)
            if either.any():
                spaceless = words > 1 and bool(pinyin.any())  # "mu la di" read as one word: "muladi"
                asked = [query.words, (query.compact,)] if spaceless else [query.words]
                found = self._words_scores(asked, rows, counts)
                if spaceless:
                    np.maximum(scores, found[1], out=scores, where=pinyin)
                np.maximum(scores, found[0], out=scores, where=either)
        scores[whole == EXACT] = EXACT  # equal compact forms (a query's compact form is never empty)
        return scores

    @staticmethod
    def _han(query: str, ratio: F64, keys: list[str]) -> F64:
        """``han_score``: a query inside the key scores 90-98, else the plain ratio."""
        if len(query) < HAN_FRAGMENT_FROM:
            return np.zeros(len(keys), dtype=np.float64)
        inside = np.fromiter((query in key for key in keys), dtype=bool, count=len(keys))
        lengths = np.fromiter(map(len, keys), dtype=np.float64, count=len(keys))
        return np.where(inside, HAN_INSIDE + HAN_INSIDE_SPAN * len(query) / lengths, ratio)

    def _word_grid(self) -> I32:
        """The word ids of each key as a row of ``_GRID`` (-1 past its last word): one gather per query."""
        grid = np.full((len(self.word_count), _GRID), -1, dtype=np.int32)
        for slot in range(_GRID):
            held = np.flatnonzero(self.word_count > slot)
            grid[held, slot] = self.words[self.word_start[held] + slot]
        return grid

    def _word_ids(self, rows: I32, counts: I32, widest: int) -> I32:
        """The word ids of each row's key, a row each, -1 past its last word."""
        if widest <= _GRID:
            return self._grid.take(rows, axis=0)[:, :widest]
        slots = np.arange(widest)
        at = np.minimum(self.word_start[rows][:, None] + slots, len(self.words) - 1)
        return np.where(slots < counts[:, None], self.words[at], -1)

    def _words_scores(self, asked: list[tuple[str, ...]], rows: I32, counts: I32) -> list[F64]:
        """``words_score(words, key.words)`` of each row, for each tuple of query words asked.

        Every query word meets the distinct words of the rows in one ``cdist`` matrix, in which the
        prefix bonus and the word floor are applied once per distinct word (both keep the order of
        scores, so they commute with the best of a key's words); each key then takes the best of its
        own words' columns.
        """
        widest = int(counts.max())
        if not widest:
            return [np.zeros(len(rows), dtype=np.float64) for _ in asked]
        ids = self._word_ids(rows, counts, widest)
        ordered = np.sort(ids, axis=None)
        first = np.empty(len(ordered), dtype=bool)
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        distinct = ordered[first]
        column = np.searchsorted(distinct, ids)  # each slot's word among the distinct ones
        # an empty slot (-1) meets "": ratio 0, no prefix, so never a key's best
        choices = self.vocabulary.take(distinct)
        queried = [word for words in asked for word in words]
        sizes = [len(word) for word in queried]
        lengths, prefixed, floor, halved = np.array(
            [
                sizes,
                [size if size >= MIN_LETTERS else -1 for size in sizes],  # a prefix this long or longer counts
                [WORD_FLOOR if size >= SHORT_WORD else max(WORD_FLOOR, SHORT_WORD_FLOOR) for size in sizes],
                [HALF_CREDIT_FROM if size >= MIN_LETTERS else np.inf for size in sizes],
            ],
            dtype=np.float64,
        )[:, :, None]
        ratios = process.cdist(queried, choices, scorer=fuzz.ratio, dtype=np.float64)
        prefixes = process.cdist(queried, choices, scorer=Prefix.similarity, dtype=np.int32)
        np.maximum(ratios, PREFIX_BONUS, out=ratios, where=prefixes == prefixed)
        # a word this far off counts for little: half credit from 50, nothing below
        low = ratios < floor
        half = ratios * HALF_CREDIT
        np.copyto(half, 0.0, where=ratios < halved)
        np.copyto(ratios, half, where=low)
        weighted = ratios[:, column].max(axis=2) * lengths  # (query words, keys)
        found, number = [], 0
        for words in asked:
            total_length = sum(sizes[number : number + len(words)])
            if total_length < MIN_LETTERS:
                found.append(np.zeros(len(rows), dtype=np.float64))
            else:
                total = weighted[number]
                for part in weighted[number + 1 : number + len(words)]:  # in the query's order, as words_score sums
                    total = total + part
                found.append(total / total_length * self._factors(words, ids, counts))
            number += len(words)
        return found

    def _factors(self, words: tuple[str, ...], ids: I32, counts: I32) -> F64:
        """What each key's words score is multiplied by: ``PARTIAL`` for a key of more words than the
        query, 1 for a key of exactly the query's words (in any order), else ``REORDERED``.

        A key of no words scores 0 whatever its factor: all its slots meet the empty word.
        """
        factor = np.where(counts > len(words), PARTIAL, REORDERED)
        wanted = sorted(map(self.word_id, words))
        if wanted[0] < 0:  # a word no key holds
            return factor
        if len(words) == 1:
            same = (counts == 1) & (ids[:, 0] == wanted[0])
        else:
            marked = counts == len(words)
            if not marked.any():
                return factor
            same = np.zeros(len(ids), dtype=bool)
            held = np.sort(ids[marked][:, : len(words)], axis=1)
            same[marked] = (held == np.asarray(wanted, dtype=np.int32)).all(axis=1)
        factor[same] = 1.0
        return factor
