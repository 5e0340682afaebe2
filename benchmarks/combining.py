"""Benchmark combining: one record described N times costs about what N records cost.

    python -m benchmarks.combining                                   # this tree
    python -m benchmarks.combining --before /tmp/old-tree            # and an older tree, side by side
    python -m benchmarks.combining --sizes 1000,3000,10000 --chains 300,600,1000 --output combining.md

Each measurement runs in a fresh process (``benchmarks/_combining_child.py``) with ``PYTHONPATH``
naming the tree measured, so an older checkout (``git archive <commit> | tar -x -C /tmp/old-tree``)
runs the very same workload. Measured: ``load`` of N versions of one organization (each with its
own alias and evidence, half with a location, in three different words) against N organizations,
in one data file (marked ``"combined": true`` where the tree reads the mark: since issue 18 one id
twice in an unmarked file is a ``DataError``) and one per file in a folder; and N chained
``kb.add`` and ``kb.merge`` calls, each bringing one more version of one organization against one
more organization. A workload a tree refuses shows as "refused"; one that runs past ``--timeout``
as "> timeout".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._children import run_child

HERE = Path(__file__).resolve().parent
CHILD = HERE / "_combining_child.py"
THIS_TREE = HERE.parent

LOADS = ("file", "folder")
CHAINS = ("add", "merge")


def run_case(tree: Path, case: str, count: int, timeout: float) -> str:
    """Seconds for one case in a fresh process, formatted; or why there is no number."""
    result = run_child(CHILD, tree, [case, str(count)], timeout)
    if isinstance(result, str):
        return result
    if "error" in result:
        return "refused" if result["error"].startswith("DataError") else f"failed: {result['error']}"
    return f"{result['seconds']:.3f}"


def table(trees: Sequence[tuple[str, Path]], sizes: Sequence[int], chains: Sequence[int], timeout: float) -> str:
    """One markdown table: each workload at each N, versions of one id beside distinct ids, per tree."""
    header = ["workload", "N"]
    for name, _ in trees:
        header += [f"{name}: one id, s", f"{name}: distinct ids, s"]
    lines = ["| " + " | ".join(header) + " |", "|---|---:|" + "---:|" * (2 * len(trees))]
    workloads = [(layout, count) for layout in LOADS for count in sizes]
    workloads += [(layout, count) for layout in CHAINS for count in chains]
    for layout, count in workloads:
        cells = [_describe(layout), f"{count:,}"]
        for _, tree in trees:
            cells.extend(run_case(tree, f"{layout}-{kind}", count, timeout) for kind in ("versions", "distinct"))
        lines.append("| " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def _describe(layout: str) -> str:
    return {
        "file": "`load`, one file",
        "folder": "`load`, a folder of one record per file",
        "add": "chained `kb.add`",
        "merge": "chained `kb.merge`",
    }[layout]


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, help="an older source tree to measure beside this one")
    parser.add_argument("--sizes", default="1000,3000,10000", help="versions (or records) loaded, comma separated")
    parser.add_argument("--chains", default="300,600,1000", help="chained add/merge calls, comma separated")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one measurement may take")
    parser.add_argument("--output", type=Path, help="write the table here as well")
    args = parser.parse_args(argv)
    trees = [("before", args.before.resolve())] if args.before else []
    trees.append(("after" if args.before else "this tree", THIS_TREE))
    result = table(trees, _counts(args.sizes), _counts(args.chains), args.timeout)
    print(result)
    if args.output:
        args.output.write_text(result + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
