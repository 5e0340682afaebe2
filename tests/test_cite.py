"""Citing without counting: ``openai_kb.cite`` and ``openai-kb cite`` find a quote's offsets."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import AmbiguousQuoteError, Evidence, KnowledgeBase, QueryError, QuoteNotFoundError, Source, cite, citing
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.errors import shown
from openai_kb.search.normalize import to_simplified

from .cli import run_cli
from .conftest import SOURCE

# Our own example: a curly apostrophe, an em dash, "board" three times. Offsets counted by hand:
# "Zenith’s" 0-8, "board" 9-14, "The" 30-33, "board" 34-39, "approved the plan" 40-57, "—" 58,
# "board" 68-73, "thanked Ada" 74-85; 86 characters.
TEXT = "Zenith’s board met on Monday. The board approved the plan — and the board thanked Ada."
MEMO = "source:memo"


def _cite_error(text: str, quote: str, **options: Any) -> QueryError:
    with pytest.raises(QueryError) as raised:
        cite(text, quote, source=MEMO, **options)
    return raised.value


# The library


def test_a_quote_found_once_gets_its_offsets() -> None:
    """A quote that occurs once comes back as evidence with its offsets, translation kept."""
    evidence = cite(TEXT, "approved the plan", source=MEMO, translation="said yes to the plan")
    assert evidence == Evidence(
        source=MEMO,
        quote="approved the plan",
        start=40,
        end=57,
        translation="said yes to the plan",
        prefix="nday. The board ",
        suffix=" — and the board",
    )
    assert TEXT[evidence.start : evidence.end] == evidence.quote
    assert cite(TEXT, "Zenith’s board", source=MEMO).model_dump(exclude_none=True) == {
        "source": MEMO,
        "quote": "Zenith’s board",
        "start": 0,
        "end": 14,
        "prefix": "",
        "suffix": " met on Monday. ",
    }


def test_prefix_and_suffix_are_16_characters_or_what_the_text_has() -> None:
    """cite records the 16 characters each side of the quote, fewer (down to none) at the text's edges."""
    for quote in ("Zenith’s board", "approved the plan", "thanked Ada.", TEXT, "Z", "—", "Ada."):
        evidence = cite(TEXT, quote, source=MEMO)
        assert evidence.prefix == TEXT[max(0, evidence.start - 16) : evidence.start]
        assert evidence.suffix == TEXT[evidence.end : evidence.end + 16]
        assert len(evidence.prefix) == min(16, evidence.start)
        assert len(evidence.suffix) == min(16, len(TEXT) - evidence.end)
    whole = cite(TEXT, TEXT, source=MEMO)
    assert (whole.prefix, whole.suffix) == ("", "")
    assert cite(TEXT, "thanked", source=MEMO).suffix == " Ada."


def test_offsets_count_code_points_of_the_text_as_given() -> None:
    """Offsets count code points (an emoji is one), and a Windows line end is two: nothing is translated."""
    text = "Line one\r\n🚀 发射成功，Zenith’s rocket."
    evidence = cite(text, "发射成功", source=MEMO)
    assert (evidence.start, evidence.end) == (12, 16)
    assert cite(text, "one\r\n🚀", source=MEMO).start == 5


def test_the_article_offsets_are_those_counted_in_the_data(kb: KnowledgeBase, article: str) -> None:
    """cite finds every quote of the bundled data where its hand-counted offsets put it."""
    from openai_kb.verify import evidence_of

    spans = [evidence for _, _, evidence in evidence_of(kb, None)]
    assert len(spans) == 49
    for evidence in spans:
        before = sum(1 for at in range(evidence.start) if article.startswith(evidence.quote, at))
        found = cite(
            article, evidence.quote, source=evidence.source, occurrence=before + 1, translation=evidence.translation
        )
        assert found == evidence


def test_the_article_valuation_quote(kb: KnowledgeBase, article: str) -> None:
    """The README's valuation quote, cited from the article and its Source record, is at 138:156."""
    source = kb.sources[0]
    evidence = cite(article, "将公司估值推升至 1,570 亿美元", source=source)
    assert (evidence.source, evidence.start, evidence.end) == (source.id, 138, 156)
    assert evidence == kb["valuation:openai-2024-10-post-money"].evidence[0].model_copy(update={"translation": None})


