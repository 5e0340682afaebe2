"""What save writes, load reads back equal: records built in code, defaults left out at every depth.

The property builds one record of every built-in type (``RECORD_TYPES``) and of a type of one's own,
each field given or left to its default at random, nested models (terms, amounts, names, evidence)
likewise, straight from the models' fields: a field added to a model is generated with no change here.
"""

from __future__ import annotations

import tempfile
import types
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

import orjson
import pytest
from pydantic import BaseModel, Field

import openai_kb
from openai_kb import Evidence, ExclusivityClause, Fact, FundingRound, KnowledgeBase, Metric, Money, Source
from openai_kb.models import RECORD_TYPES, Clause, Model, OrganizationRef, PartyRef, Reference
from openai_kb.models.currencies import ISO_4217

hypothesis = pytest.importorskip("hypothesis")  # in the test extra; without it this module skips
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SOURCE = Source(id="source:gen", title="Generated reports", language="en", length=1_000_000)
LEADER = "org:leader"
OTHER = "org:other"
BASE = [
    SOURCE,
    openai_kb.Organization(id=LEADER, name="Leader"),
    openai_kb.Organization(id=OTHER, name="Other"),
    openai_kb.Person(id="person:someone", name="Someone"),
    FundingRound(
        id="round:base",
        company=OTHER,
        amount=Money(amount=Decimal(1000), currency="USD"),
        lead_investors=[LEADER],
        participants_complete=False,  # so an investment that did not lead need not be listed
        evidence=[Evidence(source=SOURCE, quote="a round", start=0, end=7)],
    ),
]
IDS = {record.id: record.type for record in BASE}


class Grant(Clause):
    """A clause of one's own: a tag with its default, a list of references, evidence."""

    kind: Literal["grant"] = "grant"
    grantees: list[OrganizationRef] = Field(min_length=1)
    amount: Money | None = None
    evidence: tuple[Evidence, ...] = ()


class Condition(Clause):
    """Another clause of one's own, told apart from ``Grant`` by its tag."""

    kind: Literal["condition"] = "condition"
    text: str = Field(min_length=1)


class Plain(Model):
    """Two models of one's own in a union without a discriminator: only their tags tell them apart."""

    kind: Literal["plain"] = "plain"
    text: str | None = None


class Fancy(Model):
    """See ``Plain``."""

    kind: Literal["fancy"] = "fancy"
    text: str | None = None


class Programme(Fact):
    """A record type of one's own with a tag, a tagged union of clauses, a smart union, a set and a list."""

    type: Literal["programme"] = "programme"
    family: ClassVar[str] = "programmes"
    sponsor: OrganizationRef
    stage: Literal["pilot"] = "pilot"
    terms: tuple[Annotated[Grant | Condition, Field(discriminator="kind")], ...] = ()
    detail: Plain | Fancy | None = None
    size: int | None = 5  # a None given is not the default: it must be written
    topics: set[str] = Field(default_factory=set)
    partners: list[PartyRef] = Field(default_factory=list)


TYPES = [*RECORD_TYPES.values(), Programme]

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
_DECIMALS = st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False)


def _metadata(items: Any) -> list[Any]:
    """Metadata with every ``Field(...)`` in it spread into its own constraints."""
    spread: list[Any] = []
    for item in items:
        spread.extend([item, *item.metadata] if hasattr(item, "metadata") and hasattr(item, "annotation") else [item])
    return spread


def _constraint(metadata: list[Any], name: str) -> Any:
    return next((getattr(item, name) for item in metadata if getattr(item, name, None) is not None), None)


def _validators(metadata: list[Any]) -> set[str]:
    return {item.func.__name__ for item in metadata if callable(getattr(item, "func", None))}


def _dates() -> st.SearchStrategy[str]:
    day = st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2030, 12, 31).date())
    return st.builds(lambda d, cut: d.isoformat()[:cut], day, st.sampled_from([4, 7, 10]))


def _published() -> st.SearchStrategy[Any]:
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
    times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1), timezones=offsets)
    return st.one_of(_dates(), times)


