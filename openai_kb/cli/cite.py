"""``openai-kb cite FILE QUOTE --source ID``: the evidence that QUOTE is in FILE, its offsets counted for you."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..citing import cite
from ..errors import AmbiguousQuoteError, QuoteNotFoundError
from ._command import Command
from ._output import Output
from ._parsing import completes
from .verify import read_source

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("file", metavar="FILE", help="the source's text file (UTF-8)"), "file")
    parser.add_argument("quote", metavar="QUOTE", help="the words to cite, exactly as the text has them")
    source = parser.add_argument(
        "--source", metavar="ID", required=True, help="the id of the source FILE is the text of"
    )
    completes(source, "source")
    parser.add_argument(
        "--occurrence", metavar="N", type=int, help="which occurrence of a quote found more than once (1: the first)"
    )
    parser.add_argument("--translation", metavar="TEXT", help="an English translation of the quote")


def _run(args: argparse.Namespace, out: Output) -> int:
    read = read_source(Path(args.file), out, "cite")
    if read is None:
        return 1
    _, text = read
    try:
        evidence = cite(text, args.quote, source=args.source, occurrence=args.occurrence, translation=args.translation)
    except AmbiguousQuoteError as error:
        out.error(error.describe("--occurrence N"))
        return 1
    except QuoteNotFoundError as error:
        out.error(str(error))
        return 1
    out.json(evidence.model_dump(mode="json", exclude_none=True))  # as a data file holds it
    return 0


COMMAND = Command(
    name="cite",
    summary="print the evidence that a quote is in a source's text, its offsets counted",
    examples=(
        "openai-kb cite docs/examples/reports/note-a.txt 'valued OpenAI at $157 billion' --source source:note-a",
        "openai-kb cite docs/examples/reports/linking/zh-hans-round.txt '亿美元' --source source:zh-round "
        "--occurrence 2 --translation 'billion US dollars'",
    ),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
    prints_json=False,  # it always prints JSON
)
