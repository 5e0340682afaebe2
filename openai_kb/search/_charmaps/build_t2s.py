"""Regenerate ``t2s.tsv``, the Traditional-to-Simplified character table, from OpenCC.

Run ``python -m openai_kb.search._charmaps.build_t2s`` with OpenCC installed (``pip install -e '.[test]'``).
The table holds OpenCC's character-level ``t2s`` mapping of every CJK ideograph that it changes to
exactly one other character: phrase-level modes (``tw2sp``) rewrite words and mangle titles, and
regional vocabulary (英伟达 / 輝達) belongs in curated aliases, not in script folding.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

TABLE = Path(__file__).with_name("t2s.tsv")
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def generate() -> Iterator[tuple[str, str]]:
    """Yield (traditional, simplified) for every ideograph OpenCC's ``t2s`` maps to another one."""
    import opencc  # a development dependency: the shipped table is all that runs

    converter = opencc.OpenCC("t2s")
    for first, last in CJK_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            simplified = converter.convert(char)
            if simplified != char and len(simplified) == 1:
                yield char, simplified


def render(pairs: Iterator[tuple[str, str]]) -> str:
    """The table file's text: one ``traditional<TAB>simplified`` pair a line."""
    return "".join(f"{trad}\t{simp}\n" for trad, simp in pairs)


if __name__ == "__main__":
    TABLE.write_text(render(generate()), encoding="utf-8")
    print(f"wrote {TABLE}")
