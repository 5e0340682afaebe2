"""A text as names are matched in it: folded without separators, every character traced to the original.

``fold`` (case, width, accents, Traditional to Simplified) applied one character at a time, and
every separator (spaces, punctuation, interpuncts, controls) dropped: ``Open AI``, ``OPENAI`` and
``ＯｐｅｎＡＩ`` all read ``openai``, ``米拉·穆拉蒂`` reads ``米拉穆拉蒂``. A character may fold to
several (``ß`` to ``ss``) or none, so the folded text keeps where each original character's
folded form ends; a match maps back to the code points of the text as given.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from ..search.normalize import fold

__all__ = ["Folded", "compact_name", "is_word_character", "sentence_bounds"]

_HAN_AND_BEYOND = 0x2E80  # CJK radicals onwards: scripts written without spaces between words


class _CharTable(dict[str, str]):
    """Character -> its folded form without spaces, worked out when first met."""

    def __missing__(self, ch: str) -> str:
        folded = fold(ch).replace(" ", "")
        self[ch] = folded
        return folded


_CHARS = _CharTable()


def compact_name(name: str) -> str:
    """A name as the folded text holds it: each character folded, separators dropped."""
    return "".join(map(_CHARS.__getitem__, name))


def is_word_character(ch: str) -> bool:
    """Whether ``ch`` is a letter or digit of a script that separates words with spaces (Latin and the like)."""
    return ch.isalnum() and ord(ch) < _HAN_AND_BEYOND


class Folded:
    """A text folded for matching (``compact``), and the map from folded positions back to the text."""

    __slots__ = ("_ends", "compact", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        pieces = list(map(_CHARS.__getitem__, text))
        self.compact = "".join(pieces)
        self._ends = list(accumulate(map(len, pieces)))  # where each character's folded form ends

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The text's span of the folded span ``[start, end)``, or None when it begins or ends inside
        the folded form of one character (``s`` of ``ß``)."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._ends, end)  # the character whose folded form holds position end - 1
        if (first and self._ends[first - 1] != start) or self._ends[last] != end:
            return None
        return first, last + 1


_SENTENCE_END = re.compile(r"[。！？!?\n]+|\.(?=\s|$)")


def sentence_bounds(text: str) -> list[int]:
    """Where each sentence after the first begins: ``bisect_right(bounds, position)`` numbers a position's sentence."""
    return [found.end() for found in _SENTENCE_END.finditer(text)]
