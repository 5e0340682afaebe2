"""Fitting text to the terminal's width: display widths, cutting with an ellipsis, column widths, wrapping.

Hand-written rather than rich's: the command line already shows the data's text safely (``visible``)
and colours it by its own rules, and this is all that it needs from a terminal library (rich would
add its markup parser, its own colour rules and some 15-60 ms to every start, for tables it would
draw the same way).

Widths are display columns: a Chinese character or a full-width form takes two
(``unicodedata.east_asian_width`` W or F), a combining mark or invisible format character none,
and our own colour codes (``ESC [ ... m``; the data's controls are escaped before they get here)
none. Characters of ambiguous width, such as the ellipsis, count as one, as terminals outside
East Asian locales show them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

__all__ = ["ELLIPSIS", "Fit", "cut", "fit_widths", "longest_word", "table_widths", "width", "wrap"]

ELLIPSIS = "…"

Fit = Literal["keep", "wrap", "shrink", "drop"]
"""How a table column gives way on a narrow terminal: ``keep`` its text whole on one line (ids,
numbers, field names: what is copied into the next command), ``wrap`` its text whole over several
lines, broken at spaces only (figures and source names: ``about US$1.2 billion``), ``shrink`` (long
labels, cut with an ellipsis), or ``drop`` (a column that repeats what another shows, left out when
the others would be cut short). Where a table cannot keep the ``keep`` and ``wrap`` columns whole,
or would cut a label under ``LEAST_LABEL``, it is shown one value a line instead (``table_widths``)."""

GAP = 2  # spaces between two columns
FLOOR = 24  # columns a shrinking column keeps (if it is that wide) before a droppable column is left out
LEAST_LABEL = 8  # columns under which a cut label says too little to be worth a table row

_OUR_CODES = re.compile(r"\x1b\[[0-9;]*m")
# A colour code (no width), a run of spaces, or a run of anything else (split further at wide characters).
_RUNS = re.compile(r"\x1b\[[0-9;]*m| +|[^ \x1b]+|\x1b")
# Punctuation that never starts a line, and that never ends one (the common rules of line breaking).
_NO_START = frozenset("，。、；：？！”’）》」』】〕…·—,.;:!?)]}%")
_NO_END = frozenset("“‘（《「『【〔")


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Chinese characters take two, combining marks and colour codes none."""
    if "\x1b" in text:
        text = _OUR_CODES.sub("", text)
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def cut(text: str, columns: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` as it is if it takes at most ``columns``, else cut to fit with ``ellipsis`` at its end.

    A wide character that would straddle the limit is left out, so the result may be a column
    short (the table pads it). ``columns`` under the ellipsis's width gives as much of it as fits.
    """
    if width(text) <= columns:
        return text
    room = columns - width(ellipsis)
    if room < 0:
        return ellipsis[: max(columns, 0)]
    kept, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > room:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ellipsis


def fit_widths(natural: Sequence[int], limit: int | None, fits: Sequence[Fit]) -> list[int]:
    """The width of each column so that a row of them, ``GAP`` apart, takes at most ``limit`` columns.

    ``natural`` is each column's widest cell, ``limit`` None means no limit. 0 means the column is
    left out. In turn, until the row fits: the ``shrink`` and ``drop`` columns share what the
    ``keep`` columns leave, the narrowest first (a column that needs less than its share gives the
    rest to the others); while that would cut any of them under ``FLOOR``, a ``drop`` column is left
    out, the rightmost first; and as a last resort every column shares the width, one column each
    at least.
    """
    widths = list(natural)
    if limit is None or _row(widths) <= limit:
        return widths
    shown = [True] * len(widths)
    while True:
        flexible = [i for i, fit in enumerate(fits) if shown[i] and fit != "keep"]
        kept = sum(widths[i] for i, fit in enumerate(fits) if shown[i] and fit == "keep")
        budget = limit - kept - GAP * (sum(shown) - 1)
        shares = _share([natural[i] for i in flexible], budget)
        if all(share >= min(natural[i], FLOOR) for i, share in zip(flexible, shares, strict=True)):
            break
        droppable = [i for i in flexible if fits[i] == "drop"]
        if not droppable:
            break
        shown[droppable[-1]] = False
        widths[droppable[-1]] = 0
    if flexible and budget >= len(flexible):
        for i, share in zip(flexible, shares, strict=True):
            widths[i] = share
        return widths
    everything = [i for i in range(len(widths)) if shown[i]]
    shares = _share([natural[i] for i in everything], limit - GAP * (len(everything) - 1))
    for i, share in zip(everything, shares, strict=True):
        widths[i] = max(share, 1)
    return widths


def longest_word(text: str) -> int:
    """The width of the widest piece ``wrap`` never breaks: a run without spaces, where Chinese breaks anywhere."""
    return max((width(piece) for piece in _split_wide(_RUNS.findall(text)) if not piece.startswith(" ")), default=0)


def table_widths(
    natural: Sequence[int], limit: int | None, fits: Sequence[Fit], words: Sequence[int]
) -> list[int] | None:
    """Column widths as ``fit_widths`` gives them, where every ``keep`` column is whole, every ``wrap`` column at
    least its longest word (``words``) wide, and every ``shrink`` column at least ``LEAST_LABEL`` (or its
    whole width); ``None`` when no such widths fit ``limit``: the rows are then shown one value a line.

    A ``wrap`` column short of its longest word takes the columns it needs from the labels first, then
    from the other ``wrap`` columns, never from a kept column.
    """
    widths = fit_widths(natural, limit, ["shrink" if fit == "wrap" else fit for fit in fits])
    least = [
        natural[i] if fit == "keep" else words[i] if fit == "wrap" else min(natural[i], LEAST_LABEL)
        for i, fit in enumerate(fits)
    ]
    for i, fit in enumerate(fits):
        if fit != "wrap" or not widths[i] or widths[i] >= least[i]:
            continue
        givers = [j for j, other in enumerate(fits) if other in ("shrink", "drop") and widths[j]]
        givers += [j for j, other in enumerate(fits) if other == "wrap" and j != i and widths[j]]
        for j in givers:
            given = min(widths[j] - least[j], least[i] - widths[i])
            if given > 0:
                widths[j] -= given
                widths[i] += given
    if any(widths[i] and widths[i] < least[i] for i in range(len(widths))):
        return None
    return widths


def _row(widths: Sequence[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * max(len(shown) - 1, 0)


def _share(wants: Sequence[int], budget: int) -> list[int]:
    """``budget`` shared fairly: each gets what it wants if that is under an equal share, the rest split evenly."""
    shares = [0] * len(wants)
    left, budget = sorted(range(len(wants)), key=lambda i: wants[i]), max(budget, 0)
    while left:
        equal = budget // len(left)
        if wants[left[0]] > equal:
            extra = budget - equal * len(left)
            for rank, i in enumerate(sorted(left)):
                shares[i] = equal + (1 if rank < extra else 0)
            break
        first = left.pop(0)
        shares[first] = wants[first]
        budget -= wants[first]
    return shares


def wrap(line: str, columns: int | None, indent: int | None = None) -> list[str]:
    """``line`` broken into lines of at most ``columns``, at spaces or between Chinese characters.

    Continuation lines are indented by ``indent``, by default two spaces more than the line, so a
    list item (``- ``) or a field (``key: value``) stays one block under its first line. Chinese
    closing punctuation is kept off the start of a line, and opening quotes off its end; a word
    longer than the line is cut where the line ends. Colour codes take no room.
    """
    if columns is None or width(line) <= columns:
        return [line]
    if indent is None:
        indent = len(line) - len(line.lstrip(" ")) + 2
    indent = min(indent, columns // 2)
    lines: list[str] = []
    current: list[str] = []
    pieces = _split_wide(_RUNS.findall(line))[::-1]  # a stack: a word cut in two puts its rest back
    while pieces:
        piece = pieces.pop()
        room = columns - _width_of(current)
        if piece.startswith(("\x1b", " ")) or width(piece) <= room:
            current.append(piece)
            continue
        if width(piece) > columns - indent and room > 0:  # longer than any line: cut it where this one ends
            head = cut(piece, room, "")
            if head:
                current.append(head)
                pieces.append(piece[len(head) :])
                continue
        carried = _carried(current, piece)
        lines.append("".join(current).rstrip(" "))
        current = [" " * indent, *carried]
        pieces.append(piece)
    lines.append("".join(current).rstrip(" "))
    return lines


def _split_wide(runs: Sequence[str]) -> list[str]:
    """Each wide character a piece of its own (Chinese breaks between any two), narrow ones kept together as words."""
    pieces: list[str] = []
    for run in runs:
        if run.isascii():
            pieces.append(run)
            continue
        word = ""
        for char in run:
            if _char_width(char) == 2:
                pieces.extend(filter(None, (word, char)))
                word = ""
            else:
                word += char
        if word:
            pieces.append(word)
    return pieces


def _width_of(pieces: Sequence[str]) -> int:
    return sum(width(piece) for piece in pieces)


def _carried(current: list[str], piece: str) -> list[str]:
    """What moves from the end of ``current`` to the next line with ``piece``: the character a closing mark
    follows, and opening marks, unless that would leave the line empty."""
    take = 0
    if piece[0] in _NO_START and current and not current[-1].startswith((" ", "\x1b")):
        take = 1
    while take < len(current) and current[-1 - take] in _NO_END:
        take += 1
    if take == 0 or not "".join(current[:-take]).strip():
        return []
    carried = current[-take:]
    del current[-take:]
    return carried
