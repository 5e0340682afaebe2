"""Amounts as people write them: read (``66亿美元``, ``US$6.6bn``, ``1570億美元``, ``just under $1bn``) and written.

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


_CURRENCY_PREFIXES = {
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "$": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "nt$": "TWD",
    "twd": "TWD",
    "s$": "SGD",
    "sgd": "SGD",
    "a$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "cad": "CAD",
    "rmb": "CNY",
    "cny": "CNY",
    "¥": "CNY",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "jpy": "JPY",
    "chf": "CHF",
    "krw": "KRW",
    "₩": "KRW",
    "inr": "INR",
    "₹": "INR",
}
_CURRENCY_SUFFIXES = {
    "美元": "USD",
    "美金": "USD",
    "元美金": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "人民币": "CNY",
    "元人民币": "CNY",
    "元": "CNY",
    "块": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "港元": "HKD",
    "港币": "HKD",
    "hkd": "HKD",
    "新台币": "TWD",
    "台币": "TWD",
    "twd": "TWD",
    "欧元": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "英镑": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "日元": "JPY",
    "日圆": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "韩元": "KRW",
    "krw": "KRW",
    "chf": "CHF",
    "瑞郎": "CHF",
    "新加坡元": "SGD",
    "sgd": "SGD",
}
_SCALES = {
    "k": 3,
    "thousand": 3,
    "千": 3,
    "m": 6,
    "mn": 6,
    "mm": 6,
    "mil": 6,
    "million": 6,
    "百万": 6,
    "千万": 7,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "十亿": 9,
    "t": 12,
    "tn": 12,
    "trillion": 12,
    "万": 4,
    "亿": 8,
    "百亿": 10,
    "千亿": 11,
    "万亿": 12,
    "兆": 12,
}
_PREFIX_QUALIFIERS: dict[str, Qualifier] = {
    "约": "approximately",
    "大约": "approximately",
    "约为": "approximately",
    "大概": "approximately",
    "about": "approximately",
    "approximately": "approximately",
    "approx": "approximately",
    "approx.": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "~": "approximately",
    "≈": "approximately",
    "逾": "more_than",
    "超过": "more_than",
    "超": "more_than",
    "多于": "more_than",
    "高于": "more_than",
    "over": "more_than",
    "more than": "more_than",
    "above": "more_than",
    "exceeding": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "north of": "more_than",
    "大于": "more_than",
    ">": "more_than",
    "至少": "at_least",
    "不少于": "at_least",
    "不低于": "at_least",
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    ">=": "at_least",
    "≥": "at_least",
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "逼近": "nearly",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "不到": "less_than",
    "少于": "less_than",
    "低于": "less_than",
    "不足": "less_than",
    "under": "less_than",
    "less than": "less_than",
    "below": "less_than",
    "小于": "less_than",
    "<": "less_than",
    "最多": "at_most",
    "至多": "at_most",
    "不超过": "at_most",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "not more than": "at_most",
    "<=": "at_most",
    "≤": "at_most",
    "预计": "expected",
    "预期": "expected",
    "预估": "expected",
    "expected": "expected",
    "projected": "expected",
    "高达": "exact",
    "达": "exact",
    "达到": "exact",
    "as much as": "exact",
}
# A softened comparison keeps its direction: "just under", "a little less than" and 略低于 are
# less_than, as "under" is; the softener says the gap is small, which no qualifier records.
# "nearly" is kept for words that say only "close to": nearly, almost, 近, 将近, 接近.
_SOFTENED_EN: dict[str, Qualifier] = {
    "under": "less_than",
    "below": "less_than",
    "less than": "less_than",
    "over": "more_than",
    "above": "more_than",
    "more than": "more_than",
}
_SOFTENED_ZH: dict[str, Qualifier] = {
    "低于": "less_than",
    "少于": "less_than",
    "高于": "more_than",
    "多于": "more_than",
}
_PREFIX_QUALIFIERS |= {
    f"{softener} {head}": qualifier
    for softener in ("just", "slightly", "a little", "a bit")
    for head, qualifier in _SOFTENED_EN.items()
}
_PREFIX_QUALIFIERS |= {f"{softener}{head}": q for softener in "略稍" for head, q in _SOFTENED_ZH.items()}
_SUFFIX_QUALIFIERS: dict[str, Qualifier] = {
    "以上": "at_least",
    "or more": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "or less": "at_most",
    "or so": "approximately",
    "多": "more_than",
    "余": "more_than",
    "+": "more_than",
    "plus": "more_than",
    "左右": "approximately",
    "上下": "approximately",
}


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
    return re.compile(f"^{_grammar()}$", re.VERBOSE | re.IGNORECASE)


@cache
def _finder() -> re.Pattern[str]:
    """The grammar unanchored, starting where no Latin letter or digit is before it, or with none (``约为``)."""
    words = (*_PREFIX_QUALIFIERS, *_CURRENCY_PREFIXES, *_WORD_NUMBERS)
    first = re.escape("".join(sorted({word[0] for word in words})) + "0123456789.零〇一二两三四五六七八九十百千")
    start = f"(?:(?<![a-z0-9.])|(?![a-z0-9.]))(?=[{first}])"  # a cheap test first: most places fail it
    return re.compile(start + _grammar(), re.VERBOSE | re.IGNORECASE)


def _grammar() -> str:
    return rf"""
    (?P<qualifiers>(?:(?:{_alternatives(_PREFIX_QUALIFIERS)})\s?)*)
    (?P<prefix>{_alternatives(_CURRENCY_PREFIXES)})?\s?
    (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九十百千]+
        |(?<!\S)(?:{_alternatives(_WORD_NUMBERS)})(?=\s(?:{"|".join(_WORDED_SCALES)})(?![a-z])))
    \s?(?P<infix>余|多)?
    \s?(?P<scale>(?:{_alternatives(_SCALES)})(?![a-z]))?
    \s?(?P<suffix_q1>{_alternatives(_SUFFIX_QUALIFIERS)})?
    \s?(?P<suffix>(?:{_alternatives(_CURRENCY_SUFFIXES)})(?![a-z]))?
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
    # One space between words: each separator in the grammar is then one optional character, and a
    # run of spaces cannot be shared out among them in ways that grow as a power of its length.
    spaced = " ".join(unicodedata.normalize("NFKC", text).split()).replace("，", ",")
    cleaned = to_simplified(spaced)  # 億 萬 約 超過 港幣 ... read as 亿 万 约 超过 港币 ...
    traditional = cleaned != spaced
    match = _pattern().match(cleaned.translate(_FINANCIAL_NUMERALS))
    if match is None:
        return None
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
    if suffix and not (traditional and suffix in _LOCAL_UNITS):
        suffix_currency = _CURRENCY_SUFFIXES[suffix.casefold()]
        if currency is not None and currency != suffix_currency and suffix.casefold() != "dollars":
            return None  # "US$5 欧元" contradicts itself
        currency = currency or suffix_currency
    found = [_PREFIX_QUALIFIERS[q.casefold()] for q in _split_qualifiers(match["qualifiers"])]
    found += [_SUFFIX_QUALIFIERS[q.casefold()] for q in (match["infix"], match["suffix_q1"], match["suffix_q2"]) if q]
    return ParsedAmount(
        amount=amount,
        currency=currency,
        qualifier=_choose_qualifier(found),
        text=text.strip(),
    )


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
        for match in _finder().finditer(form, low, high):
            if match["scale"] or match["prefix"] or match["suffix"]:
                amount = _found_amount(text, match)
                if amount is not None:
                    found.append(amount)
    return found


# A window around each run of numerals: the words a figure may begin with (qualifiers, a currency)
# and end with fit in this many characters either side; the grammar is tried only there.
_REACH = 24
_NUMERAL = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿兆]|thousand|million|billion|trillion", re.IGNORECASE)


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
    parsed = parse_amount(text[start:end])
    if parsed is None:
        return None
    bare = start + len(match["qualifiers"].lstrip())
    if bare > start:  # "达1,570亿美元" is the amount 1,570亿美元
        while bare < end and text[bare].isspace():
            bare += 1
        plain = parse_amount(text[bare:end])
        if plain is not None and plain.qualifier == parsed.qualifier:
            return bare, end, plain
    return start, end, parsed


class _SameLength(dict[int, str]):
    """A character as ``parse_amount`` reads it (NFKC, Simplified, everyday numerals), when that is one
    character; otherwise the character itself (``½``), so a text's offsets stay its own."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        formed = unicodedata.normalize("NFKC", ch)
        formed = to_simplified(formed) if len(formed) == 1 else ch
        formed = formed.translate(_FINANCIAL_NUMERALS).replace("，", ",")
        self[code] = formed if len(formed) == 1 else ch
        return self[code]


_SAME_LENGTH = _SameLength()
