"""The gazetteer built in passes over all names at once holds what a record-by-record build holds."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import openai_kb
from openai_kb.linking import _gazetteer_rows
from openai_kb.linking._gazetteer import Gazetteer
from openai_kb.linking._gazetteer_rows import (
    Entry,
    compact_all,
    grouped_rows,
    name_parts,
)
from openai_kb.linking._text import Folded, compact_name, is_word_character
from openai_kb.linking._wordings import GENERIC_HAN, GENERIC_WORDS, title_wordings
from openai_kb.models import Entity, Organization, Person, Record
from openai_kb.search._query import FUNCTION_WORDS, function_words_only
from openai_kb.search.normalize import INTERPUNCTS

_MARKS = re.compile(r"[^\w\s]|_")
_PARTS = re.compile(f"[\\s{re.escape(INTERPUNCTS)}]+")
_ASCII_WORDS = re.compile("[a-z0-9]+")
_NO_SHORT_END = " \t\n\r\f\v\u3000,&"  # what a short name cannot end with


# -- the reference: one record at a time, one Entry object per name (the first gazetteer) ------------


def _without_a_generic_word(rest: str) -> str | None:
    """A name without its last generic word and what goes before it, or None when it ends with none."""
    for word in GENERIC_HAN:
        if rest.endswith(word):
            return rest[: -len(word)].rstrip(" \u3000")
    body = rest.removesuffix(".")
    cut = max(body.rfind(separator) for separator in " ,&")
    word = body[cut + 1 :]
    if cut < 0 or not word.isascii() or word.lower() not in GENERIC_WORDS:
        return None
    return body[:cut].rstrip(" ,&")


def _longest_short(name: str) -> str:
    """What is left after the most generic words that leave a short name that can end there."""
    rest, best = name.rstrip(" .\u3000"), ""
    while (shorter := _without_a_generic_word(rest)) is not None:
        rest = shorter
        if rest and rest[-1] not in _NO_SHORT_END:
            best = rest
    return best


def _generic_only(short: str) -> bool:
    """Whether a short name is generic words only (and what may go between and after them), one at least."""
    rest: str | None = (" " + short).rstrip(" .\u3000")
    words = 0
    while rest:
        rest, words = _without_a_generic_word(rest), words + 1
    return rest is not None and words > 0


def _reference_short(name: str) -> str:
    """An organization's short name, word by word: no generic word ends it, no leading "The"."""
    if "\n" in name:
        return ""
    after_the = name[3:].lstrip(" ") if name[:3].isascii() and name[:3].lower() == "the" and name[3:4] == " " else ""
    short = (_longest_short(after_the) if after_the else "") or _longest_short(name)
    return "" if _generic_only(short) else short


def _reference_entries(record: Record, by_id: dict[str, Record]) -> Iterator[tuple[str, Entry]]:
    if isinstance(record, Entity):
        yield record.name, Entry(record.id, "name", record.name, "en", "canonical", 1.0)
        for name in record.names:
            prior = 1.0 if name.prior is None else name.prior
            yield name.text, Entry(record.id, "name", name.text, name.language, name.kind, prior)
        written_names = ((record.name, "en", "canonical"), *((n.text, n.language, n.kind) for n in record.names))
        if isinstance(record, Person):
            for written, language, _ in written_names:
                parts = [part for part in _PARTS.split(written.strip()) if part]
                if len(parts) >= 2:
                    yield parts[-1], Entry(record.id, "surname", parts[-1], language, "part", 1.0)
                    yield parts[0], Entry(record.id, "given name", parts[0], language, "part", 1.0)
        else:
            for written, language, kind in written_names:
                short = _reference_short(written)
                if short:
                    yield short, Entry(record.id, "short name", short, language, kind, 1.0)
    titles = type(record).search_titles
    if titles is None:
        return
    holder = by_id.get(str(getattr(record, titles.of)))
    if holder is None:
        return
    at = by_id.get(str(getattr(record, titles.at))) if titles.at is not None else None
    held: list[tuple[str, str | None]] = []
    for field, language in titles.texts:
        value = getattr(record, field)
        written_ = [(n.text, n.language) for n in value] if isinstance(value, tuple) else [(value, language)]
        held += [(text, lang) for text, lang in written_ if text]
    keys = {compact_name(text) for text, _ in held}
    wordings: list[tuple[str, str | None, str | None]] = [(text, lang, None) for text, lang in held]
    for text, lang in held:  # then each other wording no title and no wording before it is
        for wording in title_wordings(text, lang):
            if compact_name(wording) not in keys:
                keys.add(compact_name(wording))
                wordings.append((wording, lang, text))
    for text, lang, of in wordings:
        yield text, Entry(holder.id, "title", text, lang, "title", 1.0, record.id, of)
        if isinstance(at, Entity):
            for org_name in (at.name, *(n.text for n in at.names)):
                phrase = f"{org_name} {text}"
                yield phrase, Entry(holder.id, "name", phrase, lang, "title", 1.0, record.id, of)


