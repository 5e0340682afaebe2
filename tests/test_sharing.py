"""Records given the same fields share one ``model_fields_set``, and nothing they do changes for it."""

from __future__ import annotations

from pydantic import ConfigDict

import openai_kb
from openai_kb.models import Person
from openai_kb.reading._sharing import share_fields_sets


def _people(count: int) -> list[dict[str, str]]:
    return [{"type": "person", "id": f"person:p{number}", "name": f"Person {number}"} for number in range(count)]


def test_records_loaded_in_bulk_share_the_set_of_their_given_fields() -> None:
    """Records of one class given the same fields hold one set object; another shape holds another."""
    rows: list[dict[str, object]] = [*_people(1_500), {"type": "person", "id": "person:x", "name": "X", "names": []}]
    kb = openai_kb.KnowledgeBase.from_records(rows)
    first, second, other = kb["person:p0"], kb["person:p1499"], kb["person:x"]
    assert first.model_fields_set is second.model_fields_set
    assert first.model_fields_set == {"type", "id", "name"}
    assert other.model_fields_set == {"type", "id", "name", "names"}
    assert other.model_fields_set is not first.model_fields_set


def test_a_shared_set_changes_nothing_a_record_does() -> None:
    """Dumping unset fields, copying with updates and saving behave as with sets of their own."""
    kb = openai_kb.KnowledgeBase.from_records(_people(1_200))
    first, second = kb["person:p0"], kb["person:p1"]
    copied = first.model_copy(update={"description": "Added later."})
    assert copied.model_fields_set == {"type", "id", "name", "description"}
    assert second.model_fields_set == {"type", "id", "name"}  # the copy's update did not reach the shared set
    assert second.model_dump(exclude_unset=True) == {"type": "person", "id": "person:p1", "name": "Person 1"}
    assert copied.model_dump(exclude_unset=True)["description"] == "Added later."


def test_a_model_that_is_not_frozen_keeps_a_set_of_its_own() -> None:
    """A type of one's own that is not frozen could change its set: each record keeps its own."""

    class Loose(Person):
        model_config = ConfigDict(frozen=False)

    people = [Loose(id=f"person:l{number}", name="Same") for number in range(3)]
    share_fields_sets(people)
    assert people[0].model_fields_set == people[1].model_fields_set
    assert people[0].model_fields_set is not people[1].model_fields_set
    frozen = [Person(id=f"person:f{number}", name="Same") for number in range(3)]
    share_fields_sets(frozen)
    assert frozen[0].model_fields_set is frozen[2].model_fields_set


def test_models_inside_records_share_their_sets_too() -> None:
    """Names and evidence inside records given the same fields share one set, and still dump as given."""
    source = {"type": "source", "id": "source:s", "title": "A report", "language": "en", "length": 1_000}
    rows: list[dict[str, object]] = [source]
    rows.extend(
        {
            "type": "person",
            "id": f"person:p{number}",
            "name": f"Person {number}",
            "names": [{"text": f"P{number}", "language": "en"}],
            "evidence": [{"source": "source:s", "quote": "Person", "start": 0, "end": 6}],
        }
        for number in range(1_100)
    )
    kb = openai_kb.KnowledgeBase.from_records(rows)
    first, last = kb["person:p0"], kb["person:p1099"]
    assert first.names[0].model_fields_set is last.names[0].model_fields_set
    assert first.evidence[0].model_fields_set is last.evidence[0].model_fields_set
    assert last.names[0].model_dump(exclude_unset=True) == {"text": "P1099", "language": "en"}
