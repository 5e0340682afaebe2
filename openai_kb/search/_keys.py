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
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, itemgetter, mul, ne, not_
from typing import TYPE_CHECKING

from ..models import Entity, Record, Titles
from ._folding import fold_all, merge_flagged
from ._pinyin import PinyinKey, pinyin_keys, reading_tables, readings
from ._results import Matched
from ._scoring import KeyKind, Text
from ._versions import Version, several_versions, version_keys
from .normalize import HAN_CHARACTER, HAN_CLASS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    U64 = npt.NDArray[np.uint64]

__all__ = ["ARRAYS_ABOVE", "KeyTable", "fold_all"]

#: A table of more keys than this is large: it is searched through arrays (numpy, imported only then).
ARRAYS_ABOVE = 5_000

_PINYIN_WEIGHT = 0.95  # a spelling of the name, not the name
_INITIALS_WEIGHT = 0.9  # "mld": short and shared by many names
_LABEL_WEIGHT = 0.9  # a fact found through its English label ranks below the entities it names
_FACT_TITLE_WEIGHT = 0.97  # "CTO" names the person first, the departure second
_KEY_WEIGHTS: dict[KeyKind, float] = {"pinyin": _PINYIN_WEIGHT, "initials": _INITIALS_WEIGHT}
_BOTH: tuple[KeyKind, KeyKind] = ("pinyin", "initials")

_MASK64 = (1 << 64) - 1
_REPORT_EVERY = 16_384  # records between two reports of progress
_ID = attrgetter("id")
_NAME = attrgetter("name")
_NOT_HAN = re.compile(f"[^\n {HAN_CLASS}]+")  # a run of neither Han nor spaces, within a name (a newline ends one)


@cache
def _pinyin_tables() -> tuple[dict[int, str], dict[int, str]]:
    return reading_tables()


def _pinyin_of(folded: str) -> list[PinyinKey]:
    """``pinyin_keys`` of one folded name (see ``_pinyin_of_all``)."""
    return _pinyin_of_all([folded])[0]


def _pinyin_of_all(names: list[str]) -> list[list[PinyinKey]]:
    """``pinyin_keys`` of each folded name (see ``_spell_all``)."""
    spelled, initials, plain = _spell_all(names)
    return [
        _plain_keys(name, spelling, initial) if simple else _other_keys(name)
        for name, spelling, initial, simple in zip(names, spelled, initials, plain, strict=True)
    ]


def _spell_all(names: list[str]) -> tuple[list[str], list[str], list[bool]]:
    """Each folded name spelt in pinyin and in initials by ``str.translate`` on all of them at once
    (every character read as most commonly read), and whether the name is plain: Han characters
    (and spaces) only, each with a reading. ``_other_keys`` reads a name that is not plain.
    """
    if not names:
        return [], [], []
    first, initials = _pinyin_tables()
    joined = "\n".join(names)
    spelled = joined.translate(first).split("\n")
    plain = list(map(str.isascii, spelled))  # a character with no reading is left as it was
    if not joined.isascii():  # a name holding other text than Han and spaces is not plain
        starts = list(accumulate(map(len, names), lambda at, length: at + length + 1, initial=0))
        for other in _NOT_HAN.finditer(joined):
            plain[bisect_right(starts, other.start()) - 1] = False
    return spelled, joined.translate(initials).split("\n"), plain


def _plain_keys(name: str, spelling: str, initial: str) -> list[PinyinKey]:
    """``pinyin_keys`` of a plain name from its spelling: a first character read several ways gives
    a key for each reading, the others read as most commonly read."""
    choices = _readings(name[0])
    if len(choices) < 2:
        return [(spelling, initial)]
    rest, rest_initials = spelling[len(choices[0]) :], initial[1:]
    return [(reading + rest, reading[0] + rest_initials) for reading in choices]


@cache
def _readings(char: str) -> tuple[str, ...]:
    """``readings(char)``, each once, most common first."""
    return tuple(dict.fromkeys(readings(char)))


def _keys_as_rows(name: str, spelling: str, initial: str, plain: bool) -> tuple[tuple[str, ...], tuple[KeyKind, ...]]:
    """The texts and kinds of the rows a name's pinyin keys make: each spelling, then its initials
    when they have two letters or more."""
    texts: list[str] = []
    kinds: list[KeyKind] = []
    for key_text, key_initials in _plain_keys(name, spelling, initial) if plain else _other_keys(name):
        texts.append(key_text)
        kinds.append("pinyin")
        if len(key_initials) >= 2:
            texts.append(key_initials)
            kinds.append("initials")
    return tuple(texts), tuple(kinds)


