"""A cache edited by hand, sealed again, damaged or foreign: load() gives what a load without a cache gives.

The cache of the bundled data once held every record, sealed by a hash of its body, and was read
back without validation: anyone writing as the user could recompute that hash and load values of
any type (issue 21). Each planted cache below is one such file: the layout the cache used to hold,
with this version's key and format and its body hash recomputed. Whatever it holds, ``load()`` must
equal a load without a cache, never raise, and leave the cache as a fresh start would write it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import hypothesis
import orjson
import pytest
from hypothesis import HealthCheck
from hypothesis import strategies as st
from pydantic import BaseModel

import openai_kb
from openai_kb import BUNDLED
from openai_kb.reading import _snapshot as snapshot

from .cli import run_cli


@pytest.fixture(scope="module")
def uncached() -> Iterator[openai_kb.KnowledgeBase]:
    """The bundled knowledge base loaded with no cache at all: what every load must give."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(snapshot.CACHE_ENV, "")
        yield openai_kb.load()


@pytest.fixture(scope="module")
def fresh_note(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes a first start writes to an empty cache folder."""
    folder = tmp_path_factory.mktemp("fresh")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(snapshot.CACHE_ENV, str(folder))
        openai_kb.load()
    (note,) = folder.glob("bundled-*.json")
    return note.read_bytes()


def _old_value(value: Any) -> Any:
    """A value as the cache's earlier layout held it: a model as its class, given fields and values."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return [_old_value(item) for item in value]
    if isinstance(value, BaseModel):
        fields = {name: _old_value(getattr(value, name)) for name in type(value).model_fields}
        return {"model": type(value).__name__, "given": sorted(value.model_fields_set), "fields": fields}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    raise TypeError(type(value).__name__)


def _old_body(kb: openai_kb.KnowledgeBase) -> list[dict[str, Any]]:
    """Every record of ``kb`` by file, as the cache's earlier layout held them."""
    files: dict[str, dict[str, Any]] = {}
    for item in kb.origins():
        entry = files.setdefault(Path(item.file).name, {"file": Path(item.file).name, "records": [], "sources": []})
        entry["records"].append(_old_value(item.record))
        entry["sources"].append(item.source)
    return list(files.values())


def _key() -> str:
    return snapshot._key([(path, path.read_bytes()) for path in sorted(BUNDLED.glob("*.json"))])


def _plant(folder: Path, body: bytes) -> Path:
    """A cache file for this version's key, the body sealed by its SHA-256: what the user could write."""
    folder.mkdir(mode=0o700, exist_ok=True)
    key = _key()
    header = orjson.dumps({"format": snapshot.FORMAT, "key": key, "body": hashlib.sha256(body).hexdigest()})
    path = folder / f"bundled-{key[:32]}.json"
    path.write_bytes(header + b"\n" + body)
    path.chmod(0o600)
    return path


def _record(body: list[dict[str, Any]], record_id: str) -> dict[str, Any]:
    for entry in body:
        for record in entry["records"]:
            if record["fields"]["id"] == record_id:
                found: dict[str, Any] = record
                return found
    raise AssertionError(f"no {record_id} in the bundled data")


def _set_name(body: list[dict[str, Any]]) -> None:
    _record(body, "person:mira-murati")["fields"]["name"] = 12345


def _set_amount(text: str) -> Callable[[list[dict[str, Any]]], None]:
    def change(body: list[dict[str, Any]]) -> None:
        _record(body, "valuation:openai-2024-10-post-money")["fields"]["amount"]["fields"]["amount"] = {"decimal": text}

    return change


def _dangle(body: list[dict[str, Any]]) -> None:
    _record(body, "departure:mira-murati")["fields"]["person"] = "person:nobody"


def _lose_a_record(body: list[dict[str, Any]]) -> None:
    for entry in body:
        if entry["file"] == "people.json":
            del entry["records"][0], entry["sources"][0]
            return
    raise AssertionError("no people.json in the bundled data")


def _plain_values(body: list[dict[str, Any]]) -> None:
    _record(body, "person:mira-murati")["fields"]["names"] = [["not", "a", "name"]]


CHANGES = [
    pytest.param(_set_name, id="a name that is a number"),
    pytest.param(_set_amount("NaN"), id="an amount NaN"),
    pytest.param(_set_amount("1E+999999999"), id="an amount 1E+999999999"),
    pytest.param(_set_amount("-5"), id="a negative amount"),
    pytest.param(_dangle, id="a reference that dangles"),
    pytest.param(_lose_a_record, id="a record lost"),
    pytest.param(_plain_values, id="lists where names are"),
]


def _planted(kb: openai_kb.KnowledgeBase, change: Callable[[list[dict[str, Any]]], None]) -> bytes:
    body = _old_body(kb)
    change(body)
    return orjson.dumps(body)


@pytest.mark.parametrize("change", CHANGES)
def test_an_edited_sealed_cache_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uncached: openai_kb.KnowledgeBase,
    fresh_note: bytes,
    change: Callable[[list[dict[str, Any]]], None],
) -> None:
    """Values of any type or range, dangling references, lost records: load() equals a load without a cache,
    search, listing and every record's text work, and the cache is written again as a first start writes it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    planted = _plant(folder, _planted(uncached, change))
    kb = openai_kb.load()
    assert kb == uncached
    assert [item.source for item in kb.origins()] == [item.source for item in uncached.origins()]
    assert kb["person:mira-murati"].name == "Mira Murati"
    assert kb.search("Murati")[0].record.id == "person:mira-murati"
    assert [str(kb.about(record.id)) for record in kb] == [str(uncached.about(record.id)) for record in uncached]
    assert planted.read_bytes() == fresh_note
    assert list(folder.iterdir()) == [planted]


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [CHANGES[0], CHANGES[1], CHANGES[2]],
)
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("search", "Murati"), id="search"),
        pytest.param(("list",), id="list"),
        pytest.param(("show", "valuation:openai-2024-10-post-money"), id="show"),
    ],
)
def test_commands_read_an_edited_cache_as_a_first_start(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uncached: openai_kb.KnowledgeBase,
    change: Callable[[list[dict[str, Any]]], None],
    command: tuple[str, ...],
) -> None:
    """openai-kb search, list and show print what they print without a cache, whatever a sealed cache holds."""
    monkeypatch.setenv(snapshot.CACHE_ENV, "")
    expected = run_cli(*command)
    assert expected.returncode == 0, expected.stderr
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    _plant(folder, _planted(uncached, change))
    result = run_cli(*command)
    assert (result.returncode, result.stdout, result.stderr) == (0, expected.stdout, expected.stderr)


# -- property: any change to a sealed cache --------------------------------------------------------

_HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),  # what JSON numbers orjson writes
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "NaN",
            "1E+999999999",
            "person:nobody",
            "org:openai",
            "Money",
            "Interpreter",
            {"decimal": "NaN"},
            {"decimal": "-Infinity"},
            {"decimal": "1E+999999999"},
            {"decimal": "not a number"},
            {"datetime": "yesterday"},
            {"datetime": "2024-10-14"},
            {"model": "Name", "given": [], "fields": {}},
            {"model": "Person", "given": ["id"], "fields": {"id": "person:x"}},
            [],
            {},
        ]
    ),
    st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=3),
    st.deferred(lambda: st.sampled_from([_key(), _key()[:32], snapshot.FORMAT, 2])),
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes that reach it."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _mutate(body: list[Any], data: st.DataObject) -> list[Any]:
    """``body`` with one to three places replaced, removed or repeated."""
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        places = [place for place in _places(body) if place]
        place = data.draw(st.sampled_from(places))
        parent: Any = body
        for step in place[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "remove", "repeat"]))
        last = place[-1]
        if action == "replace":
            parent[last] = data.draw(_HOSTILE)
        elif action == "remove":
            del parent[last]
        elif isinstance(parent, list):
            parent.insert(last, parent[last])
        else:
            parent[last] = [parent[last], parent[last]]
    return body


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@hypothesis.given(data=st.data())
def test_any_change_to_a_sealed_cache_changes_nothing(
    data: st.DataObject, uncached: openai_kb.KnowledgeBase, fresh_note: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One to three values of a sealed cache replaced, removed or repeated: load() never raises, equals a
    load without a cache, and the cache is written again as a first start writes it."""
    body = _mutate(_old_body(uncached), data)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "cache"
        monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
        planted = _plant(folder, orjson.dumps(body))
        kb = openai_kb.load()
        assert kb == uncached
        assert [item.source for item in kb.origins()] == [item.source for item in uncached.origins()]
        assert planted.read_bytes() == fresh_note


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@hypothesis.given(
    note=st.one_of(
        st.binary(max_size=200),
        st.dictionaries(st.sampled_from(["format", "key", "body", "records"]), _HOSTILE, max_size=4).map(orjson.dumps),
    )
)
def test_any_cache_file_at_all_changes_nothing(
    note: bytes, uncached: openai_kb.KnowledgeBase, fresh_note: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever bytes stand where the cache is read: load() equals a load without a cache, and the cache is
    written again as a first start writes it."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "cache"
        folder.mkdir(mode=0o700)
        monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
        path = folder / f"bundled-{_key()[:32]}.json"
        path.write_bytes(note)
        path.chmod(0o600)
        assert openai_kb.load() == uncached
        assert path.read_bytes() == fresh_note


def test_a_cache_never_raises_whatever_goes_wrong_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: openai_kb.KnowledgeBase
) -> None:
    """An error of any class while the cache is read, built or written: load() still gives the records."""
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    openai_kb.load()

    def broken(*args: Any) -> Any:
        raise LookupError("anything at all")

    for name in ("_check_note", "_built", "_save", "_key"):
        with monkeypatch.context() as patch:
            patch.setattr(snapshot, name, broken)
            assert openai_kb.load() == uncached, name
    if os.name == "posix":
        (tmp_path / "cache").chmod(0o500)
        try:
            for note in (tmp_path / "cache").iterdir():
                note.chmod(0o400)
            assert openai_kb.load() == uncached
        finally:
            (tmp_path / "cache").chmod(0o700)
