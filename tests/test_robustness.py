"""Queries under stress: arbitrary Unicode never breaks a lookup, and threads share a knowledge base safely.

Each property test sets ``max_examples`` explicitly; docs/reliability.md reports the counts.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("hypothesis")  # in the test extra; without it this module skips (its @given tests need it)

from hypothesis import given, settings
from hypothesis import strategies as st

import openai_kb
from openai_kb import AmbiguousQueryError, KBError, KnowledgeBase, NotFoundError, Profile, QueryError, parse_amount
from openai_kb.models.quantities import check_amount_bounds
from openai_kb.reading._checks import iter_references
from openai_kb.search import _index as index_module

from .test_search import FIRST

KB = openai_kb.load()
HUGE = 100_000
SLOW = 5.0  # seconds: far above any real call on a busy machine, far below a hang

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=(), codec=None),  # every category: controls, marks, surrogates
    max_size=200,
)
HOSTILE_PIECES = [
    "Murati",
    "米拉·穆拉蒂",
    "OpenAI",
    "org:openai",
    "66亿美元",
    "US$6.6bn",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "مرحبا",  # Arabic
    "שלום",  # Hebrew
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\u0000\u0007\u001b[31m",  # NUL, bell, an escape sequence
    "\ud800",  # lone surrogates
    "\udfff",
    "👩\u200d💻",  # an emoji joined by a zero-width joiner
    "🇨🇳",  # a flag: two regional indicators
    "\ufeff\u2028\u2029",  # byte order mark, line and paragraph separators
]
hostile_text = st.one_of(
    unicode_text,
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), unicode_text), max_size=8).map("".join),
)
huge_text = st.text(alphabet=st.characters(codec=None), min_size=1, max_size=5).map(
    lambda piece: (piece * (HUGE // len(piece) + 1))[:HUGE]
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_any_text_searches_cleanly(query: str) -> None:
    """Control characters, lone surrogates, combining marks, RTL text and emoji give a list of matches."""
    results = KB.search(query)
    assert isinstance(results, list)
    assert all(0 <= match.score <= 100 for match in results)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_any_text_looks_up_cleanly(key: str) -> None:
    """get, in, [], mentions and label take any text: a record, None, False, or NotFoundError."""
    record = KB.get(key)
    assert (key in KB) is (record is not None)
    for lookup in (KB.__getitem__, KB.mentions, KB.label):
        if record is not None:
            lookup(key)
            continue
        with pytest.raises(NotFoundError, match=r"^No record with id ") as caught:
            lookup(key)
        assert caught.value.key == key


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_any_text_asks_about_cleanly(query: str) -> None:
    """about takes any text: a profile, or the library's own QueryError / NotFoundError with a message."""
    outcome: object
    try:
        outcome = KB.about(query)
    except KBError as error:
        outcome = error
    if isinstance(outcome, AmbiguousQueryError):
        assert len(outcome.candidates) >= 2
        assert str(outcome).endswith("; use an id")
    elif isinstance(outcome, NotFoundError):
        assert str(outcome).startswith("No match for ")
    elif isinstance(outcome, QueryError):
        assert not query.strip()
        assert str(outcome).startswith("about needs an id or a name to look up")
    else:
        assert isinstance(outcome, Profile)
        mentioned = [{target for _, target, _ in iter_references(fact)} for fact in outcome.facts]
        assert all(outcome.record.id in targets for targets in mentioned)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(hostile_text)
def test_any_text_parses_as_an_amount_or_none(text: str) -> None:
    """parse_amount reads any text as one exact, non-negative amount, or gives None; never raises. Its to_money
    is that amount, or a QueryError saying why money cannot hold it (more than 28 digits, say)."""
    parsed = parse_amount(text)
    if parsed is not None:
        assert isinstance(parsed.amount, Decimal)
        assert parsed.amount >= 0
        try:
            check_amount_bounds(parsed.amount)
        except ValueError as beyond:  # a number longer than money holds: refused by to_money, with the reason
            with pytest.raises(QueryError, match=f"^cannot make money of .*: {re.escape(str(beyond))}"):
                parsed.to_money("USD")
        else:
            assert parsed.to_money("USD").amount == parsed.amount


def _about(query: str) -> Profile | KBError:
    try:
        return KB.about(query)
    except KBError as error:  # white space only: QueryError; anything else: NoMatchError or AmbiguousQueryError
        return error


def _timed(call: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    try:
        return call()
    except NotFoundError:
        return None
    finally:
        assert time.perf_counter() - start < SLOW


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(huge_text)
def test_huge_strings_are_cut_or_refused_not_hung(text: str) -> None:
    """100,000-character strings return promptly: search reads the first 1,000 characters, parse_amount
    refuses text over 200, and a lookup of an id that long finds nothing."""
    assert len(text) == HUGE
    assert isinstance(_timed(lambda: KB.search(text)), list)
    assert _timed(lambda: KB.get(text)) is None
    assert _timed(lambda: KB[text]) is None
    assert _timed(lambda: KB.mentions(text)) is None
    assert isinstance(_timed(lambda: _about(text)), (Profile, KBError))
    assert _timed(lambda: parse_amount(text)) is None


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    limit=st.one_of(st.integers(-(2**70), 2**70), st.booleans(), st.floats(allow_nan=True)),
    cutoff=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-1000, 1000)),
)
def test_any_search_options_give_results_or_query_error(limit: Any, cutoff: Any) -> None:
    """Any limit or score cutoff gives results, or a QueryError saying what is allowed."""
    good_limit = isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0
    good_cutoff = isinstance(cutoff, (int, float)) and 0 <= cutoff <= 100
    if good_limit and good_cutoff:
        results = KB.search("OpenAI", limit=limit, score_cutoff=cutoff)
        assert len(results) <= limit
        assert all(match.score >= cutoff for match in results)
    else:
        allowed = r"^(limit must be a whole number >= 0|score_cutoff must be a number from 0 to 100)"
        with pytest.raises(QueryError, match=allowed):
            KB.search("OpenAI", limit=limit, score_cutoff=cutoff)


