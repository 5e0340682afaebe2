"""Pinyin keys: toneless readings grouped by word, initials, and surname readings."""

from __future__ import annotations

import pytest

from openai_kb.search._pinyin import pinyin_keys, readings, reads_as_pinyin


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("米拉·穆拉蒂", [("mila muladi", "ml mld")]),
        ("英伟达", [("yingweida", "ywd"), ("yangweida", "ywd")]),
        ("輝達", [("huida", "hd")]),
        ("单田芳", [("dantianfang", "dtf"), ("chantianfang", "ctf"), ("shantianfang", "stf")]),
        ("OpenAI首席技术官", [("openai shouxijishuguan", "")]),
        ("Mira Murati", []),
        ("", []),
    ],
)
def test_pinyin_keys(text: str, keys: list[tuple[str, str]]) -> None:
    """Each word's syllables run together; the first character's other readings give more keys."""
    assert pinyin_keys(text) == keys


def test_readings() -> None:
    """Readings are toneless, most common first; a non-Han character has none."""
    assert readings("长") == ("zhang", "chang")
    assert readings("吕") == ("lv",)
    assert readings("A") == ()


@pytest.mark.slow  # every entry of the tables: the full suite runs it
def test_reading_tables_spell_as_the_whole_table_would() -> None:
    """The translate tables, filled as characters are met, give for every character of the table (and for
    text with none) what tables built from the whole table give: its first reading, its initial, or itself."""
    from openai_kb.search._pinyin import _table, reading_tables

    whole = dict(_table().items())
    eager_first = {ord(char): found.split(",", 1)[0] for char, found in whole.items()}
    eager_initials = {code: reading[:1] for code, reading in eager_first.items()}
    text = "".join(whole) + "\n Mira 米拉·穆拉蒂 \U0001f600 ç"
    first, initials = reading_tables()
    assert len(first) == 0  # nothing worked out before it is needed
    assert text.translate(first) == text.translate(eager_first)
    assert text.translate(initials) == text.translate(eager_initials)
    assert "穆拉蒂".translate(first) == "muladi"
    assert "穆拉蒂".translate(initials) == "mld"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("mu", "la", "di"), True),
        (("mila", "muladi"), True),
        (("zhang", "wei"), True),
        (("xian",), True),
        (("kabe", "lomi"), False),  # "be" is no syllable
        (("tosuna", "capital"), False),
        (("hm", "ng"), False),  # interjections without a vowel are not read as a name's syllables
        (("an" * 30 + "x",), False),
        ((), False),
    ],
)
def test_reads_as_pinyin(words: tuple[str, ...], expected: bool) -> None:
    """A query's words read as pinyin when each is toneless syllables run together, and only then."""
    assert reads_as_pinyin(words) is expected
