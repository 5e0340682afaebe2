"""A type of one's own with list and set fields works as with tuples; what cannot work is refused when registered."""

from __future__ import annotations

import collections
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Literal

import orjson
import pytest
from pydantic import BaseModel, ConfigDict, Field, create_model

import openai_kb
from openai_kb import DataError, Evidence, Fact, KnowledgeBase, Organization, Record, Source
from openai_kb.models import RECORD_TYPES, Clause, Model, OrganizationRef, PersonRef

NOTE = Source(id="source:club-note", title="A note on a club", language="en", length=80)
QUOTE = "Acme and Globex formed a buying club"
EVIDENCE = [Evidence(source=NOTE, quote=QUOTE, start=0, end=len(QUOTE))]


class Pledge(Clause):
    """A clause of one's own, with a list of references of its own."""

    kind: Literal["pledge"] = "pledge"
    pledgers: list[OrganizationRef] = Field(min_length=1)
    evidence: list[Evidence] = Field(default=[])  # a list as the default, not a factory


class Club(Fact):
    """A record type of one's own, its sequences declared as lists and sets, the natural way."""

    type: Literal["club"] = "club"
    family: ClassVar[str] = "clubs"
    members: list[OrganizationRef] = Field(min_length=2)
    founders: set[OrganizationRef] = Field(default=set())
    topics: frozenset[str] = frozenset()
    notes: Sequence[str] | None = None
    pledges: list[Pledge] = Field(default_factory=list)
    sizes: collections.deque[int] = Field(default_factory=collections.deque)


ACME = Organization(id="org:acme", name="Acme")
GLOBEX = Organization(id="org:globex", name="Globex")


def _club(**changes: object) -> Club:
    fields: dict[str, object] = {"id": "club:buyers", "members": [ACME, "org:globex"], "evidence": EVIDENCE}
    return Club(**{**fields, **changes})


def test_lists_and_sets_are_held_as_tuples() -> None:
    """Lists keep their order; sets keep each item once, sorted; defaults, nested clauses and deques too."""
    club = _club(founders={"org:globex", ACME}, topics=["steel", "paper", "steel"], notes=["b", "a"], sizes=[3, 1])
    assert club.members == ("org:acme", "org:globex")
    assert club.founders == ("org:acme", "org:globex")
    assert club.topics == ("paper", "steel")
    assert club.notes == ("b", "a")
    assert club.sizes == (3, 1)
    plain = _club()
    assert (plain.founders, plain.pledges, plain.topics, plain.sizes) == ((), (), (), ())
    pledge = Pledge(pledgers=[GLOBEX], evidence=EVIDENCE)
    assert (pledge.pledgers, pledge.evidence) == (("org:globex",), tuple(EVIDENCE))
    assert Pledge(pledgers=[GLOBEX]).evidence == ()
    assert isinstance(hash(_club(pledges=[pledge])), int)
    assert Club.model_fields["members"].annotation == tuple[OrganizationRef, ...]


def test_equal_sets_make_equal_records() -> None:
    """Two sets with the same items in any order, or repeated, give equal records."""
    assert _club(founders=["org:globex", "org:acme", "org:globex"]) == _club(founders={"org:acme", "org:globex"})


def test_their_references_are_checked() -> None:
    """A dangling reference in a list, a set or a clause's list is reported with its JSON path."""
    bad = _club(
        members=["org:acme", "org:nowhere"],
        founders=["org:gone"],
        pledges=[Pledge(pledgers=["person:ada"], evidence=EVIDENCE)],
    )
    with pytest.raises(DataError) as caught:
        KnowledgeBase([NOTE, ACME, GLOBEX, bad])
    assert [str(problem) for problem in caught.value.problems] == [
        "<records>: record 'club:buyers' at $[3].members[1]: reference to unknown id 'org:nowhere'",
        "<records>: record 'club:buyers' at $[3].founders[0]: reference to unknown id 'org:gone'",
        "<records>: record 'club:buyers' at $[3].pledges[0].pledgers[0]: reference to unknown id 'person:ada'",
    ]


@pytest.fixture(scope="module")
def clubs() -> KnowledgeBase:
    """The bundled data with a club of one's own."""
    pledge = Pledge(pledgers=["org:globex"], evidence=EVIDENCE)
    club = _club(founders=["org:globex"], topics={"paper"}, pledges=[pledge])
    return openai_kb.load().add(NOTE, ACME, GLOBEX, club)


def test_search_about_label_and_exports_work(clubs: KnowledgeBase) -> None:
    """Search, about, label, mentions, tables and every export read the tuples (no unhashable list)."""
    assert clubs.label("club:buyers") == "club: members Acme, Globex, founders Globex"
    assert [match.record.id for match in clubs.search("club: members Acme, Globex")][:1] == ["club:buyers"]
    assert clubs.about("club:buyers").record.id == "club:buyers"
    assert [fact.id for fact in clubs.mentions("org:globex")] == ["club:buyers"]
    (row,) = clubs.table("clubs")
    assert (row["members"], row["members_label"], row["founders"]) == (
        "org:acme; org:globex",
        "Acme; Globex",
        "org:globex",
    )
    for format in ("json", "jsonl", "csv", "jsonld"):
        assert clubs.export(format, kind="clubs" if format == "csv" else None)
    assert clubs.export("sqlite")


