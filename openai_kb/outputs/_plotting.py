"""Pictures of the amounts: what a company was valued at, and what each investor put in, by source.

``kb.plot("valuations")`` and ``kb.plot("investors")`` draw with matplotlib (the ``plot`` extra),
imported only when a plot is drawn. Amounts go on a log scale, since a round's investors and the
company's valuation differ by orders of magnitude, and every value is coloured by the sources that
give it (named in the legend): where two reports differ, both points show. The numbers come from the
models (``Money.amount``, an exact ``Decimal``, as a float only for drawing), never from a table.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..amounts import format_amount
from ..errors import QueryError
from ..models import FundingRound, Investment, Money, Record, Source, Valuation  # kb.plot's two families, by design

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..view import RecordView

__all__ = ["MATPLOTLIB_MISSING", "PLOTS", "Point", "Row", "plot", "rows"]

PLOTS: dict[str, type[Record]] = {"valuations": Valuation, "investors": Investment}
"""What ``kb.plot`` draws, by family; the record type (``"valuation"``, ``"investment"``) works too."""
MATPLOTLIB_MISSING = "kb.plot() needs matplotlib: pip install 'openai-kb[plot]'"


@dataclass(frozen=True, slots=True)
class Point:
    """One value of an amount, with who gives it: ``sources`` names them as the legend does."""

    amount: Money
    sources: str
    source_ids: str


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a plot: a record's label on the axis, and every value the sources give it."""

    record: str
    label: str
    points: tuple[Point, ...]


def plot(kb: RecordView, kind: str, *, ax: Axes | None = None) -> Axes:
    """Draw ``kind`` (``"valuations"`` or ``"investors"``) on ``ax`` (a new figure without one); return the Axes."""
    model = _plotted(kind, kb)
    drawn = rows(kb, kind)
    if not drawn:
        raise QueryError(f"kb.plot({kind!r}) has nothing to draw: the knowledge base has no {model.family}")
    try:
        import matplotlib.pyplot as pyplot
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    except ImportError:
        raise ImportError(MATPLOTLIB_MISSING, name="matplotlib") from None
    fonts = _Fonts()
    if ax is None:
        _, ax = pyplot.subplots(figsize=(10, 1.4 + 0.55 * len(drawn)), layout="constrained")
    totals = list(_round_totals(kb)) if model is Investment else []
    amounts = [point.amount for row in drawn for point in row.points] + [total for _, total in totals]
    currencies = {amount.currency for amount in amounts}
    colours: dict[str, str] = {}
    labelled: set[str] = set()
    cycle = pyplot.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    for y, row in enumerate(drawn):
        for place, point in enumerate(row.points):
            colour = colours.setdefault(point.sources, cycle[len(colours) % len(cycle)])
            shift = (place - (len(row.points) - 1) / 2) * 0.22  # several sources on one line sit apart
            x = float(point.amount.amount)
            new = point.sources not in labelled  # each source once in the legend
            labelled.add(point.sources)
            name = fonts.shown(point.sources, point.source_ids)
            ax.plot([x], [y + shift], "o", color=colour, markersize=8, label=name if new else None)
            ax.annotate(
                format_amount(point.amount),
                (x, y + shift),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                parse_math=False,
            )
        if not row.points:
            ax.annotate("amount not stated", (0.01, y), xycoords=("axes fraction", "data"), va="center", fontsize=8)
    for name, total in totals:
        ax.axvline(
            float(total.amount), color="grey", linestyle="--", linewidth=1, label=f"{name}: {format_amount(total)}"
        )
    ax.set_xscale("log")
    if amounts:
        low = min(float(amount.amount) for amount in amounts)
        high = max(float(amount.amount) for amount in amounts)
        ax.set_xlim(low / 3, high * 6)  # room for the labels beside the points
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))  # ticks even within one decade
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    ax.xaxis.set_minor_formatter(NullFormatter())
    labels = [fonts.shown(row.label, row.record) for row in drawn]
    ax.set_yticks(range(len(drawn)), labels, fontfamily=fonts.families, parse_math=False)
    ax.set_ylim(len(drawn) - 0.5, -0.5)  # the first record on top, as listed
    ax.set_xlabel(_axis_label(currencies))
    ax.set_title("Valuations" if model is Valuation else "Investments by investor")
    ax.grid(axis="x", which="major", alpha=0.3)
    if ax.get_legend_handles_labels()[1]:
        legend = ax.legend(  # beside the points, never over them
            title="Source",
            prop={"family": fonts.families, "size": 8},
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0.0,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)  # a name from the data is text: "$...$" in it is no formula
    problem = fonts.problem()
    if problem is not None:
        warnings.warn(problem, UserWarning, stacklevel=3)  # at the line that called kb.plot
    return ax


def rows(kb: RecordView, kind: str) -> list[Row]:
    """What a plot of ``kind`` shows, without drawing it: one row per record, its values by source."""
    model = _plotted(kind, kb)
    sources = {source.id: source for source in kb.records(Source)}
    several = len(kb.records(FundingRound)) > 1
    found: list[Row] = []
    for record in kb.records(model):
        points = tuple(
            Point(
                value.value,
                "; ".join(_source_name(sources.get(s), s) for s in value.sources) or "no source",
                "; ".join(value.sources) or "no source",
            )
            for value in kb.values(record, "amount")
            if isinstance(value.value, Money)
        )
        found.append(Row(record.id, _row_label(kb, record, several), points))
    return found


