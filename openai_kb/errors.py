"""The library's exceptions: one base class, one subclass per way things go wrong."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "AmbiguousQueryError",
    "AmbiguousQuoteError",
    "AmbiguousSourceError",
    "Candidate",
    "DataError",
    "KBError",
    "NoMatchError",
    "NotFoundError",
    "Problem",
    "ProblemLog",
    "QueryError",
    "QuoteNotFoundError",
    "SaveError",
    "UnknownKindError",
]


_SHOWN = 80  # characters of a query a message repeats: a 100,000-character query is not echoed whole


def shown(text: str) -> str:
    """``repr(text)``, cut to its first characters when long: what messages quote of a query."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def a_type(type_name: str) -> str:
    """A record type with its article, as messages name it: ``an organization``, ``a person``."""
    return f"{'an' if type_name[:1] in tuple('aeiou') else 'a'} {type_name}"


class KBError(Exception):
    """Base class of every error this library raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data: where it is and what is wrong.

    ``file`` is the data file; ``<records>`` for records given to ``from_records``, ``add`` or
    ``merge``; ``Source(...)`` (the model's name) for a model built in code.
    """

    file: str
    record: str | None
    path: str
    message: str

    def __str__(self) -> str:
        record = f" record {self.record!r}" if self.record else ""
        return f"{self.file}:{record} at {self.path}: {self.message}"


MAX_PROBLEMS = 100  # problems a DataError lists; the rest are counted: a bad file never costs a huge message


class DataError(KBError, ValueError):
    """Data failed validation; ``problems`` lists the first problems found, ``total`` counts them all.

    At most ``limit`` problems are listed (100 unless the reader asked for more); the message ends
    by saying how many more there were. Nothing that found a problem is left out of ``total``.
    """

    def __init__(self, problems: Iterable[Problem], *, total: int | None = None, limit: int = MAX_PROBLEMS) -> None:
        listed: list[Problem] = []
        count = 0
        for problem in problems:  # a generator is read through, but only ``limit`` problems are kept
            if count < limit:
                listed.append(problem)
            count += 1
        self.problems: tuple[Problem, ...] = tuple(listed)
        self.total: int = max(count, total or 0)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        noun = "problem" if self.total == 1 else "problems"
        more = self.total - len(self.problems)
        tail = f"\n  ... and {more:,} more {'problem' if more == 1 else 'problems'}" if more else ""
        super().__init__(f"{self.total:,} {noun} in the data:\n{lines}{tail}")


class ProblemLog:
    """Problems as they are found: the first ``limit`` kept, the rest only counted.

    Reading a file with a million bad records must not build a million messages: checks ask
    ``wants_details`` before spelling a problem out, and ``count`` what they do not spell out.
    """

    __slots__ = ("limit", "listed", "records", "total")

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.listed: list[Problem] = []
        self.total = 0
        self.records: set[str] = set()  # ids of every record with a problem, listed or not

    @property
    def wants_details(self) -> bool:
        """Whether the next problem would be listed, so is worth spelling out."""
        return self.total < self.limit

    def add(self, problem: Problem) -> None:
        if problem.record:
            self.records.add(problem.record)
        if self.total < self.limit:
            self.listed.append(problem)
        self.total += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def count(self, how_many: int, record: str | None = None) -> None:
        """Count problems found but not spelled out (the list is full)."""
        if record:
            self.records.add(record)
        self.total += how_many

    def __bool__(self) -> bool:
        return self.total > 0

    def error(self) -> DataError:
        """The ``DataError`` that reports these problems."""
        return DataError(self.listed, total=self.total, limit=self.limit)


class NotFoundError(KBError, KeyError):
    """No record has the requested id; the message suggests the closest ids and names.

    When none is close, ``how_to_find`` says how to find the record, in Python and on the command
    line (``describe(command_line=True)``): search by name, or list the ids.
    """

    def __init__(
        self, key: str, suggestions: Sequence[str] = (), *, how_to_find: tuple[str, str] | None = None
    ) -> None:
        self.key = key
        self.suggestions = tuple(suggestions)
        self.how_to_find = how_to_find
        super().__init__(key)

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, command_line: bool = False) -> str:
        """The message, its way to find the record in ``openai-kb`` commands when ``command_line``."""
        message = f"No record with id {shown(self.key)}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif self.how_to_find is not None:
            message = f"No record with id {shown(self.key)}, and no id or name is close to it. "
            message += self.how_to_find[1 if command_line else 0]
        return message


class QueryError(KBError, ValueError):
    """A query cannot be answered as asked (an unknown record type, a bad limit, ...)."""


