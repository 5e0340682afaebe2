"""How a query is read before it is matched: the words that name nothing, and the names it joins.

A journalist types ``the``, ``Microsoft and Nvidia``, ``微软 英伟达`` or ``OpenAI的估值``. Function
words (``the``, ``of``, ``和``, ``的``) are never by themselves a name: a query of nothing else
finds nothing. A query joining several names, with commas, ``and``/``和`` or only spaces, finds
each. And a suggestion for a query that found nothing must plausibly be the same word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ._results import Match
from .normalize import fold, has_han

__all__ = [
    "FUNCTION_WORDS",
    "HAN_FUNCTION_WORDS",
    "MAX_QUERY_LENGTH",
    "MAX_SPACED_NAMES",
    "SUGGESTION_CUTOFF",
    "SUGGESTION_MARGIN",
    "function_words_only",
    "merge_parts",
    "plausibly_meant",
    "query_parts",
    "spaced_parts",
    "without_function_words",
]

#: English words that join, point or qualify: never a name by themselves ("the" is not The Information).
FUNCTION_WORDS = frozenset(
    "a an the of and or nor in on at to for by with from as is are was were be been being its it this that "
    "these those than then vs versus via per about into onto over under s who what when where which how why".split()
)
#: Chinese words of the same kind, longest first (a query is folded to Simplified characters first).
HAN_FUNCTION_WORDS = tuple(
    "以及 或者 关于 对于 为什么 怎么 什么 哪些 哪个 多少 "  # several characters first: longest first
    "谁 吗 呢 的 之 和 与 及 是 在 了 或 跟 对 把 被 于 也 都 而 并 其 这 那".split()
)
_HAN_FUNCTION = re.compile("|".join(map(re.escape, HAN_FUNCTION_WORDS)))

MAX_QUERY_LENGTH = 1000  # longer queries are cut: no name is that long, and scoring stays bounded
#: A query that finds nothing still gets suggestions: matches scoring at least this...
SUGGESTION_CUTOFF = 50.0
#: ...and no further than this below the best of them (a near miss is not drowned in weak ones).
SUGGESTION_MARGIN = 15.0
#: A query of more words than this separated by spaces alone is read as one name, never split.
MAX_SPACED_NAMES = 8
#: How alike (rapidfuzz ratio, 0-100) a query and a suggested name's words must be: ``软银`` and
#: ``微软`` share one of two characters (50), ``valuation`` and ``murati`` four letters (53).
PLAUSIBLE = 60.0
_TRUSTED_STEPS = frozenset({"pinyin", "money"})  # a reading, not a spelling: nothing to compare letter by letter

# Words and marks that join the names of several things in one query: "Thrive, SoftBank",
# "Microsoft and Nvidia", "微软和英伟达", "OpenAI、微软".
_JOINERS = re.compile(r"\s*(?:[,，、;；/|+&＆]|\band\b|以及|和|与|與|及|跟)\s*", re.IGNORECASE)


def function_words_only(query: str) -> bool:
    """Whether the query holds words and every one is a function word: ``the``, ``of the``, ``和``, ``的``."""
    words = fold(query).split()
    return bool(words) and all(_is_function_word(word) for word in words)


def _is_function_word(word: str) -> bool:
    if word in FUNCTION_WORDS:
        return True
    return has_han(word) and not _HAN_FUNCTION.sub("", word)


def without_function_words(words: Sequence[str]) -> list[str]:
    """The folded words that are not function words (a Han word loses those at its ends: ``的估值``)."""
    kept = []
    for word in words:
        if has_han(word):
            word = _strip_han(word)
        if word and word not in FUNCTION_WORDS:
            kept.append(word)
    return kept


def _strip_han(word: str) -> str:
    changed = True
    while changed and word:
        changed = False
        for particle in HAN_FUNCTION_WORDS:
            if word.startswith(particle) or word.endswith(particle):
                word = word.removeprefix(particle).removesuffix(particle)
                changed = True
    return word


def query_parts(query: str) -> list[str]:
    """The names a query joins (``微软和英伟达``: 微软, 英伟达); just the query when it joins none."""
    parts = list(dict.fromkeys(part.strip() for part in _JOINERS.split(query) if part.strip()))
    parts = [part for part in parts if not function_words_only(part)]
    return parts if len(parts) >= 2 else [query]


def spaced_parts(query: str, names: Callable[[str], bool], *, loose: bool = False) -> list[str]:
    """The names a query separates only by spaces (``Microsoft Nvidia``, ``微软 英伟达``), or ``[]``.

    ``names(text)`` says whether ``text`` is exactly a name the index holds. The words are read
    left to right, each time taking the longest run of them that is a name (``Thrive Capital
    Microsoft``: Thrive Capital, Microsoft); a function word between names is skipped. Unless every
    word is taken so, and at least two names are, the query is not a list of names. ``loose``
    (for a query that found nothing whole) lets a word that is no name be a part of its own, to be
    searched with its slips, beside at least one exact name (``Microsoft Nvidai``, ``Microsoft
    SoftBank``); words that are none of them exactly (``John Smith``) stay one name.
    """
    words = query.split()
    if not 2 <= len(words) <= MAX_SPACED_NAMES:
        return []
    parts: list[str] = []
    exact = 0
    start = 0
    while start < len(words):
        end = next((end for end in range(len(words), start, -1) if names(" ".join(words[start:end]))), None)
        if end is None:
            if not function_words_only(words[start]):
                if not loose:
                    return []
                parts.append(words[start])
            start += 1
            continue
        parts.append(" ".join(words[start:end]))
        exact += 1
        start = end
    return parts if len(parts) >= 2 and exact else []


def merge_parts(
    found: list[tuple[str, list[Match]]], whole: list[Match], limit: int, rank: Callable[[Match], object]
) -> list[Match]:
    """Each part's best match first, in the query's order; then every other match by ``rank``."""
    merged: list[Match] = []
    seen: set[str] = set()
    rest: list[tuple[Match, str | None]] = [(match, None) for match in whole]
    for part, matches in found:
        first = matches[0]
        if first.record.id not in seen:
            seen.add(first.record.id)
            merged.append(replace(first, query_part=part))
        rest.extend((match, part) for match in matches[1:])
    rest.sort(key=lambda pair: rank(pair[0]))  # type: ignore[arg-type,return-value]
    for match, named in rest:
        if match.record.id not in seen:
            seen.add(match.record.id)
            merged.append(replace(match, query_part=named))
    return merged[:limit]


def plausibly_meant(query: str, match: Match) -> bool:
    """Whether a match is plausibly what the query misspelt, to be offered as "did you mean".

    A search scoring well below its cutoff still finds something for nearly any word (``valuation``
    meets ``Mira Murati`` through a few shared letters; ``软银`` meets ``微软`` through one shared
    character). A suggestion is made only when the query is alike, letter by letter or character
    by character, to the matched text or to a run of its words of the query's length. An id, an
    amount or a pinyin reading is no spelling to compare: those stand as found.
    """
    if match.matched.field in ("id", "amount") or _TRUSTED_STEPS.intersection(match.steps):
        return True
    asked, found = fold(query), fold(match.matched.text)
    asked_compact, found_compact = asked.replace(" ", ""), found.replace(" ", "")
    if not asked_compact or not found_compact:
        return False
    best = max(fuzz.ratio(asked_compact, found_compact), fuzz.token_sort_ratio(asked, found))
    if has_han(asked_compact):
        width = len(asked_compact)
        windows = [found_compact[start : start + width] for start in range(max(len(found_compact) - width, 0) + 1)]
    else:
        width = len(asked.split())
        words = found.split()
        windows = ["".join(words[start : start + width]) for start in range(max(len(words) - width, 0) + 1)]
    best = max([best, *(fuzz.ratio(asked_compact, window) for window in windows)])
    return best >= PLAUSIBLE
