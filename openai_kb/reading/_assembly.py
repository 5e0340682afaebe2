"""A knowledge base's contents from files and from records given in code: read, combined, checked.

``KnowledgeBase`` (the facade) holds what ``assemble`` returns and answers questions about it; this
module decides what is read, which versions of a record are kept, how they combine, and when the
whole is refused. Loading pauses Python's cyclic collector while records are built (see
``collector_paused``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemLog
from ..models import Record, RecordTypes
from ._checks import Located, Unvalidated, check_records, iter_references
from ._combining import combine, evidence_of
from ._snapshot import read_bundled
from ._store import bundled_data_dir, locate_records, read_records

__all__ = [
    "Contents",
    "assemble",
    "collector_paused",
    "locate_arguments",
    "models_of",
    "read_folders",
    "replaced",
    "told_by",
    "with_types",
]


@dataclass(frozen=True, slots=True)
class Contents:
    """What a knowledge base holds: every version where it came from, and each record combined."""

    types: RecordTypes
    located: tuple[Located, ...]
    """Every version, where it came from, in order: what ``save`` writes."""
    versions: dict[str, tuple[Record, ...]]
    """Every version of each record described more than once."""
    by_id: dict[str, Record]
    """Each record, its versions combined, in order."""
    by_type: dict[str, list[Record]]


def read_folders(
    paths: Sequence[Path | None], log: ProblemLog, max_file_bytes: int, types: RecordTypes
) -> tuple[list[Located], list[Unvalidated]]:
    """The records of data files and folders (``None``: the bundled data), in order; problems go to ``log``."""
    bundled = bundled_data_dir()
    located: list[Located] = []
    unvalidated: list[Unvalidated] = []
    for folder in [bundled if path is None else path for path in paths] or [bundled]:
        read = read_bundled if folder == bundled else read_records  # the bundled data alone has a snapshot
        found, failed = read(folder, log, max_file_bytes, types)
        located.extend(found)
        unvalidated.extend(failed)
    return located, unvalidated


def assemble(
    located: Sequence[Located], log: ProblemLog, unvalidated: Sequence[Unvalidated], types: RecordTypes
) -> Contents:
    """The contents of a knowledge base: versions combined and everything checked; ``DataError`` if not sound."""
    kept, combined, versions = _versions_of(located)  # combined holds each first version, for now
    for record_id, found in versions.items():
        if _one_type(found):
            combined[record_id] = combine(found)
    check_records(kept, log, unvalidated, combined)
    if log:
        raise log.error()
    by_type: dict[str, list[Record]] = {}
    for record in combined.values():
        family = by_type.get(record.type)
        if family is None:
            by_type[record.type] = [record]
        else:
            family.append(record)
    return Contents(
        types, tuple(kept), {record_id: tuple(found) for record_id, found in versions.items()}, combined, by_type
    )


def replaced(
    located: Sequence[Located], given: Sequence[Located], known: Iterable[str], log: ProblemLog
) -> list[Located]:
    """``located`` with the records ``given`` in place of those with their ids, where the first version was.

    An id that is not ``known`` is a problem in ``log`` (one given twice was found when ``given`` was
    read); the other versions of a replaced record go.
    """
    present = set(known)
    replacing: dict[str, Located] = {}
    for item in given:
        record_id = item.record.id
        if record_id not in present:
            message = f"no record with id {record_id!r} to replace; use add() for a new record"
            log.add(Problem(item.file, record_id, f"{item.path}.id", message))
        else:
            replacing.setdefault(record_id, item)
    result: list[Located] = []
    placed: set[str] = set()
    for item in located:
        record_id = item.record.id
        if record_id not in replacing:
            result.append(item)
        elif record_id not in placed:
            result.append(replacing[record_id])
            placed.add(record_id)
    return result


def told_by(located: Sequence[Located], source_id: str) -> list[Located]:
    """The versions ``source_id`` supports, the source itself, and the records they refer to (as first
    described, so references resolve), in the order of ``located``."""
    kept = [
        item
        for item in located
        if item.record.id == source_id or any(e.source == source_id for e in evidence_of(item.record))
    ]
    needed = {target for item in kept for _, target, _ in iter_references(item.record)}
    present = {item.record.id for item in kept}
    first = {item.record.id: item for item in located}  # the last version, as kb.origin() places a record
    while needed - present:
        extra = [first[record_id] for record_id in needed - present]
        kept.extend(extra)
        present.update(item.record.id for item in extra)
        needed.update(target for item in extra for _, target, _ in iter_references(item.record))
    order = {id(item): index for index, item in enumerate(located)}
    kept.sort(key=lambda item: order[id(item)])
    return kept


def locate_arguments(
    method: str, records: tuple[object, ...], types: RecordTypes
) -> tuple[list[Located], ProblemLog, list[Unvalidated]]:
    """Records given to ``add`` or ``replace``, validated and placed as ``$[index]`` of ``<records>``."""
    for record in records:
        if not isinstance(record, (Record, dict)):
            raise TypeError(
                f"{method}() takes records (models or dicts) as separate arguments, such as kb.{method}(record) "
                f"or kb.{method}(*records); got {type(record).__name__}"
            )
    log = ProblemLog()
    located, unvalidated = locate_records(records, log, types)
    return located, log, unvalidated


def models_of(records: Iterable[object]) -> list[type[Record]]:
    """The models of the record objects given: a user's own types join the knowledge base with them."""
    return list(dict.fromkeys(type(record) for record in records if isinstance(record, Record)))


