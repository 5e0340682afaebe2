"""Every name a knowledge base holds, folded, in one Aho-Corasick automaton (pyahocorasick).

Names, aliases and titles of every entity (``Organization``, ``Person`` and entities of your own),
in every script the records write them; the titles a model declares in ``search_titles`` (a
departure's ``CTO``) as names of the person who held them, alone and after the organization's name;
each part of a person's name (``Murati``, ``穆拉蒂``) and an organization's name without its generic
words (``Altimeter`` of ``Altimeter Capital``, ``软银`` of ``软银集团``), which ``_names`` links only with
support.
A name of one character, or of function words only (``The``, ``的``), is never a key.

A million names make two million entries and one and a half million keys. An ``Entry`` object per
name, a dict of them per key and a set of marks per key took 1.5 KB a name and most of the build,
one Python call per name. So the keys are worked out in a few passes over all names at once
(``_gazetteer_rows``), the automaton stores each key's number, and an entry is three numbers in
parallel arrays (the record it comes from, which of its names, what part of it), grouped by key:
the ``Entry`` objects of a key, and the marks its names are written with, are made when a text
matches it, and the last keys asked for are kept. Past fifty thousand, names written in letters of
scripts with spaces leave the automaton (most of its build): they can only stand where words begin
and end, so they are looked up there by hash.
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Literal

import ahocorasick  # type: ignore[import-not-found,unused-ignore]  # no stubs: used through this module only
import numpy as np

from ..models import Record
from ._gazetteer_rows import GIVEN, NAME, SHORT, SURNAME, TITLE, Entry, EntryKind, grouped_rows, name_parts
from ._span_hashes import SpanHashes, code_points, key_hashes
from ._text import HAN_AND_BEYOND, Folded, compact_name, is_word_character
from ._wordings import short_name

__all__ = ["Entry", "EntryKind", "Gazetteer", "Surest"]

_MARKS = re.compile(r"[^\w\s]|_")  # what a name is written with besides letters, digits and spaces
#: Parts of names (no name's key, in letters of a script with spaces) the automaton holds before they
#: are looked up word by word instead: a few cost the automaton nothing, and save listing every word.
WORDS_IN_AUTOMATON = 50_000
#: Names beginning and ending with such letters (``Mira Murati``) the automaton holds before they are
#: looked up where words begin and end instead: past that, they are most of the automaton's build.
NAMES_IN_AUTOMATON = 50_000
#: Names longer than this (folded) stay in the automaton: they are few, and each would widen every span looked up.
_LONGEST_HASHED = 64
_STARTS_AT_ONCE = 65_536  # places a word begins whose spans are hashed at once: a long text's in batches
_CACHED_KEYS = 4096  # keys whose entries stay made: a text matches a few hundred
_PART_KIND: dict[int, Literal["surname", "given name"]] = {SURNAME: "surname", GIVEN: "given name"}
#: How surely each kind names: a short name as surely as a surname (``Khosla``: Khosla Ventures, Vinod Khosla).
_SUREST: dict[str, int] = {"name": 0, "title": 1, "surname": 2, "short name": 2, "given name": 3}


@dataclass(frozen=True, slots=True)
class Surest:
    """The entries of the surest kind a key is (a whole name over a title over a part), one per record,
    surest first; and where each record's entry stands among them."""

    entries: tuple[Entry, ...]
    places: Mapping[str, int]  # record id -> its entry's index in ``entries``


