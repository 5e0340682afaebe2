"""A very large record, validated a window at a time, so that its problems cost bounded memory.

Pydantic keeps every error of a validation (about 700 bytes each, plus a dict each when read): one
record with a million bad items would cost gigabytes. A record with more than ``LARGE`` values is
first validated with every long list cut to its first ``WINDOW`` items and every object cut to its
field names and ``WINDOW`` other keys; then each further window of each long list is validated in
that list's place. The keys cut off an object that is validated as a model are each an unknown
field. A long list inside an item of another long list past its first window is only cut, not
windowed: that one case is left to the validation of the whole record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from ..models import RECORD_TYPES

__all__ = ["LARGE", "WINDOW", "Cut", "Window", "cut", "is_large", "windows"]

LARGE = 10_000
WINDOW = 1_000

Key = str | int


def is_large(raw: Any) -> bool:
    """Whether ``raw`` holds more than ``LARGE`` values (counted without recursion, stopping early)."""
    count, stack = 0, [raw]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += len(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            count += len(node)
            stack.extend(node)
        if count > LARGE:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Cut:
    """A record with its long lists and objects cut, and what was cut off."""

    data: dict[str, Any]
    long_lists: list[tuple[tuple[Key, ...], list[Any]]]  # where each long list is, and all its items
    dropped_keys: list[tuple[tuple[Key, ...], list[str]]]  # where each cut object is, and the keys cut off


@dataclass(frozen=True, slots=True)
class Window:
    """A copy of the record to validate; ``keys`` is the long list it shows from item ``offset`` on."""

    data: dict[str, Any]
    keys: tuple[Key, ...] | None
    offset: int


@cache
def _field_names() -> frozenset[str]:
    """Every field name of every model, nested ones too: a key that is one of these is never cut off."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo: list[Any] = list(RECORD_TYPES.values())
    while todo:
        annotation = todo.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                continue
            seen.add(annotation)
            names.update(annotation.model_fields)
            todo.extend(field.annotation for field in annotation.model_fields.values())
        else:
            todo.extend(get_args(annotation))
    return frozenset(names)


def cut(raw: dict[str, Any]) -> Cut:
    """``raw`` with every list over ``WINDOW`` items and every object over ``WINDOW`` other keys cut."""
    long_lists: list[tuple[tuple[Key, ...], list[Any]]] = []
    dropped: list[tuple[tuple[Key, ...], list[str]]] = []
    data = _cut(raw, (), long_lists, dropped)
    return Cut(data, long_lists, dropped)


def _cut(node: Any, keys: tuple[Key, ...], long_lists: list[Any], dropped: list[Any]) -> Any:
    stack: list[tuple[Any, tuple[Key, ...], Any, Key | None]] = [(node, keys, None, None)]
    root: Any = None
    while stack:  # without recursion: the record may be deep
        value, where, parent, slot = stack.pop()
        if isinstance(value, dict):
            known = [key for key in value if key in _field_names()]
            others = [key for key in value if key not in _field_names()]
            if len(others) > WINDOW:
                dropped.append((where, others[WINDOW:]))
            kept = set(known) | set(others[:WINDOW])
            copy: Any = {key: None for key in value if key in kept}
            stack.extend((value[key], (*where, key), copy, key) for key in copy)
        elif isinstance(value, list):
            if len(value) > WINDOW:
                long_lists.append((where, value))
            copy = [None] * min(len(value), WINDOW)
            stack.extend((value[index], (*where, index), copy, index) for index in range(len(copy)))
        else:
            copy = value
        if parent is None:
            root = copy
        else:
            parent[slot] = copy
    return root


def windows(first: Cut) -> Iterator[Window]:
    """The cut record, then one copy of it for each further window of each long list of the cut part."""
    yield Window(first.data, None, 0)
    for keys, items in first.long_lists:
        if not _inside(first.data, keys):
            continue  # inside an item past another list's first window: only cut (see the module's note)
        for start in range(WINDOW, len(items), WINDOW):
            window = _cut(items[start : start + WINDOW], keys, [], [])
            yield Window(_replaced(first.data, keys, window), keys, start)


def _inside(data: Any, keys: tuple[Key, ...]) -> bool:
    """Whether the value at ``keys`` is in ``data`` (the cut record)."""
    node = data
    for key in keys:
        if isinstance(node, dict):
            found = key in node
        else:
            found = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if not found:
            return False
        node = node[key]
    return True


def _replaced(data: Any, keys: tuple[Key, ...], value: Any) -> Any:
    """A copy of ``data`` with the value at ``keys`` replaced: only the objects on the way are copied."""
    if not keys:
        return value
    head, rest = keys[0], keys[1:]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], rest, value)
    return copy
