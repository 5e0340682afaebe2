"""Exact amounts: ``Money`` (an amount in a currency) and ``Quantity`` (an amount of a unit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from .base import Model
from .currencies import ISO_4217

__all__ = ["Amount", "CurrencyCode", "Money", "Qualifier", "Quantity"]

Qualifier = Literal["exact", "approximately", "more_than", "at_least", "less_than", "at_most", "nearly", "expected"]


def _refuse_float(value: Any) -> Any:
    # A float has already lost digits (0.1 is not 1/10); exact amounts come as Decimal, int or str.
    if isinstance(value, float):
        raise ValueError("pass the amount as a Decimal, an int or a string, not a float (floats are inexact)")
    return value


Amount = Annotated[
    Decimal,
    BeforeValidator(_refuse_float),
    Field(ge=0, description="The amount in full units (66 亿 is 6600000000).", examples=["6600000000"]),
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
