"""The rows of a gazetteer: every way a record is named, as three numbers, grouped by folded key.

A row says which record gives the name (its position), which of its names (``-1``: its ``name``,
``i``: ``names[i]``; a title: its entry in ``titles``) and what of it (the whole name, its surname,
its given name, an organization's short name, a title). The names are gathered a record type at a
time through ``attrgetter``; they are folded, split into parts, shortened and tested for function
words in passes over all of them at once (``compact_all``, ``_first_and_last``, ``short_names``),
and the rows sorted by key (numpy above ``ARRAYS_ABOVE`` rows), so a million names cost a few C
calls each rather than a Python call each.
The rows of a key keep the order a record-by-record build gives: records in order, and in each
record its name, its other names, the parts of each (a person's) or the short name of each (an
organization's: ``Altimeter`` of ``Altimeter Capital``), then its titles, each title's other
wordings after them all (``title_wordings``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, eq, is_, itemgetter
from typing import Literal, TypeAlias

import numpy as np

from ..models import Entity, Person, Record
from ..search._keys import ARRAYS_ABOVE
from ..search._query import FUNCTION_WORDS, HAN_FUNCTION_WORDS, function_words_only
from ..search.normalize import INTERPUNCTS
from ._span_hashes import code_points
from ._text import compact_name
from ._wordings import short_names, title_wordings

__all__ = ["GIVEN", "NAME", "SHORT", "SURNAME", "TITLE", "Entry", "EntryKind", "Rows", "compact_all", "grouped_rows",
           "name_parts"]  # fmt: skip

EntryKind = Literal["name", "title", "surname", "given name", "short name"]
NAME, SURNAME, GIVEN, TITLE, SHORT = 0, 1, 2, 3, 4  # what a row names: the whole name, a part, a title, a short name

_MIN_KEY = 2  # code points of a folded key: one letter or one Han character names nothing reliably
_PARTS = re.compile(f"[\\s{re.escape(INTERPUNCTS)}]+")
_SPACE = f"(?:[^\\S\\n]|[{re.escape(INTERPUNCTS)}])"  # what separates the parts of a name, on one line
_PART = f"[^\\s{re.escape(INTERPUNCTS)}]"
# Each line (name): its first part, and its last part when it has two or more; one match a line.
_FIRST_AND_LAST = re.compile(
    f"^{_SPACE}*({_PART}*)(?:{_SPACE}+(?:{_PART}+{_SPACE}+)*({_PART}+))?{_SPACE}*$", re.MULTILINE
)
_ASCII_WORDS = re.compile("[a-z0-9]+")  # the words fold() makes of ASCII text
_ASCII_DROPPED = re.compile("[^a-z0-9\n]+")  # what compact_name drops of lower-case ASCII text
# A key that may be a name of function words only: function words run together (compact_name drops
# the spaces). Only these are tested word by word.
# Searched in "\n" + the keys joined + "\n": each attempt starts at a newline, and the words are a
# trie of alternatives (one character tried once), so a million keys take one fast pass.


def _alternatives(words: list[str]) -> str:
    """A regular expression matching any of ``words``, as a trie: ``the|then|to`` is ``t(?:he(?:n)?|o)``."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0], []).append(word[1:])
    branches = []
    for head, tails in heads.items():
        rest = [tail for tail in tails if tail]
        inner = _alternatives(rest) if rest else ""
        branches.append(re.escape(head) + (f"(?:{inner})" + ("?" if "" in tails else "") if rest else ""))
    return "|".join(branches)


_FUNCTION_KEYS = re.compile(f"\n(?:{_alternatives(sorted({*FUNCTION_WORDS, *HAN_FUNCTION_WORDS}))})+(?=\n)")
_TEXT = attrgetter("text")


@dataclass(frozen=True, slots=True)
class Entry:
    """One way a record is named: what kind of name, as written, in which language, and how likely."""

    record: str
    kind: EntryKind
    written: str
    language: str | None
    name_kind: str  # "canonical", "alias", "translation", ... (a Name's kind), or "title"
    prior: float
    via: str | None = None  # the record a title comes from (a departure)
    wording_of: str | None = None  # the title as the record holds it, of another wording (``title_wordings``)