def test_the_article_without_its_spaces_shows_the_passage(article: str) -> None:
    """A quote typed without the article's spaces and thousands comma is refused, showing the passage at 138:156."""
    error = _cite_error(article, "将公司估值推升至1570亿美元")
    assert isinstance(error, QuoteNotFoundError)
    assert str(error) == (
        "'将公司估值推升至1570亿美元' is not in the text; the closest passage is '将公司估值推升至 1,570 亿美元' "
        "at 138:156, 83% alike; copy the quote from the text as it is written there"
    )


def test_a_source_record_must_be_of_this_text() -> None:
    """A Source is stored as its id; one whose length or sha256 is another text's is refused."""
    source = Source(id=MEMO, title="A memo", language="en", length=len(TEXT))
    assert cite(TEXT, "Ada", source=source).source == MEMO
    shorter = source.model_copy(update={"length": 40})
    with pytest.raises(QueryError) as raised:
        cite(TEXT, "Ada", source=shorter)
    assert str(raised.value) == (
        "this text is not the text of 'source:memo': the source says its text is 40 characters long; this text has 86"
    )
    other = source.model_copy(update={"sha256": "0" * 64})
    with pytest.raises(QueryError, match=r"^this text is not the text of 'source:memo': the source's sha256 is 0000"):
        cite(TEXT, "Ada", source=other)


def test_a_curly_apostrophe_is_named_with_the_span_to_copy() -> None:
    """A straight apostrophe where the text has a curly one: the message names both and the span to copy."""
    error = _cite_error(TEXT, "Zenith's board")
    assert isinstance(error, QuoteNotFoundError)
    assert str(error) == (
        "\"Zenith's board\" is not in the text, but 'Zenith’s board' at 0:14 differs from it only in typography: "
        "the text has ’ (U+2019) where the quote has ' (U+0027); copy the quote from the text as it is written there"
    )
    assert (error.quote, error.closest) == ("Zenith's board", (0, 14))
    assert cite(TEXT, TEXT[0:14], source=MEMO).start == 0  # the span, copied, cites


@pytest.mark.parametrize(
    ("text", "quote", "differences"),
    [
        (TEXT, "the plan - and", "— (U+2014) where the quote has - (U+002D)"),
        (TEXT, "Monday.  The", "' ' where the quote has '  '"),
        ("one\r\ntwo", "one\ntwo", "'\\r\\n' where the quote has '\\n'"),
        (
            "收入，翻倍。",
            "收入,翻倍.",
            "， (U+FF0C) where the quote has , (U+002C) and 。 (U+3002) where the quote has . (U+002E)",
        ),
        (
            "Ada said “done”.",
            'Ada said "done".',
            '“ (U+201C) where the quote has " (U+0022) and ” (U+201D) where the quote has " (U+0022)',
        ),
        ("米拉·穆拉蒂", "米拉・穆拉蒂", "· (U+00B7) where the quote has ・ (U+30FB)"),
        (
            "Zenith",
            "Ｚｅｎｉｔｈ",
            "Z (U+005A) where the quote has Ｚ (U+FF3A), e (U+0065) where the quote has ｅ (U+FF45), "
            "n (U+006E) where the quote has ｎ (U+FF4E) and 3 more",
        ),
    ],
    ids=["dash", "spaces", "line-end", "full-width", "double-quotes", "middle-dot", "full-width-letters"],
)
def test_typography_differences_are_named(text: str, quote: str, differences: str) -> None:
    """Dashes, runs of white space, line ends, full-width forms, quotation marks: each difference is named."""
    error = _cite_error(text, quote)
    assert isinstance(error, QuoteNotFoundError)
    assert f" differs from it only in typography: the text has {differences}; copy the quote" in str(error)


# Our own reports of the round, one in each script, with no spaces; and one in English.
TRADITIONAL = "據一份報導，興盛資本領投本輪，輝達與軟銀也參與其中。"
SIMPLIFIED = "据一份报导，兴盛资本领投本轮，辉达与软银也参与其中。"
ENGLISH = "Thrive Capital led the round; Nvidia and “SoftBank” joined it."


