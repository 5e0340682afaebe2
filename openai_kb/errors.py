"""The library's exceptions: one base class, one subclass per way things go wrong."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["DataError", "KBError", "NotFoundError", "Problem", "QueryError", "SaveError"]


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
        message = f"No record with id {self.key!r}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return message


class QueryError(KBError, ValueError):
    """A query cannot be answered as asked (an unknown record type, a bad limit, ...)."""


class SaveError(KBError, OSError):
    """A knowledge base could not be written; the file that was there before is left as it was."""
