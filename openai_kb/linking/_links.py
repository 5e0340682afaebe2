"""``Link`` and ``Links``: what ``kb.link`` finds, each mention with its record and why it matched."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, overload

from ..models import Money, Quantity, Record

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
    """The links ``kb.link`` found in ``text``, ordered by where they start; ``str()`` lists them."""

    __slots__ = ("_links", "text")

    def __init__(self, text: str, links: Sequence[Link]) -> None:
        self.text = text
        """The text linked."""
        self._links = tuple(sorted(links, key=lambda link: (link.start, -link.end)))

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