@pytest.mark.parametrize(
    ("text", "quote", "message"),
    [
        (
            TRADITIONAL,
            "辉达与软银",
            "'辉达与软银' is not in the text, but the text has it in Traditional script: '輝達與軟銀' at 15:20 "
            "(輝 where the quote has 辉, 達 where the quote has 达, 與 where the quote has 与 and 2 more)",
        ),
        (
            SIMPLIFIED,
            "輝達與軟銀",
            "'輝達與軟銀' is not in the text, but the text has it in Simplified script: '辉达与软银' at 15:20 "
            "(辉 where the quote has 輝, 达 where the quote has 達, 与 where the quote has 與 and 2 more)",
        ),
        (
            SIMPLIFIED,
            "辉达與軟银",
            "'辉达與軟银' is not in the text, but the text has it in Simplified script: '辉达与软银' at 15:20 "
            "(与 where the quote has 與 and 软 where the quote has 軟)",
        ),
        (
            SIMPLIFIED,
            "辉 达 与 软 银",
            "'辉 达 与 软 银' is not in the text, but the text has no spaces there: '辉达与软银' at 15:20",
        ),
        (
            ENGLISH,
            "ThriveCapital led",
            "'ThriveCapital led' is not in the text, but the text has a space there: 'Thrive Capital led' at 0:18",
        ),
        (
            ENGLISH,
            "Thrive Capitalled the round ; Nvidia",
            "'Thrive Capitalled the round ; Nvidia' is not in the text, but the text is spaced differently there: "
            "'Thrive Capital led the round; Nvidia' at 0:36",
        ),
        (
            TRADITIONAL,
            "兴盛资本 领投",
            "'兴盛资本 领投' is not in the text, but the text has no space there and has it in Traditional script: "
            "'興盛資本領投' at 6:12 (興 where the quote has 兴, 資 where the quote has 资 and "
            "領 where the quote has 领)",
        ),
        (
            ENGLISH,
            'Nvidia and "SoftBank"joined',
            "'Nvidia and \"SoftBank\"joined' is not in the text, but the text has a space there and differs in "
            "typography: 'Nvidia and “SoftBank” joined' at 30:58 (“ (U+201C) where the quote has \" (U+0022) and "
            '” (U+201D) where the quote has " (U+0022))',
        ),
    ],
    ids=[
        "simplified-in-traditional",
        "traditional-in-simplified",
        "mixed-script",
        "spaces-added",
        "space-dropped",
        "spaced-otherwise",
        "space-and-script",
        "space-and-typography",
    ],
)
def test_a_quote_in_the_other_script_or_spacing_names_the_difference(text: str, quote: str, message: str) -> None:
    """A quote the text has in the other Chinese script, or with spaces where it has none (or none where it has
    some), names that difference and the exact span, which cites."""
    error = _cite_error(text, quote)
    assert isinstance(error, QuoteNotFoundError)
    assert str(error) == f"{message}; copy the quote from the text as it is written there"
    assert error.closest is not None
    start, end = error.closest
    assert cite(text, text[start:end], source=MEMO).start == start


def test_a_near_miss_shows_the_closest_passage() -> None:
    """A quote with a typo is refused (never returned as evidence), showing the closest passage and its span."""
    error = _cite_error(TEXT, "thanked Adda")
    assert isinstance(error, QuoteNotFoundError)
    assert str(error) == (
        "'thanked Adda' is not in the text; the closest passage is 'thanked Ada' at 74:85, 92% alike; "
        "copy the quote from the text as it is written there"
    )
    assert error.closest == (74, 85)


def test_a_long_quote_is_compared_by_its_beginning() -> None:
    """A quote over 300 characters is compared by its first 300, and the message says so."""
    text = "".join(f"Line {n} of the minutes. " for n in range(100))
    error = _cite_error(text, text[24:400].replace("minutes", "minute"))
    assert isinstance(error, QuoteNotFoundError)
    assert "(its first 300 characters compared)" in str(error)
    assert error.closest is not None
    assert error.closest[0] == 24


