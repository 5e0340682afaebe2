"""Atomic file writes: any reader, and any crash, sees the old file or the whole new one, never half.

Every file the library writes goes through here. Only a regular file, or a name where nothing is
yet, is ever replaced: a device, a named pipe, a socket or a folder is refused and left as it is.
A symbolic link is followed, and what it points at must be a regular file or nothing too.

Every failure is a ``SaveError`` naming the path and the cause: a path that cannot be written, and
bytes that cannot be made (a file's content may be given as the function that encodes it, whose
failure, a lone surrogate or an integer beyond 64 bits in records built without validation, is
one too, before anything is written).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from ..errors import KBError, SaveError, shown
from ..models import Record
from ._file_kinds import NOT_REGULAR, kind_of, mode_of, not_regular
from ._writing import unwritable

__all__ = ["STALE_AFTER", "Content", "encoded", "write_atomically", "write_files_atomically", "write_folder_atomically"]

Content = bytes | Callable[[], bytes]
"""What a file receives: its bytes, or the function that encodes them (called once the path is checked)."""

T = TypeVar("T")

STALE_AFTER = 15 * 60
"""Seconds a temporary file of ours must have gone unmodified before a later save removes it."""

_TEMPORARY = re.compile(r"\.(.+)\.[0-9a-f]{8}\.tmp", re.DOTALL)  # .NAME.xxxxxxxx.tmp, as _create_beside names it
_LONGER = len("..xxxxxxxx.tmp")  # how much longer a temporary file's name is than its target's

_REPLACED = "only a regular file or a new name is replaced"

_HINTS = {
    errno.ELOOP: "(the link leads round in a loop, or through too many links); point it at a file",
    errno.ENAMETOOLONG: f"(saving also needs a temporary name {_LONGER} characters longer); give a shorter name",
}


def write_atomically(path: Path, data: Content, *, records: Iterable[Record] = ()) -> None:
    """Write ``data`` to ``path`` so that any reader, and any crash, sees the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, and the file is
    renamed over ``path`` (``os.replace`` is atomic within one file system). A failure on the way
    removes the temporary file and raises ``SaveError``; the old file is never touched. ``data`` may
    be the function that encodes the bytes: its failure is a ``SaveError`` too, naming the first of
    ``records`` (those being written) that holds what could not be encoded.
    """
    write_files_atomically([(path, data)], records=records)


def write_files_atomically(files: Sequence[tuple[Path, Content]], *, records: Iterable[Record] = ()) -> None:
    """Write several files together: every one is encoded, written and fsynced before the first is renamed.

    So a failure while encoding or writing (a full disk, say) removes every temporary file and
    changes none of the files. Only a failure among the renames, which move no data, can leave some
    replaced and some not; the error then names those replaced. Each target is checked just before
    its rename. ``records`` as ``write_atomically`` takes them.
    """
    targets = [_target(path) for path, _ in files]  # refuse a device, a pipe or a folder before writing
    existed = [mode_of(target) is not None for target in targets]
    contents = [
        data if isinstance(data, bytes) else encoded(data, f"cannot save to {path}", records, "nothing was written")
        for path, data in files
    ]
    _remove_stale(targets)
    count = len(files)
    temporaries: list[Path] = []
    replaced: list[Path] = []
    try:
        for (path, _), data, target in zip(files, contents, targets, strict=True):
            try:
                descriptor, temporary = _create_beside(target)
            except (OSError, ValueError) as error:  # ValueError: a NUL or a lone surrogate in the path
                written = "nothing was written" if count == 1 else _unchanged(replaced, existed)
                raise SaveError(f"cannot save to {_shown(path, error)}: {_reason(error)}; {written}") from error
            temporaries.append(temporary)
            try:
                _fill(descriptor, temporary, target, data)
            except OSError as error:
                left = _unchanged(replaced, existed)
                raise SaveError(f"cannot save to {path}: {_reason(error)}; {left}") from error
        for (path, _), target, temporary in zip(files, targets, temporaries, strict=True):
            changed = _changed_kind(target)
            if changed is not None:
                left = "it was left as it is" if count == 1 else _unchanged(replaced, existed)
                raise SaveError(
                    f"cannot save to {path}: {target} became {changed} while saving, and {_REPLACED}; {left}"
                )
            try:
                os.replace(temporary, target)
            except OSError as error:
                left = _unchanged(replaced, existed)
                raise SaveError(f"cannot save to {path}: {_reason(error)}; {left}") from error
            replaced.append(path)
    except BaseException:
        for temporary in temporaries[len(replaced) :]:
            with suppress(OSError):
                os.unlink(temporary)
        raise
    for folder in dict.fromkeys(target.parent for target in targets):
        _fsync_folder(folder)


def write_folder_atomically(
    folder: Path, files: Sequence[tuple[str, Content]], *, records: Iterable[Record] = ()
) -> list[Path]:
    """Write ``files`` (name and bytes) into ``folder``, created when missing, all together.

    As ``write_files_atomically``; a folder created here is removed again when the save fails
    before anything is in it. Returns the paths written.
    """
    created = _make_folder(folder)
    paths = [folder / name for name, _ in files]
    try:
        write_files_atomically([(path, data) for path, (_, data) in zip(paths, files, strict=True)], records=records)
    except SaveError:
        for level in created:  # deepest first; a folder that is not empty stays
            with suppress(OSError):
                level.rmdir()
        raise
    return paths


def _target(path: Path) -> Path:
    """The file a save replaces: ``path`` or the file its link points at, if a regular file or nothing."""
    try:
        mode: int | None = os.stat(path).st_mode  # follows links, as the save will
    except FileNotFoundError:
        mode = None  # a new file, or a link to where there is none yet
    except (OSError, ValueError) as error:  # ValueError: a NUL or a lone surrogate in the path
        raise SaveError(f"cannot save to {_shown(path, error)}: {_reason(error)}; nothing was written") from error
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path  # replace what a link points at
    if mode is None or stat.S_ISREG(mode):
        return target
    if stat.S_ISDIR(mode):
        raise SaveError(
            f"cannot save to {path}: it is {kind_of(mode)}; give a file name such as {path / 'records.json'}"
        )
    what = not_regular(mode) if target == path else f"it links to {target}, {kind_of(mode)}, {NOT_REGULAR}"
    raise SaveError(f"cannot save to {path}: {what}; {_REPLACED}, so nothing was written")


def _changed_kind(target: Path) -> str | None:
    """Just before the rename: what ``target`` has become if no longer a regular file or nothing.

    ``lstat``, not ``stat``: ``target`` is already what a link pointed at, so a link there now is
    refused too.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)


