"""Loading: the bundled data, a user's own files and records; each kind of bad data is in test_bad_data.py."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

import orjson
import pytest
from pydantic import model_validator

import openai_kb
from openai_kb import DataError, KBError
from openai_kb.models import RECORD_TYPES
from openai_kb.reading._duplicate_keys import may_have_duplicate_keys
from openai_kb.reading._store import _file_adapter, bundled_data_dir

from .cli import run_cli
from .kinds import unknown_type_in_a_file

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
    assert problem == "person:ada|$.records[3]|" + unknown_type_in_a_file("human", model="Human")


def test_missing_required_field(mini: Path) -> None:
    """A missing field is named."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").pop("name"))
    assert _problems(file) == ["person:ada|$.records[3].name|missing required field"]


def test_one_id_across_files_is_one_record(mini: Path) -> None:
    """A record described in two files of a folder is one record with two versions; of two types, a problem."""
    (mini / "more.json").write_text('{"records": [{"type": "person", "id": "person:ada", "name": "A"}]}')
    kb = openai_kb.load(mini)
    assert [value.value for value in kb.values("person:ada", "name")] == ["A", "Ada Lovelace"]  # more.json first
    (mini / "more.json").write_text('{"records": [{"type": "organization", "id": "person:ada", "name": "A"}]}')
    (problem,) = _problems(mini)  # the departure's reference to person:ada is not judged again
    assert problem.startswith("person:ada|$.records[3].id|id already used by an organization in ")


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
    with pytest.raises(DataError, match=r"<records>: record 'person:ada' at \$\[1\].id: id already used by a person"):
        openai_kb.KnowledgeBase.from_records([ada, {"type": "organization", "id": "person:ada", "name": "Ada Inc"}])


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


# -- files that are not data, text that is not UTF-8 ---------------------------------------------

NOT_A_FILE = "it is {kind}, not a regular file; give a data file or a folder of them"


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    """A named pipe, given or in a folder, is reported as one, never read (reading it would block)."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    message = NOT_A_FILE.format(kind="a named pipe (FIFO)")
    assert _problems(fifo) == [f"None|$|{message}"]
    assert _problems(tmp_path) == [f"None|$|{message}"]


def test_a_link_to_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    """A link to /dev/zero is a character device: refused before a byte is read (it never ends)."""
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    message = NOT_A_FILE.format(kind="a character device")
    assert _problems(tmp_path / "zero.json") == [f"None|$|{message}"]
    assert _problems(tmp_path) == [f"None|$|{message}"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"records": []}'.encode("utf-16"), "not UTF-8: looks like UTF-16 (byte-order mark FF FE); save it as UTF-8"),
        (
            '{"records": []}'.encode("utf-16-be"),
            "not UTF-8: looks like UTF-16 (every other byte is zero); save it as UTF-8",
        ),
        (
            '{"records": []}'.encode("utf-32"),
            "not UTF-8: looks like UTF-32 (byte-order mark FF FE 00 00); save it as UTF-8",
        ),
        (
            '{"records": []}'.encode("utf-8-sig"),
            "starts with a UTF-8 byte-order mark (EF BB BF), which JSON does not allow; save it as UTF-8 without one",
        ),
        (
            '{"records": [\n{"name": "Café"}]}'.encode("latin-1"),
            "not UTF-8: byte 27 (0xE9, on line 2) is not valid UTF-8; save the file as UTF-8",
        ),
    ],
    ids=["utf-16-bom", "utf-16-be", "utf-32", "utf-8-bom", "latin-1"],
)
def test_text_that_is_not_utf8_says_what_it_is(tmp_path: Path, data: bytes, message: str) -> None:
    """A file in another encoding is named as such, not reported as 'surrogates not allowed'."""
    (tmp_path / "records.json").write_bytes(data)
    assert _problems(tmp_path) == [f"None|$|{message}"]


@pytest.mark.slow
def test_validate_json_escapes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """validate --json shows a file name's undecodable bytes as \\xNN instead of crashing."""
    name = os.fsencode(tmp_path) + b"/caf\xe9.json"
    with open(name, "wb") as handle:
        handle.write(b'{"records": [{"type": "person", "id": "person:x"}]}')
    result = run_cli("validate", str(tmp_path), "--json")
    assert result.returncode == 1
    assert orjson.loads(result.stdout) == [
        {
            "file": f"{tmp_path}/caf\\xe9.json",
            "record": "person:x",
            "path": "$.records[0].name",
            "message": "missing required field",
        }
    ]


def test_a_record_without_a_type_lists_the_types(mini: Path) -> None:
    """An empty object says "type" is missing and lists every record type."""
    file = _edit(mini, lambda rs: rs.append({}))
    types = ", ".join(repr(name) for name in RECORD_TYPES)
    assert _problems(file) == [f'None|$.records[7]|missing "type": a record must say which type it is, one of {types}']