class Gazetteer:
    """The automaton over the folded keys, the hashes of those looked up where words stand instead, and
    the entries each key stands for."""

    __slots__ = ("_automaton", "_checked", "_entries_of", "_holders_of", "_kind", "_lengths", "_longest",
                 "_marks_of", "_names", "_number_of", "_record", "_records", "_slot", "_starts", "_surest_of",
                 "_titles", "_words")  # fmt: skip

    def __init__(self, by_id: Mapping[str, Record]) -> None:
        """The keys of the records of ``by_id`` (records by id, in order)."""
        self._records = list(by_id.values())
        rows = grouped_rows(self._records, by_id)
        self._titles = rows.titles
        self._record, self._slot, self._kind, self._starts = rows.record, rows.slot, rows.kind, rows.starts
        points, begins, lengths = rows.points, rows.begins, rows.lengths
        self._lengths = array("i", lengths.astype(np.int32).tobytes())
        words, names = _hashed_keys(points, begins, lengths, rows.kind, rows.starts)
        self._checked: frozenset[int] = frozenset()  # part words the automaton holds, matched as words only
        if len(words) <= WORDS_IN_AUTOMATON:
            self._checked, words = frozenset(words), []
        if len(names) <= NAMES_IN_AUTOMATON:
            names = []
        self._words, self._names = (
            _Hashed(key_hashes(points, begins[held], lengths[held]), held) for held in (words, names)
        )
        self._longest = int(lengths[names].max(initial=0))
        others = _other_numbers(len(rows.keys), words + names)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        deque(map(self._automaton.add_word, map(rows.keys.__getitem__, others), others), maxlen=0)  # numbered
        if others:
            self._automaton.make_automaton()
        self._number_of = lru_cache(maxsize=_CACHED_KEYS)(self._find_number)
        self._entries_of = lru_cache(maxsize=_CACHED_KEYS)(self._make_entries)
        self._marks_of = lru_cache(maxsize=_CACHED_KEYS)(self._make_marks)
        self._holders_of = lru_cache(maxsize=_CACHED_KEYS)(self._make_holders)
        self._surest_of = lru_cache(maxsize=_CACHED_KEYS)(self._make_surest)

    def __len__(self) -> int:
        return len(self._lengths)

    def keys(self) -> Iterator[str]:
        """Every key, in no particular order."""
        held = iter(self._automaton.keys()) if len(self._automaton) else iter(())
        return chain(held, map(self._key, self._words.numbers.tolist()), map(self._key, self._names.numbers.tolist()))

    def matches(self, folded: Folded) -> Iterator[tuple[int, int, str]]:
        """Every key found in a folded text, overlaps included: ``(start, end, key)`` in folded positions.
        The automaton finds the names; a part of a name that no name is, written in letters of a script
        with spaces (``Murati``, not ``穆拉蒂``), is looked up word by word: a million people's surnames
        and given names make half the automaton and half its build, and a part stands alone as words do.
        Up to ``WORDS_IN_AUTOMATON`` of them the automaton holds them, and finds them where a word does.
        Past ``NAMES_IN_AUTOMATON`` names that begin and end with such letters (``Mira Murati``), they
        too are looked up, between every place a word begins and every place one ends up to the longest
        of them apart: the only places ``find_mentions`` keeps them, so the mentions are the same."""
        compact, lengths = folded.compact, self._lengths
        if len(self._automaton):
            checked = self._checked
            for last, number in self._automaton.iter(compact):
                end = last + 1
                start = end - lengths[number]
                if number not in checked or folded.is_word_span(start, end):
                    yield start, end, compact[start:end]
        if not len(self._words) and not len(self._names):
            return
        hashes = SpanHashes(compact)
        if len(self._words):
            spans = list(folded.word_spans())
            starts = np.fromiter(map(itemgetter(0), spans), dtype=np.int64, count=len(spans))
            ends = np.fromiter(map(itemgetter(1), spans), dtype=np.int64, count=len(spans))
            yield from self._found(self._words, compact, hashes, starts, ends)
        if len(self._names):
            word_starts, word_ends = folded.word_edges()
            for first in range(0, len(word_starts), _STARTS_AT_ONCE):  # a long text's spans a batch at a time
                starts, ends = _spans_within(word_starts[first : first + _STARTS_AT_ONCE], word_ends, self._longest)
                yield from self._found(self._names, compact, hashes, starts, ends)

    def _found(
        self, hashed: _Hashed, compact: str, hashes: SpanHashes, starts: np.ndarray, ends: np.ndarray
    ) -> Iterator[tuple[int, int, str]]:
        """The spans ``starts[i]:ends[i]`` of ``compact`` that are keys ``hashed`` holds."""
        for index, number in hashed.found(hashes.of(starts, ends)):
            start, end = int(starts[index]), int(ends[index])
            key = compact[start:end]
            if self._key(number) == key:
                yield start, end, key

    def entries(self, key: str) -> list[Entry]:
        """The entries a key stands for, each once, in the order of the records and of their names."""
        return list(self._entries_of(self._number(key)))

    def name_holders(self, key: str) -> frozenset[str]:
        """The records a key is a whole name of (not a title, not a part of a name)."""
        return self._holders_of(self._number(key))

    def surest(self, key: str, written: str) -> Surest:
        """The entries of the surest kind of name a key is, one per record: the likeliest first, and of
        a record's names the one written as ``written`` (``微軟`` rather than ``微软``). Made once per
        key and wording: a surname a thousand people share is sorted once, not at every mention."""
        return self._surest_of(self._number(key), written)

    def marks(self, key: str) -> frozenset[str]:
        """The separators (other than spaces) the names of a key are written with."""
        return self._marks_of(self._number(key))

    def latin_edges(self, key: str) -> tuple[bool, bool]:
        """Whether the key begins, and ends, with a letter or digit of a script written with spaces."""
        return is_word_character(key[0]), is_word_character(key[-1])

    def _number(self, key: str) -> int:
        number = self._number_of(key)
        if number < 0:
            raise KeyError(key)
        return number

    def _find_number(self, key: str) -> int:
        """A key's number, or -1."""
        number = self._automaton.get(key, -1) if len(self._automaton) else -1  # most keys: a C lookup
        for hashed in (self._words, self._names):
            if number < 0 and len(hashed):
                wanted = key_hashes(code_points(key), np.zeros(1, dtype=np.int64), np.array([len(key)]))
                number = next((held for _, held in hashed.found(wanted) if self._key(held) == key), -1)
        return int(number)

    def _key(self, number: int) -> str:
        """A hashed key, from what its first entry writes (such keys are not kept: their hashes are)."""
        return compact_name(self._entries_of(number)[0].written)

    def _make_entries(self, number: int) -> tuple[Entry, ...]:
        start, end = self._starts[number], self._starts[number + 1]
        made: dict[Entry, None] = {}  # each entry once (a surname two names share), in order
        for position, slot, kind in zip(
            self._record[start:end], self._slot[start:end], self._kind[start:end], strict=True
        ):
            made[self._entry(position, slot, kind)] = None
        return tuple(made)

    def _entry(self, position: int, slot: int, kind: int) -> Entry:
        if kind == TITLE:
            return self._titles[slot]
        record = self._records[position]
        if slot < 0:
            written, language, name_kind, prior = record.name, "en", "canonical", 1.0  # type: ignore[attr-defined]
        else:
            name = record.names[slot]  # type: ignore[attr-defined]
            written, language, name_kind = name.text, name.language, name.kind
            prior = 1.0 if name.prior is None else name.prior
        if kind == NAME:
            return Entry(record.id, "name", written, language, name_kind, prior)
        if kind == SHORT:
            return Entry(record.id, "short name", short_name(written), language, name_kind, 1.0)  # the name's kind
        parts = name_parts(written)
        return Entry(record.id, _PART_KIND[kind], parts[-1] if kind == SURNAME else parts[0], language, "part", 1.0)

    def _make_holders(self, number: int) -> frozenset[str]:
        return frozenset(entry.record for entry in self._entries_of(number) if entry.kind == "name")

    def _make_surest(self, number: int, written: str) -> Surest:
        best: dict[str, Entry] = {}
        ordered = sorted(self._entries_of(number), key=lambda e: (_SUREST[e.kind], -e.prior, e.written != written))
        for entry in ordered:
            best.setdefault(entry.record, entry)
        surest = min(_SUREST[entry.kind] for entry in best.values())
        entries = tuple(entry for entry in best.values() if _SUREST[entry.kind] == surest)
        return Surest(entries, {entry.record: index for index, entry in enumerate(entries)})

    def _make_marks(self, number: int) -> frozenset[str]:
        return frozenset(mark for entry in self._entries_of(number) for mark in _MARKS.findall(entry.written))


