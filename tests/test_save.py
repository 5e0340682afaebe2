"""Saving: the format load reads, byte-stable, and atomic: a save cut short leaves the old file whole."""

from __future__ import annotations

import difflib
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase, SaveError
from openai_kb.reading import _atomic as atomic_module
from openai_kb.reading._atomic import STALE_AFTER
from openai_kb.reading._store import dumps_records

from .conftest import FIXTURES


def _temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_round_trip_of_the_bundled_knowledge_base(kb: KnowledgeBase, tmp_path: Path) -> None:
    """load(save(kb)) == kb, and saving what was loaded gives the same bytes again; the file names the
    article as the source of the records without evidence (the people), as the bundled files do."""
    first = tmp_path / "all.json"
    kb.save(first)
    again = openai_kb.load(first)
    assert again == kb
    second = tmp_path / "again.json"
    again.save(second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == dumps_records(kb, None, {"source": "source:huaxia-2024-10-14-openai"})


def test_a_change_shows_as_a_small_diff(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Replacing one record changes only that record's lines in the saved file."""
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    kb.save(before)
    nvidia = kb["org:nvidia"].model_copy(update={"location": "Santa Clara"})
    kb.replace(nvidia).save(after)
    diff = [
        line
        for line in difflib.unified_diff(before.read_text().splitlines(), after.read_text().splitlines(), n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert diff == ['+      "location": "Santa Clara",']


def test_schema_is_written_when_asked(tmp_path: Path) -> None:
    """$schema is left out unless given, then written first (before the records' source)."""
    kb = openai_kb.load(FIXTURES / "mini")
    plain, pointed = tmp_path / "plain.json", tmp_path / "pointed.json"
    kb.save(plain)
    kb.save(pointed, schema="records.schema.json")
    assert list(orjson.loads(plain.read_bytes())) == ["source", "records"]
    assert list(orjson.loads(pointed.read_bytes())) == ["$schema", "source", "records"]
    assert openai_kb.load(pointed) == openai_kb.load(plain) == kb


def test_a_failing_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error halfway through writing (here, a full disk after half the bytes) keeps the old file intact."""
    target = tmp_path / "kb.json"
    old = openai_kb.load(FIXTURES / "mini")
    old.save(target)
    old_bytes = target.read_bytes()
    new = old.add(openai_kb.Person(id="person:grace", name="Grace Hopper"))

    def half_then_full(descriptor: int, data: bytes) -> None:
        os.write(descriptor, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module, "_write_all", half_then_full)
    with pytest.raises(SaveError) as caught:
        new.save(target)
    assert str(caught.value) == f"cannot save to {target}: no space left on device; the old file is unchanged"
    assert isinstance(caught.value, OSError)
    assert target.read_bytes() == old_bytes
    assert openai_kb.load(target) == old
    assert _temporaries(tmp_path) == []


def test_an_interrupted_save_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any exception (here KeyboardInterrupt before the rename) propagates as is and changes nothing."""
    target = tmp_path / "kb.json"
    old = openai_kb.load(FIXTURES / "mini")
    old.save(target)

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        old.add(openai_kb.Person(id="person:grace", name="Grace Hopper")).save(target)
    assert openai_kb.load(target) == old
    assert _temporaries(tmp_path) == []


CRASH = """
import os, sys
import openai_kb
from openai_kb.reading import _atomic as atomic

def crash_halfway(descriptor, data):
    os.write(descriptor, data[: len(data) // 2])
    os._exit(9)  # the process dies: no cleanup, no exception handling

atomic._write_all = crash_halfway
kb = openai_kb.load()
kb.add(openai_kb.Person(id="person:grace", name="Grace Hopper")).save(sys.argv[1])
"""


@pytest.mark.slow
def test_a_process_killed_mid_save_leaves_the_old_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A process that dies halfway through a save leaves the old file, which still loads; the folder too."""
    target = tmp_path / "kb.json"
    kb.save(target)
    old_bytes = target.read_bytes()
    result = subprocess.run([sys.executable, "-c", CRASH, str(target)], capture_output=True, check=False)
    assert result.returncode == 9, result.stderr
    assert target.read_bytes() == old_bytes
    (leftover,) = _temporaries(tmp_path)
    assert leftover.startswith(".kb.json.")
    assert 0 < (tmp_path / leftover).stat().st_size < len(old_bytes)
    assert openai_kb.load(tmp_path) == kb  # the leftover is no *.json: loading the folder passes it by
    kb.save(target)  # and the next save works
    assert openai_kb.load(target) == kb


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permissions_are_kept(tmp_path: Path) -> None:
    """Saving over a file keeps its permissions; a new file gets the usual ones (the umask applies)."""
    kb = openai_kb.load(FIXTURES / "mini")
    target = tmp_path / "kb.json"
    kb.save(target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    kb.save(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_through_a_link_replaces_the_file_it_points_at(tmp_path: Path) -> None:
    """A link stays a link: the file it points at is replaced."""
    kb = openai_kb.load(FIXTURES / "mini")
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    kb.save(link)
    assert link.is_symlink()
    assert openai_kb.load(real) == kb


def test_save_errors(tmp_path: Path) -> None:
    """A folder, a missing folder or a non-path: a clear SaveError or TypeError, nothing written."""
    kb = openai_kb.load(FIXTURES / "mini")
    with pytest.raises(SaveError) as caught:
        kb.save(tmp_path)
    assert str(caught.value) == (
        f"cannot save to {tmp_path}: it is a folder; give a file name such as {tmp_path / 'records.json'}"
    )
    missing = tmp_path / "nope" / "kb.json"
    with pytest.raises(SaveError) as caught:
        kb.save(missing)
    assert str(caught.value) == f"cannot save to {str(missing)!r}: no such file or directory; nothing was written"
    with pytest.raises(SaveError, match=r"cannot save to '.*a\\x00b': embedded null byte; nothing was written"):
        kb.save(tmp_path / "a\x00b")
    with pytest.raises(SaveError, match="surrogates not allowed; nothing was written"):
        kb.save(tmp_path / "\ud800.json")
    with pytest.raises(TypeError, match=r"save\(\) expects a path \(str or os.PathLike\), not int"):
        kb.save(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="schema must be a str or None, not bool"):
        kb.save(tmp_path / "kb.json", schema=True)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_save_returns_the_path_it_wrote(kb: KnowledgeBase, tmp_path: Path) -> None:
    """save returns the path written, so load(kb.save(path)) == kb reads as it is said."""
    written = kb.save(str(tmp_path / "kb.json"))
    assert written == tmp_path / "kb.json"
    assert openai_kb.load(kb.save(tmp_path / "again.json")) == kb


# -- what a save may replace -------------------------------------------------------------------

NOT_REGULAR = "not a regular file; only a regular file or a new name is replaced, so nothing was written"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_and_left_in_place(tmp_path: Path) -> None:
    """Saving onto a FIFO, or a link to one, is a SaveError; the FIFO stays a FIFO and nothing is written."""
    kb = openai_kb.load(FIXTURES / "mini")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    with pytest.raises(SaveError) as caught:
        kb.save(fifo)
    assert str(caught.value) == f"cannot save to {fifo}: it is a named pipe (FIFO), {NOT_REGULAR}"
    with pytest.raises(SaveError) as caught:
        kb.save(link)
    assert str(caught.value) == (
        f"cannot save to {link}: it links to {os.path.realpath(fifo)}, a named pipe (FIFO), {NOT_REGULAR}"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert link.is_symlink()
    assert _temporaries(tmp_path) == []


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="UNIX sockets")
def test_a_socket_is_refused_and_left_in_place(tmp_path: Path) -> None:
    """Saving onto a UNIX socket is a SaveError that leaves the socket where it is."""
    path = tmp_path / "kb.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(SaveError) as caught:
            openai_kb.load(FIXTURES / "mini").save(path)
    assert str(caught.value) == f"cannot save to {path}: it is a socket, {NOT_REGULAR}"
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    assert _temporaries(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check a save starts with refuses /dev/null, and a link to it, by looking only (stat)."""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the check must not write")  # a guard: /dev is never written to by this test

    for name in ("open", "replace", "rename", "unlink", "chmod"):
        monkeypatch.setattr(atomic_module.os, name, never)
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    with pytest.raises(SaveError) as caught:
        atomic_module._target(Path("/dev/null"))
    assert str(caught.value) == f"cannot save to /dev/null: it is a character device, {NOT_REGULAR}"
    with pytest.raises(SaveError) as caught:
        atomic_module._target(link)
    assert str(caught.value) == f"cannot save to {link}: it links to /dev/null, a character device, {NOT_REGULAR}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_the_target_is_checked_again_just_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file swapped for a FIFO while the save writes is not replaced: the FIFO stays, no temporary is left."""
    target = tmp_path / "kb.json"
    kb = openai_kb.load(FIXTURES / "mini")
    kb.save(target)
    write_all = atomic_module._write_all

    def write_then_swap(descriptor: int, data: bytes) -> None:
        write_all(descriptor, data)
        target.unlink()
        os.mkfifo(target)

    monkeypatch.setattr(atomic_module, "_write_all", write_then_swap)
    with pytest.raises(SaveError) as caught:
        kb.save(target)
    assert str(caught.value) == (
        f"cannot save to {target}: {target} became a named pipe (FIFO) while saving, and only a regular file "
        "or a new name is replaced; it was left as it is"
    )
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert _temporaries(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_loop_is_a_save_error(tmp_path: Path) -> None:
    """A link that leads round in a loop is a SaveError saying so (it was a bare RuntimeError)."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(tmp_path / "back.json")
    (tmp_path / "back.json").symlink_to(loop)
    with pytest.raises(SaveError) as caught:
        openai_kb.load(FIXTURES / "mini").save(loop)
    assert str(caught.value) == (
        f"cannot save to {str(loop)!r}: too many levels of symbolic links (the link leads round in a loop, "
        "or through too many links); point it at a file; nothing was written"
    )


def test_a_name_too_long_is_a_save_error(tmp_path: Path) -> None:
    """A name too long for the file system, or too long to add the temporary's 14 characters, is a SaveError."""
    kb = openai_kb.load(FIXTURES / "mini")
    for length in (300, 250):  # 250 is a valid name, but its temporary's name is not
        path = tmp_path / ("a" * length)
        with pytest.raises(SaveError) as caught:
            kb.save(path)
        shown_path = f"{str(path)[:80]!r}... ({len(str(path)):,} characters)"
        assert str(caught.value) == (
            f"cannot save to {shown_path}: file name too long (saving also needs a temporary name 14 characters "
            "longer); give a shorter name; nothing was written"
        )
    assert list(tmp_path.iterdir()) == []


# -- temporary files left by killed saves ------------------------------------------------------


def _aged(path: Path, seconds: float) -> Path:
    """Set ``path``'s modification time ``seconds`` into the past, without following a link."""
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def test_stale_temporaries_of_the_same_target_are_removed(tmp_path: Path) -> None:
    """A save removes its own target's leftover .tmp files unmodified for 15 minutes, and nothing else."""
    target = tmp_path / "kb.json"
    stale = STALE_AFTER + 60
    removed = _aged(_write(tmp_path / ".kb.json.0123abcd.tmp"), stale)
    fresh = tmp_path / ".kb.json.89abcdef.tmp"  # a save in progress elsewhere: recently written
    fresh.write_bytes(b"being written")
    _aged(fresh, STALE_AFTER - 60)
    kept = {
        fresh.name,
        _aged(_write(tmp_path / ".other.json.0123abcd.tmp"), stale).name,  # another target's
        _aged(_write(tmp_path / ".kb.json.0123ABCD.tmp"), stale).name,  # not our naming
        _aged(_write(tmp_path / ".kb.json.0123abc.tmp"), stale).name,
        _aged(_write(tmp_path / "kb.json.0123abcd.tmp"), stale).name,
    }
    precious = _write(tmp_path / "precious.txt")
    link = tmp_path / ".kb.json.feedface.tmp"  # a link of our naming: never followed, never removed
    link.symlink_to(precious)
    _aged(link, stale)
    kept.add(link.name)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / ".kb.json.deadbeef.tmp")  # not a regular file: left alone
        kept.add(_aged(tmp_path / ".kb.json.deadbeef.tmp", stale).name)
    openai_kb.load(FIXTURES / "mini").save(target)
    assert _temporaries(tmp_path) == sorted(kept)
    assert not removed.exists()
    assert precious.read_bytes() == b"mine"


@pytest.mark.slow
def test_a_killed_save_leaves_a_temporary_the_next_save_removes_once_stale(kb: KnowledgeBase, tmp_path: Path) -> None:
    """What a process killed mid-save leaves is kept while fresh, and removed by a save once stale."""
    target = tmp_path / "kb.json"
    kb.save(target)
    result = subprocess.run([sys.executable, "-c", CRASH, str(target)], capture_output=True, check=False)
    assert result.returncode == 9, result.stderr
    (leftover,) = _temporaries(tmp_path)
    kb.save(target)
    assert _temporaries(tmp_path) == [leftover]
    _aged(tmp_path / leftover, STALE_AFTER + 1)
    kb.save(target)
    assert _temporaries(tmp_path) == []


def _write(path: Path) -> Path:
    path.write_bytes(b"mine")
    return path
