"""Bad data, one kind at a time and all at once: each problem named with file, record, JSON path and reason."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError

from .conftest import FIXTURES

Records = list[dict[str, Any]]
EVIDENCE = [{"source": "source:note", "quote": "Globex", "start": 0, "end": 6}]
AMOUNT = {"amount": "1000", "currency": "USD"}


def _append(record: dict[str, Any]) -> Callable[[Records], None]:
    return lambda records: records.append(record)


def _update(record_id: str, **fields: Any) -> Callable[[Records], None]:
    return lambda records: next(r for r in records if r["id"] == record_id).update(fields)


def _claim(record_id: str, **fields: Any) -> dict[str, Any]:
    claim = {"type": "claim", "id": record_id, "kind": "context", "subject": "org:acme", "statement": "A claim."}
    return {**claim, "evidence": EVIDENCE, **fields}


def _span(quote: str, start: int, **context: str) -> dict[str, Any]:
    """An evidence span of the note, with a prefix or suffix."""
    return {"source": "source:note", "quote": quote, "start": start, "end": start + len(quote), **context}


def _round(record_id: str, **amount: Any) -> dict[str, Any]:
    money = {**AMOUNT, **amount}
    return {"type": "funding_round", "id": record_id, "company": "org:acme", "amount": money, "evidence": EVIDENCE}


@dataclass(frozen=True)
class Kind:
    """One kind of bad data: how to make it from the tiny fixture, and the one problem it must give."""

    name: str
    expected: str  # record|JSON path|message, with {file} for the data file
    edit_records: Callable[[Records], None] = lambda records: None
    edit_text: Callable[[str], str] = lambda text: text


KINDS = [
    Kind(
        "malformed JSON",
        "None|$|malformed JSON at line 61, column 15: invalid literal, expected 'true'",
        edit_text=lambda text: text.replace('"lead": true', '"lead": tru', 1),
    ),
    Kind(
        "wrong type",
        "investment:globex-acme-a|$.records[5].lead|Input should be a valid boolean (got 'yes')",
        _update("investment:globex-acme-a", lead="yes"),
    ),
    Kind(
        "unknown field",
        "person:ada|$.records[3].nmae|unknown field (not part of the model; check the spelling)",
        _update("person:ada", nmae="Ada"),
    ),
    Kind(
        "one id, two types",
        "org:acme|$.records[7].id|id already used by an organization in {file} at $.records[1]; records of two "
        "types cannot be combined: give one of them another id",
        _append({"type": "person", "id": "org:acme", "name": "Acme the person"}),
    ),
    Kind(
        "dangling reference",
        "claim:dangling|$.records[7].subject|reference to unknown id 'org:nowhere'",
        _append(_claim("claim:dangling", subject="org:nowhere")),
    ),
    Kind(
        "fact without evidence",
        "claim:unsupported|$.records[7].evidence|a fact needs evidence: at least one quote from its source (got none)",
        _append(_claim("claim:unsupported", evidence=[])),
    ),
    Kind(
        "offset out of range",
        "claim:far|$.records[7].evidence[0].end|offset 113 is past the end of source 'source:note' (69 characters)",
        _append(_claim("claim:far", evidence=[{"source": "source:note", "quote": "x" * 13, "start": 100, "end": 113}])),
    ),
    Kind(
        "suffix past the end",
        "claim:tail|$.records[7].evidence[0].suffix|the suffix is 3 characters long but only 2 follow the quote in "
        "source 'source:note' (69 characters)",
        _append(_claim("claim:tail", evidence=[_span("engineer", 59, suffix=".\n!")])),
    ),
    Kind(
        "empty suffix before the end",
        "claim:edge|$.records[7].evidence[0].suffix|an empty suffix says the quote ends the text, but source "
        "'source:note' has 11 characters more; give the characters just after it, or leave it out",
        _append(_claim("claim:edge", evidence=[_span("chief", 53, suffix="")])),
    ),
    Kind(
        "prefix longer than the text before",
        "claim:head|$.records[7].evidence[0]|the prefix is 5 characters long but only 3 precede the quote "
        "(it starts at 3); the prefix is the text just before the quote",
        _append(_claim("claim:head", evidence=[_span("b", 3, prefix="Globe")])),
    ),
    Kind(
        "negative offset",
        "claim:before|$.records[7].evidence[0].start|Input should be greater than or equal to 0 (got -1)",
        _append(_claim("claim:before", evidence=[{"source": "source:note", "quote": "x", "start": -1, "end": 0}])),
    ),
    Kind(
        "reversed offsets",
        "claim:reversed|$.records[7].evidence[0]|start (45) must be less than end (32)",
        _append(_claim("claim:reversed", evidence=[{"source": "source:note", "quote": "x", "start": 45, "end": 32}])),
    ),
    Kind(
        "currency not ISO 4217",
        "round:xyz|$.records[7].amount.currency|'XYZ' is not an ISO 4217 currency code (such as 'USD', 'CNY', 'EUR')",
        _append(_round("round:xyz", currency="XYZ")),
    ),
    Kind(
        "negative amount",
        "round:minus|$.records[7].amount.amount|Input should be greater than or equal to 0 (got '-1000')",
        _append(_round("round:minus", amount="-1000")),
    ),
    Kind(
        "date without a timezone",
        "source:naive|$.records[7].published|a date and time needs its UTC offset, such as "
        "2024-10-14T09:31:00+08:00 or ...Z (got '2024-01-02T03:04:05')",
        _append(
            {"type": "source", "id": "source:naive", "title": "N", "language": "en", "published": "2024-01-02T03:04:05"}
        ),
    ),
    Kind(
        "duplicate key in one object",
        "org:globex|$.records[2].kind|duplicate key 'kind': given twice in one object; JSON readers keep only the "
        "last value and silently drop the others, so keep one",
        edit_text=lambda text: text.replace(
            '"kind": "investment_firm"', '"kind": "investment_firm", "kind": "company"'
        ),
    ),
    Kind(
        "one id twice in one file",
        "person:ada|$.records[7].id|duplicate id: also given in {file} at $.records[3]; one file describes a record "
        "once (another report's version goes in a file of its own): give one of them another id, or join the two "
        "into one record",
        _append({"type": "person", "id": "person:ada", "name": "Ada King"}),
    ),
]


def _write(folder: Path, kinds: list[Kind], name: str = "records.json") -> Path:
    document = orjson.loads((FIXTURES / "mini" / "records.json").read_bytes())
    for kind in kinds:
        kind.edit_records(document["records"])
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    for kind in kinds:
        text = kind.edit_text(text)
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def _problems(path: Path) -> list[openai_kb.Problem]:
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    return list(caught.value.problems)


def _row(problem: openai_kb.Problem) -> str:
    return f"{problem.record}|{problem.path}|{problem.message}"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kind_of_bad_data(tmp_path: Path, kind: Kind) -> None:
    """Each kind of bad data gives exactly one problem, with its record, JSON path and message."""
    file = _write(tmp_path, [kind])
    assert [_row(problem) for problem in _problems(file)] == [kind.expected.format(file=file)]


def test_malformed_json_points_at_the_line_and_column(tmp_path: Path) -> None:
    """The line and column of malformed JSON are those of the first bad character."""
    file = _write(tmp_path, [KINDS[0]])
    line = file.read_text(encoding="utf-8").splitlines()[60]
    assert line[14:] == "tru,"


def _anywhere(row: str) -> str:
    """A problem without the record's index in its file: positions move when records are added."""
    return re.sub(r"\$\.records\[\d+\]", "$.records[#]", row)


