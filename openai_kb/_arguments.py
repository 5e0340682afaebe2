"""Checks of what users pass to the library, made once, so every entry point says it the same way."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NotFoundError, QueryError
from .models import Record, RecordTypes

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__all__ = [
    "optional_path_argument",
    "path_argument",
    "positive_int_argument",
    "record_class_argument",
    "record_key",
    "record_not_found",
    "search_arguments",
    "types_argument",
]

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


def positive_int_argument(value: object, name: str) -> None:
    """A ``TypeError`` unless ``value`` is an int, a ``QueryError`` unless it is at least 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise QueryError(f"{name} must be at least 1, not {value:,}")


def search_arguments(query: object, limit: object, score_cutoff: object) -> None:
    """Refuse a query that is no str, a limit that is no whole number >= 0, a cutoff outside 0-100."""
    if not isinstance(query, str):
        raise TypeError(f"search() expects the query as a str, not {type(query).__name__}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError(f"limit must be a whole number >= 0, not {limit!r}")
    if isinstance(score_cutoff, bool) or not isinstance(score_cutoff, (int, float)) or not 0 <= score_cutoff <= 100:
        raise QueryError(f"score_cutoff must be a number from 0 to 100, not {score_cutoff!r}")


def record_key(key: object) -> str:
    """The id a key names: an id as given, or a record's own; a ``TypeError`` for anything else."""
    if isinstance(key, Record):
        return key.id
    if isinstance(key, str):
        return key
    raise TypeError(f"expected a record id (str) or a record, not {type(key).__name__}")


def types_argument(types: Iterable[str] | None, known: RecordTypes) -> frozenset[str] | None:
    """The type tags ``types`` names (one word or several: tags, families, either number), or None for all.

    An unknown word is an ``UnknownKindError`` naming the closest known one.
    """
    if types is None:
        return None
    if isinstance(types, str):
        types = [types]
    try:
        words = list(types)
    except TypeError:
        raise TypeError(f"types must be a record type or an iterable of them, not {type(types).__name__}") from None
    return frozenset(known.kind(word) for word in words)


def record_class_argument(kind: object, types: RecordTypes) -> str | None:
    """The type tag of a record class ``types`` knows as a type of its own, None for a base class
    (``Fact``, ``Entity``: every record of a subclass); a ``TypeError`` for anything but a record class."""
    if not (isinstance(kind, type) and issubclass(kind, Record)):
        given = f"the class {kind.__name__}" if isinstance(kind, type) else type(kind).__name__
        raise TypeError(f"records() expects a record class such as Person or Fact, not {given}")
    type_name = kind.model_fields["type"].default if "type" in kind.model_fields else None
    return type_name if isinstance(type_name, str) and types.get(type_name) is kind else None


_SEARCHED = 80  # characters of a key worth suggesting as a search: a longer one is no name


def record_not_found(key: str, kb: KnowledgeBase) -> NotFoundError:
    """The error for an id no record of ``kb`` has: the ids it may have meant, or else how to find the record.

    Meant: for a key that starts with a type (``person:``, or ``org:`` that the ids of one type start
    with), the ids of that type that start with it
    (an id typed in part), else the records of that type whose names or ids come closest to the rest
    (``kb.closest``), else records of another type with that very rest (``person:openai``:
    ``org:openai``); for any other key, the closest records to it. Where none is meant, the message
    says how to find the record: a search by name (of that type), and a list of the ids, said in
    Python and as ``openai-kb`` commands.
    """
    types = kb.types
    prefix, colon, rest = key.partition(":")
    tag = types.resolve(prefix) if colon and rest.strip() else None
    if tag is None and colon and rest.strip():  # a prefix the ids of one type share (org:, round:)
        kinds = {record.type for record in kb if record.id.partition(":")[0] == prefix}
        tag = kinds.pop() if len(kinds) == 1 else None
    if tag is None:
        meant = [candidate.id for candidate in kb.closest(key)]
    else:
        meant = [record.id for record in kb if record.type == tag and record.id.startswith(key)][:3]
        meant = meant or [candidate.id for candidate in kb.closest(rest, types=[tag])]
        meant = meant or [record.id for record in kb if record.id.partition(":")[2] == rest][:3]
    words = (rest if tag else key).strip()
    family = types.family(tag) if tag else None
    python = f"list the ids with [record.id for record in kb{'.' + family if family else ''}]"
    command = f"list the ids with: openai-kb list {tag + ' ' if tag else ''}--ids"
    if words and len(words) <= _SEARCHED and words.isprintable():
        python = f"Search by name with kb.search({words!r}{f', types={tag!r}' if tag else ''}), or {python}"
        typed = f" -t {tag}" if tag else ""
        command = f"Search by name with: openai-kb search {shlex.quote(words)}{typed}; or {command}"
    else:
        python, command = python[0].upper() + python[1:], command[0].upper() + command[1:]
    return NotFoundError(key, meant, how_to_find=(python + ".", command))