def test_saved_and_loaded_back_equal(clubs: KnowledgeBase, tmp_path: Path) -> None:
    """Saved, a club's lists and sets are JSON arrays, and load back equal (sets in sorted order)."""
    saved = clubs.save(tmp_path / "clubs.json")
    (written,) = [record for record in orjson.loads(saved.read_bytes())["records"] if record["type"] == "club"]
    assert (written["members"], written["founders"], written["topics"]) == (
        ["org:acme", "org:globex"],
        ["org:globex"],
        ["paper"],
    )
    assert written["pledges"][0]["kind"] == "pledge"
    assert openai_kb.load(saved, types=[Club]) == clubs


def test_a_set_field_says_unique_items_in_the_schema() -> None:
    """The JSON Schema of a set field is an array of unique items; of a list field, an array."""
    properties = openai_kb.json_schema(Club)["properties"]
    assert properties["founders"]["uniqueItems"] is True
    assert properties["members"] == {
        "items": {
            "description": "The id of an organization; a record object is accepted and stored as its id.",
            "pattern": properties["members"]["items"]["pattern"],
            "type": "string",
        },
        "minItems": 2,
        "title": "Members",
        "type": "array",
    }


def _declare(annotation: object) -> type[Record]:
    """A record type of one's own with one field, ``value``, of the type under test."""
    return create_model("Odd", __base__=Fact, type=(Literal["odd"], "odd"), value=(annotation, ...))


_FIX = (
    "declare one reference, a tuple of them (tuple[OrganizationRef, ...]), or a tuple of a model of your own "
    "(a subclass of openai_kb.models.Model) whose fields hold them"
)
_MAPPING = (
    "a mapping cannot be hashed, so its records could not be compared, combined or searched; declare a tuple "
    "of a model of your own instead, such as tuple[Entry, ...] with class Entry(openai_kb.models.Model) "
    "holding a key and a value"
)


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (dict[str, str], f"Odd.value is declared dict[str, str]: {_MAPPING}"),
        (dict[str, OrganizationRef] | None, f"Odd.value is declared dict[str, OrganizationRef] | None: {_MAPPING}"),
        (
            list[list[OrganizationRef]],
            f"Odd.value is declared list[list[OrganizationRef]], which holds references two collections deep, "
            f"where they are not checked; {_FIX}",
        ),
        (
            tuple[OrganizationRef, PersonRef],
            "Odd.value is declared tuple[OrganizationRef, PersonRef], a tuple of references of different kinds "
            "(OrganizationRef, PersonRef), whose items are checked as one kind; declare a field for each",
        ),
    ],
    ids=["dict", "dict of references", "list of lists of references", "tuple of two kinds"],
)
def test_a_field_type_that_cannot_work_is_refused_when_registered(annotation: object, message: str) -> None:
    """load(types=...), KnowledgeBase and add refuse the type, naming the field and the fix."""
    model = _declare(annotation)
    with pytest.raises(TypeError) as caught:
        openai_kb.load(types=[model])
    assert str(caught.value) == message


class Loose(BaseModel):
    """A pydantic model of one's own that is not frozen."""

    label: str


class Stiff(BaseModel):
    """A frozen pydantic model, not derived from openai_kb.models.Model, with a list."""

    model_config = ConfigDict(frozen=True)
    labels: list[str]


def test_a_nested_model_that_cannot_be_hashed_is_refused() -> None:
    """A model that is not frozen, or a foreign one declaring a list, is named with its field and the fix."""

    class Holder(Record):
        type: Literal["holder"] = "holder"
        loose: tuple[Loose, ...] = ()

    class Keeper(Record):
        type: Literal["keeper"] = "keeper"
        stiff: Stiff | None = None

    with pytest.raises(TypeError) as caught:
        KnowledgeBase([Holder(id="holder:x")])
    assert str(caught.value) == (
        "Holder.loose holds Loose, a model that is not frozen, so records holding it cannot be hashed; derive "
        "Loose from openai_kb.models.Model (frozen, as records are), or give it model_config = ConfigDict(frozen=True)"
    )
    with pytest.raises(TypeError) as caught:
        openai_kb.load().add(Keeper(id="keeper:x"))
    assert str(caught.value) == (
        "Keeper.stiff -> Stiff.labels is declared list[str]: a list or a set cannot be hashed, and only a model "
        "derived from openai_kb.models.Model holds one as a tuple; declare tuple[X, ...] instead, or derive the "
        "model from openai_kb.models.Model"
    )


def test_the_built_in_types_pass_the_check() -> None:
    """Every built-in record type declares only field types that work (tuples, references, frozen models)."""
    from openai_kb.models._field_types import check_field_types

    for model in RECORD_TYPES.values():
        check_field_types(model)
    assert all(issubclass(model, Model) for model in RECORD_TYPES.values())
