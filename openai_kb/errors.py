"""The library's exceptions: one base class, one subclass per way things go wrong."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "AmbiguousQueryError",
    "AmbiguousQuoteError",
    "Candidate",
    "DataError",
    "KBError",
    "NoMatchError",
    "NotFoundError",
    "Problem",
    "QueryError",
    "QuoteNotFoundError",
    "SaveError",
]


_SHOWN = 80  # characters of a query a message repeats: a 100,000-character query is not echoed whole


def shown(text: str) -> str:
    """``repr(text)``, cut to its first characters when long: what messages quote of a query."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


class KBError(Exception):
    """Base class of every error this library raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data: where it is and what is wrong."""

    file: str
    record: str | None
    path: str
    message: str

    def __str__(self) -> str:
        record = f" record {self.record!r}" if self.record else ""
        return f"{self.file}:{record} at {self.path}: {self.message}"


class DataError(KBError, ValueError):
    """Data failed validation; ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the data:\n{lines}")


class NotFoundError(KBError, KeyError):
    """No record has the requested id; the message suggests the closest ids and names."""

    def __init__(self, key: str, suggestions: Sequence[str] = ()) -> None:
        self.key = key
        self.suggestions = tuple(suggestions)
        super().__init__(key)

    def __str__(self) -> str:
        message = f"No record with id {shown(self.key)}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return message


class QueryError(KBError, ValueError):
    """A query cannot be answered as asked (an unknown record type, a bad limit, ...)."""


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


class SaveError(KBError, OSError):
    """A knowledge base could not be written; the file that was there before is left as it was."""