def test_a_term_without_a_kind_lists_the_kinds(mini: Path) -> None:
    """A round's term without "kind" names the kinds of term."""
    file = _edit(mini, lambda rs: _by_id(rs, "round:acme-a").update(terms=[{}]))
    assert _problems(file) == [
        "round:acme-a|$.records[4].terms[0]|"
        "missing \"kind\": a term must say which kind it is, one of 'exclusivity', 'other'"
    ]


def test_a_huge_integer_is_described_not_printed() -> None:
    """A 5,000-digit int where a name belongs is a problem naming its size (its repr would raise)."""
    with pytest.raises(DataError) as caught:
        openai_kb.KnowledgeBase.from_records([{"type": "person", "id": "person:x", "name": 10**4999}])
    assert [str(p) for p in caught.value.problems] == [
        "<records>: record 'person:x' at $[0].name: Input should be a valid string (got an integer of 5,000 digits)"
    ]
    with pytest.raises(
        DataError, match=r"expected a record: an object with a \"type\", not an integer of 5,000 digits"
    ):
        openai_kb.KnowledgeBase.from_records([10**4999])


# -- the garbage collector: paused while records are built, and only when it was on -------------


class _Watched(openai_kb.Record):
    """A record type of a test's own whose validation reports whether the collector is on, and may wait."""

    type: Literal["watched"] = "watched"
    seen: ClassVar[list[bool]] = []
    gate: ClassVar[threading.Event | None] = None
    started: ClassVar[threading.Event] = threading.Event()

    @model_validator(mode="after")
    def _note(self) -> _Watched:
        _Watched.seen.append(gc.isenabled())
        _Watched.started.set()
        if _Watched.gate is not None:
            assert _Watched.gate.wait(10), "the test never opened the gate"
        return self


@pytest.fixture
def watched() -> Iterator[type[_Watched]]:
    _Watched.seen.clear()
    _Watched.gate = None
    _Watched.started.clear()
    yield _Watched
    _Watched.gate = None
    gc.enable()


def _watched_file(folder: Path, *records: dict[str, Any]) -> Path:
    path = folder / "watched.json"
    path.write_bytes(orjson.dumps({"records": [{"type": "watched", "id": "watched:a"}, *records]}))
    return path


def test_the_collector_is_paused_while_records_are_built_and_on_again_after(
    tmp_path: Path, watched: type[_Watched]
) -> None:
    """load and from_records build records with the collector paused (a large load takes half the time),
    and switch it back on when they end, also when the data is bad."""
    assert gc.isenabled()
    kb = openai_kb.load(_watched_file(tmp_path), types=[watched])
    assert watched.seen == [False]
    assert gc.isenabled()
    assert len(openai_kb.KnowledgeBase.from_records(kb)) == 1
    assert watched.seen == [False, False]
    assert gc.isenabled()
    with pytest.raises(DataError):
        openai_kb.load(_watched_file(tmp_path, {"type": "person"}), types=[watched])
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_application_is_never_touched(
    mini: Path, watched: type[_Watched], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With gc off before the call, load, from_records, add and search neither enable nor disable it."""

    def refuse() -> None:
        raise AssertionError("the library switched the garbage collector")

    gc.disable()
    monkeypatch.setattr(gc, "disable", refuse)
    monkeypatch.setattr(gc, "enable", refuse)
    kb = openai_kb.load(mini)
    kb.add(openai_kb.Person(id="person:grace", name="Grace")).search("Grace")
    assert len(openai_kb.KnowledgeBase.from_records(kb)) == 7
    assert not gc.isenabled()


def test_gc_disabled_while_records_are_read_stays_disabled() -> None:
    """An application that disables gc while from_records reads its records finds it still disabled."""

    def records() -> Iterator[openai_kb.Person]:
        gc.disable()
        yield openai_kb.Person(id="person:ada", name="Ada")

    try:
        openai_kb.KnowledgeBase.from_records(records())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_loads_switch_the_collector_on_only_when_the_last_ends(
    tmp_path: Path, watched: type[_Watched]
) -> None:
    """A load in another thread that is still running keeps the collector paused when one ends."""
    watched.gate = threading.Event()
    worker = threading.Thread(target=openai_kb.load, args=(_watched_file(tmp_path),), kwargs={"types": [watched]})
    worker.start()
    try:
        assert watched.started.wait(10)
        assert not gc.isenabled()  # paused by the load in the worker
        openai_kb.KnowledgeBase.from_records([{"type": "person", "id": "person:quick", "name": "Quick"}])
        assert not gc.isenabled()  # the worker's load still runs
    finally:
        watched.gate.set()
        worker.join(10)
    assert not worker.is_alive()
    assert gc.isenabled()


def test_an_unknown_key_deep_inside_a_valid_file_is_reported(mini: Path) -> None:
    """The fast path ignores unknown keys to stay cheap; the key count sends the file to the full reading."""
    file = _edit(mini, lambda rs: _by_id(rs, "person:ada").update(names=[{"text": "A", "language": "en", "zz": 1}]))
    assert _problems(file) == [
        "person:ada|$.records[3].names[0].zz|unknown field (not part of the model; check the spelling)"
    ]
