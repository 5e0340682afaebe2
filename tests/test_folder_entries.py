"""A folder load reports every ``*.json`` entry it cannot read; a path named directly says why it cannot be read."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import openai_kb
from openai_kb import DataError
from openai_kb.reading import _file_kinds

from .cli import run_cli
from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and permissions as POSIX has them")

DANGLING = (
    "it is a symbolic link to {target!r}, where there is no file (a dangling link); point it at a data file, "
    "or remove it"
)
DENIED_LINK = (
    "permission denied: it links to {target!r}, and a folder on that path cannot be entered (entering takes the "
    "x permission); ask for access, or copy the file where you can read it"
)
DENIED = (
    "permission denied: a folder on its path cannot be entered (entering takes the x permission); ask for access, "
    "or copy the file where you can read it"
)


def _permissions_stop_us() -> bool:
    """Whether a folder of mode 000 stops this process: not as root (or with CAP_DAC_OVERRIDE), as in many CI runs."""
    with tempfile.TemporaryDirectory() as scratch:
        closed = Path(scratch, "closed")
        closed.mkdir(mode=0o000)
        try:
            os.listdir(closed)
        except PermissionError:
            return True
        finally:
            closed.chmod(0o700)
    return False


ROOT_REASON = (
    "runs as root (or with CAP_DAC_OVERRIDE), whom permissions do not stop: a folder of mode 000 is entered all "
    "the same; the tests above simulate the refusal instead"
)


def _problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    return [(problem.file, problem.message) for problem in caught.value.problems]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the tiny fixture's records.json, which loads with no problem."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def test_a_dangling_link_in_a_folder_is_a_problem(folder: Path) -> None:
    """A *.json link to nothing is reported by name, with where it points; the folder's other files still load."""
    link = folder / "notes.json"
    link.symlink_to(folder.parent / "gone" / "notes.json")
    target = str(folder.parent / "gone" / "notes.json")
    assert _problems(folder) == [(str(link), DANGLING.format(target=target))]
    assert _problems(link) == [(str(link), DANGLING.format(target=target))]


def test_validate_does_not_say_no_problems_over_a_dangling_link(folder: Path) -> None:
    """openai-kb validate lists the dangling link and exits 1, where it said '7 records, no problems'."""
    assert run_cli("validate", str(folder)).stdout == "7 records, no problems\n"
    (folder / "later.json").symlink_to("later-draft.json")
    result = run_cli("validate", str(folder))
    assert (result.returncode, result.stdout) == (
        1,
        f"{folder / 'later.json'}: at $: {DANGLING.format(target='later-draft.json')}\n",
    )
    assert result.stderr == "1 problem found\n"


def test_a_loop_of_links_says_so(folder: Path) -> None:
    """Two links pointing at each other are a loop, named as one."""
    (folder / "a.json").symlink_to("b.json")
    (folder / "b.json").symlink_to("a.json")
    loop = "the link leads round in a loop, or through too many links; point it at a data file"
    assert _problems(folder) == [(str(folder / "a.json"), loop), (str(folder / "b.json"), loop)]


def test_a_folder_named_json_is_still_passed_by(folder: Path) -> None:
    """A folder named *.json is no data file: loading the folder around it reads the others, as before."""
    (folder / "archive.json").mkdir()
    assert len(openai_kb.load(folder)) == 7


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Paths whose os.stat is refused as a folder of mode 000 on their way refuses it (root included)."""
    refused: set[str] = set()
    stat = os.stat

    def guarded(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) in refused:  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
        return stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_file_kinds.os, "stat", guarded)
    return refused


def test_a_link_into_a_folder_one_cannot_enter_is_a_problem(folder: Path, denied: set[str]) -> None:
    """Permission denied on a link's target is reported for the link, naming the target, never skipped."""
    link = folder / "secret.json"
    link.symlink_to("/srv/private/secret.json")
    denied.add(str(link))
    expected = [(str(link), DENIED_LINK.format(target="/srv/private/secret.json"))]
    assert _problems(folder) == expected
    assert _problems(link) == expected


def test_a_file_named_directly_behind_a_closed_folder_says_permission(tmp_path: Path, denied: set[str]) -> None:
    """A file in a folder one cannot enter, named directly: permission denied, not 'no such file or folder'."""
    file = tmp_path / "closed" / "records.json"
    denied.add(str(file))
    assert _problems(file) == [(str(file), DENIED)]


@pytest.mark.skipif(not _permissions_stop_us(), reason=ROOT_REASON)
def test_real_permissions_are_reported(folder: Path, tmp_path: Path) -> None:
    """With a real folder of mode 000: the link into it, the file in it named directly, and the folder itself."""
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "x.json").write_text('{"records": []}', encoding="utf-8")
    (folder / "x.json").symlink_to(closed / "x.json")
    closed.chmod(0o000)
    try:
        assert _problems(folder) == [(str(folder / "x.json"), DENIED_LINK.format(target=str(closed / "x.json")))]
        assert _problems(closed / "x.json") == [(str(closed / "x.json"), DENIED)]
        assert _problems(closed) == [
            (str(closed), "cannot list the folder: permission denied (listing takes the r permission); ask for access")
        ]
    finally:
        closed.chmod(0o700)


def test_a_folder_that_cannot_be_listed_says_so(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder whose entries cannot be read is that problem, not 'the folder holds no *.json data files'."""
    scandir = os.scandir

    def refused(path: object) -> object:
        if os.fspath(path) == str(folder):  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(_file_kinds.os, "scandir", refused)
    assert _problems(folder) == [
        (str(folder), "cannot list the folder: permission denied (listing takes the r permission); ask for access")
    ]
