"""Look a character up in a shipped table without reading the whole table into a dict.

A table file holds ``character<TAB>value`` lines sorted by code point (the build scripts write
them so; a test checks it). A knowledge base meets a few hundred distinct Han characters, while
the pinyin table lists some 41,000: building the dict took most of the first search of a fresh
process. Here the file's bytes are read once and each character found by bisection over them,
about 16 steps of a few slices each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = ["CharTable", "Translation"]


class CharTable:
    """The lines of one sorted table file, searched by code point."""

    __slots__ = ("_data",)

    def __init__(self, path: Path) -> None:
        self._data = path.read_bytes()

    def _line_at(self, position: int) -> tuple[int, int, int]:
        """The line holding byte ``position``: its start, the code point it lists, and its end."""
        start = self._data.rfind(b"\n", 0, position) + 1
        tab = self._data.index(b"\t", start)
        end = self._data.find(b"\n", tab)
        return start, ord(self._data[start:tab].decode("utf-8")), len(self._data) if end < 0 else end

    def get(self, char: str) -> str | None:
        """The value listed for ``char``, or ``None`` when the table does not list it."""
        if len(char) != 1:
            return None
        wanted = ord(char)
        low, high = 0, len(self._data)  # the wanted line starts at or after low and before high
        while low < high:
            start, code, end = self._line_at((low + high) // 2)
            if code == wanted:
                return self._data[self._data.index(b"\t", start) + 1 : end].decode("utf-8")
            if code < wanted:
                low = end + 1
            else:
                high = start
        return None

    def items(self) -> list[tuple[str, str]]:
        """Every line as (character, value): for building a whole table, in tools and tests."""
        text = self._data.decode("utf-8")
        return [(line[0], line[2:]) for line in text.splitlines() if line]


def _as_listed(value: str) -> str:
    return value


class Translation(dict[int, str]):
    """For ``str.translate``: code point -> what ``read`` makes of the table's value for it, looked up
    as characters are met; a character the table does not list maps to itself (left as it is)."""

    __slots__ = ("_read", "_table")

    def __init__(self, table: CharTable, read: Callable[[str], str] = _as_listed) -> None:
        super().__init__()
        self._table = table
        self._read = read

    def __missing__(self, code: int) -> str:
        found = self._table.get(chr(code))
        value = (self._read(found) if found else "") or chr(code)
        self[code] = value
        return value
