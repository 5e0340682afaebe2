"""``openai-kb schema``: the JSON Schema of a data file, or of one record."""

from __future__ import annotations

import argparse

import orjson
from pydantic import TypeAdapter

from ..errors import QueryError
from ..models import RECORD_TYPES
from ..schema import json_schema, render_schema
from ._command import Command, model_types
from ._output import Output
from ._parsing import KINDS, record_kind
from ._types import TYPES_HELP, record_type

__all__ = ["COMMAND"]

_JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def _arguments(parser: argparse.ArgumentParser) -> None:
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--record", action="store_true", help="the schema of one record, of any type")
    choice.add_argument(
        "--type",
        metavar="TYPE",
        type=record_kind,
        choices=KINDS,
        help="the schema of one record type, such as person (or its family, people)",
    )
    parser.add_argument(
        "--types", metavar="MODULE:CLASS", action="append", dest="types_after_command",
        default=argparse.SUPPRESS, type=record_type, help=TYPES_HELP + " (with --record or --type)",
    )  # fmt: skip


def _run(args: argparse.Namespace, out: Output) -> int:
    models = model_types(args)
    if models and (args.record or args.type):  # a type of your own: its schema, or the union with it
        types = RECORD_TYPES.with_models(models)
        schema = json_schema(types[args.type]) if args.type else TypeAdapter(types.annotation()).json_schema()
        out.stdout.write(orjson.dumps(schema, option=_JSON_OPTIONS).decode())
    elif args.record or args.type:
        out.stdout.write(orjson.dumps(json_schema(args.type), option=_JSON_OPTIONS).decode())
    elif models:
        raise QueryError(
            "--types needs --record or --type: the schema of a data file (data/schema/records.schema.json) "
            "covers the built-in types; give --record for one record of any type, yours among them"
        )
    else:
        out.stdout.write(render_schema().decode())  # byte for byte data/schema/records.schema.json
    return 0


COMMAND = Command(
    name="schema",
    summary="print the JSON Schema of a data file (or of one record)",
    examples=("openai-kb schema > records.schema.json", "openai-kb schema --record", "openai-kb schema --type person"),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
    prints_json=False,  # it always prints JSON
)