def test_a_quote_with_nothing_close() -> None:
    """A quote unlike anything in the text says so, with no passage."""
    error = _cite_error(TEXT, "Quarterly revenue doubled")
    assert str(error) == (
        "'Quarterly revenue doubled' is not in the text, and no passage of it is close; "
        "check that this is the right text"
    )
    assert isinstance(error, QuoteNotFoundError)
    assert error.closest is None
    assert isinstance(_cite_error("", "Ada"), QuoteNotFoundError)


def test_a_quote_found_more_than_once_lists_each_occurrence() -> None:
    """A quote that occurs three times is refused with the span of each and how to pick one."""
    error = _cite_error(TEXT, "board")
    assert isinstance(error, AmbiguousQuoteError)
    assert str(error) == (
        "'board' occurs 3 times in the text, at 9:14, 34:39 and 68:73; pick one with occurrence=N (1 to 3)"
    )
    assert (error.starts, error.more) == ((9, 34, 68), False)
    assert error.describe("--occurrence N").endswith("pick one with --occurrence N (1 to 3)")


def test_long_lists_of_occurrences_are_cut() -> None:
    """Ten spans are listed, then how many more; past 1,000 occurrences the count stops."""
    error = _cite_error("ab " * 12, "ab")
    assert str(error) == (
        "'ab' occurs 12 times in the text, at 0:2, 3:5, 6:8, 9:11, 12:14, 15:17, 18:20, 21:23, 24:26, 27:29, "
        "and 2 more; pick one with occurrence=N (1 to 12)"
    )
    error = _cite_error("a" * 1500, "a")
    assert isinstance(error, AmbiguousQuoteError)
    assert str(error).startswith("'a' occurs more than 1,000 times in the text, at 0:1, 1:2, ")
    assert str(error).endswith(", 9:10, ...; pick one with occurrence=N (1 for the first)")
    assert (len(error.starts), error.more) == (1000, True)
    assert cite("a" * 1500, "a", source=MEMO, occurrence=1500).start == 1499


def test_occurrence_picks_one() -> None:
    """occurrence=N (1-based) picks the Nth; overlapping occurrences count; N past the last says how many there are."""
    assert [cite(TEXT, "board", source=MEMO, occurrence=n).start for n in (1, 2, 3)] == [9, 34, 68]
    assert cite(TEXT, "Ada", source=MEMO, occurrence=1).start == 82
    assert cite("aaaa", "aa", source=MEMO, occurrence=3).start == 2
    error = _cite_error(TEXT, "board", occurrence=4)
    assert type(error) is QueryError
    assert str(error) == "'board' occurs 3 times in the text, so there is no occurrence 4; pick 1 to 3"
    assert str(_cite_error(TEXT, "Ada", occurrence=2)) == (
        "'Ada' occurs once in the text, so there is no occurrence 2; pick 1"
    )
    assert isinstance(_cite_error(TEXT, "Adda", occurrence=2), QuoteNotFoundError)  # not found comes first


@pytest.mark.parametrize("occurrence", [0, -1, True, 1.0, "2"])
def test_occurrence_must_be_a_whole_number_from_1(occurrence: Any) -> None:
    """occurrence is checked as kb.search checks limit: a QueryError saying what is allowed."""
    error = _cite_error(TEXT, "board", occurrence=occurrence)
    assert str(error) == f"occurrence must be a whole number >= 1 (1 for the first), not {occurrence!r}"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"text": TEXT.encode(), "quote": "Ada", "source": MEMO}, "cite() expects the text as a str, not bytes"),
        ({"text": TEXT, "quote": None, "source": MEMO}, "cite() expects the quote as a str, not NoneType"),
        (
            {"text": TEXT, "quote": "Ada", "source": 3},
            "cite() expects source as a Source or a source id (str), not int",
        ),
        (
            {"text": TEXT, "quote": "Ada", "source": MEMO, "translation": 1},
            "cite() expects the translation as a str or None, not int",
        ),
    ],
    ids=["text", "quote", "source", "translation"],
)
def test_wrong_types_are_type_errors(arguments: dict[str, Any], message: str) -> None:
    """Text, quote, source and translation of the wrong type: a TypeError naming what was expected."""
    arguments = dict(arguments)
    text, quote = arguments.pop("text"), arguments.pop("quote")
    with pytest.raises(TypeError) as raised:
        cite(text, quote, **arguments)
    assert str(raised.value) == message


