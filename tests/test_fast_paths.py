"""The shortcuts of loading and building give what the careful, record-by-record paths give."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

import openai_kb
from benchmarks.records import generated_records
from openai_kb import DataError, KnowledgeBase
from openai_kb.reading import _store as store
from openai_kb.reading._windows import LARGE, is_large

COUNT = 2 * store.MANY


def _one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "MANY", 10**9)


def _problems(records: list[Any]) -> list[str]:
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records(records)
    return [str(problem) for problem in caught.value.problems]


def test_many_records_are_validated_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """From MANY dicts on, from_records validates them at once; the knowledge base is the same."""
    calls: list[int] = []
    real = store._validate_data

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(store, "_validate_data", counted)
    records = generated_records(COUNT)
    at_once = KnowledgeBase.from_records(records)
    assert calls == []
    _one_by_one(monkeypatch)
    one_by_one = KnowledgeBase.from_records(records)
    assert len(calls) == COUNT
    assert at_once == one_by_one
    assert [at_once.origin(record) for record in at_once][-1] == ("<records>", f"$[{COUNT - 1}]")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda r: r.update(nickname="x"),
            "unknown field (not part of the model; check the spelling)",
            id="an unknown key",
        ),
        pytest.param(lambda r: r.pop("name"), "missing required field", id="a missing field"),
        pytest.param(
            lambda r: r["names"][0].update(language="english words"),
            "String should match pattern",
            id="a bad nested value",
        ),
    ],
)
def test_a_bad_record_among_many_is_reported_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch, change: Any, expected: str
) -> None:
    """One bad record among many: the same problems, placed the same way, as when validated one by one."""
    records = generated_records(COUNT)
    person = next(index for index, record in enumerate(records) if record["type"] == "person" and index > 1000)
    change(records[person])
    at_once = _problems(records)
    assert len(at_once) == 1
    assert f"at $[{person}]." in at_once[0]
    assert expected in at_once[0]
    _one_by_one(monkeypatch)
    assert _problems(records) == at_once


def test_a_large_record_among_many_is_validated_a_window_at_a_time() -> None:
    """A record of more than LARGE values sends the list to the record-by-record path, with its windows."""
    records = generated_records(COUNT)
    records[5] = {"type": "person", "id": "person:many", "name": "Many", "names": [1] * (LARGE + 5)}
    problems = _problems(records)
    assert problems[0].startswith("<records>: record 'person:many' at $[5].names[0]:")
    assert len(problems) == 100  # the first hundred listed, the rest counted


@pytest.mark.parametrize(
    "record",
    [
        {"names": [1] * (LARGE + 1)},
        {"names": [[]] * (LARGE + 1)},
        {str(number): 0 for number in range(LARGE + 1)},
        {"a": [{"": 0}] * (LARGE // 2 + 1)},
    ],
    ids=["ints", "empty lists", "keys", "nested objects"],
)
def test_a_record_of_many_values_is_never_short_json(record: dict[str, Any]) -> None:
    """The length shortcut is sound: a record of more than LARGE values is more than twice LARGE long."""
    assert is_large(record)
    assert len(orjson.dumps(record)) > 2 * LARGE
    assert store._may_be_large(record)


def test_load_of_generated_records_equals_from_records(tmp_path: Any) -> None:
    """The generated records of the measurements load from a file as from_records builds them."""
    records = generated_records(COUNT)
    path = tmp_path / "generated.json"
    path.write_bytes(orjson.dumps({"records": records}))
    loaded = openai_kb.load(path)
    assert loaded == KnowledgeBase.from_records(records)
    assert len(loaded.people) == COUNT * 6 // 10
    assert loaded.mentions("person:p3") == [r for r in loaded if getattr(r, "person", None) == "person:p3"]
