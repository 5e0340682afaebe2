"""How the command line writes: aligned tables, coloured on a terminal and plain when piped, or JSON.

Colour follows the usual conventions: on only when standard output is a terminal, off when
``NO_COLOR`` is set (https://no-color.org), forced on by ``FORCE_COLOR``.

Tables and prose fit the width of the terminal (``terminal_columns``): long cells are cut with an
ellipsis, long lines wrapped; ``columns=None`` (``--wide``) leaves every line whole.

Text from the data never acts on the terminal: everything but JSON goes through ``visible``,
which shows control characters, bidi overrides and other invisible format characters as escapes
(``\\x1b``, ``\\u202e``), so a name cannot set the window title, move the cursor, overwrite a line
or reverse the text after it. Only the colour codes ``style`` adds reach the terminal as codes. A
character the stream cannot encode (an ASCII console) is shown as an escape too, and JSON is then
written with ``\\u`` escapes, which JSON readers decode to the same text.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Literal, TextIO

import orjson

from ._fit import ELLIPSIS, GAP, Fit, cut, longest_word, table_widths, width, wrap

__all__ = ["Output", "terminal_columns", "visible", "width"]

_STYLES = {"bold": "1", "dim": "2", "green": "32", "yellow": "33", "cyan": "36", "red": "31"}

# Shown as escapes: C0 and C1 controls and DEL (Cc), format characters such as bidi embeddings,
# overrides and isolates, zero-width spaces and the BOM (Cf), line and paragraph separators, and
# lone surrogates (a command-line argument that was not UTF-8).
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Kept: the zero-width joiner and non-joiner build emoji and join letters in Persian and Indic
# scripts; they neither reorder nor hide text.
_JOINERS = frozenset("\u200c\u200d")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control and invisible format character shown as an escape (``\\x1b``, ``\\u202e``).

    ``newlines`` keeps line breaks, for whole lines (our own messages span several); a table cell
    shows them as ``\\n``, so a row stays one line. Printable text comes back as it is.
    """
    if text.isprintable() or isinstance(text, _Shown):
        return text
    return "".join(
        _escape(char)
        if unicodedata.category(char) in _HIDDEN and char not in _JOINERS and (char != "\n" or not newlines)
        else char
        for char in text
    )


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class _Shown(str):
    """Text made safe for the terminal, with our own colour codes: text added to it is made safe first.

    ``out.style("evidence: ", "bold") + quote`` stays a ``_Shown`` whose quote was passed through
    ``visible``, so ``line`` can tell our escape codes from the data's.
    """

    __slots__ = ()

    def __add__(self, other: str) -> _Shown:
        return _Shown(str(self) + visible(other))

    def __radd__(self, other: str) -> _Shown:
        return _Shown(visible(other) + str(self))


def _pad(text: str, columns: int, right: bool) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


