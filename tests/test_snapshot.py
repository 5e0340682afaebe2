"""The snapshot of the bundled records: the same records as validation gives, used only when it matches."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import BaseModel

import openai_kb
from openai_kb import BUNDLED
from openai_kb.errors import ProblemLog
from openai_kb.models import RECORD_TYPES
from openai_kb.reading import _snapshot as snapshot
from openai_kb.reading import _store as store


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty snapshot folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files validated in full (read_file), in order."""
    seen: list[str] = []
    real = store.read_file

    def counted(name: str, *args: Any) -> None:
        seen.append(Path(name).name)
        real(name, *args)

    monkeypatch.setattr(snapshot, "read_file", counted)
    monkeypatch.setattr(store, "read_file", counted)
    return seen


def _snapshots(folder: Path) -> list[Path]:
    return sorted(folder.glob("bundled-*.json"))


def _shape(value: Any) -> Any:
    """A value with the class of everything in it, time zones included: equal shapes are the same objects."""
    if isinstance(value, BaseModel):
        fields = {name: _shape(getattr(value, name)) for name in type(value).model_fields}
        return (type(value).__name__, sorted(value.model_fields_set), fields)
    if isinstance(value, tuple):
        return ("tuple", [_shape(item) for item in value])
    tzinfo = getattr(value, "tzinfo", None)
    return (type(value).__name__, repr(value), type(tzinfo).__name__ if tzinfo is not None else None)


def test_the_first_load_writes_a_snapshot_and_later_loads_read_it(cache: Path, validations: list[str]) -> None:
    """Later loads validate nothing and give the same records, classes, given fields, places, sources and order."""
    validated = openai_kb.load()
    files = sorted(path.name for path in BUNDLED.glob("*.json"))
    assert validations == files
    assert len(_snapshots(cache)) == 1
    validations.clear()
    restored = openai_kb.load()
    assert validations == []
    assert restored == validated
    assert [_shape(record) for record in restored] == [_shape(record) for record in validated]
    assert [restored.origin(record) for record in restored] == [validated.origin(record) for record in validated]
    assert [item.source for item in restored.origins()] == [item.source for item in validated.origins()]
    assert restored.search("Murati")[0].record.id == "person:mira-murati"
    assert restored.export("json") == validated.export("json")


def test_the_snapshot_is_private_to_the_user(cache: Path) -> None:
    """The folder is the user's alone (0700) and the file too (0600)."""
    openai_kb.load()
    if os.name != "posix":
        pytest.skip("permissions are POSIX modes")
    assert cache.stat().st_mode & 0o777 == 0o700
    assert _snapshots(cache)[0].stat().st_mode & 0o777 == 0o600


def _copy_of_bundled(tmp_path: Path) -> Path:
    target = tmp_path / "bundled"
    shutil.copytree(BUNDLED, target)
    return target


def _read(folder: Path) -> list[Any]:
    located, unvalidated = snapshot.read_bundled(folder, ProblemLog(), store.DEFAULT_MAX_FILE_BYTES, RECORD_TYPES)
    assert unvalidated == []
    return [item.record for item in located]


def test_changed_data_is_validated_again_not_read_from_a_stale_snapshot(
    tmp_path: Path, cache: Path, validations: list[str]
) -> None:
    """The key hashes the files' bytes: one changed name, and the data is validated and a new snapshot written."""
    folder = _copy_of_bundled(tmp_path)
    _read(folder)
    validations.clear()
    _read(folder)
    assert validations == []
    people = folder / "people.json"
    people.write_bytes(people.read_bytes().replace(b'"name": "Mira Murati"', b'"name": "Mira Murati-Changed"', 1))
    records = _read(folder)
    assert "people.json" in validations
    assert {record.name for record in records if record.id == "person:mira-murati"} == {"Mira Murati-Changed"}
    assert len(_snapshots(cache)) == 2
    validations.clear()
    changed_again = [record for record in _read(folder) if record.id == "person:mira-murati"]
    assert validations == []
    assert changed_again[0].name == "Mira Murati-Changed"


