"""Short English labels for records, so facts can be listed, searched and shown by what they say."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .amounts import format_amount
from .models import (
    Claim,
    Competition,
    Departure,
    Entity,
    FundingRound,
    FundingUse,
    Investment,
    Metric,
    Money,
    Partnership,
    Quantity,
    Record,
    Source,
    StatusChange,
    Valuation,
)
from .models.registry import reference_fields

__all__ = ["label"]


def label(record: Record, name_of: Callable[[str], str]) -> str:
    """A one-line English label; ``name_of`` turns a referenced id into a name."""
    if isinstance(record, Entity):
        return record.name
    if isinstance(record, Source):
        return record.title
    if isinstance(record, FundingRound):
        return f"{name_of(record.company)} funding round of {format_amount(record.amount)}"
    if isinstance(record, Investment):
        role = "lead investor" if record.lead else "investor"
        return f"{name_of(record.organization)}: {role} in {name_of(record.round)}"
    if isinstance(record, Departure):
        return f"{name_of(record.person)} left {name_of(record.organization)} ({record.title})"
    if isinstance(record, Valuation):
        basis = record.basis.replace("_", "-")
        return f"{name_of(record.company)} valued at {format_amount(record.amount)} ({basis})"
    if isinstance(record, Competition):
        return f"{name_of(record.organization)} competes with {name_of(record.competitor_of)}"
    if isinstance(record, StatusChange):
        change = f"{record.from_status} to {record.to_status}".replace("_", "-")
        return f"{name_of(record.organization)} converting from {change}"
    if isinstance(record, Metric):
        return f"{name_of(record.subject)} {record.name}: {format_amount(record.value)}"
    if isinstance(record, Partnership):
        return " and ".join(name_of(org) for org in record.organizations) + f": {record.nature}"
    if isinstance(record, FundingUse):
        return f"Uses of {name_of(record.round)}: " + ", ".join(record.purposes)
    if isinstance(record, Claim):
        return record.statement
    return _generic_label(record, name_of)


_NOT_LABELLED = frozenset({"type", "id", "evidence", "assertion", "attributed_to", "names"})


def _generic_label(record: Record, name_of: Callable[[str], str]) -> str:
    """A record of a type with no label of its own: its type, then each field set, references by name.

    ``acquisition: acquirer Microsoft, target Inflection AI, amount US$650 million``.
    """
    references = reference_fields(type(record))
    parts = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name in _NOT_LABELLED or value is None or value == ():
            continue
        if name in references:
            text = ", ".join(map(name_of, value)) if isinstance(value, tuple) else name_of(value)
        elif isinstance(value, (Money, Quantity)):
            text = format_amount(value)
        elif isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
            text = str(value)
        else:
            continue  # flags and nested models say little in one line
        parts.append(f"{name.replace('_', ' ')} {text}")
    kind = record.type.replace("_", " ")
    return f"{kind}: {', '.join(parts)}" if parts else f"{kind} {record.id}"