def test_every_kind_in_one_pass(tmp_path: Path) -> None:
    """A folder holding every kind at once reports each problem it reports alone, and nothing else."""
    together = tmp_path / "together"
    together.mkdir()
    expected = []
    for kind in KINDS:
        folder = tmp_path / kind.name.replace(" ", "-")
        folder.mkdir()
        alone = _write(folder, [kind])  # a message naming its own file names the file of them all
        expected += [_anywhere(_row(p)).replace(str(alone), str(together / "records.json")) for p in _problems(alone)]
    _write(together, KINDS[:1], "broken.json")
    _write(together, KINDS[1:])
    rows = [_anywhere(_row(problem)) for problem in _problems(together)]
    assert sorted(rows) == sorted(expected)
    assert len(rows) == len(KINDS)


def test_references_of_an_invalid_record_are_checked_in_the_same_pass(tmp_path: Path) -> None:
    """A record with an unknown field still has its references checked: both problems in one pass."""
    evidence = [{"source": "source:gone", "quote": "Globex", "start": 0, "end": 6}]
    claim = _claim("claim:both", subject="org:nowhere", about=["round:acme-a", "org:globex"], evidence=evidence)
    file = _write(tmp_path, [Kind("both", "", _append({**claim, "sujet": "x"}))])
    assert [_row(problem) for problem in _problems(file)] == [
        "claim:both|$.records[7].sujet|unknown field (not part of the model; check the spelling)",
        "claim:both|$.records[7].evidence[0].source|reference to unknown id 'source:gone'",
        "claim:both|$.records[7].subject|reference to unknown id 'org:nowhere'",
    ]


