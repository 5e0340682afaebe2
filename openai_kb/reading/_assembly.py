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
from ..models import RECORD_TYPES, Record, RecordTypes, Source
from ._checks import Located, Unvalidated, check_records, cited_sources, iter_references
from ._combining import combine
from ._provenance import saved_sources, source_argument
from ._snapshot import read_bundled
from ._store import bundled_data_dir, dumps_records, locate_records, read_records

__all__ = [
    "Contents",
    "assemble",
    "collector_paused",
    "given_records",
    "locate_arguments",
    "locate_given",
    "models_of",
    "read_folders",
    "replaced",
    "save_versions",
    "saved_file",
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
    if len(kept) < len(located):
        kept, versions = _with_other_sources(located, kept, versions)
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
    """The versions ``source_id`` speaks for (``Located.sources``: those its evidence supports, those
    that came in its file or call without evidence), the source itself, and the records they refer to
    (as last described, so references resolve), in the order of ``located``."""
    kept = [item for item in located if source_id in item.sources]
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
    method: str, records: tuple[object, ...], known: RecordTypes, source: object = None
) -> tuple[list[Located], ProblemLog, list[Unvalidated], RecordTypes]:
    """Records given to ``add`` or ``replace``, validated and placed as ``$[index]`` of ``<records>``,
    with the call's ``source=`` (see ``reading._provenance``), and the types they need beside ``known``."""
    for record in records:
        if not isinstance(record, (Record, dict)):
            raise TypeError(
                f"{method}() takes records (models or dicts) as separate arguments, such as kb.{method}(record) "
                f"or kb.{method}(*records); got {type(record).__name__}"
            )
    source_id = source_argument(source, f"{method}()")
    types = with_types(known, models_of(records))
    log = ProblemLog()
    located, unvalidated = locate_records(records, log, types, source_id)
    return located, log, unvalidated, types


def given_records(records: object) -> list[object]:
    """The records given to ``KnowledgeBase(records)``, listed; a ``TypeError`` for what is no iterable of them."""
    if isinstance(records, (str, bytes, dict, Record)) or not isinstance(records, Iterable):
        raise TypeError(f"expected an iterable of records (models or dicts), not {type(records).__name__}")
    return list(records)


def locate_given(
    given: Sequence[object], source: object
) -> tuple[list[Located], ProblemLog, list[Unvalidated], RecordTypes]:
    """Records given to ``KnowledgeBase(records, source=)``, validated and placed, and the types they need."""
    source_id = source_argument(source, "KnowledgeBase()")
    types = with_types(RECORD_TYPES, models_of(given))
    log = ProblemLog()
    located, unvalidated = locate_records(given, log, types, source_id)
    return located, log, unvalidated, types


def saved_file(located: Sequence[Located], schema: str | None) -> bytes:
    """What ``save`` writes: every version, and the sources of those without evidence (``saved_sources``)."""
    return dumps_records([item.record for item in located], schema, saved_sources(located))


def save_versions(path: Path, located: Sequence[Located], schema: str | None) -> None:
    """Write ``saved_file`` to ``path`` atomically; any failure, encoding the records too, is a ``SaveError``."""
    from ._atomic import write_atomically  # saving is rare: its imports (secrets...) are not paid at start

    write_atomically(path, lambda: saved_file(located, schema), records=(item.record for item in located))


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


def _with_other_sources(
    located: Sequence[Located], kept: list[Located], versions: dict[str, list[Record]]
) -> tuple[list[Located], dict[str, list[Record]]]:
    """``kept`` and ``versions`` again with each version ``_versions_of`` found equal to one kept but
    that speaks for another source (a person described without evidence by two reports): both speak.
    One that speaks for no source, or for none the equal ones do not, adds nothing and stays out."""
    taken = [False] * len(located)  # positions kept: ``kept`` is a subsequence of ``located``, in order
    position = 0
    for index, item in enumerate(located):
        if position < len(kept) and item is kept[position]:
            taken[index] = True
            position += 1
    # only a version without evidence of its own, from a file or call with a source, may speak for another
    maybe = [
        index
        for index, item in enumerate(located)
        if not taken[index] and item.source is not None and not isinstance(item.record, Source)
        if not cited_sources(item.record)
    ]
    if not maybe:
        return kept, versions
    ids = {located[index].record.id for index in maybe}
    heard: dict[str, list[Located]] = {record_id: [] for record_id in ids}
    for index, item in enumerate(located):
        if taken[index] and item.record.id in ids:
            heard[item.record.id].append(item)
    again: set[str] = set()
    for index in maybe:
        item = located[index]
        same = heard[item.record.id]
        if not any(item.source in other.sources for other in same if other.record == item.record):
            same.append(item)
            taken[index] = True
            again.add(item.record.id)
    if not again:
        return kept, versions
    kept = [item for index, item in enumerate(located) if taken[index]]
    versions = dict(versions)
    for record_id in again:
        versions[record_id] = []
    for item in kept:
        if item.record.id in again:
            versions[item.record.id].append(item.record)
    return kept, versions


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
