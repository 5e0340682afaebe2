"""KnowledgeBase: lookups by id, the record families, and references from fact to entity."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import openai_kb
from openai_kb import KnowledgeBase, NotFoundError


def test_getitem_and_get(kb: KnowledgeBase) -> None:
    """kb[id] returns the record; kb.get(id) too, or None when unknown."""
    assert kb["org:openai"].name == "OpenAI"  # type: ignore[attr-defined]
    assert kb.get("org:openai") is kb["org:openai"]
    assert kb.get("org:nope") is None


def test_unknown_id_suggests_the_closest(kb: KnowledgeBase) -> None:
    """An unknown id raises NotFoundError, a KeyError, whose message suggests the closest id."""
    with pytest.raises(NotFoundError) as caught:
        kb["person:ilya-sutskevr"]
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "No record with id 'person:ilya-sutskevr'. Did you mean 'person:ilya-sutskever'?"


def test_unknown_name_as_id_suggests_by_name(kb: KnowledgeBase) -> None:
    """A name where an id belongs suggests the ids of the records with that name."""
    with pytest.raises(NotFoundError, match="Did you mean 'person:mira-murati'"):
        kb["Murati"]


def test_unknown_id_without_suggestions(kb: KnowledgeBase) -> None:
    """With nothing close, the message says how to find the record: a search by name, or the list of ids."""
    with pytest.raises(NotFoundError) as caught:
        kb["zzz:qqq"]
    assert str(caught.value) == (
        "No record with id 'zzz:qqq', and no id or name is close to it. Search by name with kb.search('zzz:qqq'), "
        "or list the ids with [record.id for record in kb]."
    )
    assert caught.value.describe(command_line=True) == (
        "No record with id 'zzz:qqq', and no id or name is close to it. Search by name with: openai-kb search "
        "zzz:qqq; or list the ids with: openai-kb list --ids"
    )


def test_unknown_id_of_a_known_type_searches_that_type(kb: KnowledgeBase) -> None:
    """An id whose prefix is a type (person:) with nothing close: search its name in that type, list that family."""
    with pytest.raises(NotFoundError) as caught:
        kb["person:qqq zzz"]
    assert str(caught.value) == (
        "No record with id 'person:qqq zzz', and no id or name is close to it. Search by name with "
        "kb.search('qqq zzz', types='person'), or list the ids with [record.id for record in kb.people]."
    )
    assert caught.value.describe(command_line=True).endswith(
        "Search by name with: openai-kb search 'qqq zzz' -t person; or list the ids with: openai-kb list person --ids"
    )


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("source:huaxia", "'source:huaxia-2024-10-14-openai'"),  # the start of an id
        ("investment:thrive", "'investment:thrive-capital-openai-2024-10'"),
        ("person:openai", "'org:openai'"),  # the right name under another type
        ("org:openia", "'org:openai'"),  # a prefix the ids of one type share
    ],
)
def test_an_id_of_a_type_suggests_ids_of_that_type(kb: KnowledgeBase, key: str, meant: str) -> None:
    """An id that starts with a type suggests that type's ids it begins, or its closest, or that name elsewhere."""
    with pytest.raises(NotFoundError) as caught:
        kb[key]
    assert str(caught.value) == f"No record with id {key!r}. Did you mean {meant}?"


def test_an_id_prefix_of_one_type_searches_that_type(kb: KnowledgeBase) -> None:
    """org: (which every organization's id starts with) with nothing close searches organizations."""
    with pytest.raises(NotFoundError) as caught:
        kb["org:qqq"]
    assert str(caught.value).endswith(
        "Search by name with kb.search('qqq', types='organization'), or list the ids with "
        "[record.id for record in kb.organizations]."
    )


def test_an_unknown_id_that_is_no_name_only_lists(kb: KnowledgeBase) -> None:
    """An empty id, or one too long to be a name, gets only the way to list the ids."""
    with pytest.raises(NotFoundError) as caught:
        kb[""]
    assert str(caught.value) == (
        "No record with id '', and no id or name is close to it. List the ids with [record.id for record in kb]."
    )
    with pytest.raises(NotFoundError) as caught:
        kb["q" * 81]
    assert str(caught.value).endswith(
        "(81 characters), and no id or name is close to it. List the ids with [record.id for record in kb]."
    )