def test_bad_values_are_query_errors() -> None:
    """An empty quote, a source that is not an id, a lone surrogate: QueryErrors saying why."""
    assert str(_cite_error(TEXT, "")) == "the quote is empty; give the words of the text that support the fact"
    with pytest.raises(QueryError) as raised:
        cite(TEXT, "Ada", source="memo")
    assert str(raised.value).startswith("source 'memo' is not an id: an id is a lower-case type, a colon and a name")
    with pytest.raises(QueryError, match="' ' at position 9 is white space"):
        cite(TEXT, "Ada", source="source:my memo")
    surrogate = "Ada\ud800"
    error = _cite_error(f"{TEXT}{surrogate}", surrogate)
    assert str(error) == (
        "the quote holds a lone surrogate ('\\ud800' at 3), half of a character and not text; "
        "give it as text decoded from UTF-8"
    )
    with pytest.raises(QueryError, match=r"^the translation holds a lone surrogate"):
        cite(TEXT, "Ada", source=MEMO, translation=surrogate)


def test_cite_is_exported() -> None:
    """cite and its two errors are part of the package's face; both errors are QueryErrors."""
    assert {"cite", "AmbiguousQuoteError", "QuoteNotFoundError"} <= set(openai_kb.__all__)
    assert issubclass(AmbiguousQuoteError, QueryError)
    assert issubclass(QuoteNotFoundError, QueryError)