def _other_keys(name: str) -> list[PinyinKey]:
    """``pinyin_keys`` of a folded name that is not plain: mixed text, or a character with no reading."""
    return pinyin_keys(name)


# A key as first made: its record, text, language, field, weight, prior and kind (a plain tuple:
# the table is transposed from a list of them in one call).
_Row = tuple[int, str, "str | None", str, float, float, KeyKind]


def _titles(record: Record, titles: Titles) -> Iterator[tuple[str, str | None]]:
    """The texts its model declares in ``search_titles``, each with its language (a name carries its own)."""
    for field, language in titles.texts:
        value = getattr(record, field)
        if isinstance(value, tuple):
            yield from ((name.text, name.language) for name in value)
        elif value:
            yield value, language


def _org_names(organization: Entity) -> list[str]:
    """The organization's English name and its first name in each Chinese script."""
    names = [organization.name]
    for language in ("zh-Hans", "zh-Hant"):
        first = next((n.text for n in organization.names if n.language == language), None)
        if first is not None and first not in names:
            names.append(first)
    return names


def _mark(row: _Row) -> tuple[int, tuple[str, KeyKind, str]]:
    """What makes a key the same as another: its owner, then its text as ``_raw`` has it, its kind and field."""
    return row[0], (_raw(row[1]), row[6], row[3])


def _raw(text: str) -> str:
    return text.lower().strip() if text.isascii() else unicodedata.normalize("NFKC", text).casefold().strip()


