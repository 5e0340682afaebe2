"""Citing without counting: a quote found in its source's text, returned as ``Evidence`` with exact offsets.

Offsets count code points of the text exactly as given, so read a file with ``newline=""`` to keep
its line ends. Evidence is verbatim or nothing: a quote that is not in the text is an error that
shows the closest passage, never a near match returned as if it were the quote. The error says so
when only typography differs (curly and straight quotes, full-width and half-width punctuation,
dashes, runs of white space), when the text writes the quote in the other Chinese script
(Traditional or Simplified), and when it has spaces where the quote has none or none where it has
some.

Every search is linear in the lengths of the text and the quote. The exact one is ``str.find``;
overlapping occurrences are stepped through by the quote's period, so counting them never compares
the quote again and again. The others fold the text and the quote once (each typographic group to
one character, each run of white space to one space, or to none) and search the folded text with
one ``str.find``, then map the span found back to the text's offsets. The closest passage is sought
for the quote's first ``_ALIGNED`` characters (``rapidfuzz``'s alignment, linear in the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .errors import AmbiguousQuoteError, QueryError, QuoteNotFoundError, shown
from .models import Evidence, Source
from .models.base import ID_PATTERN, id_problem
from .models.sources import CONTEXT_CHARS
from .search.normalize import to_simplified
from .verify import source_mismatches

__all__ = ["cite"]

COUNTED = 1_000
"""Occurrences of a quote counted for a message; beyond them it says "more than 1,000 times"."""

_CLOSE = 70.0  # how alike (0-100, fuzz.partial_ratio) a passage must be to be shown as the closest
_ALIGNED = 300  # characters of a long quote the closest passage is sought for: the search is linear in the text
_SHOWN = 3  # typographic differences a message names
_REACH = 8  # characters each end of the closest passage may move to fit the quote better

# Characters that stand for one another in typing: each group is one "typographic" character.
_TYPOGRAPHY = (
    "'‘’‚‛′＇ʼ",  # apostrophes and single quotation marks
    '"“”„‟″＂',  # double quotation marks
    "-‐‑‒–—―−－",  # hyphens, dashes and the minus sign
    ".．。｡",  # full stops
    "·・‧･",  # middle dots, as between the parts of a transliterated name
    *(chr(code) + chr(code + 0xFEE0) for code in range(0x21, 0x7F)),  # ASCII and its full-width forms
)


def _folds() -> dict[int, str]:
    """Each character of ``_TYPOGRAPHY`` -> the first (lowest) character of its group, groups sharing one merged."""
    groups: list[set[str]] = []
    for group in map(set, _TYPOGRAPHY):
        sharing = [other for other in groups if other & group]
        groups = [other for other in groups if not other & group] + [group.union(*sharing)]
    return {ord(char): min(group) for group in groups for char in group}


_FOLDS = _folds()
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a character: no UTF-8 text holds one; pydantic refuses it
_UNITS = re.compile(r"\s+|.", re.DOTALL)  # a run of white space, or one character: what folding compares
_SPACES = re.compile(r"\s+")
_CHUNK = 4096  # characters of the text measured at a time when an offset of its folded form is mapped back


def cite(
    text: str,
    quote: str,
    *,
    source: Source | str,
    occurrence: int | None = None,
    translation: str | None = None,
) -> Evidence:
    """The ``Evidence`` that ``quote`` is in ``text``: its offsets found, so ``text[start:end] == quote``.

    ``source`` is the text's ``Source`` (its ``length`` and ``sha256``, when given, must be the
    text's) or its id. A quote found more than once raises ``AmbiguousQuoteError`` listing where,
    unless ``occurrence`` (1 for the first) picks one; a quote not found raises
    ``QuoteNotFoundError`` showing the closest passage. Both are ``QueryError``s. The evidence's
    ``prefix`` and ``suffix`` are the ``CONTEXT_CHARS`` (16) characters of ``text`` just before and
    after the quote, fewer at the text's edges, so annotation tools can find the quote again.
    """
    _check_arguments(text, quote, source, occurrence, translation)
    source_id = _source_id(source, text)
    start = _find(text, quote, occurrence)
    end = start + len(quote)
    return Evidence(
        source=source_id,
        quote=quote,
        start=start,
        end=end,
        translation=translation,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def _check_arguments(text: object, quote: object, source: object, occurrence: object, translation: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"cite() expects the text as a str, not {type(text).__name__}")
    if not isinstance(quote, str):
        raise TypeError(f"cite() expects the quote as a str, not {type(quote).__name__}")
    if not isinstance(source, (Source, str)):
        raise TypeError(f"cite() expects source as a Source or a source id (str), not {type(source).__name__}")
    if translation is not None and not isinstance(translation, str):
        raise TypeError(f"cite() expects the translation as a str or None, not {type(translation).__name__}")
    if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1):
        raise QueryError(f"occurrence must be a whole number >= 1 (1 for the first), not {occurrence!r}")
    if not quote:
        raise QueryError("the quote is empty; give the words of the text that support the fact")
    for name, value in (("quote", quote), ("translation", translation), ("source id", source)):
        if isinstance(value, str) and (half := _SURROGATE.search(value)):
            raise QueryError(
                f"the {name} holds a lone surrogate ({half.group()!r} at {half.start()}), half of a character "
                "and not text; give it as text decoded from UTF-8"
            )


def _source_id(source: Source | str, text: str) -> str:
    if isinstance(source, Source):
        mismatch = next(source_mismatches(source, text), None)
        if mismatch is not None:
            raise QueryError(f"this text is not the text of {source.id!r}: {mismatch[1]}")
        return source.id
    if re.fullmatch(ID_PATTERN, source) is None:
        raise QueryError(f"source {shown(source)} is not an id: {id_problem(source)}")
    return source


def _find(text: str, quote: str, occurrence: int | None) -> int:
    """Where ``quote`` starts in ``text``: its only occurrence, or the one ``occurrence`` picks."""
    occurrences = _starts(text, quote)
    if occurrence is None:
        starts = list(islice(occurrences, COUNTED + 1))
        if not starts:
            raise _not_found(text, quote)
        if len(starts) > 1:
            raise AmbiguousQuoteError(quote, starts[:COUNTED], more=len(starts) > COUNTED)
        return starts[0]
    count = 0
    for count, start in enumerate(occurrences, 1):  # counted, not kept: there may be millions
        if count == occurrence:
            return start
    if count == 0:
        raise _not_found(text, quote)
    times, pick = ("once", "1") if count == 1 else (f"{count:,} times", f"1 to {count:,}")
    raise QueryError(
        f"{shown(quote)} occurs {times} in the text, so there is no occurrence {occurrence:,}; pick {pick}"
    )


def _starts(text: str, quote: str) -> Iterator[int]:
    """Where ``quote`` starts in ``text``, in order, overlapping occurrences too.

    Linear in the text: once two occurrences overlap by half the quote or more, the quote repeats
    with a smallest period ``p``, and from an occurrence at ``i`` the next one is at ``i + p`` (when
    the ``p`` characters after the quote go on repeating it) or at ``i + len(quote) - p + 2`` or
    later, so each step compares ``p`` characters, not the whole quote again.
    """
    size = len(quote)
    period = 0  # the quote's smallest period, once occurrences overlapping by half show it
    at = text.find(quote)
    while at != -1:
        yield at
        if period:
            if text.startswith(quote[size - period :], at + size):
                at += period
            else:
                at = text.find(quote, at + size - period + 2)
            continue
        following = text.find(quote, at + 1)
        if following != -1 and 2 * (following - at) <= size:
            period = _period(quote, following - at)
        at = following


def _period(quote: str, repeat: int) -> int:
    """The smallest period of ``quote``, given a period ``repeat`` of at most half its length.

    By Fine and Wilf's theorem the smallest period divides any period up to half the length, so
    only the divisors of ``repeat`` are tried, smallest first, each by comparing one repeat.
    """
    unit = quote[:repeat]
    small = [d for d in range(1, int(repeat**0.5) + 1) if repeat % d == 0]
    for divisor in small + [repeat // d for d in reversed(small)]:
        if unit == unit[:divisor] * (repeat // divisor):
            return divisor
    return repeat  # not reached: repeat divides itself


def _not_found(text: str, quote: str) -> QuoteNotFoundError:
    """The error for a quote that is not in the text, showing the passage closest to it."""
    missing = f"{shown(quote)} is not in the text"
    fix = "copy the quote from the text as it is written there"
    typeset = _find_folded(text, quote, " ")
    if typeset is not None:
        start, end = typeset
        pairs = _differences(quote, text[start:end])
        differences = _and(
            [f"{_character(found)} where the quote has {_character(typed)}" for found, typed in pairs[:_SHOWN]]
            + ([f"{len(pairs) - _SHOWN} more"] if len(pairs) > _SHOWN else [])
        )
        message = (
            f"{missing}, but {shown(text[start:end])} at {start}:{end} differs from it only in typography: "
            f"the text has {differences}; {fix}"
        )
        return QuoteNotFoundError(message, quote, (start, end))
    near = _near_miss(text, quote)
    if near is not None:
        return near
    closest = _closest(text, quote)
    if closest is None:
        return QuoteNotFoundError(f"{missing}, and no passage of it is close; check that this is the right text", quote)
    start, end, score = closest
    compared = f" (its first {_ALIGNED} characters compared)" if len(quote) > _ALIGNED else ""
    message = (
        f"{missing}; the closest passage is {shown(text[start:end])} at {start}:{end}, "
        f"{score:.0f}% alike{compared}; {fix}"
    )
    return QuoteNotFoundError(message, quote, (start, end))


def _near_miss(text: str, quote: str) -> QuoteNotFoundError | None:
    """The error for a quote the text has in the other Chinese script, or spaced otherwise; None if it has not.

    Both sides are mapped to Simplified characters (one for one, so offsets stay the text's) and
    searched with typography folded; failing that, with white space left out of both (a quote of white
    space alone has no other spacing). The error names what differs and the span to use.
    """
    simplified, folded = to_simplified(text), to_simplified(quote)
    found = _find_folded(simplified, folded, " ") or _find_folded(simplified, folded, "")
    if found is None:
        return None
    start, end = found
    passage = text[start:end]
    spacing, script, typography = _compare(quote, passage)
    does = [spacing] if spacing else []
    if script:
        does.append(f"has it in {_script(script)}")
    if typography and does:
        does.append("differs in typography")
    pairs = [f"{had} where the quote has {typed}" for had, typed in script] + [
        f"{_character(had)} where the quote has {_character(typed)}" for had, typed in typography
    ]
    listed = _and(pairs[:_SHOWN] + ([f"{len(pairs) - _SHOWN} more"] if len(pairs) > _SHOWN else [])) if pairs else ""
    details = f" ({listed})" if listed else ""
    message = (
        f"{shown(quote)} is not in the text, but the text {_and(does)}: {shown(passage)} at {start}:{end}{details}; "
        "copy the quote from the text as it is written there"
    )
    return QuoteNotFoundError(message, quote, (start, end))


def _compare(quote: str, passage: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """How ``passage`` differs from ``quote``, character by character: its spacing (a phrase, or ``""``), and the
    (text's, quote's) pairs of characters that differ in script and in typography, once each."""
    script: list[tuple[str, str]] = []
    typography: list[tuple[str, str]] = []
    seen: set[tuple[bool, tuple[str, str]]] = set()  # (a difference of script?, the pair)
    dropped = added = 0  # runs of white space the quote has and the text has not, and the other way round
    at = 0
    for unit in _UNITS.findall(quote):
        space = _SPACES.match(passage, at)
        if unit[0].isspace():
            if space is None:
                dropped += 1
                continue
            pair, differs = (space.group(), unit), space.group() != unit
        else:
            if space is not None:
                added += 1
                at = space.end()
            pair, differs = (passage[at], unit), passage[at] != unit
        at += len(pair[0])
        same_script = to_simplified(pair[0]) == to_simplified(pair[1])
        kind = script if same_script and not pair[0].isspace() else typography
        if differs and (kind is script, pair) not in seen:
            seen.add((kind is script, pair))
            kind.append(pair)
    if dropped and added:
        spacing = "is spaced differently there"
    elif dropped:
        spacing = "has no space there" if dropped == 1 else "has no spaces there"
    elif added:
        spacing = "has a space there" if added == 1 else "has spaces there"
    else:
        spacing = ""
    return spacing, script, typography


def _script(pairs: list[tuple[str, str]]) -> str:
    """The script the text writes the differing characters in: ``Traditional script``, ``Simplified script``."""
    traditional = {to_simplified(found) != found for found, _ in pairs}
    simplified = {to_simplified(typed) != typed for _, typed in pairs}
    if traditional == {True}:
        return "Traditional script"
    if simplified == {True} and traditional == {False}:
        return "Simplified script"
    return "other forms of its characters"


def _fold(text: str, spaces: str) -> str:
    """``text`` with each typographic character as its group's first and each run of white space as ``spaces``."""
    return _SPACES.sub(spaces, text.translate(_FOLDS))


def _find_folded(text: str, quote: str, spaces: str) -> tuple[int, int] | None:
    """The first span of ``text`` that is ``quote`` once both are folded (``_fold``), or None.

    Each run of white space folds to ``spaces``: one space, so only typography and the length of
    runs may differ, or none, so spacing may differ too (a span then never ends in white space).
    """
    needle = _fold(quote, spaces)
    at = _fold(text, spaces).find(needle) if needle else -1
    if at == -1:
        return None
    end = at + len(needle)
    if spaces:
        return _unfolded(text, at, spaces), _unfolded(text, end, spaces)
    return _unfolded(text, at, spaces), _unfolded(text, end - 1, spaces) + 1


def _unfolded(text: str, offset: int, spaces: str) -> int:
    """Where the character at ``offset`` of ``_fold(text, spaces)`` comes from in ``text`` (``len(text)`` past it).

    The text is measured ``_CHUNK`` characters at a time, each cut after a run of white space, so
    the folded lengths add up; only the chunk holding the offset is walked run by run.
    """
    start = folded = 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        if end < len(text) and (run := _SPACES.match(text, end - 1)) is not None:
            end = run.end()
        size = len(_SPACES.sub(spaces, text[start:end]))
        if offset < folded + size:
            at, removed = offset - folded, 0
            for run in _SPACES.finditer(text, start, end):
                place = run.start() - start - removed  # where the run's folded form is
                if place > at or (spaces and place == at):
                    break
                removed += run.end() - run.start() - len(spaces)
            return start + at + removed
        start, folded = end, folded + size
    return len(text)


def _differences(quote: str, passage: str) -> list[tuple[str, str]]:
    """How ``passage``, which folds as ``quote`` does, differs: (the text's part, the quote's part), once each."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    at = 0
    for unit in _UNITS.findall(quote):
        end = at + 1
        if unit[0].isspace():
            while end < len(passage) and passage[end].isspace():
                end += 1
        found = passage[at:end]
        if found != unit and (found, unit) not in seen:
            seen.add((found, unit))
            pairs.append((found, unit))
        at = end
    return pairs


def _character(part: str) -> str:
    """A character as a message shows it, with its code point (’ (U+2019)); white space as a repr ('\\n')."""
    if len(part) == 1 and not part.isspace():
        return f"{part} (U+{ord(part):04X})"
    return repr(part)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _closest(text: str, quote: str) -> tuple[int, int, float] | None:
    """The span of ``text`` most like ``quote`` and how alike (0-100), or None when none is close.

    ``partial_ratio_alignment`` finds the window of the quote's length most like it (linear in the
    text); its ends then move a few characters to the span with the fewest edits from the quote,
    so a passage with a character more or less is shown whole.
    """
    needle = quote[:_ALIGNED]
    aligned = fuzz.partial_ratio_alignment(needle, text, score_cutoff=_CLOSE)
    if aligned is None:
        return None
    reach = min(_REACH, len(needle) // 4 + 1)
    spans = (
        (start, end)
        for start in range(max(0, aligned.dest_start - reach), aligned.dest_start + reach + 1)
        for end in range(max(start + 1, aligned.dest_end - reach), min(len(text), aligned.dest_end + reach) + 1)
    )
    start, end = max(
        spans,
        key=lambda span: (
            Levenshtein.normalized_similarity(needle, text[span[0] : span[1]]),
            -abs(span[1] - span[0] - len(needle)),
        ),
        default=(aligned.dest_start, aligned.dest_end),
    )
    return start, end, 100 * Levenshtein.normalized_similarity(needle, text[start:end])
