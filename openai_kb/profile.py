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

Under a record known by names (a person, an organization), a fact shows the quotes that name it
(``Profile.quotes``): a round's quote about its valuation says nothing of the firm that led it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from ._showing import Quoted, as_html, as_text
from .errors import AmbiguousQueryError, Candidate, NoMatchError, QueryError
from .models import RECORD_TYPES, Evidence, Fact, Record, Source
from .reading._checks import iter_references, walk_values
from .reading._combining import Value
from .search._index import AMBIGUITY_MARGIN
from .search._results import Match
from .search.normalize import fold

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

    def quotes(self, fact: Fact) -> tuple[Evidence, ...]:
        """The quotes shown under ``fact`` in this profile: all of the fact's own, or those that name the record.

        A fact that names the record in a field of its own (a round's ``company``, a departure's
        ``person``, an investment's ``organization``) is about it: every quote of the fact is. One that
        only lists it among others (a round's ``lead_investors`` or ``participants``, the competitors
        a term bars) shows the quotes, its terms' too, that name the record in any script, width or
        spacing; all its own when none does, or when the record has no names.
        """
        names = _names(self.record)
        if not names or _about(fact, self.record.id):
            return fact.evidence
        spans = dict.fromkeys(value for _, value in walk_values(fact) if isinstance(value, Evidence))
        naming = tuple(span for span in spans if _names_in(span.quote, names))
        return naming or fact.evidence

    def quotes_left_out(self, fact: Fact) -> tuple[Evidence, ...]:
        """The quotes of ``fact`` itself that ``quotes`` leaves out: none of them names the record."""
        shown = set(self.quotes(fact))
        return tuple(span for span in fact.evidence if span not in shown)

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


_OWN_FIELD = re.compile(r"\$\.\w+")  # a reference that is a field's whole value, not in a list or a term


def _about(fact: Fact, record_id: str) -> bool:
    """Whether ``fact`` refers to the record in a field of its own, not only among others in a list or a term."""
    return any(target == record_id and _OWN_FIELD.fullmatch(path) for path, target, _ in iter_references(fact))


def _names(record: Record) -> tuple[str, ...]:
    """The names a record is known by: its ``name`` and the text of each of its ``names``."""
    name = getattr(record, "name", None)
    others = (item.text for item in getattr(record, "names", ()))
    return tuple(dict.fromkeys(text for text in (name, *others) if isinstance(text, str) and text))


_LATIN = re.compile("[a-z0-9]")  # what fold leaves of a Latin letter or a digit
_LOOSE_SPACE = re.compile("(?<![a-z0-9]) | (?![a-z0-9])")  # a space that does not part two Latin words


def _key(text: str) -> str:
    """``fold(text)`` with only the spaces between two Latin words kept: 米拉·穆拉蒂 and 米拉穆拉蒂 meet."""
    return _LOOSE_SPACE.sub("", fold(text))


def _names_in(quote: str, names: Iterable[str]) -> bool:
    """Whether ``quote`` contains one of ``names``, in any script, width, case or spacing, as a whole word.

    Both sides go through ``fold`` (Traditional characters become Simplified, ``Ｔhrive`` ``thrive``);
    a Latin name must not be part of a longer word (``Thrive`` is not in ``Thrived``); Chinese text has
    no spaces, so a name there may touch the words around it (``由Thrive Capital领衔``).
    """
    text = _key(quote)
    for name in names:
        key = _key(name)
        at = text.find(key) if key else -1
        while at != -1:
            end = at + len(key)
            glued_before = at > 0 and _LATIN.match(key[0]) and _LATIN.match(text[at - 1])
            glued_after = end < len(text) and _LATIN.match(key[-1]) and _LATIN.match(text[end])
            if not glued_before and not glued_after:
                return True
            at = text.find(key, at + 1)
    return False