def _function_words_only(written: str) -> bool:
    if written.isascii():
        words = _ASCII_WORDS.findall(written.lower())
        return bool(words) and all(word in FUNCTION_WORDS for word in words)
    return function_words_only(written)


def _reference(by_id: dict[str, Record]) -> dict[str, tuple[list[Entry], set[str]]]:
    """Key -> (its entries, each once in order; the marks its names are written with)."""
    found: dict[str, tuple[dict[Entry, None], set[str]]] = {}
    for record in by_id.values():
        for written, entry in _reference_entries(record, by_id):
            key = compact_name(written)
            if len(key) < 2 or _function_words_only(written):
                continue
            entries, marks = found.setdefault(key, ({}, set()))
            entries[entry] = None
            marks.update(_MARKS.findall(written))
    return {key: (list(entries), marks) for key, (entries, marks) in found.items()}


def _assert_same(by_id: dict[str, Record]) -> Gazetteer:
    """The gazetteer of ``by_id`` and the reference agree on every key, its entries, marks and edges."""
    gazetteer = Gazetteer(by_id)
    reference = _reference(by_id)
    assert sorted(gazetteer.keys()) == sorted(reference)
    assert len(gazetteer) == len(reference)
    for key, (entries, marks) in reference.items():
        assert gazetteer.entries(key) == entries, key
        assert gazetteer.marks(key) == marks, key
        assert gazetteer.latin_edges(key) == (is_word_character(key[0]), is_word_character(key[-1]))
    return gazetteer


# -- records -------------------------------------------------------------------------------------

_SYLLABLES = "ka be lo mi ra mu ti an on in the of wa ng zo".split()
_HAN = "米拉穆蒂亞歷山大微軟软的和在王李張张"
_TAILS = [" Capital", " Capital Group", ", Inc.", " CO", " Co.", " Ventures.", " & Co", ", Global", " Labs  ",
          " Capitals", "Capital", " Ltd..", " Inc. Ltd", "集团", "資本", " 控股", "有限公司",
          "\u3000公司", ",集团"]  # fmt: skip
_SEPARATORS = [" ", " ", "·", "・", "  ", "\u3000", "-", ".", " · "]


def _latin(rng: random.Random) -> str:
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
    words = [word.capitalize() if rng.random() < 0.8 else word.upper() for word in words]
    return rng.choice(_SEPARATORS).join(words)


def _han(rng: random.Random) -> str:
    text = "".join(rng.choice(_HAN) for _ in range(rng.randint(1, 4)))
    return text if rng.random() < 0.7 else text[:1] + rng.choice(_SEPARATORS) + text[1:]