@dataclass(slots=True)
class Rows:
    """The distinct keys, and for key ``k`` the rows ``starts[k]`` to ``starts[k + 1]`` of ``record``,
    ``slot`` and ``kind``; the title entries the rows of kind ``TITLE`` point at; the keys' code points."""

    keys: list[str]
    record: array[int]
    slot: array[int]
    kind: array[int]
    starts: array[int]
    titles: list[Entry]
    points: np.ndarray  # the code points of every row's key, a line each: key k is ``lengths[k]`` from ``begins[k]``
    begins: np.ndarray
    lengths: np.ndarray


def name_parts(written: str) -> list[str]:
    """The parts of a name written with spaces or interpuncts between them: ``Mira``, ``Murati``."""
    return [part for part in _PARTS.split(written.strip()) if part]


def compact_all(texts: Sequence[str]) -> list[str]:
    """``[compact_name(text) for text in texts]``, in a few passes over all of them at once."""
    return _compacted(texts).split("\n") if texts else []


def _compacted(texts: Sequence[str]) -> str:
    """``compact_name`` of each text, joined by newlines (which ``compact_name`` never leaves)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text holds a newline: compact it alone
        return "\n".join(map(compact_name, texts))
    if joined.isascii():
        return _ASCII_DROPPED.sub("", joined.lower())
    table: dict[int, str] = {ord(ch): compact_name(ch) for ch in set(joined)}
    table[ord("\n")] = "\n"
    return joined.translate(table)


def function_words_only_of(written: str) -> bool:
    """``function_words_only``, its ASCII case without folding."""
    if written.isascii():
        words = _ASCII_WORDS.findall(written.lower())
        return bool(words) and all(word in FUNCTION_WORDS for word in words)
    return function_words_only(written)


class _Gathered:
    """Rows in the order they are gathered, as parallel lists; the key of each row is its ``text``."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.positions: list[int] = []
        self.slots: list[int] = []
        self.kinds: list[int] = []
        self.ordinals: list[int] = []
        self.titles: list[Entry] = []

    def add(self, texts: list[str], positions: list[int], slots: list[int], kind: int, ordinals: list[int]) -> None:
        self.texts += texts
        self.positions += positions
        self.slots += slots
        self.kinds += repeat(kind, len(texts))
        self.ordinals += ordinals


def grouped_rows(records: list[Record], by_id: Mapping[str, Record]) -> Rows:
    """The rows of every name of ``records``, grouped by key; ``by_id`` finds a title's holder."""
    gathered = _Gathered()
    types: list[type[Record]] = list(map(type, records))
    kinds = list(dict.fromkeys(types))
    for kind in kinds:
        everything = len(kinds) == 1
        positions = (
            list(range(len(records)))
            if everything
            else list(compress(range(len(records)), map(is_, types, repeat(kind))))
        )
        if issubclass(kind, Entity):
            _names_rows(
                gathered,
                records if everything else [records[p] for p in positions],
                positions,
                issubclass(kind, Person),
            )
        if kind.search_titles is not None:
            for position in positions:
                _title_rows(gathered, records[position], position, by_id)
    compacted = _compacted(gathered.texts)  # the key of each row, a line each
    points = code_points(compacted)
    newlines = np.flatnonzero(points == ord("\n"))
    begins = np.concatenate([np.zeros(1, dtype=np.int64), newlines + 1]) if gathered.texts else newlines
    lengths = np.concatenate([newlines, [len(points)]]) - begins if gathered.texts else newlines
    kept = _kept(compacted, lengths, gathered.texts)
    columns = [list(compress(column, kept)) for column in (gathered.positions, gathered.slots, gathered.kinds)]
    keys = compacted.split("\n") if gathered.texts else []
    kept_keys, ordinals = list(compress(keys, kept)), list(compress(gathered.ordinals, kept))
    grouped = _grouped_arrays if len(kept_keys) > ARRAYS_ABOVE else _grouped_lists
    distinct, firsts, (record, slot, kind_), starts = grouped(kept_keys, columns, ordinals)
    rows = np.flatnonzero(kept)[firsts]  # the first row of each key
    return Rows(distinct, record, slot, kind_, starts, gathered.titles, points, begins[rows], lengths[rows])


