"""``openai-kb show ID``: one record, its names, its evidence and the facts that mention it."""

from __future__ import annotations

import argparse

from ..profile import Profile
from ._command import Command, load_from
from ._output import Output
from ._parsing import completes

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(parser.add_argument("id", help="a record id, such as person:mira-murati"), "id")


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    record = kb[args.id]  # NotFoundError: exit 1 with suggestions
    if args.json:
        out.json(record.model_dump(mode="json", exclude_none=True))
        return 0
    heading, *rest = str(Profile.of(kb, record)).split("\n")  # our line breaks only: a CR from the data is shown as \r
    out.line(out.style(heading, "bold"), fit=True)
    for line in rest:
        out.line(line, fit=True)
    return 0


COMMAND = Command(
    name="show",
    summary="show one record by id, with its evidence",
    examples=("openai-kb show person:mira-murati", "openai-kb show round:openai-2024-10 --json"),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
)