def _records(count: int, seed: int) -> list[Record]:
    """People and organizations with names in both scripts, aliases, one-character and function-word names."""
    rng = random.Random(seed)
    special = ["The", "of the", "的", "和的", "A", "X", "米", "O'Neil", "Ｍｉｒａ Ｍｕｒａｔｉ", "Zoë Ågren", "ﬁne Co"]
    records: list[Record] = []
    for index in range(count):
        name = rng.choice(special) if rng.random() < 0.05 else (_latin(rng) if rng.random() < 0.6 else _han(rng))
        names = []
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            text = rng.choice((_latin, _han))(rng) if rng.random() > 0.1 else name  # an alias may repeat the name
            language = rng.choice(("en", "zh-Hans", "zh-Hant"))
            item: dict[str, Any] = {"text": text, "language": language, "kind": rng.choice(("alias", "translation"))}
            if rng.random() < 0.3:
                item["prior"] = rng.choice((0.5, 0.9, 1.0))
            names.append(item)
        model = Person if rng.random() < 0.7 else Organization
        if model is Organization:  # generic words after its names, and names of generic words only
            name = rng.choice(("", "The ", "the  ")) + name + rng.choice(_TAILS) if rng.random() < 0.5 else name
            for item in names:
                item["text"] += rng.choice(_TAILS) if rng.random() < 0.5 else ""
        records.append(model.model_validate({"id": f"{model.__name__.lower()}:g{index}", "name": name, "names": names}))
    return records


def _by_id(records: list[Record]) -> dict[str, Record]:
    return {record.id: record for record in records}


# -- tests ---------------------------------------------------------------------------------------


