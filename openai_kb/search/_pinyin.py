"""Toneless pinyin for Han text, so ``mu la di``, ``muladi`` and ``mld`` find 穆拉蒂.

Readings come from ``charmaps/pinyin.tsv`` (generated from pypinyin, loaded on first use). A name is
read with each character's most common reading; where the first character has other readings
(多音字 such as 单 dan/shan, 曾 ceng/zeng, 乐 le/yue, often surnames), those readings give
further keys, so a surname read as a surname still matches.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ._charmaps.lookup import CharTable, Translation
from .normalize import fold, has_han, is_han, script_runs

__all__ = ["PinyinKey", "pinyin_keys", "reading_tables", "readings", "reads_as_pinyin"]

_CHARMAPS = Path(__file__).with_name("_charmaps")  # read as files: importlib.resources costs a start 5 ms

PinyinKey = tuple[str, str]  # (syllables grouped by word, "mila muladi"; initials, "ml mld" or "")


@cache
def _table() -> CharTable:
    """Character -> its readings joined by commas, looked up in the file as characters are met."""
    return CharTable(_CHARMAPS / "pinyin.tsv")


def readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character, most common first; empty for a non-Han character."""
    found = _table().get(char)
    return tuple(found.split(",")) if found else ()


def _spell(words: list[str], first_reading: str | None) -> PinyinKey | None:
    spelled: list[str] = []
    initials: list[str] = []
    for number, word in enumerate(words):
        if not is_han(word[0]):
            spelled.append(word)
            continue
        syllables: list[str] = []
        for position, char in enumerate(word):
            found = readings(char)
            if not found:
                return None
            reading = first_reading if (number, position) == (0, 0) and first_reading else found[0]
            syllables.append(reading)
        spelled.append("".join(syllables))
        initials.append("".join(s[0] for s in syllables))
    all_han = len(initials) == len(words)  # initials of a mixed name ("OpenAI 首席...") say nothing
    return " ".join(spelled), " ".join(initials) if all_han else ""


def pinyin_keys(text: str) -> list[PinyinKey]:
    """Pinyin spellings of a name containing Han characters; ``[]`` when it has none."""
    folded = fold(text)
    if not has_han(folded):
        return []
    words = [run for _, text_run in script_runs(folded) for run in text_run.split()]
    keys: list[PinyinKey] = []
    alternatives = readings(words[0][0])[1:] if is_han(words[0][0]) else ()
    for first_reading in (None, *alternatives):
        key = _spell(words, first_reading)
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def reading_tables() -> tuple[dict[int, str], dict[int, str]]:
    """For ``str.translate``: each character's most common reading, and its initial, so a name is
    spelt in one call instead of one Python step per character (a large index reads many).

    Filled as characters are met (``Translation``), so a small knowledge base does not pay for the
    41,000 characters of the table at its first search.
    """
    return Translation(_table(), _first_reading), Translation(_table(), _first_initial)


def _first_reading(found: str) -> str:
    return found.split(",", 1)[0]


def _first_initial(found: str) -> str:
    return found[:1]


@cache
def _syllables() -> frozenset[str]:
    """Every reading the table lists that holds a vowel (not the interjections m, n, ng, hm)."""
    return frozenset(
        reading
        for _, found in _table().items()
        for reading in found.split(",")
        if any(vowel in reading for vowel in "aeiouv")
    )


def reads_as_pinyin(words: tuple[str, ...]) -> bool:
    """Whether each folded word is toneless pinyin syllables run together: ``mu la di``, ``mila muladi``."""
    syllables = _syllables()
    longest = max(map(len, syllables))
    for word in words:
        ends = {0}  # where a parse of the word's start can end
        for end in range(1, len(word) + 1):
            if any(word[start:end] in syllables for start in range(max(0, end - longest), end) if start in ends):
                ends.add(end)
        if len(word) not in ends:
            return False
    return bool(words)
