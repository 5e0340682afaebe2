"""The key table of a search index: one row per searchable text, held as parallel lists.

A large knowledge base has a million keys or more. A Python object per key (a folded ``Text``, a
``Matched``, a tuple) is what made the first search on 200k records take seconds, so a row here is
a few list entries: the text it was made from, its record, kind, weight and prior, and the row
whose text the match reports. Latin texts are folded in a few passes over the whole list
(``fold_all``); a Chinese name is folded once per distinct name and read in pinyin through a
translation table. The ``Text`` and ``Matched`` of a row are made only for the rows that need them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import NamedTuple

from .models import Departure, Entity, Record
from .normalize import HAN_RANGES, fold, has_han
from .pinyin import PinyinKey, pinyin_keys, reading_tables
from .results import Matched
from .scoring import KeyKind, Text

__all__ = ["KeyTable", "fold_all"]

_PINYIN_WEIGHT = 0.95  # a spelling of the name, not the name
_INITIALS_WEIGHT = 0.9  # "mld": short and shared by many names
_LABEL_WEIGHT = 0.9  # a fact found through its English label ranks below the entities it names
_FACT_TITLE_WEIGHT = 0.97  # "CTO" names the person first, the departure second

# Folding a list at once: every ASCII text joined by newlines, lowered, its separators replaced in
# one regular expression pass (a newline is kept: it ends a text), split again. Equal to ``fold``
# text by text (a test checks it); texts with a newline of their own are folded one by one.
_REPORT_EVERY = 16_384  # records between two reports of progress
_ASCII_SEPARATORS = re.compile(r"[^a-z0-9\n]+")
_EDGE_SPACES = re.compile(r" *\n *")
_ONLY_HAN = re.compile("^[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in HAN_RANGES) + " ]+$")


def fold_all(texts: Sequence[str]) -> list[str]:
    """``[fold(text) for text in texts]``, with the ASCII texts folded in whole-list passes."""
    folded: list[str] = [""] * len(texts)
    ascii_rows = []
    for row, text in enumerate(texts):
        if text.isascii() and "\n" not in text:
            ascii_rows.append(row)
        else:
            folded[row] = fold(text)
    if ascii_rows:
        joined = "\n".join([texts[row] for row in ascii_rows]).lower()
        joined = _EDGE_SPACES.sub("\n", _ASCII_SEPARATORS.sub(" ", joined)).strip(" ")
        for row, text in zip(ascii_rows, joined.split("\n"), strict=True):
            folded[row] = text
    return folded


@cache
def _pinyin_tables() -> tuple[dict[int, str], dict[int, str], frozenset[str]]:
    first, initials, several = reading_tables()
    return first, initials, several


def _pinyin_of(folded: str) -> list[PinyinKey]:
    """``pinyin_keys`` of a folded name: two ``str.translate`` calls for a name of Han characters only
    whose first character has one reading (most names); ``pinyin_keys`` itself otherwise."""
    first, initials, several = _pinyin_tables()
    if _ONLY_HAN.match(folded) and folded[0] not in several:
        spelled = folded.translate(first)
        if spelled.isascii():  # every character has a reading
            return [(spelled, folded.translate(initials))]
    return pinyin_keys(folded)


class _Row(NamedTuple):
    record: int
    source: str
    language: str | None
    field: str
    weight: float
    prior: float
    kind: KeyKind


def _titles(departure: Departure) -> Iterator[tuple[str, str]]:
    yield departure.title, "en"
    if departure.title_zh:
        yield departure.title_zh, "zh-Hans"
    for name in departure.title_names:
        yield name.text, name.language


def _org_names(organization: Entity) -> list[str]:
    """The organization's English name and its first name in each Chinese script."""
    names = [organization.name]
    for language in ("zh-Hans", "zh-Hant"):
        first = next((n.text for n in organization.names if n.language == language), None)
        if first is not None and first not in names:
            names.append(first)
    return names


def _raw(text: str) -> str:
    return text.lower().strip() if text.isascii() else unicodedata.normalize("NFKC", text).casefold().strip()


