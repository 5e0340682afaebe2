"""``openai-kb about QUERY``: one record, found by id or by name, and every fact that mentions it."""

from __future__ import annotations

import argparse

from ..profile import Profile
from ._command import Command, load_from
from ._output import Output
from ._parsing import completes

__all__ = ["COMMAND", "profile_json"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    query = parser.add_argument("query", help="an id or a name in any language: person:mira-murati, 穆拉蒂, 輝達, CTO")
    completes(query, "id")


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    profile = kb.about(args.query)  # NoMatchError, AmbiguousQueryError: exit 1 with the candidates
    if args.json:
        out.json(profile_json(profile))
        return 0
    heading, *rest = str(profile).split("\n")  # our line breaks only: a CR from the data is shown as \r
    out.line(out.style(heading, "bold"), fit=True)
    for line in rest:
        out.line(line, fit=True)
    return 0


def profile_json(profile: Profile) -> dict[str, object]:
    """A profile as ``--json`` prints it: the record in the data format, then what refers to it."""

    def summary(record_id: str, record_type: str) -> dict[str, object]:
        return {"id": record_id, "type": record_type, "label": profile.label_of(record_id)}

    return {
        **summary(profile.record.id, profile.record.type),
        "record": profile.record.model_dump(mode="json", exclude_none=True),
        "refers_to": [summary(other.id, other.type) for other in profile.refers_to],
        "facts": [
            {
                **summary(fact.id, fact.type),
                "evidence": [item.model_dump(mode="json", exclude_none=True) for item in fact.evidence],
            }
            for fact in profile.facts
        ],
    }


COMMAND = Command(
    name="about",
    summary="show one record, found by id or by name, with every fact that mentions it",
    examples=(
        "openai-kb about 穆拉蒂",
        "openai-kb about 'mira murati'",
        "openai-kb about 輝達 --json",
        "openai-kb about round:openai-2024-10",
        "openai-kb about Thrive --data docs/examples/reports/ --source source:note-b",
    ),
    add_arguments=_arguments,
    run=_run,
    fits_width=True,
    by_source=True,
)
