"""Pure text functions that turn names and queries into comparable search keys.

``fold`` is the one normal form both sides of a comparison go through: NFKC (full-width forms
become ASCII), case folding, accents removed, Traditional characters mapped to Simplified ones
(OpenCC's character-level ``t2s``), every interpunct and punctuation mark turned into a space, and
runs of spaces collapsed. ``compact`` then drops the spaces, so ``米拉·穆拉蒂``, ``米拉穆拉蒂`` and
``米拉 穆拉蒂`` meet, and so do ``OPEN AI`` and ``OpenAI``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from ._charmaps.lookup import CharTable, Translation

__all__ = [
    "HAN_CHARACTER",
    "HAN_CLASS",
    "HAN_RANGES",
    "INTERPUNCTS",
    "compact",
    "fold",
    "has_han",
    "is_han",
    "script_runs",
    "to_simplified",
    "tokens",
]

_CHARMAPS = Path(__file__).with_name("_charmaps")  # read as files: importlib.resources costs a start 5 ms

#: Middle dots used between the parts of a transliterated name, in any script or width.
INTERPUNCTS = "\u00b7\u0387\u2027\u2022\u2219\u22c5\u30fb\uff65\u1427\ua78f\uff0e\u2e31\u00b7"

# Anything that is not a letter or digit separates words: spaces, punctuation, symbols, every
# interpunct, control characters. ``\w`` counts ``_`` and two dots that Unicode files as letters
# (U+1427, U+A78F) as word characters, so they are named too.
_SEPARATORS = re.compile("[\\W_" + re.escape(INTERPUNCTS) + "]+")


@cache
def _t2s_table() -> Translation:
    """Code point -> its Simplified form, filled as characters are met."""
    return Translation(CharTable(_CHARMAPS / "t2s.tsv"))


def t2s_pairs() -> list[tuple[str, str]]:
    """Every (Traditional, Simplified) pair of the shipped table, for tools that need all of them."""
    return CharTable(_CHARMAPS / "t2s.tsv").items()


def to_simplified(text: str) -> str:
    """Map each Traditional Chinese character to its Simplified form, one character at a time."""
    if text.isascii():
        return text
    return text.translate(_t2s_table())


def _strip_accents(text: str) -> str:
    if unicodedata.is_normalized("NFD", text):
        return text  # nothing decomposes (Han text, for one): skip the round trip
    kept = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", kept).casefold()


def fold(text: str) -> str:
    """The search key of ``text``: see the module docstring. Idempotent: ``fold(fold(s)) == fold(s)``."""
    if text.isascii():
        return _SEPARATORS.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = to_simplified(_strip_accents(text))
    return _SEPARATORS.sub(" ", text).strip()


def compact(text: str) -> str:
    """``fold(text)`` without spaces, so spacing and interpuncts never decide a comparison."""
    return fold(text).replace(" ", "")


def tokens(text: str) -> list[str]:
    """The words of ``fold(text)``; a run of Han characters splits into single characters."""
    words: list[str] = []
    for script, run in script_runs(fold(text)):
        words.extend(run if script == "han" else run.split())
    return words


#: Code point ranges of CJK ideographs: the URO, extension A, compatibility ideographs, planes 2-3.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
#: Those ranges as the inside of a regular expression's brackets: ``f"[^ {HAN_CLASS}]+"`` is a run of other text.
HAN_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in HAN_RANGES)
#: One Han character: ``search`` finds one in a text, ``match`` tells whether a character is one.
HAN_CHARACTER = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a CJK ideograph (Han character)."""
    return HAN_CHARACTER.match(ch) is not None


def has_han(text: str) -> bool:
    """Whether ``text`` holds any CJK ideograph."""
    return not text.isascii() and HAN_CHARACTER.search(text) is not None


def script_runs(text: str) -> list[tuple[str, str]]:
    """Split text into ("han", run) and ("other", run) pieces, spaces dropped at the edges."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        script = "han" if is_han(ch) else "other"
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    return [(script, run.strip()) for script, run in runs if run.strip()]
