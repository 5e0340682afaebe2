"""``Linker``: what ``kb.link`` runs, built once per knowledge base on the first call."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from itertools import compress
from operator import not_

from ..errors import QueryError
from ..models import Entity, Record
from ..reading._assembly import collector_paused
from ..view import RecordView
from ._figures import Figures, references
from ._gazetteer import Gazetteer
from ._links import Link, Links
from ._names import Mention, companies_meant, find_mentions, link_names, longest_first
from ._text import Folded, sentence_bounds

__all__ = ["DEFAULT_MIN_SCORE", "MAX_TEXT_LENGTH", "Linker", "link_arguments"]

#: Links scoring below this are left out unless asked for: a given name alone, a name written in lower case.
DEFAULT_MIN_SCORE = 70.0
#: The longest text ``link`` takes, in code points (about 20 MB): split a longer one.
MAX_TEXT_LENGTH = 10_000_000


def link_arguments(text: object, min_score: object) -> None:
    """Refuse a text that is no str, or longer than ``MAX_TEXT_LENGTH``, and a ``min_score`` outside 0-100."""
    if not isinstance(text, str):
        raise TypeError(f"link() expects the text as a str, not {type(text).__name__}")
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0 <= min_score <= 100:
        raise QueryError(f"min_score must be a number from 0 to 100, not {min_score!r}")
    if len(text) > MAX_TEXT_LENGTH:
        raise QueryError(
            f"the text to link is {len(text):,} characters, over the {MAX_TEXT_LENGTH:,} link() takes: "
            "link it a chapter or an article at a time"
        )


class Linker:
    """The names automaton, the figures and the relations of one knowledge base's records."""

    def __init__(self, view: RecordView, by_id: Mapping[str, Record]) -> None:
        """The linker of ``view``, whose records by id, in order, are ``by_id`` (read, never changed)."""
        with collector_paused():  # a million names make millions of objects, none of them garbage
            records = list(by_id.values())
            self._by_id = by_id
            self._gazetteer = Gazetteer(by_id)
            entities = {kind for kind in set(map(type, records)) if issubclass(kind, Entity)}
            facts = list(compress(records, map(not_, map(entities.__contains__, map(type, records)))))
            refs = references(facts, by_id)  # what it reads of entities is nothing: left out a type at a time
            self._figures = Figures(view, refs, facts, by_id)
            self._related = _related(refs, self._by_id)

    def link(self, text: str, types: frozenset[str] | None, min_score: float) -> Links:
        """Every mention in ``text`` of a record held, of ``types`` (all when None), scoring ``min_score`` or more."""
        folded = Folded(text)
        bounds = sentence_bounds(text)
        names = link_names(
            folded, find_mentions(folded, self._gazetteer), self._gazetteer, self._by_id, self._related, bounds
        )
        named: dict[str, Counter[int]] = {}  # record id -> the sentences naming it, counted
        places: dict[str, list[int]] = {}  # record id -> where the text names it, in order
        for link in names:
            if not link.ambiguous:
                named.setdefault(link.record.id, Counter())[_sentence(bounds, link.start)] += 1
                places.setdefault(link.record.id, []).append(link.start)
        for position, key in companies_meant(text, names):  # "the company": the figures of its sentence are its
            named.setdefault(key, Counter())[_sentence(bounds, position)] += 1
        amounts = self._figures.link(text, named, bounds, places)
        links = _without_overlaps([*names, *amounts])
        return Links(
            text,
            [link for link in links if link.score >= min_score and (types is None or link.record.type in types)],
        )


def _sentence(bounds: list[int], position: int) -> int:
    return bisect_right(bounds, position)


def _without_overlaps(links: list[Link]) -> list[Link]:
    """The links overlapping no longer one: a name inside a figure's words gives way, and so on."""
    by_span = {(link.start, link.end): link for link in links}
    kept = longest_first([Mention(link.start, link.end, "") for link in links])
    return [by_span[(mention.start, mention.end)] for mention in kept]


def _related(refs: Mapping[str, Mapping[str, int]], by_id: Mapping[str, object]) -> dict[str, frozenset[str]]:
    """Each entity and the entities a fact names beside it."""
    related: dict[str, set[str]] = {}
    for targets in refs.values():
        entities = [key for key in targets if isinstance(by_id.get(key), Entity)]
        for key in entities:
            related.setdefault(key, set()).update(other for other in entities if other != key)
    return {key: frozenset(others) for key, others in related.items()}
