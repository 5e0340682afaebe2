"""How the command line writes: aligned tables, coloured on a terminal and plain when piped, or JSON.

Colour follows the usual conventions: on only when standard output is a terminal, off when
``NO_COLOR`` is set (https://no-color.org), forced on by ``FORCE_COLOR``.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

import orjson

__all__ = ["Output", "width"]

_STYLES = {"bold": "1", "dim": "2", "green": "32", "yellow": "33", "cyan": "36", "red": "31"}


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Chinese characters take two, combining marks none."""
    columns = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return columns


def _pad(text: str, columns: int, right: bool) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


class Output:
    """Standard output and error of one command run, and whether to colour them."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None, color: bool | None = None) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.color = _wants_color(self.stdout) if color is None else color

    def style(self, text: str, *styles: str) -> str:
        """``text`` in these styles (``"bold"``, ``"dim"``, ``"green"``...) when colouring, else as is."""
        if not self.color or not styles or not text:
            return text
        codes = ";".join(_STYLES[name] for name in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def line(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def error(self, text: str) -> None:
        self.stderr.write(text + "\n")

    def json(self, value: object) -> None:
        """``value`` as indented JSON (UTF-8 text, not escaped), for scripts."""
        self.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode())

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        right: Sequence[bool] = (),
        styles: Sequence[tuple[str, ...]] = (),
    ) -> None:
        """Rows under a header, columns aligned by display width (Chinese text is two columns a character).

        ``right`` marks the columns aligned right (numbers); ``styles`` colours whole columns, and
        only after padding, so escape codes never shift the alignment.
        """
        count = len(headers)
        aligned = [*right, *[False] * (count - len(right))]
        styled = [*styles, *[()] * (count - len(styles))]
        widths = [max([width(header), *(width(row[i]) for row in rows)]) for i, header in enumerate(headers)]

        def render(cells: Sequence[str], header: bool) -> str:
            padded = [_pad(cell, widths[i], aligned[i]) for i, cell in enumerate(cells)]
            padded[-1] = padded[-1].rstrip() if not aligned[-1] else padded[-1]
            return "  ".join(self.style(cell, *(("bold",) if header else styled[i])) for i, cell in enumerate(padded))

        self.line(render(headers, True))
        for row in rows:
            self.line(render(row, False))


def _wants_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