def test_lookup_accepts_records(kb: KnowledgeBase) -> None:
    """A record (or its id) works as a key, so ids and objects are interchangeable."""
    openai = kb["org:openai"]
    assert kb[openai] is openai
    assert openai in kb
    assert "org:openai" in kb
    assert 42 not in kb


def test_wrong_key_type(kb: KnowledgeBase) -> None:
    """A key that is neither an id nor a record is a TypeError saying what was expected."""
    with pytest.raises(TypeError, match="expected a record id \\(str\\) or a record, not int"):
        kb.get(42)  # type: ignore[arg-type]


def test_round_to_lead_investor_in_one_step(kb: KnowledgeBase) -> None:
    """From a round to the Organization of its lead investor: kb[round.lead_investors[0]]."""
    lead = kb[kb.funding_rounds[0].lead_investors[0]]
    assert isinstance(lead, openai_kb.Organization)
    assert lead.name == "Thrive Capital"


def test_families(kb: KnowledgeBase) -> None:
    """The four families and the other record kinds are lists of their models."""
    assert len(kb.funding_rounds) == 1
    assert len(kb.investors) == 3
    assert len(kb.departed_executives) == 6
    assert len(kb.valuations) == 3
    assert len(kb.competitors) == 2
    assert all(isinstance(d, openai_kb.Departure) for d in kb.departed_executives)
    assert len(kb.people) == 7
    assert kb.records(openai_kb.Person) == kb.people


def test_handed_out_lists_do_not_change_the_kb(kb: KnowledgeBase) -> None:
    """Mutating a list the knowledge base returned leaves it unchanged."""
    investors = kb.investors
    investors.clear()
    assert len(kb.investors) == 3
    records = list(kb)
    records.clear()
    assert len(list(kb)) == len(kb)


def test_iteration_and_len(kb: KnowledgeBase) -> None:
    """Iterating gives every record once; len counts them."""
    ids = [record.id for record in kb]
    assert len(ids) == len(set(ids)) == len(kb)


def test_mentions(kb: KnowledgeBase) -> None:
    """mentions() lists the facts that refer to a record."""
    ids = {fact.id for fact in kb.mentions("person:jan-leike")}
    assert {"departure:jan-leike", "claim:leike-safety-criticism"} <= ids


def test_labels(kb: KnowledgeBase) -> None:
    """Every record has a readable English label."""
    assert kb.label("departure:mira-murati") == "Mira Murati left OpenAI (Chief Technology Officer)"
    assert kb.label("round:openai-2024-10") == "OpenAI funding round of US$6.6 billion"
    assert kb.label("valuation:openai-2024-10-expected") == "OpenAI valued at more than US$150 billion (post-money)"
    assert kb.label("metric:openai-active-users-2024-10") == "OpenAI active users: more than 250 million users"


def test_repr(kb: KnowledgeBase) -> None:
    """repr counts the records by type."""
    assert repr(kb).startswith("<KnowledgeBase 52 records: source=1, organization=6, person=7, funding_round=1")


def test_origins_list_every_version_with_its_file_and_path() -> None:
    """kb.origins() gives each version of each record, in order, with its file and JSON path; a record two
    files describe appears once for each, so checks over evidence (verify_evidence) need no private state."""
    from .reports import REPORTS

    kb = openai_kb.load(REPORTS / "note-a.json", REPORTS / "note-b.json")
    origins = kb.origins()
    assert (origins[0].file, origins[0].path) == (str(REPORTS / "note-a.json"), "$.records[0]")
    shared = [record_id for record_id, count in Counter(item.record.id for item in origins).items() if count > 1]
    assert shared, "the two notes describe some records both"
    for record_id in shared:
        places = [(item.file, item.record) for item in origins if item.record.id == record_id]
        assert [record for _, record in places] == list(kb.versions(record_id))
        assert [Path(file).name for file, _ in places] == ["note-a.json", "note-b.json"]
    assert len(origins) == sum(len(kb.versions(record)) for record in kb)
