"""The key table, its scoring columns and its n-gram index, built in whole-list passes, hold exactly
what building them one key at a time holds.

The build of a large index avoids a Python step per key wherever it can; these tests compare it with
a plain reference (``fold`` and ``pinyin_keys`` per key, words and grams per key) on generated
names in every script the search reads, mixed with the bundled records (facts, departures, aliases).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import pytest

import openai_kb
from benchmarks.corpus import aliases
from openai_kb import KnowledgeBase, Name, Person, Record
from openai_kb.models.wording import label
from openai_kb.search import _batch_scoring
from openai_kb.search._batch_scoring import KINDS, Columns
from openai_kb.search._keys import _INITIALS_WEIGHT, _PINYIN_WEIGHT, KeyTable, _rows_of
from openai_kb.search._ngram import _MASK64, _MIX_INT, NgramIndex
from openai_kb.search._pinyin import pinyin_keys
from openai_kb.search.normalize import fold, has_han

# Names the generator does not make: mixed scripts, legal forms, accents, punctuation, full width,
# a lone first character of several readings (单, 曾, 乐), spaces between Chinese names, Cyrillic.
_ODD = [
    "OpenAI首席技术官",
    "Tosuna Capital Inc.",
    "微软公司",
    "Kabe & Lomi, LLC",
    "José Núñez",
    "ＫＡＢＥ　ＬＯＭＩ",
    "单田芳",
    "曾国藩",
    "乐天",
    "米拉·穆拉蒂",
    "米拉 穆拉蒂",
    "Ли Вэй",
    "  O'Brien  ",
    "x\u0301y",
    "王",
    "輝達",
    "Müller GmbH",
    "Gao-Mateo",
    "R2D2",
    "単",
    "𠀀王",
    "A",
    "!!",
    "Kabe  Lomi",
]


def _records(count: int, seed: int) -> list[Record]:
    """Generated people, some with aliases in other scripts, some sharing names, among the bundled records."""
    rng = random.Random(seed)
    names = aliases(count, seed=seed) + _ODD
    rng.shuffle(names)
    people: list[Record] = []
    for number, name in enumerate(names):
        if rng.random() < 0.15:
            extra = [Name(text=rng.choice(names), language=rng.choice(["en", "zh-Hans", "zh-Hant"]), prior=0.5)]
            people.append(Person(id=f"person:g{number}", name=name, names=extra))
        else:
            people.append(Person(id=f"person:g{number}", name=name))
    people.append(Person(id="person:g3", name="Second Record With An Id Seen Before"))
    bundled = list(openai_kb.load())
    at = len(people) // 2
    return people[:at] + bundled + people[at:]


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return _records(8_000, seed=3)


def _reference(records: Sequence[Record], label_of: object) -> dict[str, list[object]]:
    """The key table built one record and one key at a time: ``_rows_of``, ``fold``, ``pinyin_keys``."""
    by_id = {record.id: record for record in records}
    kept = list(by_id.values())
    number_of = {record_id: number for number, record_id in enumerate(by_id)}
    rows: list[tuple[int, str, str | None, str, float, float, str]] = []
    seen: dict[int, set[tuple[str, str, str]]] = {}
    for number, record in enumerate(kept):
        _rows_of(record, number, label_of, by_id, number_of, seen, rows)  # type: ignore[arg-type]
    columns: dict[str, list[object]] = {
        name: [row[position] for row in rows]
        for position, name in enumerate(("record", "source", "language", "field", "weight", "prior", "kind"))
    }
    columns["matched"] = list(range(len(rows)))
    columns["folded"] = [fold(text) for text in columns["source"]]  # type: ignore[arg-type]
    for row in range(len(rows)):
        folded = columns["folded"][row]
        if columns["kind"][row] != "text" or columns["field"][row] == "label" or not has_han(folded):  # type: ignore[arg-type]
            continue
        for spelled, initials in pinyin_keys(folded):  # type: ignore[arg-type]
            weight = columns["weight"][row]
            made = [(spelled, "pinyin", weight * _PINYIN_WEIGHT)]  # type: ignore[operator]
            if len(initials) >= 2:
                made.append((initials, "initials", weight * _INITIALS_WEIGHT))  # type: ignore[operator]
            for text, kind, key_weight in made:
                for name in ("record", "language", "field", "prior"):
                    columns[name].append(columns[name][row])
                columns["source"].append(text)
                columns["folded"].append(text)
                columns["kind"].append(kind)
                columns["weight"].append(key_weight)
                columns["matched"].append(row)
    columns["compact"] = [text.replace(" ", "") for text in columns["folded"]]  # type: ignore[attr-defined]
    columns["records"] = kept  # type: ignore[assignment]
    return columns


@pytest.fixture(scope="module")
def built(records: list[Record]) -> tuple[KeyTable, dict[str, list[object]]]:
    kb = KnowledgeBase.from_records([])

    def label_of(record: Record) -> str:
        return label(record, kb._name_of)

    return KeyTable(records, label_of), _reference(records, label_of)


COLUMNS = [
    "records",
    "record",
    "source",
    "language",
    "field",
    "weight",
    "prior",
    "kind",
    "matched",
    "folded",
    "compact",
]


@pytest.mark.parametrize("column", COLUMNS)
def test_key_table_equals_one_key_at_a_time(built: tuple[KeyTable, dict[str, list[object]]], column: str) -> None:
    """Each column of the key table equals the reference's, row for row."""
    table, reference = built
    assert len(reference["source"]) > 8_000  # pinyin and initials keys were added
    assert list(getattr(table, column)) == reference[column]


