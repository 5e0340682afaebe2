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

from .models import Departure, Entity, Record
from .normalize import HAN_RANGES, INTERPUNCTS, fold, has_han, to_simplified
from .pinyin import PinyinKey, pinyin_keys, reading_tables, readings
from .results import Matched
from .scoring import KeyKind, Text

__all__ = ["KeyTable", "fold_all"]

_PINYIN_WEIGHT = 0.95  # a spelling of the name, not the name
_INITIALS_WEIGHT = 0.9  # "mld": short and shared by many names
_LABEL_WEIGHT = 0.9  # a fact found through its English label ranks below the entities it names
_FACT_TITLE_WEIGHT = 0.97  # "CTO" names the person first, the departure second

# Folding a list at once: the texts joined by newlines go through each step of ``fold`` in one
# call (each step works character by character, and a newline is kept: it ends a text), then are
# split again. Equal to ``fold`` text by text (a property test checks it); a text holding a newline
# of its own is folded alone.
_REPORT_EVERY = 16_384  # records between two reports of progress
_ASCII_SEPARATORS = re.compile(r"[^a-z0-9\n]+")
_SEPARATORS = re.compile("(?:(?!\n)[\\W_" + re.escape(INTERPUNCTS) + "])+")
_EDGE_SPACES = re.compile(r" *\n *")
_ONLY_HAN = re.compile("^[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in HAN_RANGES) + " ]+$")


def fold_all(texts: Sequence[str]) -> list[str]:
    """``[fold(text) for text in texts]``, in a few passes over all the texts at once."""
    folded: list[str] = [""] * len(texts)
    plain: list[int] = []  # ASCII: lower case and separators only
    other: list[int] = []
    for row, text in enumerate(texts):
        if "\n" in text:
            folded[row] = fold(text)
        else:
            (plain if text.isascii() else other).append(row)
    if plain:
        joined = "\n".join([texts[row] for row in plain]).lower()
        _split_into(folded, plain, _ASCII_SEPARATORS.sub(" ", joined))
    if other:
        joined = unicodedata.normalize("NFKC", "\n".join([texts[row] for row in other])).casefold()
        if unicodedata.is_normalized("NFD", joined):  # no accent to strip: Han text, for one
            _split_into(folded, other, _SEPARATORS.sub(" ", to_simplified(joined)))
        else:
            for row in other:
                folded[row] = fold(texts[row])
    return folded


def _split_into(folded: list[str], rows: list[int], joined: str) -> None:
    pieces = _EDGE_SPACES.sub("\n", joined).strip(" ").split("\n")
    for row, text in zip(rows, pieces, strict=True):
        folded[row] = text


@cache
def _pinyin_tables() -> tuple[dict[int, str], dict[int, str]]:
    return reading_tables()


def _pinyin_of(folded: str) -> list[PinyinKey]:
    """``pinyin_keys`` of one folded name (see ``_pinyin_of_all``)."""
    return _pinyin_of_all([folded])[0]


def _pinyin_of_all(names: list[str]) -> list[list[PinyinKey]]:
    """``pinyin_keys`` of each folded name; names of Han characters only are spelt by ``str.translate``
    on all of them at once.

    The first character is read each way it can be (单 dan/shan), the others as most commonly
    read; a name holding other text, or a character with no reading, goes to ``pinyin_keys``.
    """
    first, initials = _pinyin_tables()
    joined = "\n".join(name[1:] for name in names)
    spelled_all = joined.translate(first).split("\n") if names else []
    initial_all = joined.translate(initials).split("\n") if names else []
    found: list[list[PinyinKey]] = []
    first_readings: dict[str, tuple[str, ...]] = {}
    for name, spelled, initial in zip(names, spelled_all, initial_all, strict=True):
        if not _ONLY_HAN.match(name) or not spelled.isascii():  # other text, or a character with no reading
            found.append(pinyin_keys(name))
            continue
        choices = first_readings.get(name[0])
        if choices is None:
            choices = first_readings[name[0]] = readings(name[0])
        keys: list[PinyinKey] = []
        for reading in choices:
            key = (reading + spelled, reading[0] + initial)
            if key not in keys:
                keys.append(key)
        found.append(keys if keys else pinyin_keys(name))
    return found


# A key as first made: its record, text, language, field, weight, prior and kind (a plain tuple:
# the table is transposed from a list of them in one call).
_Row = tuple[int, str, "str | None", str, float, float, KeyKind]


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
        "_last",
        "_shared",
        "compact",
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
            if isinstance(record, Entity) and not record.names:  # most records of a large base
                rows.append((number, record.name, "en", "name", 1.0, 1.0, "text"))
            else:
                _rows_of(record, number, label_of, by_id, number_of, seen, rows)
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        self.record: list[int] = list(columns[0])
        self.source: list[str] = list(columns[1])
        self.language: list[str | None] = list(columns[2])
        self.field: list[str] = list(columns[3])
        self.weight: list[float] = list(columns[4])
        self.prior: list[float] = list(columns[5])
        self.kind: list[KeyKind] = list(columns[6])
        self.matched = list(range(len(rows)))
        self.folded = fold_all(self.source)
        if progress is not None:
            progress(0.8)
        self._add_pinyin()
        self.compact = [text.replace(" ", "") for text in self.folded]
        # compact form -> its last row, in one C call; the rows of the forms several keys share apart
        self._last = dict(zip(self.compact, range(len(self.compact)), strict=True))
        self._shared: dict[str, list[int]] = {}
        last = self._last
        for row in [row for row, text in enumerate(self.compact) if last[text] != row]:
            self._shared.setdefault(self.compact[row], []).append(row)
        for text, shared in self._shared.items():
            shared.append(last[text])

    def exact(self, compact: str) -> list[int]:
        """The rows whose compact form is ``compact``, in order: a dictionary lookup."""
        shared = self._shared.get(compact)
        if shared is not None:
            return shared
        row = self._last.get(compact)
        return [] if row is None else [row]

    def _add_pinyin(self) -> None:
        """Pinyin keys of every Chinese name (not of English labels), after the table's other rows."""
        names = list(
            dict.fromkeys(
                folded
                for kind, field, folded in zip(self.kind, self.field, self.folded, strict=True)
                if kind == "text" and field != "label" and not folded.isascii() and has_han(folded)
            )
        )
        spellings = dict(zip(names, _pinyin_of_all(names), strict=True))
        made: list[tuple[int, str, KeyKind, float]] = []
        for row, (kind, field, folded) in enumerate(zip(self.kind, self.field, self.folded, strict=True)):
            keys = spellings.get(folded) if kind == "text" and field != "label" else None
            for spelled, initials in keys or ():
                made.append((row, spelled, "pinyin", self.weight[row] * _PINYIN_WEIGHT))
                if len(initials) >= 2:
                    made.append((row, initials, "initials", self.weight[row] * _INITIALS_WEIGHT))
        self.record.extend([self.record[row] for row, _, _, _ in made])
        self.source.extend([spelled for _, spelled, _, _ in made])
        self.language.extend([self.language[row] for row, _, _, _ in made])
        self.field.extend([self.field[row] for row, _, _, _ in made])
        self.weight.extend([weight for _, _, _, weight in made])
        self.prior.extend([self.prior[row] for row, _, _, _ in made])
        self.kind.extend([kind for _, _, kind, _ in made])
        self.matched.extend([row for row, _, _, _ in made])
        self.folded.extend([spelled for _, spelled, _, _ in made])  # lower-case letters and spaces: folded

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
        rows.append((owner, text, language, field, weight, prior, kind))

    if isinstance(record, Entity):
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
