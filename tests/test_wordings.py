"""Other wordings of the names a knowledge base holds: organizations' short names, titles' other forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_kb.linking._wordings import short_name, short_names, title_wordings
from tests.test_gazetteer import _reference_short

_PIECES = ["Capital", "co", "INC", "Group", "集团", "有限", "公司", "The", "the", "Ab", "软银", "Cos", " ", "  ", ",",
           ".", "&", "\u3000", "\t", "\n", "ſ"]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=7).map("".join), max_size=12))
def test_short_names_are_the_names_without_generic_words(names: list[str]) -> None:
    """short_names of names made of generic words, separators and others is the word-by-word reference's."""
    assert short_names(names) == [_reference_short(name) for name in names]
    assert [short_name(name) for name in names] == short_names(names)


_ORGANIZATIONS = {
    "Altimeter Capital": "Altimeter",
    "Tiger Global Management": "Tiger",
    "Nvidia Corporation": "Nvidia",
    "Apple, Inc.": "Apple",
    "The Carlyle Group": "Carlyle",
    "Goldman Sachs & Co.": "Goldman Sachs",
    "软银集团": "软银",
    "軟銀集團": "軟銀",
    "小米科技有限责任公司": "小米",
    "老虎環球基金": "老虎環球",
    "OpenAI公司": "OpenAI",
    "Capital Group": "",
    "Fidelity Management & Research": "",
    "Nvidia": "",
    "Thrive Market": "",
    "The Information": "",
}


@pytest.mark.parametrize(("name", "short"), _ORGANIZATIONS.items(), ids=list(_ORGANIZATIONS))
def test_short_names_of_some_organizations(name: str, short: str) -> None:
    """The short name news uses: generic words and a leading The dropped; none of generic words only, or of none."""
    assert short_name(name) == short
    assert short_names([name]) == [short]


_TITLES = {
    ("Vice President of Research", "en"): ["VP of Research", "Research Vice President", "Research VP"],
    ("VP Research", "en"): [
        "Vice President Research", "Research VP", "VP of Research", "Research Vice President",
        "Vice President of Research",
    ],
    ("Chief Research Officer", "en"): ["CRO", "Research chief"],
    ("CTO", "en"): ["Chief Technology Officer", "Technology chief"],
    ("CRO", "en"): [],  # research, revenue or risk: the initials do not say
    ("Head of the Safety Team", "en"): ["Safety Team Head"],
    ("Senior Vice President of Engineering", "en"): [
        "Senior VP of Engineering", "SVP of Engineering", "Engineering Senior Vice President",
        "Engineering Senior VP", "Engineering SVP",
    ],
    ("Co-founder", "en"): [],
    ("首席研究官", "zh-Hans"): ["研究长"],
    ("首席研究官", "zh-Hant"): ["研究長"],
    ("研發長", "zh-Hant"): ["首席研發官"],
    ("部长", "zh-Hans"): [],  # a minister: one character before 长 is no chief officer's post
    ("研發副總裁", "zh-Hant"): [],
}  # fmt: skip


@pytest.mark.parametrize(("title", "wordings"), _TITLES.items(), ids=[title for title, _ in _TITLES])
def test_title_wordings(title: tuple[str, str], wordings: list[str]) -> None:
    """A title's other wordings: initials and what they stand for, "X of Y" as "Y X", 首席X官 as X长; each once."""
    assert title_wordings(*title) == wordings
