"""JSON in and out: read data files into validated records, every problem reported with its place."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, create_model
from pydantic_core import ErrorDetails

from .checks import Located
from .duplicate_keys import find_duplicate_keys, may_have_duplicate_keys
from .errors import Problem
from .models import RECORD_TYPES, Record, RecordTypes
from .models.base import ID_PATTERN, id_problem

__all__ = [
    "SCHEMA_REF",
    "bundled_data_dir",
    "dumps_records",
    "gc_paused",
    "locate_records",
    "read_records",
    "record_data",
    "validate_record",
]

SCHEMA_REF = "schema/records.schema.json"


def bundled_data_dir() -> Path:
    """The data shipped with the package: inside the wheel, or ``data/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled data is missing: neither {here / '_data'} nor {here.parent / 'data'} exists")


def read_records(path: Path, types: RecordTypes = RECORD_TYPES) -> tuple[list[Located], list[Problem]]:
    """Read a data file, or every ``*.json`` file of a folder, into records of ``types`` and the problems found."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file())
        if not files:
            return [], [Problem(str(path), None, "$", "the folder holds no *.json data files")]
    elif path.is_file():
        files = [path]
    else:
        return [], [Problem(str(path), None, "$", "no such file or folder")]
    located: list[Located] = []
    problems: list[Problem] = []
    for file in files:
        file_records, file_problems = _read_file(file, types)
        located.extend(file_records)
        problems.extend(file_problems)
    return located, problems


@cache
def _file_adapter(types: RecordTypes = RECORD_TYPES) -> TypeAdapter[Any]:
    """A whole data file's validator, to check a valid file (the common case) in one call.

    Built on first use for each set of record types: building validators is most of what importing
    would otherwise cost.
    """
    data_file = create_model(
        "DataFile",
        __config__=ConfigDict(extra="forbid", frozen=True),
        schema_ref=(str | None, Field(default=None, alias="$schema")),
        records=(list[types.annotation()], ...),  # type: ignore[arg-type,misc]  # a union built at run time
    )
    return TypeAdapter(data_file)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects that hold no cycles are made.

    Bulk loading allocates hundreds of thousands of small objects; each allocation burst sets the
    collector scanning them all again, which costs more than the loading itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_file(file: Path, types: RecordTypes) -> tuple[list[Located], list[Problem]]:
    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        return [], [Problem(name, None, "$", f"cannot read the file: {error.strerror or error}")]
    try:
        valid = _file_adapter(types).validate_json(data)
    except ValidationError as error:
        return _read_file_in_detail(name, data, error, types)
    located = [Located(record, name, f"$.records[{index}]") for index, record in enumerate(valid.records)]
    return located, find_duplicate_keys(name, data) if may_have_duplicate_keys(data, valid) else []


def _read_file_in_detail(
    name: str, data: bytes, error: ValidationError, types: RecordTypes
) -> tuple[list[Located], list[Problem]]:
    """Read a file that failed to validate record by record, so every problem gets its place."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as decode_error:
        where = f"line {decode_error.lineno}, column {decode_error.colno}"
        return [], [Problem(name, None, "$", f"malformed JSON at {where}: {decode_error.msg}")]
    problems = find_duplicate_keys(name, data)
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        problems.append(Problem(name, None, "$", 'expected an object with a "records" list: {"records": [...]}'))
        return [], problems
    problems += [Problem(name, None, f"$.{key}", "unknown top-level key") for key in document if key not in _TOP_KEYS]
    if not isinstance(document.get("$schema", ""), str):
        problems.append(Problem(name, None, "$.$schema", "$schema must be a string (the schema's path or URL)"))
    located = []
    for index, raw in enumerate(document["records"]):
        path = f"$.records[{index}]"
        record, record_problems = validate_record(raw, name, path, types)
        problems.extend(record_problems)
        if record is not None:
            located.append(Located(record, name, path))
    if not problems:  # the two readers disagree on what is wrong: report what the first one saw
        problems = [
            Problem(name, None, _json_path(document, detail, "$"), _message(detail, types)) for detail in error.errors()
        ]
    return located, problems


_TOP_KEYS = ("$schema", "records")


