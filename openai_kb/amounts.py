"""Amounts as people write them: read (``66亿美元``, ``$157-billion``, ``新台幣5兆元``, ``under $1bn``) and written.

``format_amount`` (from ``models.quantities``, where labels use it) writes one in English (``US$6.6 billion``,
``more than 250 million users``).

``parse_amount`` reads one amount (the whole text must be one) into an exact ``Decimal`` in full
units, with its currency when the text names one and the qualifier it carries (约/逾/超过/近/over/
about/just under ...), in Simplified or Traditional Chinese or in English, numbers in words ("a
billion") included. It never guesses: text that is not one amount gives ``None``. docs/search.md
lists every form it reads and the qualifier each word gives.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import cache
from typing import get_args

from .errors import DataError, QueryError, shown
from .models.quantities import Money, Qualifier, format_amount
from .search.normalize import to_simplified

__all__ = ["ParsedAmount", "find_amounts", "format_amount", "parse_amount"]

_MAX_LENGTH = 200  # longer text is no amount; refusing it keeps the regex's work bounded
_EXACT = Context(prec=_MAX_LENGTH + 20)  # enough digits for any amount that short


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """An amount read from text: ``amount`` in full units, ``currency`` when the text names one."""

    amount: Decimal
    currency: str | None
    qualifier: Qualifier
    text: str

    def to_money(self, default_currency: str | None = None) -> Money:
        """This amount as ``Money``; ``default_currency`` fills in when the text named none.

        Raises ``QueryError`` when there is no currency, ``default_currency`` is not ISO 4217, or the
        amount is beyond what ``Money`` holds (parsing keeps a long number exact; money does not round it).
        """
        currency = self.currency or default_currency
        if currency is None:
            raise QueryError(f"{shown(self.text)} names no currency; pass default_currency")
        try:
            return Money(amount=self.amount, currency=currency, qualifier=self.qualifier, text=self.text)
        except DataError as error:
            reason = error.problems[0].message
            raise QueryError(f"cannot make money of {shown(self.text)}: {reason}") from None


def _by_code(table: str) -> dict[str, str]:
    """``CODE: word, word`` lines as {word: code}; words are lower case, as the grammar reads them."""
    pairs = (line.split(":", 1) for line in table.strip().splitlines())
    return {word.strip(): code.strip() for code, words in pairs for word in words.split(",")}


# The words written before an amount's number for its currency, and after it, by ISO 4217 code. A dollar
# sign with letters before it is that country's dollar (CA$, NT$); one with letters this table lacks is
# none (find_amounts skips "MX$5"): never read as the US dollar. Chinese names a currency before the number
# as often as after it (人民币100亿元, 新台幣5兆元), and then 元 is that currency's unit.
_CURRENCY_PREFIXES = _by_code("""
    USD: us$, u.s.$, us $, u.s. $, usd, $, 美元, 美金
    HKD: hk$, hkd, 港元, 港币
    TWD: nt$, twd, 新台币, 台币
    SGD: s$, sgd, 新加坡元
    AUD: a$, au$, aud, 澳元, 澳币
    CAD: c$, ca$, cad, 加元, 加币
    NZD: nz$, nzd
    CNY: rmb, cny, ¥, cn¥, 人民币
    JPY: jp¥, jpy, 日元, 日圆
    EUR: eur, €, 欧元
    GBP: gbp, £, 英镑
    CHF: chf
    KRW: krw, ₩
    INR: inr, ₹, rs, rs.
    BRL: r$, brl
