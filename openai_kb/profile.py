"""``kb.about(query)``: one record and everything the knowledge base says about it, with evidence.

A query is an id, a record, or a name in any language (``穆拉蒂``, ``mira murati``, ``輝達``, ``CTO``).
An exact id is that record. Anything else is searched: nothing scoring at least the search cutoff
is a ``NoMatchError`` that names the closest weaker matches; one clear winner is the answer.

When the runner-up scores within ``AMBIGUITY_MARGIN`` of the winner the query may be ambiguous,
but only if the close matches mean different things. A fact that refers to another close match is
a view of it, and that record's profile lists the fact: ``Acme round`` may match the round and an
investment in it equally, and means the round; a name that matches a person and, through the
title, her departure means the person. Two people who were both co-founders (``联合创始人``) are
different things: that raises ``AmbiguousQueryError`` listing both, best first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from ._showing import Quoted, as_html, as_text
from .errors import AmbiguousQueryError, Candidate, NoMatchError, QueryError
from .models import RECORD_TYPES, Evidence, Fact, Record, Source
from .reading._checks import iter_references
from .reading._combining import Value
from .search._index import AMBIGUITY_MARGIN
from .search._results import Match

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__all__ = ["Profile", "resolve"]


def resolve(kb: KnowledgeBase, query: str | Record) -> Record:
    """The one record ``query`` means: an id, a record, or a name (see the module docstring)."""
    if isinstance(query, Record):
        return kb[query]
    if not isinstance(query, str):
        raise TypeError(f"about() expects an id, a name or a record, not {type(query).__name__}")
    text = query.strip()
    if not text:
        raise QueryError(f"about needs an id or a name to look up, not {query!r}")
    exact = kb.get(text)
    if exact is not None:
        return exact
    matches = kb.search(text)
    if not matches:
        raise NoMatchError(query, kb.closest(text))
    close = [match for match in matches if matches[0].score - match.score < AMBIGUITY_MARGIN]
    meant = _meant(kb, close)
    if len(meant) > 1:
        raise AmbiguousQueryError(query, [_candidate(kb, match) for match in meant])
    return meant[0].record


def _meant(kb: KnowledgeBase, close: list[Match]) -> list[Match]:
    """The close matches that mean different things, best first.

    A match whose record refers to another close match (an investment to its round, a departure to
    its person) is a view of that record, and that record's profile lists it: it is dropped.
    """
    kept = [
        match
        for match in close
        if not any(_refers(kb, match.record, other.record) for other in close if other is not match)
    ]
    return kept or close[:1]


def _refers(kb: KnowledgeBase, record: Record, target: Record) -> bool:
    """Whether ``record`` refers to ``target`` (every fact cites its source: that does not count)."""
    return not isinstance(target, Source) and any(fact.id == record.id for fact in kb.mentions(target))


def _candidate(kb: KnowledgeBase, match: Match) -> Candidate:
    return Candidate(match.record.id, kb.label(match.record), match.score)


@dataclass(frozen=True, slots=True, repr=False)
class Profile:
    """One record, the facts that mention it (each with its evidence), and the records it refers to.

    Labels and sources travel with it, so a profile prints and renders without its knowledge base.
    Where several sources describe the record, ``supported_by`` names them (for the record and each
    fact) and ``differing`` holds every value of each field on which they differ.
    """

    record: Record
    facts: tuple[Fact, ...]
    refers_to: tuple[Record, ...]
    labels: Mapping[str, str] = field(hash=False)
    sources: Mapping[str, Source] = field(hash=False)
    supported_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    differing: Mapping[str, tuple[Value, ...]] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # read-only views of copies: a profile cannot change under its holder
        for name in ("labels", "sources", "supported_by", "differing"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def __reduce__(self) -> tuple[type[Profile], tuple[object, ...]]:
        # a mappingproxy does not pickle: rebuild from plain dicts
        mappings = (dict(self.labels), dict(self.sources), dict(self.supported_by), dict(self.differing))
        return (type(self), (self.record, self.facts, self.refers_to, *mappings))

    @classmethod
    def of(cls, kb: KnowledgeBase, key: str | Record) -> Profile:
        """The profile of the record with this id (or of this record) in ``kb``."""
        record = kb[key]
        facts = tuple(kb.mentions(record))
        referred = (kb[target] for target in dict.fromkeys(target for _, target, _ in iter_references(record)))
        refers_to = tuple(other for other in referred if not isinstance(other, Source))
        labels = {shown.id: kb.label(shown) for shown in (record, *facts, *refers_to)}
        supported_by = {shown.id: kb.sources_of(shown) for shown in (record, *facts) if not isinstance(shown, Source)}
        cited = (source_id for ids in supported_by.values() for source_id in ids)
        sources = {
            target: found
            for target in dict.fromkeys((*cited, *(t for s in (record, *facts) for _, t, _ in iter_references(s))))
            if isinstance(found := kb.get(target), Source)
        }
        differing = {found.field: found.values for found in kb.disagreements(record)}
        holdings = (held for values in differing.values() for value in values for held in value.holdings)
        for party in dict.fromkeys(held.attributed_to for held in holdings if held.attributed_to is not None):
            labels.setdefault(party, kb.label(party))  # who a source attributes a value to, by name
        return cls(record, facts, refers_to, labels, sources, supported_by, differing)

    @property
    def label(self) -> str:
        """The record's one-line English label: ``Mira Murati left OpenAI (Chief Technology Officer)``."""
        return self.labels[self.record.id]

    @property
    def by_type(self) -> dict[str, tuple[Fact, ...]]:
        """The facts grouped by record type: built-in types in the order of ``RECORD_TYPES``, then any others."""
        groups: dict[str, list[Fact]] = {}
        for fact in self.facts:
            groups.setdefault(fact.type, []).append(fact)
        order = [*RECORD_TYPES, *groups]
        return {kind: tuple(groups[kind]) for kind in dict.fromkeys(order) if kind in groups}

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The record's own evidence, then that of each fact, each span once."""
        own: tuple[Evidence, ...] = getattr(self.record, "evidence", ())  # sources have none
        spans = [*own, *(item for fact in self.facts for item in fact.evidence)]
        return tuple(dict.fromkeys(spans))

    def label_of(self, key: str | Record) -> str:
        """The label of a record this profile shows (an id it does not know is returned as is)."""
        record_id = key.id if isinstance(key, Record) else key
        return self.labels.get(record_id, record_id)

    def cite(self, evidence: Evidence) -> str:
        """A quote with its source: ``“…” — 华夏传媒网, 2024-10-14 09:31 [chars 164-214]``."""
        return as_text(Quoted(evidence, self.sources.get(evidence.source)))

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(facts)}" for kind, facts in self.by_type.items())
        noun = "fact" if len(self.facts) == 1 else "facts"
        detail = f" ({counts})" if counts else ""
        return f"<Profile {self.record.id} {self.label!r}: {len(self.facts)} {noun}{detail}>"

    def __str__(self) -> str:
        return as_text(self)

    def _repr_html_(self) -> str:
        return as_html(self)
