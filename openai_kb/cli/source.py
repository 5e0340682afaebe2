"""``openai-kb source FILE --id ID --title TITLE --language LANG``: a text file's Source record, counted."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import DataError
from ..models import Source
from ..reading._writing import record_data
from ._command import Command
from ._output import Output
from ._parsing import completes
from .verify import read_source

__all__ = ["COMMAND", "add_report_options", "source_from_options"]

# The options that give each field, for a message about a value the model refuses.
_OPTIONS = {
    "id": "--id",
    "title": "--title",
    "language": "--language",
    "url": "--url",
    "publisher": "--publisher",
    "published": "--published",
    "author": "--author",
    "filename": "--filename",
}


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """``--title``, ``--language`` and ``--url``: what ``source`` and ``draft`` both ask of a report."""
    parser.add_argument("--title", metavar="TITLE", required=True, help="the report's title")
    parser.add_argument(
        "--language", metavar="LANG", required=True, help="its language, a BCP-47 tag: en, zh-Hans, zh-Hant"
    )
    parser.add_argument("--url", metavar="URL", help="where it can be read on the web (http:// or https://)")


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("file", metavar="FILE", help="the source's text file (UTF-8)"), "file")
    parser.add_argument("--id", metavar="ID", required=True, help="the source's id, such as source:my-report")
    add_report_options(parser)
    parser.add_argument("--publisher", metavar="NAME", help="who published it")
    parser.add_argument(
        "--published", metavar="DATE", help="when: 2024, 2024-10, 2024-10-14 or 2024-10-14T09:31:00+08:00"
    )
    parser.add_argument("--author", metavar="NAME", help="its author, when the byline names one")
    parser.add_argument("--filename", metavar="NAME", help="the file name to record (default: FILE's own name)")
    parser.add_argument(
        "--data-file", action="store_true", help="print a whole data file holding the record, not the record alone"
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    file = Path(args.file)
    read = read_source(file, out, "source")
    if read is None:
        return 1
    _, text = read
    given = {name: getattr(args, name) for name in _OPTIONS}
    fields = {name: value for name, value in given.items() if value is not None}
    fields.setdefault("filename", file.name)
    source = source_from_options(text, fields, _OPTIONS, "source", out)
    if source is None:
        return 2
    record = record_data(source)  # as a data file holds it: fields in model order, none left null
    out.json({"records": [record]} if args.data_file else record)
    _notes(file, text, out)
    return 0


def source_from_options(
    text: str, fields: dict[str, str], options: dict[str, str], command: str, out: Output
) -> Source | None:
    """``Source.from_text(text, **fields)``, or ``None`` once each value the model refuses is said as wrong
    usage of the option that gave it (``options``: field -> option)."""
    try:
        return Source.from_text(text, **fields)
    except DataError as error:
        for problem in error.problems:
            option = options.get(problem.path.removeprefix("$."), problem.path)
            out.error(f"openai-kb {command}: argument {option}: {problem.message}")
        return None


def _notes(file: Path, text: str, out: Output) -> None:
    """Say on standard error what an editor hides but the offsets count: a byte-order mark, CR line ends."""
    if text.startswith("\ufeff"):
        out.error(
            f"openai-kb source: note: {file} starts with a byte-order mark (U+FEFF), counted as its first "
            "character: evidence offsets count it, as cite and verify do"
        )
    if "\r" in text:
        out.error(
            f"openai-kb source: note: {file} has CR line ends (\\r\\n), each \\r a character of its own in the "
            "offsets; in Python, read it with open(path, encoding='utf-8', newline='') to keep them"
        )


COMMAND = Command(
    name="source",
    summary="print the Source record of a text file: its length in code points and its sha256 counted",
    examples=(
        "openai-kb source docs/examples/reports/linking/en-round.txt --id source:my-report --title 'OpenAI "
        "raises $6.6B' --language en",
        "openai-kb source docs/examples/reports/linking/zh-hans-round.txt --id source:wire-2024-10-03 --title "
        "'OpenAI 融资' --language zh-Hans "
        "--url https://example.com/news/1 --published 2024-10-03 --publisher Wire --data-file > mine.json",
    ),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
    prints_json=False,  # it always prints JSON
)
