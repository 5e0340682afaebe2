"""A snapshot of the bundled records, so ``load()`` does not build pydantic's validators at every start.

Validating the bundled data takes a few milliseconds; building the validators that do it takes
most of a start (about 70 ms: the schema of every model, compiled twice). The first ``load()`` of
the bundled data validates it as any data is validated, then writes what came out to the user's
cache folder; later starts rebuild the same records from that file without validation. See
docs/reliability.md ("The snapshot of the bundled data") for what is trusted and why.

- **Only the bundled folder**, loaded by ``load()`` or ``load(BUNDLED, ...)``: any other path, even
  a copy of the same files, is validated in full, and nothing the user passes is ever written.
- **Keyed** by a SHA-256 of the bundled files' names and bytes (read at every load, as a full load
  reads them), of the source of the code that decides what a valid file gives (the models and the
  reader), and of the versions of Python, pydantic and pydantic-core. Any change, and the key is
  another: the snapshot is not used, the data is validated, and a new one is written.
- **Checked before use**: a regular file owned by the user, writable by nobody else, in a folder
  of the same kind, at most 16 MiB, whose header names this key and the SHA-256 of its body. Then
  its JSON is read into exactly the classes and fields the models declare (no other value is
  accepted, and no code is named in it: it is not pickle), and the records go through the same
  checks between records as any data. Anything wrong, and the data is validated in full instead.
- **Stored** in ``$OPENAI_KB_CACHE_DIR`` if set (empty: no snapshot is read or written), else the
  platform's user cache folder: ``$XDG_CACHE_HOME/openai-kb`` or ``~/.cache/openai-kb``,
  ``~/Library/Caches/openai-kb`` on macOS, ``%LOCALAPPDATA%\\openai-kb`` on Windows. A folder that
  cannot be written only means the next start validates again.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, get_args

import orjson
import pydantic_core
from pydantic import BaseModel
from pydantic.version import VERSION as PYDANTIC_VERSION

from ..errors import ProblemLog
from ..models import RECORD_TYPES, RecordTypes
from ._checks import Located, Unvalidated
from ._file_kinds import READ_FLAGS
from ._store import data_files, read_data, read_file

__all__ = ["CACHE_ENV", "cache_dir", "read_bundled"]

CACHE_ENV = "OPENAI_KB_CACHE_DIR"
FORMAT = 2  # what the file holds and how; a new format is a new key (2: each record's source)
MAX_BYTES = 16 * 2**20  # the bundled data's snapshot is about 100 KiB
KEPT = 8  # snapshots kept in the folder (several installed versions may share it), newest first

# The code that decides which records a valid data file gives: a change to it is a new key.
_CODE = (
    "models",
    "reading/_store.py",
    "reading/_fast_path.py",
    "reading/_duplicate_keys.py",
    "reading/_provenance.py",
    "reading/_snapshot.py",
)


class _Refused(Exception):
    """A snapshot that is missing, stale, unreadable or not what this module writes."""


def cache_dir() -> Path | None:
    """Where snapshots are kept; None when ``OPENAI_KB_CACHE_DIR`` is set empty (no snapshot)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openai-kb"


def read_bundled(
    folder: Path, log: ProblemLog, max_file_bytes: int, types: RecordTypes
) -> tuple[list[Located], list[Unvalidated]]:
    """The bundled folder's records: from the snapshot when it matches the files, else validated in full
    (as ``store.read_records`` does) and then written as the snapshot when nothing was wrong."""
    before = log.total
    files = [(file, read_data(file, log, max_file_bytes)) for file in data_files(folder, log)]
    read = [(file, data) for file, data in files if data is not None]
    where = cache_dir()
    key = _key(read) if where is not None and log.total == before else None
    if where is not None and key is not None:
        try:
            return _load(where, key, folder), []
        except (_Refused, OSError, ValueError, TypeError, KeyError, ArithmeticError, RecursionError):
            pass  # missing, stale or damaged: validate in full, as without a snapshot
    located: list[Located] = []
    unvalidated: list[Unvalidated] = []
    for file, data in read:
        read_file(str(file), data, log, located, unvalidated, types)
    if where is not None and key is not None and log.total == before and not unvalidated:
        with suppress(_Refused, OSError, ValueError, TypeError):  # unwritten, the next start validates again
            _save(where, key, folder, located)
    return located, unvalidated


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


