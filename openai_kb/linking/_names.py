"""The names of a text: the keys the automaton finds, kept where they are whole words, longest first,
and each decided between the records that share it by what else the text names."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..models import Organization, Record
from ..search._query import FUNCTION_WORDS
from ..search.normalize import INTERPUNCTS
from ._gazetteer import Entry, Gazetteer, Surest
from ._links import Link
from ._text import Folded, is_word_character

__all__ = ["Mention", "companies_meant", "find_mentions", "link_names"]

_INSIDE = frozenset(INTERPUNCTS + "-'’‐‑–")  # marks a name may be written with inside it, besides its own
_TITLE_SCORE = 90.0  # a title names its holder less surely than a name
_PART_NAMED_SCORE = 95.0  # a surname or given name of someone the text names in full
_SURNAME_SCORE = 80.0  # a surname no one else in the knowledge base has
_GIVEN_SCORE = 60.0  # a given name no one else has: below the default min_score
_SHORT_SCORE = 80.0  # an organization's short name no other record has, written as a name: ``Altimeter``
_HAN_SHORT_SCORE = 60.0  # a short name in Han alone, which has no capitals to tell a name from a word: 小米 is millet
_PARTS = frozenset(("surname", "given name", "short name"))  # kinds linked only with support
_UNDECIDED = 0.75  # the share of its score a name keeps when the text does not decide who it is
_CASE_SCORE = 60.0  # "thrive" written in lower case where the name is "Thrive"
_LONGEST_WORD = 64  # letters of the longest word beside a part that may be a name (``Laura`` of Laura Schulman)
_START = attrgetter("start")
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
    for start, end, key in gazetteer.matches(folded):
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


def _joined(written: str, marks: frozenset[str]) -> bool:
    """Whether the marks inside a mention can be inside a name: spaces, interpuncts, hyphens, its own, and
    the invisible format characters web pages leave in words (a soft hyphen, a zero-width space)."""
    return all(
        ch.isalnum() or ch.isspace() or ch in _INSIDE or ch in marks or unicodedata.category(ch) == "Cf"
        for ch in written
    )


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
    whole = [m for m in mentions if gazetteer.name_holders(m.key)]
    named: dict[str, Counter[int]] = {}  # record id -> the sentences it is named in (by a name it alone has), counted
    where: dict[str, list[Mention]] = {}  # record id -> where the text names it so
    for mention in whole:
        holders = gazetteer.name_holders(mention.key)
        if len(holders) == 1:
            (holder,) = holders
            if holder not in named:  # not setdefault: a Counter made for every mention costs a tenth of the scan
                named[holder], where[holder] = Counter(), []
            named[holder][bisect_right(bounds, mention.start)] += 1
            where[holder].append(mention)
    in_sentence: dict[str, set[int]] | None = None  # made for the first title: most texts have none
    covered = bytearray(len(text))  # the characters some mention takes
    for mention in mentions:
        covered[mention.start : mention.end] = b"\1" * (mention.end - mention.start)
    links: list[Link] = []
    speaking = _speaking(named, related)
    for mention in mentions:
        sentence = bisect_right(bounds, mention.start)
        written = text[mention.start : mention.end]
        surest = gazetteer.surest(mention.key, written)
        entries: tuple[Entry, ...] | list[Entry] = surest.entries
        kind = entries[0].kind
        if kind in _PARTS:
            if _BEFORE_A_NUMBER.match(text, mention.end):
                continue  # "Jan. 5", "Jan 2024": a month, not Jan Leike
            if kind == "short name" and _a_word(written, entries[0]):
                continue  # "companies thrive", 兴盛 of 兴盛资本: words, whoever the text names
            in_full = _in_order(surest, named)
            if in_full:
                entries, base = in_full, _PART_NAMED_SCORE
            elif len(entries) == 1 and kind != "short name":
                base = _SURNAME_SCORE if kind == "surname" else _GIVEN_SCORE
            elif len(entries) == 1 and _written_as_a_name(text, mention, bounds[sentence - 1] if sentence else 0):
                base = _SHORT_SCORE if _cased(written) else _HAN_SHORT_SCORE
            else:
                continue  # "John" alone, and two Johns known: nothing to say who
        else:
            base = _TITLE_SCORE if kind == "title" else 100.0
        distance: dict[str, int] = {}
        if entries[0].name_kind == "title":
            if written[-1:] in "长長" and _LONG.match(text, mention.end):
                continue  # 研究长期: "to study long-term", not 研究长 (a chief research officer)
            if in_sentence is None:
                in_sentence = _with_parts(mentions, gazetteer, named, where, bounds)
                for places in where.values():
                    places.sort(key=_START)  # the parts after the whole names: in order, for _distance
            entries = _holders_meant(text, mention, entries, sentence, named, in_sentence)
            if not entries:
                continue  # "a new chief technology officer": the post, not the person who left it
            distance = {e.record: _distance(mention, where.get(e.record, ())) for e in entries}
        # only records the text speaks for have support: of a name a thousand people share, a few
        candidates = speaking.intersection(surest.places) if entries is surest.entries else {e.record for e in entries}
        support = {r: _support(r, sentence, named, related) for r in candidates} if len(entries) > 1 else {}
        ranked = _ranked(surest, entries, support, distance)
        best = ranked[0]
        if _beside_another_name(text, mention, best, covered):
            continue  # "Laura Schulman" is not John Schulman, nor "Thrive Market" Thrive Capital
        others = tuple(by_id[e.record] for e in ranked[1:])
        decided = not others or _before(best, ranked[1], support, distance)
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


#: A figure right after a part of a name: the word is a month or a unit ("Jan. 5", "Jan 2024"), not a person.
_BEFORE_A_NUMBER = re.compile(r"\.?[ \t\u00a0]?\d")
#: What makes the 长 that ends a title (技术长, 研究長) the first character of a word of "long" (长期 long-term,
#: 长足 considerable, 长远, 长久, 长达 as long as, 长短, 长度, 长篇, 长时间).
_LONG = re.compile("[期足远遠久达達短度篇时時]")
#: Words before a title that make it someone else's: a departure's title is a post its holder left.
_NEW = re.compile(
    r"(?:\b(?:new|next|incoming|interim|acting)[\s-]*|新任|新|下一任|下任|继任|繼任|代理)$", re.IGNORECASE
)
#: Words before a title that make it a past post ("the former CTO", "前首席技术官"; not 目前, "now").
_FORMER = re.compile(
    r"(?:\b(?:former|ex|then|previous|one-time)[\s-]*|前任|(?<![目此之以提当當眼])前|原)$", re.IGNORECASE
)


def _with_parts(
    mentions: list[Mention], gazetteer: Gazetteer, named: Mapping[str, Counter[int]],
    where: dict[str, list[Mention]], bounds: list[int],
) -> dict[str, set[int]]:  # fmt: skip
    """The sentences naming each person: by a whole name, or by a part of it that names her as the linker
    reads parts, of someone named in full (``Murati, the CTO``) or a surname no one else has (``首席研究官麥格魯``)."""
    found = {key: set(sentences) for key, sentences in named.items()}
    for mention in mentions:
        entries = gazetteer.entries(mention.key)
        if all(e.kind in _PARTS for e in entries):  # a person's part, or also an organization's short name
            holders = {e.record for e in entries if e.record in named and e.kind != "short name"}
            if not holders and {e.kind for e in entries} == {"surname"}:
                holders = {e.record for e in entries}  # of one person only, or none
            if len(holders) == 1:
                holder = holders.pop()
                found.setdefault(holder, set()).add(bisect_right(bounds, mention.start))
                where.setdefault(holder, []).append(mention)
    return found


def _holders_meant(
    text: str, mention: Mention, entries: Sequence[Entry], sentence: int, named: Mapping[str, Counter[int]],
    in_sentence: Mapping[str, set[int]],
) -> list[Entry]:  # fmt: skip
    """The holders a title may mean: none when it is a new holder's (``a new CTO``); those named in its
    sentence (``CTO Mira Murati``); else those named in the text when the title is written with the
    organization (``OpenAI CTO``) or as a past post (``the former CTO``). A title alone in a sentence
    that names none of them is the post itself, which someone else may hold now."""
    before = text[max(0, mention.start - 12) : mention.start].rstrip(" 的")
    if _NEW.search(before):
        return []  # "a new CTO" is whoever comes after the one who left the post
    here = [e for e in entries if sentence in in_sentence.get(e.record, ())]
    if here:
        return here
    if entries[0].kind == "name" or _FORMER.search(before):
        return [e for e in entries if e.record in named]
    return []


def _distance(mention: Mention, others: Sequence[Mention]) -> int:
    """How far a mention is from the nearest of others (0 when they touch), in code points: ``others``
    overlap not and are in order, so the nearest is one of the two around the mention's start."""
    around = bisect_left(others, mention.start, key=_START)
    gaps = [
        max(other.start - mention.end, mention.start - other.end, 0)
        for other in others[max(0, around - 1) : around + 1]
    ]
    return min(gaps, default=1 << 30)