def _names_rows(gathered: _Gathered, records: list[Record], positions: list[int], person: bool) -> None:
    """The rows of the names of entities of one type: each name, each other name, and each part of each
    (people) or the short name of each (other entities)."""
    written = list(map(attrgetter("name"), records))
    gathered.add(written, positions, [-1] * len(written), NAME, [0] * len(written))
    names = list(map(attrgetter("names"), records))
    counts = list(map(len, names))
    others = list(map(_TEXT, chain.from_iterable(names)))
    other_positions = list(chain.from_iterable(map(repeat, positions, counts)))
    other_slots = list(chain.from_iterable(map(range, counts)))
    if others:
        gathered.add(others, other_positions, other_slots, NAME, [slot + 1 for slot in other_slots])
    texts, owners, slots = written + others, positions + other_positions, [-1] * len(written) + other_slots
    if not person:
        shorts = short_names(texts)
        rows = list(compress(range(len(texts)), shorts))
        base = 2 + max(counts, default=0)  # after the names (ordinals 0 to max(counts)); one short name for each
        gathered.add([shorts[row] for row in rows], [owners[row] for row in rows], [slots[row] for row in rows],
                     SHORT, [base + slots[row] for row in rows])  # fmt: skip
        return
    firsts, lasts, several = _first_and_last(texts)
    rows = list(compress(range(len(texts)), several))
    base = 3 + max(counts, default=0)  # after the names (ordinals 0 to max(counts)); two parts for each name
    part_positions = [owners[row] for row in rows]
    part_slots = [slots[row] for row in rows]
    surname_ordinals = [base + 2 * slot for slot in part_slots]
    gathered.add([lasts[row] for row in rows], part_positions, part_slots, SURNAME, surname_ordinals)
    gathered.add([firsts[row] for row in rows], part_positions, part_slots, GIVEN, [o + 1 for o in surname_ordinals])


def _first_and_last(texts: list[str]) -> tuple[list[str], list[str], list[bool]]:
    """The first and last parts of each name (``name_parts``), and whether it has two parts or more."""
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1:
        found = _FIRST_AND_LAST.findall(joined)
        if len(found) == len(texts):
            lasts = list(map(itemgetter(1), found))
            return list(map(itemgetter(0), found)), lasts, list(map(bool, lasts))
    parts = list(map(name_parts, texts))  # a name holds a newline: each alone
    return [p[0] if p else "" for p in parts], [p[-1] if p else "" for p in parts], [len(p) > 1 for p in parts]


def _title_rows(gathered: _Gathered, record: Record, position: int, by_id: Mapping[str, Record]) -> None:
    """The rows of the titles a record gives the person who held them (``search_titles``)."""
    for ordinal, entry in enumerate(_title_entries(record, by_id)):  # after its names: see _grouped_lists
        gathered.add([entry.written], [position], [len(gathered.titles)], TITLE, [ordinal])
        gathered.titles.append(entry)


def _title_entries(record: Record, by_id: Mapping[str, Record]) -> Iterator[Entry]:
    """The titles of a record, alone and after the organization's names; then their other wordings
    (``research VP`` of ``VP of Research``) that none of them is, each once, alone and after the names."""
    titles = type(record).search_titles
    if titles is None:
        return
    holder = by_id.get(str(getattr(record, titles.of)))
    if holder is None:
        return
    at = by_id.get(str(getattr(record, titles.at))) if titles.at is not None else None
    org_names = (at.name, *(n.text for n in at.names)) if isinstance(at, Entity) else ()
    held: list[tuple[str, str | None]] = []
    for field, language in titles.texts:
        value = getattr(record, field)
        written = [(n.text, n.language) for n in value] if isinstance(value, tuple) else [(value, language)]
        held += [(text, lang) for text, lang in written if text]
    worded = {compact_name(text) for text, _ in held}
    other: list[tuple[str, str | None, str | None]] = []
    for text, lang in held:
        for wording in title_wordings(text, lang):
            key = compact_name(wording)
            if key not in worded:
                worded.add(key)
                other.append((wording, lang, text))
    for text, lang, of in (*((text, lang, None) for text, lang in held), *other):
        yield Entry(holder.id, "title", text, lang, "title", 1.0, record.id, of)
        for org_name in org_names:
            yield Entry(holder.id, "name", f"{org_name} {text}", lang, "title", 1.0, record.id, of)


