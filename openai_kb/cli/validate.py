"""``openai-kb validate PATH``: every problem of a data file or folder, one per line."""

from __future__ import annotations

import argparse
import dataclasses

from ..errors import DataError, Problem
from ..kb import load
from ._command import Command
from ._output import Output

__all__ = ["COMMAND", "print_problems"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a data file, or a folder of *.json data files")


def _run(args: argparse.Namespace, out: Output) -> int:
    try:
        kb = load(args.path)
    except DataError as error:
        return print_problems(out, error.problems, json=args.json)
    if args.json:
        out.json([])
    else:
        out.line(f"{len(kb)} records, no problems")
    return 0


def print_problems(out: Output, problems: tuple[Problem, ...] | list[Problem], *, json: bool) -> int:
    """List problems one per line (file, record, JSON path, message), or as JSON; the exit code: 1."""
    if json:
        out.json([dataclasses.asdict(problem) for problem in problems])
    else:
        for problem in problems:
            out.line(str(problem))
        noun = "problem" if len(problems) == 1 else "problems"
        out.error(f"{len(problems)} {noun} found")
    return 1


COMMAND = Command(
    name="validate",
    summary="check a data file or folder and list every problem in it",
    examples=(
        "openai-kb validate my-data/",
        "openai-kb validate my-data/people.json --json",
    ),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
)
