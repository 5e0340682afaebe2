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

__all__ = ["Folded", "compact_name", "ends_sentence", "is_word_character", "sentence_bounds"]

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
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])((?:[A-Za-z]\.)*[A-Za-z]+)$")  # "Mr", "Inc", "U.S" before a full stop
#: Words written with a full stop that stand before a name or number: they never end a sentence ("Mr. Altman", "No. 2").
_BEFORE_NAMES = frozenset(
    "mr mrs ms mx dr prof sir st no nos sen rep gov gen lt col capt sgt rev hon fig vol pp".split()
)
#: Abbreviations that end a sentence only when a capital follows ("OpenAI Inc. said"; "in the U.S. The company").
_ABBREVIATIONS = frozenset(
    "inc corp co ltd llc plc bros jr sr vs etc approx est dept jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at ``text[dot]``, followed by a space or the end, ends a sentence: not after
    an honorific or an initial (``Mr.``, ``J.``), nor after an abbreviation (``Inc.``, ``U.S.``, ``Oct.``)
    that a word in lower case or a figure follows."""
    if not dot or not text[dot - 1].isascii() or not text[dot - 1].isalpha():
        return True  # after a figure, a bracket or a Han character
    found = _WORD_BEFORE.search(text[max(0, dot - 24) : dot])
    if found is None:
        return True
    word = found.group(1)
    rest = text[dot + 1 :].lstrip(" \t")
    if not rest or rest[0] in "\r\n":
        return True
    if word.lower() in _BEFORE_NAMES or (len(word) == 1 and word.isupper()):
        return False
    if word.lower() in _ABBREVIATIONS or "." in word:
        return rest[0].isupper() and not rest[0].isdigit()
    return True


def sentence_bounds(text: str) -> list[int]:
    """Where each sentence after the first begins: ``bisect_right(bounds, position)`` numbers a position's sentence."""
    return [
        found.end()
        for found in _SENTENCE_END.finditer(text)
        if found.group() != "." or ends_sentence(text, found.start())
    ]
