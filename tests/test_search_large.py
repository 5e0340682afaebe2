"""Search as a large knowledge base sees it: full result lists, names with slips, several names in
one query, and the index built eagerly with a progress bar on a terminal."""

from __future__ import annotations

import io
import sys

import pytest

import openai_kb
from benchmarks.corpus import aliases
from openai_kb import KnowledgeBase
from openai_kb.search import _progress as progress
from openai_kb.search._index import BRUTE_FORCE_LIMIT, query_parts
from openai_kb.search._ngram import NgramIndex
from openai_kb.search._progress import ProgressBar


def _people(*names: str) -> KnowledgeBase:
    return KnowledgeBase.from_records(
        [{"type": "person", "id": f"person:p{number}", "name": name} for number, name in enumerate(names)]
    )


@pytest.fixture(scope="module")
def large() -> KnowledgeBase:
    """Generated people, enough for the n-gram index and batch scoring, plus a few names of our own."""
    own = ["Miller", "Helen Robert Miller", "Anna Miller", "Miller Tosu", "Mateo Gao", "Kiri Mollerson"]
    return _people(*own, *aliases(6_000, seed=11))


def test_large_fixture_uses_the_ngram_index(large: KnowledgeBase) -> None:
    """The fixture is big enough that candidates come from the n-gram index, not from every key."""
    large.build_index()
    assert len(large._search_index()._table) > BRUTE_FORCE_LIMIT
    assert large._search_index()._large is not None


@pytest.mark.parametrize("size", ["small", "large"])
def test_an_exact_hit_comes_first_not_alone(size: str, large: KnowledgeBase) -> None:
    """'Miller' gives Miller first, then the other names holding the word, up to the limit."""
    kb = large if size == "large" else _people("Miller", "Helen Robert Miller", "Anna Miller", "Miller Tosu")
    found = kb.search("Miller", limit=10)
    assert found[0].matched.text == "Miller"
    assert found[0].steps == ("exact",)
    assert {"Helen Robert Miller", "Anna Miller", "Miller Tosu"} <= {m.matched.text for m in found[1:]}
    assert all(m.score == 95.0 for m in found[1:] if "Miller" in m.matched.text.split())
    assert len(kb.search("Miller", limit=2)) == 2


def test_a_list_holds_limit_results_when_enough_clear_the_cutoff() -> None:
    """Twelve names share a word: a limit of 10 gives 10, a limit of 20 all 12."""
    kb = _people(*[f"Tosuna {first}" for first in "Abe Bo Cai Dan Eri Fumi Goro Hana Ito Jun Ken Lio".split()])
    assert len(kb.search("Tosuna", limit=10)) == 10
    assert len(kb.search("Tosuna", limit=20)) == 12


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_name_with_a_slip_in_each_word_is_found(size: str, large: KnowledgeBase) -> None:
    """'Mftaeo Gao' (two slips) finds Mateo Gao, as plausible, not certain (70-79)."""
    kb = large if size == "large" else _people("Mateo Gao", "Ana Gaol")
    top = kb.search("Mftaeo Gao")[0]
    assert top.matched.text == "Mateo Gao"
    assert 70 <= top.score < 80
    assert top.steps == ("normalized", "fuzzy")


def test_a_phrase_is_not_compared_whole(kb: KnowledgeBase) -> None:
    """'OpenAI CTO' keeps 'OpenAI CRO' (another person's title) below 80: phrases are read word by word."""
    scores = {m.record.id: m.score for m in kb.search("OpenAI CTO")}
    assert scores["person:mira-murati"] == 100.0
    assert scores.get("person:bob-mcgrew", 0.0) < 80


MULTI = [
    ("微软和英伟达", ["org:microsoft", "org:nvidia"], ["微软", "英伟达"]),
    ("Microsoft and Nvidia", ["org:microsoft", "org:nvidia"], ["Microsoft", "Nvidia"]),
    ("OpenAI、微软", ["org:openai", "org:microsoft"], ["OpenAI", "微软"]),
    ("Thrive, Nvidia", ["org:thrive-capital", "org:nvidia"], ["Thrive", "Nvidia"]),
    ("Murati & Sutskever", ["person:mira-murati", "person:ilya-sutskever"], ["Murati", "Sutskever"]),
]


@pytest.mark.parametrize(("query", "ids", "parts"), MULTI, ids=[q for q, _, _ in MULTI])
def test_a_query_naming_several_things_finds_each(
    kb: KnowledgeBase, query: str, ids: list[str], parts: list[str]
) -> None:
    """Each named record leads, in the query's order, and says which part of the query it matched."""
    found = kb.search(query)
    assert [m.record.id for m in found[: len(ids)]] == ids
    assert [m.query_part for m in found[: len(ids)]] == parts
    assert f"query_part={parts[0]!r}" in repr(found[0])
    assert f"for {parts[0]!r}" in str(found)


