"""What kind of file a path is, in words: for messages that refuse anything but a regular file."""

from __future__ import annotations

import stat

__all__ = ["kind_of"]

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
