"""What kind of file a path is, in words: the one wording of messages that refuse anything but a regular file.

Loading, saving and reading a source text each take a regular file only; each says what it found
instead in these words (``it is a named pipe (FIFO), not a regular file``) and adds its own remedy.
A file to read is opened with ``READ_FLAGS`` and checked again after opening (``os.fstat``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NOT_REGULAR", "READ_FLAGS", "kind_of", "mode_of", "not_regular"]

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


def mode_of(path: Path) -> int | None:
    """``path``'s ``st_mode``, following links; None when nothing is there, a link is broken, or the
    name is none a file can have (a NUL or a lone surrogate in it)."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None
