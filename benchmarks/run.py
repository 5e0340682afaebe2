"""Benchmark lookup: this index against brute force, SQLite FTS5 and PostgreSQL pg_trgm, side by side.

    python -m benchmarks.run --through-api        # what users call: kb.search, index build, load, cold start
    python -m benchmarks.run                      # the bare engines: 10k and 100k aliases, plus loading
    python -m benchmarks.run --sizes 10000,100000,1000000 --output results.md
    python -m benchmarks.run --linking            # kb.link: precision and recall by kind, and its speed

Every engine runs in this one process, one query at a time, on the same generated corpus and
queries (``benchmarks/corpus.py``), so ratios are measured side by side. Quality is judged against
brute-force WRatio: each engine's top 10 is re-scored with WRatio and ``utils.default_process``;
recall@10 counts, for every brute-force result scoring 80 or more, whether the engine's result of
the same rank scores as well (tie-aware: equal scores may name other aliases), and top-1 agreement
whether the engine's first result scores what brute force's best scores. Queries written in the other
Chinese script are judged apart (brute force cannot fold scripts): the share of them whose intended
alias is in the top 10. PostgreSQL runs only where a
server and psycopg are available; otherwise the report says why it was skipped.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz

from openai_kb.search.normalize import fold

from .corpora import CORPORA, corpus_names
from .corpus import Query, queries
from .engines import (
    BruteForce,
    Fts5Trigram,
    Hit,
    KbSearch,
    NgramEngine,
    PgTrgm,
    postgres_available,
    postgres_server,
)

TRUTH_QUERIES = {10_000: 300, 100_000: 150, 1_000_000: 40}  # brute force is slow: fewer at large sizes


class Engine(Protocol):
    name: str

    def search(self, query: str) -> list[Hit]: ...


@dataclass
class Result:
    engine: str
    size: int
    build_s: float
    memory_mib: float | None
    latencies_ms: list[float] = field(default_factory=list)
    recall: float = 0.0
    top1: float = 0.0
    script_top10: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _build(make: Callable[[], Engine], traced: bool) -> tuple[Engine, float, float | None]:
    """Build an engine, timed on its own; its memory traced on a second build (tracing slows it)."""
    gc.collect()
    start = time.perf_counter()
    engine = make()
    elapsed = time.perf_counter() - start
    memory = getattr(engine, "memory_mib", None)
    if memory is not None:
        return engine, elapsed, memory()
    if not traced:
        return engine, elapsed, None
    gc.collect()
    tracemalloc.start()
    make()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return engine, elapsed, peak / 2**20


def _time_queries(engine: Engine, texts: Sequence[str]) -> tuple[list[float], list[list[Hit]]]:
    for text in texts[:5]:  # warm caches
        engine.search(text)
    latencies, results = [], []
    for text in texts:
        start = time.perf_counter_ns()
        hits = engine.search(text)
        latencies.append((time.perf_counter_ns() - start) / 1e6)
        results.append(hits)
    return latencies, results


def _reference(query: str, alias: str) -> float:
    return fuzz.WRatio(fold(query), fold(alias), processor=None)


def _quality(
    corpus: Sequence[str], sample: Sequence[Query], truth: Sequence[list[Hit]], found: Sequence[list[Hit]]
) -> tuple[float, float]:
    """Recall@10 and top-1 agreement against brute force, each result re-scored by the reference."""
    recalls, agreed = [], 0
    for query, expected, hits in zip(sample, truth, found, strict=True):
        rescored = [_reference(query.text, corpus[i]) for i, _ in hits]
        best = expected[0][1] if expected else 0.0
        agreed += bool(rescored) and rescored[0] >= best
        ranked = sorted(rescored, reverse=True)
        wanted = [score for _, score in expected if score >= 80]
        if wanted:
            recalls.append(sum(i < len(ranked) and ranked[i] >= s for i, s in enumerate(wanted)) / len(wanted))
    return (sum(recalls) / len(recalls) if recalls else 1.0), (agreed / len(sample) if sample else 1.0)


def _script_top10(sample: Sequence[Query], found: Sequence[list[Hit]]) -> float:
    pairs = [(q, hits) for q, hits in zip(sample, found, strict=True) if q.kind == "script"]
    return sum(any(i == q.target for i, _ in hits) for q, hits in pairs) / len(pairs) if pairs else float("nan")


def bench_size(
    size: int, query_count: int, with_postgres: bool, candidates: int = 100, corpus_name: str = "generated"
) -> tuple[list[Result], str | None]:
    corpus = CORPORA[corpus_name](size)
    sample = queries(corpus, query_count)
    texts = [q.text for q in sample]
    truth_count = min(TRUTH_QUERIES.get(size, 100), len(sample))
    print(
        f"\n{corpus_name}: {size:,} aliases, {len(sample)} queries ({truth_count} against brute force)",
        file=sys.stderr,
    )

    brute, brute_build, brute_mem = _build(lambda: BruteForce(corpus), False)
    brute_lat, truth = _time_queries(brute, texts[:truth_count])
    brute_result = Result(brute.name, size, brute_build, brute_mem, brute_lat, 1.0, 1.0)
    brute_result.script_top10 = _script_top10(sample[:truth_count], truth)
    raw = BruteForce(corpus, raw=True)  # on the queries in the other script only: what folding buys
    script = [q for q in sample[:truth_count] if q.kind == "script"]
    raw_latencies, raw_found = _time_queries(raw, [q.text for q in script])
    raw_result = Result(raw.name, size, 0.0, None, raw_latencies, float("nan"), float("nan"))
    raw_result.script_top10 = _script_top10(script, raw_found)
    makers: list[tuple[Callable[[], Engine], bool]] = [
        (lambda: KbSearch(corpus), False),  # what users call, first: the numbers that matter
        (lambda: NgramEngine(corpus, candidates), True),
        (lambda: Fts5Trigram(corpus), False),
    ]
    skipped = None
    results = []
    server = None
    if with_postgres:
        skipped = postgres_available()
        if skipped is None:
            server = postgres_server()
            dsn = server.__enter__()
            makers.append((lambda: PgTrgm(corpus, dsn), False))
    try:
        for make, measure in makers:
            engine, build_s, memory = _build(make, measure)
            print(f"  {engine.name}: built in {build_s:.1f} s", file=sys.stderr)
            latencies, found = _time_queries(engine, texts)
            result = Result(engine.name, size, build_s, memory, latencies)
            result.recall, result.top1 = _quality(corpus, sample[:truth_count], truth, found[:truth_count])
            result.script_top10 = _script_top10(sample, found)
            results.append(result)
            close = getattr(engine, "close", None)
            if close is not None:
                close()
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    return [results[0], brute_result, raw_result, *results[1:]], skipped


def _table(results: list[Result], corpus_name: str = "generated") -> str:
    ours = results[0]
    lines = [
        "| corpus | aliases | engine | p50 ms | p95 ms | recall@10 | top-1 agrees | Trad/Simp in top 10 | build s "
        "| MiB | p50 / openai-kb |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        memory = f"{r.memory_mib:.0f}" if r.memory_mib is not None else "n/a"
        ratio = r.percentile(0.5) / ours.percentile(0.5)
        recall = "-" if r.recall != r.recall else f"{r.recall:.3f}"  # NaN: not measured
        top1 = "-" if r.top1 != r.top1 else f"{r.top1:.3f}"
        lines.append(
            f"| {corpus_name} | {r.size:,} | {r.engine} | {r.percentile(0.5):.2f} | {r.percentile(0.95):.2f} | "
            f"{recall} | "
            f"{top1} | {r.script_top10:.2f} | {r.build_s:.1f} | {memory} | {ratio:,.1f}x |"
        )
    return "\n".join(lines)


def _linking(args: argparse.Namespace) -> int:
    from .linking import missing_link, report

    reason = missing_link()
    if reason is not None:
        print(f"benchmarks.run --linking: {reason}", file=sys.stderr)
        return 2
    sizes = [int(size) for size in args.link_sizes.split(",") if size and int(size)]
    corpora = [name for name, _ in corpus_names(args.corpus)]
    text = report(sizes, corpora, args.link_runs, Path(args.link_before) if args.link_before else None)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes, comma separated (1000000 is opt-in)")
    parser.add_argument(
        "--through-api",
        action="store_true",
        help="measure what users call (kb.search, the index build, load, a cold start) beside the other engines",
    )
    parser.add_argument(
        "--build-sizes", default="200000", help="with --through-api: records whose index build is timed (0: skip)"
    )
    parser.add_argument("--queries", type=int, default=500, help="queries a size")
    parser.add_argument(
        "--kb-records", type=int, default=100_000, help="records for the knowledge base checks (0: skip)"
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL even where it is available")
    parser.add_argument("--candidates", type=int, default=100, help="keys the n-gram index hands to WRatio")
    parser.add_argument(
        "--corpus",
        default=",".join(CORPORA),
        help="corpora, comma separated: generated (made-up names), realistic (shared first names, surnames, "
        "company words, Han surnames); both by default",
    )
    parser.add_argument(
        "--memory-sizes",
        default="100000,1000000",
        help="with --through-api: names whose memory is measured, each in a fresh process (0: skip)",
    )
    parser.add_argument(
        "--linking",
        action="store_true",
        help="measure kb.link instead: precision and recall by kind on the annotated reports, and its speed",
    )
    parser.add_argument(
        "--link-sizes",
        default="10000,100000,1000000",
        help="with --linking: names of the generated knowledge bases whose link build and scan are timed (0: skip)",
    )
    parser.add_argument("--link-runs", type=int, default=21, help="with --linking: runs of each timing (median)")
    parser.add_argument(
        "--link-before",
        help="with --linking: also build each size with the openai_kb of this tree, and this one's, side by side",
    )
    parser.add_argument("--output", help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    if args.linking:
        return _linking(args)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    corpora = [name for name, _ in corpus_names(args.corpus)]
    if args.through_api:
        from .api import report as api_report

        builds = [int(size) for size in args.build_sizes.split(",") if size and int(size)]
        memory = [int(size) for size in args.memory_sizes.split(",") if size and int(size)]
        text = api_report(sizes, args.queries, not args.no_postgres, builds, args.kb_records, corpora, memory)
        print(text)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        return 0
    sections = [
        f"Python {sys.version.split()[0]}, one query at a time, one thread; "
        f"the n-gram index hands {args.candidates} candidates to WRatio.\n"
    ]
    all_results: list[Result] = []
    skipped = None
    for size in sizes:
        for name in corpora:
            results, skipped = bench_size(size, args.queries, not args.no_postgres, args.candidates, name)
            all_results.extend(results)
            sections.append(_table(results, name))
    if skipped:
        sections.append(f"PostgreSQL pg_trgm skipped: {skipped}.")
    if args.kb_records:
        from .api import bench_cold_start, bench_exact_hits, bench_loading

        sections.extend((bench_loading(args.kb_records), bench_exact_hits(args.kb_records), bench_cold_start()))
    report = "\n\n".join(sections) + "\n"
    print(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