def test_a_part_that_finds_nothing_leaves_the_others(kb: KnowledgeBase) -> None:
    """'Thrive, SoftBank': SoftBank is not in the article; Thrive Capital is still found."""
    found = kb.search("Thrive, SoftBank")
    assert found[0].record.id == "org:thrive-capital"
    assert found[0].query_part == "Thrive"


@pytest.mark.parametrize("query", ["Mira Murati", "OpenAI的CTO", "英伟达", "66亿美元", "Thrive Capital"])
def test_a_single_name_has_no_query_part(kb: KnowledgeBase, query: str) -> None:
    """A query naming one thing is searched whole, as before: no match carries a query part."""
    found = kb.search(query)
    assert found
    assert all(m.query_part is None for m in found)
    assert "query_part" not in repr(found[0])


def test_an_exact_name_holding_a_joining_word_is_not_split() -> None:
    """A name that holds 'and' or 和 is found whole when written whole."""
    kb = _people("Johnson and Johnson", "和平", "Johnson")
    top = kb.search("Johnson and Johnson")[0]
    assert (top.matched.text, top.query_part) == ("Johnson and Johnson", None)
    assert kb.search("和平")[0].matched.text == "和平"


def test_query_parts() -> None:
    """Commas, enumeration commas, 'and', '&' and 和/与/及 join names; a lone name is itself."""
    assert query_parts("Thrive, SoftBank") == ["Thrive", "SoftBank"]
    assert query_parts("微软和英伟达") == ["微软", "英伟达"]
    assert query_parts("OpenAI、微软与英伟达") == ["OpenAI", "微软", "英伟达"]
    assert query_parts("Microsoft AND Nvidia & xAI") == ["Microsoft", "Nvidia", "xAI"]
    assert query_parts("Anderson") == ["Anderson"]
    assert query_parts("和平") == ["和平"]
    assert query_parts("Nvidia, Nvidia") == ["Nvidia, Nvidia"]


def test_whole_word_holders_come_before_names_holding_the_word_inside_another() -> None:
    """With many names holding 'feka' inside a longer word, those holding it as a word are still proposed."""
    texts = [f"enfeka{number}" for number in range(200)] + ["feka dabe kiro lomi tosu", "kiro lomi tosu nabe feka"]
    index = NgramIndex(texts)
    proposed = index.candidates("feka", 10).tolist()
    assert {200, 201} <= set(proposed)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_one_word_query_finds_a_word_one_slip_off_inside_a_longer_name() -> None:
    """'Nelasix' finds 'Pavesoon Nelasi Alvi Tomaru' first although 512 names share more of its grams."""
    syllables = "ba ko mi tu re zo ha vi lo pe su da ne fi go ru".split()
    pairs = [first + second for first in syllables for second in syllables]
    decoys = [f"Six Nelas {pair}" for pair in pairs] + [f"Nelas Sixa {pair}" for pair in pairs]
    kb = _people("Pavesoon Nelasi Alvi Tomaru", *decoys, *aliases(6_000, seed=11))
    found = kb.search("Nelasix", limit=3)
    assert kb._search_index()._large is not None
    assert [(match.matched.text, match.score, match.steps) for match in found] == [
        ("Pavesoon Nelasi Alvi Tomaru", 87.7, ("normalized", "fuzzy")),
        ("Six Nelas baba", 79.2, ("normalized", "fuzzy")),
        ("Six Nelas bape", 79.2, ("normalized", "fuzzy")),
    ]


def test_progress_bar_draws_on_a_terminal_after_the_delay() -> None:
    """Nothing in the first second; then a bar with the share done and the time left, and a last line with the
    time taken."""
    now = [0.0]
    stream = _Terminal()
    bar = ProgressBar("Building", stream=stream, clock=lambda: now[0], notebook=False)
    bar(0.2)
    assert stream.getvalue() == ""
    now[0] = 2.0
    bar(0.5)
    bar(0.5)  # the same percentage is not drawn twice
    now[0] = 3.0
    bar.close()
    assert stream.getvalue() == (
        "\rBuilding [###############---------------]  50% 2 s left"
        "\rBuilding [##############################] 100% in 3.0 s\n"
    )


def test_progress_bar_pads_a_shorter_line_over_a_longer_one() -> None:
    """When the time left shrinks to fewer digits, the line is padded so no digit of the last one is left."""
    now = [0.0]
    stream = _Terminal()
    bar = ProgressBar("B", stream=stream, clock=lambda: now[0], delay=0.0, notebook=False)
    now[0] = 10.0
    bar(0.01)  # 990 s left
    now[0] = 12.0
    bar(0.9)  # 1 s left
    assert stream.getvalue() == (
        "\rB [------------------------------]   1% 990 s left\rB [###########################---]  90% 1 s left  "
    )