def encoded(make: Callable[[], T], failed: str, records: Iterable[Record] = (), written: str = "") -> T:
    """What ``make`` returns (a file's bytes, an export's text); its failure is a ``SaveError`` saying
    ``failed`` (``cannot save to PATH``), the cause (the first of ``records`` holding what could not be
    encoded, else the error) and ``written`` (what was written: nothing). Errors of the library's own
    (a ``KBError``) pass as they are.
    """
    try:
        return make()
    except KBError:
        raise
    except Exception as error:  # whatever the encoder raises: orjson's TypeError, UnicodeEncodeError, sqlite3...
        cause = unwritable(records, error) or f"the data cannot be encoded ({type(error).__name__}: {error})"
        raise SaveError(f"{failed}: {cause}{'; ' + written if written else ''}") from error


def _unchanged(replaced: Sequence[Path], existed: Sequence[bool]) -> str:
    """What a failed save left as it was: the truth about the files it was to replace (``existed``: those there)."""
    count = len(existed)
    if count == 1:
        return "the old file is unchanged" if existed[0] else "no file was made"
    if not replaced:
        return f"none of the {count} files was changed"
    names = ", ".join(path.name for path in replaced)
    return f"{len(replaced)} of the {count} files were replaced before this one ({names}); the others are unchanged"


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns those created, deepest first."""
    mode = mode_of(folder)
    if mode is not None and not stat.S_ISDIR(mode):
        raise SaveError(
            f"cannot save into {folder}: it is {kind_of(mode)}, not a folder; give a folder's name; nothing was written"
        )
    missing = []
    for level in (folder, *folder.parents):
        if os.path.lexists(level):
            break
        missing.append(level)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as error:
        shown_folder = _shown(folder, error)
        raise SaveError(f"cannot create the folder {shown_folder}: {_reason(error)}; nothing was written") from error
    return missing


def _remove_stale(targets: Sequence[Path]) -> None:
    """Remove what saves to ``targets`` that were killed part-way left behind, once it is stale.

    Only names ``_create_beside`` makes for these targets, beside them; only regular files (a link
    is not followed, and stays); only those unmodified for ``STALE_AFTER`` seconds. A save in
    progress keeps writing its own; should one be removed all the same, that save fails cleanly
    (its rename finds nothing) and the old file stays. Best effort: a failure here is no error.
    """
    names: dict[Path, set[str]] = {}
    for target in targets:
        names.setdefault(target.parent, set()).add(target.name)
    now = time.time()
    for folder, wanted in names.items():
        try:
            with os.scandir(folder) as entries:
                found = [entry.name for entry in entries if _temporary_of(entry.name) in wanted]
        except OSError:
            continue
        for name in found:
            with suppress(OSError):
                info = os.lstat(folder / name)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
                    os.unlink(folder / name)


def _temporary_of(name: str) -> str | None:
    """The target a temporary file's name is for (``.kb.json.0123abcd.tmp`` -> ``kb.json``), else None."""
    match = _TEMPORARY.fullmatch(name)
    return match[1] if match else None


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty temporary file in ``target``'s folder, created with the usual permissions.

    Its name starts with a dot and ends in ``.tmp``: a save cut short by a crash leaves it behind,
    loading the folder (which reads ``*.json``) passes it by, and a later save removes it.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary  # the umask applies, as for any new file
        except FileExistsError:
            continue


def _fill(descriptor: int, temporary: Path, target: Path, data: bytes) -> None:
    """Write, fsync and close the temporary file, and give it the old file's permissions."""
    try:
        _write_all(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    with suppress(FileNotFoundError):  # keep the old file's permissions
        os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))


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


def _shown(path: Path, error: OSError | ValueError) -> str:
    """The path as a message quotes it: cut short when it is what is too long."""
    text = str(path)
    return shown(text) if getattr(error, "errno", None) == errno.ENAMETOOLONG else repr(text)


def _reason(error: OSError | ValueError) -> str:
    strerror = getattr(error, "strerror", None)
    reason = strerror.lower() if strerror else str(error)
    hint = _HINTS.get(getattr(error, "errno", None) or 0)
    return f"{reason} {hint}" if hint else reason
