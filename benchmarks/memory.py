"""Memory of building and holding N names through what users call, in a fresh process per size.

    python -m benchmarks.memory --sizes 100000,1000000                      # this tree, both corpora
    python -m benchmarks.memory --sizes 1000000 --before /tmp/old-tree      # and an older tree, side by side

Each measurement runs ``benchmarks/_memory_child.py`` in a process of its own (so no earlier
allocation pollutes its resident set size), with ``PYTHONPATH`` naming the tree measured: it builds
``KnowledgeBase.from_records`` of one person per name, then ``kb.build_index()``, and reads the
resident set size (RSS) at each step. Reported per name: the records (RSS with the knowledge base
held, minus the baseline of a process that imported ``openai_kb`` and searched a small knowledge
base), the index (RSS once the index is built, minus that), both together, and the peak RSS of the
whole build above the baseline. Target (issue 19): records and index together <= 1.2 KB per name
at 1M. The RSS of one step includes memory the step before freed and Python's allocator kept, so
"held" columns give the bytes in use after each step, split exactly (see ``_memory_child.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpora import CORPORA, corpus_names

HERE = Path(__file__).resolve().parent
CHILD = HERE / "_memory_child.py"
THIS_TREE = HERE.parent
TARGET_KB_PER_NAME = 1.2  # records and index together, at 1M (issue 19)
KB = 1000  # the targets' KB: 1,000 bytes


@dataclass(frozen=True)
class Memory:
    """One tree's memory for one corpus and size, in bytes (from the child's KiB)."""

    names: int
    baseline: int
    records: int
    index: int
    peak: int
    held_records: int
    held_index: int
    from_records_s: float
    index_s: float

    def per_name(self, value: int) -> float:
        """``value`` in KB (1,000 bytes) per name."""
        return value / self.names / KB


def measure(tree: Path, names: Sequence[str], timeout: float = 1800.0) -> Memory:
    """Build and hold ``names`` as people with ``tree``'s ``openai_kb`` in a fresh process; its memory."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "names.txt"
        listing.write_text("\n".join(names), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(CHILD), str(listing)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(tree)},
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the memory measurement of {len(names):,} names failed:\n{done.stderr.strip()}")
    found = json.loads(done.stdout)
    kib = {key: int(found[key]) * 1024 for key in ("baseline", "records", "index", "peak")}
    return Memory(
        found["names"],
        **kib,
        held_records=found["held_records"],
        held_index=found["held_index"],
        from_records_s=found["from_records_s"],
        index_s=found["index_s"],
    )


HEADER = (
    "| corpus | names | tree | records KB/name | index KB/name | together KB/name | peak KB/name "
    "| held: records | held: index | baseline MiB | from_records s | index s | target |\n"
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def row(corpus: str, tree: str, memory: Memory) -> str:
    """One table row: a tree's memory for one corpus and size."""
    together = memory.per_name(memory.records + memory.index)
    target = f"<= {TARGET_KB_PER_NAME} KB" if memory.names >= 1_000_000 else ""
    return (
        f"| {corpus} | {memory.names:,} | {tree} | {memory.per_name(memory.records):.3f} | "
        f"{memory.per_name(memory.index):.3f} | {together:.3f} | {memory.per_name(memory.peak):.3f} | "
        f"{memory.per_name(memory.held_records):.3f} | {memory.per_name(memory.held_index):.3f} | "
        f"{memory.baseline / 2**20:.0f} | {memory.from_records_s:.1f} | {memory.index_s:.1f} | {target} |"
    )


def table(
    corpora: Sequence[tuple[str, Callable[[int], list[str]]]],
    sizes: Sequence[int],
    trees: Sequence[tuple[str, Path]],
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> str:
    """The memory table: each corpus at each size, each tree measured in its own fresh process."""
    lines = [HEADER]
    for name, make in corpora:
        for size in sizes:
            names = make(size)
            for tree_name, tree in trees:
                lines.append(row(name, tree_name, measure(tree, names)))
                log(lines[-1])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="names held, comma separated")
    parser.add_argument("--corpus", default=",".join(CORPORA), help="corpora, comma separated: " + ", ".join(CORPORA))
    parser.add_argument("--before", type=Path, help="an older source tree to measure beside this one")
    parser.add_argument("--output", type=Path, help="write the table here as well")
    args = parser.parse_args(argv)
    trees = [("before", args.before.resolve())] if args.before else []
    trees.append(("after" if args.before else "this tree", THIS_TREE))
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    result = table(corpus_names(args.corpus), sizes, trees)
    print(result)
    if args.output:
        args.output.write_text(result + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
