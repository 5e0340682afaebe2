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
from collections.abc import Iterator
from itertools import accumulate

import numpy as np

from ..search.normalize import INTERPUNCTS, fold

__all__ = ["HAN_AND_BEYOND", "Folded", "compact_name", "ends_sentence", "is_word_character", "sentence_bounds"]

#: CJK radicals onwards: scripts written without spaces between words.
HAN_AND_BEYOND = "\u2e80"


class _CharTable(dict[str, str]):
    """Character -> its folded form without spaces, worked out when first met."""

    def __missing__(self, ch: str) -> str:
        folded = fold(ch).replace(" ", "")
        self[ch] = folded
        return folded


_CHARS = _CharTable()
_IS_WORD, _BEGINS_WORD, _ENDS_WORD = 1, 2, 4


class _EdgeTable(dict[str, int]):
    """Character -> whether it is a word character (``_IS_WORD``), and whether its folded form begins
    (``_BEGINS_WORD``) and ends (``_ENDS_WORD``) with one."""

    def __missing__(self, ch: str) -> int:
        folded = _CHARS[ch]
        flags = _IS_WORD if is_word_character(ch) else 0
        if folded and is_word_character(folded[0]):
            flags |= _BEGINS_WORD
        if folded and is_word_character(folded[-1]):
            flags |= _ENDS_WORD
        self[ch] = flags
        return flags


_EDGES = _EdgeTable()


def compact_name(name: str) -> str:
    """A name as the folded text holds it: each character folded, separators dropped."""
    return "".join(map(_CHARS.__getitem__, name))


def is_word_character(ch: str) -> bool:
    """Whether ``ch`` is a letter or digit of a script that separates words with spaces (Latin and the like)."""
    return ch.isalnum() and ch < HAN_AND_BEYOND


class Folded:
    """A text folded for matching (``compact``), and the map from folded positions back to the text."""

    __slots__ = ("_ends", "compact", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        pieces = list(map(_CHARS.__getitem__, text))
        self.compact = "".join(pieces)
        self._ends = list(accumulate(map(len, pieces)))  # where each character's folded form ends

    def word_spans(self) -> Iterator[tuple[int, int]]:
        """The folded span of every word of a script with spaces, and of every run of up to four such
        words joined by a hyphen, an apostrophe, an interpunct or an invisible mark (``O'Neil``): where
        a part of a name can stand alone."""
        ends = self._ends
        for token in _TOKEN.finditer(self.text):
            first, last = token.span()
            if token.end(1) == last:  # one word: most tokens
                start = ends[first - 1] if first else 0
                if ends[last - 1] > start:
                    yield start, ends[last - 1]
                continue
            words = [word.span() for word in _WORD.finditer(self.text, first, last)]
            for i, (word_first, _) in enumerate(words):
                start = ends[word_first - 1] if word_first else 0
                for _, word_last in words[i : i + _MOST_WORDS]:
                    if ends[word_last - 1] > start:
                        yield start, ends[word_last - 1]

    def word_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Where a name that begins and ends with a letter or digit of a script with spaces may begin,
        and end, in folded positions (each sorted): at a character whose folded form begins (ends) with
        one, after (before) no word character. ``find_mentions`` keeps such a name nowhere else."""
        count = len(self.text)
        if not count:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        flags = np.fromiter(map(_EDGES.__getitem__, self.text), dtype=np.uint8, count=count)
        word = (flags & _IS_WORD).astype(bool)
        after_word, before_word = np.zeros(count, dtype=bool), np.zeros(count, dtype=bool)
        after_word[1:], before_word[:-1] = word[:-1], word[1:]
        ends = np.fromiter(self._ends, dtype=np.int64, count=count)
        first = np.flatnonzero((flags & _BEGINS_WORD).astype(bool) & ~after_word)
        last = np.flatnonzero((flags & _ENDS_WORD).astype(bool) & ~before_word)
        return np.where(first > 0, ends[first - 1], 0), ends[last]

    def is_word_span(self, start: int, end: int) -> bool:
        """Whether the folded span ``[start, end)`` is one that ``word_spans`` gives."""
        span = self.span(start, end)
        if span is None:
            return False
        first, last = span
        text = self.text
        return (
            _WORDS_JOINED.fullmatch(text, first, last) is not None
            and (first == 0 or _ONE_LETTER.match(text, first - 1) is None)
            and (last == len(text) or _ONE_LETTER.match(text, last) is None)
        )

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The text's span of the folded span ``[start, end)``, or None when it begins or ends inside
        the folded form of one character (``s`` of ``ß``)."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._ends, end)  # the character whose folded form holds position end - 1
        if (first and self._ends[first - 1] != start) or self._ends[last] != end:
            return None
        return first, last + 1


_LETTERS = "(?:[^\\W_\u2e80-\U0010ffff]|[０-９Ａ-Ｚａ-ｚ])+"  # letters and digits of spaced scripts, full width too
_JOINER = "[" + re.escape(INTERPUNCTS + "-'’‐‑–\u00ad\u200b\u200c\u200d\u2060") + "]"
_WORD = re.compile(_LETTERS)
_TOKEN = re.compile(f"({_LETTERS})(?:{_JOINER}{_LETTERS})*")  # group 1: the first word
_MOST_WORDS = 4
_WORDS_JOINED = re.compile(f"{_LETTERS}(?:{_JOINER}{_LETTERS}){{0,{_MOST_WORDS - 1}}}")
_ONE_LETTER = re.compile(_LETTERS[:-1])  # one letter or digit of a spaced script

_NEXT_CHARACTER = re.compile(r"[ \t]*(.?)", re.DOTALL)  # the first character after spaces and tabs, if any
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
    after = _NEXT_CHARACTER.match(text, dot + 1).group(1)  # type: ignore[union-attr]  # matches anywhere
    if not after or after in "\r\n":
        return True
    if word.lower() in _BEFORE_NAMES or (len(word) == 1 and word.isupper()):
        return False
    if word.lower() in _ABBREVIATIONS or "." in word:
        return after.isupper() and not after.isdigit()
    return True


def sentence_bounds(text: str) -> list[int]:
    """Where each sentence after the first begins: ``bisect_right(bounds, position)`` numbers a position's sentence."""
    return [
        found.end()
        for found in _SENTENCE_END.finditer(text)
        if found.group() != "." or ends_sentence(text, found.start())
    ]