def test_bundled_data_as_a_record_by_record_build() -> None:
    """On the bundled data (titles, Traditional and Simplified names, parts), the entries are the reference's."""
    gazetteer = _assert_same(_by_id(list(openai_kb.load())))
    assert [(e.record, e.kind, e.written, e.language) for e in gazetteer.entries("穆拉蒂")] == [
        ("person:mira-murati", "surname", "穆拉蒂", "zh-Hans"),
        ("person:mira-murati", "surname", "穆拉蒂", "zh-Hant"),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_names_as_a_record_by_record_build(seed: int) -> None:
    """Thousands of generated names (both scripts, aliases, parts, one-character and function-word
    names) give the reference's entries, through numpy's grouping."""
    records = _records(4_000, seed)
    assert sum(1 for _ in grouped_rows(records, _by_id(records)).record) > _gazetteer_rows.ARRAYS_ABOVE
    _assert_same(_by_id([*openai_kb.load(), *records]))


@pytest.mark.parametrize("seed", [4, 5])
def test_few_names_grouped_without_numpy(seed: int) -> None:
    """Below ARRAYS_ABOVE rows the grouping in lists gives the reference's entries."""
    records = _records(200, seed)
    assert len(grouped_rows(records, _by_id(records)).record) <= _gazetteer_rows.ARRAYS_ABOVE
    _assert_same(_by_id(records))


@pytest.mark.parametrize(("count", "seed", "collide"), [(4_000, 7, False), (200, 8, False), (4_000, 9, True)])
def test_rows_give_each_key_as_code_points(
    count: int, seed: int, collide: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distinct key is ``lengths[k]`` code points of ``points`` from ``begins[k]``, whichever way rows are
    grouped (numpy, lists, or lists after a hash two keys share)."""
    if collide:
        monkeypatch.setattr(_gazetteer_rows, "hash", lambda key: len(key), raising=False)
    records = [*_records(count, seed), Person(id="person:n", name="Line\nBreak Name"), Person(id="person:e", name="..")]
    rows = grouped_rows(records, _by_id(records))
    assert len(rows.keys) == len(rows.begins) == len(rows.lengths) > 100
    text = rows.points.tobytes().decode("utf-32-le")
    assert [text[b : b + n] for b, n in zip(rows.begins.tolist(), rows.lengths.tolist(), strict=True)] == rows.keys
    assert "linebreakname" in rows.keys


def test_no_records_no_rows() -> None:
    """A knowledge base of no names has no keys and no code points."""
    rows = grouped_rows([], {})
    assert (rows.keys, len(rows.points), len(rows.begins), len(rows.lengths)) == ([], 0, 0, 0)


def test_keys_of_one_hash_fall_back_on_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys told apart by their hashes are checked: when two share one, grouping in lists decides."""
    monkeypatch.setattr(_gazetteer_rows, "hash", lambda key: len(key), raising=False)
    _assert_same(_by_id(_records(4_000, 6)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("aBé 的·米\n\u0301ＯﬁX-_.'\t"), min_size=1, max_size=8), min_size=1, max_size=12)
)
def test_odd_names_as_a_record_by_record_build(names: list[str]) -> None:
    """Names of separators only, newlines, accents, full-width letters and ligatures give the reference's entries."""
    names = [name for name in names if name.strip()] or ["Mira Murati"]
    records: list[Record] = [
        Person.model_validate(
            {"id": f"person:o{index}", "name": name, "names": [{"text": name + " X", "language": "en"}]}
        )
        for index, name in enumerate(names)
    ]
    _assert_same(_by_id(records))


@given(st.lists(st.text(st.sampled_from("aZ 的軟·\n\u0301Ｏﬁ9_.\u3000"), max_size=8), max_size=12))
def test_compact_all_is_compact_name_of_each(texts: list[str]) -> None:
    """compact_all gives compact_name of each text, newlines inside a text included."""
    assert compact_all(texts) == [compact_name(text) for text in texts]


@given(st.lists(st.text(st.sampled_from("ab 的·・\u3000\n\t-"), max_size=8), min_size=1, max_size=12))
def test_first_and_last_parts_of_each_name(texts: list[str]) -> None:
    """The first and last parts of each name, and whether it has two, are those name_parts gives."""
    firsts, lasts, several = _gazetteer_rows._first_and_last(texts)
    parts = [name_parts(text) for text in texts]
    assert several == [len(p) > 1 for p in parts]
    assert [f for f, s in zip(firsts, several, strict=True) if s] == [p[0] for p in parts if len(p) > 1]
    assert [f for f, s in zip(lasts, several, strict=True) if s] == [p[-1] for p in parts if len(p) > 1]


def test_entries_are_a_new_list_each_time() -> None:
    """A caller changing the list entries() gave changes nothing the gazetteer holds; marks() cannot be changed."""
    gazetteer = Gazetteer(_by_id(list(openai_kb.load())))
    gazetteer.entries("openai").clear()
    assert [e.record for e in gazetteer.entries("openai")][:1] == ["org:openai"]
    assert gazetteer.marks("openai") == frozenset()
    assert isinstance(gazetteer.marks("山姆阿特曼"), frozenset)
    assert gazetteer.marks("山姆阿特曼") == {"·"}


def test_a_key_not_held_is_a_key_error() -> None:
    """entries() of a key no name gives raises KeyError naming it, as a dict would."""
    gazetteer = Gazetteer(_by_id(list(openai_kb.load())))
    with pytest.raises(KeyError, match="nosuchname"):
        gazetteer.entries("nosuchname")
    assert list(Gazetteer({}).matches(Folded("openai"))) == []
    with pytest.raises(KeyError, match="openai"):
        Gazetteer({}).entries("openai")


def test_matches_give_each_key_where_it_is() -> None:
    """matches() gives (start, end, key) for every key in a folded text, overlaps included."""
    gazetteer = Gazetteer(_by_id(list(openai_kb.load())))
    folded = Folded("Mira Murati 米拉·穆拉蒂")
    found = sorted(gazetteer.matches(folded))
    assert all(folded.compact[start:end] == key for start, end, key in found)
    assert {key for _, _, key in found} >= {"miramurati", "murati", "mira", "米拉穆拉蒂", "穆拉蒂"}


def test_a_part_of_a_name_is_looked_up_as_words() -> None:
    """A Latin part no name is (a surname) is found as a word or joined words, never inside a longer word."""
    by_id = _by_id([Person(id="person:s", name="Shaun O'Neil-Smith"), Person(id="person:m", name="Mira Kovac")])
    gazetteer = Gazetteer(by_id)
    folded = Folded("Kovac said; O'Neil-Smith and Kovacs; MiraKovac; Ｋｏｖａｃ")
    found = [
        (folded.text[slice(*folded.span(start, end) or (0, 0))], key) for start, end, key in gazetteer.matches(folded)
    ]
    assert sorted(found) == [  # not "Kovac" in "Kovacs", nor "Mira" in "MiraKovac" (the whole name, the automaton's)
        ("Kovac", "kovac"),
        ("MiraKovac", "mirakovac"),
        ("O'Neil-Smith", "oneilsmith"),
        ("Ｋｏｖａｃ", "kovac"),
    ]
    assert sorted(map(gazetteer._key, gazetteer._checked)) == ["kovac", "mira", "oneilsmith", "shaun"]


# -- what a key stands for, made once per key and wording ----------------------------------------------

_SUREST_ORDER = {"name": 0, "title": 1, "surname": 2, "short name": 2, "given name": 3}


def _reference_surest(entries: list[Entry], written: str) -> list[Entry]:
    """The first linker's choice at each mention: one entry per record, of the surest kind, sorted there and then."""
    best: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (_SUREST_ORDER[e.kind], -e.prior, e.written != written)):
        best.setdefault(entry.record, entry)
    surest = min(_SUREST_ORDER[entry.kind] for entry in best.values())
    return [entry for entry in best.values() if _SUREST_ORDER[entry.kind] == surest]


