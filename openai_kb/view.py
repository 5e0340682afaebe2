"""``RecordView``: the read-only face of a knowledge base that outputs need, and nothing more.

Tables, exports, the graph and the HTML views take a ``RecordView`` rather than the
``KnowledgeBase`` class: they iterate records, take those of one type, label an id, ask where a
record came from and what each source says of it (every version, each value with its sources).
``KnowledgeBase`` is one; a user's own collection of records can be another.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from .models import Fact, Record, RecordTypes

if TYPE_CHECKING:
    from .reading._checks import Located
    from .reading._combining import Value

__all__ = ["RecordView"]

R = TypeVar("R", bound=Record)


class RecordView(Protocol):
    """What an output reads from a knowledge base."""

    @property
    def types(self) -> RecordTypes:
        """The record types it knows, built-in and a user's own, in order."""

    def __iter__(self) -> Iterator[Record]:
        """Every record, in order."""

    def __len__(self) -> int: ...

    def records(self, kind: type[R]) -> list[R]:
        """The records of one model class, in order."""

    def get(self, key: str | Record) -> Record | None:
        """The record with this id, or None."""

    def label(self, key: str | Record) -> str:
        """A record's one-line English label."""

    def mentions(self, key: str | Record) -> list[Fact]:
        """The facts that refer to a record."""

    def origin(self, key: str | Record) -> tuple[str, str]:
        """Where a record came from: its file and JSON path."""

    def origins(self) -> Sequence[Located]:
        """Every version of every record with where it came from, in order: what ``save`` writes."""

    def versions(self, key: str | Record) -> tuple[Record, ...]:
        """Every version of a record, as each source described it (one when one source told it)."""

    def values(self, key: str | Record, field: str) -> list[Value]:
        """What the sources say for one field of a record: each distinct value with its sources."""
