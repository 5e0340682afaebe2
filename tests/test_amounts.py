"""Money parsing: amounts as people write them, in Chinese and English."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

pytest.importorskip("hypothesis")  # in the test extra; without it this module skips (its @given tests need it)

from hypothesis import given
from hypothesis import strategies as st

from openai_kb import QueryError, parse_amount

B = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("text", "amount", "currency", "qualifier"),
    [
        ("66亿", Decimal(66) * 10**8, None, "exact"),
        ("66 亿美元", Decimal(66) * 10**8, "USD", "exact"),
        ("US$6.6bn", Decimal("6.6") * B, "USD", "exact"),
        ("$157B", 157 * B, "USD", "exact"),
        ("1,570亿美元", 157 * B, "USD", "exact"),
        ("1570亿美元", 157 * B, "USD", "exact"),
        ("１，５７０亿美元", 157 * B, "USD", "exact"),
        ("6.6 billion dollars", Decimal("6.6") * B, "USD", "exact"),
        ("USD 6.6 billion", Decimal("6.6") * B, "USD", "exact"),
        ("$500M", Decimal(500_000_000), "USD", "exact"),
        ("6,600,000,000", Decimal(6_600_000_000), None, "exact"),
        ("2.5亿", Decimal(250_000_000), None, "exact"),
        ("6600万", Decimal(66_000_000), None, "exact"),
        ("1.2万亿", Decimal("1.2") * 10**12, None, "exact"),
        ("六十六亿美元", Decimal(66) * 10**8, "USD", "exact"),
        ("约66亿美元", Decimal(66) * 10**8, "USD", "approximately"),
        ("逾1,500亿美元", 150 * B, "USD", "more_than"),
        ("超过2.5亿", Decimal(250_000_000), None, "more_than"),
        ("近1500亿", 150 * B, None, "nearly"),
        ("over $150 billion", 150 * B, "USD", "more_than"),
        ("about US$6.6bn", Decimal("6.6") * B, "USD", "approximately"),
        ("at least 5 million euros", Decimal(5_000_000), "EUR", "at_least"),
        ("预计超过1,500亿美元", 150 * B, "USD", "more_than"),
        ("预计1,500亿美元", 150 * B, "USD", "expected"),
        ("2.5亿以上", Decimal(250_000_000), None, "at_least"),
        ("1500余亿", 150 * B, None, "more_than"),
        ("100亿元人民币", Decimal(10) * B, "CNY", "exact"),
        ("HK$3M", Decimal(3_000_000), "HKD", "exact"),
    ],
)
def test_parse_amount(text: str, amount: Decimal, currency: str | None, qualifier: str) -> None:
    """Each form reads as the exact amount in full units, with its currency and qualifier."""
    parsed = parse_amount(text)
    assert parsed is not None
    assert (parsed.amount, parsed.currency, parsed.qualifier) == (amount, currency, qualifier)
    assert parsed.text == text


TRADITIONAL = [
    # (text, amount, currency, qualifier): Traditional Chinese reads as its Simplified form does
    ("1570億美元", 157 * B, "USD", "exact"),
    ("1,570 億美元", 157 * B, "USD", "exact"),
    ("66億", Decimal(66) * 10**8, None, "exact"),
    ("6600萬美元", Decimal(66_000_000), "USD", "exact"),
    ("1.2萬億", Decimal("1.2") * 10**12, None, "exact"),
    ("一兆", Decimal(10) ** 12, None, "exact"),
    ("兩億美元", Decimal(200_000_000), "USD", "exact"),
    ("約5億美元", Decimal(500_000_000), "USD", "approximately"),
    ("大約66億美元", Decimal(66) * 10**8, "USD", "approximately"),
    ("66億美元左右", Decimal(66) * 10**8, "USD", "approximately"),
    ("超過1500億美元", 150 * B, "USD", "more_than"),
    ("逾1,500億美元", 150 * B, "USD", "more_than"),
    ("1500餘億", 150 * B, None, "more_than"),
    ("近1500億", 150 * B, None, "nearly"),
    ("將近1500億美元", 150 * B, "USD", "nearly"),
    ("接近1500億", 150 * B, None, "nearly"),
    ("不到1億美元", Decimal(100_000_000), "USD", "less_than"),
    ("少於1億", Decimal(100_000_000), None, "less_than"),
    ("低於1億", Decimal(100_000_000), None, "less_than"),
    ("至少1億美元", Decimal(100_000_000), "USD", "at_least"),
    ("2.5億以上", Decimal(250_000_000), None, "at_least"),
    ("最多1億", Decimal(100_000_000), None, "at_most"),
    ("高達66億美元", Decimal(66) * 10**8, "USD", "exact"),
    ("預計超過1500億美元", 150 * B, "USD", "more_than"),
    ("預計1500億美元", 150 * B, "USD", "expected"),
    ("100億元人民幣", 10 * B, "CNY", "exact"),
    ("100億人民幣", 10 * B, "CNY", "exact"),
    ("3億港元", Decimal(300_000_000), "HKD", "exact"),
    ("3億港幣", Decimal(300_000_000), "HKD", "exact"),
    ("3億新臺幣", Decimal(300_000_000), "TWD", "exact"),
    ("3億新台幣", Decimal(300_000_000), "TWD", "exact"),
    ("3億台幣", Decimal(300_000_000), "TWD", "exact"),
    ("5億日圓", Decimal(500_000_000), "JPY", "exact"),
    ("5億日元", Decimal(500_000_000), "JPY", "exact"),
    ("2億歐元", Decimal(200_000_000), "EUR", "exact"),
    ("1億英鎊", Decimal(100_000_000), "GBP", "exact"),
    ("1億韓元", Decimal(100_000_000), "KRW", "exact"),
    # a bare 元 or 塊 in Traditional text is the local unit, not necessarily the yuan
    ("5億元", Decimal(500_000_000), None, "exact"),
    ("500塊", Decimal(500), None, "exact"),
    ("NT$5億元", Decimal(500_000_000), "TWD", "exact"),
    ("HK$3萬元", Decimal(30_000), "HKD", "exact"),
    # financial numerals (大写), in either script
    ("壹佰億美元", 10 * B, "USD", "exact"),
    ("伍仟万元", Decimal(50_000_000), "CNY", "exact"),
    ("伍仟萬元", Decimal(50_000_000), None, "exact"),
    ("貳拾億", 2 * B, None, "exact"),
    ("5仟", Decimal(5000), None, "exact"),
    ("3佰万", Decimal(3_000_000), None, "exact"),
]


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), TRADITIONAL, ids=[t for t, *_ in TRADITIONAL])
def test_traditional_chinese(text: str, amount: Decimal, currency: str | None, qualifier: str) -> None:
    """Traditional characters and financial numerals read as the exact amount, currency and qualifier."""
    parsed = parse_amount(text)
    assert parsed is not None
    assert (parsed.amount, parsed.currency, parsed.qualifier) == (amount, currency, qualifier)
    assert parsed.text == text


M = Decimal(10) ** 6
WORDS = [
    # (text, amount, currency, qualifier): English qualifiers, softened comparisons, numbers in words
    ("a little less than a billion", B, None, "less_than"),
    ("just under $1 billion", B, "USD", "less_than"),
    ("slightly below 5 million", 5 * M, None, "less_than"),
    ("a bit less than $2bn", 2 * B, "USD", "less_than"),
    ("just over $1 billion", B, "USD", "more_than"),
    ("a little more than 6.6 billion dollars", Decimal("6.6") * B, "USD", "more_than"),
    ("slightly above US$150 billion", 150 * B, "USD", "more_than"),
    ("around $500 million", 500 * M, "USD", "approximately"),
    ("about $100 million", 100 * M, "USD", "approximately"),
    ("roughly €2bn", 2 * B, "EUR", "approximately"),
    ("some $6.6bn", Decimal("6.6") * B, "USD", "approximately"),
    ("~$157B", 157 * B, "USD", "approximately"),
    ("$5 billion or so", 5 * B, "USD", "approximately"),
    ("nearly a billion", B, None, "nearly"),
    ("almost $1bn", B, "USD", "nearly"),
    ("close to 250 million", 250 * M, None, "nearly"),
    ("upwards of $2bn", 2 * B, "USD", "more_than"),
    ("north of $1 billion", B, "USD", "more_than"),
    ("in excess of $1bn", B, "USD", "more_than"),
    ("more than 250 million", 250 * M, None, "more_than"),
    ("no less than $5m", 5 * M, "USD", "at_least"),
    ("$5 billion or more", 5 * B, "USD", "at_least"),
    ("up to $5 billion", 5 * B, "USD", "at_most"),
    ("no more than $5m", 5 * M, "USD", "at_most"),
    ("5 billion dollars or less", 5 * B, "USD", "at_most"),
    ("as much as US$6.6 billion", Decimal("6.6") * B, "USD", "exact"),  # the data's rendering of 高达
    ("less than $1bn", B, "USD", "less_than"),
    ("under 1 billion", B, None, "less_than"),
    # numbers in words, before a scale word
    ("a billion", B, None, "exact"),
    ("A Billion Dollars", B, "USD", "exact"),
    ("one billion", B, None, "exact"),
    ("a million euros", M, "EUR", "exact"),
    ("a thousand dollars", Decimal(1000), "USD", "exact"),
    ("a trillion", Decimal(10) ** 12, None, "exact"),
    ("half a billion", B / 2, None, "exact"),
    ("about half a billion dollars", B / 2, "USD", "approximately"),
    ("about a billion dollars", B, "USD", "approximately"),
    ("USD a billion", B, "USD", "exact"),
    # already working forms, kept working
    ("$1bn", B, "USD", "exact"),
    ("$1.25bn", Decimal("1.25") * B, "USD", "exact"),
    ("1.25 billion dollars", Decimal("1.25") * B, "USD", "exact"),
    ("US$1.2 billion", Decimal("1.2") * B, "USD", "exact"),
    ("¥5", Decimal(5), "CNY", "exact"),
    ("  about   US$ 6.6  bn ", Decimal("6.6") * B, "USD", "approximately"),
    # the same comparisons in Chinese
    ("略低于1亿", 100 * M, None, "less_than"),
    ("稍少于1亿美元", 100 * M, "USD", "less_than"),
    ("略高于1亿", 100 * M, None, "more_than"),
    ("大于1亿", 100 * M, None, "more_than"),
    ("小于1亿", 100 * M, None, "less_than"),
    ("1亿以下", 100 * M, None, "at_most"),
    ("1亿以内", 100 * M, None, "at_most"),
    ("高达66亿美元", Decimal(66) * 10**8, "USD", "exact"),
]


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), WORDS, ids=[t.strip() for t, *_ in WORDS])
def test_vague_and_worded_amounts(text: str, amount: Decimal, currency: str | None, qualifier: str) -> None:
    """Qualified amounts and numbers in words read as the exact amount, currency and qualifier."""
    parsed = parse_amount(text)
    assert parsed is not None
    assert (parsed.amount, parsed.currency, parsed.qualifier) == (amount, currency, qualifier)
    assert parsed.text == text.strip()


NOT_AMOUNTS = [
    *("", "Google", "$", "6.6 bananas", "x" * 500),
    *("亿", "億", "萬", "兆", "一", "兩", "仟", "壹"),  # a scale or a numeral alone is a word
    *("約", "超過", "億美元"),  # a qualifier or a currency with no number
    *("66.6.6亿", "US$5 欧元", "US$5 歐元"),  # malformed, or two currencies that disagree
    *("a", "one", "half a", "billion", "a little", "less than", "about", "just"),  # no number
    *("a billion reasons", "a few billion", "a k", "a b", "a bn", "$a billion", "abouta billion"),  # not worded amounts
    *("just $5", "a little 5 billion", "a million million"),  # a softener alone, or a scale twice
]


@pytest.mark.parametrize("text", NOT_AMOUNTS, ids=[t[:20] or "empty" for t in NOT_AMOUNTS])
def test_not_an_amount(text: str) -> None:
    """Text that is not one amount gives None, never a guess."""
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    ["5" + " " * 190 + "x", "5" + " \t" * 95 + "x", "5 " + " " * 60 + "亿" + " " * 60 + "美元" + " " * 60 + "x"],
    ids=["spaces", "tabs", "spaced-words"],
)
def test_runs_of_spaces_are_refused_promptly(text: str) -> None:
    """A long run of spaces before a bad ending is refused in milliseconds (it once took minutes)."""
    start = time.perf_counter()
    assert parse_amount(text) is None
    assert time.perf_counter() - start < 1.0


def test_to_money_needs_a_currency() -> None:
    """An amount without a currency becomes Money only with a default currency."""
    parsed = parse_amount("66亿")
    assert parsed is not None
    assert parsed.to_money("USD").amount == Decimal(6_600_000_000)
    with pytest.raises(QueryError) as missing:
        parsed.to_money()
    assert str(missing.value) == "'66亿' names no currency; pass default_currency"
    with pytest.raises(QueryError) as unknown:
        parsed.to_money("XYZ")
    assert str(unknown.value) == (
        "cannot make money of '66亿': 'XYZ' is not an ISO 4217 currency code (such as 'USD', 'CNY', 'EUR')"
    )


def test_non_strings_are_refused() -> None:
    """parse_amount says what it expected."""
    with pytest.raises(TypeError, match="parse_amount\\(\\) expects a str, not int"):
        parse_amount(66)  # type: ignore[arg-type]


@pytest.mark.slow
@given(st.text(max_size=300))
def test_any_text_gives_an_amount_or_none(text: str) -> None:
    """Arbitrary text never raises: it is an amount or it is not."""
    parsed = parse_amount(text)
    assert parsed is None or parsed.amount >= 0


@pytest.mark.slow
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_written_numbers_round_trip(value: Decimal) -> None:
    """A number written in dollars, in 万 or in 亿 reads back as the same amount."""
    for text in (f"${value}", f"{value} USD", f"US${value}"):
        parsed = parse_amount(text)
        assert parsed is not None
        assert (parsed.amount, parsed.currency) == (value, "USD")
    for unit, scale in (("万", 10**4), ("亿", 10**8)):
        parsed = parse_amount(f"{value}{unit}")
        assert parsed is not None
        assert parsed.amount == value * scale


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("10000000000000000000000000000", Decimal("10000000000000000000000000000")),
        ("12345678901234567890123456789.5万", Decimal("123456789012345678901234567895000")),
    ],
)
def test_long_numbers_stay_exact(text: str, amount: Decimal) -> None:
    """Numbers longer than Decimal's default 28 digits are neither rounded nor refused."""
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed.amount == amount


def test_a_number_longer_than_money_holds_is_refused_by_to_money() -> None:
    """A 29-digit number parses exactly, and to_money says why money cannot hold it rather than rounding it."""
    parsed = parse_amount("10000000000000000000000000001")
    assert parsed is not None
    with pytest.raises(QueryError) as caught:
        parsed.to_money("USD")
    assert str(caught.value) == (
        "cannot make money of '10000000000000000000000000001': too many digits: "
        "an amount has at most 28 significant digits; round it (got 10000000000000000000000000001)"
    )
