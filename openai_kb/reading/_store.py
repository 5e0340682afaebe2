"""JSON in and out: read data files into validated records, every problem reported with its place."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from pydantic import ConfigDict, Field, StrictBool, TypeAdapter, ValidationError, create_model
from pydantic_core import ErrorDetails, from_json

from ..errors import Problem, ProblemLog
from ..models import RECORD_TYPES, Record, RecordTypes
from ..models.base import SourceRef
from ._checks import Located, Unvalidated
from ._duplicate_keys import find_duplicate_keys, may_have_duplicate_keys
from ._fast_path import fast_validator
from ._file_kinds import READ_FLAGS, json_entries, look_up, not_regular
from ._ids_once import check_once_each
from ._problems import (  # named as they were here: the wording moved to _problems unchanged
    _UNKNOWN_FIELD,
    _cut,
    _json_path,
    _malformed,
    _message,
    _preview,
    _record_id,
    _short,
    _without_echoes,
)
from ._provenance import Declared, RecordSources, declared_in, placed
from ._sharing import share_fields_sets
from ._text_encoding import not_utf8
from ._windows import LARGE, Cut, cut, is_large, windows
from ._writing import SCHEMA_REF, dumps_records, record_data

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "SCHEMA_REF",
    "bundled_data_dir",
    "data_files",
    "dumps_records",
    "locate_records",
    "read_data",
    "read_file",
    "read_records",
    "record_data",
    "validate_record",
]


def bundled_data_dir() -> Path:
    """The data shipped with the package: inside the wheel, or ``data/`` in a source checkout."""
    here = Path(__file__).resolve().parents[1]  # the package
    for candidate in (here / "_data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled data is missing: neither {here / '_data'} nor {here.parent / 'data'} exists")


DEFAULT_MAX_FILE_BYTES = 100 * 2**20  # 100 MiB: about 900,000 records; the bundled data is 50 KiB


def read_records(
    path: Path, log: ProblemLog, max_file_bytes: int, types: RecordTypes = RECORD_TYPES
) -> tuple[list[Located], list[Unvalidated]]:
    """Read a data file, or every ``*.json`` file of a folder, into records of ``types``; problems go to ``log``.

    Also returns the records that failed validation, raw, so their references can be checked too.
    A file over ``max_file_bytes``, or anything but a regular file (a FIFO, a device), is refused
    before it is read.
    """
    located: list[Located] = []
    unvalidated: list[Unvalidated] = []
    for file in data_files(path, log):
        data = read_data(file, log, max_file_bytes)
        if data is not None:
            read_file(str(file), data, log, located, unvalidated, types)
    return located, unvalidated


def data_files(path: Path, log: ProblemLog) -> list[Path]:
    """The data files ``path`` names: itself, or the ``*.json`` files of a folder; problems go to ``log``.

    An entry that cannot be looked at (a dangling link, a link into a folder one cannot enter) is a
    problem naming it; only a folder named ``*.json``, and a file gone since the folder was listed, are
    passed by.
    """
    mode = look_up(path)
    if isinstance(mode, int) and stat.S_ISDIR(mode):
        entries = json_entries(path)
        if isinstance(entries, str):
            log.add(Problem(str(path), None, "$", entries))
            return []
        files = []
        for entry in entries:
            entry_mode = look_up(entry)
            if isinstance(entry_mode, str):
                log.add(Problem(str(entry), None, "$", entry_mode))
            elif entry_mode is None or stat.S_ISDIR(entry_mode):
                continue
            elif stat.S_ISREG(entry_mode):
                files.append(entry)
            else:
                log.add(Problem(str(entry), None, "$", _not_a_file(entry_mode)))
        if not files and not log:
            log.add(Problem(str(path), None, "$", "the folder holds no *.json data files"))
    elif isinstance(mode, int) and stat.S_ISREG(mode):
        files = [path]
    else:
        message = "no such file or folder" if mode is None else mode if isinstance(mode, str) else _not_a_file(mode)
        log.add(Problem(str(path), None, "$", message))
        return []
    return files


def _not_a_file(mode: int) -> str:
    return f"{not_regular(mode)}; give a data file or a folder of them"


def read_data(file: Path, log: ProblemLog, limit: int) -> bytes | None:
    """The file's bytes, or None with a problem logged: never blocks on a FIFO, never reads a device."""
    name = str(file)
    try:
        descriptor = os.open(file, READ_FLAGS)
    except (OSError, ValueError) as error:
        log.add(Problem(name, None, "$", f"cannot read the file: {_reason(error)}"))
        return None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):  # swapped for something else since it was looked at
                log.add(Problem(name, None, "$", _not_a_file(status.st_mode)))
                return None
            if status.st_size > limit:
                log.add(Problem(name, None, "$", _too_big(status.st_size, limit)))
                return None
            data = handle.read(limit + 1)
        except OSError as error:
            log.add(Problem(name, None, "$", f"cannot read the file: {_reason(error)}"))
            return None
    if len(data) > limit:  # it grew while being read
        log.add(Problem(name, None, "$", _too_big(len(data), limit, more=True)))
        return None
    return data