def _minutes(size: int) -> str:
    """Numbered minutes of exactly ``size`` characters, no two sentences alike."""
    return "".join(f"Minute {n}: the board met. " for n in range(size // 20))[:size]


def test_an_absent_quote_of_20001_characters_in_2_mb_gets_the_documented_messages() -> None:
    """A 20,001-character quote absent from a 2,000,000-character text: nothing close, or the passage most like
    its first 300 characters (the searches are linear, so this returns; the benchmark times it)."""
    text = _minutes(2_000_000)
    agenda = "".join(f"Item {n} on the agenda was put off again. " for n in range(500))[:20_001]
    error = _cite_error(text, agenda)
    assert isinstance(error, QuoteNotFoundError)
    assert str(error) == (
        "'Item 0 on the agenda was put off again. Item 1 on the agenda was put off again. '... "
        "(20,001 characters) is not in the text, and no passage of it is close; check that this is the right text"
    )
    changed = text[:20_000].replace("board", "bored")
    error = _cite_error(text, changed)
    assert str(error) == (
        "'Minute 0: the bored met. Minute 1: the bored met. Minute 2: the bored met. Minut'... (20,000 characters) "
        "is not in the text; the closest passage is 'Minute 0: the board met. Minute 1: the board met. Minute 2: "
        "the board met. Minut'... (300 characters) at 0:300, 92% alike (its first 300 characters compared); "
        "copy the quote from the text as it is written there"
    )


def test_a_quote_repeating_everywhere_is_counted_to_any_occurrence() -> None:
    """A quote of 20,000 letters in a text of 2,000,000: every overlapping occurrence counts, the last one cites."""
    text = "a" * 2_000_000
    error = _cite_error(text, "a" * 20_000, occurrence=10**9)
    assert str(error) == (
        f"{shown('a' * 20_000)} occurs 1,980,001 times in the text, so there is no occurrence 1,000,000,000; "
        "pick 1 to 1,980,001"
    )
    assert cite(text, "a" * 20_000, source=MEMO, occurrence=1_980_001).start == 1_980_000
    assert isinstance(_cite_error(text, "a" * 19_999 + "b"), QuoteNotFoundError)


def test_overlapping_occurrences_are_every_start() -> None:
    """For texts and quotes over two or three letters (quotes that repeat themselves), every start is counted."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text("ab", max_size=120) | st.text("aab", max_size=120), st.text("ab", min_size=1, max_size=9))
    def check(text: str, quote: str) -> None:
        starts = [at for at in range(len(text)) if text.startswith(quote, at)]
        if not starts:
            assert isinstance(_cite_error(text, quote), QuoteNotFoundError)
            return
        picked = [cite(text, quote, source=MEMO, occurrence=n).start for n in range(1, len(starts) + 1)]
        assert picked == starts
        assert str(_cite_error(text, quote, occurrence=len(starts) + 1)).endswith(
            "pick 1" if len(starts) == 1 else f"pick 1 to {len(starts):,}"
        )
        if len(starts) > 1:
            error = _cite_error(text, quote)
            assert isinstance(error, AmbiguousQuoteError)
            assert list(error.starts) == starts

    check()


def _pattern(quote: str, spaces: str) -> re.Pattern[str]:
    """The regular expression cite used before issue 21 (backtracking, so slow on long quotes): a class of
    typographic variants per character, and per run of white space ``\\s+`` (``spaces`` " ") or nothing but
    ``\\s*`` between any two characters (``spaces`` "")."""
    groups: dict[str, set[str]] = {}
    for char, first in citing._FOLDS.items():
        groups.setdefault(first, set()).add(chr(char))
    classes = {c: "[" + "".join(map(re.escape, sorted(group))) + "]" for group in groups.values() for c in group}
    units = re.findall(r"\s+|.", quote, re.DOTALL)
    if spaces:
        return re.compile("".join(r"\s+" if u[0].isspace() else classes.get(u, re.escape(u)) for u in units))
    return re.compile(r"\s*".join(classes.get(u, re.escape(u)) for u in units if not u[0].isspace()))


def test_folded_searches_find_what_the_old_patterns_found() -> None:
    """Folding text and quote once and searching with str.find gives the span the old typographic and spacing
    regular expressions gave, for texts of typographic variants, white space and Chinese in both scripts."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    letters = "a’'‘-—－.。Ａ·・ \n\t\u3000辉輝"

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(st.text(letters, max_size=60), st.text(letters, min_size=1, max_size=8))
    def check(text: str, quote: str) -> None:
        for spaces in (" ", ""):
            if not spaces and not quote.split():
                assert citing._find_folded(text, quote, spaces) is None
                continue
            found = _pattern(quote, spaces).search(text)
            assert citing._find_folded(text, quote, spaces) == (found.span() if found else None), spaces

    check()


@pytest.mark.parametrize("spaces", [" ", ""], ids=["runs-as-one-space", "without-spaces"])
def test_offsets_map_back_across_chunks(spaces: str) -> None:
    """A span found past many chunks of a text full of white space runs maps back to the text's own offsets."""
    text = "".join(f"{n}{' ' * (n % 5 + 1)}\n" for n in range(20_000)) + "Zenith’s   board"
    assert len(text) > 30 * citing._CHUNK
    found = citing._find_folded(text, "Zenith's board" if spaces else "Zenith'sboard", spaces)
    assert found == (len(text) - 16, len(text))
    assert citing._find_folded(text, "19999 \t Zen" if spaces else "19999Zen", spaces) == (
        len(text) - 27,
        len(text) - 13,
    )


@pytest.mark.slow
def test_a_long_text_is_searched_promptly() -> None:
    """A 20-million-character text: a missing quote's closest passage is found in seconds, not minutes."""
    text = "".join(f"Minute {n}: the board met. " for n in range(800_000))
    assert len(text) > 20_000_000
    started = time.perf_counter()
    error = _cite_error(text, "Minute 799999: the bored met.")
    assert time.perf_counter() - started < 30  # about a second on a laptop
    assert isinstance(error, QuoteNotFoundError)
    assert error.closest is not None
    assert text[error.closest[0] : error.closest[1]] == "Minute 799999: the board met."


@pytest.mark.slow
def test_any_span_of_any_text_is_cited_back() -> None:
    """For generated texts and spans, citing the span's text with its occurrence gives back its offsets."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=60), st.data())
    def check(text: str, data: Any) -> None:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        quote = text[start:end]
        before = sum(1 for at in range(start) if text.startswith(quote, at))
        evidence = cite(text, quote, source=MEMO, occurrence=before + 1)
        assert (evidence.start, evidence.end) == (start, end)

    check()


@pytest.mark.slow
def test_a_quote_respaced_or_in_the_other_script_is_named_with_a_span_that_cites() -> None:
    """For generated texts, a span retyped without its spaces, with one more, or in the other script is refused
    with a near miss named ("the text has ..."), whose span is the quote's characters up to script and spacing."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    def bare(text: str) -> str:
        return "".join(to_simplified(text).split())

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text("ab 辉輝达達\n", min_size=1, max_size=40), st.data())
    def check(text: str, data: Any) -> None:
        start = data.draw(st.integers(0, len(text) - 1))
        span = text[start : data.draw(st.integers(start + 1, len(text)))]
        retype = data.draw(st.sampled_from(["no spaces", "a space more", "simplified", "traditional"]))
        at = data.draw(st.integers(0, len(span)))
        quote = {
            "no spaces": "".join(span.split()),
            "a space more": f"{span[:at]} {span[at:]}",
            "simplified": to_simplified(span),
            "traditional": span.replace("辉", "輝").replace("达", "達"),
        }[retype]
        hypothesis.assume(quote.strip() and quote not in text)
        error = _cite_error(text, quote)
        assert isinstance(error, QuoteNotFoundError)
        assert error.closest is not None
        assert f"{shown(quote)} is not in the text, but " in str(error)
        found = text[error.closest[0] : error.closest[1]]
        assert bare(found) == bare(quote)
        assert cite(text, found, source=MEMO, occurrence=1).start <= error.closest[0]

    check()


# The command line


def _cite_in_process(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["cite", *args], Output(stdout, stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def memo(tmp_path: Path) -> Path:
    """TEXT as a UTF-8 file."""
    path = tmp_path / "memo.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_cli_prints_the_evidence_as_json(memo: Path) -> None:
    """The evidence as a data file holds it: no translation key unless one is given."""
    code, stdout, stderr = _cite_in_process(str(memo), "approved the plan", "--source", MEMO)
    assert (code, stderr) == (0, "")
    assert stdout == (
        '{\n  "source": "source:memo",\n  "quote": "approved the plan",\n  "start": 40,\n  "end": 57,\n'
        '  "prefix": "nday. The board ",\n  "suffix": " — and the board"\n}\n'
    )
    code, stdout, _ = _cite_in_process(
        str(memo), "board", "--source", MEMO, "--occurrence", "3", "--translation", "the board"
    )
    assert code == 0
    assert orjson.loads(stdout) == {
        "source": MEMO,
        "quote": "board",
        "start": 68,
        "end": 73,
        "translation": "the board",
        "prefix": " plan — and the ",
        "suffix": " thanked Ada.",
    }


def test_cli_not_found_and_ambiguous_exit_1(memo: Path) -> None:
    """A quote not found or found more than once: the library's message on stderr, exit 1, --occurrence named."""
    assert _cite_in_process(str(memo), "Zenith's board", "--source", MEMO) == (
        1,
        "",
        "\"Zenith's board\" is not in the text, but 'Zenith’s board' at 0:14 differs from it only in typography: "
        "the text has ’ (U+2019) where the quote has ' (U+0027); copy the quote from the text as it is written there\n",
    )
    assert _cite_in_process(str(memo), "board", "--source", MEMO) == (
        1,
        "",
        "'board' occurs 3 times in the text, at 9:14, 34:39 and 68:73; pick one with --occurrence N (1 to 3)\n",
    )


def test_cli_names_the_other_script_and_spacing(tmp_path: Path) -> None:
    """A quote the file has in Traditional script and without its spaces: exit 1, the difference and span named."""
    report = tmp_path / "report.txt"
    report.write_bytes(TRADITIONAL.encode("utf-8"))
    assert _cite_in_process(str(report), "兴盛资本 领投", "--source", MEMO) == (
        1,
        "",
        "'兴盛资本 领投' is not in the text, but the text has no space there and has it in Traditional script: "
        "'興盛資本領投' at 6:12 (興 where the quote has 兴, 資 where the quote has 资 and 領 where the quote has 领); "
        "copy the quote from the text as it is written there\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--source", "memo"), "openai-kb: source 'memo' is not an id: "),
        (("--source", MEMO, "--occurrence", "0"), "openai-kb: occurrence must be a whole number >= 1"),
        (("--source", MEMO, "--occurrence", "4"), "openai-kb: 'board' occurs 3 times in the text, so there is no"),
    ],
    ids=["bad-id", "occurrence-0", "occurrence-past-the-last"],
)
def test_cli_wrong_usage_exits_2(memo: Path, args: tuple[str, ...], message: str) -> None:
    """A source that is not an id or an occurrence that is not there is wrong usage: exit 2."""
    code, stdout, stderr = _cite_in_process(str(memo), "board", *args)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(message)