""")
# Prefixes read only as written: "US $5 billion", but not "told us $5 billion"; "Rs 500 crore", not "RS-232".
_CASED_PREFIXES = ("US $", "U.S. $", "Rs", "Rs.")
_CASED = frozenset(word.casefold() for word in _CASED_PREFIXES)
_CURRENCY_SUFFIXES = _by_code("""
    USD: 美元, 美金, 元美金, usd, dollars, dollar, us dollars, u.s. dollars
    CNY: 人民币, 元人民币, 元, 块, rmb, cny, yuan, renminbi
    HKD: 港元, 港币, hkd, hong kong dollars
    TWD: 新台币, 台币, twd, new taiwan dollars, taiwan dollars
    EUR: 欧元, eur, euros, euro
    GBP: 英镑, gbp, pounds, pound, sterling
    JPY: 日元, 日圆, jpy, yen
    KRW: 韩元, 韩圜, krw
    CHF: 瑞郎, 瑞士法郎, chf, swiss francs
    SGD: 新加坡元, 新元, 新币, sgd, singapore dollars
    AUD: 澳元, 澳币, aud, australian dollars
    CAD: 加元, 加币, cad, canadian dollars
    NZD: 纽元, 纽币, nzd
    INR: 卢比, inr, rupees
""")
# Scales by the power of ten they give. bln, mln (wire style), bil., lakh and crore (Indian English) too.
_SCALES = {
    word: power
    for power, words in {
        3: "k thousand 千",
        4: "万",
        5: "lakh lakhs",
        6: "m mn mm mil mil. mln million 百万",
        7: "crore crores 千万",
        8: "亿",
        9: "b bn bln bil bil. billion 十亿",
        10: "百亿",
        11: "千亿",
        12: "t tn trillion 万亿 兆",
    }.items()
    for word in words.split()
}
# Scales that may be joined to the number by a hyphen, as an adjective is ("a $157-billion valuation",
# "$6.6-bn"): words only, so "a 20-m yacht" and "a 20-mm gun" stay no amounts.
_HYPHENED_SCALES = ("thousand", "million", "billion", "trillion", "bn", "mn", "bln", "mln", "tn", "crore", "lakh")


def _qualifiers(table: str) -> dict[str, Qualifier]:
    """``qualifier: word, word`` lines as {word: qualifier} (a qualifier misspelt fails on import)."""
    named: dict[str, Qualifier] = {qualifier: qualifier for qualifier in get_args(Qualifier)}
    return {word: named[qualifier] for word, qualifier in _by_code(table).items()}


_PREFIX_QUALIFIERS = _qualifiers("""
    approximately: 约, 大约, 约为, 约合, 大概, about, approximately, approx, approx., around, roughly, some, ~, ≈
    more_than: 逾, 超过, 超, 多于, 高于, 大于, over, more than, above, exceeding, in excess of, upwards of, north of, >
    at_least: 至少, 不少于, 不低于, at least, no less than, not less than, >=, ≥
    nearly: 近, 将近, 接近, 逼近, nearly, almost, close to
    less_than: 不到, 少于, 低于, 不足, 小于, under, less than, below, <
    at_most: 最多, 至多, 不超过, up to, at most, no more than, not more than, <=, ≤
    expected: 预计, 预期, 预估, expected, projected
    exact: 高达, 达, 达到, as much as
""")
# A softened comparison keeps its direction: "just under", "a little less than" and 略低于 are
# less_than, as "under" is; the softener says the gap is small, which no qualifier records.
# "nearly" is kept for words that say only "close to": nearly, almost, 近, 将近, 接近.
_SOFTENED_EN = _qualifiers("less_than: under, below, less than\nmore_than: over, above, more than")
_SOFTENED_ZH = _qualifiers("less_than: 低于, 少于\nmore_than: 高于, 多于")
_PREFIX_QUALIFIERS |= {
    f"{softener} {head}": qualifier
    for softener in ("just", "slightly", "a little", "a bit")
    for head, qualifier in _SOFTENED_EN.items()
}
_PREFIX_QUALIFIERS |= {f"{softener}{head}": q for softener in "略稍" for head, q in _SOFTENED_ZH.items()}
_SUFFIX_QUALIFIERS = _qualifiers("""
    at_least: 以上, or more
    at_most: 以下, 以内, or less
    approximately: 左右, 上下, or so
    more_than: 多, 余, +, plus
