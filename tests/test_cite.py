"""Citing without counting: ``openai_kb.cite`` finds a quote's offsets."""

from __future__ import annotations

import time
from typing import Any

import pytest

import openai_kb
from openai_kb import AmbiguousQuoteError, Evidence, KnowledgeBase, QueryError, QuoteNotFoundError, Source, cite

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
        source=MEMO, quote="approved the plan", start=40, end=57, translation="said yes to the plan"
    )
    assert TEXT[evidence.start : evidence.end] == evidence.quote
    assert cite(TEXT, "Zenith’s board", source=MEMO).model_dump(exclude_none=True) == {
        "source": MEMO,
        "quote": "Zenith’s board",
        "start": 0,
        "end": 14,
    }


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
