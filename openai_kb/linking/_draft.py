"""``kb.draft``: the records a new report gives for what a knowledge base holds, proposed for review.

Each fact the report's text links to (a figure, or a name a fact holds) becomes a new version of
that fact: its id and fields as held, the report's figure (as parsed, ``text`` as written) and
evidence that ``cite`` finds in the report, the clause around the mention (widened to the clauses
of its sentence up to a name of a record the fact refers to). A fact the report gives two figures
for is drafted twice, one version each: loaded, ``disagreements`` shows them. Each entity it names
becomes a version of its id and name alone, without evidence: the data file's ``"source"`` makes it the
report's (what else the report says of it is the reviewer's to add). Parts of a fact with evidence of
their own (a round's terms) are left out: they are another source's words.
A mention the linker could not tie to one record (``Link.ambiguous``) is left out, and a note names
the records it may be: a guess loaded as a version would put the report's words in another record's
mouth, and a note costs the reviewer one look. Nothing is added to any knowledge base:
``Draft.save`` writes a data file to review and load.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from operator import attrgetter
from os import PathLike
from pathlib import Path
from typing import Any

from .._arguments import path_argument
from ..amounts import ParsedAmount, find_amounts, parse_amount
from ..citing import cite
from ..errors import QueryError, a_type, shown
from ..models import Entity, Fact, Money, Quantity, Record, Source
from ..reading._atomic import write_atomically
from ..reading._writing import dumps_records
from ..verify import source_mismatches
from ..view import RecordView
from ._figures import _figure_fields, figure_number
from ._links import Link, Links
from ._text import sentence_bounds

__all__ = ["Draft", "draft_source", "make_draft"]

_CLAUSE_END = re.compile(r"[，；;：]|[,:](?=\s)")  # a comma or semicolon between clauses, not inside 1,570
_TRIMMED = " \t\r\n\u3000。．.！!？?，,；;：:"  # white space and the clause's last stop, left out of a quote
_PROVENANCE = ("assertion", "attributed_to", "attribution")  # how a source holds a fact: the report's own to say
_OWN = ("amount", "value")


@dataclass(frozen=True)
class Draft:
    """Records proposed from a report, for review: ``str()`` lists them, ``save`` writes a data file to load.

    ``records`` are new versions of records the knowledge base holds, each fact with the report's
    figure and evidence cited from its text; ``source`` is the report's ``Source``; ``notes`` say
    what was left out and why, and what to check before loading.
    """

    source: Source
    records: tuple[Record, ...]
    notes: tuple[str, ...] = ()
    changes: tuple[str, ...] = field(default=(), repr=False)
    """One line per record: its id, what it changes against the knowledge base, the quote."""

    def __str__(self) -> str:
        noun = "record" if len(self.records) == 1 else "records"
        lines = [f"Draft of {len(self.records)} {noun} from {self.source.id} ({self.source.title}):"]
        lines += [f"  {line}" for line in self.changes]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def data(self) -> bytes:
        """The data file ``save`` writes: ``{"source": ..., "records": [the source, the records...]}``."""
        return dumps_records([self.source, *self.records], None, {"source": self.source.id})

    def save(self, path: str | PathLike[str]) -> Path:
        """Write the data file (``load(BUNDLED, path)`` reads it with the knowledge base); returns the path.

        The write is atomic, and replaces nothing but a regular file: ``SaveError`` otherwise.
        """
        target = path_argument(path, "Draft.save()")
        write_atomically(target, self.data())
        return target


def draft_source(view: RecordView, text: object, source: object) -> Source:
    """The report's ``Source``: ``source`` itself or the one ``view`` holds with that id, checked against ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"draft() expects the text as a str, not {type(text).__name__}")
    if isinstance(source, str):
        held = view.get(source)
        if held is None:
            raise QueryError(
                f"source {shown(source)} is not in this knowledge base: pass the Source itself "
                "(Source.from_text(text, id=..., title=..., language=...)), or load the data file that holds it"
            )
        if not isinstance(held, Source):
            raise QueryError(f"{shown(source)} is {a_type(held.type)}, not a source: give the report's source id")
        source = held
    if not isinstance(source, Source):
        raise TypeError(f"draft() expects source as a Source or a source id (str), not {type(source).__name__}")
    for name, reason in source_mismatches(source, text):
        raise QueryError(
            f"this text is not the text of {source.id!r} ({name}): {reason}; "
            "draft from the text the source was counted from (Source.from_text)"
        )
    return source