@pytest.mark.parametrize("seed", [3, 4])
def test_surest_entries_are_what_each_mention_chose(seed: int) -> None:
    """surest(key, written) gives, for every key and wording, the entries the linker chose at each
    mention, and where each record's entry stands; name_holders the records a key wholly names."""
    gazetteer = Gazetteer(_by_id([*openai_kb.load(), *_records(2_000, seed)]))
    keys = list(gazetteer.keys())
    for key in keys:
        entries = gazetteer.entries(key)
        for written in {key, *(entry.written for entry in entries)}:
            surest = gazetteer.surest(key, written)
            assert list(surest.entries) == _reference_surest(entries, written)
            assert surest.places == {entry.record: place for place, entry in enumerate(surest.entries)}
        assert gazetteer.name_holders(key) == {entry.record for entry in entries if entry.kind == "name"}


def _hash_by_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashed keys and spans get their length as their hash: keys of one length all collide."""
    from openai_kb.linking import _gazetteer

    monkeypatch.setattr(_gazetteer, "key_hashes", lambda points, begins, lengths: lengths.astype("int64"))

    class ByLength:
        def __init__(self, text: str) -> None:
            pass

        def of(self, starts: Any, ends: Any) -> Any:
            return (ends - starts).astype("int64")

    monkeypatch.setattr(_gazetteer, "SpanHashes", ByLength)


def test_part_words_sharing_a_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Part words are found by hash and checked: words of one hash each find themselves, and a word
    of that hash that no name holds finds nothing."""
    from openai_kb.linking import _gazetteer

    _hash_by_length(monkeypatch)  # every five-letter word one hash
    monkeypatch.setattr(_gazetteer, "WORDS_IN_AUTOMATON", -1)  # looked up by hash however few
    by_id = _by_id([Person(id="person:k", name="Ann Kovac"), Person(id="person:s", name="Bea Smith")])
    gazetteer = Gazetteer(by_id)
    folded = Folded("Smith, Jones and Kovac")
    assert sorted(key for _, _, key in gazetteer.matches(folded)) == ["kovac", "smith"]
    assert [entry.record for entry in gazetteer.entries("smith")] == ["person:s"]
    with pytest.raises(KeyError):
        gazetteer.entries("jones")


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_part_words_match_alike_in_the_automaton_and_by_hash(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few part words are held in the automaton, many looked up by hash: texts of names, parts and odd
    separators give the same matches either way, so the links never depend on how many names there are."""
    from openai_kb.linking import _gazetteer

    records = _records(600, seed)
    records += [Person(id=f"person:j{i}", name=name) for i, name in enumerate(("Shaun O'Neil-Smith", "Ann Mu·Rati"))]
    rng = random.Random(seed)
    words = [part for record in records for part in re.split(r"[\s·・.\-]+", str(getattr(record, "name", ""))) if part]
    glue = [" ", "", "-", "'", "’", "·", "--", " - ", "\u00ad", "，", "的", ".", "Ｘ", "x", "2"]
    texts = ["".join(rng.choice(words) + rng.choice(glue) for _ in range(60)) for _ in range(20)]
    texts.append("Murati, O'Neil-Smith, O'Neil, Smith-Jones; Mu·Rati and ＭｕＲａｔｉ")
    by_id = _by_id(records)
    held = Gazetteer(by_id)
    monkeypatch.setattr(_gazetteer, "WORDS_IN_AUTOMATON", -1)
    hashed = Gazetteer(by_id)
    assert held._checked
    assert not hashed._checked
    for text in texts:
        folded = Folded(text)
        assert sorted(held.matches(folded)) == sorted(hashed.matches(folded)), text


def _odd_texts(records: list[Record], seed: int) -> list[str]:
    """Texts of names, their words and pieces, glued by spaces, marks, letters, Han, full-width letters and accents."""
    rng = random.Random(seed)
    names = [str(getattr(record, "name", "")) for record in records]
    words = [part for name in names for part in re.split(r"[\s·・.\-]+", name) if part]
    pieces = names + words + [word[: len(word) // 2] for word in words]
    glue = [" ", "", "-", "'", "·", " - ", "\u00ad", "，", "的", ".", "Ｘ", "x", "2", "\u0301", "ß", "\n", "ﬁ", "（"]
    texts = ["".join(rng.choice(pieces) + rng.choice(glue) for _ in range(80)) for _ in range(25)]
    return [*texts, "Straße AG und STRASSE AG; ＭｉｒａＭｕｒａｔｉ, Mira\u0301 Murati2, Zoe\u0308 Ågren-fine co"]


@pytest.mark.parametrize(
    ("seed", "hashed_too", "longest", "at_once"),
    [(9, (), 64, 65_536), (10, ("WORDS_IN_AUTOMATON",), 64, 65_536), (11, (), 8, 3)],
)
def test_names_link_alike_in_the_automaton_and_by_hash(
    seed: int, hashed_too: tuple[str, ...], longest: int, at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names that begin and end with Latin-like letters are held in the automaton when few and looked up where
    words begin and end when many: the mentions found are the same either way, and so is every key's lookup."""
    from openai_kb.linking import _gazetteer
    from openai_kb.linking._names import find_mentions

    records = _records(600, seed)
    records += [Organization(id="org:s", name="Straße AG"), Person(id="person:z", name="Zoë Ågren")]
    by_id = _by_id(records)
    held = Gazetteer(by_id)
    for constant in ("NAMES_IN_AUTOMATON", *hashed_too):  # part words too, by hash or in the automaton alike
        monkeypatch.setattr(_gazetteer, constant, -1)
    monkeypatch.setattr(_gazetteer, "_LONGEST_HASHED", longest)  # longer names stay in the automaton
    monkeypatch.setattr(_gazetteer, "_STARTS_AT_ONCE", at_once)  # a text's spans in batches
    hashed = Gazetteer(by_id)
    assert not len(held._names)
    assert len(hashed._names) > 200
    assert hashed._longest <= longest
    keys = sorted(held.keys())
    assert sorted(hashed.keys()) == keys
    for key in keys:
        assert hashed.entries(key) == held.entries(key), key
    for text in _odd_texts(records, seed):
        folded = Folded(text)
        assert find_mentions(folded, held) == find_mentions(folded, hashed), text


def test_names_sharing_a_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names looked up by hash are checked: names of one hash each find themselves, a text of that hash
    that no name is finds nothing, and a name is found only where words begin and end."""
    from openai_kb.linking import _gazetteer

    _hash_by_length(monkeypatch)  # every name of ten letters one hash
    monkeypatch.setattr(_gazetteer, "NAMES_IN_AUTOMATON", -1)
    by_id = _by_id([Organization(id="org:a", name="Acme Robot"), Organization(id="org:b", name="Bolt Foods")])
    gazetteer = Gazetteer(by_id)
    folded = Folded("Bolt Foods, BoltFoods, Acme Robots, xAcme Robot and Cold Roads")
    found = [
        (folded.text[slice(*folded.span(start, end) or (0, 0))], key) for start, end, key in gazetteer.matches(folded)
    ]
    assert found == [("Bolt Foods", "boltfoods"), ("BoltFoods", "boltfoods")]
    assert [entry.record for entry in gazetteer.entries("acmerobot")] == ["org:a"]
    with pytest.raises(KeyError):
        gazetteer.entries("coldroads")
