"""kb.plot: valuations and investors on a log scale, one colour per source, drawn with matplotlib."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import openai_kb
from openai_kb import KnowledgeBase, QueryError, UnknownKindError
from openai_kb.outputs._plotting import rows

from .kinds import unknown_kind

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    ROOT / "docs" / "examples" / "reports" / "note-a.json",
    ROOT / "docs" / "examples" / "reports" / "note-b.json",
]


@pytest.fixture(scope="module")
def reported() -> KnowledgeBase:
    """The article with two reports that give the investors' amounts, and differ on one."""
    return openai_kb.load(openai_kb.BUNDLED, *REPORTS)


@pytest.fixture
def pyplot() -> Iterator[Any]:
    """matplotlib drawing to files (the Agg backend), every figure closed afterwards."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot

    yield matplotlib.pyplot
    matplotlib.pyplot.close("all")


def test_valuation_rows_come_from_the_models(kb: KnowledgeBase) -> None:
    """Each valuation is a row named by company, basis and how it is held, its amount exact."""
    found = rows(kb, "valuations")
    assert [row.label for row in found] == [
        "OpenAI: post-money",
        "OpenAI: conversion, expected",
        "OpenAI: post-money, expected",
    ]
    assert [[point.amount.amount for point in row.points] for row in found] == [
        [Decimal("157000000000")],
        [Decimal("150000000000")],
        [Decimal("150000000000")],
    ]
    assert {point.source_ids for row in found for point in row.points} == {"source:huaxia-2024-10-14-openai"}


def test_investor_rows_keep_every_source_value(reported: KnowledgeBase) -> None:
    """Where two reports give Thrive Capital's amount differently, both values are points, each with its source."""
    found = {row.label: row for row in rows(reported, "investors")}
    assert list(found) == ["Thrive Capital (lead)", "Microsoft", "Nvidia", "SoftBank"]
    thrive = [(point.amount.amount, point.sources) for point in found["Thrive Capital (lead)"].points]
    assert thrive == [(Decimal("1250000000"), "Note A"), (Decimal("1300000000"), "Note B")]
    assert found["Microsoft"].points == ()  # no amount stated: a row without points
    assert rows(reported, "investment") == rows(reported, "investors")