def _evidence() -> st.SearchStrategy[Evidence]:
    """A span of the generated source, its prefix and suffix optional (each left out, or given)."""

    @st.composite
    def build(draw: st.DrawFn) -> Evidence:
        quote = draw(_text)
        start = draw(st.integers(0, 1000))
        fields: dict[str, Any] = {"source": SOURCE.id, "quote": quote, "start": start, "end": start + len(quote)}
        if draw(st.booleans()):
            fields["prefix"] = "" if start == 0 else draw(st.text(min_size=1, max_size=min(start, 8)))
        if draw(st.booleans()):
            fields["suffix"] = draw(st.text(min_size=1, max_size=8))
        if draw(st.booleans()):
            fields["translation"] = draw(_text)
        return Evidence(**fields)

    return build()


def values(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """Values of a field of this annotation and metadata, as a user passes them in code."""
    while get_origin(annotation) is Annotated:
        annotation, *more = get_args(annotation)
        metadata = [*metadata, *_metadata(more)]
    marker = next((item for item in metadata if isinstance(item, Reference)), None)
    if marker is not None:
        return st.sampled_from([i for i, kind in IDS.items() if not marker.types or kind in marker.types])
    checks = _validators(metadata)
    pattern = _constraint(metadata, "pattern")
    origin, args = get_origin(annotation), get_args(annotation)
    if "check_partial_date" in checks:
        return _dates()
    if "_date_or_datetime" in checks:
        return _published()
    if "_check_web_address" in checks:
        return st.from_regex(r"https://example\.com/[a-z0-9]{0,8}", fullmatch=True)
    if "_check_currency" in checks:
        return st.sampled_from(sorted(ISO_4217))
    if "check_amount_bounds" in checks:
        return _DECIMALS
    if pattern is not None and pattern.startswith("^[a-z]{2,3}"):  # a language tag
        return st.sampled_from(["en", "zh-Hans", "zh-Hant", "fr"])
    if pattern is not None:
        return st.from_regex(pattern, fullmatch=True)
    if origin is Literal:
        return st.sampled_from(args)
    if origin in (Union, types.UnionType):  # a field's constraints hold for each member (min_length of str | None)
        return st.one_of([values(arg, metadata) for arg in args])
    if origin is tuple:
        least = _constraint(metadata, "min_length") or 0
        return st.lists(values(args[0], []), min_size=least, max_size=max(least, 3))
    if annotation is type(None):
        return st.none()
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(0, 10**6)
    if annotation is float:
        return st.floats(_constraint(metadata, "ge") or 0, _constraint(metadata, "le") or 1)
    if annotation is str:
        return st.text(
            min_size=_constraint(metadata, "min_length") or 0, max_size=_constraint(metadata, "max_length") or 12
        )
    if annotation is Evidence:
        return _evidence()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return models(annotation)
    raise AssertionError(f"no strategy for {annotation!r}: teach values() this annotation")


def models(model: type[BaseModel], record_id: str | None = None) -> st.SearchStrategy[Any]:
    """An instance of ``model`` built in code: required fields given, each other one given or left out."""

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        fields: dict[str, Any] = {} if record_id is None else {"id": record_id}
        for name, info in model.model_fields.items():
            if name in ("type", "id", "assertion", "attributed_to", "attribution"):
                continue
            if info.is_required() or draw(st.booleans()):
                fields[name] = draw(values(info.annotation, _metadata(info.metadata)))
        if issubclass(model, Fact):
            fields.update(draw(_holding()))
        if issubclass(model, Metric):  # a metric gives its figure once: as an amount of money, or as a value
            keep = "amount" if draw(st.booleans()) else "value"
            drop = "value" if keep == "amount" else "amount"
            fields.pop(drop, None)
            if fields.get(keep) is None:
                info = model.model_fields[keep]
                fields[keep] = draw(values(info.annotation, _metadata(info.metadata)).filter(lambda v: v is not None))
        if fields.get("lead") is True:  # an investment that led its round is among the round's leads
            fields["organization"] = LEADER
        elif "lead" in fields and fields.get("round") == "round:base":
            fields["organization"] = OTHER
        return model(**fields)

    return build()


@st.composite
def _holding(draw: st.DrawFn) -> dict[str, Any]:
    """How a fact is held: left to its default, stated, or attributed to a party or in words."""
    choice = draw(st.sampled_from(["default", "stated", "expected", "to a party", "in words", "both"]))
    if choice == "default":
        return {}
    if choice in ("stated", "expected"):
        return {"assertion": choice}
    holding: dict[str, Any] = {"assertion": "attributed"}
    if choice in ("to a party", "both"):
        holding["attributed_to"] = draw(st.sampled_from([LEADER, "person:someone"]))
    if choice in ("in words", "both"):
        holding["attribution"] = draw(_text)
    return holding


@st.composite
def records(draw: st.DrawFn) -> list[Any]:
    """One record of every type (a source besides the generated one), built in code."""
    return [draw(models(model, f"{model.model_fields['type'].default}:generated")) for model in TYPES]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records())