def _before(first: Entry, second: Entry, support: Mapping[str, int], distance: Mapping[str, int]) -> bool:
    """Whether the text decides for the first record over the second: more support, or as much and named nearer."""
    one, two = support.get(first.record, 0), support.get(second.record, 0)
    return one > two or (one == two and distance.get(first.record, 0) < distance.get(second.record, 0))


def _speaking(named: Mapping[str, object], related: Mapping[str, frozenset[str]]) -> set[str]:
    """The records ``_support`` can find support for: those named, and those related to one named."""
    speaking = set(named)
    for record in named:
        speaking.update(related.get(record, ()))
    return speaking


def _in_order(surest: Surest, named: Mapping[str, object]) -> list[Entry]:
    """The entries of records the text names, in the key's order: looked up, not searched for."""
    places = surest.places
    found = sorted(places[record] for record in named if record in places)
    return [surest.entries[place] for place in found]


def _ranked(
    surest: Surest, entries: Sequence[Entry], support: Mapping[str, int], distance: Mapping[str, int]
) -> list[Entry]:
    """The entries by support, then nearness, then prior. The key's own order is already by prior, so
    without nearness only the records with support move (to the front): no sort of a thousand namesakes."""
    if distance or entries is not surest.entries:
        return sorted(entries, key=lambda e: (-support.get(e.record, 0), distance.get(e.record, 0), -e.prior))
    first = sorted(
        (surest.places[record] for record in support if support[record]),
        key=lambda place: (-support[surest.entries[place].record], -surest.entries[place].prior, place),
    )
    if not first:
        return list(entries)
    moved = set(first)
    return [entries[place] for place in first] + [e for place, e in enumerate(entries) if place not in moved]


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
    short = entry.kind in _PARTS or (entry.kind == "name" and entry.name_kind != "canonical")
    written = text[mention.start : mention.end]
    if not short or not written.isascii() or " " in written:
        return False
    start, end = mention.start, mention.end
    if start and text.startswith(" ", start - 1) and not text.startswith("  ", start - 2):
        first = max(0, start - 2 - _LONGEST_WORD)  # a word of more letters than that names no one
        space = text.rfind(" ", first, start - 1)
        if space >= 0 or first == 0:
            word = text[space + 1 : start - 1]
            if _capitalized_name(word) and not covered[start - 1 - len(word)]:
                return True
    if text.startswith(" ", end) and not text.startswith("  ", end):
        last = min(len(text), end + 2 + _LONGEST_WORD)
        space = text.find(" ", end + 1, last)
        if space >= 0 or last == len(text):
            word = text[end + 1 : space if space >= 0 else last].rstrip(".,;:!?)\"'’”")
            if _capitalized_name(word) and not covered[end + 1]:
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


