"""The search index: every name, alias, title, label, id and amount of a knowledge base, scored.

Each key is folded once when the index is built (see ``normalize``). A query is scored against a
key by script: Latin text word by word (so ``Murati`` finds ``Mira Murati`` and ``Sutskevar`` finds
``Sutskever``), Han text character by character (rapidfuzz's token scorers would see a Chinese name
as one token). Amount-like queries (``66亿``, ``US$6.6bn``) match the records that carry that amount.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz

from .labels import format_amount
from .models import Departure, Entity, Money, Quantity, Record
from .money import ParsedAmount, parse_amount
from .normalize import fold, is_han

__all__ = ["DEFAULT_CUTOFF", "Match", "Matched", "SearchIndex"]

#: Matches scoring below this are not results: a query that matches nothing well finds nothing.
DEFAULT_CUTOFF = 70.0

_TOKEN_FLOOR = 75.0  # a query word less similar than this to every key word counts as unmatched
_PARTIAL = 0.95  # a query naming only some words of a key ("Murati") scores a little below a full hit
_ENTITY_TYPES = ("person", "organization")


@dataclass(frozen=True, slots=True)
class Matched:
    """What a match hit: the text as written in the data, its language, and the field it is."""

    text: str
    language: str | None
    field: str  # "id", "name", "title", "label" or "amount"


@dataclass(frozen=True, slots=True)
class Match:
    """One search result: the record, a 0-100 score, and what matched."""

    record: Record
    score: float
    matched: Matched


@dataclass(frozen=True, slots=True)
class _Key:
    record: Record
    matched: Matched
    weight: float
    raw: str  # NFKC + casefold only, to prefer the key written as the query is
    compact: str
    words: tuple[str, ...]
    han: bool


@dataclass(frozen=True, slots=True)
class _Amount:
    record: Record
    value: Decimal
    currency: str | None
    weight: float
    matched: Matched


def _raw(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _key(record: Record, text: str, language: str | None, field: str, weight: float) -> _Key:
    folded = fold(text)
    return _Key(
        record=record,
        matched=Matched(text, language, field),
        weight=weight,
        raw=_raw(text),
        compact=folded.replace(" ", ""),
        words=tuple(folded.split()),
        han=any(is_han(ch) for ch in folded),
    )


def _keys_of(record: Record, label: str) -> Iterator[_Key]:
    yield _key(record, record.id, None, "id", 1.0)
    if isinstance(record, Entity):
        yield _key(record, record.name, "en", "name", 1.0)
        for name in record.names:
            yield _key(record, name.text, name.language, "name", 1.0)
    else:
        yield _key(record, label, "en", "label", 0.9)
    if isinstance(record, Departure):
        for text, language in _titles(record):
            yield _key(record, text, language, "title", 0.97)


def _titles(departure: Departure) -> Iterator[tuple[str, str]]:
    yield departure.title, "en"
    if departure.title_zh:
        yield departure.title_zh, "zh-Hans"
    for name in departure.title_names:
        yield name.text, name.language


def _amounts_of(record: Record) -> Iterator[_Amount]:
    for field in type(record).model_fields:
        value = getattr(record, field)
        if isinstance(value, (Money, Quantity)):
            primary = field in ("amount", "value")
            number = value.amount if isinstance(value, Money) else value.value
            currency = value.currency if isinstance(value, Money) else None
            text = value.text or format_amount(value)
            yield _Amount(record, number, currency, 1.0 if primary else 0.95, Matched(text, None, "amount"))


class SearchIndex:
    """Keys and amounts of a set of records, and the scoring that ranks them against a query."""

    def __init__(self, records: Iterable[Record], label_of: Callable[[Record], str]) -> None:
        self._keys: list[_Key] = []
        self._amounts: list[_Amount] = []
        holders: dict[str, Record] = {}
        for record in records:
            self._keys.extend(_keys_of(record, label_of(record)))
            self._amounts.extend(_amounts_of(record))
            holders[record.id] = record
        # a title also finds the person who held it: "CTO" is a way to ask for Mira Murati
        for record in list(holders.values()):
            if isinstance(record, Departure) and record.person in holders:
                for text, language in _titles(record):
                    self._keys.append(_key(holders[record.person], text, language, "title", 1.0))

    def search(self, query: str, *, limit: int, types: frozenset[str] | None, cutoff: float) -> list[Match]:
        """The best match per record, best first; ties go to people and organizations, then by id."""
        if not query.strip():
            return []
        amount = parse_amount(query)
        best = self._by_amount(amount, types) if amount is not None else {}
        if not best:
            best = self._by_text(query, types, cutoff)
        ranked = sorted(
            best.values(),
            key=lambda m: (-m.score, m.record.type not in _ENTITY_TYPES, m.record.id),
        )
        return ranked[:limit]

    def _by_amount(self, amount: ParsedAmount, types: frozenset[str] | None) -> dict[str, Match]:
        best: dict[str, Match] = {}
        for item in self._amounts:
            if types is not None and item.record.type not in types:
                continue
            if item.value != amount.amount:
                continue
            if amount.currency is not None and item.currency not in (None, amount.currency):
                continue
            score = 100.0 * item.weight
            current = best.get(item.record.id)
            if current is None or score > current.score:
                best[item.record.id] = Match(item.record, score, item.matched)
        return best

    def _by_text(self, query: str, types: frozenset[str] | None, cutoff: float) -> dict[str, Match]:
        folded = fold(query)
        compact = folded.replace(" ", "")
        if not compact:
            return {}
        words = tuple(folded.split())
        han = any(is_han(ch) for ch in compact)
        raw = _raw(query)
        best: dict[str, tuple[float, bool, Match]] = {}
        for key in self._keys:
            if types is not None and key.record.type not in types:
                continue
            score = _score(compact, words, han, key) * key.weight
            if score < cutoff:
                continue
            as_written = key.raw == raw
            current = best.get(key.record.id)
            if current is None or (score, as_written) > current[:2]:
                best[key.record.id] = (score, as_written, Match(key.record, round(score, 1), key.matched))
        return {record_id: match for record_id, (_, _, match) in best.items()}


def _score(compact: str, words: tuple[str, ...], han: bool, key: _Key) -> float:
    if compact == key.compact:
        return 100.0
    if key.matched.field == "id":  # ids are typed, not spoken: only a near-exact id is a hit
        return fuzz.ratio(compact, key.compact) if len(compact) >= 4 else 0.0
    if han or key.han:
        return _score_han(compact, key.compact)
    whole = fuzz.ratio(compact, key.compact) if len(compact) >= 4 else 0.0
    return max(whole, _score_words(words, key.words))


def _score_han(query: str, key: str) -> float:
    """Character by character: a query inside the key (a surname, a short title) scores 90-98."""
    if len(query) >= 2 and query in key:
        return 90.0 + 8.0 * len(query) / len(key)
    if len(query) < 2:
        return 0.0
    return fuzz.ratio(query, key)


def _score_words(words: tuple[str, ...], key_words: tuple[str, ...]) -> float:
    """Word by word, weighted by length; short words must match exactly or as a prefix."""
    if sum(len(word) for word in words) < 3 or not key_words:
        return 0.0  # one or two letters ("a", "AI") name nothing unless they are a whole key
    total = 0.0
    for word in words:
        best = max(fuzz.ratio(word, other) for other in key_words)
        if len(word) >= 3 and any(other.startswith(word) for other in key_words):
            best = max(best, 90.0)
        if best < _TOKEN_FLOOR or (len(word) < 4 and best < 90.0):
            best = 0.0
        total += best * len(word)
    score = total / sum(len(word) for word in words)
    if len(words) < len(key_words):
        score *= _PARTIAL
    elif sorted(words) != sorted(key_words):
        score *= 0.98
    return score
