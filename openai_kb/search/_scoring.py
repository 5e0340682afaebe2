"""How well a query matches one key, 0-100, by script.

Latin text is compared word by word (``Murati`` is a whole word of ``Mira Murati``; ``Sutskevar``
is one letter off ``Sutskever``), and as a whole once spaces are gone (``OPEN AI``). Han text is
compared character by character: rapidfuzz's token scorers would see a Chinese name as one token,
and a query inside a key (a surname, a short title) is a partial name. Pinyin keys accept a query
with or without spaces between syllables. Scores are calibrated so one cutoff serves all scripts:
see ``docs/search.md``.
"""

from __future__ import annotations

import unicodedata
from typing import Literal, NamedTuple

from rapidfuzz import fuzz

from .normalize import fold, has_han, to_simplified

__all__ = ["KeyKind", "Text", "similarity"]

KeyKind = Literal["text", "phrase", "pinyin", "initials"]

# The numbers of the scoring rules, each named once: ``batch_scoring`` applies the same rules to many
# keys at once and must give the same scores to the last bit, and the search takes ``EXACT`` as its top.
EXACT = 100.0  # equal compact forms: the top of the scale
WHOLE_FROM = 4  # a query this long or longer (spaces gone) is compared whole too, not only word by word
SEVERAL_WORDS_WHOLE = 0.9  # several words compared as one text: a slip in each word still finds the name
MIN_LETTERS = 3  # fewer letters name nothing unless a whole key; a shorter word gets no prefix bonus or half credit
PREFIX_BONUS = 90.0  # a query word that begins a key word ("Sutsk", "Micro") scores at least this
WORD_FLOOR = 75.0  # a query word less similar than this to every key word counts as (mostly) unmatched
SHORT_WORD = 4  # a word shorter than this ("Jon") must be one letter off at most: ...
SHORT_WORD_FLOOR = 85.0  # ... it is unmatched below this (ratio("jon", "john") is 85.7)
HALF_CREDIT_FROM = 50.0  # an unmatched word scoring this or more counts HALF_CREDIT of its score; below, nothing
HALF_CREDIT = 0.5
PARTIAL = 0.95  # a query naming only some words of a key ("Murati") scores a little below a full hit
REORDERED = 0.98  # the same words in another order, or one slightly misspelt
HAN_FRAGMENT_FROM = 2  # Han characters a query needs to be a fragment of a key; one character must equal it
HAN_INSIDE = 90.0  # a Han query inside a key (a surname, a short title) scores this ...
HAN_INSIDE_SPAN = 8.0  # ... plus this times the share of the key it covers: 90 to 98


class Text(NamedTuple):
    """A text folded once: the forms scoring compares (a tuple: an index holds one per key)."""

    raw: str  # NFKC and case folded only: tells an exact hit from a normalized one
    folded: str
    compact: str
    words: tuple[str, ...]
    han: bool
    traditional: bool  # script folding changed it

    @classmethod
    def of(cls, text: str, *, raw: str | None = None) -> Text:
        """Fold ``text``; ``raw`` overrides what counts as written (for a query rewritten by search)."""
        written = text if raw is None else raw
        folded = fold(text)
        if written.isascii() and folded.isascii():  # the common case, with no Unicode work to do
            return cls(written.lower().strip(), folded, folded.replace(" ", ""), tuple(folded.split()), False, False)
        raw_form = unicodedata.normalize("NFKC", written).casefold().strip()
        return cls(
            raw=raw_form,
            folded=folded,
            compact=folded.replace(" ", ""),
            words=tuple(folded.split()),
            han=has_han(folded),
            traditional=not raw_form.isascii() and to_simplified(raw_form) != raw_form,
        )


def similarity(query: Text, key: Text, kind: KeyKind) -> float:
    """How well ``query`` matches ``key``, 0-100 (before the key's weight)."""
    if query.compact == key.compact:
        return EXACT
    if kind == "initials":
        return 0.0  # initials ("mld") are too short to be misspelt: equal or nothing
    if kind == "pinyin":
        if query.han:
            return 0.0
        return max(_latin(query, key, kind), words_score((query.compact,), key.words))
    if kind == "phrase" and len(query.words) != len(key.words):
        return 0.0  # "OpenAI CTO" is asked for whole: "OpenAI" alone names the company, not its CTO
    if query.han != key.han:
        return 0.0  # Han against Latin: pinyin keys and the split form of a mixed query cover it
    if query.han:
        return han_score(query.compact, key.compact)
    return _latin(query, key, kind)


def _latin(query: Text, key: Text, kind: KeyKind) -> float:
    # One word is compared whole too ("Microsft", "openai" for "Open AI"). Several words are compared
    # whole at 0.9 of the ratio, for a name with a slip in each word ("Mftaeo Gao" is 74 to "Mateo
    # Gao", where word by word gives 58); never a phrase, or "OpenAI CTO" would score 80 against
    # "OpenAI CRO" for sharing its long first word.
    whole = 0.0
    if len(query.compact) >= WHOLE_FROM:
        if len(query.words) == 1:
            whole = fuzz.ratio(query.compact, key.compact)
        elif kind != "phrase":
            whole = fuzz.ratio(query.compact, key.compact) * SEVERAL_WORDS_WHOLE
    return max(whole, words_score(query.words, key.words))


def han_score(query: str, key: str) -> float:
    """Character by character: a query inside the key (a surname, a short title) scores 90-98."""
    if len(query) >= HAN_FRAGMENT_FROM and query in key:
        return HAN_INSIDE + HAN_INSIDE_SPAN * len(query) / len(key)
    if len(query) < HAN_FRAGMENT_FROM:
        return 0.0
    return fuzz.ratio(query, key)


def words_score(words: tuple[str, ...], key_words: tuple[str, ...]) -> float:
    """Word by word, weighted by length; three-letter words must be one letter off at most (Jon, John)."""
    if sum(len(word) for word in words) < MIN_LETTERS or not key_words:
        return 0.0  # one or two letters ("a", "AI") name nothing unless they are a whole key
    total = 0.0
    for word in words:
        best = max(fuzz.ratio(word, other) for other in key_words)
        if len(word) >= MIN_LETTERS and any(other.startswith(word) for other in key_words):
            best = max(best, PREFIX_BONUS)
        if best < WORD_FLOOR or (len(word) < SHORT_WORD and best < SHORT_WORD_FLOOR):
            # a word this far off counts for little: half credit from 50, nothing below
            best = best * HALF_CREDIT if best >= HALF_CREDIT_FROM and len(word) >= MIN_LETTERS else 0.0
        total += best * len(word)
    score = total / sum(len(word) for word in words)
    if len(words) < len(key_words):
        score *= PARTIAL
    elif sorted(words) != sorted(key_words):
        score *= REORDERED
    return score