class _Recorder:
    """Stands in for tqdm's bar: remembers how it was made and what it was told."""

    made: list[tuple[str, int]] = []  # noqa: RUF012 (a record of the calls, shared on purpose)

    def __init__(self, label: str, percent: int) -> None:
        self.n = percent
        self.closed = False
        self.updates: list[int] = []
        _Recorder.made.append((label, percent))

    def update(self, step: int) -> None:
        self.updates.append(step)
        self.n += step

    def close(self) -> None:
        self.closed = True


def test_progress_bar_in_a_notebook_is_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a notebook the bar is tqdm's (made once, at the share done), told each step, ended at 100 and closed;
    nothing is written to the stream."""
    bars: list[_Recorder] = []

    def made(label: str, percent: int) -> _Recorder:
        bars.append(_Recorder(label, percent))
        return bars[-1]

    monkeypatch.setattr(progress, "notebook_bar", made)
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar("Building", stream=stream, clock=lambda: now[0], notebook=True)
    bar(0.1)  # within the delay: nothing made
    assert bars == []
    now[0] = 1.5
    bar(0.4)
    bar(0.75)
    bar.close()
    assert len(bars) == 1
    assert (bars[0].updates, bars[0].n, bars[0].closed) == ([0, 35, 25], 100, True)
    assert _Recorder.made[-1] == ("Building", 40)
    assert stream.getvalue() == ""


def test_notebook_bar_is_tqdm_auto_at_the_share_done() -> None:
    """notebook_bar makes tqdm.auto's bar (a widget in a kernel, text elsewhere) of 100, at the share done."""
    auto = pytest.importorskip("tqdm.auto")
    pytest.importorskip("ipywidgets")
    made = progress.notebook_bar("Building", 40)
    assert isinstance(made, auto.tqdm)
    assert (made.n, made.total, made.desc) == (40, 100, "Building")
    made.close()


def test_without_tqdm_a_notebook_gets_the_plain_bar_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """No tqdm (or no ipywidgets): notebook_bar is None and the plain bar is written to the cell's stderr,
    which is no terminal."""
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    assert progress.notebook_bar("Building", 40) is None
    now = [0.0]
    cell = io.StringIO()
    bar = ProgressBar("Building", stream=cell, clock=lambda: now[0], notebook=True)
    now[0] = 2.0
    bar(0.5)
    now[0] = 3.0
    bar.close()
    assert cell.getvalue() == (
        "\rBuilding [###############---------------]  50% 2 s left"
        "\rBuilding [##############################] 100% in 3.0 s\n"
    )


def test_progress_bar_knows_a_notebook_by_its_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """in_notebook: no IPython, or IPython without a kernel (a terminal shell), is no notebook; a kernel is."""
    monkeypatch.setitem(sys.modules, "IPython", None)
    assert not progress.in_notebook()
    shell = type("Shell", (), {"config": {}})()
    monkeypatch.setitem(sys.modules, "IPython", type(sys)("IPython"))
    sys.modules["IPython"].get_ipython = lambda: shell  # type: ignore[attr-defined]
    assert not progress.in_notebook()
    shell.config = {"IPKernelApp": {}}
    assert progress.in_notebook()


def test_progress_bar_is_silent_off_a_terminal_and_for_quick_work() -> None:
    """A pipe or file gets nothing; neither does a terminal when the work ends within the delay."""
    now = [0.0]
    piped = io.StringIO()
    bar = ProgressBar("Building", stream=piped, clock=lambda: now[0], notebook=False)
    now[0] = 5.0
    bar(0.5)
    bar.close()
    assert piped.getvalue() == ""
    quick = _Terminal()
    bar = ProgressBar("Building", stream=quick, clock=lambda: 0.5, notebook=False)
    bar(0.9)
    bar.close()
    assert quick.getvalue() == ""


def test_build_index_shows_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """kb.build_index() builds once, drawing the bar on a terminal's stderr (delay set to 0 here)."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = _Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    kb = _people(*aliases(6_000, seed=2))
    kb.build_index()
    shown = stream.getvalue()
    assert shown.startswith("\rBuilding the search index [")
    assert shown.endswith(" s\n")
    assert "100%" in shown
    kb.build_index()
    kb.search("Kabe")
    assert stream.getvalue() == shown  # built once


def test_build_index_is_silent_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Captured or piped, stderr gets nothing from a build."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    kb = _people(*aliases(6_000, seed=2))
    kb.build_index()
    assert capsys.readouterr().err == ""
    assert kb.search("x") is not None


def test_bundled_search_still_builds_lazily() -> None:
    """load() builds no index; the first search does."""
    kb = openai_kb.load()
    assert kb._index is None
    kb.search("Murati")
    assert kb._index is not None
