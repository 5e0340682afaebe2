"""``openai-kb schema``: the JSON Schema of a data file, or of one record."""

from __future__ import annotations

import argparse

from ..schema import data_file_schema, json_schema
from ._command import Command
from ._output import Output

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--record", action="store_true", help="the schema of one record instead of a data file")


def _run(args: argparse.Namespace, out: Output) -> int:
    out.json(json_schema() if args.record else data_file_schema())
    return 0


COMMAND = Command(
    name="schema",
    summary="print the JSON Schema of a data file (or of one record)",
    examples=("openai-kb schema > records.schema.json", "openai-kb schema --record"),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
    prints_json=False,  # it always prints JSON
)
