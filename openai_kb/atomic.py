"""Atomic file writes: any reader, and any crash, sees the old file or the whole new one, never half."""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from .errors import SaveError

__all__ = ["write_atomically"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that any reader, and any crash, sees the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, and the file is
    renamed over ``path`` (``os.replace`` is atomic within one file system). A failure on the way
    removes the temporary file and raises ``SaveError``; the old file is never touched.
    """
    target = path.resolve() if path.is_symlink() else path  # replace the file a link points at, not the link
    if target.is_dir():
        raise SaveError(f"cannot save to {path}: it is a folder; give a file name such as {path / 'records.json'}")
    folder = target.parent
    try:
        descriptor, temporary = _create_beside(target)
    except (OSError, ValueError) as error:  # ValueError: a NUL or a lone surrogate in the path
        raise SaveError(f"cannot save to {str(path)!r}: {_reason(error)}; nothing was written") from error
    try:
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        with suppress(FileNotFoundError):  # keep the old file's permissions
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise SaveError(f"cannot save to {path}: {_reason(error)}; the old file is unchanged") from error
        raise
    _fsync_folder(folder)


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty temporary file in ``target``'s folder, created with the usual permissions.

    Its name starts with a dot and ends in ``.tmp``: a save cut short by a crash leaves it behind,
    and loading the folder (which reads ``*.json``) passes it by.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary  # the umask applies, as for any new file
        except FileExistsError:
            continue


def _write_all(descriptor: int, data: bytes) -> None:
    """Write every byte: ``os.write`` may write fewer than asked."""
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view[: 1 << 20])
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder, and then it is skipped."""
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


def _reason(error: OSError | ValueError) -> str:
    strerror = getattr(error, "strerror", None)
    return strerror.lower() if strerror else str(error)