def _hashed_keys(
    points: np.ndarray, begins: np.ndarray, lengths: np.ndarray, kinds: array[int], starts: array[int]
) -> tuple[list[int], list[int]]:
    """The numbers of the keys that may be looked up by hash: the part words (parts of names only, wholly
    in letters and digits of a script with spaces, ``is_word_character``: ``Folded.word_spans`` finds
    them), and the other keys that begin and end with such a letter or digit and whose first entry is
    no title and that are at most ``_LONGEST_HASHED`` long (``Folded.word_edges`` finds them). Worked
    out on the code points of all keys at once (``points``: key ``i`` is ``lengths[i]`` from ``begins[i]``)."""
    if not len(begins):
        return [], []
    spaced = _spaced_letters()
    letters = spaced[np.minimum(points, len(spaced) - 1)]
    others = np.zeros(len(points) + 1, dtype=np.int64)  # how many code points before each are no such letter
    np.cumsum(~letters, out=others[1:])
    kind = np.frombuffer(kinds, dtype=np.dtype(kinds.typecode))
    first_rows = np.frombuffer(starts, dtype=np.int64)[:-1]
    is_part = ((kind == SURNAME) | (kind == GIVEN)).astype(np.int8)
    only_parts = np.minimum.reduceat(is_part, first_rows).astype(bool)
    words = only_parts & (others[begins + lengths] == others[begins])
    names = ~only_parts & letters[begins] & letters[begins + lengths - 1] & (kind[first_rows] != TITLE)
    names &= lengths <= _LONGEST_HASHED
    return np.flatnonzero(words).tolist(), np.flatnonzero(names).tolist()