def _load(where: Path, key: str, folder: Path) -> list[Located]:
    """The records of a snapshot that passes every check (see the module's note), placed in ``folder``."""
    text = _read_own_file(_path(where, key))
    header, _, body = text.partition(b"\n")
    fields = orjson.loads(header)
    if not isinstance(fields, dict) or fields.get("format") != FORMAT or fields.get("key") != key:
        raise _Refused("another key or format")
    if fields.get("body") != hashlib.sha256(body).hexdigest():
        raise _Refused("the body is not what was written")
    files = orjson.loads(body)
    if not isinstance(files, list):
        raise _Refused("no list of files")
    located: list[Located] = []
    for entry in files:
        if not isinstance(entry, dict) or set(entry) != {"file", "records", "sources"}:
            raise _Refused("a file entry of another shape")
        name, records, sources = entry["file"], entry["records"], entry["sources"]
        if not isinstance(records, list) or not isinstance(sources, list) or len(sources) != len(records):
            raise _Refused("a file entry of another shape")
        if not isinstance(name, str) or "/" in name or "\\" in name:
            raise _Refused("a file name with a folder in it")
        file = str(folder / name)
        for index, (raw, source) in enumerate(zip(records, sources, strict=True)):
            record = _decode(raw)
            if type(record) not in _record_classes() or not (source is None or isinstance(source, str)):
                raise _Refused("a record of no record type, or a source that is no id")
            located.append(Located(record, file, f"$.records[{index}]", source))
    return located


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


def _save(where: Path, key: str, folder: Path, located: list[Located]) -> None:
    """Write the snapshot: to a new private file in the folder, then renamed over its name in one step."""
    files: dict[str, list[Any]] = {}
    sources: dict[str, list[str | None]] = {}
    for item in located:
        file = Path(item.file)
        if file.parent != folder or item.path != f"$.records[{len(files.get(file.name, []))}]":
            raise _Refused("records not placed as a folder's files place them")
        files.setdefault(file.name, []).append(_encode(item.record))
        sources.setdefault(file.name, []).append(item.source)
    body = orjson.dumps(
        [{"file": name, "records": records, "sources": sources[name]} for name, records in files.items()]
    )
    header = orjson.dumps({"format": FORMAT, "key": key, "body": hashlib.sha256(body).hexdigest()})
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = _path(where, key)
    temporary = where / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(header + b"\n" + body)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _prune(where, target)


def _prune(where: Path, kept: Path) -> None:
    """Remove all but the newest ``KEPT`` snapshots: each version of the data or the code leaves one."""
    others = sorted(where.glob("bundled-*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
    for path in [path for path in others if path != kept][KEPT - 1 :]:
        path.unlink(missing_ok=True)


# -- records as JSON values, and back ------------------------------------------------------------


def _models_under(models: Iterator[type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Every model class the records of ``models`` may hold, by name: the only classes a snapshot names."""
    found: dict[str, type[BaseModel]] = {}
    todo: list[Any] = list(models)
    while todo:
        annotation = todo.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if found.setdefault(annotation.__name__, annotation) is not annotation:
                raise TypeError(f"two models named {annotation.__name__}")
            todo.extend(field.annotation for field in annotation.model_fields.values())
        else:
            todo.extend(get_args(annotation))
    return found


@cache
def _classes() -> dict[str, type[BaseModel]]:
    return _models_under(iter(RECORD_TYPES.values()))


@cache
def _record_classes() -> frozenset[type[BaseModel]]:
    return frozenset(RECORD_TYPES.values())


def _encode(value: Any) -> Any:
    """A validated value as JSON: a model as its class, the fields it was given and every field's value."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, BaseModel):
        kind = type(value)
        if _classes().get(kind.__name__) is not kind:
            raise _Refused(f"{kind.__name__} is no built-in model")
        fields = {name: _encode(getattr(value, name)) for name in kind.model_fields}
        return {"model": kind.__name__, "given": sorted(value.model_fields_set), "fields": fields}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    raise _Refused(f"a {type(value).__name__} is not kept in snapshots")


def _decode(value: Any) -> Any:
    """The value ``_encode`` gave, built again without validation: only what ``_encode`` writes is read."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if not isinstance(value, dict):
        raise _Refused("an unknown value")
    if set(value) == {"model", "given", "fields"}:
        kind = _classes().get(value["model"]) if isinstance(value["model"], str) else None
        fields, given = value["fields"], value["given"]
        if kind is None or not isinstance(fields, dict) or fields.keys() != kind.model_fields.keys():
            raise _Refused("a model of another shape")
        if not isinstance(given, list) or not set(given) <= fields.keys():
            raise _Refused("fields given that the model does not have")
        return kind.model_construct(set(given), **{name: _decode(item) for name, item in fields.items()})
    if set(value) == {"decimal"} and isinstance(value["decimal"], str):
        return Decimal(value["decimal"])
    if set(value) == {"datetime"} and isinstance(value["datetime"], str):
        return _datetime().validate_python(value["datetime"])  # pydantic's own time zone class, as validated
    raise _Refused("an unknown value")


@cache
def _datetime() -> pydantic_core.SchemaValidator:
    return pydantic_core.SchemaValidator({"type": "datetime"})
