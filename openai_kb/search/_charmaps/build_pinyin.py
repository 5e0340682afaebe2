"""Regenerate ``pinyin.tsv``, toneless pinyin readings of Han characters, from pypinyin.

Run ``python -m openai_kb.search._charmaps.build_pinyin`` with pypinyin installed (``pip install -e '.[test]'``).
Each line holds a character and its readings, most common first, at most three (多音字 such as 单
dan/shan or 曾 ceng/zeng keep their surname readings). Shipping the table keeps pypinyin and its
dictionaries out of a plain install; search builds pinyin keys from it when an index is built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .build_t2s import CJK_RANGES

TABLE = Path(__file__).with_name("pinyin.tsv")
MAX_READINGS = 3


def generate() -> Iterator[tuple[str, list[str]]]:
    """Yield (character, toneless readings) for every Han character pypinyin knows."""
    from pypinyin import Style, pinyin  # a development dependency: the shipped table is all that runs
    from pypinyin.constants import PINYIN_DICT

    for code in sorted(PINYIN_DICT):
        if not any(first <= code <= last for first, last in CJK_RANGES):
            continue
        char = chr(code)
        readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        if not readings:
            continue
        unique = list(dict.fromkeys(r.replace("ü", "v") for r in readings[0] if r.isascii() or "ü" in r))
        if unique:
            yield char, unique[:MAX_READINGS]


def render(pairs: Iterator[tuple[str, list[str]]]) -> str:
    """The table file's text: ``character<TAB>reading,reading`` a line."""
    return "".join(f"{char}\t{','.join(readings)}\n" for char, readings in pairs)


if __name__ == "__main__":
    TABLE.write_text(render(generate()), encoding="utf-8")
    print(f"wrote {TABLE}")