class KeyTable:
    """Every key of a set of records: row ``i`` of each list describes key ``i``.

    ``source`` is the text the key was made from (a pinyin key: its spelling); ``matched`` the row
    whose text, language and field a match through the key reports (a pinyin key: its Chinese name).
    A record several versions describe also has the keys of each version (``several``, by id), and
    ``given_by`` holds, for each of its rows that a version gives, the sources of those versions.
    """

    __slots__ = (
        "_folded",
        "_hashes",
        "_last",
        "_row_bits",
        "_shared",
        "compact",
        "field",
        "given_by",
        "kind",
        "language",
        "matched",
        "prior",
        "record",
        "records",
        "several",
        "source",
        "weight",
    )

    def __init__(
        self,
        records: Iterable[Record] | Mapping[str, Record],
        label_of: Callable[[Record], str],
        progress: Callable[[float], None] | None = None,
        versions: Sequence[Version] = (),
    ) -> None:
        """The keys of ``records`` (or of the values of a mapping of records by id) and of their
        ``versions`` (every version of every record, as ``kb.origins()``); ``progress`` is told the
        share done, from 0 to 1."""
        if isinstance(records, Mapping):  # records by id already: no need to key them again
            by_id: Mapping[str, Record] = records
        else:
            listed = list(records)
            by_id = dict(zip(map(_ID, listed), listed, strict=True))
        self.records: list[Record] = list(by_id.values())
        # numbers as arrays: 4 or 8 bytes a row, not a list entry and an int or float object each
        self.record: array[int] = array("i")
        self.source: list[str] = []
        self.language: list[str | None] = []
        self.field: list[str] = []
        self.weight: array[float] = array("d")
        self.prior: array[float] = array("d")
        self.kind: list[KeyKind] = []
        self.several = several_versions(versions, len(self.records))
        self.given_by: dict[int, tuple[str, ...]] = {}
        self._add_rows(by_id, label_of, progress)
        self.matched: array[int] = array("i", range(len(self.source)))
        self._folded: list[str] | None = fold_all(self.source)
        if progress is not None:
            progress(0.8)
        self._add_pinyin()
        # a text with no space to drop is itself (str.replace returns it): no new string
        self.compact = list(map(str.replace, self.folded, repeat(" "), repeat("")))
        self._hashes: U64 | None = None
        self._row_bits = 0
        if len(self.compact) > ARRAYS_ABOVE:
            self._last: dict[str, int] = {}
            self._shared: dict[str, list[int]] = {}
            self._hashes, self._row_bits = _hash_order(self.compact)
        else:
            self._last, self._shared = _exact_map(self.compact)

    @property
    def folded(self) -> list[str]:
        """Each row's text folded (a pinyin key is folded as made): held while the index is built
        from it, folded again if asked after ``forget_folded``."""
        return self._folded if self._folded is not None else fold_all(self.source)

    def forget_folded(self) -> None:
        """Drop the folded texts once a large index is built: searching reads ``compact`` and the words."""
        self._folded = None

    def _add_rows(
        self, by_id: Mapping[str, Record], label_of: Callable[[Record], str], progress: Callable[[float], None] | None
    ) -> None:
        """The keys of every record, as written, in record order.

        A run of entities with one name and no other (most records of a large base) is one key per
        record, added a column at a time; any other record goes through ``_rows_of``.
        """
        records, several = self.records, self.several
        odd = [number for number, record in enumerate(records) if not isinstance(record, Entity) or record.names]
        if several:  # a record several versions describe has the keys of each (``version_keys``)
            odd = sorted({*odd, *(number for number, record in enumerate(records) if record.id in several)})

        def keys_of(version: Record, number: int, found: list[_Row]) -> None:  # a version's keys, not its label
            _rows_of(version, number, label_of, by_id, number_of, {}, found, labelled=False)

        number_of: dict[str, int] = {}
        if any(type(records[number]).search_titles is not None for number in odd):
            number_of = {record_id: number for number, record_id in enumerate(by_id)}
        seen: dict[int, set[tuple[str, KeyKind, str]]] = {}
        rows: list[_Row] = []
        start, reported = 0, 0
        for number in [*odd, len(records)]:
            if number > start:  # records start to number - 1: one name each
                self._add_columns(rows)
                rows = []
                size = number - start
                self.record.extend(range(start, number))
                self.source.extend(map(_NAME, records[start:number]))
                self.language.extend(repeat("en", size))
                self.field.extend(repeat("name", size))
                self.weight.extend(repeat(1.0, size))
                self.prior.extend(repeat(1.0, size))
                self.kind.extend(repeat("text", size))
            if number < len(records):
                first = len(rows)
                _rows_of(records[number], number, label_of, by_id, number_of, seen, rows)
                if several and records[number].id in several:  # and each version's keys, with who gives them
                    given = version_keys(several[records[number].id], number, rows, first, seen, keys_of, _mark)
                    self.given_by.update((len(self.record) + index, sources) for index, sources in given.items())
            if progress is not None and number - reported >= _REPORT_EVERY:
                progress(0.7 * number / len(records))
                reported = number
            start = number + 1
        self._add_columns(rows)

    def _add_columns(self, rows: list[_Row]) -> None:
        if not rows:
            return
        record, source, language, field, weight, prior, kind = zip(*rows, strict=True)
        self.record.extend(record)
        self.source.extend(source)
        self.language.extend(language)
        self.field.extend(field)
        self.weight.extend(weight)
        self.prior.extend(prior)
        self.kind.extend(kind)

    def exact(self, compact: str) -> list[int]:
        """The rows whose compact form is ``compact``, in order: a dictionary lookup, or two binary
        searches among the sorted hashes of a large table's forms."""
        if self._hashes is not None:
            rows, probe = (1 << self._row_bits) - 1, self._hashes.dtype.type  # a uint64 probe: never a float copy
            lowest = probe((hash(compact) & _MASK64) & ~rows)  # this hash and row 0; the same hash and the last row
            at, end = self._hashes.searchsorted(lowest), self._hashes.searchsorted(lowest | probe(rows), "right")
            return [row for row in (self._hashes[at:end] & rows).tolist() if self.compact[row] == compact]  # ascending
        shared = self._shared.get(compact)
        if shared is not None:
            return shared
        row = self._last.get(compact)
        return [] if row is None else [row]

    def _add_pinyin(self) -> None:
        """Pinyin keys of every Chinese name (not of English labels), after the table's other rows.

        The names are spelt all at once (``_spell_all``); a usual name, one reading of its first
        character and two or more characters, gives its spelling and its initials. The new rows are
        made a column at a time, by chaining each name's keys.
        """
        folded, kind, field = self.folded, self.kind, self.field
        other = compress(range(len(folded)), map(not_, map(str.isascii, folded)))
        named = [row for row in other if kind[row] == "text" and field[row] != "label"]
        rows = list(compress(named, map(HAN_CHARACTER.search, map(folded.__getitem__, named))))
        held = list(map(folded.__getitem__, rows))
        spelled, initials, plain = _spell_all(held)
        several = {char for char in set(map(itemgetter(0), held)) if len(_readings(char)) > 1}
        usual = [simple and len(name) > 1 and name[0] not in several for name, simple in zip(held, plain, strict=True)]
        pairs = zip(compress(spelled, usual), compress(initials, usual), strict=True)
        made: Iterable[tuple[str, ...]]
        if all(usual):  # every name gives a spelling and its initials
            made = pairs
            made_kinds: list[KeyKind] = list(_BOTH * len(rows))
            matched = list(chain.from_iterable(zip(rows, rows, strict=True)))
        else:
            unusual = [
                _keys_as_rows(name, spelling, initial, simple)
                for name, spelling, initial, simple, common in zip(held, spelled, initials, plain, usual, strict=True)
                if not common
            ]
            both: list[tuple[KeyKind, ...]] = [_BOTH] * len(rows)
            made = merge_flagged(usual, list(pairs), [texts for texts, _ in unusual])
            made_kinds = list(chain.from_iterable(merge_flagged(usual, both, [kinds for _, kinds in unusual])))
            matched = list(chain.from_iterable(map(repeat, rows, map(len, made))))
        texts_made = list(chain.from_iterable(made))
        weights = map(mul, map(self.weight.__getitem__, matched), map(_KEY_WEIGHTS.__getitem__, made_kinds))
        self.record.extend(list(map(self.record.__getitem__, matched)))
        self.source.extend(texts_made)
        self.language.extend(list(map(self.language.__getitem__, matched)))
        self.field.extend(list(map(field.__getitem__, matched)))
        self.weight.extend(list(weights))
        self.prior.extend(list(map(self.prior.__getitem__, matched)))
        self.kind.extend(made_kinds)
        self.matched.extend(matched)
        folded.extend(texts_made)  # lower-case letters and spaces: folded

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
        return Matched(self.source[shown], self.language[shown], self.field[shown], self.given_by.get(shown, ()))