class UnknownKindError(QueryError):
    """A word names no record type or family (``kb.search(types=...)``, ``kb.table``, ``openai-kb list``, ...).

    ``word`` is the word given; ``suggestion`` the known word closest to it, or ``None`` when none
    is close; ``types`` and ``families`` what was known where it was asked (a knowledge base with
    types of your own knows those too); ``also`` any other word accepted there, with what it names
    (``{"evidence": "every quote, one row each"}`` for a table).
    """

    def __init__(
        self,
        word: str,
        *,
        suggestion: str | None,
        types: Iterable[str],
        families: Iterable[str],
        also: Mapping[str, str] | None = None,
    ) -> None:
        self.word = word
        self.suggestion = suggestion
        self.types = tuple(types)
        self.families = tuple(families)
        self.also = dict(also or {})
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        others = "".join(f"; or {name} ({meaning})" for name, meaning in self.also.items())
        super().__init__(
            f"unknown record type or family {shown(word)}.{hint} Known types: {', '.join(self.types)}; "
            f"families: {', '.join(self.families)}{others}"
        )


class Candidate(NamedTuple):
    """A record a query may mean: its id, its label, and how well the query matched it (0-100)."""

    id: str
    label: str
    score: float

    def __str__(self) -> str:
        return f"{self.id} ({self.label}, {self.score:g})"


class NoMatchError(NotFoundError):
    """No match for a name well enough; ``closest`` lists the best of the weaker matches."""

    def __init__(self, query: str, closest: Sequence[Candidate] = ()) -> None:
        self.query = query
        self.closest = tuple(closest)
        super().__init__(query, [candidate.id for candidate in self.closest])

    def describe(self, *, command_line: bool = False) -> str:
        """The message (the same in Python and on the command line: the candidates are ids)."""
        return str(self)

    def __str__(self) -> str:
        message = f"No match for {shown(self.query)}."
        if self.closest:
            message += " Did you mean " + " or ".join(f"{c.id!r} ({c.label})" for c in self.closest) + "?"
        return message


class AmbiguousQueryError(QueryError):
    """A query matches several different records about equally well; ``candidates`` lists them, best first."""

    def __init__(self, query: str, candidates: Sequence[Candidate]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        listed = ", ".join(str(candidate) for candidate in self.candidates)
        super().__init__(f"{shown(query)} is ambiguous: {listed}; use an id")


class QuoteNotFoundError(QueryError):
    """A quote is not in the text it should cite; ``closest`` is the span of the closest passage, if one is close."""

    def __init__(self, message: str, quote: str, closest: tuple[int, int] | None = None) -> None:
        self.quote = quote
        self.closest = closest
        super().__init__(message)


_LISTED = 10  # occurrences a message lists by their offsets


class AmbiguousQuoteError(QueryError):
    """A quote occurs more than once in the text; ``starts`` lists where (the first 1,000 when ``more``)."""

    def __init__(self, quote: str, starts: Sequence[int], *, more: bool = False) -> None:
        self.quote = quote
        self.starts = tuple(starts)
        self.more = more
        super().__init__(self.describe("occurrence=N"))

    def describe(self, pick: str) -> str:
        """The message, saying how to pick one occurrence: ``occurrence=N`` in Python, ``--occurrence N`` in a shell."""
        count = len(self.starts)
        spans = [f"{start}:{start + len(self.quote)}" for start in self.starts[:_LISTED]]
        if count > _LISTED:
            spans.append(f"and {count - _LISTED:,} more" if not self.more else "...")
            listed = ", ".join(spans)
        else:
            listed = ", ".join(spans[:-1]) + f" and {spans[-1]}"
        times, numbers = (
            (f"more than {count:,} times", "1 for the first") if self.more else (f"{count:,} times", f"1 to {count:,}")
        )
        return f"{shown(self.quote)} occurs {times} in the text, at {listed}; pick one with {pick} ({numbers})"


class AmbiguousSourceError(QueryError):
    """A text could be the text of several sources and nothing tells which; ``sources`` lists them as (id, title).

    ``reason`` says what makes each one a candidate (``each records its sha256``); the message lists
    them and says how to pick one.
    """

    def __init__(self, subject: str, sources: Sequence[tuple[str, str]], reason: str, pick: str) -> None:
        self.subject = subject
        self.sources = tuple(sources)
        self.reason = reason
        listed = [f"{source_id} ({title})" for source_id, title in self.sources]
        named = ", ".join(listed[:-1]) + f" and {listed[-1]}"
        super().__init__(
            f"{subject} could be the text of any of {len(listed):,} sources ({reason}): {named}; "
            f"pass {pick} to say which to check"
        )


class SaveError(KBError, OSError):
    """A knowledge base could not be written, or encoded (an export returned as text: ``cannot export as json``).

    The message names the path and the cause (the system's reason, or the record and field holding what no
    file can hold); the file that was there before is left as it was.
    """