def make_draft(view: RecordView, text: str, source: Source | str, link: Callable[[str], Links]) -> Draft:
    """The draft of ``text``'s linked records (``link`` is ``kb.link``), as ``kb.draft`` returns it."""
    report = draft_source(view, text, source)
    return _Drafter(view, text, report).draft(link(text))


@dataclass
class _Version:
    """A fact's version being drafted: the report's figure for one field, and every quote giving it."""

    record: Record
    field: str | None
    figure: Money | Quantity | None
    spans: list[tuple[int, int]]


class _Drafter:
    def __init__(self, view: RecordView, text: str, source: Source) -> None:
        self.view, self.text, self.source = view, text, source
        self.bounds = sentence_bounds(text)
        self.parsed = {(start, end): parsed for start, end, parsed in find_amounts(text)}

    def draft(self, links: Links) -> Draft:
        names = sorted((link for link in links if link.kind == "name" and not link.ambiguous), key=attrgetter("start"))
        entities: dict[str, Link] = {}
        versions: list[_Version] = []
        notes: list[str] = []
        for link in links:
            if link.ambiguous:
                *some, last = [record.id for record in (link.record, *link.ambiguous)]
                notes.append(
                    f"left out {shown(link.text)} at {link.start}:{link.end}: it may name {', '.join(some)} or "
                    f"{last}, and the text does not say which; add the version of the one it names by hand"
                )
            elif isinstance(link.record, Entity):
                entities.setdefault(link.record.id, link)
            elif isinstance(link.record, Fact):
                self._add(versions, link, names)
        records: list[Record] = []
        changes: list[str] = []
        for link in entities.values():
            records.append(self._entity(link.record))
            changes.append(f"{link.record.id}: named, {shown(link.text)} at {link.start}:{link.end}")
        for version in versions:
            record, change = self._fact(version)
            records.append(record)
            changes.append(change)
        figures: dict[str, int] = {}
        for version in versions:
            figures[version.record.id] = figures.get(version.record.id, 0) + 1
        notes += [
            f"{key}: the report gives {count} different figures for it, drafted as {count} versions; "
            "keep the one the report states (mark another 'attributed' or remove it)"
            for key, count in figures.items()
            if count > 1
        ]
        if versions:
            notes.append(
                "each fact is drafted as 'stated' by the report: mark it 'attributed' (with attributed_to or "
                "attribution), 'expected' or 'planned' where the report says so"
            )
        return Draft(self.source, tuple(records), tuple(notes), tuple(changes))

    def _add(self, versions: list[_Version], link: Link, names: Sequence[Link]) -> None:
        """Add the mention to the version of its fact with its figure, or start one."""
        field_name, figure = self._figure(link) if link.kind == "amount" else (None, None)
        span = self._quote_span(link, names)
        for version in versions:
            same = version.figure is None or figure is None or figure_number(version.figure) == figure_number(figure)
            if version.record.id == link.record.id and version.field == field_name and same:
                if span not in version.spans:
                    version.spans.append(span)
                return
        versions.append(_Version(link.record, field_name, figure, [span]))

    def _figure(self, link: Link) -> tuple[str | None, Money | Quantity | None]:
        """The field of the fact the figure gives and the figure as the report writes it."""
        parsed = self.parsed.get((link.start, link.end)) or parse_amount(link.text)
        fields = _figure_fields(type(link.record))
        if parsed is None or not fields:
            return None, None
        held = [(name, getattr(link.record, name)) for name in fields]
        name, value = next(
            ((n, v) for n, v in held if not link.differs and self._holds(link.record, n, parsed.amount)),
            next(((n, v) for n, v in held if n in _OWN and v is not None), held[0]),
        )
        return name, _as_written(parsed, value, link.text)

    def _holds(self, record: Record, name: str, amount: Decimal) -> bool:
        return any(
            isinstance(v.value, (Money, Quantity)) and figure_number(v.value) == amount
            for v in self.view.values(record, name)
        )

    def _quote_span(self, link: Link, names: Sequence[Link]) -> tuple[int, int]:
        """The clause around ``link``, widened over its sentence's clauses to the nearest that names a
        record the fact refers to; the clause alone when none does."""
        sentence = bisect_right(self.bounds, link.start)
        low = self.bounds[sentence - 1] if sentence else 0
        high = self.bounds[sentence] if sentence < len(self.bounds) else len(self.text)
        cuts = [low, *(m.end() for m in _CLAUSE_END.finditer(self.text, low, high)), high]
        clauses = [(a, b) for a, b in pairwise(cuts) if a < b]
        here = next(i for i, (a, b) in enumerate(clauses) if a <= link.start < b or b == high)
        refers = _referred(link.record)
        starts = attrgetter("start")  # names are in the text's order: the sentence's are found by bisection
        in_sentence = names[bisect_left(names, low, key=starts) : bisect_left(names, high, key=starts)]
        naming = [
            i
            for i, (a, b) in enumerate(clauses)
            if any(a <= name.start and name.end <= b and name.record.id in refers for name in in_sentence)
        ]
        other = min(naming, key=lambda i: (abs(i - here), i > here), default=here)
        start, end = clauses[min(here, other)][0], clauses[max(here, other)][1]
        start, end = min(start, link.start), max(end, link.end)
        return _trimmed(self.text, start, end, link)

    def _entity(self, record: Record) -> Record:
        """The entity with what every version of it must hold (its id, its name) and nothing another source
        says of it: the data file's ``"source"`` makes it the report's."""
        fields = type(record).model_fields
        return type(record)(**{name: getattr(record, name) for name, info in fields.items() if info.is_required()})

    def _fact(self, version: _Version) -> tuple[Record, str]:
        record = version.record
        evidence = tuple(self._cite(start, end) for start, end in version.spans)
        changes: dict[str, Any] = {"evidence": evidence}
        fields = type(record).model_fields
        changes.update({name: fields[name].default for name in _PROVENANCE})
        changes.update({name: fields[name].get_default() for name in fields if self._foreign(getattr(record, name))})
        if version.field is not None and version.figure is not None:
            changes[version.field] = version.figure
        drafted = _rebuilt(record, changes)
        quotes = "; ".join(f"{shown(e.quote)} at {e.start}:{e.end}" for e in evidence)
        return drafted, f"{record.id}: {self._change(version)}, quoted {quotes}"

    def _foreign(self, value: object) -> bool:
        """Whether a field holds parts with evidence of their own (a round's terms): another source's words."""
        items = value if isinstance(value, tuple) else (value,)
        return any(getattr(item, "evidence", ()) for item in items if not isinstance(item, str))

    def _change(self, version: _Version) -> str:
        if version.field is None or version.figure is None:
            return "named, no figure"
        shown_figure = version.figure.text or str(figure_number(version.figure))
        held = [v.value for v in self.view.values(version.record, version.field)]
        if any(isinstance(v, (Money, Quantity)) and figure_number(v) == figure_number(version.figure) for v in held):
            return f"{version.field} {shown_figure}, as held"
        known = ", ".join(v.text or str(v) for v in held if isinstance(v, (Money, Quantity)))
        if not known:
            return f"{version.field} {shown_figure}, new: no source gives it yet"
        return f"{version.field} {shown_figure}, differs from {known} held"

    def _cite(self, start: int, end: int) -> Any:
        quote = self.text[start:end]
        occurrence, at = 1, self.text.find(quote)
        while -1 < at < start:  # overlapping occurrences count, as cite counts them
            occurrence, at = occurrence + 1, self.text.find(quote, at + 1)
        evidence = cite(self.text, quote, source=self.source.id, occurrence=occurrence)
        if (evidence.start, evidence.end) != (start, end) or self.text[evidence.start : evidence.end] != quote:
            raise AssertionError(f"cite() placed {quote!r} at {evidence.start}:{evidence.end}, not {start}:{end}")
        return evidence


