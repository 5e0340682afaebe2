"""Topic words: a query naming a kind of record finds those records, ranked by what else it names.

``valuation``, ``估值``, ``investors``, ``离职`` or ``exclusivity`` name no record; they name what
records are about. The words come from the record types themselves: each type's tag and family
(``departure``, ``departed executives``), and what it declares (``topic_words``: synonyms and
other languages; ``topic_fields``: a true flag such as ``barred_by_exclusivity``; a clause's own
``topic_words``, for the records holding it). The rest of the query (``OpenAI`` of ``OpenAI
valuation``) is searched as names, and a record of the topic ranks by how well the rest names it
or a record it refers to, directly or through one more (an investment, through its round, is
OpenAI's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..models import Record
from ..models.clauses import clause_fields
from ..models.registry import family_name, reference_fields, type_name
from ._query import without_function_words
from ._results import Match, Matched
from .normalize import fold, has_han, script_runs

__all__ = ["TOPIC_SCORE", "Topic", "Topics"]

#: The score of a record found by a topic word alone (``valuation``): above what the word scores
#: as a name inside a sentence (an opinion that mentions "departures" is 85.5).
TOPIC_SCORE = 90.0
#: A record that refers to what the rest of the query names through another record scores this
#: share of that match (an investment in OpenAI's round, for ``OpenAI investors``).
SECOND_HOP = 0.98
_LONGEST_PHRASE = 4  # words in the longest topic phrase compared ("use of funds": 3)

_Test = Callable[[Record], bool]


class Topic(NamedTuple):
    """What a query asks about: the topic words it holds (folded, as declared) and the rest of it."""

    words: tuple[str, ...]
    rest: str


@dataclass
class _About:
    """Which records of one type a topic word names: all of them, or those passing a test."""

    everything: bool = False
    tests: list[_Test] = field(default_factory=list)

    def holds(self, record: Record) -> bool:
        return self.everything or any(test(record) for test in self.tests)


class Topics:
    """The topic words of a set of records, and the records each names."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = records
        self._about: dict[str, dict[type[Record], _About]] = {}
        self._latin: dict[str, str] = {}  # a phrase as a query may write it (plurals too) -> its topic word
        for model in dict.fromkeys(map(type, records)):
            for word, about in _words_of(model):
                folded = fold(word)
                if not folded:
                    continue
                entry = self._about.setdefault(folded, {}).setdefault(model, _About())
                entry.everything = entry.everything or about is None
                if about is not None:
                    entry.tests.append(about)
                if not has_han(folded):
                    for form in _plurals(folded):
                        self._latin.setdefault(form, folded)
        han = sorted((word for word in self._about if has_han(word)), key=len, reverse=True)
        self._han = re.compile(f"({'|'.join(map(re.escape, han))})") if han else None
        self._by_model: dict[type[Record], list[int]] | None = None
        self._referrers: dict[str, list[int]] | None = None
        self._ids: dict[str, int] | None = None

    def read(self, query: str) -> Topic | None:
        """The topic words of ``query`` and the rest of it, or ``None`` when it names no topic."""
        words = fold(query).split()
        found: list[str] = []
        rest: list[str] = []
        start = 0
        while start < len(words):
            word = words[start]
            if has_han(word) and self._han is not None:
                for piece in self._han.split(word):
                    if piece in self._about:
                        found.append(piece)
                    else:  # "openai最新" is two words: OpenAI, and what is left of the Chinese
                        rest.extend(run for _, run in script_runs(piece))
                start += 1
                continue
            for length in range(min(_LONGEST_PHRASE, len(words) - start), 0, -1):
                topic = self._latin.get(" ".join(words[start : start + length]))
                if topic is not None:
                    found.append(topic)
                    start += length
                    break
            else:
                rest.append(word)
                start += 1
        if not found:
            return None
        return Topic(tuple(dict.fromkeys(found)), " ".join(without_function_words(rest)))

    def records(self, topic: Topic, types: frozenset[str] | None) -> Iterator[int]:
        """The positions of the records the topic's words name, in the order they were given."""
        wanted = self._wanted(topic, types)
        by_model = self._models()
        for model, about in wanted.items():
            for position in by_model.get(model, ()):
                if about.holds(self._records[position]):
                    yield position

    def matches(self, topic: Topic, named: Iterable[Match], types: frozenset[str] | None) -> list[Match]:
        """The records of the topic that the rest of the query names, or that refer to what it names.

        ``named`` are the matches of the rest of the query. A record of the topic scores as the
        best of its own match and the match of a record it refers to; only when no record of the
        topic is named so, ``SECOND_HOP`` of the match of a record one of those refers to, or of a
        record named beside it (``OpenAI people``: the people whose departures name OpenAI).
        """
        wanted = self._wanted(topic, types)
        referrers = self._referrers_of()
        ids = self._positions()
        near: dict[int, tuple[float, Match]] = {}  # the record itself, or one it refers to, is named
        far: dict[int, tuple[float, Match]] = {}  # a record one of those refers to is named
        for match in named:
            itself = ids.get(match.record.id)
            self._keep(near, [] if itself is None else [itself], match, 1.0, wanted)
            if match.matched.field == "amount":
                continue  # a figure is the record's own: the valuation holding it, not one citing its round
            first = referrers.get(match.record.id, [])
            self._keep(near, first, match, 1.0, wanted)
            second = [two for one in first for two in referrers.get(self._records[one].id, ())]
            beside = [two for one in first for two in self._references(one)]  # a departure's person, of OpenAI's
            self._keep(far, second + beside, match, SECOND_HOP, wanted)
        best = near or far  # Thrive Capital's investment, not every investment in the round Thrive led
        found = []
        for position, (score, via) in best.items():
            steps = ("topic", *via.steps)
            scores = {"similarity": via.score, "topic_share": score / via.score if via.score else 0.0}
            found.append(Match(self._records[position], score, via.matched, steps, scores))
        return found

    def alone(self, topic: Topic, types: frozenset[str] | None, count: int) -> list[Match]:
        """The first ``count`` records of the topic, for a query naming nothing else."""
        found = []
        for position in self.records(topic, types):
            record = self._records[position]
            word = next(word for word in topic.words if self._names(word, record))
            found.append(Match(record, TOPIC_SCORE, Matched(word, None, "topic"), ("topic",), {"topic": TOPIC_SCORE}))
            if len(found) >= count:
                break
        return found

    # -- helpers -------------------------------------------------------------------------------

    def _keep(
        self,
        best: dict[int, tuple[float, Match]],
        positions: Iterable[int],
        match: Match,
        share: float,
        wanted: dict[type[Record], _About],
    ) -> None:
        """Keep, per record of the topic among ``positions``, the best score ``match`` gives it."""
        score = round(match.score * share, 1)
        for position in positions:
            record = self._records[position]
            about = wanted.get(type(record))
            if about is not None and about.holds(record) and (position not in best or score > best[position][0]):
                best[position] = (score, match)

    def _names(self, word: str, record: Record) -> bool:
        about = self._about.get(word, {}).get(type(record))
        return about is not None and about.holds(record)

    def _wanted(self, topic: Topic, types: frozenset[str] | None) -> dict[type[Record], _About]:
        """Per record type, what the topic's words name of it (every word's share joined)."""
        wanted: dict[type[Record], _About] = {}
        for word in topic.words:
            for model, about in self._about.get(word, {}).items():
                if types is not None and type_name(model) not in types:
                    continue
                joined = wanted.setdefault(model, _About())
                joined.everything = joined.everything or about.everything
                joined.tests.extend(about.tests)
        return wanted

    def _models(self) -> dict[type[Record], list[int]]:
        if self._by_model is None:
            by_model: dict[type[Record], list[int]] = {}
            for position, record in enumerate(self._records):
                by_model.setdefault(type(record), []).append(position)
            self._by_model = by_model
        return self._by_model

    def _positions(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {record.id: position for position, record in enumerate(self._records)}
        return self._ids

    def _references(self, position: int) -> list[int]:
        """The positions of the records the record at ``position`` refers to."""
        record, ids = self._records[position], self._positions()
        found: list[int] = []
        for name in reference_fields(type(record)):
            value = getattr(record, name)
            targets = (value,) if isinstance(value, str) else value or ()
            found.extend(ids[target] for target in targets if target in ids)
        return found

    def _referrers_of(self) -> dict[str, list[int]]:
        """Per id, the positions of the records that refer to it: built once, on the first need."""
        if self._referrers is None:
            referrers: dict[str, list[int]] = {}
            fields_of = {model: tuple(reference_fields(model)) for model in self._models()}
            for position, record in enumerate(self._records):
                for name in fields_of[type(record)]:
                    value = getattr(record, name)
                    for target in (value,) if isinstance(value, str) else value or ():
                        referrers.setdefault(target, []).append(position)
            self._referrers = referrers
        return self._referrers


def _words_of(model: type[Record]) -> Iterator[tuple[str, _Test | None]]:
    """Every word naming a model's records, with the test a record must pass (``None``: every record)."""
    for word in (type_name(model), family_name(model), *model.topic_words):
        yield word, None
    for name, words in model.topic_fields.items():
        for word in words:
            yield word, _flag_test(name)
    for name, clauses in clause_fields(model).items():
        for clause in clauses:
            for word in clause.topic_words:
                yield word, _clause_test(name, clause)


def _flag_test(name: str) -> _Test:
    return lambda record: getattr(record, name) is True


def _clause_test(name: str, clause: type) -> _Test:
    return lambda record: any(isinstance(held, clause) for held in getattr(record, name) or ())


def _plurals(phrase: str) -> tuple[str, ...]:
    """A phrase and the other number of its last word a query may write: valuations, companies,
    competitor (of the family "competitors")."""
    forms = [phrase]
    if phrase.endswith("ies"):
        forms.append(phrase[:-3] + "y")
    elif phrase.endswith("es") and phrase[:-2].endswith(("s", "x", "ch", "sh")):
        forms.append(phrase[:-2])
    elif phrase.endswith("s") and not phrase.endswith("ss"):
        forms.append(phrase[:-1])
    elif phrase.endswith("y") and not phrase.endswith(("ay", "ey", "oy", "uy")):
        forms.append(phrase[:-1] + "ies")
    elif phrase.endswith(("s", "x", "ch", "sh")):
        forms.append(phrase + "es")
    else:
        forms.append(phrase + "s")
    return tuple(forms)