class Output:
    """Standard output and error of one command run, and whether to colour them."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        color: bool | None = None,
        columns: int | Literal["auto"] | None = "auto",
    ) -> None:
        """``columns``: the width to fit tables and wrap prose to, None for none; ``auto``: ``terminal_columns``."""
        self.stdout: TextIO = stdout if stdout is not None else (sys.stdout or _Closed())  # None: started closed
        self.stderr: TextIO = stderr if stderr is not None else (sys.stderr or _Closed())
        self.color = _wants_color(self.stdout) if color is None else color
        self.columns = terminal_columns(self.stdout) if columns == "auto" else columns

    def style(self, text: str, *styles: str) -> str:
        """``text`` in these styles (``"bold"``, ``"dim"``, ``"green"``...) when colouring, else as is.

        The text is passed through ``visible`` first: only the style's own codes act.
        """
        shown = visible(text)
        if not self.color or not styles or not text:
            return _Shown(shown)
        codes = ";".join(_STYLES[name] for name in styles)
        return _Shown(f"\x1b[{codes}m{shown}\x1b[0m")

    def line(self, text: str = "", *, fit: bool = False, indent: int | None = None) -> None:
        """One line (or several: line breaks are kept) on standard output, controls shown as escapes.

        ``fit`` wraps it to ``columns`` (continuation lines indented by ``indent``, by default two
        spaces deeper than the line: see ``wrap``); without it the line is written whole, as lines
        that other programs read (a problem's file and path) should be.
        """
        shown = _encodable(visible(text), self.stdout)
        if fit:
            shown = "\n".join(part for row in shown.split("\n") for part in wrap(row, self.columns, indent))
        self.stdout.write(shown + "\n")

    def error(self, text: str) -> None:
        """A message on standard error, controls shown as escapes; lost, not raised, if standard error fails too."""
        with suppress(OSError):  # closed (2>&-) or full: there is nowhere left to say anything
            self.stderr.write(_encodable(visible(text), self.stderr) + "\n")

    def json(self, value: object) -> None:
        """``value`` as indented JSON for scripts: text as it is, or ``\\u`` escapes when the stream is not UTF-8."""
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
        self.stdout.write(text if _takes_unicode(self.stdout) else _NON_ASCII.sub(_json_escape, text))

    def json_lines(self, values: Iterable[object]) -> None:
        """Each value as one line of JSON (JSON Lines, for pipelines), escaped as ``json`` escapes it."""
        for value in values:
            text = orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE).decode()
            self.stdout.write(text if _takes_unicode(self.stdout) else _NON_ASCII.sub(_json_escape, text))

    def csv(self, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """A header and rows as CSV, as ``export --format csv`` writes a table: RFC 4180, CRLF line ends, and
        text a spreadsheet might run as a formula (``=``, ``+``, ``-``, ``@`` first) behind a ``'``."""
        from ..outputs.exports.csv_tables import spreadsheet_cell  # the exports' rule, imported when asked

        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
        self.stdout.write(buffer.getvalue())

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        right: Sequence[bool] = (),
        styles: Sequence[tuple[str, ...]] = (),
        fits: Sequence[Fit] = (),
    ) -> None:
        """Rows under a header, columns aligned by display width (Chinese text is two columns a character).

        ``right`` marks the columns aligned right (numbers); ``styles`` colours whole columns, and
        only after padding, so escape codes never shift the alignment. Cells are measured as they
        are shown: controls as escapes, line breaks as ``\\n``, so a cell never breaks a row by itself.

        ``fits`` says how each column gives way when the rows are wider than ``columns`` (default
        ``shrink``; see ``Fit``): ``keep`` cells stay whole, ``wrap`` cells go on over several lines,
        broken at spaces, ``shrink`` cells are cut with an ellipsis, and a ``drop`` column may be left
        out. Where the ``keep`` and ``wrap`` cells cannot stay whole in a table that fits, each row is
        shown one value a line instead (``stacked``), so that ids and figures are never cut.
        """
        count = len(headers)
        aligned = [*right, *[False] * (count - len(right))]
        styled = [*styles, *[()] * (count - len(styles))]
        shrink: Fit = "shrink"
        fitting = [*fits, *[shrink] * (count - len(fits))]
        shown = [[_encodable(visible(cell, newlines=False), self.stdout) for cell in row] for row in [headers, *rows]]
        natural = [max(width(row[i]) for row in shown) for i in range(count)]
        words = [max(longest_word(row[i]) for row in shown) for i in range(count)]
        widths = table_widths(natural, self.columns, fitting, words)
        if widths is None:
            self.stacked(shown[0], shown[1:], styled, words)
            return
        ellipsis = ELLIPSIS if _encodable(ELLIPSIS, self.stdout) == ELLIPSIS else "..."
        last = max((i for i in range(count) if widths[i]), default=0)

        def render(cells: Sequence[str], header: bool) -> list[str]:
            parts = {
                i: wrap(cell, widths[i], 0) if fitting[i] == "wrap" else [cut(cell, widths[i], ellipsis)]
                for i, cell in enumerate(cells)
                if widths[i]
            }
            lines: list[str] = []
            for number in range(max(len(part) for part in parts.values())):
                padded = {
                    i: _pad(part[number] if number < len(part) else "", widths[i], aligned[i])
                    for i, part in parts.items()
                }
                padded[last] = padded[last].rstrip() if not aligned[last] else padded[last]
                styles = {i: ("bold",) if header else styled[i] for i in padded}
                line = "  ".join(self.style(cell, *styles[i]) for i, cell in padded.items())
                lines.append(_Shown(line.rstrip(" ")))  # an empty last cell leaves no trailing spaces
            return lines

        for index, cells in enumerate(shown):
            for line in render(cells, index == 0):
                self.line(line)

    def stacked(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        styles: Sequence[tuple[str, ...]],
        words: Sequence[int],
    ) -> None:
        """Each row one value a line, after its column's name, wrapped to ``columns`` and never cut.

        A column whose longest word (``words``) does not fit beside the names has its values on the
        lines under its name instead, as far in as they fit (an id as wide as the terminal). A row
        whose first cell is empty goes on the one before (the values of one disagreement); any other
        starts a block of its own after a blank line. Empty cells are left out.
        """
        key = max(width(header) for header in headers) + GAP
        columns = self.columns
        beside = [columns is None or key + longest <= columns for longest in words]
        under = [0 if columns is None else max(0, min(GAP, columns - longest)) for longest in words]
        for index, cells in enumerate(rows):
            if index and cells[0]:
                self.line()
            for i, (header, cell) in enumerate(zip(headers, cells, strict=True)):
                if not cell:
                    continue
                if beside[i]:
                    head = self.style(_pad(header, key, False), "bold")
                    for number, part in enumerate(wrap(" " * key + cell, columns, key)):
                        self.line((head if number == 0 else " " * key) + self.style(part[key:], *styles[i]))
                    continue
                self.line(self.style(header, "bold"))
                for part in wrap(" " * under[i] + cell, columns, under[i]):
                    self.line(" " * under[i] + self.style(part[under[i] :], *styles[i]))


