"""Building knowledge bases: add, replace and merge give new ones, checked as load checks files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import openai_kb
from openai_kb import DataError, KnowledgeBase, Person

from .conftest import FIXTURES

MINI = FIXTURES / "mini" / "records.json"
EVIDENCE = {"source": "source:note", "quote": "Ada left Acme", "start": 32, "end": 45}


@pytest.fixture
def mini_kb() -> KnowledgeBase:
    return openai_kb.load(MINI)


def _claim(record_id: str, subject: str) -> dict[str, Any]:
    return {
        "type": "claim",
        "id": record_id,
        "kind": "context",
        "subject": subject,
        "statement": "Ada left.",
        "evidence": [EVIDENCE],
    }


def _messages(caught: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(problem) for problem in caught.value.problems]


def test_add_returns_a_new_knowledge_base(mini_kb: KnowledgeBase) -> None:
    """add() gives a new knowledge base with the records after the others; the old one is unchanged."""
    grace = Person(id="person:grace", name="Grace Hopper")
    bigger = mini_kb.add(grace, _claim("claim:ada-left", "person:ada"))
    assert [record.id for record in bigger][-2:] == ["person:grace", "claim:ada-left"]
    assert bigger["person:grace"] is grace
    assert len(bigger) == len(mini_kb) + 2
    assert "person:grace" not in mini_kb
    assert [fact.id for fact in bigger.mentions("person:ada")] == ["departure:ada", "claim:ada-left"]
    assert bigger.search("Grace Hopper")[0].record is grace


def test_add_combines_a_record_already_there(mini_kb: KnowledgeBase) -> None:
    """A record whose id is there is another version of it: combined, both kept, the first one's values shown."""
    grown = mini_kb.add({"type": "person", "id": "person:ada", "name": "Ada King", "description": "A mathematician"})
    assert len(grown) == len(mini_kb)
    assert grown["person:ada"].name == mini_kb["person:ada"].name  # the first version's value is shown
    assert grown["person:ada"].description == "A mathematician"  # a value only the new version gives fills in
    assert [value.value for value in grown.values("person:ada", "name")] == [mini_kb["person:ada"].name, "Ada King"]
    assert len(grown.versions("person:ada")) == 2
    assert mini_kb.add(mini_kb["person:ada"]) == mini_kb  # the same record again is nothing new


def test_add_refuses_one_id_for_two_types(mini_kb: KnowledgeBase) -> None:
    """An id already used by a record of another type is reported with where that record is."""
    with pytest.raises(DataError) as caught:
        mini_kb.add({"type": "organization", "id": "person:ada", "name": "Ada Inc"})
    assert _messages(caught) == [
        f"<records>: record 'person:ada' at $[0].id: id already used by a person in {MINI} at $.records[3]; "
        "records of two types cannot be combined: give one of them another id"
    ]


def test_add_checks_references_and_records(mini_kb: KnowledgeBase) -> None:
    """Added records are validated and their references checked against the whole knowledge base."""
    with pytest.raises(DataError) as caught:
        mini_kb.add(_claim("claim:x", "person:nobody"), {"type": "person", "id": "person:y"})
    assert _messages(caught) == [
        "<records>: record 'person:y' at $[1].name: missing required field",
        "<records>: record 'claim:x' at $[0].subject: reference to unknown id 'person:nobody'",
    ]


def test_add_wants_records_as_arguments(mini_kb: KnowledgeBase) -> None:
    """A list passed whole is a TypeError saying how to pass records."""
    with pytest.raises(TypeError, match=r"add\(\) takes records \(models or dicts\) as separate arguments, such as "):
        mini_kb.add([Person(id="person:z", name="Z")])  # type: ignore[arg-type]


def test_replace_keeps_the_place_and_rechecks_references(mini_kb: KnowledgeBase) -> None:
    """replace() swaps a record in place; the facts that refer to it are checked again."""
    ada = mini_kb["person:ada"].model_copy(update={"name": "Ada King"})
    changed = mini_kb.replace(ada)
    assert [record.id for record in changed] == [record.id for record in mini_kb]
    assert changed["person:ada"].name == "Ada King"  # type: ignore[attr-defined]
    assert mini_kb["person:ada"].name == "Ada Lovelace"  # type: ignore[attr-defined]
    assert changed.search("Ada King")[0].record is ada
    as_org = {"type": "organization", "id": "person:ada", "name": "Ada Inc"}
    with pytest.raises(DataError) as caught:
        mini_kb.replace(as_org)
    assert _messages(caught) == [
        f"{MINI}: record 'departure:ada' at $.records[6].person: 'person:ada' is an organization, expected person"
    ]


def test_replace_refuses_unknown_ids(mini_kb: KnowledgeBase) -> None:
    """Replacing a record that is not there is an error pointing at add(); one id given twice is one too."""
    with pytest.raises(DataError) as caught:
        mini_kb.replace(
            Person(id="person:grace", name="Grace"),
            Person(id="person:ada", name="A"),
            Person(id="person:ada", name="B"),
        )
    assert _messages(caught) == [
        "<records>: record 'person:ada' at $[2].id: duplicate id: also given in <records> at $[1]; one call "
        "describes a record once (another report's version goes in a call of its own): give one of them another "
        "id, or join the two into one record",
        "<records>: record 'person:grace' at $[0].id: no record with id 'person:grace' to replace; "
        "use add() for a new record",
    ]


