"""CSV for spreadsheets: which cells start a formula, and what the docs say of a folder of CSV files."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest

import openai_kb
from openai_kb import KnowledgeBase
from openai_kb.models import RECORD_TYPES
from openai_kb.outputs.exports.csv_tables import FORMULA_STARTS, spreadsheet_cell

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _section(page: str, title: str) -> str:
    text = (DOCS / page).read_text(encoding="utf-8")
    start = text.index(f"\n{title}\n")
    end = text.find("\n#", start + len(title) + 2)
    return text[start:end]


def test_the_docs_count_the_files_of_a_csv_folder_as_the_export_writes_them(tmp_path: Path) -> None:
    """Every number in 'A folder of CSV files' is the count of files written: a family each, evidence, field_values."""
    expected = len(RECORD_TYPES.families) + 2
    openai_kb.load().export("csv", tmp_path / "tables")
    assert len(list((tmp_path / "tables").iterdir())) == expected
    numbers = re.findall(r"\b\d+\b", _section("reliability.md", "### A folder of CSV files"))
    assert numbers
    assert set(numbers) == {str(expected)}


def may_run(cell: str) -> bool:
    """Whether a spreadsheet might run ``cell`` as a formula, read independently of the implementation:
    a tab, CR, LF or NUL first, or a character folding to ``= + - @ −`` after white space, controls and
    invisible format characters."""
    if cell[:1] in ("\t", "\r", "\n", "\x00"):
        return True
    rest = cell
    while rest and (rest[0].isspace() or unicodedata.category(rest[0]) in ("Cc", "Cf")):
        rest = rest[1:]
    return unicodedata.normalize("NFKC", rest[:1])[:1] in ("=", "+", "-", "@", "\u2212")


def test_the_formula_starts_are_every_character_that_folds_to_one() -> None:
    """FORMULA_STARTS is = + - @ and the minus sign, with every code point whose NFKC form is one of them."""
    folded = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.normalize("NFKC", chr(code)) in ("=", "+", "-", "@", "\u2212")
    }
    assert folded == FORMULA_STARTS


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (" =1+1", "' =1+1"),  # LibreOffice's "Trim spaces" makes it a formula
        ("   @SUM(A1)", "'   @SUM(A1)"),
        ("\x00=1+1", "'\x00=1+1"),  # LibreOffice drops the NUL: a formula without any option
        ("\x00", "'\x00"),
        ("\nnote", "'\nnote"),  # OWASP: a line feed first
        (" \n+1", "' \n+1"),
        ("\u00a0-1", "'\u00a0-1"),  # a no-break space
        ("\u3000\uff1d1", "'\u3000\uff1d1"),  # an ideographic space, then a full-width equals sign
        ("\ufeff=1", "'\ufeff=1"),  # a byte-order mark
        ("\u200b+1", "'\u200b+1"),  # a zero-width space
        ("\ufe62 1", "'\ufe62 1"),  # small plus sign
        ("\ufe63 1", "'\ufe63 1"),  # small hyphen-minus
        ("\ufe66 1", "'\ufe66 1"),  # small equals sign
        ("\ufe6bx", "'\ufe6bx"),  # small commercial at
        ("\u2212 1", "'\u2212 1"),  # minus sign
        ("\u207a1", "'\u207a1"),  # superscript plus
        (" hello", " hello"),  # white space before text: nothing to run
        ("\u00a0\u00a0indented", "\u00a0\u00a0indented"),
        ("\u2013 a dash", "\u2013 a dash"),  # an en dash folds to no minus
        ("a=1", "a=1"),
        ("   ", "   "),
    ],
)
def test_cells_a_spreadsheet_might_run_after_spaces_or_in_other_forms_get_a_quote(value: str, cell: str) -> None:
    """White space, controls and invisible characters before a formula start, and its other forms, are prefixed."""
    assert spreadsheet_cell(value) == cell
    assert may_run(value) == (cell != value)


SOFFICE = shutil.which("soffice")


def _formulas_libreoffice_makes(csv_file: Path, out: Path, *, trim: bool) -> dict[str, str]:
    """Open ``csv_file`` in LibreOffice Calc, formulas evaluated, spaces trimmed or not: the rows where it made a
    formula of a cell, by their first cell, with the formula."""
    options = f"CSV:44,34,76,1,,1033,false,true,false,false,{'true' if trim else 'false'},,true"
    command = [SOFFICE or "soffice", "--headless", "--norestore", f"--infilter={options}", "--convert-to", "fods"]
    subprocess.run(
        [*command, "--outdir", str(out), str(csv_file)],
        check=True,
        capture_output=True,
        env={**os.environ, "HOME": str(out)},  # a profile of its own
        timeout=180,
    )
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    found = {}
    for row in ElementTree.parse(out / f"{csv_file.stem}.fods").iter(f"{table}table-row"):
        cells = row.findall(f"{table}table-cell")
        formulas = [cell.get(f"{table}formula") for cell in cells[1:]]
        if any(formulas):
            found["".join(cells[0].itertext()).strip()] = next(formula for formula in formulas if formula)
    return found


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_runs_none_of_the_cells_we_write(tmp_path: Path) -> None:
    """LibreOffice Calc runs ' =1+1' (spaces trimmed) and '\\x00=1+1' as written raw; written by the export, none."""
    values = {
        "space": " =1+1",
        "spaces": "   =1+1",
        "nul": "\x00=1+1",
        "nul-space": "\x00 =1+1",
        "equals": "=1+1",
        "small": "\ufe661+1",
        "minus": "\u22121+1",
        "tab": "\t=1+1",
    }
    raw = tmp_path / "raw.csv"
    with raw.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", "value"], *values.items()])
    records = [
        {"type": "organization", "id": f"org:{name}", "name": text, "description": text}
        for name, text in values.items()
    ]
    kb = KnowledgeBase.from_records(records)
    exported = tmp_path / "organizations.csv"
    kb.export("csv", exported, kind="organizations")
    assert _formulas_libreoffice_makes(raw, tmp_path / "raw", trim=False) == {
        "equals": "of:=1+1",
        "nul": "of:=1+1",
    }
    assert _formulas_libreoffice_makes(raw, tmp_path / "trimmed", trim=True) == {
        "space": "of:=1+1",
        "spaces": "of:=1+1",
        "nul": "of:=1+1",
        "nul-space": "of:=1+1",
        "equals": "of:=1+1",
    }
    for trim in (False, True):
        assert _formulas_libreoffice_makes(exported, tmp_path / f"ours-{trim}", trim=trim) == {}
