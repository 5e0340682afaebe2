"""Loading: the bundled data, a user's own files, and every problem of bad data in one message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError, KBError

Records = list[dict[str, Any]]


def _edit(folder: Path, change: Callable[[Records], None]) -> Path:
    file = folder / "records.json"
    document = orjson.loads(file.read_bytes())
    change(document["records"])
    file.write_bytes(orjson.dumps(document))
    return file


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    assert isinstance(caught.value, KBError)
    return [f"{p.record}|{p.path}|{p.message}" for p in caught.value.problems]


def _by_id(records: Records, record_id: str) -> dict[str, Any]:
    return next(r for r in records if r.get("id") == record_id)


def test_load_bundled() -> None:
    """load() with no argument gives the article's knowledge base."""
    kb = openai_kb.load()
    assert "org:openai" in kb
    assert len(kb) == sum(1 for _ in kb)


def test_load_a_folder_and_a_file(mini: Path) -> None:
    """A folder loads every *.json in it; a single file loads alone."""
    assert len(openai_kb.load(mini)) == 7
    assert len(openai_kb.load(mini / "records.json")) == 7
    assert len(openai_kb.load(str(mini))) == 7


def test_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is a DataError naming it."""
    missing = tmp_path / "nope"
    assert _problems(missing) == ["None|$|no such file or folder"]


def test_load_refuses_a_non_path() -> None:
    """load() with something that is not a path says what it expected."""
    with pytest.raises(TypeError, match=r"load\(\) expects a path \(str or os.PathLike\) or None, not int"):
        openai_kb.load(42)  # type: ignore[arg-type]


def test_malformed_json_gives_line_and_column(mini: Path) -> None:
    """Broken JSON names the file, line and column."""
    (mini / "records.json").write_text('{\n  "records": [\n    {"id": }\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"records.json: at \$: malformed JSON at line 3, column 12"):
        openai_kb.load(mini)


def test_top_level_must_hold_records(mini: Path) -> None:
    """A file must be an object with a records list."""
    (mini / "records.json").write_text("[]", encoding="utf-8")
    assert _problems(mini) == ['None|$|expected an object with a "records" list: {"records": [...]}']


def test_wrong_type(mini: Path) -> None:
    """A value of the wrong JSON type names record, path and the value."""
    file = _edit(mini, lambda rs: _by_id(rs, "investment:globex-acme-a").update(lead="yes"))
    assert _problems(file) == ["investment:globex-acme-a|$.records[5].lead|Input should be a valid boolean (got 'yes')"]


def test_unknown_field(mini: Path) -> None:
    """A misspelt field is reported, not dropped."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").update(nmae="Ada"))
    assert _problems(file) == ["person:ada|$.records[3].nmae|unknown field (not part of the model; check the spelling)"]


def test_unknown_record_type(mini: Path) -> None:
    """A record of an unknown type lists the known ones."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").update(type="human"))
    (problem,) = _problems(file)
    assert problem.startswith("person:ada|$.records[3]|unknown or missing record type; expected one of 'source'")


def test_missing_required_field(mini: Path) -> None:
    """A missing field is named."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").pop("name"))
    assert _problems(file) == ["person:ada|$.records[3].name|missing required field"]


def test_nested_path(mini: Path) -> None:
    """Problems deep inside a record have a full JSON path."""
    file = _edit(mini, lambda rs: _by_id(rs, "round:acme-a")["amount"].update(currency="usd"))
    assert _problems(file) == [
        "round:acme-a|$.records[4].amount.currency|'usd' is not an ISO 4217 currency code "
        "(such as 'USD', 'CNY', 'EUR') (got 'usd')"
    ]


def test_duplicate_ids(mini: Path) -> None:
    """Two records with one id: the second is reported with where the first is."""
    file = _edit(mini, lambda rs: rs.append({"type": "person", "id": "person:ada", "name": "Other Ada"}))
    (problem,) = _problems(file)
    assert problem.startswith("person:ada|$.records[7].id|duplicate id; first used in ")
    assert problem.endswith("records.json at $.records[3]")


def test_duplicate_ids_across_files(mini: Path) -> None:
    """Ids are unique across all files of a folder."""
    (mini / "more.json").write_text('{"records": [{"type": "person", "id": "person:ada", "name": "A"}]}')
    (problem,) = _problems(mini)
    assert "duplicate id; first used in" in problem