def with_types(known: RecordTypes, models: Iterable[type[Record]]) -> RecordTypes:
    """``known`` and ``models`` after them; a model that is no record type is a ``TypeError``."""
    if isinstance(models, (str, bytes)) or not isinstance(models, Iterable):
        raise TypeError(f"types must be an iterable of record models, not {type(models).__name__}")
    present = set(known.values())
    extra = [model for model in dict.fromkeys(models) if model not in present]
    return known.with_models(extra) if extra else known


def _versions_of(
    located: Sequence[Located],
) -> tuple[list[Located], dict[str, Record], dict[str, list[Record]]]:
    """The versions, each once (the same record given twice, merged with itself or added again, is
    one); the first version of each id, in order; and every version of each id described more than once.

    A version is looked up among the versions of its id by hash, so N versions of one record cost
    O(N), as N records do; only versions that cannot be hashed are compared one by one.
    """
    first: dict[str, Record] = {}
    repeated: dict[str, list[Record]] = {}
    seen: dict[str, set[Record] | list[Record]] = {}  # the distinct versions of each id given more than once
    kept = []
    for item in located:
        record = item.record
        earlier = first.get(record.id)
        if earlier is None:
            first[record.id] = record
            kept.append(item)
            continue
        known = seen.get(record.id)
        if known is None:
            known = seen[record.id] = _versions_seen(earlier)
        if isinstance(known, set):
            try:
                size = len(known)
                known.add(record)
                if len(known) == size:
                    continue
            except TypeError:  # this version cannot be hashed: its id's versions are compared one by one
                known = seen[record.id] = list(known)
        if isinstance(known, list):
            if record in known:
                continue
            known.append(record)
        repeated.setdefault(record.id, [earlier]).append(record)
        kept.append(item)
    return kept, first, repeated


def _versions_seen(record: Record) -> set[Record] | list[Record]:
    try:
        return {record}
    except TypeError:  # a field whose value cannot be hashed
        return [record]


def _one_type(versions: Sequence[Record]) -> bool:
    """Whether versions can be combined; records of two types under one id are a problem checks report."""
    return len({type(version) for version in versions}) == 1


_pause_lock = threading.Lock()
_pauses = 0  # how many loads (in any thread) are running with the collector paused by this module


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while records are built, if it is on; switch it back on after.

    Building 100,000 records makes millions of objects, none of them garbage, and the collector
    traverses them again and again as they pile up: it doubled the time of a large load. Reference
    counting still frees everything as usual; only the search for reference cycles waits. It is
    switched back on when the last load running with it paused ends (loads in several threads
    overlap safely), also when one fails, and never touched when it was off when the load began (an
    application that turns it off keeps it off), as the standard library's ``timeit`` does. One case
    is not covered: another thread switching the collector off while a load runs finds it on again
    afterwards (docs/reliability.md).
    """
    global _pauses
    with _pause_lock:
        paused = _pauses > 0 or gc.isenabled()
        if paused:
            _pauses += 1
            gc.disable()
    try:
        yield
    finally:
        if paused:
            with _pause_lock:
                _pauses -= 1
                if _pauses == 0:
                    gc.enable()
