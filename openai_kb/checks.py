"""Checks that span records: unique ids, references that resolve, offsets within their source."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from .errors import Problem
from .models import Evidence, FundingRound, Investment, Record, Reference, Source

__all__ = ["Located", "check_records", "iter_references"]


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


@cache
def _reference_fields(model: type[BaseModel]) -> dict[str, Reference]:
    fields: dict[str, Reference] = {}
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Reference)), None)
        marker = marker or _find_reference(info.annotation)
        if marker is not None:
            fields[name] = marker
    return fields


def _walk(model: BaseModel, path: str) -> Iterator[tuple[str, str, Any, BaseModel]]:
    """Yield (JSON path, field name, value, owning model) for every value, nested models included."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, tuple) else [(None, value)]
        for index, item in items:
            item_path = f"{path}.{name}" if index is None else f"{path}.{name}[{index}]"
            yield item_path, name, item, model
            if isinstance(item, BaseModel):
                yield from _walk(item, item_path)


def iter_references(model: BaseModel, path: str = "$") -> Iterator[tuple[str, str, Reference]]:
    """Yield (JSON path, referenced id, the reference's allowed types) for every reference in ``model``."""
    for item_path, name, value, owner in _walk(model, path):
        marker = _reference_fields(type(owner)).get(name)
        if marker is not None and isinstance(value, str):
            yield item_path, value, marker


def check_records(located: Sequence[Located], invalid_ids: Set[str] = frozenset()) -> list[Problem]:
    """Every problem between records: duplicate ids, dangling or mistyped references, bad offsets.

    ``invalid_ids`` are ids of records that failed validation and were reported already: references
    to them are not reported again as dangling.
    """
    problems: list[Problem] = []
    by_id: dict[str, Located] = {}
    for item in located:
        first = by_id.get(item.record.id)
        if first is None:
            by_id[item.record.id] = item
        else:
            problems.append(
                _problem(item, f"{item.path}.id", f"duplicate id; first used in {first.file} at {first.path}")
            )
    for item in located:
        problems.extend(_check_references(item, by_id, invalid_ids))
        problems.extend(_check_offsets(item, by_id))
    problems.extend(_check_investments(located, by_id))
    return problems


def _problem(item: Located, path: str, message: str) -> Problem:
    return Problem(file=item.file, record=item.record.id, path=path, message=message)


def _check_references(item: Located, by_id: dict[str, Located], invalid_ids: Set[str]) -> Iterator[Problem]:
    for path, target, marker in iter_references(item.record, item.path):
        found = by_id.get(target)
        if found is None and target in invalid_ids:
            continue
        if found is None:
            yield _problem(item, path, f"reference to unknown id {target!r}")
        elif marker.types and found.record.type not in marker.types:
            expected = " or ".join(sorted(marker.types))
            yield _problem(item, path, f"{target!r} is a {found.record.type}, expected {expected}")


def _check_offsets(item: Located, by_id: dict[str, Located]) -> Iterator[Problem]:
    for path, _, evidence, _ in _walk(item.record, item.path):
        if not isinstance(evidence, Evidence):
            continue
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
