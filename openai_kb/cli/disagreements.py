"""``openai-kb disagreements``: every field on which the sources of a record give different values.

One table row per value: the record (label and id) and field on the first row of each disagreement,
then the value (amounts in words, references by label, as ``show`` writes them) and the ids of the
sources that give it, each with how it holds it when not as plain fact (``source:note-c (attributed
to people familiar with the matter)``). Values that differ only in how sources hold them are one
value, no disagreement. ``--json`` gives each value in the data files' form, with its sources and
its holdings (source, value as given, assertion, attribution, quotes). No disagreement is a result
too: nothing on standard output (``[]`` with ``--json``), a sentence on standard error, exit 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from pydantic_core import to_jsonable_python

from ..outputs._render.text import PLAIN
from ..outputs._render.values import holding, show_value
from ..reading._combining import Disagreement, Holding, Value
from ._command import Command, load_from
from ._output import Output

__all__ = ["COMMAND", "disagreement_json"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments of its own: --data names the files to compare


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    found = kb.disagreements()
    if args.json:
        out.json([disagreement_json(item) for item in found])
    elif found:
        labels = {record.id: kb.label(record) for record in kb}
        out.table(
            ["record", "id", "field", "value", "sources"],
            [row for item in found for row in _rows(item, labels)],
            styles=[("bold",), ("cyan",), (), ("green",), ("dim",)],
            fits=["drop", "keep", "keep", "wrap", "wrap"],  # the id names the record too; figures and sources whole
        )
    if not found:
        out.error(_none_found(len(kb.sources)))
    return 0


def _rows(item: Disagreement, labels: Mapping[str, str]) -> list[list[str]]:
    """One row per value; the record and field only on the first."""
    rows = []
    for position, value in enumerate(item.values):
        record = [labels[item.record], item.record, item.field] if position == 0 else ["", "", ""]
        shown = show_value(value.value, labels, PLAIN)
        held = "; ".join(dict.fromkeys(holding(held, {}, labels) for held in value.holdings))
        rows.append([*record, shown, held])
    return rows


def _none_found(sources: int) -> str:
    if sources < 2:
        return f"No disagreements: the knowledge base has {'one source' if sources else 'no source'}."
    return f"No disagreements: the {sources} sources agree on every field that more than one of them gives."


def disagreement_json(item: Disagreement) -> dict[str, object]:
    """One disagreement as ``--json`` prints it: each value as a data file holds it, with its support."""
    return {"record": item.record, "field": item.field, "values": [_value_json(value) for value in item.values]}


def _value_json(value: Value) -> dict[str, object]:
    return {
        "value": to_jsonable_python(value.value, exclude_none=True),
        "sources": list(value.sources),
        "holdings": [_holding_json(held) for held in value.holdings],
    }


def _holding_json(held: Holding) -> dict[str, object]:
    return {
        "source": held.source,
        "value": to_jsonable_python(held.value, exclude_none=True),
        "assertion": held.assertion,
        "attributed_to": held.attributed_to,
        "attribution": held.attribution,
        "evidence": [evidence.model_dump(mode="json", exclude_none=True) for evidence in held.evidence],
    }


COMMAND = Command(
    name="disagreements",
    summary="list every field on which the sources of a record give different values",
    examples=(
        "openai-kb disagreements --data docs/examples/reports/note-a.json --data docs/examples/reports/note-b.json",
        "openai-kb disagreements --data docs/examples/reports/ --json",
    ),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
)