def test_an_invalid_reference_is_reported_once(tmp_path: Path) -> None:
    """A reference that is no id at all is its own problem, not also a dangling one; a mistyped one is named."""
    departure = {
        "type": "departure", "id": "departure:x", "person": "Ada", "organization": "person:ada", "title": "",
        "evidence": EVIDENCE,
    }  # fmt: skip
    file = _write(tmp_path, [Kind("once", "", _append(departure))])
    assert [_row(problem) for problem in _problems(file)] == [
        "departure:x|$.records[7].person|an id is a lower-case type, a colon and a name without spaces or "
        "invisible characters, such as 'person:mira-murati' (got 'Ada')",
        "departure:x|$.records[7].title|String should have at least 1 character (got '')",
        "departure:x|$.records[7].organization|'person:ada' is a person, expected organization",
    ]


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "openai_kb.cli", "validate", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)


@pytest.mark.slow
def test_validate_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    """openai-kb validate prints each problem (file, record, JSON path, message) on its own line, exits 1."""
    _write(tmp_path, KINDS[:1], "broken.json")
    _write(tmp_path, KINDS[1:])
    problems = _problems(tmp_path)
    result = _validate(str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [str(problem) for problem in problems]
    assert result.stderr == f"{len(KINDS)} problems found\n"
    assert f"{tmp_path / 'records.json'}: record 'person:ada' at $.records[3].nmae: unknown field" in result.stdout


@pytest.mark.slow
def test_validate_json(tmp_path: Path) -> None:
    """validate --json prints the problems as a list of objects."""
    _write(tmp_path, [KINDS[4]])
    result = _validate(str(tmp_path), "--json")
    assert result.returncode == 1
    assert orjson.loads(result.stdout) == [
        {
            "file": str(tmp_path / "records.json"),
            "record": "claim:dangling",
            "path": "$.records[7].subject",
            "message": "reference to unknown id 'org:nowhere'",
        }
    ]


@pytest.mark.slow
def test_validate_clean_data() -> None:
    """Clean data: a one-line summary and exit 0; with --json, an empty list."""
    result = _validate(str(FIXTURES / "mini"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "7 records, no problems\n", "")
    result = _validate(str(FIXTURES / "mini"), "--json")
    assert (result.returncode, orjson.loads(result.stdout)) == (0, [])


@pytest.mark.slow
def test_validate_one_record_reads_singular(tmp_path: Path) -> None:
    """One record is "1 record", not "1 records"."""
    path = tmp_path / "one.json"
    path.write_text('{"records": [{"type": "organization", "id": "org:acme", "name": "Acme"}]}', encoding="utf-8")
    result = _validate(str(path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 record, no problems\n", "")


@pytest.mark.slow
def test_validate_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is a problem like any other."""
    result = _validate(str(tmp_path / "nope"))
    assert result.returncode == 1
    assert result.stdout == f"{tmp_path / 'nope'}: at $: no such file or folder\n"


@pytest.mark.slow
def test_validate_help_shows_examples() -> None:
    """validate --help shows how to call it, on the example data shipped in docs/examples, and with --data."""
    shown = _validate("--help").stdout
    assert "openai-kb validate docs/examples/broken.json --json" in shown
    assert "openai-kb validate docs/examples/reports/note-a.json --data bundled" in shown


UNSAFE_MODULES = {"pickle", "marshal", "shelve", "dill", "yaml", "ctypes"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__", "import_module"}


def test_no_code_runs_from_data() -> None:
    """Data is only ever parsed as JSON and validated: the package imports no pickle-like module and calls no
    eval, exec, compile or dynamic import (importlib is used only to read the bundled tables)."""
    package = Path(openai_kb.__file__).parent
    found = []
    for file in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                found += [f"{file.name}: {alias.name}" for alias in node.names if alias.name in UNSAFE_CALLS]
            else:
                modules = []
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in UNSAFE_CALLS:
                    found.append(f"{file.name}: {node.func.id}()")
            found += [f"{file.name}: import {m}" for m in modules if m.split(".")[0] in UNSAFE_MODULES]
    assert found == []
    assert len(list(package.rglob("*.py"))) > 20  # the scan saw the package