@pytest.mark.slow
def test_what_save_writes_load_reads_back_equal(generated: list[Any]) -> None:
    """load(kb.save(p)) == kb for records of every type built in code, defaults left out at every depth;
    saved again, the same bytes."""
    kb = KnowledgeBase([*BASE, *generated])
    with tempfile.TemporaryDirectory() as folder:
        path = kb.save(Path(folder) / "kb.json")
        loaded = openai_kb.load(path, types=[Programme])
        assert loaded == kb
        assert loaded.save(Path(folder) / "again.json").read_bytes() == path.read_bytes()


def test_a_term_built_without_its_kind_saves_with_it(tmp_path: Path) -> None:
    """An ExclusivityClause built in code, kind left to its default, is saved with its kind and loads back."""
    clause = ExclusivityClause(barred=[OTHER], evidence=[Evidence(source=SOURCE, quote="barred", start=10, end=16)])
    assert "kind" not in clause.model_fields_set
    round_ = BASE[4].model_copy(update={"terms": (clause,)})
    kb = KnowledgeBase([*BASE[:4], round_])
    saved = kb.save(tmp_path / "kb.json")
    (written,) = [record for record in orjson.loads(saved.read_bytes())["records"] if record["id"] == "round:base"]
    assert written["terms"] == [
        {
            "kind": "exclusivity",
            "barred": [OTHER],
            "evidence": [{"source": SOURCE.id, "quote": "barred", "start": 10, "end": 16}],
        }
    ]
    assert openai_kb.load(saved) == kb


def test_tags_discriminators_and_given_nulls_are_written_for_a_type_of_ones_own(tmp_path: Path) -> None:
    """A type of one's own: its tag, its clauses' discriminator, a smart union's tag and a None given
    where the default is 5 are written; nothing else left to its default is."""
    evidence = [Evidence(source=SOURCE, quote="a programme", start=20, end=31)]
    programme = Programme(
        id="programme:one",
        sponsor=LEADER,
        terms=[Grant(grantees=[OTHER]), Condition(text="each year")],
        detail=Fancy(),
        size=None,
        evidence=evidence,
    )
    kb = KnowledgeBase([*BASE, programme])
    saved = kb.save(tmp_path / "kb.json")
    (written,) = [record for record in orjson.loads(saved.read_bytes())["records"] if record["id"] == "programme:one"]
    assert written == {
        "type": "programme",
        "id": "programme:one",
        "sponsor": LEADER,
        "stage": "pilot",
        "terms": [{"kind": "grant", "grantees": [OTHER]}, {"kind": "condition", "text": "each year"}],
        "detail": {"kind": "fancy"},
        "size": None,
        "evidence": [{"source": SOURCE.id, "quote": "a programme", "start": 20, "end": 31}],
    }
    loaded = openai_kb.load(saved, types=[Programme])
    assert loaded == kb
    assert loaded["programme:one"].detail == Fancy()
    assert loaded["programme:one"].size is None
