"""Plain-text views of records, evidence and search results, as the command line prints them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from .index import Match
from .kb import KnowledgeBase
from .labels import format_amount
from .models import Entity, Evidence, Fact, Money, Quantity, Record, Source

__all__ = ["cite", "describe", "first_evidence", "render_matches"]


def cite(kb: KnowledgeBase, evidence: Evidence) -> str:
    """A quote with its source: ``“…” — 华夏传媒网, 2024-10-14 09:31 [chars 164-214]``."""
    source = kb.get(evidence.source)
    where = evidence.source
    if isinstance(source, Source):
        when = source.published.strftime("%Y-%m-%d %H:%M") if source.published else None
        where = ", ".join(part for part in (source.publisher or source.title, when) if part)
    line = f"“{evidence.quote}” — {where} [chars {evidence.start}-{evidence.end}]"
    if evidence.translation:
        line += f"\n      ({evidence.translation})"
    return line


def first_evidence(kb: KnowledgeBase, record: Record) -> Evidence | None:
    """The record's own first evidence, or else that of the first fact that mentions it."""
    own = getattr(record, "evidence", ())
    if own:
        first: Evidence = own[0]
        return first
    for fact in kb.mentions(record):
        return fact.evidence[0]
    return None


def render_matches(kb: KnowledgeBase, matches: list[Match]) -> str:
    """Numbered search results, each with what matched and one evidence quote."""
    lines: list[str] = []
    for rank, match in enumerate(matches, 1):
        record = match.record
        lines.append(f"{rank:>2}. {kb.label(record)}  [{record.id}]  {record.type}, score {match.score:g}")
        matched = match.matched
        language = f", {matched.language}" if matched.language else ""
        lines.append(f"    matched: {matched.text!r} ({matched.field}{language})")
        evidence = first_evidence(kb, record)
        if evidence is not None:
            lines.append(f"    evidence: {cite(kb, evidence)}")
    return "\n".join(lines)


def describe(kb: KnowledgeBase, record: Record) -> str:
    """Everything about one record: its fields, its names, its evidence, the facts that mention it."""
    lines = [f"{kb.label(record)}  [{record.id}]  {record.type}"]
    skip = {"type", "id", "evidence", "names", "title_names"}
    for field in type(record).model_fields:
        value = getattr(record, field)
        if field in skip or value is None or value == ():
            continue
        lines.append(f"  {field}: {_value(kb, value)}")
    names = getattr(record, "names", ()) + getattr(record, "title_names", ())
    if names:
        lines.append("  names: " + "; ".join(f"{name.text} ({name.language})" for name in names))
    evidence = getattr(record, "evidence", ())
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
