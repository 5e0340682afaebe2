"""``Link`` and ``Links``: what ``kb.link`` finds, each mention with its record and why it matched."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, overload

from .._showing import as_html
from ..amounts import format_amount, parse_amount
from ..models import Money, Quantity, Record

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # no stubs installed; only named in an annotation

__all__ = ["Link", "LinkKind", "Links"]

LinkKind = Literal["name", "amount"]


@dataclass(frozen=True, slots=True)
class Link:
    """One mention in a text of a record the knowledge base holds: ``text[link.start:link.end] == link.text``."""

    start: int
    """Where the mention begins in the text as given, in code points."""
    end: int
    """Where it ends (exclusive), in code points."""
    text: str
    """The mention as the text writes it."""
    record: Record
    """The record it names: the most likely one when several could be meant (see ``ambiguous``)."""
    kind: LinkKind
    """``"name"`` (a name, alias, title or part of a person's name) or ``"amount"`` (a figure)."""
    score: float
    """How sure the link is, 0-100, on search's scale: 100 is a whole name or a figure held as written."""
    why: str
    """What matched, in words: ``alias '輝達' (zh-Hant) of org:nvidia``."""
    ambiguous: tuple[Record, ...] = ()
    """The other records it may name when the text did not decide between them (empty when it did)."""
    differs: tuple[Money | Quantity, ...] = ()
    """For a figure beside a known fact that differs from all it holds: the values the sources give."""

    def __str__(self) -> str:
        extra = f"; or {', '.join(r.id for r in self.ambiguous)}" if self.ambiguous else ""
        where = f"{self.start}-{self.end} {self.text!r} -> {self.record.id}"
        return f"{where} ({self.kind}, {self.score:.0f}: {self.why}{extra})"


class Links(Sequence[Link]):
    """The links ``kb.link`` found in ``text``, ordered by where they start; ``str()`` lists them.

    In a notebook it shows as the text with each mention highlighted and labelled; ``to_pandas()``
    makes a table of it. ``labels`` holds the English label of each record linked (and of those an
    ambiguous link may name), so the links show without their knowledge base.
    """

    __slots__ = ("_label_of", "_labels", "_links", "text")

    def __init__(
        self,
        text: str,
        links: Sequence[Link],
        *,
        labels: Mapping[str, str] | None = None,
        label_of: Callable[[Record], str] | None = None,
    ) -> None:
        self.text = text
        """The text linked."""
        self._links = tuple(sorted(links, key=lambda link: (link.start, -link.end)))
        self._labels: dict[str, str] | None = dict(labels) if labels is not None else None
        self._label_of = label_of

    @property
    def labels(self) -> dict[str, str]:
        """The English label of each record linked or named as another it may be, by id (made when first asked for)."""
        if self._labels is None:
            label_of = self._label_of
            records = {record.id: record for link in self._links for record in (link.record, *link.ambiguous)}
            self._labels = {key: label_of(record) for key, record in records.items()} if label_of else {}
        return self._labels

    def label(self, record: Record) -> str:
        """The English label of a record linked (its id when the links carry no label for it)."""
        return self.labels.get(record.id, record.id)

    @overload
    def __getitem__(self, index: int) -> Link: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Link]: ...

    def __getitem__(self, index: int | slice) -> Link | Sequence[Link]:
        return self._links[index]

    def __len__(self) -> int:
        return len(self._links)

    def __iter__(self) -> Iterator[Link]:
        return iter(self._links)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Links):
            return NotImplemented
        return self.text == other.text and self._links == other._links

    __hash__ = None  # type: ignore[assignment]  # equal by contents

    def __repr__(self) -> str:
        noun = "link" if len(self) == 1 else "links"
        return f"<Links: {len(self)} {noun} in {len(self.text)} characters>"

    def __str__(self) -> str:
        if not self._links:
            return "No links."
        return "\n".join(map(str, self._links))

    def _repr_html_(self) -> str:
        return as_html(self)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with their labels, not with the knowledge base that makes them."""
        return {"text": self.text, "_links": self._links, "_labels": self.labels, "_label_of": None}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def to_pandas(self) -> pandas.DataFrame:
        """One row per link, in the text's order, to sort, filter or join; needs pandas installed.

        Columns: ``start``, ``end``, ``text`` (the mention), ``id``, ``label`` and ``type`` of the
        record, ``kind``, ``score``, ``why``, ``ambiguous`` (the other records' ids, joined with
        ``"; "``, empty when the text decided), ``differs`` (the values held, in words, joined with
        ``"; "``, for a differing figure), and for a figure what it says: ``amount`` (``float64``, to
        sort and sum), ``amount_exact`` (the exact decimal, as text) and ``currency`` (when it names one).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("Links.to_pandas() needs pandas: pip install 'openai-kb[pandas]'") from None
        rows = [(*_row(link, self.label(link.record)), *_figure(link)) for link in self._links]
        columns = {  # column by column: a figure's currency stays None for a name, not NaN
            name: pandas.Series([row[i] for row in rows], dtype=dtype, name=name)
            for i, (name, dtype) in enumerate(_PANDAS_DTYPES.items())
        }
        return pandas.DataFrame(columns)  # an empty frame has the same dtypes as a full one


def _row(link: Link, label: str) -> tuple[object, ...]:
    ambiguous = "; ".join(record.id for record in link.ambiguous)
    differs = "; ".join(format_amount(value) for value in link.differs)
    return (link.start, link.end, link.text, link.record.id, label, link.record.type, link.kind, float(link.score),
            link.why, ambiguous, differs)  # fmt: skip


def _figure(link: Link) -> tuple[float | None, str | None, str | None]:
    """What a figure says: its amount as a float and exactly, and its currency; nothing for a name."""
    parsed = parse_amount(link.text) if link.kind == "amount" else None
    if parsed is None:
        return None, None, None
    return float(parsed.amount), format(parsed.amount, "f"), parsed.currency


_PANDAS_DTYPES = {
    "start": "int64",
    "end": "int64",
    "text": object,
    "id": object,
    "label": object,
    "type": object,
    "kind": object,
    "score": "float64",
    "why": object,
    "ambiguous": object,
    "differs": object,
    "amount": "float64",
    "amount_exact": object,
    "currency": object,
}
