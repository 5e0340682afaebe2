"""One record from several descriptions of it: each report's version kept, one combined record shown.

Two reports that describe the same round, or the same company, give two versions of one record (the
same id and type). The knowledge base keeps every version as given, with its evidence, and shows one
combined record, made by a rule that never invents a value:

- the first version's values come first, its provenance (``assertion``, ``attributed_to``) with them;
- a field the first version leaves out is taken from the first later version that gives it;
- lists (names, evidence, investors, purposes, terms...) are the union of every version's, in order,
  so a fact described by two reports cites both.

Where versions give different values for a field, each value is kept with its own evidence:
``values`` lists them and ``disagreements`` finds them. Amounts agree when amount, currency and
qualifier do (how each report printed the figure may differ). A version that leaves a field unsaid
(None, or not given) gives it no value. Each value says how each source holds it (a ``Holding``:
stated, attributed, expected...): one value held "stated" by one source and "attributed" by
another is one value with two holdings, not a disagreement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import QueryError, shown
from ..models import Evidence, Money, Quantity, Record
from ._checks import Located, walk_values

__all__ = [
    "Disagreement",
    "Holding",
    "Value",
    "combine",
    "disagreements",
    "evidence_of",
    "field_values",
    "gives",
    "sources_in",
]

PROVENANCE = ("assertion", "attributed_to", "attribution")
"""Fields that say how a version holds its values: they come with its values, never mixed in."""
_NOT_COMPARED = frozenset({"type", "id", "evidence", "names", "title_names", *PROVENANCE})


@dataclass(frozen=True, slots=True)
class Holding:
    """How one source holds a value of a field: its assertion, who it attributes it to, its evidence."""

    source: str | None
    """The id of the source; None for a version that speaks for none (no evidence, no source given)."""
    value: Any
    """The value as this source gives it: agreeing amounts keep each source's print (``text``)."""
    assertion: str | None
    """``stated``, ``attributed``, ``expected``...; None for records that carry no assertion (entities, sources)."""
    evidence: tuple[Evidence, ...]
    """This source's quotes for it; none for a version described without evidence."""
    attributed_to: str | None = None
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class Value:
    """One value a field has in some versions of a record, and how each source holds it."""

    value: Any
    """The value, as its first holding gives it."""
    holdings: tuple[Holding, ...]
    """Each source that gives it, and how, in order: one per source and way of holding it."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources that give it, each once, in order."""
        return tuple(dict.fromkeys(h.source for h in self.holdings if h.source is not None))

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Every quote for it, each once, in order."""
        return tuple(dict.fromkeys(item for holding in self.holdings for item in holding.evidence))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A field of a record on which versions differ: every value, each with how its sources hold it."""

    record: str
    field: str
    values: tuple[Value, ...]


def gives(version: Record, field: str) -> bool:
    """Whether a version gives a value for ``field``: set when it was made, and not empty."""
    value = getattr(version, field, None)
    return field in version.model_fields_set and value is not None and value != ()


def combine(versions: Sequence[Record]) -> Record:
    """The record shown for several versions of it (see the module's rule)."""
    first = versions[0]
    if len(versions) == 1:
        return first
    model = type(first)
    data: dict[str, Any] = {name: getattr(first, name) for name in first.model_fields_set}
    giving: dict[str, list[Any]] = {}  # each field's values, from the versions that give it (see gives), in order
    for version in versions:
        for name in version.model_fields_set:
            value = getattr(version, name)
            if value is not None and value != ():
                giving.setdefault(name, []).append(value)
    for name in model.model_fields:
        given = giving.get(name)
        if not given or name in PROVENANCE:
            continue
        if isinstance(given[0], tuple):
            data[name] = tuple(dict.fromkeys(item for value in given for item in value))
        elif name not in data or data[name] is None:
            data[name] = given[0]
    try:
        return model.model_validate(data)
    except ValidationError:  # a rule of the model that mixed values break: the first version, lists unioned
        lists = {name: value for name, value in data.items() if isinstance(value, tuple)}
        return model.model_validate({**{n: getattr(first, n) for n in first.model_fields_set}, **lists})


def stated_values(versions: Sequence[Located], field: str) -> list[Value]:
    """As ``field_values``, for a field a user named: not a str, or not a field of the record, is refused."""
    if not isinstance(field, str):
        raise TypeError(f"values() expects the field as a str, not {type(field).__name__}")
    first = versions[0].record
    if field not in type(first).model_fields:
        fields = ", ".join(name for name in type(first).model_fields if name not in ("type", "id"))
        raise QueryError(f"{first.type} has no field {shown(field)}; its fields: {fields}")
    return field_values(versions, field)


def field_values(versions: Sequence[Located], field: str) -> list[Value]:
    """What the versions say for one field: each distinct value, with how each source holds it.

    A version holds its values for the sources its own evidence cites, each with its quotes; one
    without evidence of its own, for the sources it speaks for (``Located.sources``).
    """
    groups: dict[Any, dict[tuple[str | None, ...], Holding]] = {}
    for item in versions:
        version = item.record
        if not gives(version, field):
            continue
        value = getattr(version, field)
        held = groups.setdefault(_key(value), {})
        own: tuple[Evidence, ...] = getattr(version, "evidence", ())
        how = tuple(getattr(version, name, None) for name in PROVENANCE)
        for source in sources_in(own) or item.sources or (None,):
            quotes = tuple(e for e in own if e.source == source)
            found = held.get((source, *how))
            if found is None:
                held[(source, *how)] = Holding(source, value, how[0], quotes, how[1], how[2])
            elif quotes:
                evidence = tuple(dict.fromkeys((*found.evidence, *quotes)))
                held[(source, *how)] = Holding(source, found.value, how[0], evidence, how[1], how[2])
    return [Value(next(iter(held.values())).value, tuple(held.values())) for held in groups.values()]


def disagreements(record_id: str, versions: Sequence[Located]) -> Iterator[Disagreement]:
    """The fields on which the versions of one record give different values (lists, which are unioned,
    aside; how each source holds a value is no difference)."""
    if len(versions) < 2:
        return
    for name in type(versions[0].record).model_fields:
        if name in _NOT_COMPARED:
            continue
        values = field_values(versions, name)
        if len(values) > 1 and not isinstance(values[0].value, tuple):
            yield Disagreement(record_id, name, tuple(values))


def evidence_of(record: BaseModel) -> Iterator[Evidence]:
    """Every evidence span in a record: its own and its terms'."""
    for _, value in walk_values(record):
        if isinstance(value, Evidence):
            yield value


def sources_in(evidence: Sequence[Evidence]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.source for item in evidence))


def _key(value: Any) -> Any:
    """What two values must share to agree: an amount's figure, currency and qualifier, not its print."""
    if isinstance(value, Money):
        return ("money", value.amount, value.currency, value.qualifier)
    if isinstance(value, Quantity):
        return ("quantity", value.value, value.unit, value.qualifier)
    return value
