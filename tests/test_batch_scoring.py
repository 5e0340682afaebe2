"""Scoring many keys at once, and building the key table in whole-list passes, change no answer.

``batch_scoring.Columns.similarities`` must equal ``scoring.similarity`` key by key, to the last
bit: a large knowledge base scores with the one, a small one with the other, and a user must get
the same scores and explanations from both.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import aliases, queries
from openai_kb import Name, Person
from openai_kb.search._batch_scoring import Columns
from openai_kb.search._keys import KeyTable, _pinyin_of, fold_all
from openai_kb.search._pinyin import pinyin_keys
from openai_kb.search._scoring import Text, similarity
from openai_kb.search.normalize import fold

# Few letters and characters, so names and queries share words, prefixes and fragments often.
NAMEISH = st.text(alphabet="abdeimoru  -·米拉穆蒂王伟英达單曾", min_size=1, max_size=16)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _table(names: list[str]) -> KeyTable:
    people = [
        Person(id=f"person:p{number}", name=name, names=[Name(text=name.upper(), language="en")])
        for number, name in enumerate(names)
        if name.strip()
    ]
    return KeyTable(people, lambda record: record.id)


def _one_by_one(table: KeyTable, query: Text) -> list[float]:
    return [similarity(query, table.text(row), table.kind[row]) for row in range(len(table))]


def _at_once(table: KeyTable, query: Text) -> list[float]:
    rows = np.arange(len(table), dtype=np.int32)
    return Columns(table).similarities(query, rows).tolist()


@SETTINGS
@given(st.lists(NAMEISH, min_size=1, max_size=12), NAMEISH)
def test_batch_scores_equal_one_by_one(names: list[str], query: str) -> None:
    """Every key's batch score equals similarity() exactly, pinyin and initials keys included."""
    table = _table(names)
    typed = Text.of(query)
    if not typed.compact:
        return
    assert _at_once(table, typed) == _one_by_one(table, typed)


@pytest.mark.slow  # thousands of generated names: the full suite runs it
def test_batch_scores_equal_one_by_one_on_generated_names() -> None:
    """On generated names and the typo, partial and script queries made from them, both scorers agree."""
    corpus = aliases(600, seed=5)
    table = _table(corpus)
    columns = Columns(table)
    rows = np.arange(len(table), dtype=np.int32)
    for query in queries(corpus, 120, seed=3):
        typed = Text.of(query.text)
        assert columns.similarities(typed, rows).tolist() == _one_by_one(table, typed), query


def test_batch_scores_of_some_rows_keep_their_order() -> None:
    """Scoring a subset of rows gives each row's own score, in the order asked."""
    table = _table(["Mira Murati", "Ilya Sutskever", "米拉·穆拉蒂"])
    columns = Columns(table)
    typed = Text.of("Murati")
    every = columns.similarities(typed, np.arange(len(table), dtype=np.int32))
    picked = np.array([2, 0], dtype=np.int32)
    assert columns.similarities(typed, picked).tolist() == [every[2], every[0]]
    assert columns.similarities(typed, np.empty(0, dtype=np.int32)).tolist() == []


@pytest.mark.parametrize("query", ["Bo Da Fe", "da", "boda fega", "Ha Ji Ko La Mo", "Ko La", "hajikolamo", "单 行"])
def test_batch_scores_equal_one_by_one_with_keys_of_many_words(query: str) -> None:
    """Keys of more words than the word grid holds, alone or among short keys, score as similarity() does."""
    names = ["Bo Da Fe Ga Hi Jo", "Bo Da", "Ha Ji Ko La Mo Nu Pe", "Ko La", "Da Bo Fe", "單行 道 路 口 人"]
    table = _table(names)
    typed = Text.of(query)
    for rows in ([0, 2, 5], [1, 3, 4], list(range(len(table)))):
        picked = np.array(rows, dtype=np.int32)
        expected = [similarity(typed, table.text(row), table.kind[row]) for row in rows]
        assert Columns(table).similarities(typed, picked).tolist() == expected


@SETTINGS
@given(st.lists(st.text(max_size=12) | NAMEISH, max_size=20))
def test_fold_all_equals_fold(texts: list[str]) -> None:
    """Folding a list in whole-list passes gives fold() of each text."""
    assert fold_all(texts) == [fold(text) for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        ["米拉·穆拉蒂", "x\u0301y", "José"],  # a mark that composes with nothing stays a separator
        ["輝達", "ＯｐｅｎＡＩ", " Open-AI ", "a\nb", ""],
        ["Mira Murati", "MIRA  MURATI!", "_x_"],
        ["José", "米拉", " -a- ", "Ünï  cöde ", "b\n", "!", "輝達 AG", "ﬁ", "İ"],  # accents among plain texts
    ],
)
def test_fold_all_equals_fold_on_edge_cases(texts: list[str]) -> None:
    """Accents, lone combining marks, full-width forms, newlines and empty texts fold as fold() does."""
    assert fold_all(texts) == [fold(text) for text in texts]


@pytest.mark.parametrize("name", ["米拉 穆拉蒂", "英伟达", "單田芳", "曾国藩", "王伟", "openai首席", "𠀀王"])
def test_pinyin_by_translation_equals_pinyin_keys(name: str) -> None:
    """The translation-table spelling of a folded name gives exactly pinyin_keys()."""
    assert _pinyin_of(fold(name)) == pinyin_keys(name)


@SETTINGS
@given(st.text(alphabet="米拉穆蒂王伟英达單曾乐单行 ", min_size=1, max_size=8))
def test_pinyin_by_translation_equals_pinyin_keys_always(name: str) -> None:
    """Any name of Han characters and spaces is spelt as pinyin_keys() spells it."""
    folded = fold(name)
    if folded:
        assert _pinyin_of(folded) == pinyin_keys(name)
