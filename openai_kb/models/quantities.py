"""Exact amounts: ``Money`` (an amount in a currency) and ``Quantity`` (an amount of a unit), and ``format_amount``."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from .base import Model
from .currencies import ISO_4217

__all__ = ["Amount", "CurrencyCode", "Money", "Qualifier", "Quantity", "check_amount_bounds", "format_amount"]

Qualifier = Literal["exact", "approximately", "more_than", "at_least", "less_than", "at_most", "nearly", "expected"]


def _refuse_float(value: Any) -> Any:
    # A float has already lost digits (0.1 is not 1/10); exact amounts come as Decimal, int or str.
    if isinstance(value, float):
        raise ValueError("pass the amount as a Decimal, an int or a string, not a float (floats are inexact)")
    return value


MAX_DIGITS = 28  # Python's decimal arithmetic keeps 28 digits: printing an amount never rounds it
MAX_DECIMAL_PLACES = 12
AMOUNT_BELOW = 30  # an amount is below 10 ** AMOUNT_BELOW


def check_amount_bounds(value: Decimal) -> Decimal:
    """Refuse amounts that arithmetic or printing cannot handle (1E+999999999 overflows, 1E-999999999
    prints as a billion zeros), judged by the digits and exponent as written, without arithmetic."""
    if not value.is_finite():
        raise ValueError("an amount must be a finite number")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal's exponent is an int
    if value.adjusted() >= AMOUNT_BELOW:
        raise ValueError(f"amount out of range: an amount must be below 10^{AMOUNT_BELOW}")
    if -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(f"too many decimal places: an amount has at most {MAX_DECIMAL_PLACES}; round it")
    significant = len(digits) - next((i for i, digit in enumerate(reversed(digits)) if digit), len(digits))
    if significant > MAX_DIGITS:
        raise ValueError(f"too many digits: an amount has at most {MAX_DIGITS} significant digits; round it")
    return value


def _amount_schema(schema: dict[str, Any]) -> None:
    schema.pop("ge", None)  # pydantic cannot place ge on a number-or-string; bound the number form instead
    schema["anyOf"] = [
        {"type": "number", "minimum": 0, "exclusiveMaximum": float(10**AMOUNT_BELOW)},
        {"type": "string"},
    ]


Amount = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    AfterValidator(check_amount_bounds),
    Field(
        ge=0,
        description=(
            f"The amount in full units (66 亿 is 6600000000): below 10^{AMOUNT_BELOW}, at most "
            f"{MAX_DIGITS} significant digits and {MAX_DECIMAL_PLACES} decimal places."
        ),
        examples=["6600000000"],
        json_schema_extra=_amount_schema,
    ),
]


def _check_currency(code: str) -> str:
    if code not in ISO_4217:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (such as 'USD', 'CNY', 'EUR')")
    return code


CurrencyCode = Annotated[
    str,
    AfterValidator(_check_currency),
    Field(description="An ISO 4217 currency code.", examples=["USD"], json_schema_extra={"pattern": "^[A-Z]{3}$"}),
]

_QUALIFIER_DOC = "How the source qualifies the figure: 'more_than' for 超过/逾/over, and so on."
_TEXT = Field(default=None, description="The figure as printed in the source.", examples=["66 亿美元"])


class Money(Model):
    """An amount of money, exact, in an ISO 4217 currency."""

    amount: Amount
    currency: CurrencyCode
    qualifier: Qualifier = Field(default="exact", description=_QUALIFIER_DOC)
    text: str | None = _TEXT


class Quantity(Model):
    """A counted or measured amount that is not money, such as a number of users."""

    value: Amount
    unit: str = Field(min_length=1, description="What is counted.", examples=["users"])
    qualifier: Qualifier = Field(default="exact", description=_QUALIFIER_DOC)
    text: str | None = _TEXT


# -- writing an amount -------------------------------------------------------------------------

_WRITTEN_SYMBOLS = {"USD": "US$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$", "TWD": "NT$"}
_SCALE_WORDS = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
_QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
    "nearly": "nearly ",
    "expected": "an expected ",
}


def _in_words(value: Decimal) -> str:
    for size, word in _SCALE_WORDS:
        if value >= size:
            scaled = (value / size).normalize()
            return f"{scaled:f} {word}"
    return f"{value.normalize():,f}"


def format_amount(amount: Money | Quantity) -> str:
    """An amount in English: ``US$6.6 billion``, ``more than 250 million users``."""
    qualifier = _QUALIFIER_WORDS[amount.qualifier]
    if isinstance(amount, Money):
        symbol = _WRITTEN_SYMBOLS.get(amount.currency)
        number = _in_words(amount.amount)
        return f"{qualifier}{symbol}{number}" if symbol else f"{qualifier}{number} {amount.currency}"
    return f"{qualifier}{_in_words(amount.value)} {amount.unit}"
