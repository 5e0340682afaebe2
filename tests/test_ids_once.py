"""One id twice in one file or one call is a slip, reported with both places; across files and calls it combines."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import DataError, KnowledgeBase, Organization, Person

from .conftest import FIXTURES

MINI = FIXTURES / "mini" / "records.json"


def _records() -> list[dict[str, object]]:
    records: list[dict[str, object]] = orjson.loads(MINI.read_bytes())["records"]
    return records


def _write(path: Path, records: list[dict[str, object]], **top: object) -> Path:
    path.write_bytes(orjson.dumps({**top, "records": records}))
    return path


def _messages(caught: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(problem) for problem in caught.value.problems]


def _twice(file: str, first: str) -> str:
    """The message of an id given a second time in one file (``file``) or call (``<records>``)."""
    whole = "call" if file == "<records>" else "file"
    return (
        f"duplicate id: also given in {file} at {first}; one {whole} describes a record once (another report's "
        f"version goes in a {whole} of its own): give one of them another id, or join the two into one record"
    )


def test_an_id_twice_in_one_file_names_both_places(tmp_path: Path) -> None:
    """A record pasted into a file and edited, its id left unchanged, is a DataError naming both places."""
    file = _write(tmp_path / "mine.json", [*_records(), {"type": "person", "id": "person:ada", "name": "Ada King"}])
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    assert _messages(caught) == [f"{file}: record 'person:ada' at $.records[7].id: {_twice(str(file), '$.records[3]')}"]


def test_the_same_record_twice_in_one_file_is_reported_too(tmp_path: Path) -> None:
    """Even an exact copy is a slip within one file: each copy is named, the first as where it was given."""
    records = _records()
    file = _write(tmp_path / "mine.json", [*records, records[2], records[2]])
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    assert _messages(caught) == [
        f"{file}: record 'org:globex' at $.records[{index}].id: {_twice(str(file), '$.records[2]')}" for index in (7, 8)
    ]


def test_an_id_twice_in_a_file_that_fails_validation_is_reported_with_the_rest(tmp_path: Path) -> None:
    """A file with an invalid record still reports each repeated id, the invalid record's too, in one pass."""
    records = [*_records(), {"type": "person", "id": "person:ada", "name": ""}, {**_records()[2], "name": "G"}]
    file = _write(tmp_path / "mine.json", records)
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    assert _messages(caught) == [
        f"{file}: record 'person:ada' at $.records[7].name: String should have at least 1 character (got '')",
        f"{file}: record 'person:ada' at $.records[7].id: {_twice(str(file), '$.records[3]')}",
        f"{file}: record 'org:globex' at $.records[8].id: {_twice(str(file), '$.records[2]')}",
    ]


def test_an_id_in_two_files_is_two_versions_of_one_record(tmp_path: Path) -> None:
    """Across files (two paths, or two files of a folder), one id is one record described twice, as before."""
    folder = tmp_path / "reports"
    folder.mkdir()
    _write(folder / "a.json", _records())
    _write(folder / "b.json", [{"type": "person", "id": "person:ada", "name": "Ada King"}])
    for kb in (openai_kb.load(folder), openai_kb.load(folder / "a.json", folder / "b.json")):
        assert [version.name for version in kb.versions("person:ada")] == ["Ada Lovelace", "Ada King"]
        assert [item.path for item in kb.origins() if item.record.id == "person:ada"] == [
            "$.records[3]",
            "$.records[0]",
        ]


@pytest.mark.parametrize("how", ["KnowledgeBase", "from_records", "add", "replace"])
def test_an_id_twice_in_one_call_names_both_places(how: str) -> None:
    """kb.add(a, a2), KnowledgeBase([a, a2]), from_records and replace refuse one id twice, naming both places."""
    kb = openai_kb.load(MINI)
    ada, ada_king = kb["person:ada"], Person(id="person:ada", name="Ada King")
    given = [Organization(id="org:initech", name="Initech"), ada_king, ada]
    calls = {
        "KnowledgeBase": lambda: KnowledgeBase(given),
        "from_records": lambda: KnowledgeBase.from_records(given),
        "add": lambda: kb.add(*given),
        "replace": lambda: kb.replace(*given[1:]),
    }
    with pytest.raises(DataError) as caught:
        calls[how]()
    first, second = ("$[0]", "$[1]") if how == "replace" else ("$[1]", "$[2]")
    assert _messages(caught) == [f"<records>: record 'person:ada' at {second}.id: {_twice('<records>', first)}"]


def test_the_same_record_twice_in_one_call_is_a_slip_too() -> None:
    """kb.add(a, a): one call gives one record twice, which is reported (across calls it is kept once)."""
    grace = Person(id="person:grace", name="Grace Hopper")
    kb = openai_kb.load(MINI)
    with pytest.raises(DataError) as caught:
        kb.add(grace, grace)
    assert _messages(caught) == [f"<records>: record 'person:grace' at $[1].id: {_twice('<records>', '$[0]')}"]
    assert kb.add(grace).add(grace) == kb.add(grace)
    assert len(kb.add(grace).add(grace).versions("person:grace")) == 1


def test_an_id_in_two_calls_is_two_versions_of_one_record() -> None:
    """Across calls (add after add, merge), one id is one record described twice, every version kept."""
    kb = openai_kb.load(MINI)
    ada_king = Person(id="person:ada", name="Ada King")
    for combined in (kb.add(ada_king), kb.merge(KnowledgeBase([ada_king]))):
        assert [version.name for version in combined.versions("person:ada")] == ["Ada Lovelace", "Ada King"]


def test_a_saved_file_with_versions_says_it_is_combined(tmp_path: Path) -> None:
    """save writes every version in one file marked "combined": true, which loads back equal; without
    versions the mark is left out, so a file of one report stays as it was."""
    kb = openai_kb.load(MINI)
    both = kb.add(Person(id="person:ada", name="Ada King"))
    saved = both.save(tmp_path / "both.json")
    document = orjson.loads(saved.read_bytes())
    assert list(document) == ["source", "record_sources", "combined", "records"]  # whose, then the versions
    assert document["combined"] is True
    assert openai_kb.load(saved) == both
    assert list(orjson.loads(kb.save(tmp_path / "one.json").read_bytes())) == ["source", "records"]
    assert list(orjson.loads(both.save(tmp_path / "both-schema.json", schema="s.json").read_bytes())) == [
        "$schema",
        "source",
        "record_sources",
        "combined",
        "records",
    ]


def test_combined_must_be_a_boolean(tmp_path: Path) -> None:
    """A "combined" of "yes" is a problem at $.combined saying what the flag means."""
    file = _write(tmp_path / "mine.json", _records(), combined="yes")
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    assert _messages(caught) == [
        f"{file}: at $.combined: combined must be true or false, not 'yes': true says the file holds the versions "
        "of records that several reports describe, as save writes them (an id once per version)"
    ]


def test_a_combined_file_may_give_an_id_once_per_version(tmp_path: Path) -> None:
    """A hand-written "combined": true file reads each repetition of an id as a further version."""
    records = [*_records(), {"type": "person", "id": "person:ada", "name": "Ada King"}]
    kb = openai_kb.load(_write(tmp_path / "mine.json", records, combined=True))
    assert [version.name for version in kb.versions("person:ada")] == ["Ada Lovelace", "Ada King"]