def _reason(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def _too_big(size: int, limit: int, *, more: bool = False) -> str:
    over = "more than " if more else ""
    return (
        f"the file is {over}{size:,} bytes, over the limit of {limit:,} bytes for one data file; split it into "
        "several files of a folder, or raise the limit: load(path, max_file_bytes=...) or "
        "openai-kb validate --max-file-size"
    )


@cache
def _file_adapter(types: RecordTypes = RECORD_TYPES) -> TypeAdapter[Any]:
    """A whole data file's validator, to check a valid file (the common case) in one call.

    Built on first use for each set of record types: building validators is most of what importing
    would otherwise cost.
    """
    data_file = create_model(
        "DataFile",
        # deferred: built at once, its validator ignores fast_path's fail-fast lists (a million errors, not one)
        __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
        schema_ref=(str | None, Field(default=None, alias="$schema")),
        source=(SourceRef | None, None),
        record_sources=(list[RecordSources], []),
        combined=(StrictBool, False),
        records=(list[types.annotation()], ...),  # type: ignore[arg-type,misc]  # a union built at run time
    )
    return TypeAdapter(data_file)


def read_file(
    name: str,
    data: bytes,
    log: ProblemLog,
    located: list[Located],
    unvalidated: list[Unvalidated],
    types: RecordTypes,
) -> None:
    """Validate a data file's bytes in one call; read them in detail when that fails or they gave unknown keys.

    The records go to ``located``, those that fail to ``unvalidated``, their problems to ``log``. An id
    given twice is a problem (``check_once_each``), unless the file says ``"combined": true``: it holds
    the versions of records that several reports describe, as ``save`` writes them.
    """
    before, failed = len(located), len(unvalidated)
    try:
        valid = fast_validator(_file_adapter(types)).validate_json(data)
    except ValidationError as error:
        combined = _read_file_in_detail(name, data, error, log, located, unvalidated, types)
    else:
        declared = _declared(valid)  # None: a position in "record_sources" that is wrong
        if declared is None or may_have_duplicate_keys(data, valid):  # a key repeated, or unknown (ignored here)
            combined = _read_file_in_detail(name, data, None, log, located, unvalidated, types)
        else:
            combined = valid.combined
            found = [Located(record, name, f"$.records[{index}]") for index, record in enumerate(valid.records)]
            located.extend(placed(found, declared))
    if not combined:
        check_once_each(located[before:], log, unvalidated[failed:])
    share_fields_sets(item.record for item in located[before:])


def _declared(valid: Any) -> Declared | None:
    """What a valid file says of its sources; None when a position in ``"record_sources"`` is wrong."""
    by_index = {index: item.source for item in valid.record_sources for index in item.records}
    count = len(valid.records)
    if len(by_index) < sum(len(item.records) for item in valid.record_sources) or not all(
        0 <= index < count for index in by_index
    ):
        return None
    return Declared("source" in valid.model_fields_set, valid.source, by_index)


def _read_file_in_detail(
    name: str,
    data: bytes,
    error: ValidationError | None,
    log: ProblemLog,
    located: list[Located],
    unvalidated: list[Unvalidated],
    types: RecordTypes,
) -> bool:
    """Read a file that failed to validate record by record, so every problem gets its place; whether it
    says it is ``combined``."""
    before = log.total
    log.extend(find_duplicate_keys(name, data))  # first, so that its parse is gone before the next one
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as decode_error:
        log.add(Problem(name, None, "$", not_utf8(data) or _malformed(decode_error)))
        return False
    document = _exact_integers(data, document)
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        log.add(Problem(name, None, "$", 'expected an object with a "records" list: {"records": [...]}'))
        return False
    log.extend(
        Problem(name, None, f"$.{_cut(key)}", "unknown top-level key") for key in document if key not in _TOP_KEYS
    )
    if not isinstance(document.get("$schema", ""), str):
        log.add(Problem(name, None, "$.$schema", "$schema must be a string (the schema's path or URL)"))
    combined = document.get("combined", False)
    if not isinstance(combined, bool):
        log.add(Problem(name, None, "$.combined", _NOT_A_FLAG.format(_preview(combined))))
    found: list[Located] = []
    for index, raw in enumerate(document["records"]):
        result = validate_record(raw, name, f"$.records[{index}]", log, types)
        if isinstance(result, Located):
            found.append(result)
        elif result is not None:
            unvalidated.append(result)
    located.extend(placed(found, declared_in(document, len(document["records"]), name, log)))
    if log.total == before and error is not None:  # the readers disagree: report what the first one saw
        log.extend(
            Problem(name, None, _json_path(document, detail, "$"), _message(detail, types)) for detail in error.errors()
        )
    return combined is True


_TOP_KEYS = ("$schema", "source", "record_sources", "combined", "records")
_LONG_NUMBER = re.compile(rb"\d{19}")  # what orjson may read as a float: an integer beyond 64 bits has 19 digits


def _exact_integers(data: bytes, document: Any) -> Any:
    """``document`` read again with every integer exact, if ``data`` may hold one beyond 64 bits.

    orjson reads such an integer as a float, so ``10^30`` would be reported as "not a float" and
    ``-10^20`` as too large, and a valid amount of 2^64 as a problem; pydantic's JSON reader, which
    validated the file at first, keeps them exact, and so does this second reading.
    """
    if _LONG_NUMBER.search(data) is None:
        return document
    try:
        return from_json(data)
    except ValueError:  # not expected once orjson read it; keep orjson's reading
        return document


_NOT_A_FLAG = (
    "combined must be true or false, not {}: true says the file holds the versions of records that several "
    "reports describe, as save writes them (an id once per version)"
)


def validate_record(
    raw: Any, file: str, path: str, log: ProblemLog, types: RecordTypes = RECORD_TYPES
) -> Located | Unvalidated | None:
    """Validate one raw record: the record placed in its file, or its problems added to ``log``.

    A record that fails comes back raw (``Unvalidated``) when it is an object, so its references
    can still be checked. A record object is checked again too: ``model_copy(update=...)`` and
    ``model_construct`` build records without validation. A valid one is kept as it was given.
    """
    if isinstance(raw, Record):
        try:
            data = raw.model_dump(warnings=False)
        except Exception as error:  # a record built without validation may not even serialize
            record_id = raw.__dict__.get("id")
            message = f"this {type(raw).__name__} cannot be read: {_short(str(error))}"
            log.add(Problem(file, _record_id({"id": record_id}), path, message))
            return None
        result = _validate_data(data, file, path, log, types)
        if isinstance(result, Located) and result.record == raw:
            return Located(raw, file, path)
        return result
    if not isinstance(raw, dict):
        log.add(Problem(file, None, path, f'expected a record: an object with a "type", not {_preview(raw)}'))
        return None
    return _validate_data(raw, file, path, log, types)


def _validate_data(
    raw: dict[str, Any], file: str, path: str, log: ProblemLog, types: RecordTypes
) -> Located | Unvalidated:
    if _may_be_large(raw):
        return _validate_large(raw, file, path, log, types)
    try:
        return Located(_validator(types)(raw), file, path)
    except ValidationError as error:
        record_id = _record_id(raw)
        if log.wants_details:
            details = _without_echoes(error.errors())
            log.extend(
                Problem(file, record_id, _json_path(raw, detail, path), _message(detail, types)) for detail in details
            )
        else:  # the list is full: count what is wrong, without spelling it out
            log.count(
                len(_without_echoes(error.errors(include_url=False, include_context=False, include_input=False))),
                record_id,
            )
        return Unvalidated(raw, file, path)


def _may_be_large(raw: dict[str, Any]) -> bool:
    """Whether ``raw`` may hold more than ``LARGE`` values: counted (``is_large``) only when its JSON is long.

    Each value of a JSON text takes at least two characters (itself and a comma or a colon), so a
    record whose text is at most twice ``LARGE`` long cannot hold more: most records are settled by
    orjson's length alone, several times faster than counting in Python. A record orjson cannot
    write (Decimal amounts, models inside) is counted.
    """
    try:
        short = len(orjson.dumps(raw)) <= 2 * LARGE
    except (TypeError, orjson.JSONEncodeError):
        short = False
    return not short and is_large(raw)


def _validator(types: RecordTypes) -> Any:
    """The bound ``validate_python`` of one record of ``types``, kept for the last ``types`` seen:
    ``types.adapter()`` hashes every model at each call, which a loop of 100,000 records feels."""
    global _last_validator
    last = _last_validator
    if last is not None and last[0] is types:
        return last[1]
    validator = types.adapter().validate_python
    _last_validator = (types, validator)
    return validator


_last_validator: tuple[RecordTypes, Any] | None = None


def _validate_large(
    raw: dict[str, Any], file: str, path: str, log: ProblemLog, types: RecordTypes
) -> Located | Unvalidated:
    """A record of more than 10,000 values, validated a window at a time (see ``windows``)."""
    record_id = _record_id(raw)
    first = cut(raw)
    before = log.total
    for window in windows(first):
        try:
            types.adapter().validate_python(window.data)
        except ValidationError as error:
            placed = [(_json_path(window.data, d, path), d) for d in _without_echoes(error.errors())]
            if window.keys is None:
                log.extend(Problem(file, record_id, place, _message(detail, types)) for place, detail in placed)
                log.extend(_dropped_keys(first, placed, file, record_id, path))
                continue
            prefix = path + "".join(_step(key) for key in window.keys) + "["
            for place, detail in placed:
                if not place.startswith(prefix):
                    continue  # outside the window's list: counted with the first window
                if not log.wants_details:
                    log.count(1, record_id)
                    continue
                index, _, tail = place[len(prefix) :].partition("]")
                where = f"{prefix}{int(index) + window.offset}]{tail}"
                log.add(Problem(file, record_id, where, _message(detail, types)))
    if log.total > before:
        return Unvalidated(raw, file, path)
    try:  # every window is valid: so, most likely, is the whole record
        return Located(types.adapter().validate_python(raw), file, path)
    except ValidationError as error:
        log.extend(Problem(file, record_id, _json_path(raw, d, path), _message(d, types)) for d in error.errors())
        return Unvalidated(raw, file, path)


def _step(key: str | int) -> str:
    return f"[{key}]" if isinstance(key, int) else f".{key}"


def _dropped_keys(
    first: Cut, placed: list[tuple[str, ErrorDetails]], file: str, record_id: str | None, path: str
) -> Iterator[Problem]:
    """The keys cut off an object in which pydantic found unknown fields: each is one more."""
    objects = {
        place[: -len(f".{detail['loc'][-1]}")] for place, detail in placed if detail["type"] == "extra_forbidden"
    }
    for keys, dropped in first.dropped_keys:
        where = path + "".join(_step(key) for key in keys)
        if where in objects:
            yield from (Problem(file, record_id, f"{where}.{key}", _UNKNOWN_FIELD) for key in dropped)


def locate_records(
    records: Sequence[Any], log: ProblemLog, types: RecordTypes = RECORD_TYPES, source: str | None = None
) -> tuple[list[Located], list[Unvalidated]]:
    """Validate records built in code (models or dicts), placed as ``$[index]`` of ``<records>``; an id
    given twice among them is a problem (``check_once_each``).

    Many dicts, none of them large, are validated in one call (``_validate_all``), as a data file is;
    the others, and all of them when that call fails, one by one, so that every problem is placed.
    ``source`` is the source of the call (``add(..., source=)``); None: the one its records cite.
    """
    declared = Declared(source is not None, source)
    valid = _validate_all(records, types)
    located: list[Located] = []
    unvalidated: list[Unvalidated] = []
    if valid is not None:
        located = [Located(record, "<records>", f"$[{index}]") for index, record in enumerate(valid)]
    else:
        for index, raw in enumerate(records):
            result = validate_record(raw, "<records>", f"$[{index}]", log, types)
            if isinstance(result, Located):
                located.append(result)
            elif result is not None:
                unvalidated.append(result)
    check_once_each(located, log, unvalidated)
    share_fields_sets(item.record for item in located)
    return placed(located, declared), unvalidated


MANY = 1_000  # records built in code worth validating in one call: below this, building its validator costs more


def _validate_all(records: Sequence[Any], types: RecordTypes) -> list[Record] | None:
    """The records, validated in one call, when there are many, all dicts, none large; else None.

    The validator stops at the first bad record (the records are then validated one by one, each
    problem placed) and refuses unknown keys as the one-record validator does. No record holds more
    than ``LARGE`` values (``_may_be_large``), so that first bad record has few errors to keep.
    """
    if len(records) < MANY or not all(type(raw) is dict for raw in records):
        return None
    if any(map(_may_be_large, records)):
        return None
    try:
        valid: list[Record] = fast_validator(_list_adapter(types), ignore_unknown=False).validate_python(records)
    except ValidationError:
        return None
    return valid


@cache
def _list_adapter(types: RecordTypes) -> TypeAdapter[Any]:
    return TypeAdapter(list[types.annotation()])  # type: ignore[arg-type,misc]  # a union built at run time