def _kept(compacted: str, lengths: np.ndarray, texts: list[str]) -> list[bool]:
    """Whether each key (a line of ``compacted``, ``lengths[i]`` long) is kept: two code points or
    more, and not a name of function words only."""
    kept: list[bool] = (lengths >= _MIN_KEY).tolist()
    joined = "\n" + compacted + "\n"  # the key of line i follows the i-th newline
    line, at = 0, 0
    for found in _FUNCTION_KEYS.finditer(joined):
        line += joined.count("\n", at, found.start())
        at = found.start()
        if kept[line] and function_words_only_of(texts[line]):
            kept[line] = False
    return kept


_Grouped: TypeAlias = "tuple[list[str], list[int], tuple[array[int], array[int], array[int]], array[int]]"
_TYPECODES = ("i", "i", "b")  # the position of a record, which of its names, what of it


def _grouped_lists(keys: list[str], columns: list[list[int]], ordinals: list[int]) -> _Grouped:
    """The distinct keys and the row each first stands in, the columns (position, slot, kind) sorted by
    key, then position and ordinal, and where the rows of each key start (and the last ends)."""
    first_rows: dict[str, int] = {}
    for row, key in enumerate(keys):
        first_rows.setdefault(key, row)
    distinct = list(first_rows)
    numbers = dict(zip(distinct, range(len(distinct)), strict=True))
    key_numbers = list(map(numbers.__getitem__, keys))
    positions, kinds = columns[0], columns[2]
    order = sorted(
        range(len(keys)), key=lambda row: (key_numbers[row], positions[row], kinds[row] == TITLE, ordinals[row])
    )
    counts = [0] * len(distinct)
    for number in key_numbers:
        counts[number] += 1
    record, slot, kind = (
        array(code, [column[row] for row in order]) for code, column in zip(_TYPECODES, columns, strict=True)
    )
    return distinct, list(first_rows.values()), (record, slot, kind), array("q", accumulate(counts, initial=0))


def _grouped_arrays(keys: list[str], columns: list[list[int]], ordinals: list[int]) -> _Grouped:
    """``_grouped_lists`` with numpy: the keys told apart by their hashes (in the order of the hashes),
    then checked; two keys of one hash (never seen) make it fall back on ``_grouped_lists``."""
    hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
    _, first, numbers = np.unique(hashes, return_index=True, return_inverse=True)
    distinct = list(map(keys.__getitem__, first.tolist()))
    firsts = first[numbers]  # the row whose key stands for each row's: each other row is checked against it
    others = np.flatnonzero(firsts != np.arange(len(keys)))
    if not all(map(eq, map(keys.__getitem__, others.tolist()), map(keys.__getitem__, firsts[others].tolist()))):
        return _grouped_lists(keys, columns, ordinals)
    positions, kinds, ordinal = np.array(columns[0]), np.array(columns[2]), np.array(ordinals, dtype=np.int64)
    titles = kinds == TITLE
    ordinal[titles] += ordinal[~titles].max(initial=-1) + 1  # a record's titles after its names and their parts
    span, depth = int(positions.max()) + 1, int(ordinal.max()) + 1
    if len(distinct) * span * depth < 1 << 62:  # one sort key: (number, position, ordinal) in one int64
        order = np.argsort((numbers * span + positions) * depth + ordinal, kind="stable")
    else:
        order = np.lexsort((ordinal, positions, numbers))
    starts = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum(np.bincount(numbers, minlength=len(distinct)), out=starts[1:])
    record, slot, kind = (
        array(code, np.array(column, dtype=code)[order].tobytes())
        for code, column in zip(_TYPECODES, columns, strict=True)
    )
    return distinct, first.tolist(), (record, slot, kind), array("q", starts.tobytes())
