"""What kind of file a path is, in words: the one wording of messages that refuse anything but a regular file.

Loading, saving and reading a source text each take a regular file only; each says what it found
instead in these words (``it is a named pipe (FIFO), not a regular file``) and adds its own remedy.
A file to read is opened with ``READ_FLAGS`` and checked again after opening (``os.fstat``).

What cannot even be looked at is said in words too (``look_up``, ``json_entries``): a dangling link, a
link into a folder one cannot enter, a folder one cannot list. Loading reports each, named directly or
found in a folder; nothing is passed by in silence.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from pathlib import Path

__all__ = ["NOT_REGULAR", "READ_FLAGS", "json_entries", "kind_of", "look_up", "mode_of", "not_regular"]

NOT_REGULAR = "not a regular file"
#: ``os.open`` flags to read a file that may turn out not to be regular: a named pipe with no writer
#: opens at once instead of blocking (and ``fstat`` then refuses it); no newline translation on Windows.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """``"a named pipe (FIFO)"``, ``"a character device"``...: the kind of file ``st_mode`` says."""
    return next((kind for test, kind in _KINDS if test(mode)), "a special file")


def not_regular(mode: int) -> str:
    """``"it is a named pipe (FIFO), not a regular file"``: a refusal of what ``mode`` says, before its remedy."""
    return f"it is {kind_of(mode)}, {NOT_REGULAR}"


def look_up(path: Path) -> int | str | None:
    """``path``'s ``st_mode``, following links; None when nothing is there (or the name is none a file
    can have: a NUL in it); else why it cannot be looked at, in words: a dangling link, permission
    denied on the way to it, a loop of links."""
    try:
        return os.stat(path).st_mode
    except ValueError:
        return None
    except OSError as error:
        return _why_not(path, error)


def _why_not(path: Path, error: OSError) -> str | None:
    try:
        link: str | None = os.readlink(path)
    except (OSError, ValueError):
        link = None
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        if link is None:
            return None
        return (
            f"it is a symbolic link to {link!r}, where there is no file (a dangling link); point it at a data "
            "file, or remove it"
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        where = f"it links to {link!r}, and a folder on that path" if link is not None else "a folder on its path"
        return (
            f"permission denied: {where} cannot be entered (entering takes the x permission); ask for access, "
            "or copy the file where you can read it"
        )
    if error.errno == errno.ELOOP:
        return "the link leads round in a loop, or through too many links; point it at a data file"
    return f"cannot look at it: {(error.strerror or str(error)).lower()}"


def json_entries(folder: Path) -> list[Path] | str:
    """The entries of ``folder`` named ``*.json``, sorted (hidden ones too, as ``Path.glob`` has them), or why
    the folder cannot be listed, in words. ``Path.glob`` passes an unreadable folder by as empty."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if fnmatch.fnmatch(entry.name, "*.json"))
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        if error.errno in (errno.EACCES, errno.EPERM):
            return f"cannot list the folder: {reason} (listing takes the r permission); ask for access"
        return f"cannot list the folder: {reason}"
    return [folder / name for name in names]


def mode_of(path: Path) -> int | None:
    """``path``'s ``st_mode``, following links; None when nothing is there, a link is broken, or the
    name is none a file can have (a NUL or a lone surrogate in it)."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None