def test_merge_keeps_equal_records_once(mini_kb: KnowledgeBase, kb: KnowledgeBase) -> None:
    """Merging the bundled knowledge base with a user's own gives both; a record equal in both is kept once."""
    merged = kb.merge(mini_kb)
    assert len(merged) == len(kb) + len(mini_kb)
    assert list(merged)[: len(kb)] == list(kb)
    assert merged["person:ada"] is mini_kb["person:ada"]
    assert merged.merge(mini_kb) == merged
    assert mini_kb.merge(mini_kb) == mini_kb


def test_merge_combines_records_described_twice(mini_kb: KnowledgeBase, tmp_path: Path) -> None:
    """Two different records with one id are two versions of one: both kept, nothing overwritten."""
    theirs = tmp_path / "theirs.json"
    mini_kb.replace(
        mini_kb["person:ada"].model_copy(update={"name": "Ada King"}),
        mini_kb["org:acme"].model_copy(update={"name": "Acme Corp"}),
    ).save(theirs)
    both = mini_kb.merge(openai_kb.load(theirs))
    assert len(both) == len(mini_kb)
    assert [value.value for value in both.values("org:acme", "name")] == [mini_kb["org:acme"].name, "Acme Corp"]
    assert {(d.record, d.field) for d in both.disagreements()} == {("org:acme", "name"), ("person:ada", "name")}
    assert mini_kb.merge(mini_kb) == mini_kb


def test_merge_refuses_one_id_for_two_types(mini_kb: KnowledgeBase) -> None:
    """One id for records of two types cannot be combined: the second place is named."""
    other = KnowledgeBase.from_records([{"type": "organization", "id": "person:ada", "name": "Ada Inc"}])
    with pytest.raises(DataError) as caught:
        mini_kb.merge(other)
    assert _messages(caught) == [
        f"<records>: record 'person:ada' at $[0].id: id already used by a person in {MINI} at $.records[3]; "
        "records of two types cannot be combined: give one of them another id"
    ]


def test_merge_wants_a_knowledge_base(mini_kb: KnowledgeBase) -> None:
    """merge() with a list is a TypeError naming what it expects."""
    with pytest.raises(TypeError, match=r"merge\(\) expects a KnowledgeBase, not list"):
        mini_kb.merge(list(mini_kb))  # type: ignore[arg-type]


def test_equality_is_records_in_order(mini_kb: KnowledgeBase) -> None:
    """Equal means equal records in the same order; knowledge bases are unhashable."""
    records = list(mini_kb)
    assert KnowledgeBase.from_records(records) == mini_kb
    assert KnowledgeBase.from_records(records[::-1]) != mini_kb
    assert mini_kb.replace(records[3].model_copy(update={"name": "X"})) != mini_kb
    assert mini_kb != records
    with pytest.raises(TypeError, match="unhashable"):
        hash(mini_kb)


def test_records_are_immutable(mini_kb: KnowledgeBase) -> None:
    """A record's fields cannot be set, and its sequences are tuples."""
    ada = mini_kb["person:ada"]
    with pytest.raises(ValidationError, match="Instance is frozen"):
        ada.name = "Eve"  # type: ignore[misc]
    acme = mini_kb["org:acme"]
    assert isinstance(acme.names, tuple)  # type: ignore[attr-defined]


def test_handed_out_collections_cannot_change_the_knowledge_base(mini_kb: KnowledgeBase) -> None:
    """Lists and results the knowledge base hands out are copies: changing them changes nothing inside."""
    before = [(m.record.id, m.score, dict(m.scores)) for m in mini_kb.search("Acme")]
    mini_kb.people.clear()
    mini_kb.records(openai_kb.Fact).clear()
    mini_kb.mentions("person:ada").clear()
    list(mini_kb).clear()
    for match in mini_kb.search("Acme"):
        match.scores.clear()  # type: ignore[attr-defined]
    assert [(m.record.id, m.score, dict(m.scores)) for m in mini_kb.search("Acme")] == before
    assert [p.id for p in mini_kb.people] == ["person:ada"]
    assert [f.id for f in mini_kb.mentions("person:ada")] == ["departure:ada"]
    assert len(mini_kb.records(openai_kb.Fact)) == 3


def test_records_of_a_base_class(mini_kb: KnowledgeBase) -> None:
    """records() takes any record class, base classes too; anything else is a TypeError."""
    assert [r.id for r in mini_kb.records(openai_kb.Entity)] == ["org:acme", "org:globex", "person:ada"]
    assert len(mini_kb.records(openai_kb.Record)) == len(mini_kb)
    with pytest.raises(TypeError, match=r"records\(\) expects a record class such as Person or Fact, not str"):
        mini_kb.records("person")  # type: ignore[type-var]
    with pytest.raises(TypeError, match="not the class dict"):
        mini_kb.records(dict)  # type: ignore[type-var]
