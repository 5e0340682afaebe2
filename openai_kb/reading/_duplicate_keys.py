"""Keys given twice in one JSON object: found and reported, never silently dropped.

Every fast JSON parser (orjson, pydantic's jiter, the standard library's) keeps the last value of
a repeated key and drops the others without a word: a hand-edited record with two ``"name"`` keys
would lose one. Seeing every pair takes the standard library's slower parser, a third of a load,
so a cheap count runs first and the full search only when the count leaves room for a repeat.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ..errors import Problem

__all__ = ["find_duplicate_keys", "may_have_duplicate_keys"]

_FIELDS_SET = attrgetter("__pydantic_fields_set__")
_CHUNK = 1 << 20


def may_have_duplicate_keys(data: bytes, document: BaseModel) -> bool:
    """False when no object of ``data``, validated into ``document``, can have given a key twice.

    Each key in the text ends with a quote and a colon; each validated model remembers the fields
    its object gave (``model_fields_set``). When the text has no more quote-colons than the models
    were given fields, no key came twice. It may have more without a repeat (a quote followed by a
    colon inside a string): ``find_duplicate_keys`` then decides.
    """
    return _key_ends(data) != _fields_given(document)


def _key_ends(data: bytes) -> int:
    """How many times a quote is followed by a colon, once white space is dropped: every key ends so.

    Read a megabyte at a time, so no second copy of a large file is ever held.
    """
    count, last = 0, b""
    for start in range(0, len(data), _CHUNK):
        piece = data[start : start + _CHUNK].translate(None, b" \t\n\r")
        if piece:
            count += piece.count(b'":') + (last == b'"' and piece[:1] == b":")
            last = piece[-1:]
    return count


def _fields_given(document: BaseModel) -> int:
    """How many fields all the models of ``document`` were given, nested ones included.

    Level by level, one class at a time, with C-level ``map`` over ``attrgetter``: a Python loop
    per model would cost more than the search it saves.
    """
    total = 0
    level: list[BaseModel] = [document]
    while level:
        total += _given(level)
        deeper: list[BaseModel] = []
        for kind, models in _by_class(level).items():
            sequences, singles, inner = _nested_fields(kind)
            if sequences:  # tuples of models without models inside (names, evidence): count them now
                total += _given(chain.from_iterable(_values(models, sequences)))
            if singles:
                total += _given(value for value in _values(models, singles) if value is not None)
            for name, many in inner:
                values = map(attrgetter(name), models)
                deeper.extend(chain.from_iterable(values) if many else (v for v in values if v is not None))
        level = deeper
    return total


def _given(models: Iterable[BaseModel]) -> int:
    return sum(map(len, map(_FIELDS_SET, models)))


def _values(models: list[BaseModel], names: tuple[str, ...]) -> Iterator[Any]:
    """The values of these fields of every model, one after the other."""
    if len(names) == 1:
        return map(attrgetter(names[0]), models)
    return chain.from_iterable(map(attrgetter(*names), models))


def _by_class(models: list[BaseModel]) -> dict[type[BaseModel], list[BaseModel]]:
    kinds = set(map(type, models))
    if len(kinds) == 1:  # a data file usually holds one family
        return {kinds.pop(): models}
    grouped: dict[type[BaseModel], list[BaseModel]] = {}
    for model in models:
        grouped.setdefault(type(model), []).append(model)
    return grouped


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return set().union(*(_models_in(arg) for arg in get_args(annotation)))


def _holds_many(annotation: Any) -> bool:
    if get_origin(annotation) in (tuple, list):
        return True
    return any(get_origin(arg) in (tuple, list) for arg in get_args(annotation))


@cache
def _nested_fields(kind: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """The fields of ``kind`` that hold models, as three groups.

    Sequences of models that hold no models, single such models, and the fields whose models hold
    models in turn (with whether they hold a sequence).
    """
    sequences: list[str] = []
    singles: list[str] = []
    inner: list[tuple[str, bool]] = []
    for name, info in kind.model_fields.items():
        models = _models_in(info.annotation)
        if not models:
            continue
        many = _holds_many(info.annotation)
        if any(any(_nested_fields(model)) for model in models if model is not kind):
            inner.append((name, many))
        else:
            (sequences if many else singles).append(name)
    return tuple(sequences), tuple(singles), tuple(inner)


class _Repeats(dict[str, Any]):
    """A JSON object that gave some keys more than once; ``counts`` says how many times each."""

    __slots__ = ("counts",)
    counts: dict[str, int]


def find_duplicate_keys(file: str, data: bytes) -> Iterator[Problem]:
    """Every key given more than once in one object of ``data``, with its record and JSON path.

    A generator: a file with a million repeats yields them one by one, for the caller to cap.
    """
    found = False

    def pairs_to_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) == len(pairs):
            return mapping
        repeated = _Repeats(mapping)
        repeated.counts = {key: count for key, count in Counter(key for key, _ in pairs).items() if count > 1}
        nonlocal found
        found = True
        return repeated

    try:
        document = json.loads(data, object_pairs_hook=pairs_to_object)
    except (ValueError, RecursionError):
        return  # text this parser refuses is reported by the checks that read it
    if found:
        yield from _report(file, document)


def _report(file: str, document: Any) -> Iterator[Problem]:
    """Walk the document in order (without recursion: it may be deep) and place every repeat."""
    stack: list[tuple[Any, str, str | None]] = [(document, "$", None)]
    while stack:
        node, path, record = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Repeats):
                for key, count in node.counts.items():
                    yield Problem(file, record, f"{path}.{key}", _message(key, count))
            stack.extend((value, f"{path}.{key}", record) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            records = path == "$.records"
            for index in reversed(range(len(node))):
                item = node[index]
                item_id = item.get("id") if records and isinstance(item, dict) else None
                stack.append((item, f"{path}[{index}]", item_id if isinstance(item_id, str) else record))


def _message(key: str, count: int) -> str:
    times = "twice" if count == 2 else f"{count} times"
    return (
        f"duplicate key {key!r}: given {times} in one object; JSON readers keep only the last value "
        "and silently drop the others, so keep one"
    )
