"""Which source a version speaks for when its evidence cites none: the source of its file or call.

A version's sources are those its evidence cites. A person or a company described without quotes
cites none, and belongs to the source of the file or the call it came in (``Located.source``):

- a data file's top-level ``"source"`` (an id; ``null`` says the file has none), and for single
  records ``"record_sources"`` (``[{"source": "source:note-b", "records": [12, 13]}]``, the records
  at those positions): what ``save`` writes when the versions it holds came from several sources;
- ``add(..., source=)``, ``from_records(..., source=)`` and ``KnowledgeBase(..., source=)`` in code;
- else the one source the records of the file or call cite (or are), if they cite exactly one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Problem, ProblemLog
from ..models import Record, Source
from ..models.base import ID_PATTERN, Model, SourceRef
from ._checks import Located, cited_sources
from ._combining import Disagreement, Value, disagreements, stated_values

__all__ = [
    "Declared",
    "Provenance",
    "RecordSources",
    "declared_in",
    "one_cited",
    "placed",
    "same_versions",
    "saved_sources",
    "source_argument",
]

_ID = re.compile(ID_PATTERN)


class RecordSources(Model):
    """An item of a data file's ``"record_sources"``: the positions of the records a source is the source of."""

    source: SourceRef
    records: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Declared:
    """What a data file says of its sources: ``given`` when it has a ``"source"`` key (null or an id)."""

    given: bool = False
    source: str | None = None
    by_index: dict[int, str] = field(default_factory=dict)


def one_cited(records: Iterable[Record]) -> str | None:
    """The one source the records cite (a source record counts as its own), or None: none, or several."""
    found: str | None = None
    for record in records:
        for source in (record.id,) if isinstance(record, Source) else cited_sources(record):
            if found is None:
                found = source
            elif source != found:
                return None
    return found


def placed(located: Sequence[Located], declared: Declared | None = None) -> list[Located]:
    """The versions of one file or call, each with the source it belongs to (see the module)."""
    declared = declared or Declared()
    default = declared.source if declared.given else one_cited(item.record for item in located)
    if default is None and not declared.by_index:
        return list(located)
    return [replace(item, source=declared.by_index.get(_index(item.path), default)) for item in located]


def _index(path: str) -> int:
    """The position of a record in its file from its JSON path: ``$.records[12]`` is 12."""
    return int(path[path.rindex("[") + 1 : -1])


def source_argument(source: object, method: str) -> str | None:
    """The id ``source=`` names (a ``Source`` stands for its id); a ``TypeError`` for anything else."""
    if source is None or isinstance(source, str):
        return source
    if isinstance(source, Source):
        return source.id
    raise TypeError(f"{method} takes source= as a source id or a Source, not {type(source).__name__}")


def declared_in(document: dict[str, Any], count: int, name: str, log: ProblemLog) -> Declared:
    """The ``"source"`` and ``"record_sources"`` of a data file read in detail; what is wrong goes to ``log``."""
    source = document.get("source")
    if source is not None and not (isinstance(source, str) and _ID.match(source)):
        message = 'the file\'s "source" is the id of the source of its records, such as "source:note-a"'
        log.add(Problem(name, None, "$.source", f"{message} (got {_shown(source)})"))
        source = None
    by_index: dict[int, str] = {}
    given = document.get("record_sources", [])
    if not isinstance(given, list):
        log.add(Problem(name, None, "$.record_sources", _RECORD_SOURCES))
        given = []
    for number, item in enumerate(given):
        where = f"$.record_sources[{number}]"
        whole = isinstance(item, dict) and set(item) == {"source", "records"}
        key, indexes = (item["source"], item["records"]) if whole else (None, None)
        if not (isinstance(key, str) and _ID.match(key) and isinstance(indexes, list)):
            log.add(Problem(name, None, where, _RECORD_SOURCES))
            continue
        for position, index in enumerate(indexes):
            if type(index) is not int or not 0 <= index < count or index in by_index:
                problem = f"expected the position of a record of the file, 0 to {count - 1}, each once (got {index!r})"
                log.add(Problem(name, None, f"{where}.records[{position}]", problem))
            else:
                by_index[index] = key
    return Declared("source" in document, source, by_index)


_RECORD_SOURCES = (
    'an item of "record_sources" names a source and the positions of the records it is the source of: '
    '{"source": "source:note-b", "records": [12, 13]}'
)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def saved_sources(located: Sequence[Located]) -> dict[str, Any]:
    """The top-level keys ``save`` writes so that every version without evidence keeps its source.

    ``"source"``: the source most such versions belong to (null when one belongs to none and loading
    would otherwise take the one source the file cites); ``"record_sources"`` for the others.
    """
    needing = {
        index: item.source
        for index, item in enumerate(located)
        if not isinstance(item.record, Source) and not cited_sources(item.record)
    }
    if not needing:
        return {}
    counts = Counter(needing.values())
    default = None if None in counts else counts.most_common(1)[0][0]
    others: dict[str, list[int]] = {}
    for index, source in needing.items():
        if source is not None and source != default:
            others.setdefault(source, []).append(index)
    keys: dict[str, Any] = {}
    if default is not None or one_cited(item.record for item in located) is not None:
        keys["source"] = default
    if others:
        keys["record_sources"] = [{"source": source, "records": indexes} for source, indexes in others.items()]
    return keys


class Provenance:
    """What each source says of each record, from every version and where it came from: what
    ``kb.values``, ``kb.disagreements``, ``kb.sources_of`` and ``kb.origin`` read.

    The versions are grouped by record when first asked, once (two threads asking at once may both
    group them, to the same result).
    """

    __slots__ = ("_by_id", "_located")

    def __init__(self, located: Sequence[Located]) -> None:
        self._located = located
        self._by_id: dict[str, list[Located]] | None = None

    def _grouped(self) -> dict[str, list[Located]]:
        by_id = self._by_id
        if by_id is None:
            by_id = {}
            for item in self._located:
                found = by_id.get(item.record.id)
                if found is None:
                    by_id[item.record.id] = [item]
                else:
                    found.append(item)
            self._by_id = by_id
        return by_id

    def versions(self, record_id: str) -> list[Located]:
        """Every version of the record with this id, where it came from, in order."""
        return self._grouped()[record_id]

    def values(self, record_id: str, field: str) -> list[Value]:
        """Each value the sources give for ``field`` (a field it does not have is a ``QueryError``)."""
        return stated_values(self._grouped()[record_id], field)

    def disagreements(self, record_id: str | None = None) -> list[Disagreement]:
        """The fields on which sources differ: of one record, or of every record, in order."""
        by_id = self._grouped()
        ids = by_id if record_id is None else [record_id]
        return [found for key in ids for found in disagreements(key, by_id[key])]

    def sources(self, record_id: str) -> tuple[str, ...]:
        """The ids of the sources any version of the record speaks for, each once, in order."""
        return tuple(dict.fromkeys(source for item in self._grouped()[record_id] for source in item.sources))


def same_versions(mine: Sequence[Located], theirs: Sequence[Located]) -> bool:
    """Whether two knowledge bases hold equal versions in the same order, each speaking for the same
    sources (equal records may not: a person described without evidence in one source's file or another's)."""
    if [item.record for item in mine] != [item.record for item in theirs]:
        return False
    return all(a.sources == b.sources for a, b in zip(mine, theirs, strict=True))  # no list of 100,000 tuples
