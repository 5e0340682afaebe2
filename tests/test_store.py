"""Loading: the bundled data, a user's own files and records; each kind of bad data is in test_bad_data.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError, KBError
from openai_kb.duplicate_keys import may_have_duplicate_keys
from openai_kb.store import _file_adapter, bundled_data_dir

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


def test_top_level_must_hold_records(mini: Path) -> None:
    """A file must be an object with a records list."""
    (mini / "records.json").write_text("[]", encoding="utf-8")
    assert _problems(mini) == ['None|$|expected an object with a "records" list: {"records": [...]}']


def test_unknown_record_type(mini: Path) -> None:
    """A record of an unknown type lists the known ones."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").update(type="human"))
    (problem,) = _problems(file)
    assert problem == (
        "person:ada|$.records[3]|unknown record type 'human'; known types: source, organization, person, "
        "funding_round, investment, departure, valuation, competition, status_change, metric, partnership, "
        "funding_use, claim; if it is a model of your own, pass it: openai_kb.load(path, types=[Human])"
    )


def test_missing_required_field(mini: Path) -> None:
    """A missing field is named."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").pop("name"))
    assert _problems(file) == ["person:ada|$.records[3].name|missing required field"]


def test_duplicate_ids_across_files(mini: Path) -> None:
    """Ids are unique across all files of a folder."""
    (mini / "more.json").write_text('{"records": [{"type": "person", "id": "person:ada", "name": "A"}]}')
    (problem,) = _problems(mini)
    assert "duplicate id; first used in" in problem


def test_reference_to_wrong_type(mini: Path) -> None:
    """A reference must point at a record of the right type."""
    file = _edit(mini, lambda rs: _by_id(rs, "departure:ada").update(person="org:acme"))
    assert _problems(file) == ["departure:ada|$.records[6].person|'org:acme' is an organization, expected person"]


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


def _duplicate_key_rows(path: Path) -> list[str]:
    return [row for row in _problems(path) if "duplicate key" in row]


def test_duplicate_keys_spaced_nested_and_top_level(mini: Path) -> None:
    """Repeated keys are found however the JSON is spaced, nested in a record or at the top level."""
    file = mini / "records.json"
    text = file.read_text(encoding="utf-8")
    text = text.replace('"name": "Ada Lovelace"', '"name" :\n "Ada Lovelace", "name"\t: "Ada"')
    text = text.replace('"currency": "USD"', '"currency": "USD", "currency": "EUR", "currency": "USD"')
    file.write_text(text.replace('"records": [', '"records": [], "records": [', 1), encoding="utf-8")
    assert _duplicate_key_rows(file) == [
        "None|$.records|duplicate key 'records': given twice in one object; JSON readers keep only the last value "
        "and silently drop the others, so keep one",
        "person:ada|$.records[3].name|duplicate key 'name': given twice in one object; JSON readers keep only the "
        "last value and silently drop the others, so keep one",
        "round:acme-a|$.records[4].amount.currency|duplicate key 'currency': given 3 times in one object; JSON "
        "readers keep only the last value and silently drop the others, so keep one",
    ]


def test_duplicate_keys_alongside_other_problems(mini: Path) -> None:
    """A repeated key in a record that is also invalid is reported with the record's other problems."""
    file = mini / "records.json"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('"name": "Ada Lovelace"', '"name": "Ada Lovelace", "name": 5'), encoding="utf-8")
    rows = _problems(file)
    assert rows[1] == "person:ada|$.records[3].name|Input should be a valid string (got 5)"
    assert rows[0].startswith("person:ada|$.records[3].name|duplicate key 'name': given twice")


def test_quote_colon_inside_a_string_is_no_duplicate(mini: Path) -> None:
    """A quote followed by a colon inside a text makes the cheap count look twice, and is no problem."""
    file = mini / "records.json"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('"Ada Lovelace"', '"Ada \\": Lovelace"'), encoding="utf-8")
    assert openai_kb.load(file)["person:ada"].name == 'Ada ": Lovelace'  # type: ignore[attr-defined]


def test_bundled_files_pass_the_cheap_duplicate_check() -> None:
    """On clean data the cheap count settles it: the slow duplicate search never runs."""
    for file in sorted(bundled_data_dir().glob("*.json")):
        data = file.read_bytes()
        assert may_have_duplicate_keys(data, _file_adapter().validate_json(data)) is False, file.name


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a\x00b", "no such file or folder"), ("\udcff.json", "no such file or folder")],
    ids=["nul", "lone-surrogate"],
)
def test_unusable_paths_are_data_errors(path: str, expected: str) -> None:
    """A path the system cannot even look up is reported, not a ValueError from deep inside."""
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    assert [problem.message for problem in caught.value.problems] == [expected]


def test_deeply_nested_json(mini: Path) -> None:
    """JSON nested deeper than any parser follows is reported as data, not a RecursionError."""
    not_a_record = 'None|$.records[0]|expected a record: an object with a "type", not a list of 1 items'
    too_deep = "None|$|malformed JSON at line 1, column 1037: depth limit exceeded"
    for depth, expected in ((150, not_a_record), (300, not_a_record), (1000, not_a_record), (5000, too_deep)):
        (mini / "records.json").write_text('{"records": [' + "[" * depth + "]" * depth + "]}", encoding="utf-8")
        assert _problems(mini) == [expected], depth


def test_record_objects_are_checked_again() -> None:
    """model_copy(update=...) and model_construct skip validation; the knowledge base does not."""
    ada = openai_kb.Person(id="person:ada", name="Ada")
    with pytest.raises(DataError, match=r"record 'person:ada' at \$\[0\].name: String should have at least 1 char"):
        openai_kb.KnowledgeBase.from_records([ada.model_copy(update={"name": ""})])
    with pytest.raises(DataError, match=r"record 'person:x' at \$\[0\].name: missing required field"):
        openai_kb.KnowledgeBase.from_records([openai_kb.Person.model_construct(id="person:x")])
    raw = openai_kb.Person.model_construct(id="person:b", name="B", names=[{"text": "b", "language": "en"}])
    kb = openai_kb.KnowledgeBase.from_records([ada, raw])
    assert kb["person:ada"] is ada  # a valid record is kept as given
    assert kb["person:b"].names == (openai_kb.Name(text="b", language="en"),)  # type: ignore[attr-defined]
