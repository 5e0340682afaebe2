"""Plain-text views: a profile (``about``, ``show``), search results, a quote with its source.

These are ``str()`` of the objects and what the command line prints; the terminal adds only colour
and the escaping of control characters (``openai_kb.cli._output``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..._showing import Quoted
from ...errors import shown
from ...models import Evidence
from ...profile import Profile
from ...search._results import SearchResults
from .values import held_by, names_of, own_evidence, show_value, shown_fields, unnamed, where

__all__ = ["PLAIN", "profile_text", "quoted_text", "search_results_text"]


class _Plain:
    """Text as it is; a reference as ``label [id]``; a printed figure as ``(printed '...')``."""

    def text(self, value: str) -> str:
        return value

    def reference(self, label: str, record_id: str) -> str:
        return f"{label} [{record_id}]"

    def printed(self, text: str) -> str:
        return f" (printed {text!r})"


PLAIN = _Plain()


def quoted_text(quoted: Quoted) -> str:
    """``“…” — 华夏传媒网, 2024-10-14 09:31 [chars 164-214]``."""
    evidence = quoted.evidence
    origin = where(quoted.source, evidence.source)
    return f"“{evidence.quote}” — {origin} [chars {evidence.start}-{evidence.end}]"


def profile_text(profile: Profile) -> str:
    """A record, its fields, names and evidence, what it refers to, and every fact that mentions it."""
    record = profile.record
    lines = [f"{profile.label}  [{record.id}]  {record.type}"]
    for name, value in shown_fields(record):
        lines.append(f"  {name}: {show_value(value, profile.labels, PLAIN)}")
        lines.extend(  # sources differ: each value with its sources, and how each holds it
            f"    - {show_value(other.value, profile.labels, PLAIN)}  — "
            + held_by(other, profile.sources, profile.labels)
            for other in profile.differing.get(name, ())
        )
    supporters = profile.supported_by.get(record.id, ())
    if len(supporters) > 1:
        lines.append("  sources: " + "; ".join(where(profile.sources.get(s), s) for s in supporters))
    names = names_of(record)
    if names:
        lines.append("  names: " + "; ".join(f"{name.text} ({', '.join(name.languages)})" for name in names))
    evidence = own_evidence(record)
    if evidence:
        lines.append("  evidence:")
        for item in evidence:
            lines.extend(_cite_lines(profile, item, "    - "))
    if profile.refers_to:
        lines.append("  refers to:")
        lines.extend(f"    - {profile.label_of(other)}  [{other.id}]  {other.type}" for other in profile.refers_to)
    if profile.facts:
        lines.append(f"  facts ({len(profile.facts)}):")
        for kind, facts in profile.by_type.items():
            lines.append(f"    {kind}:")
            for fact in facts:
                lines.append(f"      - {profile.label_of(fact)}  [{fact.id}]")
                for item in profile.quotes(fact):
                    lines.extend(_cite_lines(profile, item, "        "))
                if left := len(profile.quotes_left_out(fact)):
                    lines.append(f"        ({unnamed(left, profile.label)})")
    return "\n".join(lines)


def _cite_lines(profile: Profile, evidence: Evidence, lead: str) -> Iterator[str]:
    yield lead + profile.cite(evidence)
    if evidence.translation:
        yield " " * len(lead) + f"  ({evidence.translation})"


def search_results_text(results: SearchResults) -> str:
    """A numbered list: label, id, type, score, and what matched."""
    if not results:
        return f"No match for {shown(results.query)}."  # as NoMatchError says it
    lines = []
    for rank, match in enumerate(results, 1):
        matched = match.matched
        language = f", {matched.language}" if matched.language else ""
        language += f"; from {', '.join(matched.sources)}" if matched.sources else ""
        flag = ", ambiguous" if match.ambiguous else ""
        part = f" for {match.query_part!r}" if match.query_part is not None else ""
        lines.append(
            f"{rank:>2}. {results.label(match)}  [{match.record.id}]  {match.record.type}, score {match.score:g}"
            f"{flag}; matched {matched.text!r} ({matched.field}{language}){part}"
        )
    return "\n".join(lines)