def test_a_new_version_of_pydantic_or_of_the_code_is_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The versions and the validating code are part of the key, as the data is."""
    files = [(path, path.read_bytes()) for path in sorted(BUNDLED.glob("*.json"))]
    first = snapshot._key(files)
    assert snapshot._key(files) == first
    monkeypatch.setattr(snapshot, "PYDANTIC_VERSION", "0.0.0")
    assert snapshot._key(files) != first
    monkeypatch.undo()
    code = snapshot._code_files()
    assert any(path.name == "facts.py" for path in code)
    assert any(path.name == "_store.py" for path in code)
    monkeypatch.setattr(snapshot, "_code_files", lambda: code[1:])
    assert snapshot._key(files) != first


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
        pytest.param(lambda data: data.replace(b"Mira Murati", b"Mira Muratx", 1), id="a byte changed"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x80\x81 not json\n[]", id="not json"),
    ],
)
def test_a_damaged_snapshot_is_never_used(cache: Path, validations: list[str], damage: Any) -> None:
    """A snapshot whose bytes are not what was written: the data is validated in full and the file rewritten."""
    validated = openai_kb.load()
    path = _snapshots(cache)[0]
    path.write_bytes(damage(path.read_bytes()))
    validations.clear()
    assert openai_kb.load() == validated
    assert validations  # validated in full
    assert openai_kb.load()["person:mira-murati"].name == "Mira Murati"


def _rewritten(path: Path, change: Any) -> None:
    """Change a snapshot's body and seal it again: what only someone writing as the user could do."""
    header, _, body = path.read_bytes().partition(b"\n")
    files = change(orjson.loads(body))
    body = orjson.dumps(files)
    fields = orjson.loads(header)
    fields["body"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(orjson.dumps(fields) + b"\n" + body)


def _first_record(files: list[Any]) -> dict[str, Any]:
    record: dict[str, Any] = files[0]["records"][0]
    return record


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: r.update(model="Interpreter"), id="a class that is no model"),
        pytest.param(lambda r: r["fields"].update(extra=1), id="a field the model lacks"),
        pytest.param(lambda r: r["fields"].pop("id"), id="a field missing"),
        pytest.param(lambda r: r.update(given=["nonsense"]), id="given a field it lacks"),
        pytest.param(lambda r: r["fields"].update(statement={"callable": "os.system"}), id="an unknown value"),
        pytest.param(lambda r: r.update(model="Money"), id="a record that is no record type"),
    ],
)
def test_a_snapshot_holds_only_the_models_and_values_it_writes(
    cache: Path, validations: list[str], change: Any
) -> None:
    """A sealed snapshot of another shape is refused whole: nothing but the models' own classes and fields."""
    openai_kb.load()

    def edit(files: list[Any]) -> list[Any]:
        change(_first_record(files))
        return files

    _rewritten(_snapshots(cache)[0], edit)
    validations.clear()
    openai_kb.load()
    assert validations


def test_the_snapshot_is_checked_again_between_records(cache: Path, validations: list[str]) -> None:
    """Records read from a snapshot go through the checks between records as any data does."""
    openai_kb.load()

    def dangle(files: list[Any]) -> list[Any]:
        for entry in files:
            for record in entry["records"]:
                if record["model"] == "Departure":
                    record["fields"]["person"] = "person:nobody"
                    return files
        raise AssertionError("no departure in the bundled data")

    _rewritten(_snapshots(cache)[0], dangle)
    with pytest.raises(openai_kb.DataError, match="reference to unknown id 'person:nobody'"):
        openai_kb.load()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_snapshot_others_can_write_is_not_read(cache: Path, validations: list[str]) -> None:
    """A snapshot file, or a folder, writable by the group or others is ignored: only the user's own is read."""
    openai_kb.load()
    path = _snapshots(cache)[0]
    path.chmod(0o620)
    validations.clear()
    openai_kb.load()
    assert validations
    cache.chmod(0o777)
    validations.clear()
    openai_kb.load()
    assert validations