def test_cli_reads_only_a_regular_utf8_file(tmp_path: Path) -> None:
    """A missing, non-UTF-8 or non-regular file: one line saying why, exit 1 (the reading verify does)."""
    missing = tmp_path / "nope.txt"
    assert _cite_in_process(str(missing), "Ada", "--source", MEMO) == (
        1,
        "",
        f"openai-kb cite: cannot read {missing}: No such file or directory\n",
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    assert _cite_in_process(str(latin), "caf", "--source", MEMO)[2] == (
        f"openai-kb cite: {latin} is not UTF-8 text (byte 3 is not valid UTF-8)\n"
    )
    assert _cite_in_process(str(tmp_path), "Ada", "--source", MEMO)[2] == (
        f"openai-kb cite: cannot read {tmp_path}: it is a folder, not a regular file; give the source's text file\n"
    )
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        code, _, stderr = _cite_in_process(str(fifo), "Ada", "--source", MEMO)  # refused, never opened to block
        assert (code, stderr) == (
            1,
            f"openai-kb cite: cannot read {fifo}: it is a named pipe (FIFO), not a regular file; "
            "give the source's text file\n",
        )


def test_cli_keeps_line_ends(tmp_path: Path) -> None:
    """The file is read as bytes: a Windows line end counts two code points, as in the file."""
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\r\nthree")
    code, stdout, _ = _cite_in_process(str(path), "three", "--source", MEMO)
    assert (code, orjson.loads(stdout)["start"]) == (0, 10)


@pytest.mark.slow
def test_cli_cites_as_a_user_runs_it(memo: Path) -> None:
    """openai-kb cite in its own process: the evidence on stdout, exit 0; a miss on stderr, exit 1."""
    result = run_cli("cite", str(memo), "thanked Ada", "--source", MEMO, "--translation", "thanked Ada")
    assert (result.returncode, result.stderr) == (0, "")
    assert orjson.loads(result.stdout) == {
        "source": MEMO,
        "quote": "thanked Ada",
        "start": 74,
        "end": 85,
        "translation": "thanked Ada",
        "prefix": "— and the board ",
        "suffix": ".",
    }
    missing = run_cli("cite", str(memo), "thanked Adda", "--source", MEMO)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("'thanked Adda' is not in the text; the closest passage is 'thanked Ada' at 74:85")
    usage = run_cli("cite", str(memo), "Ada")
    assert usage.returncode == 2
    assert "the following arguments are required: --source" in usage.stderr


@pytest.mark.slow
@pytest.mark.skipif(not SOURCE.is_file(), reason="the article is not in ../shared")
def test_cli_cites_the_article() -> None:
    """The article's valuation quote, cited from the command line, is at 138:156, its context as the data has it."""
    result = run_cli(
        "cite", str(SOURCE), "将公司估值推升至 1,570 亿美元", "--source", "source:huaxia-2024-10-14-openai"
    )
    assert result.returncode == 0, result.stderr
    assert orjson.loads(result.stdout) == {
        "source": "source:huaxia-2024-10-14-openai",
        "quote": "将公司估值推升至 1,570 亿美元",
        "start": 138,
        "end": 156,
        "prefix": "创下了创投史上最大规模的纪录,更",
        "suffix": "的惊人高度。这笔由纽约创投机构 ",
    }
    bundled = openai_kb.load()["valuation:openai-2024-10-post-money"].evidence[0]
    assert bundled.model_dump(exclude={"translation"}) == orjson.loads(result.stdout)
