"""The ``openai-kb`` command: search the knowledge base and show records, with their evidence.

Exit codes: 0 found, 1 not found or invalid data, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import orjson

from .display import describe, first_evidence, render_matches
from .errors import DataError, NotFoundError, QueryError
from .kb import KnowledgeBase, load
from .models import Record

__all__ = ["main"]

EXAMPLES = {
    "search": (
        "examples:\n  openai-kb search 英伟达\n  openai-kb search Murati --limit 3\n  openai-kb search 66亿 --json"
    ),
    "show": "examples:\n  openai-kb show person:mira-murati\n  openai-kb show round:openai-2024-10 --json",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openai-kb",
        description="Query the knowledge base of one article on OpenAI's US$6.6 billion round.",
        epilog="Exit codes: 0 found, 1 not found or invalid data, 2 wrong usage.",
    )
    parser.add_argument("--data", metavar="PATH", help="a data file or folder to use instead of the bundled data")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        """A subcommand whose --help ends with its examples."""
        return commands.add_parser(
            name, help=summary, epilog=EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter
        )

    search = command("search", "find records by name, alias, title or amount, in English or Chinese")
    search.add_argument("query", help="a name, title, id or amount: Murati, 辉达, CTO, US$6.6bn")
    search.add_argument("-n", "--limit", type=int, default=5, help="at most this many results (default 5)")
    search.add_argument("-t", "--type", action="append", dest="types", metavar="TYPE", help="only this record type")
    search.add_argument("--json", action="store_true", help="print JSON for scripts")
    show = command("show", "show one record by id, with its evidence")
    show.add_argument("id", help="a record id, such as person:mira-murati")
    show.add_argument("--json", action="store_true", help="print the record as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        kb = load(args.data)
        if args.command == "search":
            return _search(kb, args.query, args.limit, args.types, args.json)
        return _show(kb, args.id, args.json)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except QueryError as error:
        print(f"openai-kb: {error}", file=sys.stderr)
        return 2


def _search(kb: KnowledgeBase, query: str, limit: int, types: list[str] | None, as_json: bool) -> int:
    matches = kb.search(query, limit=limit, types=types)
    if as_json:
        rows = [
            {
                "id": m.record.id,
                "type": m.record.type,
                "label": kb.label(m.record),
                "score": m.score,
                "matched": {"text": m.matched.text, "language": m.matched.language, "field": m.matched.field},
                "evidence": _evidence_json(kb, m.record),
            }
            for m in matches
        ]
        _print_json(rows)
        return 0 if matches else 1
    if not matches:
        message = f"No match for {query!r}."
        closest = kb.search(query, limit=3, types=types, score_cutoff=50)
        if closest:
            message += " Closest: " + ", ".join(f"{kb.label(m.record)} [{m.record.id}]" for m in closest) + "."
        print(message, file=sys.stderr)
        return 1
    print(render_matches(kb, matches))
    return 0


def _show(kb: KnowledgeBase, record_id: str, as_json: bool) -> int:
    try:
        record = kb[record_id]
    except NotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    if as_json:
        _print_json(record.model_dump(mode="json", exclude_none=True))
    else:
        print(describe(kb, record))
    return 0


def _evidence_json(kb: KnowledgeBase, record: Record) -> dict[str, object] | None:
    evidence = first_evidence(kb, record)
    return None if evidence is None else evidence.model_dump(mode="json")


def _print_json(value: object) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode())


if __name__ == "__main__":
    sys.exit(main())