def validate_record(
    raw: Any, file: str, path: str, types: RecordTypes = RECORD_TYPES
) -> tuple[Record | None, list[Problem]]:
    """Validate one raw record; on failure return every problem pydantic found, placed in the file.

    A record object is checked again too: ``model_copy(update=...)`` and ``model_construct`` build
    records without validation. A valid one is returned as it was given (the same object).
    """
    if isinstance(raw, Record):
        try:
            data = raw.model_dump(warnings=False)
        except Exception as error:  # a record built without validation may not even serialize
            record_id = raw.__dict__.get("id")
            message = f"this {type(raw).__name__} cannot be read: {_short(str(error))}"
            return None, [Problem(file, record_id if isinstance(record_id, str) else None, path, message)]
        record, problems = _validate_data(data, file, path, types)
        return (raw if record is not None and record == raw else record), problems
    if not isinstance(raw, dict):
        return None, [Problem(file, None, path, f'expected a record: an object with a "type", not {_preview(raw)}')]
    return _validate_data(raw, file, path, types)


def _validate_data(
    raw: dict[str, Any], file: str, path: str, types: RecordTypes
) -> tuple[Record | None, list[Problem]]:
    record_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    try:
        return types.adapter().validate_python(raw), []
    except ValidationError as error:
        details = _without_echoes(error.errors())
        problems = [
            Problem(file, record_id, _json_path(raw, detail, path), _message(detail, types)) for detail in details
        ]
        return None, problems


def _preview(value: Any) -> str:
    """A short description of a value that is no record: its text when short, else its kind."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a {type(value).__name__} of {len(value)} items"
    return _short(value)


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a user's object whose repr fails is still no record
        return f"a {type(value).__name__}"
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
        return "unknown field (not part of the model; check the spelling)"
    if kind == "union_tag_not_found":
        return f'missing record type: a record needs a "type", one of {", ".join(types)}'
    if kind == "union_tag_invalid":
        return _unknown_type(detail.get("ctx", {}).get("tag"), types)
    if kind == "too_short" and detail["loc"][-1:] == ("evidence",):
        return "a fact needs evidence: at least one quote from its source (got none)"
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        message = id_problem(str(detail.get("input")))  # the pattern itself would say little
    if kind == "timezone_aware":
        message = "a date and time needs its UTC offset, such as 2024-10-14T09:31:00+08:00 or ...Z"
    value = detail.get("input")
    if isinstance(value, Decimal):
        message += f" (got {value})"
    elif (isinstance(value, (str, int, float, bool)) or value is None) and repr(value) not in message:
        message += f" (got {_short(value)})"  # unless the message quotes the value already
    return message


def dumps_records(records: Iterable[Record], schema: str | None = SCHEMA_REF) -> bytes:
    """One data file, formatted deterministically: fields in model order, two-space indent, final newline.

    ``schema`` is the ``$schema`` written first, for editors that check as you type; ``None`` omits it.
    """
    document: dict[str, Any] = {} if schema is None else {"$schema": schema}
    document["records"] = [record_data(record) for record in records]
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


_LAST = ("assertion", "attributed_to", "evidence")  # provenance reads best after the fact itself


def record_data(record: Record) -> dict[str, Any]:
    """A record as a data file holds it: JSON values, no nulls, fields in model order, provenance last."""
    data: dict[str, Any] = record.model_dump(mode="json", exclude_none=True)
    return {key: data[key] for key in sorted(data, key=lambda key: key in _LAST)}


def locate_records(records: Sequence[Any], types: RecordTypes = RECORD_TYPES) -> tuple[list[Located], list[Problem]]:
    """Validate records built in code (models or dicts), placed as ``$[index]`` of ``<records>``."""
    located: list[Located] = []
    problems: list[Problem] = []
    for index, raw in enumerate(records):
        record, record_problems = validate_record(raw, "<records>", f"$[{index}]", types)
        problems.extend(record_problems)
        if record is not None:
            located.append(Located(record, "<records>", f"$[{index}]"))
    return located, problems


def _unknown_type(tag: object, types: RecordTypes) -> str:
    """Say which types are known, and how a model of one's own is passed in."""
    given = f"unknown record type {tag!r}" if isinstance(tag, str) else "unknown record type"
    if isinstance(tag, str) and tag:
        model = "".join(part.capitalize() for part in tag.split("_")) or "MyRecord"
        how = f"if it is a model of your own, pass it: openai_kb.load(path, types=[{model}])"
    else:
        how = "a model of your own is passed as openai_kb.load(path, types=[MyRecord])"
    return f"{given}; known types: {', '.join(types)}; {how}"