def _trimmed(text: str, start: int, end: int, link: Link) -> tuple[int, int]:
    """``[start, end)`` without white space or a full stop at its ends, never cutting into the mention."""
    while start < link.start and text[start] in _TRIMMED:
        start += 1
    while end > link.end and text[end - 1] in _TRIMMED:
        end -= 1
    return start, end


def _referred(record: Record) -> frozenset[str]:
    """The ids a record's fields hold (its company, organization, round, people...)."""
    found: set[str] = set()
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name == "id":
            continue
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple):
            found.update(item for item in value if isinstance(item, str))
    return frozenset(found)


def _as_written(parsed: ParsedAmount, held: object, written: str) -> Money | Quantity | None:
    """The report's figure, in the form the fact holds it: money in the currency it names (else the held one)."""
    if isinstance(held, Quantity):
        return Quantity(value=parsed.amount, unit=held.unit, qualifier=parsed.qualifier, text=written)
    currency = parsed.currency or (held.currency if isinstance(held, Money) else None)
    if currency is None:
        return None
    return Money(amount=parsed.amount, currency=currency, qualifier=parsed.qualifier, text=written)


def _rebuilt(record: Record, changes: dict[str, Any]) -> Record:
    """``record`` with ``changes``, validated as a new record of its type."""
    values = {name: getattr(record, name) for name in type(record).model_fields}
    return type(record)(**{**values, **changes})
