"""Money as English and Chinese news write it: hyphenated figures, wire abbreviations, other dollars, found whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("hypothesis")  # in the test extra; without it this module skips (its @given test needs it)

from hypothesis import given, settings
from hypothesis import strategies as st

from openai_kb import parse_amount
from openai_kb.amounts import find_amounts

B = Decimal(10) ** 9
M = Decimal(10) ** 6

NEWS_FORMS = [
    # a figure joined by hyphens, as an adjective is
    ("$157-billion", 157 * B, "USD", "exact"),
    ("US$6.6-billion", Decimal("6.6") * B, "USD", "exact"),
    ("157-billion-dollar", 157 * B, "USD", "exact"),
    ("$6.6-bn", Decimal("6.6") * B, "USD", "exact"),
    ("6.6 billion-dollar", Decimal("6.6") * B, "USD", "exact"),
    ("300-million-euro", 300 * M, "EUR", "exact"),
    ("more than $6.5-billion", Decimal("6.5") * B, "USD", "more_than"),
    ("$1.2 billion-plus", Decimal("1.2") * B, "USD", "more_than"),
    # wire and regional abbreviations of the scale
    ("US$157 bil.", 157 * B, "USD", "exact"),
    ("$6.6 bln", Decimal("6.6") * B, "USD", "exact"),
    ("6.6 mln dollars", Decimal("6.6") * M, "USD", "exact"),
    ("Rs 500 crore", 5 * B, "INR", "exact"),
    ("₹2.5 lakh", Decimal(250_000), "INR", "exact"),
    # the currency written apart from its sign, or in words
    ("US $6.6 billion", Decimal("6.6") * B, "USD", "exact"),
    ("U.S. $6.6 billion", Decimal("6.6") * B, "USD", "exact"),
    ("5 billion Hong Kong dollars", 5 * B, "HKD", "exact"),
    ("HK$5 billion dollars", 5 * B, "HKD", "exact"),
    ("20 billion New Taiwan dollars", 20 * B, "TWD", "exact"),
    ("2 billion Swiss francs", 2 * B, "CHF", "exact"),
    ("CA$5 billion", 5 * B, "CAD", "exact"),
    ("AU$5 billion", 5 * B, "AUD", "exact"),
    ("NZ$1 billion", 1 * B, "NZD", "exact"),
    ("R$10 billion", 10 * B, "BRL", "exact"),
    ("£500m sterling", 500 * M, "GBP", "exact"),
    ("6.6 billion renminbi", Decimal("6.6") * B, "CNY", "exact"),
    # Chinese names of other currencies, in either script
    ("66億澳元", Decimal("6.6") * B, "AUD", "exact"),
    ("66亿加元", Decimal("6.6") * B, "CAD", "exact"),
    ("3億新元", Decimal(300_000_000), "SGD", "exact"),
    ("3億紐元", Decimal(300_000_000), "NZD", "exact"),
    ("5億瑞士法郎", Decimal(500_000_000), "CHF", "exact"),
    ("1000億盧比", 100 * B, "INR", "exact"),
    # a currency named before the number, as Chinese writes it as often as after; 元 is then its unit
    ("人民币100亿元", 10 * B, "CNY", "exact"),
    ("新台幣5兆元", 5000 * B, "TWD", "exact"),
    ("新台币5万亿元", 5000 * B, "TWD", "exact"),
    ("港幣100億元", 10 * B, "HKD", "exact"),
    ("美元66亿", Decimal("6.6") * B, "USD", "exact"),
    ("新台幣逾2,100億元", 210 * B, "TWD", "more_than"),
    ("约合人民币466亿元", Decimal("46.6") * B, "CNY", "approximately"),
    ("US$ about 5 billion", 5 * B, "USD", "approximately"),
]


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), NEWS_FORMS, ids=[t for t, *_ in NEWS_FORMS])
def test_news_forms(text: str, amount: Decimal, currency: str | None, qualifier: str) -> None:
    """Each form news uses reads as the exact amount, currency and qualifier."""
    parsed = parse_amount(text)
    assert parsed is not None
    assert (parsed.amount, parsed.currency, parsed.qualifier) == (amount, currency, qualifier)
    assert parsed.text == text


NOT_AMOUNTS = [
    "us $5 billion",  # "told us $5 billion": US $ is read only as written
    "RS 232",  # Rs, for rupees, likewise
    "$157-m",  # a one-letter scale is never hyphened ("a 20-m yacht")
    "20-mm",
    "$5 billion Hong Kong dollars",  # two currencies that disagree
    "MX$5 billion",  # a dollar whose country the table does not know
    "港币100亿欧元",  # two currencies that disagree, one before the number and one after
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_news_amounts(text: str) -> None:
    """Look-alikes of the news forms are no amount: never a guess."""
    assert parse_amount(text) is None


def _found(text: str) -> list[tuple[str, Decimal, str | None]]:
    return [(text[start:end], parsed.amount, parsed.currency) for start, end, parsed in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was priced at a $157-billion valuation.", [("$157-billion", 157 * B, "USD")]),
        (
            "A 157-billion-dollar company, it raised $6.6-bn.",
            [("157-billion-dollar", 157 * B, "USD"), ("$6.6-bn", Decimal("6.6") * B, "USD")],
        ),
        ("The deal, at US$157 bil., closed.", [("US$157 bil.", 157 * B, "USD")]),
        ("The fund put in US $750 million.", [("US $750 million", 750 * M, "USD")]),
        ("It cost us $5 billion.", [("$5 billion", 5 * B, "USD")]),
        ("It cost us about $5 billion.", [("about $5 billion", 5 * B, "USD")]),
        ("Shares of RS 232 makers rose.", []),
        ("Sales reached CA$5 billion, not MX$5 billion.", [("CA$5 billion", 5 * B, "CAD")]),
        ("A 20-m yacht and a 20-mm gun.", []),
        ("估值達1,570億美元，另66億澳元。", [("1,570億美元", 157 * B, "USD"), ("66億澳元", 66 * 10**8, "AUD")]),
        ("估值約新台幣5兆元。", [("約新台幣5兆元", 5000 * B, "TWD")]),  # not 5兆元 read as yuan
        (
            "融资66亿美元，约合人民币466亿元。",
            [("66亿美元", 66 * 10**8, "USD"), ("约合人民币466亿元", 466 * 10**8, "CNY")],
        ),
    ],
)
def test_found_whole(text: str, expected: list[tuple[str, Decimal, str | None]]) -> None:
    """find_amounts gives each news form whole, its offsets covering the hyphens, scale and currency words."""
    assert _found(text) == expected


_PIECES = st.sampled_from(
    ["$", "US", "us", " ", "-", "157", "6.6", "1,570", "billion", "bn", "m", "mm", "bil.", "dollar", "dollars",
     "Hong Kong", "億", "亿", "美元", "元", "約", "about", "plus", "左右", "CA$", "MX$", "Rs", "RS", "crore", ".", "，"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_found_amounts_read_as_parse_amount_reads_them(pieces: list[str]) -> None:
    """Each figure find_amounts gives reads as parse_amount reads its text: one grammar, two ways of running it."""
    text = "".join(pieces)
    for start, end, parsed in find_amounts(text):
        assert parse_amount(text[start:end]) == parsed
