"""Checks of what users pass to the library, made once, so every entry point says it the same way."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

__all__ = ["optional_path_argument", "path_argument"]

_A_PATH = "a path (str or os.PathLike)"


def path_argument(value: object, caller: str) -> Path:
    """``value`` as a ``Path``, or a ``TypeError`` naming ``caller``: ``save() expects a path ...``."""
    if isinstance(value, (str, PathLike)):
        return Path(value)
    raise TypeError(f"{caller} expects {_A_PATH}, not {type(value).__name__}")


def optional_path_argument(value: object, caller: str) -> Path | None:
    """As ``path_argument``, where ``None`` (no path) is allowed too."""
    if value is None:
        return None
    if isinstance(value, (str, PathLike)):
        return Path(value)
    raise TypeError(f"{caller} expects {_A_PATH} or None, not {type(value).__name__}")
