"""CSV for spreadsheets: no cell from the data runs as a formula; the other formats keep the exact text."""

from __future__ import annotations

import csv
import io
import sqlite3
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from openai_kb import KnowledgeBase
from openai_kb.outputs.exports.csv_tables import spreadsheet_cell

from .cli import run_cli
from .hostile import EVIL, FORMULA, RECORDS, write_records


@pytest.fixture(scope="module")
def hostile() -> KnowledgeBase:
    """A knowledge base whose names, quotes and titles attack spreadsheets and terminals."""
    return KnowledgeBase.from_records(RECORDS)


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """The same records as a data file, for the command line."""
    return write_records(tmp_path)


def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(hostile: KnowledgeBase) -> None:
    """Text starting with = + - @ (or ') is written after a ', so spreadsheets read it as text."""
    rows = list(csv.DictReader(io.StringIO(hostile.export("csv", kind="organizations"))))
    assert [(row["id"], row["name"], row["description"]) for row in rows] == [
        ("org:evil", EVIL, ""),
        ("org:formula", "'" + FORMULA, "'@SUM(A1)"),
    ]
    people = list(csv.DictReader(io.StringIO(hostile.export("csv", kind="people"))))
    assert [(row["name"], row["description"]) for row in people] == [("'-", "''quoted already")]
    claims = list(csv.DictReader(io.StringIO(hostile.export("csv", kind="claims"))))
    assert [(row["statement"], row["evidence_quote"], row["evidence_translation"]) for row in claims] == [
        ("'+1 more\tindented", "'-2+3 said\u2066x", "'\tindented")
    ]
    assert claims[0]["evidence_start"] == "5"  # numbers stay numbers
    assert claims[0]["evidence_json"].startswith('[{"source":"source:wire","quote":"-2+3 said')  # never a formula
    assert orjson.loads(claims[0]["evidence_json"])[0]["quote"] == "-2+3 said\u2066x"  # the exact text, unprefixed


@pytest.mark.slow
def test_every_csv_mode_neutralizes_formulas(hostile: KnowledgeBase, hostile_file: Path, tmp_path: Path) -> None:
    """All records in one sheet, a folder of sheets, one family's file, and the command line, alike."""
    expected = "'" + FORMULA
    hostile.export("csv", tmp_path / "tables")
    hostile.export("csv", tmp_path / "organizations.csv", kind="organizations")
    texts = {
        "one sheet": hostile.export("csv"),
        "folder": (tmp_path / "tables" / "organizations.csv").read_text(encoding="utf-8"),
        "one file": (tmp_path / "organizations.csv").read_text(encoding="utf-8"),
        "cli": run_cli("--data", str(hostile_file), "export", "--format", "csv").stdout,
        "cli kind": run_cli("--data", str(hostile_file), "export", "--format", "csv", "--kind", "organizations").stdout,
    }
    for mode, text in texts.items():
        names = [row["name"] for row in csv.DictReader(io.StringIO(text, newline="")) if row["id"] == "org:formula"]
        assert names == [expected], mode


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+1", "'＝1+1"),
        ("'x", "''x"),
        ("a=1", "a=1"),
        (" =1", "' =1"),  # a space before =: LibreOffice runs it when it trims spaces
        ("", ""),
        (None, ""),
        (True, "true"),
    ],
)
def test_spreadsheet_cell(value: object, cell: str) -> None:
    """Only text that starts with a formula character (or the quote) is prefixed; other values as cell_text."""
    assert spreadsheet_cell(value) == cell


def test_negative_numbers_stay_numbers() -> None:
    """An amount or count is never text: a negative quantity is written as the number it is."""
    assert spreadsheet_cell(Decimal("-1.5")) == "-1.5"
    assert spreadsheet_cell(-3) == "-3"


def test_formats_not_for_spreadsheets_keep_the_exact_text(hostile: KnowledgeBase, tmp_path: Path) -> None:
    """kb.table(), JSON, JSON Lines and SQLite hold the name exactly as given."""
    assert [row["name"] for row in hostile.table("organizations")] == [EVIL, FORMULA]
    document = orjson.loads(hostile.export("json"))
    assert document["records"][2]["name"] == FORMULA
    assert orjson.loads(hostile.export("jsonl").splitlines()[2])["name"] == FORMULA
    hostile.export("sqlite", tmp_path / "kb.sqlite")
    with sqlite3.connect(tmp_path / "kb.sqlite") as db:
        names = [row[0] for row in db.execute("select name from organizations order by id")]
    assert names == [EVIL, FORMULA]
