"""One way to show a value, whatever the view: amounts in words, references by label, one date format.

``show_value`` turns a field's value into text through a ``Skin``, which only escapes text and marks
up a reference or a printed figure; plain text, the terminal and HTML differ in their skin alone,
so a date or a nested term can never read one way in ``show`` and another in ``about``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import NamedTuple, Protocol

from pydantic import BaseModel

from ...amounts import format_amount
from ...models import Evidence, Money, Name, Quantity, Record, Source
from ...reading._combining import Holding, Value

__all__ = [
    "ShownName",
    "Skin",
    "counted",
    "held_by",
    "holding",
    "names_of",
    "own_evidence",
    "show_value",
    "shown_fields",
    "unnamed",
    "where",
]

_NOT_FIELDS = frozenset({"type", "id", "evidence", "names", "title_names"})  # shown on their own


class Skin(Protocol):
    """What a view does to the parts of a value: escape text, mark up references and printed figures."""

    def text(self, value: str) -> str: ...

    def reference(self, label: str, record_id: str) -> str: ...

    def printed(self, text: str) -> str: ...


def show_value(value: object, labels: Mapping[str, str], skin: Skin) -> str:
    """A field's value: amounts in words (and as printed), references by label, nested models inline."""
    if isinstance(value, (Money, Quantity)):
        printed = skin.printed(value.text) if value.text else ""
        return skin.text(format_amount(value)) + printed
    if isinstance(value, tuple):
        return ", ".join(show_value(item, labels, skin) for item in value)
    if isinstance(value, str) and value in labels:
        return skin.reference(labels[value], value)
    if isinstance(value, BaseModel):
        parts = (f"{skin.text(name)}={show_value(item, labels, skin)}" for name, item in shown_fields(value))
        return "(" + ", ".join(parts) + ")"
    if isinstance(value, datetime):
        return skin.text(value.isoformat())
    return skin.text(str(value))


def counted(number: int, noun: str) -> str:
    """``1 result``, ``2 results``, ``0 records``: a count with its noun, singular for one."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def shown_fields(model: BaseModel) -> Iterator[tuple[str, object]]:
    """A model's fields worth showing as fields: set, and not its type, id, names or evidence."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name not in _NOT_FIELDS and value is not None and value != ():
            yield name, value


class ShownName(NamedTuple):
    """One name as views show it: its text once, with every language and kind it is given in."""

    text: str
    languages: tuple[str, ...]
    kinds: tuple[str, ...]


def names_of(record: Record) -> tuple[ShownName, ...]:
    """Every name a record carries (an entity's names, a departure's renderings of the title), each text once.

    ``米拉·穆拉蒂`` given for zh-Hans and for zh-Hant, or a name that two sources give, is one name
    with its languages (and kinds) in the order first given.
    """
    names: tuple[Name, ...] = (*getattr(record, "names", ()), *getattr(record, "title_names", ()))
    grouped: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for name in names:
        languages, kinds = grouped.setdefault(name.text, ({}, {}))
        languages[name.language] = None
        kinds[name.kind] = None
    return tuple(ShownName(text, tuple(languages), tuple(kinds)) for text, (languages, kinds) in grouped.items())


def unnamed(count: int, name: str) -> str:
    """``2 more quotes do not name Thrive Capital``: what a fact's list of quotes leaves out, and why."""
    return f"{count:,} more {'quote does' if count == 1 else 'quotes do'} not name {name}"


def own_evidence(record: Record) -> tuple[Evidence, ...]:
    """The spans that support the record itself (sources have none)."""
    evidence: tuple[Evidence, ...] = getattr(record, "evidence", ())
    return evidence


def held_by(value: Value, sources: Mapping[str, Source], labels: Mapping[str, str] | None = None) -> str:
    """Who gives a value, each with how it holds it when not as plain fact:
    ``Note A; Note B (expected); Note C (attributed to people familiar with the matter)``."""
    return "; ".join(dict.fromkeys(holding(held, sources, labels or {}) for held in value.holdings)) or "no source"


def holding(held: Holding, sources: Mapping[str, Source], labels: Mapping[str, str]) -> str:
    """One source of a value and how it holds it: ``Note C (attributed to Thrive Capital)``."""
    name = "no source" if held.source is None else where(sources.get(held.source), held.source)
    if held.assertion in (None, "stated"):
        return name
    if held.assertion != "attributed":
        return f"{name} ({held.assertion})"
    who = [labels.get(held.attributed_to, held.attributed_to)] if held.attributed_to else []
    who += [held.attribution] if held.attribution else []
    return f"{name} (attributed to {', '.join(who)})" if who else f"{name} (attributed)"


def where(source: Source | None, source_id: str) -> str:
    """Where a quote comes from, as people cite it: ``华夏传媒网, 2024-10-14 09:31``; a date as precise as it is."""
    if source is None:
        return source_id
    published = source.published
    when = published.strftime("%Y-%m-%d %H:%M") if isinstance(published, datetime) else published
    return ", ".join(part for part in (source.publisher or source.title, when) if part)