def _plotted(kind: object, kb: RecordView) -> type[Record]:
    """The model a plot of ``kind`` draws (a family or a record type, as ``kb.table`` reads them); else an error."""
    if not isinstance(kind, str):
        raise TypeError(f"kb.plot() expects the kind as a str, not {type(kind).__name__}")
    tag = kb.types.kind(kind)  # a word that names no type: UnknownKindError
    for model in PLOTS.values():
        if model.model_fields["type"].default == tag:
            return model
    raise QueryError(f"kb.plot() draws 'valuations' or 'investors', not {kind!r}.")


def _row_label(kb: RecordView, record: Record, several_rounds: bool) -> str:
    if isinstance(record, Valuation):
        basis = None if record.basis is None else record.basis.replace("_", "-")
        held = None if record.assertion == "stated" else record.assertion
        notes = ", ".join(note for note in (basis, held) if note)
        return f"{kb.label(record.company)}: {notes}" if notes else kb.label(record.company)
    if isinstance(record, Investment):
        lead = " (lead)" if record.lead else ""
        where = f" in {kb.label(record.round)}" if several_rounds else ""
        return f"{kb.label(record.organization)}{lead}{where}"
    return kb.label(record)


def _round_totals(kb: RecordView) -> Iterator[tuple[str, Money]]:
    """Each round's total, drawn as a line behind its investors' amounts."""
    for round_ in kb.records(FundingRound):
        if round_.amount is not None and any(investment.round == round_.id for investment in kb.records(Investment)):
            yield f"total of {kb.label(round_.company)}'s round", round_.amount


def _source_name(source: Source | None, source_id: str) -> str:
    """A source as a legend names it: its publisher (or title) and date."""
    if source is None:
        return source_id
    published = source.published
    when = published.strftime("%Y-%m-%d") if isinstance(published, datetime) else published
    return ", ".join(str(part) for part in (source.publisher or source.title, when) if part)


# Fonts that draw Chinese, where a machine has one: matplotlib's default (DejaVu Sans) does not.
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
    "Arial Unicode MS",
)


class _Fonts:
    """The fonts a plot's text is drawn in, and what they can draw.

    Names and publishers are often Chinese. Where a font for them is installed it joins the
    default one; text that no font here can draw is shown by its id instead, never as empty boxes,
    and ``problem()`` says so, and why: no installed font draws it, or one does but matplotlib's font
    cache was made before it was installed (matplotlib lists fonts once, in its cache folder).
    """

    def __init__(self) -> None:
        from matplotlib import font_manager, rcParams

        installed = {font.name for font in font_manager.fontManager.ttflist}
        default = list(rcParams["font.family"])
        self.families = [*default, *(name for name in _CJK_FONTS if name in installed)]
        self._drawn: set[int] = set()
        self._instead: dict[str, str] = {}  # text shown by an id instead, and that id
        for family in self.families:
            try:
                path = font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False)
            except ValueError:  # named in the settings, not installed
                continue
            self._drawn.update(font_manager.get_font(path).get_charmap())

    def shown(self, text: str, instead: str) -> str:
        """``text`` where these fonts draw every character of it, ``instead`` where they do not."""
        if all(ord(char) in self._drawn or char.isspace() for char in text):
            return text
        self._instead[text] = instead
        return instead

    def problem(self) -> str | None:
        """What was shown by its id, why, and the fix; None where every text was drawn."""
        if not self._instead:
            return None
        from matplotlib import get_cachedir

        missing = sorted({char for text in self._instead for char in text if ord(char) not in self._drawn} - {" "})
        shown = "; ".join(f"{text!r} as {instead!r}" for text, instead in self._instead.items())
        cache = Path(get_cachedir())
        unlisted = unlisted_fonts(missing)
        if unlisted:
            return (
                f"kb.plot() shows names by their ids ({shown}): matplotlib's font cache in {cache} was made before "
                f"{Path(unlisted[0]).name} was installed, which draws them. Delete {cache / 'fontlist-*.json'} "
                "and restart Python: matplotlib then lists the fonts installed since."
            )
        return (
            f"kb.plot() shows names by their ids ({shown}): no installed font draws {''.join(missing[:8])!r}. "
            "Install one that does (for Chinese, Noto Sans CJK: apt install fonts-noto-cjk), then delete "
            f"{cache / 'fontlist-*.json'} and restart Python, so matplotlib lists it."
        )


def unlisted_fonts(characters: list[str]) -> list[str]:
    """Font files installed on this machine, missing from matplotlib's font cache, that draw every character."""
    from matplotlib import font_manager

    listed = {font.fname for font in font_manager.fontManager.ttflist}
    found = []
    for path in sorted(font_manager.findSystemFonts()):
        if path in listed:
            continue
        try:
            charmap = font_manager.get_font(path).get_charmap()
        except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read
            continue
        if all(ord(char) in charmap for char in characters):
            found.append(path)
    return found


def _axis_label(currencies: set[str]) -> str:
    if len(currencies) == 1:
        return f"amount in {next(iter(currencies))} (log scale)"
    return "amount as stated, currencies not converted (log scale)"


_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def _tick(value: float, _: object = None) -> str:
    """A tick in words, as amounts are written here (``100 billion``); the axis names the currency."""
    if value <= 0:
        return ""
    exact = Decimal(f"{value:.12g}")
    for size, word in _SCALES:
        if exact >= size:
            return f"{(exact / size).normalize():f} {word}"
    return f"{exact.normalize():,f}"