def test_dangling_reference(mini: Path) -> None:
    """A reference to an id that does not exist is reported at its path."""
    file = _edit(mini, lambda rs: _by_id(rs, "round:acme-a").update(lead_investors=["org:globex", "org:initech"]))
    problems = _problems(file)
    assert "round:acme-a|$.records[4].lead_investors[1]|reference to unknown id 'org:initech'" in problems


def test_reference_to_wrong_type(mini: Path) -> None:
    """A reference must point at a record of the right type."""
    file = _edit(mini, lambda rs: _by_id(rs, "departure:ada").update(person="org:acme"))
    assert _problems(file) == ["departure:ada|$.records[6].person|'org:acme' is a organization, expected person"]


def test_fact_without_evidence(mini: Path) -> None:
    """A fact must cite its source."""
    file = _edit(mini, lambda rs: _by_id(rs, "departure:ada").update(evidence=[]))
    assert _problems(file) == [
        "departure:ada|$.records[6].evidence|Tuple should have at least 1 item after validation, not 0"
    ]


def test_reversed_offsets(mini: Path) -> None:
    """start must come before end."""
    file = _edit(mini, lambda rs: _by_id(rs, "departure:ada")["evidence"][0].update(start=45, end=32))
    assert _problems(file) == ["departure:ada|$.records[6].evidence[0]|start (45) must be less than end (32)"]


def test_offsets_out_of_range(mini: Path) -> None:
    """Evidence must end within its source's text."""
    file = _edit(mini, lambda rs: _by_id(rs, "departure:ada")["evidence"][0].update(start=100, end=113))
    assert _problems(file) == [
        "departure:ada|$.records[6].evidence[0].end|offset 113 is past the end of source 'source:note' (69 characters)"
    ]


def test_investment_must_agree_with_round(mini: Path) -> None:
    """An investment marked lead must be among the round's lead investors."""
    file = _edit(mini, lambda rs: _by_id(rs, "round:acme-a").update(lead_investors=[], participants=["org:globex"]))
    assert _problems(file) == [
        "investment:globex-acme-a|$.records[5].lead|"
        "lead is true but 'org:globex' is not in 'round:acme-a''s lead_investors"
    ]


def test_every_problem_in_one_pass(mini: Path) -> None:
    """All problems are listed together, each naming file, record and path."""

    def break_everything(records: Records) -> None:
        _by_id(records, "person:ada").update(nmae="x")
        _by_id(records, "investment:globex-acme-a").update(lead="yes")
        _by_id(records, "departure:ada").update(organization="org:nowhere")

    file = _edit(mini, break_everything)
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    message = str(caught.value)
    assert message.startswith("3 problems in the data:\n")
    assert f"{file}: record 'person:ada' at $.records[3].nmae: unknown field" in message
    assert f"{file}: record 'investment:globex-acme-a' at $.records[5].lead: Input should be a valid boolean" in message
    assert (
        f"{file}: record 'departure:ada' at $.records[6].organization: reference to unknown id 'org:nowhere'" in message
    )


@pytest.mark.parametrize("bad", [5, "person:ada", {"type": "person"}, openai_kb.Person(id="person:ada", name="Ada")])
def test_from_records_wants_an_iterable_of_records(bad: object) -> None:
    """A single record, a string or a number is a TypeError saying what was expected."""
    with pytest.raises(TypeError, match="expected an iterable of records \\(models or dicts\\), not "):
        openai_kb.KnowledgeBase.from_records(bad)  # type: ignore[arg-type]


def test_from_records_reports_non_records() -> None:
    """Items that are not records are reported as data problems, with their index."""
    with pytest.raises(DataError, match=r'<records>: at \$\[0\]: expected a record: an object with a "type", not 42'):
        openai_kb.KnowledgeBase.from_records([42])


def test_from_records_checks_like_load() -> None:
    """A knowledge base built in code is checked the same way, paths given as $[index]."""
    ada = openai_kb.Person(id="person:ada", name="Ada Lovelace")
    kb = openai_kb.KnowledgeBase.from_records([ada, {"type": "organization", "id": "org:acme", "name": "Acme"}])
    assert kb["person:ada"] is ada
    with pytest.raises(DataError, match=r"<records>: record 'person:ada' at \$\[1\].id: duplicate id"):
        openai_kb.KnowledgeBase.from_records([ada, ada])