""")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# "a billion", "one million", "half a billion": a number in words, read only as a word of its own
# followed by one of these scales ("a k", "a billion reasons" and "$a billion" are no amounts).
_WORD_NUMBERS = {"a": Decimal(1), "one": Decimal(1), "half a": Decimal("0.5")}
_WORDED_SCALES = ("thousand", "million", "billion", "trillion")
# Financial numerals (大写), written on cheques and contracts so that no stroke turns one into
# another, read as the everyday ones. Their Traditional forms (貳 參 陸) are folded first.
_FINANCIAL_NUMERALS = str.maketrans("壹贰叁参肆伍陆柒捌玖拾佰仟", "一二三三四五六七八九十百千")
# A bare 元 or 块 is the local unit: the yuan in Simplified text, but in Traditional text the
# New Taiwan or Hong Kong dollar as often as not, so there it names no currency.
_LOCAL_UNITS = frozenset({"元", "块"})


@cache
def _pattern() -> re.Pattern[str]:
    """The amount grammar, compiled on first use (it is long: compiling it costs 10 ms)."""
    return re.compile(f"^{_grammar(cased=True)}$", re.VERBOSE | re.IGNORECASE)


@cache
def _finder() -> re.Pattern[str]:
    """The grammar unanchored, starting where no Latin letter or digit is before it, or with none (``约为``).

    It reads text in lower case (``find_amounts`` lowers it), and is three times as fast without IGNORECASE;
    so it reads the prefixes written in one case (``US $``) in any, and ``find_amounts`` checks their case.
    """
    words = (*_PREFIX_QUALIFIERS, *_CURRENCY_PREFIXES, *_WORD_NUMBERS)
    first = re.escape("".join(sorted({word[0] for word in words})) + "0123456789.零〇一二两三四五六七八九十百千")
    start = f"(?:(?<![a-z0-9.])|(?![a-z0-9.]))(?=[{first}])"  # a cheap test first: most places fail it
    return re.compile(start + _grammar(cased=False), re.VERBOSE)


def _grammar(*, cased: bool) -> str:
    scales, suffixes = _alternatives(_SCALES), _alternatives(_CURRENCY_SUFFIXES)
    hyphened = "|".join(_HYPHENED_SCALES)
    written = f"(?-i:{_alternatives(_CASED_PREFIXES)})|" if cased else ""
    prefixes = _alternatives(set(_CURRENCY_PREFIXES) - _CASED) if cased else _alternatives(_CURRENCY_PREFIXES)
    return rf"""
    (?P<qualifiers>(?:(?:{_alternatives(_PREFIX_QUALIFIERS)})\s?)*)
    (?:(?P<prefix>{written}{prefixes})\s?(?P<inner>(?:(?:{_alternatives(_PREFIX_QUALIFIERS)})\s?)*))?
    (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九十百千]+
        |(?<!\S)(?:{_alternatives(_WORD_NUMBERS)})(?=\s(?:{"|".join(_WORDED_SCALES)})(?![a-z])))
    \s?(?P<infix>余|多)?
    (?:\s|-(?=(?:{hyphened})(?![a-z])))?(?P<scale>(?:{scales})(?![a-z]))?
    (?:\s|-(?=plus(?![a-z])))?(?P<suffix_q1>{_alternatives(_SUFFIX_QUALIFIERS)})?
    (?:\s|-(?=(?:{suffixes})(?![a-z])))?(?P<suffix>(?:{suffixes})(?![a-z]))?
    \s?(?P<suffix_q2>{_alternatives(_SUFFIX_QUALIFIERS)})?"""


def _chinese_number(text: str) -> int | None:
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _number(text: str) -> Decimal | None:
    if text.casefold() in _WORD_NUMBERS:
        return _WORD_NUMBERS[text.casefold()]
    if text[0].isdigit() or text[0] == ".":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    value = _chinese_number(text)
    return None if value is None else Decimal(value)


def _choose_qualifier(found: list[Qualifier]) -> Qualifier:
    comparisons = [q for q in found if q not in ("exact", "expected")]
    if comparisons:
        return comparisons[0]
    return "expected" if "expected" in found else "exact"


def parse_amount(text: str) -> ParsedAmount | None:
    """Read ``text`` as one amount, or return ``None`` when it is not one.

    ``"超過1500億美元"`` gives 150000000000 USD ``more_than``; ``"a little less than a billion"``
    gives 1000000000, no currency, ``less_than``. The forms and the qualifier mapping are in
    docs/search.md ("Amounts").
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_amount() expects a str, not {type(text).__name__}")
    if len(text) > _MAX_LENGTH:
        return None
    spaced, cleaned = _cleaned(text)
    match = _pattern().match(cleaned.translate(_FINANCIAL_NUMERALS))
    return None if match is None else _reading(match, text.strip(), cleaned != spaced)


