"""Search results: ``Match`` (one record found, and how), ``Matched`` (what it hit), ``SearchResults``.

These are what ``kb.search`` returns; the engine that finds them is ``openai_kb.search._index``. How they
print and render is ``openai_kb.outputs._render``'s business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._showing import as_html, as_text
from ..models import Record

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # no stubs installed; only named in an annotation

__all__ = ["Match", "Matched", "SearchResults"]


@dataclass(frozen=True, slots=True)
class Matched:
    """What a match hit: the text as written in the data, its language, and the field it is.

    ``sources`` names, for a record several sources describe, the sources whose version gives this
    text (a name, alias, title or amount), in order; it is empty for a record one version describes
    (its sources, ``kb.sources_of``, give everything it holds) and for what no version gives alone
    (the id, the combined record's label).
    """

    text: str
    language: str | None
    field: str  # "id", "name", "title", "label", "amount", or "topic" (a word naming the record's type)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """One search result: the record, a calibrated 0-100 score, and how it matched.

    ``steps`` names what made the query meet the key, in order: ``exact`` (the same text),
    ``normalized`` (equal after width, case, accents and punctuation are folded),
    ``script-folded`` (Traditional characters mapped to Simplified), ``pinyin``, ``fuzzy`` (similar,
    not equal), ``money`` (the same amount) or ``topic`` (a word naming what the record is about,
    first of the steps by which the rest of the query met it). ``scores`` holds the raw numbers behind ``score``.
    ``ambiguous`` is true when another record scores within ``AMBIGUITY_MARGIN`` of this one.
    ``query_part`` is the part of a query naming several things (``Microsoft`` of ``Microsoft and
    Nvidia``) that this record matched; ``None`` for a query naming one.
    """

    record: Record
    score: float
    matched: Matched
    steps: tuple[str, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    ambiguous: bool = False
    query_part: str | None = None

    def __repr__(self) -> str:
        # the record's own repr runs to pages; a result list should read at a glance
        language = f" {self.matched.language}" if self.matched.language else ""
        flag = ", ambiguous" if self.ambiguous else ""
        part = f", query_part={self.query_part!r}" if self.query_part is not None else ""
        sources = f", sources={'+'.join(self.matched.sources)}" if self.matched.sources else ""
        return (
            f"Match({self.record.id!r}, score={self.score}, matched={self.matched.text!r}"
            f" ({self.matched.field}{language}){sources}, steps={'+'.join(self.steps)}{flag}{part})"
        )


class SearchResults(list[Match]):
    """Search results, best first: a plain list of ``Match`` (equal to one) that also shows itself.

    ``str()`` is a numbered plain-text list; in a notebook it renders as a table. ``labels`` holds
    the English label of each record found, so the results print without their knowledge base.
    """

    def __init__(
        self,
        matches: Iterable[Match] = (),
        *,
        query: str = "",
        labels: Mapping[str, str] | None = None,
        label_of: Callable[[Record], str] | None = None,
    ) -> None:
        super().__init__(matches)
        self.query = query
        self._labels: dict[str, str] | None = dict(labels) if labels is not None else None
        self._label_of = label_of

    @classmethod
    def of(cls, matches: Iterable[Match], query: str, label_of: Callable[[Record], str]) -> SearchResults:
        """Results labelled by ``label_of`` (``kb.label``), when first shown: a search stays as fast as a dict."""
        return cls(matches, query=query, label_of=label_of)

    @property
    def labels(self) -> dict[str, str]:
        """The English label of each record found, by id (made once, when first asked for)."""
        if self._labels is None:
            label_of = self._label_of
            self._labels = {m.record.id: label_of(m.record) for m in self} if label_of is not None else {}
        return self._labels

    def label(self, match: Match) -> str:
        """The English label of a match's record (its id when the results carry no label for it)."""
        return self.labels.get(match.record.id, match.record.id)

    def to_pandas(self) -> pandas.DataFrame:
        """One row per match, best first, to sort, filter or join; needs pandas installed.

        Columns: ``rank`` (from 1), ``id``, ``type``, ``label``, ``score``, ``matched`` (the text as
        written), ``field``, ``language``, ``steps`` (joined with ``+``, as ``Match`` prints them) and
        ``ambiguous``.
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("SearchResults.to_pandas() needs pandas: pip install 'openai-kb[pandas]'") from None
        rows = [
            (
                rank,
                match.record.id,
                match.record.type,
                self.label(match),
                float(match.score),
                match.matched.text,
                match.matched.field,
                match.matched.language,
                "+".join(match.steps),
                match.ambiguous,
            )
            for rank, match in enumerate(self, 1)
        ]
        frame = pandas.DataFrame.from_records(rows, columns=_PANDAS_COLUMNS)
        return frame.astype(_PANDAS_DTYPES)  # an empty frame has the same dtypes as a full one

    def __getstate__(self) -> dict[str, object]:
        """Pickled with their labels, not with the knowledge base that makes them."""
        return {"query": self.query, "_labels": self.labels, "_label_of": None}

    def __str__(self) -> str:
        return as_text(self)

    def _repr_html_(self) -> str:
        return as_html(self)


_PANDAS_DTYPES = {
    "rank": "int64",
    "id": object,
    "type": object,
    "label": object,
    "score": "float64",
    "matched": object,
    "field": object,
    "language": object,
    "steps": object,
    "ambiguous": "bool",
}
_PANDAS_COLUMNS = list(_PANDAS_DTYPES)