@lru_cache(maxsize=1)
def _spaced_letters() -> np.ndarray:
    """``is_word_character`` of every code point below ``HAN_AND_BEYOND``, and False for the one after."""
    return np.fromiter(map(is_word_character, map(chr, range(ord(HAN_AND_BEYOND) + 1))), dtype=bool)


def _spans_within(starts: np.ndarray, ends: np.ndarray, longest: int) -> tuple[np.ndarray, np.ndarray]:
    """Every ``start, end`` of ``starts`` and ``ends`` (each sorted) with ``start < end <= start + longest``."""
    low = np.searchsorted(ends, starts, side="right")
    counts = np.searchsorted(ends, starts + longest, side="right") - low
    before = np.cumsum(counts) - counts
    picked = np.repeat(low - before, counts) + np.arange(int(counts.sum()))
    return np.repeat(starts, counts), ends[picked]


class _Hashed:
    """Keys found by hash rather than by the automaton (``_span_hashes``): their hashes sorted, and
    their numbers. 16 bytes a key where a dict took 140; a span of a key's hash is checked against it."""

    __slots__ = ("hashes", "numbers")

    def __init__(self, hashes: np.ndarray, numbers: list[int]) -> None:
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.numbers = hashes[order], np.asarray(numbers, dtype=np.int64)[order]

    def __len__(self) -> int:
        return len(self.hashes)

    def found(self, wanted: np.ndarray) -> Iterator[tuple[int, int]]:
        """``(index, number)`` for each hash of ``wanted`` and each key held of that hash, to be checked."""
        if not len(self.hashes) or not len(wanted):
            return
        places = np.searchsorted(self.hashes, wanted)
        hits = np.flatnonzero(self.hashes[np.minimum(places, len(self.hashes) - 1)] == wanted)
        for index, place in zip(hits.tolist(), places[hits].tolist(), strict=True):
            yield index, int(self.numbers[place])
            hash_ = self.hashes[place]
            while place + 1 < len(self.hashes) and self.hashes[place + 1] == hash_:  # another key of that hash
                place += 1
                yield index, int(self.numbers[place])


def _other_numbers(count: int, taken: list[int]) -> list[int]:
    """The numbers ``0 .. count - 1`` but ``taken``, in order."""
    keep = np.ones(count, dtype=bool)
    keep[taken] = False
    return np.flatnonzero(keep).tolist()
