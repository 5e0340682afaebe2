"""``KnowledgeBase``: the records, looked up by id, by family, and by fuzzy bilingual search."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from ._arguments import (
    optional_path_argument,
    path_argument,
    positive_int_argument,
    record_class_argument,
    record_key,
    record_not_found,
    search_arguments,
    types_argument,
)
from ._showing import as_html, remember
from .errors import MAX_PROBLEMS, Candidate, ProblemLog, QueryError, a_type, shown
from .linking import DEFAULT_MIN_SCORE, Draft, Linker, Links, link_arguments, make_draft
from .models import RECORD_TYPES, Fact, Record, RecordTypes, Source
from .models.families import BuiltInFamilies
from .models.wording import label
from .profile import Profile, resolve
from .reading._assembly import (
    assemble,
    collector_paused,
    given_records,
    locate_arguments,
    locate_given,
    read_folders,
    replaced,
    save_versions,
    told_by,
    with_types,
)
from .reading._checks import Located, Unvalidated, mentions_of
from .reading._combining import Disagreement, Value
from .reading._provenance import Provenance, same_versions
from .reading._store import DEFAULT_MAX_FILE_BYTES, bundled_data_dir
from .search._index import DEFAULT_CUTOFF, DEFAULT_LIMIT, SearchIndex, built_index, plausibly_meant
from .search._query import MAX_QUERY_LENGTH, SUGGESTION_CUTOFF, SUGGESTION_MARGIN
from .search._results import SearchResults

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # no stubs installed; only named in an annotation
    from matplotlib.axes import Axes
    from networkx import MultiDiGraph  # type: ignore[import-untyped]

    from .outputs._graph import Graph

__all__ = ["BUNDLED", "KnowledgeBase", "load"]

R = TypeVar("R", bound=Record)


BUNDLED: Path = bundled_data_dir()
"""The folder of the bundled data: ``load(BUNDLED, "mine.json")`` loads your file beside it."""


def load(
    *paths: str | PathLike[str] | None,
    types: Iterable[type[Record]] = (),
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_problems: int = MAX_PROBLEMS,
) -> KnowledgeBase:
    """Load the bundled knowledge base, or data files and folders of ``*.json`` files, as one.

    Several paths load as one knowledge base: references across them resolve, and a record that two
    of them describe (one id, one type) is combined, every version kept (``kb.values``).
    ``load(BUNDLED, "mine.json")`` adds your file to the bundled data; ``load()`` is the bundled data.
    ``types`` are record models of your own that the files may hold, besides the built-in ones:
    ``load("mine/", types=[Acquisition])``. Raises ``DataError`` listing the problems found (file,
    record id, JSON path, what is wrong): the first ``max_problems``, and how many more there were.
    A data file over ``max_file_bytes`` (100 MiB unless raised) is refused unread, so an untrusted
    file costs bounded memory.
    """
    given = [optional_path_argument(path, "load()") for path in paths]
    positive_int_argument(max_file_bytes, "max_file_bytes")
    positive_int_argument(max_problems, "max_problems")
    known = with_types(RECORD_TYPES, types)
    log = ProblemLog(max_problems)
    with collector_paused():
        located, unvalidated = read_folders(given, log, max_file_bytes, known)
        return KnowledgeBase._from_located(located, log, unvalidated, known)


class KnowledgeBase(BuiltInFamilies):
    """An immutable set of records with references checked, looked up by id, family or search.

    Each family is an attribute: ``kb.people``, ``kb.investors``, ``kb.acquisitions`` for a type of your own.
    """

    __slots__ = ("__weakref__", "_by_id", "_by_type", "_index", "_linker", "_located", "_lock", "_mentions", "_told",
                 "_types", "_versions")  # fmt: skip

    def __init__(self, records: Iterable[Record | dict[str, Any]] = (), *, source: str | Source | None = None) -> None:
        given = given_records(records)  # read before the collector pauses: a generator may switch it
        with collector_paused():
            self._setup(*locate_given(given, source))

    @classmethod
    def from_records(
        cls, records: Iterable[Record | dict[str, Any]], *, source: str | Source | None = None
    ) -> KnowledgeBase:
        """A knowledge base of your own records (models or dicts), checked as ``load`` checks files;
        ``source`` as ``add`` takes it."""
        return cls(records, source=source)

    @classmethod
    def _from_located(
        cls, located: Sequence[Located], log: ProblemLog, unvalidated: Sequence[Unvalidated], types: RecordTypes
    ) -> KnowledgeBase:
        kb = cls.__new__(cls)
        with collector_paused():
            kb._setup(located, log, unvalidated, types)
        return kb

    def _setup(
        self, located: Sequence[Located], log: ProblemLog, unvalidated: Sequence[Unvalidated], types: RecordTypes
    ) -> None:
        contents = assemble(located, log, unvalidated, types)
        self._types = types
        self._located = contents.located  # every version, where it came from, in order: what save writes
        self._versions = contents.versions
        self._by_id: dict[str, Record] = contents.by_id
        self._by_type: dict[str, list[Record]] = contents.by_type
        self._mentions: dict[str, list[Record]] | None = None  # who refers to whom: worked out when first asked
        self._told = Provenance(self._located)  # what each source says: worked out when first asked
        self._index: SearchIndex | None = None
        self._linker: Linker | None = None
        self._lock = threading.Lock()
        remember(self)

    # -- building, comparing and saving ---------------------------------------------------------

    def add(self, *records: Record | dict[str, Any], source: str | Source | None = None) -> KnowledgeBase:
        """A new knowledge base with these records added after the others; this one stays as it is.

        A record whose id is already here is the same thing described again (by another source): it is
        combined with it, every version kept with its evidence (``values`` lists what each says). One
        id for two types is a ``DataError``; ``replace`` changes a record. References are checked as
        ``load`` checks them: ``kb.add(person, departure)``. ``source`` is the source the records
        without evidence belong to; by default the one source the records cite, if exactly one.
        """
        added, log, unvalidated, types = locate_arguments("add", records, self._types, source)
        return self._from_located([*self._located, *added], log, unvalidated, types)

    def replace(self, *records: Record | dict[str, Any], source: str | Source | None = None) -> KnowledgeBase:
        """A new knowledge base with these records in place of those with their ids, in the same place.

        A record described by several sources is replaced whole: its versions give way to the one
        given. An id that is not here is a ``DataError`` (``add`` adds records); the records that refer
        to a replaced one are checked again, so a reference can never dangle or point at the wrong type.
        ``source`` is as ``add`` takes it.
        """
        given, log, unvalidated, types = locate_arguments("replace", records, self._types, source)
        located = replaced(self._located, given, self._by_id, log)
        return self._from_located(located, log, unvalidated, types)

    def merge(self, other: KnowledgeBase) -> KnowledgeBase:
        """One knowledge base of this one's records, then the other's: ``load().merge(load("mine/"))``.

        A record in both is the same thing described twice: equal, it is kept once; different, both
        versions are kept and combined (see ``add``), nothing is overwritten. One id for two types is
        a ``DataError`` naming both places.
        """
        if not isinstance(other, KnowledgeBase):
            raise TypeError(f"merge() expects a KnowledgeBase, not {type(other).__name__}")
        types = self._types.with_models(other._types.values())
        return self._from_located([*self._located, *other._located], ProblemLog(), (), types)

    def save(self, path: str | PathLike[str], *, schema: str | None = None) -> Path:
        """Write every record to one data file, which ``load`` reads back equal to this knowledge base.

        The output is stable (records in this knowledge base's order, fields in model order, two-space
        indent), so a diff shows only what changed. The save is atomic: the bytes go to a temporary
        file beside ``path``, are flushed to disk, then replace ``path`` in one step; a save cut short
        leaves the old file as it was. ``schema`` is a ``$schema`` to write at the top, for editors
        (``openai-kb schema > records.schema.json`` makes one). Returns the path written, so
        ``load(kb.save(path)) == kb``. Raises ``SaveError`` (an ``OSError``) when the file cannot be
        written, or ``path`` (or what its link points at) is there and not a regular file.
        """
        target = path_argument(path, "save()")
        if schema is not None and not isinstance(schema, str):
            raise TypeError(f"schema must be a str or None, not {type(schema).__name__}")
        save_versions(target, self._located, schema)
        return target

    def __eq__(self, other: object) -> bool:
        """Equal when both hold equal records in the same order, each speaking for the same sources.

        Order counts because it shows: in families, in iteration, in search ties and in the saved
        file. So equal knowledge bases behave alike and save to the same bytes.
        """
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        return self is other or same_versions(self._located, other._located)

    __hash__ = None  # type: ignore[assignment]  # equal by contents, which a hash could not follow

    @property
    def types(self) -> RecordTypes:
        """The record types this knowledge base knows: the built-in ones and any of your own."""
        return self._types

    def origin(self, key: str | Record) -> tuple[str, str]:
        """Where a record came from: its file (``<records>`` when built in code) and JSON path."""
        item = self._told.versions(self[key].id)[-1]
        return item.file, item.path

    def origins(self) -> tuple[Located, ...]:
        """Every version of every record with the file and JSON path it came from, in order: what ``save`` writes.

        Each item has ``record``, ``file`` (``<records>`` when built in code), ``path``, ``source`` (of
        its file or call) and ``sources`` (those it speaks for); a record that two sources describe
        appears once for each.
        """
        return self._located

    # -- by id ---------------------------------------------------------------------------------

    def __getitem__(self, key: str | Record) -> Record:
        record = self.get(key)
        if record is None:
            raise record_not_found(record_key(key), self)
        return record

    def get(self, key: str | Record) -> Record | None:
        """The record with this id (or the id of this record), or ``None``."""
        return self._by_id.get(record_key(key))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, (str, Record)) and record_key(key) in self._by_id

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(self._by_type[kind])}" for kind in self._types if kind in self._by_type)
        noun = "record" if len(self) == 1 else "records"
        return f"<KnowledgeBase {len(self)} {noun}: {counts}>"

    def closest(self, query: str, *, types: Iterable[str] | None = None) -> list[Candidate]:
        """What a query that found nothing may have meant: every "did you mean" comes from here.

        At most three records matching at least ``SUGGESTION_CUTOFF``, within ``SUGGESTION_MARGIN``
        of the best and plausibly the same word (``软银`` is not ``微软``), best first.
        """
        matches = self.search(query, limit=3, types=types, score_cutoff=SUGGESTION_CUTOFF)
        return [
            Candidate(match.record.id, self.label(match.record), match.score)
            for match in matches
            if matches[0].score - match.score <= SUGGESTION_MARGIN and plausibly_meant(query, match)
        ]

    # -- families ------------------------------------------------------------------------------

    def records(self, kind: type[R]) -> list[R]:
        """Every record of one model class, in load order: ``kb.records(Person)``, ``kb.records(Fact)``."""
        type_name = record_class_argument(kind, self._types)
        if type_name is None:  # a base class (Fact, Entity): every record of a subclass
            return [record for record in self._by_id.values() if isinstance(record, kind)]
        return [record for record in self._by_type.get(type_name, []) if isinstance(record, kind)]

    def __getattr__(self, name: str) -> list[Record]:
        """Any family by name, as ``BuiltInFamilies`` names the built-in ones: ``kb.acquisitions``."""
        if name.startswith("_"):  # no family; and an attribute not yet set while it is being built
            raise AttributeError(name)
        type_name = self._types.families.get(name)
        if type_name is None:
            raise AttributeError(f"'KnowledgeBase' object has no attribute {name!r}", name=name, obj=self)
        return self.records(self._types[type_name])

    def mentions(self, key: str | Record) -> list[Fact]:
        """The facts (and other records) that refer to this record, in load order."""
        target = self[key].id
        if self._mentions is None:
            with self._lock:
                if self._mentions is None:
                    self._mentions = mentions_of(self._located, self._by_id)
        return [record for record in self._mentions.get(target, []) if isinstance(record, Fact)]

    # -- what each source says ----------------------------------------------------------------

    def versions(self, key: str | Record) -> tuple[Record, ...]:
        """Every version of a record, as each description gave it, in order (one when one source told it)."""
        record = self[key]
        return self._versions.get(record.id, (record,))

    def values(self, key: str | Record, field: str) -> list[Value]:
        """What the sources say for one field of a record: each distinct value with its ``holdings``,
        how each source holds it (source, value as given, assertion, evidence), in order (one item
        when they agree, however each holds it; none when none gives it).

        ``kb.values("round:openai-2024-10", "amount")[0].sources``
        """
        return self._told.values(self[key].id, field)

    def disagreements(self, key: str | Record | None = None) -> list[Disagreement]:
        """Every field on which the sources of a record give different values (of one, with ``key``), in order."""
        return self._told.disagreements(None if key is None else self[key].id)

    def sources_of(self, key: str | Record) -> tuple[str, ...]:
        """The ids of the sources a record's versions speak for, in order: those their evidence cites,
        else the source of the file or call each came in (a source is its own)."""
        return self._told.sources(self[key].id)

    def by_source(self, source: str | Source) -> KnowledgeBase:
        """The knowledge base as one source alone tells it: the versions it speaks for (``sources_of``),
        with its values, the source itself, and the records they refer to, so references resolve.
        """
        source_id = self[source].id
        if not isinstance(self[source_id], Source):
            raise QueryError(f"{shown(source_id)} is {a_type(self[source_id].type)}, not a source")
        kept = told_by(self._located, source_id)
        return self._from_located(kept, ProblemLog(), (), self._types)

    def label(self, key: str | Record) -> str:
        """A one-line English label of a record: ``Mira Murati left OpenAI (Chief Technology Officer)``."""
        return label(self[key], self._name_of)

    def _name_of(self, record_id: str) -> str:
        record = self._by_id.get(record_id)
        return record_id if record is None else label(record, self._name_of)

    # -- tables and exports --------------------------------------------------------------------

    def table(self, kind: str) -> list[dict[str, object]]:
        """One flat row per record of a family (``"investors"``) or type (``"investment"``), in load order.

        Nested values get their own columns (``amount``, ``amount_currency``...), references their
        id and a ``_label`` column; amounts stay exact ``Decimal``. See ``docs/exports.md``.
        """
        from .outputs._tabular import table

        return table(self, kind)

    def to_pandas(self, kind: str, *, exact: bool = False) -> pandas.DataFrame:
        """A family's ``table`` as a pandas DataFrame; needs pandas installed.

        Amounts are ``float64``, to sort, sum and plot, each with its exact ``Decimal`` beside it
        (``amount_exact``, as in SQLite); ``exact=True`` makes the amount itself the ``Decimal``.
        """
        from .outputs._pandas import to_pandas

        return to_pandas(self, kind, exact=exact)

    @overload
    def export(self, format: Literal["sqlite"], path: None = None) -> bytes: ...

    @overload
    def export(
        self,
        format: Literal["json", "jsonl", "csv", "jsonld"],
        path: None = None,
        *,
        kind: str | None = None,
        excel: bool = False,
    ) -> str: ...

    @overload
    def export(
        self,
        format: str,
        path: str | PathLike[str],
        *,
        kind: str | None = None,
        excel: bool = False,
        datasette: bool = False,
    ) -> None: ...

    @overload
    def export(
        self,
        format: str,
        path: str | PathLike[str] | None = None,
        *,
        kind: str | None = None,
        excel: bool = False,
        datasette: bool = False,
    ) -> str | bytes | None: ...

    def export(
        self,
        format: str,
        path: str | PathLike[str] | None = None,
        *,
        kind: str | None = None,
        excel: bool = False,
        datasette: bool = False,
    ) -> str | bytes | None:
        """The knowledge base as ``json``, ``jsonl``, ``csv``, ``sqlite`` or ``jsonld``; returned, or written to a file.

        Returns text (bytes for ``sqlite``) without ``path``; with one, writes it atomically and
        returns None. ``csv`` needs ``kind`` (one family) or a folder as ``path`` (every family);
        ``excel=True`` starts it with a byte-order mark. ``datasette=True`` writes the ``sqlite``
        database and Datasette's ``metadata.json`` into the folder ``path``. See ``docs/exports.md``.
        """
        from .outputs.exports import export

        return export(self, format, path, kind=kind, excel=excel, datasette=datasette)

    # -- about one thing, pictures, notebooks ---------------------------------------------------

    def about(self, query: str | Record) -> Profile:
        """One record and everything said about it: ``kb.about("穆拉蒂")``, ``kb.about("org:openai")``.

        ``query`` is an id, a record or a name in any language. Raises ``NoMatchError`` (a
        ``NotFoundError``) naming the closest records when nothing matches well, and
        ``AmbiguousQueryError`` listing the candidates when different records match about equally.
        """
        return Profile.of(self, resolve(self, query))

    def graph(self) -> Graph:
        """The article as a graph that draws itself in notebooks as SVG, offline (Graphviz, else our own layout)."""
        from .outputs import _graph as graph  # drawing is rare: not paid for at import

        return graph.build_graph(self)

    def plot(self, kind: str, *, ax: Axes | None = None) -> Axes:
        """Draw ``"valuations"`` or ``"investors"`` with matplotlib (the ``plot`` extra): amounts on a log
        scale, each value coloured by its sources, named in the legend. Returns the matplotlib ``Axes``.
        """
        from .outputs._plotting import plot  # matplotlib is heavy: imported only to draw

        return plot(self, kind, ax=ax)

    def to_mermaid(self) -> str:
        """The graph of investors, departures, competitors and valuations as a Mermaid flowchart."""
        return self.graph().to_mermaid()

    def to_dot(self) -> str:
        """The same graph in Graphviz DOT."""
        return self.graph().to_dot()

    def to_networkx(self) -> MultiDiGraph:
        """The same graph as a ``networkx.MultiDiGraph`` (needs the ``graph`` extra)."""
        return self.graph().to_networkx()

    def _repr_html_(self) -> str:
        return as_html(self)

    # -- search --------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        types: Iterable[str] | None = None,
        score_cutoff: float = DEFAULT_CUTOFF,
    ) -> SearchResults:
        """Records matching ``query`` best first: names, aliases, titles, labels and amounts, any language.

        ``types`` keeps only records of these types or families, as the command line takes them
        (``"person"``, ``"people"``, ``"investors"``, ``"funding rounds"``); an unknown word is an
        ``UnknownKindError`` naming the closest.
        An empty query, or one that matches nothing at least ``score_cutoff`` well, gives ``[]``.
        """
        search_arguments(query, limit, score_cutoff)
        wanted = types_argument(types, self._types)
        return SearchResults.of(
            self._search_index().search(query[:MAX_QUERY_LENGTH], limit=limit, types=wanted, cutoff=score_cutoff),
            query,
            self.label,
        )

    def link(self, text: str, *, types: Iterable[str] | None = None, min_score: float = DEFAULT_MIN_SCORE) -> Links:
        """Every mention in ``text`` of a record held here, names in any script and figures: see ``Link``."""
        link_arguments(text, min_score)
        wanted = types_argument(types, self._types)
        with self._lock:  # built once, on the first call, and shared by every thread
            self._linker = self._linker or Linker(self, self._by_id)
        return Links(text, self._linker.link(text, wanted, min_score), label_of=self.label)

    def draft(self, text: str, source: Source | str) -> Draft:
        """Versions of the records ``text`` names, with its figures and quotes, for review: ``Draft``."""
        return make_draft(self, text, source, self.link)

    def build_index(self) -> None:
        """Build the search index now rather than on the first search, which otherwise builds it.

        A large knowledge base takes seconds (about 10 for a million names); on a terminal, a
        progress bar on stderr shows how far the build is once it has taken a second. The index is
        built once and shared by every thread; calling this again does nothing.
        """
        self._search_index()

    def _search_index(self) -> SearchIndex:
        if self._index is None:
            with self._lock:
                self._index = self._index or built_index(self._by_id, lambda r: label(r, self._name_of), self.origins())
        return self._index
