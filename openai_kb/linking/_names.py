"""The names of a text: the keys the automaton finds, kept where they are whole words, longest first,
and each decided between the records that share it by what else the text names."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Record
from ..search._query import FUNCTION_WORDS
from ..search.normalize import INTERPUNCTS
from ._gazetteer import Entry, Gazetteer
from ._links import Link
from ._text import Folded, is_word_character

__all__ = ["Mention", "find_mentions", "link_names"]

_INSIDE = frozenset(INTERPUNCTS + "-'’‐‑–")  # marks a name may be written with inside it, besides its own
_TITLE_SCORE = 90.0  # a title names its holder less surely than a name
_PART_NAMED_SCORE = 95.0  # a surname or given name of someone the text names in full
_SURNAME_SCORE = 80.0  # a surname no one else in the knowledge base has
_GIVEN_SCORE = 60.0  # a given name no one else has: below the default min_score
_UNDECIDED = 0.75  # the share of its score a name keeps when the text does not decide who it is
_CASE_SCORE = 60.0  # "thrive" written in lower case where the name is "Thrive"
_HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame lord lady".split())  # "Ms Murati" is Murati


@dataclass(frozen=True, slots=True)
class Mention:
    """A key found in the text at a whole-word place."""

    start: int
    end: int
    key: str


def find_mentions(folded: Folded, gazetteer: Gazetteer) -> list[Mention]:
    """The keys found at places where they are whole names, overlaps settled: the longest wins."""
    text = folded.text
    found: list[Mention] = []
    for start, end, key in gazetteer.matches(folded.compact):
        span = folded.span(start, end)
        if span is None:
            continue
        first, last = span
        latin_start, latin_end = gazetteer.latin_edges(key)
        if latin_start and first > 0 and is_word_character(text[first - 1]):
            continue  # "xAI" inside "exAI"
        if latin_end and last < len(text) and is_word_character(text[last]):
            continue  # "Microsoft" in "Microsofty"
        written = text[first:last]
        if not written.isalnum() and not _joined(written, gazetteer.marks(key)):
            continue  # "微，软" is two words, not 微软
        while last < len(text) and unicodedata.combining(text[last]):
            last += 1  # an accent after the name's last letter is part of it
        found.append(Mention(first, last, key))
    return longest_first(found)


def _joined(written: str, marks: set[str]) -> bool:
    """Whether the marks inside a mention can be inside a name: spaces, interpuncts, hyphens, its own."""
    return all(ch.isalnum() or ch.isspace() or ch in _INSIDE or ch in marks for ch in written)


def longest_first(found: list[Mention]) -> list[Mention]:
    """The mentions that overlap no longer one (of equal length, the first), in order of start."""
    taken = bytearray(max((m.end for m in found), default=0))
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if not any(taken[mention.start : mention.end]):
            taken[mention.start : mention.end] = b"\1" * (mention.end - mention.start)
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def link_names(
    folded: Folded,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    by_id: Mapping[str, Record],
    related: Mapping[str, frozenset[str]],
    bounds: list[int],
) -> list[Link]:
    """A link for each mention that names a record: whole names first, then titles and parts of names,
    each decided by the records named around it."""
    text = folded.text
    whole = [m for m in mentions if any(e.kind == "name" for e in gazetteer.entries(m.key))]
    named: dict[str, Counter[int]] = {}  # record id -> the sentences it is named in (by a name it alone has), counted
    for mention in whole:
        holders = {e.record for e in gazetteer.entries(mention.key) if e.kind == "name"}
        if len(holders) == 1:
            named.setdefault(holders.pop(), Counter())[bisect_right(bounds, mention.start)] += 1
    covered = bytearray(len(text))  # the characters some mention takes
    for mention in mentions:
        covered[mention.start : mention.end] = b"\1" * (mention.end - mention.start)
    links: list[Link] = []
    chosen: dict[tuple[str, str], list[Entry]] = {}  # the entries of a key as the text writes it, once
    for mention in mentions:
        sentence = bisect_right(bounds, mention.start)
        written = text[mention.start : mention.end]
        entries = chosen.get((mention.key, written)) or chosen.setdefault(
            (mention.key, written), _best_entries(gazetteer.entries(mention.key), written)
        )
        kind = entries[0].kind
        if kind in ("surname", "given name"):
            in_full = [e for e in entries if e.record in named]
            if in_full:
                entries, base = in_full, _PART_NAMED_SCORE
            elif len(entries) == 1:
                base = _SURNAME_SCORE if kind == "surname" else _GIVEN_SCORE
            else:
                continue  # "John" alone, and two Johns known: nothing to say who
        else:
            base = _TITLE_SCORE if kind == "title" else 100.0
        # after the parts are settled: a surname thousands of people share costs no support of each
        support = {e.record: _support(e.record, sentence, named, related) for e in entries} if len(entries) > 1 else {}
        ranked = sorted(entries, key=lambda e: (-support[e.record], -e.prior)) if support else entries
        best = ranked[0]
        if _beside_another_name(text, mention, best, covered):
            continue  # "Laura Schulman" is not John Schulman, nor "Thrive Market" Thrive Capital
        others = tuple(by_id[e.record] for e in ranked[1:])
        decided = not others or support[best.record] > support[ranked[1].record]
        score = base * best.prior
        if best.kind == "name" and best.name_kind != "title" and _lower_case_common(written, best.written):
            score = min(score, _CASE_SCORE)
        why = _why(best, written, named)
        if not decided:
            score *= _UNDECIDED
            why += f"; the text does not say which of {len(ranked)} records"
        links.append(
            Link(mention.start, mention.end, written, by_id[best.record], "name", round(score, 1), why,
                 ambiguous=() if decided else others)
        )  # fmt: skip
    return links


def _best_entries(entries: list[Entry], written: str) -> list[Entry]:
    """One entry per record, the surest kind of name first (a whole name over a title over a part),
    then the one written as the text writes it (``微軟`` rather than ``微软``)."""
    order = {"name": 0, "title": 1, "surname": 2, "given name": 3}
    best: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (order[e.kind], -e.prior, e.written != written)):
        best.setdefault(entry.record, entry)
    surest = order[min(best.values(), key=lambda e: order[e.kind]).kind]
    return [entry for entry in best.values() if order[entry.kind] == surest]


def _support(
    record: str, sentence: int, named: Mapping[str, Counter[int]], related: Mapping[str, frozenset[str]]
) -> int:
    """How much the text speaks for a record: itself named (a title's holder), and the records it is
    related to named, twice as much in the same sentence."""
    total = 0
    for other in (record, *related.get(record, ())):
        sentences = named.get(other)
        if sentences:
            total += sentences[sentence] + sentences.total()  # twice as much in the same sentence
    return total


def _beside_another_name(text: str, mention: Mention, entry: Entry, covered: bytearray) -> bool:
    """Whether a part of a name, or a short name of one Latin word, is written beside a capitalized
    word that no mention takes: then it is part of another name (``Laura Schulman``, ``Thrive
    Market``). A function word (``The``) or an honorific (``Ms``) beside it is not."""
    short = entry.kind in ("surname", "given name") or (entry.kind == "name" and entry.name_kind != "canonical")
    written = text[mention.start : mention.end]
    if not short or not written.isascii() or " " in written:
        return False
    before = text[: mention.start]
    if before.endswith(" ") and not before.endswith("  "):
        word = before[:-1].rsplit(" ", 1)[-1]
        if _capitalized_name(word) and not covered[mention.start - 1 - len(word)]:
            return True
    after = text[mention.end :]
    if after.startswith(" ") and not after.startswith("  "):
        word = after[1:].split(" ", 1)[0].rstrip(".,;:!?)\"'’”")
        if _capitalized_name(word) and not covered[mention.end + 1]:
            return True
    return False


def _capitalized_name(word: str) -> bool:
    """A word that may be part of a name: letters, a capital first, not a function word or an honorific."""
    return (
        word.isalpha()
        and word.isascii()
        and word[0].isupper()
        and not word.isupper()
        and word.lower() not in FUNCTION_WORDS
        and word.lower().rstrip(".") not in _HONORIFICS
    )


def _lower_case_common(written: str, name: str) -> bool:
    """Whether a one-word Latin name written with capitals appears in lower case (``thrive``)."""
    return written.isascii() and written.islower() and not name.islower() and " " not in name.strip()


def _why(entry: Entry, written: str, named: Mapping[str, Counter[int]]) -> str:
    language = f" ({entry.language})" if entry.language else ""
    if entry.kind == "title":
        return f"title {entry.written!r}{language} of {entry.record} ({entry.via})"
    if entry.kind in ("surname", "given name"):
        how = "named in full in the text" if entry.record in named else "no one else in the knowledge base has it"
        return f"{entry.kind} {entry.written!r}{language} of {entry.record}: {how}"
    kind = "name" if entry.name_kind == "canonical" else entry.name_kind
    return f"{kind} {entry.written!r}{language} of {entry.record}"