def test_exact_rows_equal_one_key_at_a_time(built: tuple[KeyTable, dict[str, list[object]]]) -> None:
    """table.exact(form) lists every row of that compact form, in order, for every form."""
    table, reference = built
    expected: dict[str, list[int]] = {}
    for row, text in enumerate(reference["compact"]):
        expected.setdefault(text, []).append(row)  # type: ignore[arg-type]
    assert any(len(rows) > 1 for rows in expected.values())
    for text, rows in expected.items():
        assert table.exact(text) == rows
    assert table.exact("no such key at all") == []


@pytest.mark.parametrize("colliding", [False, True], ids=["hashed", "words-sharing-a-hash"])
def test_columns_equal_one_key_at_a_time(
    built: tuple[KeyTable, dict[str, list[object]]], colliding: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scoring columns: kinds, Han flags, word counts and every key's words, numbered by first
    appearance, each word held once; the same when different words share a hash."""
    table, _ = built
    if colliding:
        monkeypatch.setattr(_batch_scoring, "_word_hash", len)
    columns = Columns(table)
    assert columns.kind.tolist() == [KINDS[kind] for kind in table.kind]
    assert columns.han.tolist() == [has_han(text) for text in table.folded]
    words = [text.split() for text in table.folded]
    assert columns.word_count.tolist() == [len(split) for split in words]
    assert columns.word_start.tolist() == np.cumsum([0] + [len(split) for split in words]).tolist()
    flat = [word for split in words for word in split]
    assert [columns.vocabulary[number] for number in columns.words.tolist()] == flat
    first = {word: number for number, word in reversed(list(enumerate(flat)))}
    assert {word: columns.word_id(word) for word in first} == first
    assert columns.words.tolist() == [first[word] for word in flat]
    assert set(columns.vocabulary[: len(flat)].tolist()) - {""} == set(first)  # each word held once
    assert sum(word != "" for word in columns.vocabulary.tolist()) == len(first)
    assert columns.vocabulary[-1] == ""
    assert columns.word_id("no such word") == -1


def _every_gram(text: str) -> list[int]:
    """The hashed grams of a text in order, repeats kept: what ``grams`` gives, one position at a time."""
    codes = [32, *map(ord, text), 32]
    found = []
    for at in range(len(codes) - 1):
        if has_han(chr(codes[at])) or has_han(chr(codes[at + 1])):
            key = (codes[at] << 21) | codes[at + 1] | (1 << 63)
        elif at + 2 < len(codes):
            key = (codes[at] << 42) | (codes[at + 1] << 21) | codes[at + 2]
        else:
            continue
        found.append(((key * _MIX_INT) & _MASK64) >> 32)
    return found


def test_ngram_postings_equal_one_text_at_a_time(built: tuple[KeyTable, dict[str, list[object]]]) -> None:
    """Each gram's postings are the keys holding it (once per occurrence), ascending; each key's gram count."""
    table, _ = built
    texts = ["" if kind == "initials" else text for kind, text in zip(table.kind, table.folded, strict=True)]
    index = NgramIndex(texts)
    expected: dict[int, list[int]] = {}
    counts = []
    for key, text in enumerate(texts):
        found = _every_gram(text)
        counts.append(len(found))
        for gram in found:
            expected.setdefault(gram, []).append(key)
    assert index._gram_counts.tolist() == counts
    got: dict[int, list[int]] = {}
    for part in index._tables:
        for number, gram in enumerate(part.grams.tolist()):
            assert gram not in got
            got[gram] = part.postings[part.starts[number] : part.starts[number + 1]].tolist()
    assert got == expected


def test_key_table_of_records_by_id_equals_that_of_the_list(
    records: list[Record], built: tuple[KeyTable, dict[str, list[object]]]
) -> None:
    """Given the records already keyed by id (as a knowledge base holds them), the table is the same."""
    table, _ = built
    by_id = {record.id: record for record in records}
    keyed = KeyTable(by_id, lambda record: label(record, KnowledgeBase.from_records([])._name_of))
    for column in COLUMNS:
        assert list(getattr(keyed, column)) == list(getattr(table, column)), column


@pytest.mark.parametrize("count", [40, 3_000])
def test_exact_rows_of_a_small_table(count: int) -> None:
    """A small table (a dictionary of forms) and a large one (sorted hashes) list the same rows."""
    people = _records(count, seed=8)[:count]
    table = KeyTable(people, lambda record: record.id)
    expected: dict[str, list[int]] = {}
    for row, text in enumerate(table.compact):
        expected.setdefault(text, []).append(row)
    assert all(table.exact(text) == rows for text, rows in expected.items())


class _Probed(np.ndarray):  # type: ignore[type-arg]
    """Sorted hashes that record the type of every value ``searchsorted`` is asked to place."""

    probes: ClassVar[list[np.dtype[np.generic]]] = []

    def searchsorted(self, v: object, side: str = "left", sorter: object = None) -> object:  # type: ignore[override]
        _Probed.probes.append(np.asarray(v).dtype)
        return super().searchsorted(v, side, sorter)  # type: ignore[call-overload]


def test_exact_lookup_probes_the_hashes_as_uint64_on_both_sides_of_2_63(
    built: tuple[KeyTable, dict[str, list[object]]],
) -> None:
    """A large table's exact lookup places a uint64 among its uint64 hashes (a Python int below 2**63
    would make numpy compare as float64, copying the whole array each call), for forms hashed below
    and above 2**63 alike, and finds each form's rows."""
    table, reference = built
    assert table._hashes is not None
    assert table._hashes.dtype == np.uint64
    forms = list(dict.fromkeys(reference["compact"]))  # type: ignore[arg-type]
    low = next(form for form in forms if hash(form) & _MASK64 < 2**63)
    high = next(form for form in forms if hash(form) & _MASK64 >= 2**63)
    hashes = table._hashes
    table._hashes = hashes.view(_Probed)
    _Probed.probes.clear()
    try:
        found = {form: table.exact(form) for form in (low, high)}
    finally:
        table._hashes = hashes
    assert _Probed.probes == [np.dtype(np.uint64)] * 4
    for form in (low, high):
        assert found[form] == [row for row, text in enumerate(reference["compact"]) if text == form]
