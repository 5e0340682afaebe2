"""Pinyin keys: toneless readings grouped by word, initials, and surname readings."""

from __future__ import annotations

import pytest

from openai_kb.pinyin import pinyin_keys, readings


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
