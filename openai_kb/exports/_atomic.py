"""Atomic file writes: a reader sees the old file or the whole new one, never half of it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replacing", "write_atomic"]


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new temporary file beside ``path`` to write; it replaces ``path`` only if the block succeeds.

    The temporary file is in the same folder so that ``os.replace`` is a rename on one file system;
    it is flushed to disk before the rename, and removed if the block raises. It is created with
    mode 0o666 less the umask, as ``open()`` would create ``path``.
    """
    temporary = _create_beside(path)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``replacing``)."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)


def _create_beside(path: Path) -> Path:
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory (expected a file to write)", str(path))
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:  # name the file the user asked for, not the temporary one
            raise type(error)(error.errno, error.strerror, str(path)) from None
        os.close(descriptor)
        return temporary
    raise FileExistsError(17, "cannot create a temporary file beside it", str(path))


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; folders cannot be opened this way on Windows, where it is skipped."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
