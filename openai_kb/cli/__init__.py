"""The ``openai-kb`` command: search, show, list, export and check the knowledge base.

Each subcommand lives in its own module as a ``Command``; this module builds the parser from them
and turns the library's errors into messages and exit codes: 0 ok, 1 not found or invalid data,
2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import AmbiguousQueryError, DataError, NotFoundError, QueryError
from . import about, export, schema, search, show, validate, verify
from . import graph as graph_command
from . import list as list_command
from ._command import Command
from ._output import Output

__all__ = ["COMMANDS", "main"]

COMMANDS: tuple[Command, ...] = (
    search.COMMAND,
    show.COMMAND,
    about.COMMAND,
    list_command.COMMAND,
    export.COMMAND,
    graph_command.COMMAND,
    schema.COMMAND,
    validate.COMMAND,
    verify.COMMAND,
)

EXIT_CODES = "exit codes: 0 ok, 1 not found or invalid data, 2 wrong usage"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openai-kb",
        description="Query the knowledge base of one article on OpenAI's US$6.6 billion round.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--data", metavar="PATH", help="a data file or folder to use instead of the bundled data")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name,
            help=command.summary,
            description=command.summary[0].upper() + command.summary[1:] + ".",
            epilog=f"{command.epilog}\n\n{EXIT_CODES}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(sub)
        if command.reads_kb:
            sub.add_argument(
                "--data", metavar="PATH", default=argparse.SUPPRESS, help="your own data file or folder of *.json"
            )
        if command.prints_json:
            sub.add_argument("--json", action="store_true", help="print JSON for scripts")
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = _parser().parse_args(argv)
    out = output if output is not None else Output()
    try:
        code: int = args.run(args, out)
    except DataError as error:
        out.error(str(error))
        return 1
    except (NotFoundError, AmbiguousQueryError) as error:  # an ambiguous name lists its candidates
        out.error(str(error))
        return 1
    except QueryError as error:
        out.error(f"openai-kb: {error}")
        return 2
    except BrokenPipeError:  # `openai-kb list | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
