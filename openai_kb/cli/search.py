"""``openai-kb search QUERY``: records by name, alias, title or amount, best first."""

from __future__ import annotations

import argparse
from typing import Any

from .._showing import Quoted
from ..errors import NoMatchError
from ..kb import KnowledgeBase
from ..models import Evidence, Record, Source
from ..outputs._render import quoted_text
from ..search._index import DEFAULT_LIMIT
from ..search._results import Match
from ._command import Command, load_from
from ._output import Output
from ._parsing import add_types_option, whole_number

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="a name, title, id or amount: Murati, 辉达, CTO, US$6.6bn")
    parser.add_argument(
        "-n",
        "--limit",
        type=whole_number,
        default=DEFAULT_LIMIT,
        help=f"at most this many results (default {DEFAULT_LIMIT})",
    )
    add_types_option(parser, "only records of this type or family (person, people, investors); repeat it for several")


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    matches = kb.search(args.query, limit=args.limit, types=args.types)
    if args.json or args.jsonl:
        found = [match_json(kb, match) for match in matches]
        if args.json:
            out.json(found)
        else:
            out.json_lines(found)
        return 0 if matches else 1
    if args.csv:
        out.csv(CSV_COLUMNS, (_csv_row(found) for found in (match_json(kb, match) for match in matches)))
        return 0 if matches else 1
    if not matches:
        raise NoMatchError(args.query, kb.closest(args.query, types=args.types))  # exit 1, with suggestions
    rows = []
    for rank, match in enumerate(matches, 1):
        label = kb.label(match.record)
        rows.append([str(rank), f"{match.score:g}", match.record.type, label, match.record.id, _matched(match, label)])
    out.table(
        ["#", "score", "type", "record", "id", "matched"],
        rows,
        right=[True, True],
        styles=[("dim",), ("green",), (), ("bold",), ("cyan",), ("dim",)],
        fits=["keep", "keep", "drop", "shrink", "keep", "shrink"],  # the id's prefix names the type too
    )
    evidence = first_evidence(kb, matches[0].record, matches[0].matched.sources)
    if evidence is not None:
        out.line()
        source = kb.get(evidence.source)
        out.line(out.style("evidence for #1: ", "bold") + quoted_text(Quoted(evidence, _source(source))), fit=True)
        if evidence.translation:
            out.line(f"      ({evidence.translation})", fit=True)
    return 0


def first_evidence(kb: KnowledgeBase, record: Record, sources: tuple[str, ...] = ()) -> Evidence | None:
    """The record's own first evidence, or else that of the first fact that mentions it; the first
    from ``sources`` (those giving what a match hit) where one of them is quoted."""
    own: tuple[Evidence, ...] = getattr(record, "evidence", ())
    spans = own or tuple(span for fact in kb.mentions(record) for span in fact.evidence)
    return next((span for span in spans if span.source in sources), spans[0] if spans else None)


def _source(record: Record | None) -> Source | None:
    return record if isinstance(record, Source) else None


def _matched(match: Match, label: str) -> str:
    """The name that matched, and where it is; only where it is when it is the label the row already shows."""
    matched = match.matched
    where = ", ".join(filter(None, [matched.field, matched.language]))
    if matched.sources:  # a record several sources describe: whose version gives it
        where += "; from " + ", ".join(matched.sources)
    return f"({where})" if matched.text == label else f"{matched.text} ({where})"


def match_json(kb: KnowledgeBase, match: Match) -> dict[str, object]:
    """One search result as ``--json`` prints it."""
    evidence = first_evidence(kb, match.record, match.matched.sources)
    matched: dict[str, object] = {
        "text": match.matched.text,
        "language": match.matched.language,
        "field": match.matched.field,
    }
    if match.matched.sources:  # a record several sources describe: whose version gives it
        matched["sources"] = list(match.matched.sources)
    return {
        "id": match.record.id,
        "type": match.record.type,
        "label": kb.label(match.record),
        "score": match.score,
        "ambiguous": match.ambiguous,
        "matched": matched,
        "steps": list(match.steps),
        "query_part": match.query_part,
        "evidence": None if evidence is None else evidence.model_dump(mode="json"),
    }


CSV_COLUMNS = (
    "id",
    "type",
    "label",
    "score",
    "ambiguous",
    "matched_text",
    "matched_language",
    "matched_field",
    "matched_sources",
    "query_part",
    "evidence_source",
    "evidence_quote",
)
"""``search --csv``'s columns: ``--json``'s fields, ``matched`` and ``evidence`` spread over columns of their own
(a result's ``steps`` are for debugging, and left to ``--json``)."""


def _csv_row(found: dict[str, Any]) -> list[object]:
    matched, evidence = found["matched"], found["evidence"] or {}
    flat = {
        **found,
        **{f"matched_{key}": matched.get(key) for key in ("text", "language", "field")},
        "matched_sources": " ".join(matched.get("sources", ())),
        "evidence_source": evidence.get("source"),
        "evidence_quote": evidence.get("quote"),
    }
    return [flat[column] for column in CSV_COLUMNS]


COMMAND = Command(
    name="search",
    summary="find records by name, alias, title or amount, in English or Chinese",
    examples=(
        "openai-kb search 英伟达",
        "openai-kb search Murati --limit 3",
        "openai-kb search 66亿 --json",
        "openai-kb search OpenAI --jsonl | jq -r .id",
        "openai-kb search Thrive --data docs/examples/reports/ --source source:note-a",
    ),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
    by_source=True,
    prints_rows=True,
)
