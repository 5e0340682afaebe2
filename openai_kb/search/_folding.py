"""Folding many texts at once: ``fold`` on a whole list, in a few passes over all of it.

A large index folds a million keys; one ``fold`` call per key costs seconds. Here the texts joined by
newlines go through each step of ``fold`` in one call (each step works character by character, and
a newline is kept: it ends a text), then are split again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import compress, repeat
from operator import not_
from typing import Literal, TypeVar

from .normalize import INTERPUNCTS, fold, to_simplified

__all__ = ["fold_all", "merge_flagged"]

# Equal to ``fold`` text by text (a property test checks it); a text holding a newline
# of its own, or an accent to strip, is folded alone.
_T = TypeVar("_T")
_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789\n")
_ASCII_SEPARATORS = {code: " " for code in range(128) if chr(code) not in _KEPT}  # for str.translate
_SPACES = re.compile("  +")
_NFKC: Literal["NFKC"] = "NFKC"
_NFD: Literal["NFD"] = "NFD"
_SEPARATORS = re.compile("(?:(?!\n)[\\W_" + re.escape(INTERPUNCTS) + "])+")


def fold_all(texts: Sequence[str]) -> list[str]:
    """``[fold(text) for text in texts]``, in a few passes over all the texts at once."""
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text holds a newline: fold it alone
        rest = iter(fold_all([text for text in texts if "\n" not in text]))
        return [fold(text) if "\n" in text else next(rest) for text in texts]
    ascii_ = list(map(str.isascii, texts))
    if all(ascii_):
        return _fold_ascii(joined)
    plain = _fold_ascii("\n".join(compress(texts, ascii_))) if any(ascii_) else []
    other = _fold_other(list(compress(texts, map(not_, ascii_))))
    return merge_flagged(ascii_, plain, other)


def merge_flagged(flags: list[bool], chosen: Sequence[_T], others: Sequence[_T]) -> list[_T]:
    """``chosen`` where ``flags`` is true and ``others`` elsewhere, each in order (in one C-level pass)."""
    sources = (iter(others), iter(chosen))
    return list(map(next, map(sources.__getitem__, flags)))


def _fold_ascii(joined: str) -> list[str]:
    """Fold newline-joined ASCII texts: lower case, every other character a space, runs of spaces one."""
    text = joined.lower().translate(_ASCII_SEPARATORS)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return _split(text)


def _split(text: str) -> list[str]:
    """Split newline-joined texts whose runs of spaces are single, stripping each text's edges."""
    if " \n" in text or "\n " in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text.strip(" ").split("\n")


def _fold_other(texts: list[str]) -> list[str]:
    """Fold non-ASCII texts: NFKC text by text (faster than one long text), the rest joined; a text
    with an accent to strip is folded alone."""
    joined = "\n".join(map(unicodedata.normalize, repeat(_NFKC), texts)).casefold()
    if unicodedata.is_normalized("NFD", joined):  # no accent to strip: Han text, for one
        return _separate(joined)
    pieces = joined.split("\n")
    bare = list(map(unicodedata.is_normalized, repeat(_NFD), pieces))
    plain = _separate("\n".join(compress(pieces, bare))) if any(bare) else []
    return merge_flagged(bare, plain, [fold(text) for text in compress(texts, map(not_, bare))])


def _separate(joined: str) -> list[str]:
    """The last steps of ``fold`` on newline-joined texts: Simplified characters, separators a space."""
    return _split(_SEPARATORS.sub(" ", to_simplified(joined)))
