"""The models: general enough for other companies' news, strict enough to catch typos."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

import openai_kb
from openai_kb import DataError, Evidence, FundingRound, Money, Name, Organization, Person

from .kinds import unknown_kind


def _evidence(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {"source": "source:note", "quote": "Globex led", "start": 0, "end": 10}
    fields.update(changes)
    return fields


def _departure(date: str) -> openai_kb.Departure:
    return openai_kb.Departure(
        id="departure:x",
        person="person:x",
        organization="org:x",
        title="CTO",
        recent_wave=True,
        date=date,
        evidence=[Evidence.model_validate(_evidence())],
    )


def test_entities_need_only_id_and_name() -> None:
    """Person(id=..., name=...) is enough; everything else has a default."""
    ada = Person(id="person:ada", name="Ada Lovelace")
    assert (ada.type, ada.names, ada.evidence) == ("person", (), ())


def test_models_are_frozen() -> None:
    """Records cannot be changed after they are built."""
    ada = Person(id="person:ada", name="Ada Lovelace")
    with pytest.raises(ValidationError, match="frozen"):
        ada.name = "Ada"  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    """A typo in a field name fails loudly instead of being dropped."""
    with pytest.raises(DataError, match=r"Person\(\.\.\.\): record 'person:ada' at \$\.nmae: unknown field"):
        Person(id="person:ada", name="Ada", nmae="x")  # type: ignore[call-arg]


@pytest.mark.parametrize("bad_id", ["ada", "person:", "Person:ada", "person:a b", ""])
def test_ids_must_be_prefix_colon_slug(bad_id: str) -> None:
    """Ids are stable and readable: a lower-case type prefix, a colon, a slug without spaces."""
    with pytest.raises(DataError, match=r"at \$\.id: an id is a lower-case type, a colon and a name"):
        Person(id=bad_id, name="Ada")


def test_references_accept_records_and_store_ids() -> None:
    """A reference field takes an id or a record object; it always holds the id."""
    acme = Organization(id="org:acme", name="Acme")
    globex = Organization(id="org:globex", name="Globex", kind="investment_firm")
    round_ = FundingRound(
        id="round:acme-a",
        company=acme,
        amount=Money(amount=Decimal(5_000_000), currency="USD"),
        lead_investors=[globex],
        evidence=[Evidence.model_validate(_evidence())],
    )
    assert round_.company == "org:acme"
    assert round_.lead_investors == ("org:globex",)


def test_money_is_exact_and_refuses_floats() -> None:
    """Amounts are Decimals in full units; a float is refused because it has lost digits already."""
    assert Money(amount="6600000000", currency="USD").amount == Decimal(6_600_000_000)
    with pytest.raises(DataError, match="not a float"):
        Money(amount=6.6e9, currency="USD")  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["usd", "US", "XYZ", "dollars"])
def test_currency_must_be_iso_4217(code: str) -> None:
    """Currencies are ISO 4217 codes; the message names the bad code and gives examples."""
    with pytest.raises(DataError, match=f"'{code}' is not an ISO 4217 currency code"):
        Money(amount=1, currency=code)


def test_amounts_cannot_be_negative() -> None:
    """A negative amount is refused."""
    with pytest.raises(DataError, match="greater than or equal to 0"):
        Money(amount=-1, currency="USD")


def test_evidence_offsets_must_fit_the_quote() -> None:
    """start < end, and end - start is the quote's length in code points."""
    with pytest.raises(ValidationError, match=r"start \(10\) must be less than end \(0\)"):
        Evidence.model_validate(_evidence(start=10, end=0))
    with pytest.raises(ValidationError, match="the span 0:12 is 12 characters long but the quote has 10"):
        Evidence.model_validate(_evidence(end=12))
    with pytest.raises(ValidationError, match="Input should be a valid integer"):
        Evidence.model_validate(_evidence(start="0"))


def test_evidence_prefix_and_suffix_are_short_and_fit() -> None:
    """A prefix or suffix holds at most 32 characters; a prefix fits before the quote, and is empty only at 0."""
    evidence = Evidence.model_validate(_evidence(start=40, end=50, prefix="x" * 32, suffix="y" * 32))
    assert (evidence.prefix, evidence.suffix) == ("x" * 32, "y" * 32)
    assert Evidence.model_validate(_evidence(prefix="", suffix="")).prefix == ""
    for field in ("prefix", "suffix"):
        with pytest.raises(ValidationError, match=f"{field}\n  String should have at most 32 characters"):
            Evidence.model_validate(_evidence(start=40, end=50, **{field: "x" * 33}))
    with pytest.raises(
        ValidationError,
        match="the prefix is 5 characters long but only 3 precede the quote \\(it starts at 3\\); "
        "the prefix is the text just before the quote",
    ):
        Evidence.model_validate(_evidence(start=3, end=13, prefix="Hello"))
    with pytest.raises(
        ValidationError,
        match="an empty prefix says the quote starts the text, but it starts at 3; "
        "give the characters just before it, or leave the prefix out",
    ):
        Evidence.model_validate(_evidence(start=3, end=13, prefix=""))


def test_facts_need_evidence() -> None:
    """A fact without evidence is refused."""
    with pytest.raises(DataError, match=r"at \$\.evidence: a fact needs evidence: at least one quote"):
        FundingRound(id="round:x", company="org:x", amount=Money(amount=1, currency="USD"), evidence=[])


@pytest.mark.parametrize("value", ["2024", "2024-10", "2024-10-14", "2024-02-29"])
def test_partial_dates_keep_their_precision(value: str) -> None:
    """Dates may be a year, a month or a day, stored as given."""
    assert _departure(value).date == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-13", "month 13 is not between 01 and 12"),
        ("2023-02-29", "day 29 does not exist in 2023-02"),
        ("Oct 2024", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_partial_dates_are_checked(value: str, message: str) -> None:
    """Impossible or oddly written dates are refused with a reason."""
    with pytest.raises(DataError, match=message):
        _departure(value)


def test_names_carry_language_and_kind() -> None:
    """A Name is text plus a BCP-47 tag and its kind."""
    name = Name(text="輝達", language="zh-Hant", kind="transliteration")
    assert name.language == "zh-Hant"
    with pytest.raises(DataError, match=r"Name\(\.\.\.\): at \$\.language: String should match pattern"):
        Name(text="x", language="Chinese")


def test_json_round_trip() -> None:
    """A record dumped to JSON and read back is equal to the original."""
    money = Money(amount=Decimal("157000000000"), currency="USD", qualifier="more_than", text="超过1,570亿美元")
    assert Money.model_validate_json(money.model_dump_json()) == money


def test_json_schema_of_one_model_or_type() -> None:
    """openai_kb.json_schema takes a model class (the library's or a user's) or a record type name."""
    from pydantic import BaseModel

    import openai_kb

    class Office(BaseModel):
        city: str

    assert openai_kb.json_schema(openai_kb.Money)["title"] == "Money"
    assert openai_kb.json_schema("valuation") == openai_kb.Valuation.model_json_schema()
    assert openai_kb.json_schema(Office)["required"] == ["city"]
    assert "discriminator" in openai_kb.json_schema()
    assert openai_kb.json_schema("people") == openai_kb.Person.model_json_schema()
    with pytest.raises(openai_kb.QueryError) as caught:
        openai_kb.json_schema("peeple")
    assert str(caught.value) == unknown_kind("peeple", "people")
    with pytest.raises(TypeError, match="json_schema\\(\\) expects a model class, a record type name or None, not int"):
        openai_kb.json_schema(3)  # type: ignore[arg-type]
