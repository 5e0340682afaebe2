"""``openai-kb draft FILE --source-id ID --title TITLE --language LANG``: the records a report gives, drafted."""

from __future__ import annotations

import argparse
from pathlib import Path

import orjson

from ..errors import SaveError
from ._command import Command, load_from
from ._output import Output
from ._parsing import completes
from .source import add_report_options, source_from_options
from .verify import read_source

__all__ = ["COMMAND"]

_OPTIONS = {"id": "--source-id", "title": "--title", "language": "--language", "url": "--url"}


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("file", metavar="FILE", help="the report's text file (UTF-8)"), "file")
    parser.add_argument("--source-id", metavar="ID", required=True, help="the report's source id: source:my-report")
    add_report_options(parser)
    completes(
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write the data file here (default: print it on standard output)"
        ),
        "file",
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    file = Path(args.file)
    read = read_source(file, out, "draft")
    if read is None:
        return 1
    _, text = read
    given = {"id": args.source_id, "title": args.title, "language": args.language, "url": args.url}
    fields = {name: value for name, value in given.items() if value is not None}
    source = source_from_options(text, {**fields, "filename": file.name}, _OPTIONS, "draft", out)
    if source is None:
        return 2
    draft = load_from(args).draft(text, source)
    for line in str(draft).splitlines():  # the review, beside the data file rather than in it
        out.error(line)
    if args.output is None:
        out.json(orjson.loads(draft.data()))
        return 0
    try:
        draft.save(args.output)
    except SaveError as error:
        out.error(f"openai-kb draft: {error}")
        return 1
    return 0


COMMAND = Command(
    name="draft",
    summary="draft the records a report's text gives for those the data holds: its figures and quotes, for review",
    examples=(
        "openai-kb draft docs/examples/reports/linking/en-round.txt --source-id source:my-report --title "
        "'OpenAI raises $6.6B' "
        "--language en -o draft.json",
        "openai-kb draft docs/examples/reports/linking/zh-hant-round.txt --source-id source:tw-2024-10 "
        "--title 'OpenAI 融資' "
        "--language zh-Hant --data bundled --data docs/examples/reports/note-a.json",
    ),
    add_arguments=_arguments,
    run=_run,
    prints_json=False,  # it always prints JSON
)
