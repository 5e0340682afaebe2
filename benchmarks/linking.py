"""Linking: how well ``kb.link`` finds the mentions a person marked, and how fast it runs.

    python -m benchmarks.run --linking                                  # bundled data, 10k/100k/1M names
    python -m benchmarks.run --linking --link-sizes 10000 --corpus generated
    python -m benchmarks.run --linking --link-before /tmp/old-tree      # and an older tree, side by side

Quality is measured on the annotated reports of ``docs/examples/reports/linking/`` (each ``NAME.txt``
with its expected links in ``NAME.links.json``), linked against the bundled data: the linker was tuned
on these. Each held-out set (``heldout/`` to ``heldout4/``) is reported on its own: reports written
and annotated before the linker ran on them, linked against the bundled data plus the data files of
its ``data/`` folder (drafted from another report), as acceptance links real reports. A link found is
correct when it names the expected record and

- **strict**: its span is the expected span exactly;
- **lenient**: its span overlaps the expected one (``66亿美元`` found as ``66亿``, ``Thrive`` inside
  ``Thrive Capital``...).

Each expected link is matched to at most one link found and the other way round. A link marked
ambiguous counts as its first record (``link.record``): wrong unless that is the expected one.
Precision is judged by the kind of the link found, recall by the kind expected ("name", "amount";
any other kind ``kb.link`` gives is reported on its own line), and both over all kinds. For amounts
matched leniently, the report also counts whether ``link.differs`` agrees with the annotation (a
figure that differs from every value the knowledge base holds for its fact).

Speed: ``kb.link`` on each report and on a 5,000-character text (the reports one after another),
median of ``--link-runs`` runs after one warm-up; the first call on a knowledge base, which builds
the link automaton (after ``kb.build_index()``, timed on its own), on the bundled data and on
generated knowledge bases of one person per name, so records are names (``benchmarks/corpus.py``,
``realistic.py``, through ``KnowledgeBase.from_records`` as the search benchmark builds them). The
resident set size grown by the index build and by the first link are shown where ``/proc`` gives it
(Linux), and the bytes held (Python's allocator and malloc, as ``benchmarks.memory`` counts them)
where glibc gives them: RSS undercounts the link build, which reuses memory the index build freed.
``--link-before TREE`` also builds the bundled data and each size with ``TREE``'s ``openai_kb`` and
with this tree's, each in a fresh process (``_linking_child.py``), one after the other. Targets
(issue 20): 5,000 characters in <= 5 ms on the bundled data and <= 20 ms at 1M names after the
build; the build <= 8 s at 1M; the link structures <= 20% over the search index.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "REPORTS",
    "Annotated",
    "Counts",
    "Mention",
    "knowledge_base",
    "load_reports",
    "match",
    "missing_link",
    "predicted",
    "report",
    "score",
]

REPORTS = Path(__file__).resolve().parent.parent / "docs" / "examples" / "reports" / "linking"
#: The held-out sets, each linked against the bundled data plus the data files of its ``data/`` folder.
HELD_OUT = {
    "held out (first)": REPORTS / "heldout",
    "held out (second, never tuned on)": REPORTS / "heldout2",
    "held out (third, after the fixes the second led to)": REPORTS / "heldout3",
    "held out (fourth, after the short names and figure rules)": REPORTS / "heldout4",
}
KINDS = ("name", "amount")
TEXT_LENGTH = 5_000
SCAN_TARGET_MS = {"bundled": 5.0, 1_000_000: 20.0}
BUILD_TARGET_S = {1_000_000: 8.0}
MEMORY_TARGET = 0.20  # the link structures at most 20% over the search index


@dataclass(frozen=True, slots=True)
class Mention:
    """One link, expected or found, as plain data: its span, record id and kind."""

    start: int
    end: int
    record: str
    kind: str
    differs: bool = False
    ambiguous: bool = False
    text: str = ""


@dataclass(frozen=True, slots=True)
class Annotated:
    """A report and the links a person marked in it."""

    name: str
    text: str
    links: tuple[Mention, ...]


def load_reports(folder: Path = REPORTS) -> list[Annotated]:
    """Every ``NAME.links.json`` of ``folder`` with its text, in name order."""
    reports = []
    for path in sorted(folder.glob("*.links.json")):
        data = orjson.loads(path.read_bytes())
        text = (folder / data["source_text"]).read_bytes().decode("utf-8")
        links = tuple(
            Mention(item["start"], item["end"], item["record"], item["kind"], item["differs"], text=item["text"])
            for item in data["links"]
        )
        reports.append(Annotated(path.name.removesuffix(".links.json"), text, links))
    return reports


def knowledge_base(folder: Path) -> Any:
    """The bundled data plus the data files of ``folder/data`` (the bundled data alone when there are none)."""
    import openai_kb

    return openai_kb.load(openai_kb.BUNDLED, *sorted((folder / "data").glob("*.json")))


def predicted(link: Any) -> Mention:
    """A link ``kb.link`` returned, as plain data; an ambiguous link counts as its first record."""
    record = link.record if link.record is not None else link.ambiguous[0]
    return Mention(
        link.start,
        link.end,
        record.id,
        link.kind,
        differs=bool(link.differs),
        ambiguous=bool(link.ambiguous),
        text=link.text,
    )


def match(expected: Sequence[Mention], found: Sequence[Mention], *, strict: bool) -> list[tuple[int, int]]:
    """Pairs (expected index, found index), one-to-one, of links naming the same record whose spans are
    equal (``strict``) or overlap; each link found takes the free expected link it overlaps most
    (the first of equals)."""
    free = set(range(len(expected)))
    pairs = []
    for j, link in enumerate(found):
        best, best_overlap = None, 0
        for i in sorted(free):
            wanted = expected[i]
            if wanted.record != link.record:
                continue
            if strict and (wanted.start, wanted.end) != (link.start, link.end):
                continue
            overlap = min(wanted.end, link.end) - max(wanted.start, link.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            free.discard(best)
            pairs.append((best, j))
    return pairs


@dataclass
class Counts:
    """Links expected, found, and correct, for one kind (or all): precision and recall."""

    expected: int = 0
    found: int = 0
    found_correct: int = 0  # links found, of this kind, that are correct
    expected_found: int = 0  # expected links, of this kind, that were found

    @property
    def precision(self) -> float:
        return self.found_correct / self.found if self.found else float("nan")

    @property
    def recall(self) -> float:
        return self.expected_found / self.expected if self.expected else float("nan")


def score(pairs: Iterable[tuple[Sequence[Mention], Sequence[Mention]]], *, strict: bool) -> dict[str, Counts]:
    """Counts by kind and over all kinds (``"all"``) for (expected, found) pairs of reports; "name" and
    "amount" always, any other kind found or expected too."""
    counts: dict[str, Counts] = {kind: Counts() for kind in (*KINDS, "all")}
    for expected, found in pairs:
        matched = match(expected, found, strict=strict)
        for m in expected:
            for bucket in (m.kind, "all"):
                counts.setdefault(bucket, Counts()).expected += 1
        for m in found:
            for bucket in (m.kind, "all"):
                counts.setdefault(bucket, Counts()).found += 1
        for i, j in matched:
            for bucket in (expected[i].kind, "all"):
                counts[bucket].expected_found += 1
            for bucket in (found[j].kind, "all"):
                counts[bucket].found_correct += 1
    return counts


def differs_agreement(pairs: Iterable[tuple[Sequence[Mention], Sequence[Mention]]]) -> tuple[int, int, int, int]:
    """For expected amounts found (leniently): (agreeing on ``differs``, judged, differing figures
    expected, differing figures found marked as differing)."""
    agree = judged = differing = flagged = 0
    for expected, found in pairs:
        differing += sum(m.kind == "amount" and m.differs for m in expected)
        for i, j in match(expected, found, strict=False):
            if expected[i].kind != "amount":
                continue
            judged += 1
            agree += expected[i].differs == found[j].differs
            flagged += expected[i].differs and found[j].differs
    return agree, judged, differing, flagged


def _ratio(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"  # NaN: nothing to judge


def quality_table(pairs: Sequence[tuple[Sequence[Mention], Sequence[Mention]]]) -> str:
    """The Markdown table of precision and recall by kind, strict and lenient."""
    strict, lenient = score(pairs, strict=True), score(pairs, strict=False)
    lines = [
        "| kind | expected | found | strict precision | strict recall | lenient precision | lenient recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*KINDS, *sorted(set(lenient) - {*KINDS, "all"}), "all"]:
        s, le = strict[kind], lenient[kind]
        lines.append(
            f"| {kind} | {le.expected} | {le.found} | {_ratio(s.precision)} | {_ratio(s.recall)} | "
            f"{_ratio(le.precision)} | {_ratio(le.recall)} |"
        )
    agree, judged, differing, flagged = differs_agreement(pairs)
    lines.append(
        f"\nAmounts found: `differs` as annotated for {agree} of {judged}; "
        f"differing figures marked as differing: {flagged} of {differing}."
    )
    return "\n".join(lines)


def errors(report: Annotated, found: Sequence[Mention]) -> list[str]:
    """One line per expected link missed and per link found wrongly (lenient), for reading."""
    matched = match(report.links, found, strict=False)
    hit_expected = {i for i, _ in matched}
    hit_found = {j for _, j in matched}
    lines = [
        f"- {report.name}: missed {m.text!r} at {m.start} ({m.kind}, {m.record})"
        for i, m in enumerate(report.links)
        if i not in hit_expected
    ]
    lines += [
        f"- {report.name}: wrong {m.text!r} at {m.start} ({m.kind}, {m.record}{', ambiguous' if m.ambiguous else ''})"
        for j, m in enumerate(found)
        if j not in hit_found
    ]
    return lines


# -- timing ---------------------------------------------------------------------------------------


def missing_link() -> str | None:
    """Why the linking benchmark cannot run here, or ``None`` when ``KnowledgeBase.link`` exists."""
    import openai_kb

    if callable(getattr(openai_kb.KnowledgeBase, "link", None)):
        return None
    return (
        f"kb.link is missing: the openai_kb imported from {Path(openai_kb.__file__).parent} has no "
        "KnowledgeBase.link (issue 20's linker). Run this from a checkout that has it."
    )


#: Copies of the 5,000-character text linked as one text: a million characters.
LONG_TEXT_COPIES = 200


def long_text(reports: Sequence[Annotated], length: int = TEXT_LENGTH) -> str:
    """The reports one after another, repeated as needed, cut to ``length`` characters."""
    joined = "\n\n".join(report.text for report in reports)
    return ((joined + "\n\n") * (length // (len(joined) + 2) + 1))[:length]


def _median_ms(call: Callable[[], object], runs: int) -> float:
    call()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        call()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(times)


def _rss_mib() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Build:
    """One knowledge base's index build, first link (the automaton's build), and 5,000-character scan."""

    label: str
    names: int
    index_s: float
    first_link_s: float
    scan_ms: float
    memory_mib: dict[str, float | None] = field(default_factory=dict)


def _held_mib() -> float | None:
    """The bytes Python and malloc hold, in MiB (``benchmarks.memory``'s count), where glibc gives it."""
    try:
        from ._memory_child import held_bytes

        return held_bytes() / 2**20
    except (OSError, AttributeError, StopIteration):  # no glibc (macOS, Windows), or no allocator statistics
        return None


def _grown(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def _measure(label: str, names: int, kb: Any, text: str, runs: int) -> Build:
    gc.collect()
    before, held_before = _rss_mib(), _held_mib()
    start = time.perf_counter()
    kb.build_index()
    index_s = time.perf_counter() - start
    gc.collect()
    indexed, held_indexed = _rss_mib(), _held_mib()
    start = time.perf_counter()
    kb.link(text)
    first_s = time.perf_counter() - start
    gc.collect()
    linked, held_linked = _rss_mib(), _held_mib()
    memory = {
        "index": _grown(before, indexed),
        "link": _grown(indexed, linked),
        "held index": _grown(held_before, held_indexed),
        "held link": _grown(held_indexed, held_linked),
    }
    return Build(label, names, index_s, first_s, _median_ms(lambda: kb.link(text), runs), memory)


def _generated(corpus_name: str, size: int) -> Any:
    import openai_kb

    from .corpora import CORPORA

    corpus = CORPORA[corpus_name](size)
    records = [{"type": "person", "id": f"person:a{index}", "name": alias} for index, alias in enumerate(corpus)]
    return openai_kb.KnowledgeBase.from_records(records)


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _share(part: float | None, whole: float | None) -> str:
    return f"{part / whole:.0%}" if whole and part is not None and whole > 1 else "-"


def speed_table(builds: Sequence[Build]) -> str:
    """The Markdown table of builds and scans, with the targets beside them."""
    lines = [
        "| knowledge base | records | index build s | first kb.link s (builds the automaton) | build target s "
        f"| {TEXT_LENGTH:,} chars median ms | target ms | RSS index MiB | RSS link MiB | link / index "
        "| held index MiB | held link MiB | held link / index |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        key: str | int = "bundled" if b.label == "bundled" else b.names
        scan_target = SCAN_TARGET_MS.get(key)
        build_target = BUILD_TARGET_S.get(b.names) if key != "bundled" else None
        index_mib, link_mib = b.memory_mib.get("index"), b.memory_mib.get("link")
        held_index, held_link = b.memory_mib.get("held index"), b.memory_mib.get("held link")
        lines.append(
            f"| {b.label} | {b.names:,} | {b.index_s:.2f} | {b.first_link_s:.2f} | "
            f"{'-' if build_target is None else f'<= {build_target:g}'} | {b.scan_ms:.2f} | "
            f"{'-' if scan_target is None else f'<= {scan_target:g}'} | "
            f"{_mib(index_mib)} | {_mib(link_mib)} | {_share(link_mib, index_mib)} | "
            f"{_mib(held_index)} | {_mib(held_link)} | {_share(held_link, held_index)} |"
        )
    lines.append(
        f"\nTarget for memory: the link structures at most {MEMORY_TARGET:.0%} over the search index. RSS is what the "
        "system sees grow (memory the index build freed is reused by the link build, so it undercounts); held is "
        "the bytes Python's allocator and malloc hold (`benchmarks.memory`), which splits the two builds exactly."
    )
    return "\n".join(lines)


def before_and_after(sizes: Sequence[int], corpora: Sequence[str], before: Path, runs: int) -> str:
    """The Markdown table of each size built by the ``before`` tree and by this one, each in a fresh
    process (``_linking_child.py``), one after the other: the same names, text and machine."""
    import subprocess
    import tempfile

    from .corpora import CORPORA

    here = Path(__file__).resolve().parent
    trees = [("before", before.resolve()), ("this tree", here.parent)]
    lines = [
        "| corpus | names | tree | index build s | first kb.link s | 5,000 chars median ms | RSS index MiB "
        "| RSS link MiB | held index MiB | held link MiB | held link / index |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        text_file = Path(folder) / "text.txt"
        text_file.write_text(long_text(load_reports()), encoding="utf-8")
        names_file = Path(folder) / "names.txt"
        for size, corpus_name in [(0, "bundled"), *((size, name) for size in sizes for name in corpora)]:
            if size:
                names_file.write_text("\n".join(CORPORA[corpus_name](size)), encoding="utf-8")
            for label, tree in trees:
                print(f"  {corpus_name}: {size:,} names, {label} ({tree})", file=sys.stderr)
                env = {**os.environ, "PYTHONPATH": str(tree)}
                names = str(names_file) if size else "bundled"
                done = subprocess.run(
                    [sys.executable, str(here / "_linking_child.py"), names, str(text_file), str(runs)],
                    env=env, capture_output=True, text=True, check=True, timeout=3600,
                )  # fmt: skip
                m = orjson.loads(done.stdout.strip().splitlines()[-1])
                lines.append(
                    f"| {corpus_name} | {f'{size:,}' if size else '-'} | {label} | {m['index_s']:.2f} | "
                    f"{m['first_link_s']:.2f} | "
                    f"{m['scan_ms']:.2f} | {m['rss_index_mib']:.0f} | {m['rss_link_mib']:.0f} | "
                    f"{m['held_index_mib']:.0f} | {m['held_link_mib']:.0f} | "
                    f"{_share(m['held_link_mib'], m['held_index_mib'])} |"
                )
    return "\n".join(lines)


def report(sizes: Sequence[int], corpora: Sequence[str], runs: int = 21, before: Path | None = None) -> str:
    """The whole Markdown report: quality by kind, each report's links and time, and the speed table."""
    import openai_kb

    reports = load_reports()
    kb: Any = openai_kb.load()  # kb.link arrives with issue 20; typed loosely so this runs before and after
    print(f"linking {len(reports)} annotated reports against the bundled data", file=sys.stderr)
    text = long_text(reports)
    bundled = _measure("bundled", len(kb), kb, text, runs)
    found = [[predicted(link) for link in kb.link(r.text)] for r in reports]
    pairs = [(r.links, f) for r, f in zip(reports, found, strict=True)]
    per_report = [
        "| report | characters | expected | found | strict recall | lenient recall | median ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r, f in zip(reports, found, strict=True):
        s, le = score([(r.links, f)], strict=True)["all"], score([(r.links, f)], strict=False)["all"]
        ms = _median_ms(partial(kb.link, r.text), runs)
        per_report.append(
            f"| {r.name} | {len(r.text):,} | {len(r.links)} | {len(f)} | {_ratio(s.recall)} | "
            f"{_ratio(le.recall)} | {ms:.2f} |"
        )
    long = "\n".join([text] * LONG_TEXT_COPIES)
    start = time.perf_counter()
    kb.link(long)
    long_ms = (time.perf_counter() - start) * 1000
    per_report.append(
        f"\nA text of {len(long):,} characters (the 5,000-character text {LONG_TEXT_COPIES} times): "
        f"{long_ms:,.0f} ms, {long_ms / LONG_TEXT_COPIES:.2f} ms a copy against {bundled.scan_ms:.2f} ms "
        "for one alone (a cost that grows faster than the text shows here)."
    )
    builds = [bundled]
    for size in sizes:
        for corpus_name in corpora:
            print(f"  {corpus_name}: {size:,} names", file=sys.stderr)
            generated = _generated(corpus_name, size)
            builds.append(_measure(f"{corpus_name}", size, generated, text, runs))
            del generated
            gc.collect()
    mistakes = [line for r, f in zip(reports, found, strict=True) for line in errors(r, f)]
    sections = [
        f"Python {sys.version.split()[0]}; {len(reports)} reports, "
        f"{sum(len(r.links) for r in reports)} expected links; median of {runs} runs.",
        "### Precision and recall by kind (the reports the linker was tuned on)\n\n" + quality_table(pairs),
        "### Each report\n\n" + "\n".join(per_report),
        *held_out_sections(),
        "### Speed\n\n" + speed_table(builds),
        *(
            []
            if before is None
            else [
                f"### Before ({before}) and after, each build in a fresh process\n\n"
                + before_and_after(sizes, corpora, before, runs)
            ]
        ),
        "### Missed and wrong links (lenient)\n\n" + ("\n".join(mistakes) if mistakes else "None."),
    ]
    return "\n\n".join(sections) + "\n"


def _shown(folder: Path) -> Path:
    """A folder of the checkout relative to its root (``docs/examples/...``), any other as given."""
    root = REPORTS.parents[3]
    return folder.relative_to(root) if folder.is_relative_to(root) else folder


def held_out_sections(sets: dict[str, Path] = HELD_OUT) -> list[str]:
    """For each held-out set that exists: its precision and recall by kind, and its misses and wrong links."""
    sections = []
    for label, folder in sets.items():
        reports = load_reports(folder)
        if not reports:
            continue
        kb = knowledge_base(folder)
        found = [[predicted(link) for link in kb.link(r.text)] for r in reports]
        pairs = [(r.links, f) for r, f in zip(reports, found, strict=True)]
        data = ", ".join(path.name for path in sorted((folder / "data").glob("*.json"))) or "none"
        mistakes = [line for r, f in zip(reports, found, strict=True) for line in errors(r, f)]
        sections.append(
            f"### Precision and recall by kind, {label}\n\n{len(reports)} reports in "
            f"`{_shown(folder)}`, {sum(len(r.links) for r in reports)} expected links; "
            f"the bundled data plus {data}.\n\n"
            + quality_table(pairs)
            + "\n\nMissed and wrong links (lenient):\n\n"
            + ("\n".join(mistakes) if mistakes else "None.")
        )
    return sections
