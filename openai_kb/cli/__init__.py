"""The ``openai-kb`` command: search, show, list, export and check the knowledge base.

Each subcommand lives in its own module as a ``Command``; this module builds the parser from them
and turns the library's errors into messages and exit codes: 0 ok, 1 not found or invalid data,
2 wrong usage.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout, suppress

from ..errors import AmbiguousQueryError, DataError, KBError, NotFoundError, QueryError
from . import (
    about,
    cite,
    completion,
    disagreements,
    draft,
    export,
    link,
    schema,
    search,
    show,
    source,
    validate,
    verify,
)
from . import graph as graph_command
from . import list as list_command
from ._command import DATA_HELP, Command, bundled_note
from ._output import Output
from ._parsing import Parser, VersionAction, completes, knowing
from ._types import TYPES_HELP, record_type, types_on_line

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: tuple[Command, ...] = (
    search.COMMAND,
    show.COMMAND,
    about.COMMAND,
    list_command.COMMAND,
    disagreements.COMMAND,
    export.COMMAND,
    graph_command.COMMAND,
    schema.COMMAND,
    validate.COMMAND,
    verify.COMMAND,
    cite.COMMAND,
    source.COMMAND,
    link.COMMAND,
    draft.COMMAND,
    completion.COMMAND,
)

EXIT_CODES = "exit codes: 0 ok, 1 not found or invalid data, 2 wrong usage"

# Why writing standard output can fail when nobody closed it: a full disk, a quota, a file size
# limit, a device error. (A reader that left is a BrokenPipeError, and not a failure.)
# EBADF: started with standard output closed (`openai-kb list >&-`), as `ls >&-` fails.
_WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


def build_parser() -> argparse.ArgumentParser:
    """The whole command line's parser (completion scripts are generated from it)."""
    parser = Parser(
        prog="openai-kb",
        description="Query the knowledge base of one article on OpenAI's US$6.6 billion round.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action=VersionAction, help="print the version of openai-kb and exit")
    completes(parser.add_argument("--data", metavar="PATH", action="append", help=DATA_HELP), "data")
    parser.add_argument(
        "--types", metavar="MODULE:CLASS", action="append", dest="types_before", type=record_type, help=TYPES_HELP
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name,
            help=command.summary,
            description=command.summary[0].upper() + command.summary[1:] + ".",
            epilog=f"{command.epilog}\n\n{EXIT_CODES}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.strict = True
        command.add_arguments(sub)
        if command.reads_kb:  # its own dest: paths given before and after the command all count
            data = sub.add_argument(
                "--data", metavar="PATH", action="append", dest="data_after_command", default=argparse.SUPPRESS,
                help=DATA_HELP,
            )  # fmt: skip
            completes(data, "data")
            sub.add_argument(
                "--types", metavar="MODULE:CLASS", action="append", dest="types_after_command",
                default=argparse.SUPPRESS, type=record_type, help=TYPES_HELP,
            )  # fmt: skip
        if command.by_source:
            source = sub.add_argument(
                "--source",
                metavar="ID",
                dest="by_source",
                help="only what this source says: its facts, its values, the records they name",
            )
            completes(source, "source")
        if command.prints_json:
            formats = sub.add_mutually_exclusive_group() if command.prints_rows else sub
            formats.add_argument("--json", action="store_true", help="print JSON for scripts")
            if command.prints_rows:
                formats.add_argument(
                    "--jsonl", action="store_true", help="print JSON Lines: one object a line, as --json gives it"
                )
                formats.add_argument(
                    "--csv",
                    action="store_true",
                    help="print CSV with a header row, formula-safe as export --format csv is",
                )
        if command.fits_width:
            sub.add_argument(
                "--wide", action="store_true", help="print every line whole, however wide (default: fit the terminal)"
            )
        sub.set_defaults(run=command.run, command_line=parser)  # completion writes a script of the whole parser
    return parser


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    _escape_unencodable()
    out = output if output is not None else Output()
    try:
        code = _run(argv, out)
        out.stdout.flush()  # a full disk shows here, not as a traceback when Python exits
    except DataError as error:
        out.error(str(error))
        return 1
    except NotFoundError as error:  # the closest ids, or the commands that find the record
        out.error(error.describe(command_line=True))
        return 1
    except AmbiguousQueryError as error:  # an ambiguous name lists its candidates
        out.error(str(error))
        return 1
    except QueryError as error:
        out.error(f"openai-kb: {error}")
        return 2
    except BrokenPipeError:  # `openai-kb list | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except OSError as error:
        if isinstance(error, KBError) or error.errno not in _WRITE_FAILURES:
            raise  # not a failure to write the output: a bug, which keeps its traceback
        reason = os.strerror(error.errno)
        with suppress(OSError):  # standard error may be full too
            out.error(f"openai-kb: cannot write to standard output: {reason[:1].lower()}{reason[1:]}")
        _discard_stdout(out)
        return 1
    return code


def _run(argv: Sequence[str] | None, out: Output) -> int:
    given = [*(sys.argv[1:] if argv is None else argv)]  # (`list` here is the list command's module)
    try:  # argparse prints help and usage errors to sys.stdout and sys.stderr: make those ours
        with redirect_stdout(out.stdout), redirect_stderr(out.stderr):
            parser = build_parser()
            try:
                models = types_on_line(given)  # before parsing: the kind words must know them
            except argparse.ArgumentTypeError as error:
                parser.error(f"argument --types: {error}")
            with knowing(models):
                args = parser.parse_args(given)
    except SystemExit as done:  # --help, --version or wrong usage, printed
        out.stdout.flush()  # the help on a full disk is a failure too
        return done.code if isinstance(done.code, int) else 1
    if getattr(args, "wide", False):
        out.columns = None
    note = bundled_note(args)
    if note is not None:
        out.error(note)
    with knowing(models):
        code: int = args.run(args, out)
    return code


def _escape_unencodable() -> None:
    """On a console that is not UTF-8, print what it cannot encode as backslash escapes, never fail.

    ``Output`` does this for what the commands print; this covers argparse's usage messages too.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _discard_stdout(out: Output) -> None:
    """Send what is still buffered for standard output to the null device: flushing it at exit would fail again."""
    if out.stdout is not sys.stdout:
        return
    with suppress(OSError, ValueError):  # no file descriptor (an in-memory stream): nothing flushes at exit
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


if __name__ == "__main__":
    sys.exit(main())
