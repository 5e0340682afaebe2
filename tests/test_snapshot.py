"""The cache of the bundled data: a note that lets later starts build the records without validators,
the same records as validation gives, used only when it matches; the folder it lives in, kept tidy."""

from __future__ import annotations

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
    assert set(orjson.loads(_snapshots(cache)[0].read_bytes())) == {"format", "key"}  # no record, no value
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
    assert any(path.name == "_ids_once.py" for path in code)  # every check a file passes, all of reading/
    assert any(path.name == "_rebuild.py" for path in code)
    monkeypatch.setattr(snapshot, "_code_files", lambda: code[1:])
    assert snapshot._key(files) != first


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
        pytest.param(lambda data: data.replace(b'"format":', b'"formal":', 1), id="a byte changed"),
        pytest.param(lambda data: data.replace(b'"key":"', b'"key":"0', 1), id="another key"),
        pytest.param(lambda data: data.replace(b"}", b',"records":[]}', 1), id="a key more"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x80\x81 not json\n[]", id="not json"),
        pytest.param(lambda data: data * 100, id="too long"),
    ],
)
def test_a_damaged_note_is_never_used_and_is_written_again(cache: Path, validations: list[str], damage: Any) -> None:
    """A note that is not exactly what is written: the data is validated in full and the note written again."""
    validated = openai_kb.load()
    path = _snapshots(cache)[0]
    written = path.read_bytes()
    path.write_bytes(damage(written))
    validations.clear()
    assert openai_kb.load() == validated
    assert validations == sorted(path.name for path in BUNDLED.glob("*.json"))
    assert path.read_bytes() == written
    validations.clear()
    openai_kb.load()
    assert validations == []


def test_a_note_is_written_only_when_building_gives_what_validation_gives(
    cache: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records built without validators that differ from validated ones in one value: no note, every start validates."""
    real = snapshot.build_file

    def one_name_changed(name: str, document: Any, types: Any) -> list[Any]:
        located = real(name, document, types)
        if located and isinstance(located[0].record, openai_kb.Person):
            record = located[0].record.model_copy(update={"name": "Someone Else"})
            located[0] = type(located[0])(record, located[0].file, located[0].path, located[0].source)
        return located

    monkeypatch.setattr(snapshot, "build_file", one_name_changed)
    validated = openai_kb.load()
    assert _snapshots(cache) == []
    validations.clear()
    assert openai_kb.load() == validated
    assert validations
    assert openai_kb.load()["person:mira-murati"].name == "Mira Murati"


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

    monkeypatch.setattr(snapshot, "_check_note", refuse)
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


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", snapshot.CACHE_ENV])
def test_a_relative_cache_folder_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str) -> None:
    """A relative XDG_CACHE_HOME (or OPENAI_KB_CACHE_DIR) is ignored, as the XDG specification says:
    the folder is ~/.cache/openai-kb, not one inside the current folder."""
    monkeypatch.delenv(snapshot.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(snapshot.sys, "platform", "linux")
    monkeypatch.setenv(variable, "relative/cache")
    assert snapshot.cache_dir() == tmp_path / "home" / ".cache" / "openai-kb"


def _old_notes(cache: Path, count: int) -> list[Path]:
    """``count`` notes of other versions, oldest first."""
    cache.mkdir(mode=0o700, exist_ok=True)
    made = []
    for number in range(count):
        old = cache / f"bundled-{number:032d}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
        made.append(old)
    return made


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_links_stop_no_pruning_and_are_never_followed_nor_removed(cache: Path, tmp_path: Path) -> None:
    """A dangling link and a link to a file elsewhere, named as notes are: old notes are still pruned, and
    both links and the file a link names stay."""
    made = _old_notes(cache, snapshot.KEPT + 3)
    dangling = cache / f"bundled-{'d' * 32}.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    elsewhere = tmp_path / "precious.json"
    elsewhere.write_text("mine")
    os.utime(elsewhere, (1_000, 1_000))
    linked = cache / f"bundled-{'e' * 32}.json"
    linked.symlink_to(elsewhere)
    openai_kb.load()
    assert [path for path in made if path.exists()] == made[4:]
    assert dangling.is_symlink()
    assert linked.is_symlink()
    assert elsewhere.read_text() == "mine"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user takes root")
def test_pruning_run_as_root_leaves_other_users_files(cache: Path) -> None:
    """Run as root, pruning removes root's own old notes and temporary files only, never another user's."""
    made = _old_notes(cache, snapshot.KEPT + 3)
    temporary = cache / f".bundled-{'a' * 32}.json.{2**22 + 1}.0123abcd.tmp"
    temporary.write_text("")
    os.utime(temporary, (1_000, 1_000))
    for path in [made[0], made[1], temporary]:
        os.chown(path, 12345, 12345)
    openai_kb.load()
    assert [path for path in made if path.exists()] == [made[0], made[1], *made[4:]]  # theirs count for nothing
    assert temporary.exists()


def test_temporary_files_of_killed_writes_are_removed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start removes temporary notes left by killed writes (its process gone, or a minute old); a recent one
    of a live process stays, and so do files of other names."""
    openai_kb.load()
    old = cache / f".bundled-{'a' * 32}.json.{os.getpid()}.0123abcd.tmp"
    recent_gone = cache / f".bundled-{'b' * 32}.json.{_gone_pid()}.0123abcd.tmp"
    recent_live = cache / f".bundled-{'c' * 32}.json.{os.getpid()}.0123abcd.tmp"
    other = cache / ".kb.json.0123abcd.tmp"
    for path in (old, recent_gone, recent_live, other):
        path.write_text("")
    os.utime(old, (1_000, 1_000))
    os.utime(other, (1_000, 1_000))
    openai_kb.load()
    assert sorted(path.name for path in cache.iterdir() if path.name.startswith(".")) == [recent_live.name, other.name]


def _gone_pid() -> int:
    """The id of a process that has ended."""
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(child.stdout)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_temporary_name_that_is_a_link_is_left_alone(cache: Path, tmp_path: Path) -> None:
    """A link named as a temporary note is neither followed nor removed."""
    openai_kb.load()
    target = tmp_path / "keep.txt"
    target.write_text("keep")
    link = cache / f".bundled-{'a' * 32}.json.1.0123abcd.tmp"
    link.symlink_to(target)
    os.utime(link, (1_000, 1_000), follow_symlinks=False)
    openai_kb.load()
    assert link.is_symlink()
    assert target.read_text() == "keep"


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_no_note_is_written_where_others_can_write(cache: Path, validations: list[str]) -> None:
    """A cache folder that others can write (and is not sticky) gets no note: it would never be read."""
    cache.mkdir()
    cache.chmod(0o777)
    openai_kb.load()
    assert list(cache.iterdir()) == []
