"""The versions of records that several sources describe, as the search index reads them.

A record two reports describe is shown combined (the first version's values, filled from later
ones), but each version's names, aliases, titles and amounts find it: the index keys them all, and
a match through one says which sources give it. The knowledge base hands the index every version
it holds (``kb.origins()``); only records with several are read again, so a knowledge base whose
records each have one version costs one comparison of two lengths.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Protocol, TypeVar

from ..models import Record

__all__ = ["Version", "several_versions", "version_keys"]

Row = TypeVar("Row", bound=tuple[object, ...])
Mark = TypeVar("Mark", bound=Hashable)


class Version(Protocol):
    """One version of a record and the sources it speaks for (``kb.origins()`` gives them)."""

    @property
    def record(self) -> Record:
        """The version, as its source gave it."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources this version speaks for, in order."""


def several_versions(versions: Sequence[Version], records: int) -> dict[str, list[Version]]:
    """The versions of each record that has more than one, by id, in order; ``records`` is how many
    records they combine into (no more versions than records: every record has one, nothing to read)."""
    if len(versions) <= records:
        return {}
    by_id: dict[str, list[Version]] = {}
    for version in versions:
        by_id.setdefault(version.record.id, []).append(version)
    return {record_id: found for record_id, found in by_id.items() if len(found) > 1}


def version_keys(
    versions: Sequence[Version],
    owner: int,
    rows: list[Row],
    start: int,
    seen: dict[int, set[Mark]],
    keys_of: Callable[[Record, int, list[Row]], None],
    mark: Callable[[Row], tuple[int, Mark]],
) -> dict[int, tuple[str, ...]]:
    """The keys of each version of the record numbered ``owner`` (its own keys are ``rows[start:]``),
    and the sources that give each.

    ``keys_of(version, owner, found)`` adds a version's keys to ``found``; ``mark`` says which keys
    are the same: the number of the record a key finds, then what must be new to ``seen`` of it. A
    key the record has already is marked as given by the version's sources; one it lacks is added
    to ``rows``. Returns the sources that give each row, by its index in ``rows``.
    """
    made = {mark(row): index for index, row in enumerate(rows[start:], start)}
    given: dict[int, list[str]] = {}
    for version in versions:
        found: list[Row] = []
        keys_of(version.record, owner, found)
        for row in found:
            index = made.get(key := mark(row))
            if index is None:
                marks = seen.setdefault(key[0], set())
                if key[1] in marks:
                    continue  # a key of the owner's own already (a departure's title of a person's)
                marks.add(key[1])
                index = made[key] = len(rows)
                rows.append(row)
            given.setdefault(index, []).extend(version.sources)
    return {index: tuple(dict.fromkeys(sources)) for index, sources in given.items()}
