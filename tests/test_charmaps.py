"""The shipped character tables, looked up by bisection over their bytes: the same answers as a dict."""

from __future__ import annotations

from pathlib import Path

import pytest

from openai_kb.search._charmaps.lookup import CharTable

CHARMAPS = Path(__file__).parent.parent / "openai_kb" / "search" / "_charmaps"


@pytest.mark.parametrize("name", ["pinyin.tsv", "t2s.tsv"])
def test_every_listed_character_is_found_and_no_other(name: str) -> None:
    """Bisection needs lines sorted by code point; every listed character gives its value, every
    character around them (before the first, between two, after the last) gives None."""
    table = CharTable(CHARMAPS / name)
    pairs = table.items()
    codes = [ord(char) for char, _ in pairs]
    assert codes == sorted(set(codes)), f"{name} must list each character once, sorted by code point"
    assert all(table.get(char) == value for char, value in pairs)
    listed = set(codes)
    around = {code + step for code in codes[::50] for step in (-1, 1)} | {0, 65, codes[0] - 1, codes[-1] + 1}
    assert all(table.get(chr(code)) is None for code in around - listed)


def test_a_table_of_one_line_and_odd_arguments(tmp_path: Path) -> None:
    path = tmp_path / "one.tsv"
    path.write_text("米\tmi\n", encoding="utf-8")
    table = CharTable(path)
    assert table.get("米") == "mi"
    assert table.get("拉") is None
    assert table.get("") is None
    assert table.get("米拉") is None  # one character at a time
