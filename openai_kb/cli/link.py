"""``openai-kb link FILE``: the names and figures of a report's text that the knowledge base holds."""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from ..errors import SaveError
from ..linking import DEFAULT_MIN_SCORE, Link, Links
from ..outputs._render.links import link_note, links_page
from ..outputs._render.values import counted
from ..reading._atomic import write_atomically
from ._command import Command, load_from
from ._fit import Fit
from ._output import Output
from ._parsing import add_types_option, completes
from .verify import read_source

__all__ = ["COMMAND", "link_json"]


def score(text: str) -> float:
    """A score from 0 to 100 (``--min-score``): anything else is wrong usage."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 100, not {text!r}")
    return value


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("file", metavar="FILE", help="the report's text file (UTF-8)"), "file")
    completes(
        parser.add_argument(
            "--html",
            metavar="OUT",
            help="write the text with each mention highlighted to this HTML page, atomically, instead of the "
            "table (- is standard output); only a regular file or a new name is replaced",
        ),
        "file",
    )
    add_types_option(
        parser, "only links to records of this type or family (person, organizations, valuation); repeat it for several"
    )
    parser.add_argument(
        "--min-score",
        metavar="S",
        type=score,
        default=DEFAULT_MIN_SCORE,
        help=f"only links scoring at least this, 0-100 (default {DEFAULT_MIN_SCORE:g}: a given name alone scores 60)",
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    if args.html == "-" and args.json:
        out.error("openai-kb link: --html - and --json both print to standard output; write the page to a file")
        return 2
    file = Path(args.file)
    read = read_source(file, out, "link")
    if read is None:
        return 1
    _, text = read
    links = load_from(args).link(text, types=args.types, min_score=args.min_score)
    if args.html is not None:
        page = links_page(links, f"Links in {file.name}")
        if args.html == "-":
            out.stdout.write(page)
        elif os.path.isdir(args.html):  # the save would suggest a data file's name
            out.error(f"openai-kb link: cannot save to {args.html}: it is a folder; give a file name such as "
                      f"{Path(args.html) / (file.stem + '.html')}")  # fmt: skip
            return 1
        else:
            try:
                write_atomically(Path(args.html), page.encode("utf-8"))
            except SaveError as error:
                out.error(f"openai-kb link: {error}")
                return 1
    if args.json:
        out.json([link_json(link, links) for link in links])
    elif args.html is None and links:
        _table(links, out)
    if not links:
        out.error(f"openai-kb link: no mention in {file} of a record the knowledge base holds ({_searched(args)})")
        return 1
    return 0


def _searched(args: argparse.Namespace) -> str:
    types = f"of type {', '.join(args.types)}, " if args.types else ""
    return f"{types}scoring {args.min_score:g} or more"


def _table(links: Links, out: Output) -> None:
    """Position, mention, record, id, kind and score of each link, flagged where a figure differs or a name
    is ambiguous (the column is left out when none is), then a note on each flagged link, wrapped."""
    flags = [" ".join(word for word, on in (("differs", link.differs), ("ambiguous", link.ambiguous)) if on)
             for link in links]  # fmt: skip
    rows = [
        [
            f"{link.start}-{link.end}",
            link.text,
            links.label(link.record),
            link.record.id,
            link.kind,
            f"{link.score:g}",
            flag,
        ]
        for link, flag in zip(links, flags, strict=True)
    ]
    count = 7 if any(flags) else 6
    fits: list[Fit] = ["keep", "shrink", "shrink", "drop", "drop", "keep", "keep"]  # the label names the record
    out.table(
        ["position", "mention", "record", "id", "kind", "score", "flag"][:count],
        [row[:count] for row in rows],
        right=[True, False, False, False, False, True],
        styles=[("dim",), ("bold",), (), ("cyan",), ("dim",), ("green",), ("red",)][:count],
        fits=fits[:count],
    )
    out.line()
    for link, flag in zip(links, flags, strict=True):
        if flag:
            where = out.style(f"{link.start}-{link.end} {link.text}", "bold")
            out.line(f"{where} {link_note(link, links)}", fit=True)
    out.line(out.style(f"{counted(len(links), 'link')} in {counted(len(links.text), 'character')}", "dim"))


def link_json(link: Link, links: Links) -> dict[str, object]:
    """One link as ``--json`` prints it; a differing figure's known values as a data file holds them."""
    return {
        "start": link.start,
        "end": link.end,
        "text": link.text,
        "id": link.record.id,
        "type": link.record.type,
        "label": links.label(link.record),
        "kind": link.kind,
        "score": link.score,
        "why": link.why,
        "ambiguous": [{"id": record.id, "label": links.label(record)} for record in link.ambiguous],
        "differs": [value.model_dump(mode="json", exclude_none=True) for value in link.differs],
    }


COMMAND = Command(
    name="link",
    summary="find the names and figures of a report's text that the knowledge base holds",
    examples=(
        "openai-kb link docs/examples/reports/linking/en-round.txt",
        "openai-kb link docs/examples/reports/linking/zh-hans-round.txt --type organizations --type people "
        "--min-score 90",
        "openai-kb link docs/examples/reports/linking/en-round.txt --html report.html",
        "openai-kb link docs/examples/reports/linking/en-round.txt --data bundled --data "
        "docs/examples/reports/note-a.json --json",
    ),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
)
