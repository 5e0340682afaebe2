"""The figures of a search index: every amount records hold, found by value from a query.

``66亿``, ``US$6.6bn`` and ``1,570亿美元`` are figures, read with ``parse_amount``; so are counts
with their unit written after them (``250 million users``, ``2.5亿名``). Currency and unit are part
of an amount: ``US$250m`` is money and never finds 250 million users; ``250 million users`` is a
count and never finds US$250 million; a figure with neither (``2.5亿``) finds both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import NamedTuple, get_args

from ..amounts import ParsedAmount, format_amount, parse_amount
from ..models import Money, Quantity, Record
from ._results import Match, Matched
from ._scoring import EXACT
from ._versions import Version
from .normalize import fold, has_han

__all__ = ["Figure", "Figures", "amount_fields", "figure_in"]

# No numeral and no scale word: no amount to parse. Traditional (兩 萬 億) and financial (壹 ... 仟)
# numerals count, and so do English scale words, for "a billion" and "half a million".
_HAN_NUMERALS = "零〇一二两兩三四五六七八九十百千万萬亿億兆壹贰貳叁参參肆伍陆陸柒捌玖拾佰仟"
_NUMERALS = re.compile(f"[0-9０-９{_HAN_NUMERALS}]|thousand|million|billion|trillion", re.IGNORECASE)
# The scale words a figure may end with: a word after them is its unit ("250 million users").
_SCALES = frozenset("thousand million billion trillion k m bn mn tn".split())
_HAN_UNIT = re.compile(f"[^0-9０-９{_HAN_NUMERALS}\\W]+$")  # Han characters ending a figure: 名, 人, 名用户
_SECONDARY_WEIGHT = 0.95  # a round's valuation figure finds the round, below the valuation that is its own


class Figure(NamedTuple):
    """A figure a query is: its amount (with the currency it names), and the unit it counts."""

    amount: ParsedAmount
    unit: str | None  # folded ("users"); None when the query writes none


class _Held(NamedTuple):
    """An amount a record holds."""

    record: Record
    value: Decimal
    currency: str | None  # money's currency; None for a count
    unit: str | None  # a count's unit, folded ("users"); None for money
    weight: float
    matched: Matched


def figure_in(query: str) -> Figure | None:
    """The figure a query is, or ``None``: ``66亿``, ``US$6.6bn``, ``250 million users``, ``2.5亿名``."""
    if not _NUMERALS.search(query):
        return None
    amount = parse_amount(query)
    if amount is not None:
        return Figure(amount, None)
    text = query.strip()
    words = text.split()
    if len(words) > 1 and words[-1].isalpha() and words[-1].isascii() and words[-1].lower() not in _SCALES:
        figure, unit = " ".join(words[:-1]), words[-1]
    else:
        found = _HAN_UNIT.search(text)
        if found is None or not has_han(found.group()) or found.start() == 0:
            return None
        figure, unit = text[: found.start()], found.group()
    amount = parse_amount(figure)
    if amount is None or amount.currency is not None:
        return None  # "US$5 shares" is no count: money is not counted in units
    return Figure(amount, fold(unit))


class Figures:
    """Every amount a set of records holds, by value: a figure in a query is one lookup."""

    def __init__(self, records: Iterable[Record], several: Mapping[str, Sequence[Version]] | None) -> None:
        """Hold the amounts of ``records``; a record with several versions (``several``) holds each
        version's figures, each naming the sources that give it."""
        self._by_value: dict[Decimal, list[_Held]] = {}
        kinds: dict[type[Record], bool] = {}
        for record in records:
            model = type(record)
            if kinds.setdefault(model, bool(amount_fields(model))):  # a person or an organization holds none
                versions = several.get(record.id) if several else None
                for held in _held_by(record) if versions is None else _held_by_versions(record, versions):
                    self._by_value.setdefault(held.value, []).append(held)

    def find(self, figure: Figure, types: frozenset[str] | None) -> list[Match]:
        """The records holding the figure, one match each: money of the query's currency when it
        names one, a count of its unit when it names one (a Chinese counter word, 名 or 人, fits any count)."""
        amount, unit = figure
        best: dict[str, Match] = {}
        for held in self._by_value.get(amount.amount, ()):
            if types is not None and held.record.type not in types:
                continue
            if amount.currency is not None and held.currency != amount.currency:
                continue  # US$250m is money: not 250 million users
            if unit is not None and (held.unit is None or not (has_han(unit) or unit in _numbers_of(held.unit))):
                continue  # 250 million users is a count: not US$250 million, nor 250 million employees
            score = EXACT * held.weight
            current = best.get(held.record.id)
            if current is None or score > current.score:
                scores = {"amount": float(amount.amount), "weight": held.weight}
                best[held.record.id] = Match(held.record, score, held.matched, ("money",), scores)
        return list(best.values())


def _numbers_of(unit: str) -> tuple[str, str, str]:
    """A unit and the other number of it a query may write: users and user, person and persons."""
    return (unit, unit.removesuffix("s"), f"{unit}s")


@cache
def amount_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record type that may hold a Money or Quantity, worked out once per type."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(kind in (Money, Quantity) for kind in (info.annotation, *get_args(info.annotation)))
    )


def _held_by(record: Record, shown: Record | None = None, sources: tuple[str, ...] = ()) -> Iterator[_Held]:
    """The amounts of ``record`` (a version of ``shown``, the record a match finds, given by ``sources``)."""
    for name in amount_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, (Money, Quantity)):
            primary = name in ("amount", "value")
            number = value.amount if isinstance(value, Money) else value.value
            currency = value.currency if isinstance(value, Money) else None
            unit = None if isinstance(value, Money) else fold(value.unit)
            text = value.text or format_amount(value)
            matched = Matched(text, None, "amount", sources)
            yield _Held(shown or record, number, currency, unit, 1.0 if primary else _SECONDARY_WEIGHT, matched)


def _held_by_versions(record: Record, versions: Sequence[Version]) -> Iterator[_Held]:
    """The amounts each version of ``record`` gives, each figure once (as the first version giving it
    prints it), with the sources of every version that gives it."""
    found: dict[tuple[Decimal, str | None, str | None, float], list[_Held]] = {}
    for version in versions:
        for held in _held_by(version.record, record, version.sources):
            found.setdefault((held.value, held.currency, held.unit, held.weight), []).append(held)
    for first, *others in found.values():
        sources = tuple(dict.fromkeys(source for held in (first, *others) for source in held.matched.sources))
        yield first._replace(matched=replace(first.matched, sources=sources))