def terminal_columns(stream: TextIO) -> int | None:
    """The width to fit output to: ``COLUMNS`` when set to a whole number, else the terminal's, else None.

    None (no limit) is for output that goes to a file or another program: ``openai-kb list > people.txt``
    and ``openai-kb search x | grep y`` get every line whole, as ``ps`` and ``ls`` do. ``COLUMNS`` wins
    even then, so a script or a test can ask for a width.
    """
    given = os.environ.get("COLUMNS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty and isatty():
            return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError):  # no file descriptor, or not a terminal after all
        pass
    return None


class _Closed(io.StringIO):
    """Standard output (or error) when the command was started with it closed (``openai-kb list >&-``).

    Writing to it fails as writing to a closed descriptor does (``EBADF``), so the command says it
    cannot write and exits 1, as ``ls >&-`` does, rather than succeeding with nothing written.
    """

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _takes_unicode(stream: TextIO) -> bool:
    """Whether ``stream`` encodes every character (UTF-8, or a stream of str such as StringIO)."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _encodable(text: str, stream: TextIO) -> str:
    """``text`` with what ``stream`` cannot encode as backslash escapes (an ASCII or Latin-1 console)."""
    if _takes_unicode(stream):
        return text
    encoding = str(stream.encoding)
    return text.encode(encoding, "backslashreplace").decode(encoding)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _json_escape(match: re.Match[str]) -> str:
    """A character as JSON's ``\\uXXXX`` (a surrogate pair beyond U+FFFF): the same text once parsed."""
    data = match.group().encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(data[i : i + 2], 'big'):04x}" for i in range(0, len(data), 2))


def _wants_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