class KeyTable:
    """Every key of a set of records: row ``i`` of each list describes key ``i``.

    ``source`` is the text the key was made from (a pinyin key: its spelling); ``matched`` the row
    whose text, language and field a match through the key reports (a pinyin key: its Chinese name).
    """

    __slots__ = (
        "compact",
        "exact",
        "field",
        "folded",
        "kind",
        "language",
        "matched",
        "prior",
        "record",
        "records",
        "source",
        "weight",
    )

    def __init__(
        self,
        records: Iterable[Record],
        label_of: Callable[[Record], str],
        progress: Callable[[float], None] | None = None,
    ) -> None:
        """The keys of ``records``; ``progress`` is told the share done, from 0 to 1."""
        by_id = {record.id: record for record in records}
        self.records: list[Record] = list(by_id.values())
        rows: list[_Row] = []
        number_of = {record_id: number for number, record_id in enumerate(by_id)}
        seen: dict[int, set[tuple[str, KeyKind, str]]] = {}
        for number, record in enumerate(self.records):
            if progress is not None and not number % _REPORT_EVERY:
                progress(0.7 * number / len(self.records))
            _rows_of(record, number, label_of, by_id, number_of, seen, rows)
        self.record = [row.record for row in rows]
        self.source = [row.source for row in rows]
        self.language = [row.language for row in rows]
        self.field = [row.field for row in rows]
        self.weight = [row.weight for row in rows]
        self.prior = [row.prior for row in rows]
        self.kind: list[KeyKind] = [row.kind for row in rows]
        self.matched = list(range(len(rows)))
        self.folded = fold_all(self.source)
        if progress is not None:
            progress(0.8)
        self._add_pinyin()
        self.compact = [text.replace(" ", "") for text in self.folded]
        self.exact: dict[str, list[int]] = {}
        for row, text in enumerate(self.compact):
            self.exact.setdefault(text, []).append(row)

    def _add_pinyin(self) -> None:
        """Pinyin keys of every Chinese name (not of English labels), after the table's other rows."""
        cached: dict[str, list[PinyinKey]] = {}
        for row in range(len(self.source)):
            if self.kind[row] != "text" or self.field[row] == "label" or not has_han(self.folded[row]):
                continue
            folded = self.folded[row]
            spellings = cached.get(folded)
            if spellings is None:
                spellings = cached[folded] = _pinyin_of(folded)
            for spelled, initials in spellings:
                self._append_like(row, spelled, "pinyin", self.weight[row] * _PINYIN_WEIGHT)
                if len(initials) >= 2:
                    self._append_like(row, initials, "initials", self.weight[row] * _INITIALS_WEIGHT)

    def _append_like(self, row: int, spelled: str, kind: KeyKind, weight: float) -> None:
        self.record.append(self.record[row])
        self.source.append(spelled)
        self.language.append(self.language[row])
        self.field.append(self.field[row])
        self.weight.append(weight)
        self.prior.append(self.prior[row])
        self.kind.append(kind)
        self.matched.append(row)
        self.folded.append(fold(spelled))

    def __len__(self) -> int:
        return len(self.source)

    def text(self, row: int) -> Text:
        """The folded forms of a row, made when asked: scoring every key of a small index, or a result."""
        return Text.of(self.source[row])

    def raw(self, row: int) -> str:
        """The row's text NFKC and case folded only (``Text.raw``): tells a hit as written."""
        return _raw(self.source[row])

    def matched_of(self, row: int) -> Matched:
        """What a match through this row reports: the text as written, its language and field."""
        shown = self.matched[row]
        return Matched(self.source[shown], self.language[shown], self.field[shown])


def _rows_of(
    record: Record,
    number: int,
    label_of: Callable[[Record], str],
    by_id: Mapping[str, Record],
    number_of: Mapping[str, int],
    seen: dict[int, set[tuple[str, KeyKind, str]]],
    rows: list[_Row],
) -> None:
    """The keys of one record (and of the person a departure's title names), as written."""

    def add(
        owner: int, text: str, language: str | None, field: str, weight: float, prior: float, kind: KeyKind
    ) -> None:
        mark = (_raw(text), kind, field)
        marks = seen.setdefault(owner, set())
        if mark in marks:
            return  # "MIRA MURATI" adds nothing to "Mira Murati"
        marks.add(mark)
        rows.append(_Row(owner, text, language, field, weight, prior, kind))

    if isinstance(record, Entity):
        if not record.names:  # the common case in a large base: one name, nothing to deduplicate
            rows.append(_Row(number, record.name, "en", "name", 1.0, 1.0, "text"))
            return
        add(number, record.name, "en", "name", 1.0, 1.0, "text")
        for name in record.names:
            add(number, name.text, name.language, "name", 1.0, 1.0 if name.prior is None else name.prior, "text")
    else:
        add(number, label_of(record), "en", "label", _LABEL_WEIGHT, 1.0, "text")
    if isinstance(record, Departure):
        # a title finds the departure and the person who held it, alone or with the
        # organization's name: "CTO", "OpenAI CTO", "OpenAI的首席技术官"
        organization = by_id.get(record.organization)
        org_names = _org_names(organization) if isinstance(organization, Entity) else []
        owners = ((number, _FACT_TITLE_WEIGHT), (number_of.get(record.person), 1.0))
        for owner, weight in owners:
            if owner is None:
                continue
            for text, language in _titles(record):
                add(owner, text, language, "title", weight, 1.0, "text")
                for org_name in org_names:
                    add(owner, f"{org_name} {text}", language, "title", weight, 1.0, "phrase")
