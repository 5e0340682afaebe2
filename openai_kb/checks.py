"""Checks that span records: unique ids, references that resolve, offsets within their source."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from .errors import Problem
from .models import Evidence, FundingRound, Investment, Record, Reference, Source

__all__ = ["Checked", "Located", "check_records", "iter_references", "walk_values"]


@dataclass(frozen=True, slots=True)
class Located:
    """A record and where it was read from, so problems can name the file and the JSON path."""

    record: Record
    file: str
    path: str


def _find_reference(annotation: Any) -> Reference | None:
    if get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Reference):
                return meta
    for arg in get_args(annotation):
        found = _find_reference(arg)
        if found is not None:
            return found
    return None


def _nested_models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _nested_models(arg)


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Reference | None], ...]:
    """The fields of ``model`` worth walking: references, and models that hold references.

    Worked out once per class, so checking a record reads only the fields that matter (a
    person's names hold no reference and are never visited).
    """
    plan: list[tuple[str, Reference | None]] = []
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Reference)), None)
        marker = marker or _find_reference(info.annotation)
        nested = any(_plan(inner) for inner in _nested_models(info.annotation) if inner is not model)
        if marker is not None or nested:
            plan.append((name, marker))
    return tuple(plan)


def _walk(model: BaseModel, path: str) -> Iterator[tuple[str, Reference | None, Any]]:
    """Yield (JSON path, reference marker or None, value) for every planned value, nested ones too."""
    for name, marker in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                item_path = f"{path}.{name}[{index}]"
                yield item_path, marker, item
                if isinstance(item, BaseModel):
                    yield from _walk(item, item_path)
        else:
            yield f"{path}.{name}", marker, value
            if isinstance(value, BaseModel):
                yield from _walk(value, f"{path}.{name}")


def walk_values(model: BaseModel, path: str = "$") -> Iterator[tuple[str, Any]]:
    """Yield (JSON path, value) for every reference in ``model`` and every model around one (evidence, terms)."""
    for item_path, _, value in _walk(model, path):
        yield item_path, value


def iter_references(model: BaseModel, path: str = "$") -> Iterator[tuple[str, str, Reference]]:
    """Yield (JSON path, referenced id, the reference's allowed types) for every reference in ``model``."""
    for item_path, marker, value in _walk(model, path):
        if marker is not None and isinstance(value, str):
            yield item_path, value, marker


@dataclass(frozen=True, slots=True)
class Checked:
    """What checking found: the problems, and who refers to whom (target id -> referring records)."""

    problems: list[Problem]
    mentions: dict[str, list[Record]]


def check_records(located: Sequence[Located], invalid_ids: Set[str] = frozenset()) -> Checked:
    """Every problem between records: duplicate ids, dangling or mistyped references, bad offsets.

    ``invalid_ids`` are ids of records that failed validation and were reported already: references
    to them are not reported again as dangling. One walk over each record serves every check.
    """
    problems: list[Problem] = []
    by_id: dict[str, Located] = {}
    for item in located:
        first = by_id.get(item.record.id)
        if first is None:
            by_id[item.record.id] = item
        else:
            message = f"duplicate id; first used in {first.file} at {first.path}"
            problems.append(_problem(item, f"{item.path}.id", message))
    mentions: dict[str, list[Record]] = {}
    for item in located:
        targets: set[str] = set()
        for path, marker, value in _walk(item.record, item.path):
            if isinstance(value, Evidence):
                problems.extend(_check_offsets(item, path, value, by_id))
            elif marker is not None and isinstance(value, str):
                problems.extend(_check_reference(item, path, value, marker, by_id, invalid_ids))
                targets.add(value)
        for target in sorted(targets):
            mentions.setdefault(target, []).append(item.record)
    problems.extend(_check_investments(located, by_id))
    return Checked(problems, mentions)


def _problem(item: Located, path: str, message: str) -> Problem:
    return Problem(file=item.file, record=item.record.id, path=path, message=message)


def _check_reference(
    item: Located, path: str, target: str, marker: Reference, by_id: dict[str, Located], invalid_ids: Set[str]
) -> Iterator[Problem]:
    found = by_id.get(target)
    if found is None and target not in invalid_ids:
        yield _problem(item, path, f"reference to unknown id {target!r}")
    elif found is not None and marker.types and found.record.type not in marker.types:
        expected = " or ".join(sorted(marker.types))
        article = "an" if found.record.type[0] in "aeiou" else "a"
        yield _problem(item, path, f"{target!r} is {article} {found.record.type}, expected {expected}")


def _check_offsets(item: Located, path: str, evidence: Evidence, by_id: dict[str, Located]) -> Iterator[Problem]:
    found = by_id.get(evidence.source)
    source = found.record if found is not None else None
    if isinstance(source, Source) and source.length is not None and evidence.end > source.length:
        yield _problem(
            item,
            f"{path}.end",
            f"offset {evidence.end} is past the end of source {source.id!r} ({source.length} characters)",
        )


def _check_investments(located: Sequence[Located], by_id: dict[str, Located]) -> Iterator[Problem]:
    for item in located:
        investment = item.record
        if not isinstance(investment, Investment):
            continue
        found = by_id.get(investment.round)
        round_ = found.record if found is not None else None
        if not isinstance(round_, FundingRound):
            continue
        listed, other = round_.lead_investors, round_.participants
        role = "lead_investors"
        if not investment.lead:
            listed, other, role = other, listed, "participants"
        complete = investment.lead or round_.participants_complete
        if investment.organization not in listed and (complete or investment.organization in other):
            yield _problem(
                item,
                f"{item.path}.lead",
                f"lead is {str(investment.lead).lower()} but {investment.organization!r} is not in "
                f"{investment.round!r}'s {role}",
            )