def test_a_link_in_place_of_the_snapshot_is_not_followed(cache: Path, validations: list[str], tmp_path: Path) -> None:
    """A symbolic link where the snapshot should be is not read."""
    openai_kb.load()
    path = _snapshots(cache)[0]
    elsewhere = tmp_path / "elsewhere.json"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    validations.clear()
    openai_kb.load()
    assert validations


def test_user_data_never_uses_a_snapshot(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of the user's, even a byte-for-byte copy of the bundled one, is validated and never written."""
    bundled = openai_kb.load()
    assert len(_snapshots(cache)) == 1
    written = _snapshots(cache)[0].read_bytes()

    def refuse(*args: Any) -> None:
        raise AssertionError("a snapshot was consulted for user data")

    monkeypatch.setattr(snapshot, "_load", refuse)
    monkeypatch.setattr(snapshot, "_save", refuse)
    copy = openai_kb.load(_copy_of_bundled(tmp_path))
    assert copy == bundled
    assert [copy.origin(record)[0] for record in copy] != [bundled.origin(record)[0] for record in bundled]
    assert _snapshots(cache)[0].read_bytes() == written
    assert len(_snapshots(cache)) == 1


def test_bundled_and_user_data_together(tmp_path: Path, cache: Path, validations: list[str]) -> None:
    """load(BUNDLED, mine) reads the bundled part from its snapshot and validates the user's file in full."""
    openai_kb.load()
    mine = tmp_path / "mine.json"
    mine.write_bytes(orjson.dumps({"records": [{"type": "person", "id": "person:ada", "name": "Ada"}]}))
    validations.clear()
    both = openai_kb.load(BUNDLED, mine)
    assert validations == ["mine.json"]
    assert "person:ada" in both
    assert "person:mira-murati" in both


def test_no_snapshot_when_the_folder_is_set_empty(monkeypatch: pytest.MonkeyPatch, validations: list[str]) -> None:
    """OPENAI_KB_CACHE_DIR set empty: nothing is written or read, every load validates."""
    monkeypatch.setenv(snapshot.CACHE_ENV, "")
    assert snapshot.cache_dir() is None
    openai_kb.load()
    openai_kb.load()
    assert len(validations) == 2 * len(list(BUNDLED.glob("*.json")))


def test_a_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validations: list[str]
) -> None:
    """A cache path that is a file, not a folder: loads still work, validating each time."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocker / "cache"))
    assert len(openai_kb.load()) == len(openai_kb.load())
    assert len(validations) == 2 * len(list(BUNDLED.glob("*.json")))


def test_the_default_folder_is_the_platform_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Unset, the folder is the user's cache folder (XDG_CACHE_HOME on Linux)."""
    monkeypatch.delenv(snapshot.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(snapshot.sys, "platform", "linux")
    assert snapshot.cache_dir() == tmp_path / "openai-kb"


def test_old_snapshots_are_pruned(cache: Path) -> None:
    """Each version of the data or code leaves a snapshot; only the newest few are kept."""
    cache.mkdir(mode=0o700)
    for number in range(snapshot.KEPT + 3):
        old = cache / f"bundled-{number:032d}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
    openai_kb.load()
    left = _snapshots(cache)
    assert len(left) == snapshot.KEPT
    assert cache / f"bundled-{snapshot.KEPT + 2:032d}.json" in left
    assert cache / "bundled-00000000000000000000000000000000.json" not in left


@pytest.mark.slow
def test_a_start_with_a_snapshot_builds_no_validator(cache: Path) -> None:
    """What the snapshot is for: a new process loading the bundled data builds none of pydantic's validators."""
    import subprocess
    import sys

    code = (
        "import openai_kb\n"
        "from openai_kb.reading import _store as store\n"
        "kb = openai_kb.load()\n"
        "print(store._file_adapter.cache_info().currsize, len(kb), kb.search('Murati')[0].record.id)\n"
    )
    environment = {**os.environ, snapshot.CACHE_ENV: str(cache)}
    first, second = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
        for _ in range(2)
    )
    records = len(openai_kb.load())
    assert first.stdout.split() == ["1", str(records), "person:mira-murati"]
    assert second.stdout.split() == ["0", str(records), "person:mira-murati"]
