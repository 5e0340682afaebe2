"""``openai-kb export``: the knowledge base as JSON, JSON Lines, CSV, SQLite or JSON-LD, to a file or stdout."""

from __future__ import annotations

import argparse
import os
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import SaveError
from ..outputs._tabular import FAMILIES
from ..outputs.exports import FORMATS, export
from ..outputs.exports.sqlite_db import FullTextSearchWarning
from ._command import Command, load_from
from ._output import Output
from ._parsing import TABLES, completes, table_kind

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--format",
        required=True,
        choices=FORMATS,
        help="json (a data file load() reads), jsonl (a record a line), csv (tables), sqlite, jsonld (linked data)",
    )
    output = parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to this file, atomically, instead of standard output (- is standard output); only a "
        "regular file or a new name is replaced. For csv without --kind, a folder that receives "
        "<family>.csv for every family. sqlite needs -o or a redirect, never a terminal",
    )
    completes(output, "file")  # a path: completed as one, and never re-read as text (see utf8_argument)
    parser.add_argument(
        "-k",
        "--kind",
        metavar="FAMILY",
        type=table_kind,
        choices=TABLES,
        help=f"csv only: one family ({', '.join(FAMILIES)}) or its record type (person), evidence (every "
        "quote) or field_values (what each source says); without it, standard output gets every record in one "
        "table and -o a folder gets one file per family, evidence.csv and field_values.csv",
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help="csv only: start each file with a UTF-8 byte-order mark, so Excel opens Chinese correctly",
    )
    datasette = parser.add_argument(
        "--datasette",
        metavar="DIR",
        help="sqlite only: write openai-kb.db and Datasette's metadata.json into this folder (created when "
        "missing), for: datasette DIR",
    )
    completes(datasette, "folder")


def _run(args: argparse.Namespace, out: Output) -> int:
    if args.output is not None and _is_standard_output(args.output, out):
        args.output = None  # -o - or -o /dev/stdout: written as without -o, not renamed over
    if args.kind is not None and args.format != "csv":
        out.error(f"openai-kb: --kind applies to --format csv only; a {args.format} export holds every record")
        return 2
    if args.excel and args.format != "csv":
        out.error(f"openai-kb: --excel applies to --format csv only, not {args.format}")
        return 2
    if args.datasette is not None:
        return _datasette(args, out)
    if args.output is None and args.format == "sqlite" and _is_terminal(out):
        out.error(
            "openai-kb: refusing to write a binary SQLite database to the terminal; "
            "use -o FILE or redirect: openai-kb export --format sqlite > kb.sqlite"
        )
        return 2
    kb = load_from(args)
    if args.output is not None:
        try:
            with _notes(out):
                export(kb, args.format, args.output, kind=args.kind, excel=args.excel)
        except SaveError as error:
            out.error(f"openai-kb: {error}")
            return 1
        return 0
    with _notes(out):
        data = export(kb, args.format, kind=args.kind, excel=args.excel)
    return _write(out, data if isinstance(data, bytes) else data.encode("utf-8"), binary=args.format == "sqlite")


def _datasette(args: argparse.Namespace, out: Output) -> int:
    """``--datasette DIR``: the database and its metadata.json, written into DIR together."""
    if args.format != "sqlite":
        out.error(f"openai-kb: --datasette applies to --format sqlite only, not {args.format}")
        return 2
    if args.output is not None:
        out.error("openai-kb: --datasette DIR names where the files go; leave out -o")
        return 2
    kb = load_from(args)
    try:
        with _notes(out):
            export(kb, "sqlite", args.datasette, datasette=True)
    except SaveError as error:
        out.error(f"openai-kb: {error}")
        return 1
    return 0


@contextmanager
def _notes(out: Output) -> Iterator[None]:
    """The export's FullTextSearchWarning (a SQLite without FTS5 trigram) as a note on standard error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FullTextSearchWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, FullTextSearchWarning):
            out.error(f"openai-kb: note: {warning.message}")
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def _is_standard_output(output: str, out: Output) -> bool:
    """``-`` names standard output, and so does a path to it when it is no regular file (a pipe, a terminal).

    ``/dev/stdout`` would otherwise be refused (only a regular file is replaced); when standard output
    is a regular file, that file is replaced atomically like any other.
    """
    if output == "-":
        return True
    try:
        status = os.stat(output)
        return not stat.S_ISREG(status.st_mode) and os.path.samestat(status, os.fstat(out.stdout.fileno()))
    except (OSError, ValueError):  # no such path, or a stream with no file descriptor (io.UnsupportedOperation)
        return False


def _is_terminal(out: Output) -> bool:
    isatty = getattr(out.stdout, "isatty", None)
    return bool(isatty and isatty())


def _write(out: Output, data: bytes, *, binary: bool) -> int:
    """Bytes to standard output as they are: exports are UTF-8 whatever the terminal's encoding."""
    out.stdout.flush()
    stream = getattr(out.stdout, "buffer", None)
    if stream is not None:
        stream.write(data)
        stream.flush()
    elif binary:
        out.error("openai-kb: this standard output takes text only; write the SQLite database with -o FILE")
        return 2
    else:  # a text stream with no bytes underneath, such as a StringIO
        out.stdout.write(data.decode("utf-8"))
    return 0


COMMAND = Command(
    name="export",
    summary="export the knowledge base as json, jsonl, csv, sqlite or jsonld",
    examples=(
        "openai-kb export --format json -o openai-kb.json",
        "openai-kb export --format sqlite -o openai-kb.sqlite",
        "openai-kb export --format csv -o tables/",
        "openai-kb export --format csv --kind investors",
        "openai-kb export --format csv --excel -o tables/",
        "openai-kb export --format sqlite --datasette site/ && datasette site/",
        "openai-kb export --format jsonld > openai-kb.jsonld",
    ),
    add_arguments=_arguments,
    run=_run,
    prints_json=False,  # the format says what it prints
)
