"""Data problems in words: pydantic's errors, malformed JSON and values that are no record, each
worded for a person and placed at its JSON path.

Reading a data file (``store``) and building a model in code (``built_in_code``, registered with
``explaining``) word their problems here, so both read alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, get_args

import orjson
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .._explaining import register
from ..errors import DataError, Problem
from ..models import RECORD_TYPES, RecordTypes
from ..models.base import ID_PATTERN, id_problem, lone_surrogate
from ..models.facts import Term
from ..models.sources import MAX_OFFSET

# The names keep the leading underscore they had in ``store``: they moved here unchanged.
__all__ = ["built_in_code"]


def _malformed(error: orjson.JSONDecodeError) -> str:
    where = f"line {error.lineno}, column {error.colno}"
    if error.msg == "number is infinity when parsed as double":
        return f"number too large at {where}: a number must stay below about 1.8e308"
    return f"malformed JSON at {where}: {error.msg}"


_UNKNOWN_FIELD = "unknown field (not part of the model; check the spelling)"


def _record_id(raw: dict[str, Any]) -> str | None:
    """The id a bad record gives, to name it in messages: when it is a string of a sensible length."""
    value = raw.get("id")
    return value if isinstance(value, str) and len(value) <= _MAX_ID else None


_MAX_ID = 200


def _preview(value: Any) -> str:
    """A short description of a value that is no record: its text when short, else its kind."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a {type(value).__name__} of {len(value)} items"
    return _short(value)


def _short(value: Any) -> str:
    """``repr(value)``, cut to 80 characters; a huge integer by its size (its repr may not even exist)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        digits = math.floor(math.log10(abs(value))) + 1
        return f"an integer of {digits:,} digits"
    try:
        text = repr(value)
    except Exception:  # a user's object whose repr fails is still no record
        return f"a {type(value).__name__}"
    return _cut(text)


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _without_echoes(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop a list's "too short" error when it only echoes the failure of an item inside it."""
    locs = [detail["loc"] for detail in details]
    return [
        detail
        for detail in details
        if detail["type"] != "too_short"
        or not any(len(loc) > len(detail["loc"]) and loc[: len(detail["loc"])] == detail["loc"] for loc in locs)
    ]


def _json_path(raw: Any, detail: ErrorDetails, path: str) -> str:
    node = raw
    for part in detail["loc"]:
        if isinstance(part, int):
            path += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict) and part not in node and part in (node.get("type"), node.get("kind")):
            continue  # pydantic names the tag of a discriminated union; it is no field of the JSON
        else:
            path += f".{part}"
            node = node.get(part) if isinstance(node, dict) else None
    return path


def _message(detail: ErrorDetails, types: RecordTypes) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return _UNKNOWN_FIELD
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        field = str(detail.get("ctx", {}).get("discriminator", "")).strip("'")
        if field == "type" and kind == "union_tag_invalid":
            return _unknown_type(detail["ctx"]["tag"], types)
        subject, tags = ("a record", tuple(types)) if field == "type" else _TAGS.get(field, ("an object", ()))
        expected = ", ".join(map(repr, tags))
        if kind == "union_tag_not_found":
            return f'missing "{field}": {subject} must say which {field} it is, one of {expected}'
        noun = "record type" if field == "type" else field
        return f"unknown {noun} {_cut(repr(detail['ctx']['tag']))}; expected one of {expected}"
    if kind == "too_short" and detail["loc"][-1:] == ("evidence",):
        return "a fact needs evidence: at least one quote from its source (got none)"
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = id_problem(str(detail.get("input")))  # the pattern itself would say little
    if kind == "string_unicode" and isinstance(detail.get("input"), str):
        message = lone_surrogate(detail["input"])
    if kind == "timezone_aware":
        message = "a date and time needs its UTC offset, such as 2024-10-14T09:31:00+08:00 or ...Z"
    value = detail.get("input")
    if kind == "int_type" and isinstance(value, float) and value.is_integer() and abs(value) > MAX_OFFSET:
        # a whole number too large for the reader that gave it (orjson reads ints beyond 64 bits as floats)
        message = (
            "Input should be greater than or equal to 0"
            if value < 0
            else f"Input should be less than or equal to {MAX_OFFSET}"
        )
    if isinstance(value, Decimal):
        message += f" (got {_cut(str(value))})"
    elif isinstance(value, (str, int, float, bool)) or value is None:
        shown = _short(value)
        if shown not in message:  # unless the message quotes the value already
            message += f" (got {shown})"
    return message


_TAGS: dict[str, tuple[str, tuple[str, ...]]] = {  # each field other than "type" that says which model an object is
    "kind": ("a term", tuple(model.model_fields["kind"].default for model in get_args(get_args(Term)[0]))),
}


def built_in_code(model: type, data: Mapping[str, Any], error: ValidationError) -> DataError:
    """The ``DataError`` a model built in code raises: each problem placed at ``Model(...)``, its id and field.

    Worded as loading words a data file's problems (``_message``), so ``Source(published="yesterday")``
    and a file that says the same read alike.
    """
    record_id = _record_id(dict(data))
    where = f"{getattr(model, '__name__', 'Model')}(...)"
    return DataError(
        Problem(where, record_id, _json_path(data, detail, "$"), _message(detail, RECORD_TYPES))
        for detail in _without_echoes(error.errors())
    )


register(built_in_code)


def _unknown_type(tag: object, types: RecordTypes) -> str:
    """Say which tag a near miss meant (``claims``, ``Claim``, ``persons``), else how a model of one's own is passed in.

    A data file names a record's type by its tag, exactly; the words ``kind`` takes besides
    (families, plurals, any case) and close misspellings are only suggested.
    """
    known = f"known types: {', '.join(types)}"
    if not isinstance(tag, str) or not tag:
        return f"unknown record type {_cut(repr(tag))}; {known}"
    meant = types.resolve(tag) or types.resolve(types.closest(tag) or "")
    if meant is not None:
        exact = "a data file gives the type tag exactly"
        return f"unknown record type {_cut(repr(tag))}; did you mean {meant!r}? ({exact}; {known})"
    model = "".join(part.capitalize() for part in tag.split("_")) or "MyRecord"
    how = f"if it is a model of your own, pass it: openai_kb.load(path, types=[{_cut(model)}])"
    return f"unknown record type {_cut(repr(tag))}; {known}; {how}"
