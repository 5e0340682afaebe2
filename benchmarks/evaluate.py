"""Lookup quality on the bundled knowledge base: this engine against a naive baseline.

Run ``python -m benchmarks.evaluate``. Reads ``benchmarks/lookup_eval.json`` (labelled queries:
the record ids accepted as the first result, or null for a query that must find nothing) and
reports precision@1, MRR and the false-hit rate, per category and overall, for ``kb.search`` and
for rapidfuzz WRatio with ``utils.default_process`` over each record's canonical name or label.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

import openai_kb

EVAL_SET = Path(__file__).with_name("lookup_eval.json")
BASELINE_CUTOFF = 70.0  # the same cutoff as the engine's default, on WRatio's 0-100 scale


@dataclass
class Tally:
    """Counts for one engine and one group of queries."""

    positives: int = 0
    first_right: int = 0
    reciprocal_ranks: float = 0.0
    negatives: int = 0
    false_hits: int = 0

    def add(self, expected: list[str] | None, ranked: list[str]) -> None:
        if expected is None:
            self.negatives += 1
            self.false_hits += bool(ranked)
            return
        self.positives += 1
        self.first_right += bool(ranked) and ranked[0] in expected
        rank = next((i for i, record_id in enumerate(ranked, 1) if record_id in expected), None)
        self.reciprocal_ranks += 1 / rank if rank else 0.0

    @property
    def precision_at_1(self) -> float:
        return self.first_right / self.positives if self.positives else 1.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.positives if self.positives else 1.0

    @property
    def false_hit_rate(self) -> float:
        return self.false_hits / self.negatives if self.negatives else 0.0


def load_queries() -> list[dict[str, object]]:
    queries: list[dict[str, object]] = json.loads(EVAL_SET.read_text(encoding="utf-8"))["queries"]
    return queries


def engine(kb: openai_kb.KnowledgeBase, query: str) -> list[str]:
    """Record ids, best first, as kb.search ranks them."""
    return [match.record.id for match in kb.search(query, limit=10)]


def baseline_engine(kb: openai_kb.KnowledgeBase) -> Callable[[str], list[str]]:
    """rapidfuzz WRatio with default_process over each record's canonical name (or label)."""
    names = {record.id: kb.label(record) for record in kb}
    choices = list(names.values())
    ids = list(names)

    def search(query: str) -> list[str]:
        hits = process.extract(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=10, score_cutoff=BASELINE_CUTOFF
        )
        return [ids[index] for _, _, index in hits]

    return search


def evaluate() -> dict[str, dict[str, Tally]]:
    """Tallies by engine, then by category (and "all")."""
    kb = openai_kb.load()
    baseline = baseline_engine(kb)
    tallies: dict[str, dict[str, Tally]] = {"openai-kb": defaultdict(Tally), "baseline": defaultdict(Tally)}
    for item in load_queries():
        query, expected, category = str(item["query"]), item["expected"], str(item["category"])
        for name, ranked in (("openai-kb", engine(kb, query)), ("baseline", baseline(query))):
            tallies[name][category].add(expected, ranked)  # type: ignore[arg-type]
            tallies[name]["all"].add(expected, ranked)  # type: ignore[arg-type]
    return tallies


def report(tallies: dict[str, dict[str, Tally]]) -> str:
    """A Markdown table: per category, precision@1 / MRR / false-hit rate for both engines."""
    ours, base = tallies["openai-kb"], tallies["baseline"]
    categories = [*sorted(set(ours) - {"all"}), "all"]
    lines = [
        "| category | queries | openai-kb P@1 | MRR | false hits | baseline P@1 | MRR | false hits |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for category in categories:
        a, b = ours[category], base[category]
        lines.append(
            f"| {category} | {a.positives + a.negatives} | {a.precision_at_1:.3f} | {a.mrr:.3f} | "
            f"{a.false_hit_rate:.3f} | {b.precision_at_1:.3f} | {b.mrr:.3f} | {b.false_hit_rate:.3f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate()))
