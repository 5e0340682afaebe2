"""CSV for spreadsheets: which cells start a formula, and what the docs say of a folder of CSV files."""

from __future__ import annotations

import re
from pathlib import Path

import openai_kb
from openai_kb.models import RECORD_TYPES

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
    assert numbers and set(numbers) == {str(expected)}