def _hash_order(compact: list[str]) -> tuple[U64, int]:
    """The compact forms of a large table as one sorted array: each form's hash in the high bits,
    its row in the low bits (how many: the second value). ``exact`` searches it.

    A million forms make a dictionary in about a second (an int object and a hash table entry per
    row, read back in random order); hashing them into an array and sorting it takes a fraction.
    """
    import numpy as np  # only for a large table: a large index imports numpy anyway

    bits = max(1, len(compact).bit_length())
    hashes = np.fromiter(map(hash, compact), dtype=np.int64, count=len(compact)).view(np.uint64)
    packed = (hashes >> np.uint64(bits) << np.uint64(bits)) | np.arange(len(compact), dtype=np.uint64)
    packed.sort()
    return packed, bits


def _exact_map(compact: list[str]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each compact form's last row, in one C call; the rows of the forms several keys share, apart."""
    last = dict(zip(compact, range(len(compact)), strict=True))
    shared: dict[str, list[int]] = {}
    if len(last) == len(compact):
        return last, shared
    lasts = map(last.__getitem__, compact)
    for row in compress(range(len(compact)), map(ne, lasts, range(len(compact)))):  # not its form's last
        shared.setdefault(compact[row], []).append(row)
    for text, rows in shared.items():
        rows.append(last[text])
    return last, shared


def _rows_of(
    record: Record,
    number: int,
    label_of: Callable[[Record], str],
    by_id: Mapping[str, Record],
    number_of: Mapping[str, int],
    seen: dict[int, set[tuple[str, KeyKind, str]]],
    rows: list[_Row],
    *,
    labelled: bool = True,
) -> None:
    """The keys of one record as written (and of the person its titles also find), its label if ``labelled``."""

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
    elif labelled:
        add(number, label_of(record), "en", "label", _LABEL_WEIGHT, 1.0, "text")
    titles = type(record).search_titles
    if titles is not None:
        # a title finds the departure and the person who held it, alone or with the
        # organization's name: "CTO", "OpenAI CTO", "OpenAI的首席技术官"
        organization = by_id.get(getattr(record, titles.at)) if titles.at is not None else None
        org_names = _org_names(organization) if isinstance(organization, Entity) else []
        owners = ((number, _FACT_TITLE_WEIGHT), (number_of.get(getattr(record, titles.of)), 1.0))
        for owner, weight in owners:
            if owner is None:
                continue
            for text, language in _titles(record, titles):
                add(owner, text, language, "title", weight, 1.0, "text")
                for org_name in org_names:
                    add(owner, f"{org_name} {text}", language, "title", weight, 1.0, "phrase")
