"""Text normalization: the one normal form names and queries are compared in."""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")  # in the test extra; without it this module skips (its @given tests need it)

from hypothesis import given
from hypothesis import strategies as st

from openai_kb.search.normalize import INTERPUNCTS, compact, fold, script_runs, to_simplified, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＯＰＥＮ　ＡＩ", "open ai"),  # full-width letters and space (NFKC)
        ("OpenAI", "openai"),  # case
        ("Straße", "strasse"),  # case folding, not lower()
        ("Mîra Murâti", "mira murati"),  # accents
        ("輝達", "辉达"),  # Traditional to Simplified
        ("首席技術長", "首席技术长"),  # character-level: no phrase rewriting
        ("  Mira\t\nMurati  ", "mira murati"),  # spacing
        ("Co-founder", "co founder"),  # punctuation becomes a space
        ("X.AI", "x ai"),
        ("１，５７０亿", "1 570亿"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    """fold applies NFKC, case folding, accent removal, t2s and punctuation-to-space."""
    assert fold(text) == expected


@pytest.mark.parametrize("dot", [*INTERPUNCTS, ""])
def test_every_interpunct_and_its_absence_compact_alike(dot: str) -> None:
    """米拉·穆拉蒂 with any middle dot, a space, or nothing has one compact form."""
    assert compact(f"米拉{dot}穆拉蒂") == "米拉穆拉蒂"


@pytest.mark.parametrize("dot", ["·", "‧", "•", "・", "．"])
def test_the_named_interpuncts_are_folded(dot: str) -> None:
    """The five variants named in the issue all separate words."""
    assert fold(f"米拉{dot}穆拉蒂") == "米拉 穆拉蒂"


def test_phrase_mode_is_not_used() -> None:
    """OpenCC's tw2sp would turn 首席技術長 into 首席首席技术官; character folding keeps the title."""
    assert to_simplified("首席技術長") == "首席技术长"


def test_regional_vocabulary_is_not_script() -> None:
    """輝達 folds to 辉达, never to 英伟达: regional names are aliases in the data."""
    assert fold("輝達") != fold("英伟达")


def test_ascii_is_untouched_by_script_folding() -> None:
    """Latin text passes through to_simplified unchanged."""
    assert to_simplified("Sutskever") == "Sutskever"


def test_script_runs_and_tokens() -> None:
    """Mixed text splits into Han and other runs; Han runs become single characters."""
    assert script_runs(fold("OpenAI的CTO")) == [("other", "openai"), ("han", "的"), ("other", "cto")]
    assert tokens("Mira 穆拉蒂") == ["mira", "穆", "拉", "蒂"]


@pytest.mark.slow
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    """Folding twice changes nothing more."""
    assert fold(fold(text)) == fold(text)


@pytest.mark.slow
@given(st.text())
def test_compact_has_no_spaces(text: str) -> None:
    """compact never contains whitespace."""
    assert not any(ch.isspace() for ch in compact(text))


def test_t2s_table_is_what_opencc_generates() -> None:
    """The shipped table equals OpenCC's character-level t2s (regenerate: see build_t2s)."""
    pytest.importorskip("opencc")
    from openai_kb.search._charmaps.build_t2s import TABLE, generate, render

    assert TABLE.read_text(encoding="utf-8") == render(generate())


@pytest.mark.slow
def test_pinyin_table_is_what_pypinyin_generates() -> None:
    """The shipped pinyin table equals pypinyin's readings (regenerate: see build_pinyin)."""
    pytest.importorskip("pypinyin")
    from openai_kb.search._charmaps.build_pinyin import TABLE, generate, render

    assert TABLE.read_text(encoding="utf-8") == render(generate())