def _cleaned(text: str) -> tuple[str, str]:
    """``text`` with one space between words (each separator in the grammar is then one optional character,
    and a run of spaces cannot be shared out among them in ways that grow as a power of its length), and that
    read as Simplified (億 萬 約 超過 港幣 ... as 亿 万 约 超过 港币 ...)."""
    spaced = " ".join(unicodedata.normalize("NFKC", text).split()).replace("，", ",")
    return spaced, to_simplified(spaced)


def _reading(match: re.Match[str], text: str, traditional: bool | None) -> ParsedAmount | None:
    """The amount a match of the grammar reads, or None; ``traditional`` is None when not yet known."""
    number = _number(match["number"])
    scale, prefix, suffix = match["scale"], match["prefix"], match["suffix"]
    if number is None:
        return None
    if not match["number"][0].isascii() and not (scale or prefix or suffix):
        return None  # a lone Chinese numeral (一, 十) is a word, not an amount
    with localcontext(_EXACT):  # the default 28 digits would round, or refuse, a long number
        if scale is not None:
            number = number.scaleb(_SCALES[scale.casefold()])
        amount = Decimal(int(number)) if number == number.to_integral_value() else number.normalize()
    currency = _CURRENCY_PREFIXES[prefix.casefold()] if prefix else None
    if suffix and suffix in _LOCAL_UNITS and traditional is None:
        spaced, cleaned = _cleaned(text)
        traditional = cleaned != spaced
    if suffix and not ((traditional or prefix) and suffix in _LOCAL_UNITS):  # 新台币5兆元: 元 is the NT dollar
        suffix_currency = _CURRENCY_SUFFIXES[suffix.casefold()]
        if currency is not None and currency != suffix_currency and suffix.casefold() not in ("dollars", "dollar"):
            return None  # "US$5 欧元" contradicts itself
        currency = currency or suffix_currency
    found = [_PREFIX_QUALIFIERS[q.casefold()] for q in _split_qualifiers(match["qualifiers"] + (match["inner"] or ""))]
    return ParsedAmount(amount, currency, _choose_qualifier([*found, *_suffix_qualifiers(match)]), text)


def _suffix_qualifiers(match: re.Match[str]) -> list[Qualifier]:
    return [_SUFFIX_QUALIFIERS[q.casefold()] for q in (match["infix"], match["suffix_q1"], match["suffix_q2"]) if q]


@cache
def _qualifier_word() -> re.Pattern[str]:
    return re.compile(_alternatives(_PREFIX_QUALIFIERS), re.IGNORECASE)


def _split_qualifiers(text: str) -> list[str]:
    return _qualifier_word().findall(text)