def _written_as_a_name(text: str, mention: Mention, sentence_start: int) -> bool:
    """Whether a short name alone may be read as one: in Han, always (``_HAN_SHORT_SCORE`` says how
    little that is); in Latin letters, when it begins with a capital that is not its sentence's first
    letter (a sentence begins with a capital whatever its first word is: ``Tiger sharks ...``)."""
    if not _cased(text[mention.start : mention.end]):
        return True
    if not text[mention.start].isupper():
        return False
    return bool(text[sentence_start : mention.start].strip(" \t\n\"'“‘(「『—-*#>"))


def _a_word(written: str, entry: Entry) -> bool:
    """Whether a short name is written as a word rather than a name: in lower case where the name has
    capitals (``thrive``), or in Han from a translation, whose words are words (``兴盛`` of ``兴盛资本``,
    Thrive Capital: "thrive")."""
    if _cased(written):
        return _lower_case_common(written, entry.written)
    return entry.name_kind == "translation"


def _cased(written: str) -> bool:
    """Whether a name begins with a letter that has capitals (Latin and the like; not Han)."""
    return written[:1].lower() != written[:1].upper()


def _lower_case_common(written: str, name: str) -> bool:
    """Whether a one-word Latin name written with capitals appears in lower case (``thrive``)."""
    return written.isascii() and written.islower() and not name.islower() and " " not in name.strip()


def _why(entry: Entry, written: str, named: Mapping[str, Counter[int]]) -> str:
    language = f" ({entry.language})" if entry.language else ""
    if entry.wording_of is not None:  # "title 'Research VP' (en), a wording of 'VP of Research', of ..."
        language += f", a wording of {entry.wording_of!r},"
    if entry.kind == "title":
        return f"title {entry.written!r}{language} of {entry.record} ({entry.via})"
    if entry.kind in _PARTS:
        how = "named in full in the text" if entry.record in named else "no one else in the knowledge base has it"
        return f"{entry.kind} {entry.written!r}{language} of {entry.record}: {how}"
    kind = "name" if entry.name_kind == "canonical" else entry.name_kind
    return f"{kind} {entry.written!r}{language} of {entry.record}"


#: "The company" and its Chinese forms: the organization a report is about, named before.
_THE_COMPANY = re.compile(r"[Tt](?=he company\b)|[该該这這此](?=家?(?:公司|企业|企業))")  # a class first: scanned fast


def companies_meant(text: str, links: list[Link]) -> list[tuple[int, str]]:
    """Where the text says "the company" (该公司, 這家公司) and the organization it means: of those named
    before it, the one named most often, and of as many, the first named (a report names its subject first)."""
    said = [at for at in (found.start() for found in _THE_COMPANY.finditer(text)) if not _letter_before(text, at)]
    if not said:
        return []
    named = [link for link in links if isinstance(link.record, Organization) and not link.ambiguous]
    meant: list[tuple[int, str]] = []
    counts: Counter[str] = Counter()  # in the order first named: most_common keeps it between equals
    taken = 0
    for position in said:
        while taken < len(named) and named[taken].start < position:
            counts[named[taken].record.id] += 1
            taken += 1
        if counts:
            meant.append((position, counts.most_common(1)[0][0]))
    return meant


def _letter_before(text: str, at: int) -> bool:
    """Whether a Latin letter comes right before ``at`` ("Bathe company" holds no "the company")."""
    return at > 0 and text[at - 1].isascii() and text[at - 1].isalpha()
