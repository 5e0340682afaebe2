"""A note that the bundled records can be built without pydantic's validators, so ``load()`` starts fast.

Validating the bundled data takes a few milliseconds; building the validators that do it takes
most of a start (about 30 ms: the schema of every model). The first ``load()`` of the bundled data
validates it as any data is validated, and builds it a second way, from the same parsed JSON by
the models' annotations alone (``_rebuild``); when both give the very same records, it writes a
note saying so to the user's cache folder. Later starts that find the note build the records that
second way. See docs/reliability.md ("The snapshot of the bundled data") for what is promised.

- **The note holds no record**: only its format and its key. Every record is built from the bundled
  files, which are read at every start anyway; nothing in the cache decides any value, so a note
  edited by hand can change nothing but whether the data is validated in full.
- **Only the bundled folder**, loaded by ``load()`` or ``load(BUNDLED, ...)``: any other path, even
  a copy of the same files, is validated in full, and nothing the user passes is ever written.
- **Keyed** by a SHA-256 of the bundled files' names and bytes, of the source of the code that
  decides what a valid file gives (``models/`` and ``reading/``, the builder too), and of the versions of
  Python, pydantic and pydantic-core. Any change, and the key is another: the data is validated,
  built the second way and compared again, and a new note written when they agree.
- **Checked before use**: a regular file owned by the user, writable by nobody else, in a folder of
  the same kind, at most ``MAX_BYTES``, holding exactly this format and key. Anything wrong, or
  anything raised while building, and the data is validated in full and the note written again:
  nothing about the cache ever raises.
- **Stored** in ``$OPENAI_KB_CACHE_DIR`` if set to an absolute path (empty: no note is read or
  written), else the platform's user cache folder: ``$XDG_CACHE_HOME/openai-kb`` (when absolute, as
  the XDG specification says) or ``~/.cache/openai-kb``, ``~/Library/Caches/openai-kb`` on macOS,
  ``%LOCALAPPDATA%\\openai-kb`` on Windows. A folder that cannot be written only means the next
  start validates again. Writing one prunes the folder: the ``KEPT`` newest notes stay, and
  temporary files of killed writes go once stale; only the user's own regular files are touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import time
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pydantic_core
from pydantic.version import VERSION as PYDANTIC_VERSION

from ..errors import ProblemLog
from ..models import RecordTypes
from ._checks import Located, Unvalidated
from ._file_kinds import READ_FLAGS
from ._rebuild import build_file, same_records
from ._store import data_files, read_data, read_file

__all__ = ["CACHE_ENV", "cache_dir", "read_bundled"]

CACHE_ENV = "OPENAI_KB_CACHE_DIR"
FORMAT = 3  # what the file holds: 3, a note of the key alone (2 held every record, trusted as written)
MAX_BYTES = 4096  # a note is about 100 bytes
KEPT = 8  # notes kept in the folder (several installed versions may share it), newest first

# The code that decides which records a valid data file gives, and how the builder builds them: a
# change to it is a new key. All of reading/, so that no check a file passes is left out.
_CODE = ("models", "reading")


class _Refused(Exception):
    """A note that is missing, stale, unreadable or not what this module writes."""


def cache_dir() -> Path | None:
    """Where notes are kept; None when ``OPENAI_KB_CACHE_DIR`` is set empty (no note).

    A relative path in any of the variables read here is ignored, as the XDG specification says of
    ``XDG_CACHE_HOME``: it would name another folder in each folder a program starts in.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "":
        return None
    if chosen is not None and os.path.isabs(chosen):
        return Path(chosen)
    if sys.platform == "win32":
        base = _absolute("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = _absolute("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openai-kb"


def _absolute(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value and os.path.isabs(value) else None


def read_bundled(
    folder: Path, log: ProblemLog, max_file_bytes: int, types: RecordTypes
) -> tuple[list[Located], list[Unvalidated]]:
    """The bundled folder's records: built from its files when a note says that gives what validation
    gives (see the module's note), else validated in full (as ``store.read_records`` does) and the
    note written when nothing was wrong and both ways agree."""
    before = log.total
    files = [(file, read_data(file, log, max_file_bytes)) for file in data_files(folder, log)]
    read = [(file, data) for file, data in files if data is not None]
    where, key = None, None
    with suppress(Exception):  # no home folder, code files that cannot be read: no cache, as if turned off
        where = cache_dir()
        key = _key(read) if where is not None and log.total == before else None
    if where is not None and key is not None:
        try:
            _check_note(where, key)
            built = _built(read, types)
        except Exception:  # missing, stale, damaged, foreign or unbuildable: validate in full
            pass
        else:
            _prune(where, _path(where, key))
            return built, []
    located: list[Located] = []
    unvalidated: list[Unvalidated] = []
    for file, data in read:
        read_file(str(file), data, log, located, unvalidated, types)
    if where is not None and key is not None and log.total == before and not unvalidated:
        with suppress(Exception):  # unwritten, the next start validates again
            if same_records(_built(read, types), located):
                _save(where, key)
    return located, unvalidated


def _built(read: list[tuple[Path, bytes]], types: RecordTypes) -> list[Located]:
    """The records of the files ``read``, built from their JSON by ``_rebuild``."""
    located: list[Located] = []
    for file, data in read:
        located.extend(build_file(str(file), orjson.loads(data), types))
    return located


def _key(files: list[tuple[Path, bytes]]) -> str:
    """The SHA-256 of what the records depend on: the files, the code that validates them, the versions."""
    digest = hashlib.sha256()
    versions = (FORMAT, sys.version, PYDANTIC_VERSION, pydantic_core.__version__)
    digest.update(orjson.dumps([str(part) for part in versions]))
    for path in _code_files():
        _add(digest, path.relative_to(_PACKAGE).as_posix(), path.read_bytes())
    for file, data in files:
        _add(digest, file.name, data)
    return digest.hexdigest()


_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def _code_files() -> tuple[Path, ...]:
    found: list[Path] = []
    for name in _CODE:
        path = _PACKAGE / name
        found.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return tuple(found)


def _add(digest: Any, name: str, data: bytes) -> None:
    """Add a named piece, its name and length first, so no two sets of pieces hash alike."""
    label = name.encode("utf-8", "surrogateescape")
    digest.update(b"%d:%b:%d:" % (len(label), label, len(data)))
    digest.update(data)


def _path(where: Path, key: str) -> Path:
    return where / f"bundled-{key[:32]}.json"


def _check_note(where: Path, key: str) -> None:
    """Refuse a note that is not exactly the one ``_save`` writes for ``key``, as this user's own file."""
    if orjson.loads(_read_own_file(_path(where, key))) != _note(key):
        raise _Refused("another key or format")


def _note(key: str) -> dict[str, Any]:
    return {"format": FORMAT, "key": key}


def _read_own_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of this user's that nobody else can write (POSIX)."""
    flags = READ_FLAGS | getattr(os, "O_NOFOLLOW", 0)
    _check_owned(os.stat(path.parent), folder=True)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            raise _Refused("not a regular file of a snapshot's size")
        _check_owned(status, folder=False)
        return handle.read(MAX_BYTES + 1)


def _check_owned(status: os.stat_result, *, folder: bool) -> None:
    if not hasattr(os, "getuid"):  # Windows: the user's own LOCALAPPDATA
        return
    if status.st_uid != os.getuid():
        raise _Refused("owned by another user")
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not (folder and status.st_mode & stat.S_ISVTX):
        raise _Refused("writable by others")


def _save(where: Path, key: str) -> None:
    """Write the note: to a new private file in the folder, then renamed over its name in one step."""
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_owned(os.stat(where), folder=True)  # a note where it would not be read is not written
    target = _path(where, key)
    temporary = where / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(orjson.dumps(_note(key)) + b"\n")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _prune(where, target)


_NOTE = re.compile(r"bundled-[0-9a-f]{32}\.json")
_TEMPORARY = re.compile(r"\.bundled-[0-9a-f]{32}\.json\.([0-9]+)\.[0-9a-f]{8}\.tmp")  # as _save names them
LEFT_AFTER = 60  # seconds after which a temporary file is a killed write's, whatever its process id says


def _prune(where: Path, kept: Path) -> None:
    """Tidy the folder, after a note is read or written: remove all but the newest ``KEPT`` notes (each
    version of the data or the code leaves one), and the temporary files of writes killed part-way.

    Only in a folder of the user's own that nobody else can write, and only regular files of the
    user's own with the names ``_save`` gives: a link is never followed nor removed (a dangling one is
    skipped), and run as root, files of other users stay. A temporary file is a killed write's when
    the process its name gives is gone or it is over ``LEFT_AFTER`` seconds old; removing one still
    being written costs that write only (its rename fails, and the next start writes the note).
    Best effort: it never raises, and a file that cannot be looked at or removed is skipped.
    """
    with suppress(Exception):
        _check_owned(os.stat(where), folder=True)
        now = time.time()
        notes: list[tuple[float, str]] = []
        with os.scandir(where) as entries:
            found = [entry for entry in entries if _NOTE.fullmatch(entry.name) or _TEMPORARY.fullmatch(entry.name)]
        for entry in found:
            try:
                status = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(status.st_mode):
                    continue
                _check_owned(status, folder=False)
            except (OSError, _Refused):
                continue
            temporary = _TEMPORARY.fullmatch(entry.name)
            if temporary is not None:
                if now - status.st_mtime > LEFT_AFTER or _gone(int(temporary.group(1))):
                    with suppress(OSError):
                        os.unlink(entry.path)
            elif entry.name != kept.name:
                notes.append((status.st_mtime, entry.path))
        for _, path in sorted(notes, reverse=True)[KEPT - 1 :]:
            with suppress(OSError):
                os.unlink(path)


def _gone(pid: int) -> bool:
    """Whether no process has this id (POSIX; elsewhere, or when unsure, False)."""
    if os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False
