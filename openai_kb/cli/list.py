"""``openai-kb list [TYPE]``: every record, or those of one type or family, one line each."""

from __future__ import annotations

import argparse

from ..errors import QueryError
from ..kb import KnowledgeBase
from ..models import Record
from ._command import Command, load_from
from ._output import Output
from ._parsing import KINDS, record_kind
from .completion import SHELLS, completion_words

__all__ = ["COMMAND", "records_of"]


def records_of(kb: KnowledgeBase, kind: str | None) -> list[Record]:
    """The records of a type (``person``) or family (``people``, ``investors``), either number, or all of them."""
    if kind is None:
        return list(kb)
    type_name = kb.types.kind(kind)  # a word that names no type: UnknownKindError
    return [record for record in kb if record.type == type_name]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        nargs="?",
        metavar="TYPE",
        type=record_kind,
        choices=KINDS,
        help="a record type (person) or family (people, investors), singular or plural",
    )
    parser.add_argument("--ids", action="store_true", help="print only the ids, one a line")
    parser.add_argument(
        "--for-completion",
        metavar="SHELL",
        choices=SHELLS,
        help="print only the ids, for SHELL's completion script: quoted for bash, one a line; an id that "
        "cannot be a word on one line is left out",
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    records = records_of(kb, args.kind)
    other = next((f"--{name}" for name in ("json", "jsonl", "csv") if getattr(args, name)), None)
    if (args.ids or args.for_completion) and other:
        option = "--ids" if args.ids else "--for-completion"
        raise QueryError(f"{option} and {other} print the records two ways: give one of them")
    if args.for_completion:
        encoding = getattr(out.stdout, "encoding", None) or "utf-8"
        for word in completion_words((record.id for record in records), args.for_completion):
            if word.encode(encoding, "ignore").decode(encoding) == word:  # else left out: not as \u escapes
                out.stdout.write(word + "\n")
    elif args.ids:
        for record in records:
            out.line(record.id)
    elif args.json or args.jsonl:
        found = [{"id": record.id, "type": record.type, "label": kb.label(record)} for record in records]
        if args.json:
            out.json(found)
        else:
            out.json_lines(found)
    elif args.csv:
        out.csv(["id", "type", "label"], ([record.id, record.type, kb.label(record)] for record in records))
    else:
        rows = [[record.id, record.type, kb.label(record)] for record in records]
        out.table(["id", "type", "label"], rows, styles=[("cyan",), ("dim",), ()], fits=["keep", "drop", "shrink"])
    return 0


COMMAND = Command(
    name="list",
    summary="list every record, or those of one type or family",
    examples=(
        "openai-kb list",
        "openai-kb list investors",
        "openai-kb list person --json",
        "openai-kb list sources --ids",
        "openai-kb list people --csv > people.csv",
        "openai-kb list investors --data docs/examples/reports/ --source source:note-b",
    ),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
    by_source=True,
    prints_rows=True,
)