def find_amounts(text: str) -> list[tuple[int, int, ParsedAmount]]:
    """Every amount written in ``text`` with its code-point offsets: ``(start, end, parsed)`` in order.

    An amount is what ``parse_amount`` reads that names a scale or a currency (``66亿美元``,
    ``US$6.6bn``, ``250 million users``): a bare number (a year, a count of things) is not one.
    ``parsed.text`` is ``text[start:end]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_amounts() expects a str, not {type(text).__name__}")
    form = text.translate(_SAME_LENGTH)
    found: list[tuple[int, int, ParsedAmount]] = []
    for low, high in _windows(form):
        for whole in _finder().finditer(form, low, high):
            match = _as_written(text, form, whole, high)
            if match and (match["scale"] or match["prefix"] or match["suffix"]) and not _foreign_sign(form, match):
                amount = _found_amount(text, match)
                if amount is not None:
                    found.append(amount)
    return found


def _as_written(text: str, form: str, match: re.Match[str], high: int) -> re.Match[str] | None:
    """The match, or when its prefix is one read only as written and is not ("told us $5 billion"), the
    amount after that word's letters ("$5 billion")."""
    prefix = match["prefix"]
    if prefix not in _CASED or text[match.start("prefix") : match.end("prefix")] in _CASED_PREFIXES:
        return match
    after = match.start("prefix") + len(prefix.rstrip("$"))
    while after < high and form[after].isspace():
        after += 1
    return _finder().match(form, after, high)


def _foreign_sign(form: str, match: re.Match[str]) -> bool:
    """Whether a match starts with a currency sign that letters the table lacks come before ("MX$5")."""
    start = match.start()
    return (
        bool(match["prefix"])
        and not match["qualifiers"]
        and start > 0
        and form[start - 1].isascii()
        and form[start - 1].isalpha()
    )


# A window around each run of numerals: the words a figure may begin with (qualifiers, a currency)
# and end with fit in this many characters either side; the grammar is tried only there.
_REACH = 24
_NUMERAL = re.compile(
    r"(?=[0-9零〇一二两三四五六七八九十百千万亿兆tmb])(?:[0-9零〇一二两三四五六七八九十百千万亿兆]+|thousand|million|billion|trillion)"
)


def _windows(form: str) -> list[tuple[int, int]]:
    """The stretches of ``form`` around its numerals, overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for numeral in _NUMERAL.finditer(form):
        low, high = max(numeral.start() - _REACH, 0), min(numeral.end() + _REACH, len(form))
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _found_amount(text: str, match: re.Match[str]) -> tuple[int, int, ParsedAmount] | None:
    """The amount a match of the grammar spans in ``text``, spaces at its edges left out, and a qualifier
    that changes nothing (``达``) too."""
    start, end = match.span()
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    parsed = _reading(match, text[start:end], None)
    if parsed is None:
        return None
    bare, plain = start + len(match["qualifiers"].lstrip()), None
    if bare > start:  # "达1,570亿美元" is the amount 1,570亿美元
        while bare < end and text[bare].isspace():
            bare += 1
        if match["suffix"] in _LOCAL_UNITS:  # whether 元 names the yuan depends on the script of what is read
            plain = parse_amount(text[bare:end])
        elif _choose_qualifier(_suffix_qualifiers(match)) == parsed.qualifier:
            plain = ParsedAmount(parsed.amount, parsed.currency, parsed.qualifier, text[bare:end])
        if plain is not None and plain.qualifier == parsed.qualifier:
            return bare, end, plain
    return start, end, parsed


class _SameLength(dict[int, str]):
    """A character as the finder reads it (NFKC, Simplified, everyday numerals, lower case), when that is one
    character; otherwise the character itself (``½``), so a text's offsets stay its own."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        formed = unicodedata.normalize("NFKC", ch)
        formed = to_simplified(formed) if len(formed) == 1 else ch
        formed = formed.translate(_FINANCIAL_NUMERALS).replace("，", ",")
        formed = formed if len(formed) == 1 else ch
        self[code] = formed.lower() if len(formed.lower()) == 1 else formed  # the finder reads lower case
        return self[code]


_SAME_LENGTH = _SameLength()
