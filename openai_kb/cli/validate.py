"""``openai-kb validate PATH``: every problem of a data file or folder, one per line.

With ``--data``, PATH is checked with those files, as ``load(*data, PATH)`` reads them: its references
to their records resolve, and an id it shares with them is named (combined as another version).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import re
from pathlib import Path

from ..errors import MAX_PROBLEMS, DataError, Problem
from ..kb import KnowledgeBase, load
from ..outputs._render.values import counted
from ..reading._store import DEFAULT_MAX_FILE_BYTES
from ._command import Command, data_paths, model_types
from ._output import Output
from ._parsing import completes, whole_number

__all__ = ["COMMAND", "print_problems"]

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def _size(text: str) -> int:
    """A size in bytes, or with K, M or G (powers of 1,024): ``500M``."""
    match = re.fullmatch(r"\s*(\d{1,15})\s*([KMG]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if match is None or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"expected a size such as 200M, 2G or 5000000 (bytes), not {text!r}")
    return int(match[1]) * _UNITS[match[2].upper()]


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("path", metavar="PATH", help="a data file, or a folder of *.json data files"), "file")
    parser.add_argument(
        "--max-file-size",
        metavar="SIZE",
        type=_size,
        default=DEFAULT_MAX_FILE_BYTES,
        help=f"refuse a data file larger than this, unread (default {DEFAULT_MAX_FILE_BYTES // 2**20}M)",
    )
    parser.add_argument(
        "--max-problems",
        metavar="N",
        type=whole_number,
        default=MAX_PROBLEMS,
        help=f"list at most N problems, and count the rest (default {MAX_PROBLEMS})",
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    data = data_paths(args)
    try:
        kb = load(
            *data, args.path, types=model_types(args), max_file_bytes=args.max_file_size, max_problems=args.max_problems
        )
    except DataError as error:
        return print_problems(out, error.problems, json=args.json, total=error.total)
    if args.json:
        out.json([])
    elif not data:
        out.line(f"{counted(len(kb), 'record')}, no problems")
    else:
        out.line(_against(kb, Path(args.path)))
    return 0


def _against(kb: KnowledgeBase, path: Path) -> str:
    """What ``validate PATH --data ...`` found: PATH's records, checked with the others, and the ids they share.

    A record of PATH whose id the ``--data`` files hold too is the same thing described again: it is
    combined with theirs, every version kept (as ``load`` combines them), and named here so that an
    id reused by mistake shows.
    """
    own: dict[str, None] = {}
    others: set[str] = set()
    for item in kb.origins():
        file = Path(item.file)
        if file == path or path in file.parents:
            own[item.record.id] = None
        else:
            others.add(item.record.id)
    shared = [record_id for record_id in own if record_id in others]
    line = f"{path}: {counted(len(own), 'record')}, no problems (checked with the {len(others):,} of the --data)"
    if shared:
        its = "1 of its ids is" if len(shared) == 1 else f"{len(shared):,} of its ids are"
        line += f"; {its} in the --data too, each combined as another version: {', '.join(shared)}"
    return line


def print_problems(
    out: Output, problems: tuple[Problem, ...] | list[Problem], *, json: bool, total: int | None = None
) -> int:
    """List problems one per line (file, record, JSON path, message), or as JSON; the exit code: 1.

    ``total`` counts problems found but not listed too; standard error says how many there were.
    """
    total = max(total or 0, len(problems))
    more = total - len(problems)
    if json:
        out.json([_json_safe(dataclasses.asdict(problem)) for problem in problems])
    else:
        for problem in problems:
            out.line(str(problem))
        noun = "problem" if total == 1 else "problems"
        if not more:
            out.error(f"{total:,} {noun} found")
    if more:
        out.error(f"{total:,} problems found; the first {len(problems):,} are listed (--max-problems N lists more)")
    return 1


def _json_safe(problem: dict[str, str | None]) -> dict[str, str | None]:
    """Text JSON can hold: a file name's undecodable bytes as ``\\xNN``, a lone surrogate as ``\\udNNN``."""
    safe = {key: value if value is None else _escaped(value) for key, value in problem.items()}
    file = problem["file"]
    if file is not None and safe["file"] != file:
        with contextlib.suppress(UnicodeEncodeError):  # a surrogate no file name decodes to: keep it escaped
            safe["file"] = os.fsencode(file).decode("utf-8", "backslashreplace")
    return safe


def _escaped(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


COMMAND = Command(
    name="validate",
    summary="check a data file or folder and list every problem in it",
    examples=(
        "openai-kb validate docs/examples/reports/",
        "openai-kb validate docs/examples/broken.json --json",
        "openai-kb validate docs/examples/reports/ --max-file-size 500M --max-problems 1000",
        "openai-kb validate docs/examples/reports/note-a.json --data bundled",
    ),
    add_arguments=_arguments,
    run=_run,
)