def test_plot_draws_valuations_to_a_png(pyplot: Any, reported: KnowledgeBase, tmp_path: Path) -> None:
    """The plot is an Axes on a log scale with a point per value and the sources in the legend (the Chinese
    publisher by its id, with a warning, where no font matplotlib lists draws it)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = reported.plot("valuations")
    assert ax.get_xscale() == "log"
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "OpenAI: post-money",
        "OpenAI: conversion, expected",
        "OpenAI: post-money, expected",
    ]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert len(legend) == 2
    assert legend[0].count("source:") + legend[0].count("华夏传媒网") + legend[0].count("Note") == 3
    by_id = (
        "'华夏传媒网, 2024-10-14; Note A; Note B' as 'source:huaxia-2024-10-14-openai; source:note-a; source:note-b'; "
        "'华夏传媒网, 2024-10-14' as 'source:huaxia-2024-10-14-openai'"
    )
    assert [str(warning.message).split("): ")[0] for warning in caught] == (
        [f"kb.plot() shows names by their ids ({by_id}"] if "source:" in legend[0] else []
    )
    assert sorted(float(line.get_xdata()[0]) for line in ax.get_lines()) == [150e9, 150e9, 157e9]
    assert ax.get_xlabel() == "amount in USD (log scale)"
    assert "more than US$150 billion" in [text.get_text() for text in ax.texts]
    path = tmp_path / "valuations.png"
    ax.figure.savefig(path)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert path.stat().st_size > 5000


def test_plot_draws_investors_with_the_round_total(pyplot: Any, reported: KnowledgeBase, tmp_path: Path) -> None:
    """Investors' amounts by source, "amount not stated" where none is, and the round's total as a line."""
    ax = reported.plot("investors")
    assert ax.get_xscale() == "log"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Note A", "Note B", "total of OpenAI's round: US$6.6 billion"]
    texts = [text.get_text() for text in ax.texts]
    assert texts.count("amount not stated") == 2
    assert "about US$500 million" in texts
    ax.figure.savefig(tmp_path / "investors.png")
    assert (tmp_path / "investors.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.filterwarnings(r"ignore:kb.plot\(\) shows names by their ids")  # the fonts are tested above
def test_plot_draws_on_the_axes_given(pyplot: Any, kb: KnowledgeBase) -> None:
    """Given an Axes (a subplot of the user's figure), the plot draws there and returns it."""
    _, (left, right) = pyplot.subplots(1, 2)
    assert kb.plot("valuations", ax=right) is right
    assert left.get_lines() == []
    assert len(right.get_lines()) == 3


def test_unknown_kind_is_a_clear_error(kb: KnowledgeBase) -> None:
    """Only valuations and investors draw; a near miss is the one unknown-kind error, another family is named back."""
    with pytest.raises(UnknownKindError) as caught:
        kb.plot("valuatons")
    assert str(caught.value) == unknown_kind("valuatons", "valuations")
    with pytest.raises(QueryError) as caught:
        kb.plot("people")
    assert str(caught.value) == "kb.plot() draws 'valuations' or 'investors', not 'people'."
    with pytest.raises(TypeError, match=r"^kb.plot\(\) expects the kind as a str, not int$"):
        kb.plot(3)  # type: ignore[arg-type]


def test_nothing_to_draw_says_so() -> None:
    """A knowledge base without valuations has nothing to plot, and the error says which family is missing."""
    empty = KnowledgeBase.from_records([{"type": "organization", "id": "org:a", "name": "A"}])
    with pytest.raises(QueryError) as caught:
        empty.plot("valuations")
    assert str(caught.value) == "kb.plot('valuations') has nothing to draw: the knowledge base has no valuations"


def test_plot_without_matplotlib(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, plot says how to install it."""
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError) as caught:
        kb.plot("investors")
    assert str(caught.value) == "kb.plot() needs matplotlib: pip install 'openai-kb[plot]'"


def test_text_no_font_draws_is_shown_by_its_id(pyplot: Any) -> None:
    """A name the installed fonts cannot draw shows its id, never a row of empty boxes."""
    from openai_kb.outputs._plotting import _Fonts

    fonts = _Fonts()
    assert fonts.shown("Thrive Capital (lead)", "org:thrive-capital") == "Thrive Capital (lead)"
    assert fonts.shown("\ue000 private", "org:private") == "org:private"  # a private-use character: no font has it


def test_a_name_no_font_draws_warns_with_the_fix(pyplot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text shown by its id is named in the problem, with the characters no font draws and how to install one."""
    import matplotlib

    from openai_kb.outputs import _plotting

    monkeypatch.setattr(_plotting, "unlisted_fonts", lambda characters: [])
    fonts = _plotting._Fonts()
    assert fonts.problem() is None
    fonts.shown("\ue000 private", "org:private")
    cache = Path(matplotlib.get_cachedir())
    assert fonts.problem() == (
        "kb.plot() shows names by their ids ('\\ue000 private' as 'org:private'): no installed font draws "
        "'\\ue000'. "
        "Install one that does (for Chinese, Noto Sans CJK: apt install fonts-noto-cjk), then delete "
        f"{cache / 'fontlist-*.json'} and restart Python, so matplotlib lists it."
    )


def test_a_stale_font_cache_warns_at_the_call_naming_the_fix(
    pyplot: Any, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chinese publisher that a font installed after matplotlib's cache would draw: a warning, at the line that
    called kb.plot, naming the font and the cache file to delete."""
    import matplotlib

    from openai_kb.outputs import _plotting

    monkeypatch.setattr(_plotting, "_CJK_FONTS", ())  # matplotlib's own fonts only: none draws Chinese
    asked: list[list[str]] = []
    monkeypatch.setattr(
        _plotting, "unlisted_fonts", lambda chars: asked.append(chars) or ["/f/NotoSansCJK-Regular.ttc"]
    )
    with pytest.warns(UserWarning, match="^kb.plot") as caught:
        ax = kb.plot("valuations")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["source:huaxia-2024-10-14-openai"]
    assert asked == [sorted(set("华夏传媒网"))]
    cache = Path(matplotlib.get_cachedir())
    assert [str(warning.message) for warning in caught] == [
        "kb.plot() shows names by their ids ('华夏传媒网, 2024-10-14' as 'source:huaxia-2024-10-14-openai'): "
        f"matplotlib's font cache in {cache} was made before NotoSansCJK-Regular.ttc was installed, which draws "
        f"them. Delete {cache / 'fontlist-*.json'} and restart Python: matplotlib then lists the fonts installed since."
    ]
    assert caught[0].filename == __file__


def test_unlisted_fonts_are_font_files_matplotlib_does_not_list(
    pyplot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A font file on the machine but not in matplotlib's cache is found when it draws the characters asked for."""
    from matplotlib import font_manager

    from openai_kb.outputs._plotting import unlisted_fonts

    listed = str(font_manager.findfont("DejaVu Sans"))
    copy = tmp_path / "NewSans.ttf"
    copy.write_bytes(Path(listed).read_bytes())
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [listed, str(copy), str(broken)])
    assert unlisted_fonts(["A", "é"]) == [str(copy)]
    assert unlisted_fonts(["穆"]) == []  # DejaVu Sans draws no Chinese


def test_ticks_read_in_words() -> None:
    """The axis reads 100 billion, 2 million: amounts as this package writes them."""
    from openai_kb.outputs._plotting import _tick

    assert [_tick(value) for value in (1e11, 2e6, 5e12, 750.0, 0.0)] == [
        "100 billion",
        "2 million",
        "5 trillion",
        "750",
        "",
    ]


def test_dollar_signs_from_the_data_are_drawn_as_text(pyplot: Any, tmp_path: Path) -> None:
    """Matplotlib reads "$...$" as a formula; a name or publisher from the data is drawn as written,
    even one that would be a broken formula ("$\\frac{a$" raises when parsed as mathtext)."""
    publisher = "Dollar $\\frac{a$ Weekly"
    company = "Acme $x^2$ Holdings"
    kb = KnowledgeBase.from_records(
        [
            {"type": "source", "id": "source:s", "title": "A note", "publisher": publisher, "language": "en"},
            {"type": "organization", "id": "org:acme", "name": company},
            {
                "type": "valuation",
                "id": "valuation:acme",
                "company": "org:acme",
                "amount": {"amount": "2000000", "currency": "USD"},
                "basis": "post_money",
                "evidence": [{"source": "source:s", "quote": "worth two million", "start": 0, "end": 17}],
            },
        ]
    )
    ax = kb.plot("valuations")
    ax.figure.savefig(tmp_path / "dollars.png")  # parsing "$\frac{a$" as a formula would raise here
    shown = [text for text in ax.get_yticklabels() + ax.get_legend().get_texts() if "$" in text.get_text()]
    assert {text.get_text() for text in shown} == {f"{company}: post-money", publisher}
    assert not any(text.get_parse_math() for text in shown)
