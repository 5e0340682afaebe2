"""Every name a knowledge base holds, folded, in one Aho-Corasick automaton (pyahocorasick).

Names, aliases and titles of every entity (``Organization``, ``Person`` and entities of your own),
in every script the records write them; the titles a model declares in ``search_titles`` (a
departure's ``CTO``) as names of the person who held them, alone and after the organization's name;
and each part of a person's name (``Murati``, ``穆拉蒂``), which ``_names`` links only with support.
A name of one character, or of function words only (``The``, ``的``), is never a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import ahocorasick  # type: ignore[import-not-found,unused-ignore]  # no stubs: used through this module only

from ..models import Entity, Person, Record
from ..search._query import FUNCTION_WORDS, function_words_only
from ..search.normalize import INTERPUNCTS
from ._text import compact_name, is_word_character

__all__ = ["Entry", "EntryKind", "Gazetteer"]

EntryKind = Literal["name", "title", "surname", "given name"]
_PARTS = re.compile(f"[\\s{re.escape(INTERPUNCTS)}]+")
_MARKS = re.compile(r"[^\w\s]|_")  # what a name is written with besides letters, digits and spaces
_ASCII_WORDS = re.compile("[a-z0-9]+")  # the words fold() makes of ASCII text
_MIN_KEY = 2  # code points of a folded key: one letter or one Han character names nothing reliably


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


class Gazetteer:
    """The automaton over every folded key, and the entries each key stands for."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._entries: dict[str, dict[Entry, None]] = {}
        self._marks: dict[str, set[str]] = {}  # the separators the names of a key write (``X.AI``: ``.``)
        by_id = {record.id: record for record in records}
        for record in by_id.values():
            for written, entry in _entries_of(record, by_id):
                self._add(written, entry)
        self._edges = {key: (is_word_character(key[0]), is_word_character(key[-1])) for key in self._entries}
        self._automaton = ahocorasick.Automaton()
        for key in self._entries:
            self._automaton.add_word(key, key)
        if self._entries:
            self._automaton.make_automaton()

    def _add(self, written: str, entry: Entry) -> None:
        key = compact_name(written)
        if len(key) < _MIN_KEY or _function_words_only(written):
            return
        self._entries.setdefault(key, {})[entry] = None  # each entry once, in order
        marks = _MARKS.findall(written)
        if marks or key not in self._marks:
            self._marks.setdefault(key, set()).update(marks)

    def __len__(self) -> int:
        return len(self._entries)

    def matches(self, compact: str) -> Iterator[tuple[int, int, str]]:
        """Every key found in a folded text, overlaps included: ``(start, end, key)`` in folded positions."""
        if not self._entries:
            return
        for last, key in self._automaton.iter(compact):
            yield last + 1 - len(key), last + 1, key

    def entries(self, key: str) -> list[Entry]:
        """The entries a key stands for."""
        return list(self._entries[key])

    def marks(self, key: str) -> set[str]:
        """The separators (other than spaces) the names of a key are written with."""
        return self._marks[key]

    def latin_edges(self, key: str) -> tuple[bool, bool]:
        """Whether the key begins, and ends, with a letter or digit of a script written with spaces."""
        return self._edges[key]


def _function_words_only(written: str) -> bool:
    """``function_words_only``, its ASCII case without folding (a million names: a second saved)."""
    if written.isascii():
        words = _ASCII_WORDS.findall(written.lower())
        return bool(words) and all(word in FUNCTION_WORDS for word in words)
    return function_words_only(written)


def _entries_of(record: Record, by_id: dict[str, Record]) -> Iterator[tuple[str, Entry]]:
    """The names of one record, and those its titles give the person who held them."""
    if isinstance(record, Entity):
        yield record.name, Entry(record.id, "name", record.name, "en", "canonical", 1.0)
        for name in record.names:
            prior = 1.0 if name.prior is None else name.prior
            yield name.text, Entry(record.id, "name", name.text, name.language, name.kind, prior)
        if isinstance(record, Person):
            yield from _parts(record)
    titles = type(record).search_titles
    if titles is None:
        return
    holder = by_id.get(str(getattr(record, titles.of)))
    if holder is None:
        return
    at = by_id.get(str(getattr(record, titles.at))) if titles.at is not None else None
    for field, language in titles.texts:
        value = getattr(record, field)
        written = [(n.text, n.language) for n in value] if isinstance(value, tuple) else [(value, language)]
        for text, lang in written:
            if not text:
                continue
            yield text, Entry(holder.id, "title", text, lang, "title", 1.0, record.id)
            if isinstance(at, Entity):
                for org_name in (at.name, *(n.text for n in at.names)):
                    phrase = f"{org_name} {text}"
                    yield phrase, Entry(holder.id, "name", phrase, lang, "title", 1.0, record.id)


def _parts(person: Person) -> Iterator[tuple[str, Entry]]:
    """Each given name and surname of a person, from every name written in two parts or more."""
    for written, language in ((person.name, "en"), *((n.text, n.language) for n in person.names)):
        parts = [part for part in _PARTS.split(written.strip()) if part]
        if len(parts) < 2:
            continue
        yield parts[-1], Entry(person.id, "surname", parts[-1], language, "part", 1.0)
        yield parts[0], Entry(person.id, "given name", parts[0], language, "part", 1.0)
