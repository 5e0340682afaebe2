"""The figures of a text linked to the facts whose own figures they are, or marked as differing.

A figure (``find_amounts``) equal to one a fact holds links to that fact: through the fact's own
field (``amount``, ``value``) before another's (a round's ``post_money_valuation`` is the
valuation's figure), and between facts holding it alike, to the one whose records the sentence
names (an investor's amount to its investment). A figure equal to none, in a sentence that names a
record and a fact of it by its topic words (``估值``, ``valued``), links to that fact with the values
the knowledge base holds (``differs``), when it is near one of them in its currency; or gives a fact
whose figure no source states its figure (an investor's part of a round), from the clause naming
the investor or, when its clause names no record, saying how it is given. The words that name a
kind of fact, a metric's measure in either language among them, are in ``_topics``; a word names
the figures on its side of a clause mark.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import get_args

from ..amounts import ParsedAmount, find_amounts
from ..models import Entity, Money, Quantity, Record
from ..search._figures import amount_fields
from ..search.normalize import fold, to_simplified
from ..view import RecordView
from ._links import Link
from ._topics import measured, other_measure_in, topic_in

__all__ = ["Figures"]

_OWN_FIELDS = frozenset({"amount", "value"})
_SECONDARY = 0.95  # a figure held in another field of a fact (a round's valuation) finds it below its own
_NOTHING_NAMED = 0.6  # a figure no record of whose is named anywhere in the text
_ELSEWHERE = 0.75  # ...named in the text, not in its sentence
_DIFFERS = 80.0
_DIFFERS_UNDECIDED = 70.0  # beside several facts of the kind, or its records named only elsewhere: still shown
_UNDECIDED = 0.75
#: How far a figure may be from a value held and still differ from it: reports that disagree on a fact round
#: or estimate it (US$154 billion for 157, 37億 for 3.6 billion); one further off is another figure beside
#: it (an earlier valuation, an option to invest more, a total over years), which the knowledge base does not hold.
_DIFFERS_WITHIN = Decimal("0.15")
#: Qualifiers that say a figure is about its number, as an exact one is: "about $150 billion" is nearer
#: a fact of exactly 150 than one of "more than 150".
_NEAR_EXACT = frozenset({"exact", "approximately"})
#: What joins the two ends of a range: "$6.5 billion to $7 billion", "65亿至70亿美元", "between X and Y".
_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—|~|～|－|至|到)\s*")
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
#: A range's first end written as a bare number, its scale and currency left to the second:
#: "65至70亿美元", "6.5 to 7 billion dollars", "between 6.5 and 7 billion dollars".
_BARE_START = re.compile(
    r"(?<![a-z0-9.,])(?P<number>\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十]+)\s*(?:to|-|–|—|~|～|－|至|到)\s*$"
    r"|\bbetween\s+(?P<low>\d[\d,]*(?:\.\d+)?)\s+and\s+$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")  # "from 2023 to $3.7 billion" is no range
#: A figure said to come on top of another ("another $1 billion", "$1 billion more", 再追加10亿美元, 額外投資5億美元):
#: a further amount, never the one a fact leaves unstated. 再 only right before the figure (再度融资 is a new round).
_FURTHER_BEFORE = re.compile(
    r"(?<![a-z])(?:another|an? additional|additional|a further|further|an? extra|extra)\s*$"
    r"|(?:追加|额外|另外|加码)[\u4e00-\u9fff]{0,2}$|再$",
    re.IGNORECASE,
)
_MORE_AFTER = re.compile(r"\s*more(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Held:
    record: Record
    field: str
    figure: Money | Quantity
    own: bool
    measured: bool  # the fact names its measure (a metric): its figure is that measure's


class Figures:
    """Every figure the facts of a knowledge base hold, in every version, by value."""

    def __init__(
        self,
        view: RecordView,
        references: Mapping[str, Mapping[str, int]],
        facts: Iterable[Record],
        by_id: Mapping[str, Record],
    ) -> None:
        """The figures of ``facts`` (the records of ``view`` that are no entity, in order); ``by_id`` its records."""
        self._view = view
        self._references = references
        self._by_value: dict[Decimal, list[_Held]] = {}
        self._by_id = by_id
        self._facts: list[tuple[Record, tuple[str, ...]]] = []
        self._facts_naming: dict[str, list[int]] = {}  # record id -> the facts naming it in a field of their own
        for record in facts:
            fields = _figure_fields(type(record))
            if not fields:
                continue
            for key, weight in references.get(record.id, {}).items():
                if weight >= 2:
                    self._facts_naming.setdefault(key, []).append(len(self._facts))
            self._facts.append((record, fields))
            named_measure = measured(record)
            for version in view.versions(record):
                for field in fields:
                    figure = getattr(version, field)
                    if isinstance(figure, (Money, Quantity)):
                        held = _Held(record, field, figure, field in _OWN_FIELDS, named_measure)
                        self._by_value.setdefault(figure_number(figure), []).append(held)

    def link(
        self, text: str, named: Mapping[str, Counter[int]], bounds: list[int], places: Mapping[str, list[int]]
    ) -> list[Link]:
        """A link for each figure of ``text`` a fact holds, or differs from; ``named`` gives the sentences
        each record is named in, ``places`` where."""
        links: list[Link] = []
        figures = list(find_amounts(text))
        in_range = _range_ends(text, figures)
        marks: list[tuple[int, int]] | None = None  # the clause marks, found when a figure first needs them
        where = sorted((at, key) for key, ats in places.items() for at in ats)  # each name's place, in order
        for index, (start, end, parsed) in enumerate(figures):
            sentence = bisect_right(bounds, start)
            span = _span(text, bounds, sentence)
            held = [h for h in self._by_value.get(parsed.amount, ()) if _fits(parsed, h.figure)]
            if any(h.measured for h in held):  # "revenue ... $4 billion" is not the credit line's US$4 billion
                marks = _clause_marks(text, bounds) if marks is None else marks
                words = fold(text[slice(*_clause(text, marks, start, end))])
                held = [h for h in held if not other_measure_in(h.record, words)]
            if held:
                links.append(self._held(text, start, end, parsed, held, sentence, named, span))
            elif index in in_range:
                continue  # an end of a range: the range may hold the fact's figure, and says no other
            else:
                marks = _clause_marks(text, bounds) if marks is None else marks
                clause = _clause(text, marks, start, end)
                in_clause = _named_in(where, clause)
                further = _further(text, start, end)
                found = None if further else self._in_clause(text, start, end, parsed, clause, in_clause)
                territory = _territory(figures, index, span, marks)
                found = found or self._beside(text, start, end, parsed, sentence, territory, named)
                if found is None and not in_clause and not further:  # "For Thrive, the bet: it committed $1.2bn"
                    found = self._in_sentence(text, start, end, parsed, clause, _named_in(where, span))
                if found is not None:
                    links.append(found)
        return links

    def _held(
        self, text: str, start: int, end: int, parsed: ParsedAmount, held: list[_Held], sentence: int,
        named: Mapping[str, Counter[int]], span: tuple[int, int],
    ) -> Link:  # fmt: skip
        """The fact holding a figure, scored by how much the text says it is that fact's: its records named in
        the sentence (``sentence``, at ``span``), elsewhere, or only through a fact they are part of."""
        if any(h.own for h in held):
            held = [h for h in held if h.own]  # the valuation's figure, not the round that also carries it
        best: dict[str, _Held] = {}
        for item in held:
            best.setdefault(item.record.id, item)
        support = {key: self._support(key, sentence, named) + _same_qualifier(parsed, h) for key, h in best.items()}
        ranked = sorted(best.values(), key=lambda h: -support[h.record.id])
        first = ranked[0]
        decided = len(ranked) == 1 or support[first.record.id] > support[ranked[1].record.id]
        score = 100.0 if first.own else 100.0 * _SECONDARY
        if self._support(first.record.id, sentence, named) < 2:
            in_text = self._named_anywhere(first.record.id, named) or self._given_beside(
                first.record, named, text, span
            )
            score *= _ELSEWHERE if in_text else _NOTHING_NAMED
        why = f"{first.field} of {first.record.id}: {first.figure.text or parsed.text}"
        if not decided:
            score *= _UNDECIDED
            why += f"; the text does not say which of {len(ranked)} facts"
        others = () if decided else tuple(h.record for h in ranked[1:])
        return Link(start, end, text[start:end], first.record, "amount", round(score, 1), why, ambiguous=others)

    def _beside(
        self, text: str, start: int, end: int, parsed: ParsedAmount, sentence: int, territory: tuple[int, int],
        named: Mapping[str, Counter[int]],
    ) -> Link | None:  # fmt: skip
        """The fact a figure held by none is beside: named by its topic words in the figure's part of the
        sentence (``territory``: no other figure is nearer them), and by its records in the sentence or,
        failing that, elsewhere in the text; of several, the one a source states (not one it expects)."""
        if parsed.currency is None:
            return None  # a bare "2.5亿" beside a fact is too weak a sign
        words = fold(text[territory[0] : territory[1]])
        here: list[tuple[Record, str]] = []  # facts whose records the sentence names
        elsewhere: list[tuple[Record, str]] = []  # ... that only other sentences name ("the valuation", said of OpenAI)
        for record, fields in self._facts_of(named):
            field = next((f for f in fields if f in _OWN_FIELDS and _is_money(record, f)), None)
            if field is None or getattr(record, field) is None or not topic_in(record, words):
                continue
            own = [key for key, weight in self._refs(record.id).items() if weight >= 2]
            if any(sentence in named.get(key, ()) for key in own):
                here.append((record, field))
            elif any(key in named for key in own):
                elsewhere.append((record, field))
        near = [item for item in here or elsewhere if self._close(parsed, *item)]
        if not near:
            return None
        stated = [item for item in near if getattr(item[0], "assertion", None) == "stated"]
        if len(stated) == 1:  # a report's figure differs from what a source states, not from what it expects
            near = stated
        record, field = near[0]
        differs = tuple(dict.fromkeys(v.value for v in self._view.values(record, field)))
        why = f"{field} of {record.id} is {', '.join(f.text or str(f) for f in differs)}: this figure differs"
        others = tuple(r for r, _ in near[1:])
        score = _DIFFERS_UNDECIDED if others or not here else _DIFFERS
        return Link(start, end, text[start:end], record, "amount", score, why, ambiguous=others, differs=differs)

    def _in_clause(
        self, text: str, start: int, end: int, parsed: ParsedAmount, clause: tuple[int, int], in_clause: set[str]
    ) -> Link | None:
        """The fact a figure held by none belongs to by its clause: one whose records and topic words the
        clause names (its figure differs), else one whose own figure no source gives and whose record the
        clause names ("Thrive Capital put in $1.25 billion": Thrive's investment, its amount not yet known)."""
        if parsed.currency is None or not in_clause:
            return None
        differing, unstated = self._candidates(parsed, in_clause, fold(text[clause[0] : clause[1]]))
        if differing:
            return None  # the sentence-level reading below words and scores a differing figure
        if not unstated:
            return None
        (fact, unset), others = unstated[0], tuple(r for r, _ in unstated[1:])
        why = f"{unset} of {fact.id} is not stated: this figure gives it"
        score = _DIFFERS_UNDECIDED if others else _DIFFERS
        return Link(start, end, text[start:end], fact, "amount", score, why, ambiguous=others)

    def _in_sentence(
        self, text: str, start: int, end: int, parsed: ParsedAmount, clause: tuple[int, int],
        in_sentence: set[str],
    ) -> Link | None:  # fmt: skip
        """The fact a figure whose clause names no record gives the unstated figure of: the one fact of a
        record its sentence names, when the clause says how it is given ("For Thrive, the bet is a big one:
        it committed $1.2 billion"; its amount not yet known). Of several, none: the clause's "it" is not read."""
        if parsed.currency is None:
            return None
        words = fold(text[clause[0] : clause[1]])
        differing, unstated = self._candidates(parsed, in_sentence, words)
        given = [(fact, field) for fact, field in unstated if topic_in(fact, words)]
        if differing or len(given) != 1:
            return None
        fact, unset = given[0]
        whose = ", ".join(sorted(key for key in in_sentence if key in self._refs(fact.id)))
        why = f"{unset} of {fact.id} is not stated: this figure gives it ({whose} named in its sentence)"
        return Link(start, end, text[start:end], fact, "amount", _DIFFERS_UNDECIDED, why)

    def _candidates(
        self, parsed: ParsedAmount, names: set[str], words: str
    ) -> tuple[list[tuple[Record, str]], list[tuple[Record, str]]]:
        """The facts of the records ``names`` holds that a figure may be about: those whose figure differs and
        whose topic ``words`` names, and those whose own figure no source gives."""
        differing: list[tuple[Record, str]] = []
        unstated: list[tuple[Record, str]] = []
        for record, fields in self._facts_of(names):
            field = next((f for f in fields if f in _OWN_FIELDS and _money_field(type(record), f)), None)
            if field is None:
                continue
            own = [f for f in fields if f in _OWN_FIELDS]  # a metric counting users states its value, not amount
            if any(getattr(v, f) is not None for v in self._view.versions(record) for f in own):
                if getattr(record, field) is not None and topic_in(record, words):
                    differing.append((record, field))
            elif not self._over_its_whole(parsed, record) and not other_measure_in(record, words):
                unstated.append((record, field))  # not "Nvidia, with a profit of $1.5 billion": that is its profit
        return differing, unstated

    def _close(self, parsed: ParsedAmount, record: Record, field: str) -> bool:
        """Whether a figure is near enough a value a source gives for the fact to be a disagreement about it: in
        its currency (€6.1 billion is the US$6.6 billion round converted, not a disagreement about it)."""
        values = (getattr(version, field) for version in self._view.versions(record))
        return any(
            abs(parsed.amount - number) <= _DIFFERS_WITHIN * number
            for number in (figure_number(v) for v in values if isinstance(v, (Money, Quantity)) and _fits(parsed, v))
        )

    def _over_its_whole(self, parsed: ParsedAmount, record: Record) -> bool:
        """Whether a figure is more than the amount of a fact the record is part of: an investor's part of a
        round is no more than the round ("Microsoft has put about US$13 billion into OpenAI over the years")."""
        for key, weight in self._refs(record.id).items():
            whole = self._by_id.get(key) if weight >= 2 else None
            if whole is None or isinstance(whole, Entity):
                continue
            for version in self._view.versions(whole):
                amount = getattr(version, "amount", None)
                if isinstance(amount, Money) and amount.currency == parsed.currency and parsed.amount > amount.amount:
                    return True
        return False

    def _facts_of(self, keys: Iterable[str]) -> list[tuple[Record, tuple[str, ...]]]:
        """The facts naming any of ``keys`` in a field of their own, in order: looked up, not searched for."""
        return [self._facts[index] for index in sorted({i for key in keys for i in self._facts_naming.get(key, ())})]

    def _refs(self, key: str) -> Mapping[str, int]:
        return self._references.get(key, {})

    def _support(self, key: str, sentence: int, named: Mapping[str, Counter[int]]) -> int:
        """The weight of the records a fact refers to that the sentence names (2 a field's own, 1 one of a list)."""
        return sum(weight for other, weight in self._refs(key).items() if sentence in named.get(other, ()))

    def _named_anywhere(self, key: str, named: Mapping[str, Counter[int]]) -> bool:
        return any(other in named for other in self._refs(key))

    def _given_beside(
        self, record: Record, named: Mapping[str, Counter[int]], text: str, span: tuple[int, int]
    ) -> bool:
        """Whether the sentence says how the figure is given to a fact of this kind (投資, "invested") and the
        text names the own record of a fact it is part of (the company of an investment's round): "軟銀投資5億美元"
        in a report on OpenAI's round, where the knowledge base knows SoftBank by no name the report writes."""
        wholes = [key for key, weight in self._refs(record.id).items() if weight >= 2 and key not in named]
        through = any(  # the whole's own records (a round's company), not those it lists (its participants)
            other in named
            for key in wholes
            if not isinstance(self._by_id.get(key), Entity)
            for other, weight in self._refs(key).items()
            if weight >= 2
        )
        return through and topic_in(record, fold(text[span[0] : span[1]]))


def figure_number(figure: Money | Quantity) -> Decimal:
    return figure.amount if isinstance(figure, Money) else figure.value


def _fits(parsed: ParsedAmount, figure: Money | Quantity) -> bool:
    """Money of the currency the text names (any, when it names none); a count only when it names none."""
    if isinstance(figure, Money):
        return parsed.currency is None or parsed.currency == figure.currency
    return parsed.currency is None


def _same_qualifier(parsed: ParsedAmount, held: _Held) -> float:
    """1 for the qualifier a fact holds; 0.5 for "about" against exactly, or the other way round."""
    if parsed.qualifier == held.figure.qualifier:
        return 1.0
    return 0.5 if {parsed.qualifier, held.figure.qualifier} <= _NEAR_EXACT else 0.0


def _range_ends(text: str, figures: list[tuple[int, int, ParsedAmount]]) -> set[int]:
    """The figures that are an end of a range: two joined by "to", a dash or 至, or "between" one "and" the other,
    and one after a bare number so joined (``65至70亿美元``, ``6.5 to 7 billion dollars``)."""
    ends: set[int] = set()
    for index, ((_, end, _), (start, _, _)) in enumerate(pairwise(figures)):
        gap = text[end:start]
        between = gap.strip() == "and" and _BETWEEN.search(text[max(0, figures[index][0] - 12) : figures[index][0]])
        if _RANGE_JOIN.fullmatch(gap) or between:
            ends.update((index, index + 1))
    for index, (start, _, _) in enumerate(figures):  # "65至70亿美元": the first end, bare, is no figure found
        before = _BARE_START.search(text[max(0, start - 24) : start])
        if before and not _YEAR.fullmatch(before["number"] or before["low"]):
            ends.add(index)
    return ends


_CLAUSE_END = re.compile(r"[,;:，；：、。！？!?\n]|\.(?=\s|$)")


def _clause_marks(text: str, bounds: list[int]) -> list[tuple[int, int]]:
    """Where the marks between clauses are: a full stop only where a sentence ends (``bounds``), not in ``Mr.``."""
    ends = set(bounds)
    return [found.span() for found in _CLAUSE_END.finditer(text) if found.group() != "." or found.end() in ends]


def _clause(text: str, marks: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from the mark before it to the mark after it."""
    before = bisect_left(marks, (start, start))  # marks are one character: those before it end by start
    low = marks[before - 1][1] if before else 0
    after = bisect_left(marks, (end, end))
    return low, marks[after][0] if after < len(marks) else len(text)


@cache
def _money_field(model: type[Record], field: str) -> bool:
    """Whether a field of a record type holds money (when it holds anything)."""
    return Money in (model.model_fields[field].annotation, *get_args(model.model_fields[field].annotation))


def _is_money(record: Record, field: str) -> bool:
    return isinstance(getattr(record, field), Money)


@cache
def _figure_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record type that may hold a Money or a Quantity, its own figure first."""
    return tuple(sorted(amount_fields(model), key=lambda name: name not in _OWN_FIELDS))


def references(records: Iterable[Record], known: Mapping[str, Record]) -> dict[str, dict[str, int]]:
    """The records each record refers to, 2 through a field of its own and 1 through a list."""
    found: dict[str, dict[str, int]] = {}
    for record in records:
        if isinstance(record, Entity):
            continue
        refs: dict[str, int] = {}
        for name in type(record).model_fields:
            value = getattr(record, name)
            if isinstance(value, str) and value in known and name != "id":
                refs[value] = max(refs.get(value, 0), 2)
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str) and item in known:
                        refs.setdefault(item, 1)
        found[record.id] = refs
    return found


def _span(text: str, bounds: list[int], sentence: int) -> tuple[int, int]:
    """Where sentence number ``sentence`` starts and ends."""
    return bounds[sentence - 1] if sentence else 0, bounds[sentence] if sentence < len(bounds) else len(text)


def _further(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``text[start:end]`` is said to come on top of another (``another``, ``more``, 追加);
    read in Simplified, its marks kept (``$1 billion, more than Nvidia`` is no further amount)."""
    before = to_simplified(text[max(0, start - 16) : start])
    return bool(_FURTHER_BEFORE.search(before) or _MORE_AFTER.match(text, end))


def _territory(
    figures: list[tuple[int, int, ParsedAmount]], index: int, sentence: tuple[int, int], marks: list[tuple[int, int]]
) -> tuple[int, int]:
    """The part of its sentence whose topic words name figure ``index``: up to the first mark between clauses
    after the figure before it, and up to the first after it before the next ("Microsoft, which has put $13
    billion into OpenAI since 2019, reported sales of $65.6 billion": the sales are the second figure's). With
    no mark between two figures, both have the words around them."""
    low, high = sentence
    start, end, _ = figures[index]
    if index and figures[index - 1][1] > low:
        after = bisect_left(marks, (figures[index - 1][1], 0))
        if after < len(marks) and marks[after][0] < start:
            low = marks[after][1]
    if index + 1 < len(figures) and figures[index + 1][0] < high:
        after = bisect_left(marks, (end, 0))
        if after < len(marks) and marks[after][0] < figures[index + 1][0]:
            high = marks[after][0]
    return low, high


def _named_in(where: list[tuple[int, str]], span: tuple[int, int]) -> set[str]:
    """The records named between ``span``'s ends, of ``where`` (each place a record is named, in order)."""
    return {key for _, key in where[bisect_left(where, (span[0], "")) : bisect_left(where, (span[1], ""))]}
