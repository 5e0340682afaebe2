"""Plain-text views of records, evidence and search results, as the command line prints them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from .kb import KnowledgeBase
from .labels import format_amount
from .models import Entity, Evidence, Fact, Money, Quantity, Record, Source
from .profile import names_of, own_evidence, shown_fields, where

__all__ = ["cite", "describe", "first_evidence"]


def cite(kb: KnowledgeBase, evidence: Evidence) -> str:
    """A quote with its source: ``“…” — 华夏传媒网, 2024-10-14 09:31 [chars 164-214]``."""
    source = kb.get(evidence.source)
    origin = where(source if isinstance(source, Source) else None, evidence.source)
    line = f"“{evidence.quote}” — {origin} [chars {evidence.start}-{evidence.end}]"
    if evidence.translation:
        line += f"\n      ({evidence.translation})"
    return line


def first_evidence(kb: KnowledgeBase, record: Record) -> Evidence | None:
    """The record's own first evidence, or else that of the first fact that mentions it."""
    own = own_evidence(record)
    if own:
        return own[0]
    for fact in kb.mentions(record):
        return fact.evidence[0]
    return None


def describe(kb: KnowledgeBase, record: Record) -> str:
    """Everything about one record: its fields, its names, its evidence, the facts that mention it."""
    lines = [f"{kb.label(record)}  [{record.id}]  {record.type}"]
    lines.extend(f"  {field}: {_value(kb, value)}" for field, value in shown_fields(record))
    names = names_of(record)
    if names:
        lines.append("  names: " + "; ".join(f"{name.text} ({name.language})" for name in names))
    evidence = own_evidence(record)
    if evidence:
        lines.append("  evidence:")
        lines.extend(f"    - {cite(kb, item)}" for item in evidence)
    if isinstance(record, Entity):
        facts = kb.mentions(record)
        if facts:
            lines.append("  facts:")
            lines.extend(_fact_lines(kb, facts))
    return "\n".join(lines)


def _fact_lines(kb: KnowledgeBase, facts: list[Fact]) -> Iterator[str]:
    for fact in facts:
        yield f"    - {kb.label(fact)}  [{fact.id}]"
        yield f"      {cite(kb, fact.evidence[0])}"


def _value(kb: KnowledgeBase, value: object) -> str:
    if isinstance(value, (Money, Quantity)):
        printed = f" (printed {value.text!r})" if value.text else ""
        return f"{format_amount(value)}{printed}"
    if isinstance(value, tuple):
        return ", ".join(_value(kb, item) for item in value)
    if isinstance(value, str) and value in kb and value != "":
        return f"{kb.label(value)} [{value}]"
    if isinstance(value, BaseModel):
        parts = (
            f"{field}={_value(kb, getattr(value, field))}"
            for field in type(value).model_fields
            if field != "evidence" and getattr(value, field) not in (None, ())
        )
        return "(" + ", ".join(parts) + ")"
    return str(value)