CALLS: dict[str, tuple[Callable[[Any], object], str]] = {
    "search": (KB.search, r"search\(\) expects the query as a str, not "),
    "about": (KB.about, r"about\(\) expects an id, a name or a record, not "),
    "get": (KB.get, r"expected a record id \(str\) or a record, not "),
    "getitem": (KB.__getitem__, r"expected a record id \(str\) or a record, not "),
    "mentions": (KB.mentions, r"expected a record id \(str\) or a record, not "),
    "label": (KB.label, r"expected a record id \(str\) or a record, not "),
    "records": (KB.records, r"records\(\) expects a record class such as Person or Fact, not "),
    "parse_amount": (parse_amount, r"parse_amount\(\) expects a str, not "),
    "load": (openai_kb.load, r"load\(\) expects a path \(str or os.PathLike\) or None, not "),
    "from_records": (KnowledgeBase.from_records, r"expected an iterable of records \(models or dicts\), not "),
    "merge": (KB.merge, r"merge\(\) expects a KnowledgeBase, not "),
    "save": (KB.save, r"save\(\) expects a path \(str or os.PathLike\), not "),
    "add": (KB.add, r"add\(\) takes records \(models or dicts\) as separate arguments, .*; got "),
    "replace": (KB.replace, r"replace\(\) takes records \(models or dicts\) as separate arguments, .*; got "),
    "verify_evidence": (
        lambda text: openai_kb.verify_evidence(KB, None, text),
        r"verify_evidence\(\) expects the source's text as a str, not ",
    ),
}


WRONG = [42, 4.2, b"OpenAI", ["OpenAI"], object()]


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        pytest.param(name, bad, id=f"{name}-{type(bad).__name__}")
        for name in CALLS
        for bad in WRONG
        if not (name == "from_records" and isinstance(bad, list))  # a list of anything is checked as data
    ],
)
def test_non_strings_are_type_errors(name: str, bad: object) -> None:
    """Every entry point given the wrong kind of argument raises a TypeError that says what it expected."""
    call, message = CALLS[name]
    with pytest.raises(TypeError, match=message + type(bad).__name__):
        call(bad)


def test_bad_limits_and_types() -> None:
    """Bad options raise the library's QueryError."""
    with pytest.raises(QueryError):
        KB.search("x", limit=True)
    with pytest.raises(QueryError):
        KB.search("x", types=["nope"])


@pytest.mark.slow  # eight threads, hundreds of searches: the full suite runs it
@pytest.mark.parametrize("brute_force_limit", [5_000, 0], ids=["scored-all", "n-gram-index"])
def test_eight_threads_get_single_threaded_answers(monkeypatch: pytest.MonkeyPatch, brute_force_limit: int) -> None:
    """Searches from 8 threads at once on a fresh knowledge base (its index built under contention)
    give exactly the single-threaded results, with every key scored or through the n-gram index."""
    expected = {query: [(m.record.id, m.score) for m in KB.search(query)] for query, _ in FIRST}
    monkeypatch.setattr(index_module, "BRUTE_FORCE_LIMIT", brute_force_limit)
    fresh: KnowledgeBase = openai_kb.load()
    queries = [query for query, _ in FIRST] * 8

    def run(query: str) -> tuple[str, list[tuple[str, float]]]:
        return query, [(m.record.id, m.score) for m in fresh.search(query)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for query, got in pool.map(run, queries):
            assert got == expected[query], query


def _answers(kb: KnowledgeBase, query: str, record_id: str) -> tuple[object, ...]:
    """Everything a reader may ask of a shared knowledge base, for one query and one record."""
    return (
        [(m.record.id, m.score, m.steps) for m in kb.search(query, types=["person", "organization", "departure"])],
        [(m.record.id, m.score) for m in kb.search(query, limit=3, score_cutoff=50)],
        kb.get(record_id),
        [fact.id for fact in kb.mentions(record_id)],
        kb.label(record_id),
        [record.id for record in kb.records(openai_kb.Fact)],
    )


@pytest.mark.slow  # eight threads loading and deriving knowledge bases: the full suite runs it
def test_eight_threads_mixing_reads_and_derived_knowledge_bases(tmp_path: Path) -> None:
    """8 threads share one fresh knowledge base for every kind of read, and build and save their own
    derived ones meanwhile: every answer equals the single-threaded one, and the shared base is unchanged."""
    ids = [record.id for record in KB]
    work = [(query, ids[i % len(ids)]) for i, (query, _) in enumerate(FIRST)] * 4
    expected = [_answers(KB, query, record_id) for query, record_id in work]
    shared: KnowledgeBase = openai_kb.load()

    def run(index: int) -> tuple[object, ...]:
        query, record_id = work[index]
        if index % 10 == 0:  # now and then, a derived knowledge base, searched and saved on the side
            own = shared.add(openai_kb.Person(id=f"person:t{index}", name=f"Thread Person {index}"))
            assert own.search(f"Thread Person {index}")[0].record.id == f"person:t{index}"
            own.save(tmp_path / f"t{index}.json")
        return _answers(shared, query, record_id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(run, range(len(work))))
    assert got == expected
    assert shared == KB
    assert all(openai_kb.load(path) != shared for path in tmp_path.iterdir())
