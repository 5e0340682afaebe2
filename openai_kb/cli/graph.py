"""``openai-kb graph``: the graph of investors, departures, competitors and valuations, as text to render."""

from __future__ import annotations

import argparse

from ._command import Command, load_from
from ._output import Output

__all__ = ["COMMAND"]

FORMATS = ("mermaid", "dot")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="mermaid",
        help="mermaid (GitHub, MkDocs) or dot (Graphviz); default mermaid",
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    out.stdout.write(kb.to_dot() if args.format == "dot" else kb.to_mermaid())
    return 0


COMMAND = Command(
    name="graph",
    summary="draw who invested, who left, who competes and what OpenAI is worth, as Mermaid or DOT",
    examples=("openai-kb graph", "openai-kb graph --format dot | dot -Tsvg > graph.svg"),
    add_arguments=_arguments,
    run=_run,
    prints_json=False,
)
