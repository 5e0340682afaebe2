"""Benchmark citing: ``cite`` on a quote that is not in the text, at the sizes issue 21 named.

    python -m benchmarks.citing                                   # this tree
    python -m benchmarks.citing --before /tmp/old-tree            # and an older tree, side by side
    python -m benchmarks.citing --sizes 1000000:10000,2000000:20001 --timeout 120 --output citing.md

Each measurement runs in a fresh process (``benchmarks/_citing_child.py``) with ``PYTHONPATH``
naming the tree measured, so an older checkout (``git archive <commit> openai_kb | tar -x -C
/tmp/old-tree``) runs the very same workload. A size is ``TEXT_CHARS:QUOTE_CHARS``. The cases, each
a quote absent from the text:

- ``changed-end``: numbered minutes that never repeat, and a passage of them with its last
  character changed;
- ``repeated``: one 47-character sentence over and over, and a passage of it with its last
  character changed (every 47th position matches nearly the whole quote);
- ``one-letter``: ``a`` repeated, and ``a...ab``: every position matches all but the last character;
- ``elsewhere``: the minutes, and a quote from another document, nothing alike;
- ``cli-...``: the same through ``python -m openai_kb.cli cite FILE QUOTE`` as a process (its
  start included), the text written to a file.

Times are CPU seconds of the call (of the whole ``openai-kb`` process, its start included, for
``cli-``), steadier than wall time on a shared machine; one that runs past ``--timeout`` seconds of
wall time shows as "> timeout", the process killed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._children import run_child

HERE = Path(__file__).resolve().parent
CHILD = HERE / "_citing_child.py"
THIS_TREE = HERE.parent
CASES = ("changed-end", "repeated", "one-letter", "elsewhere", "cli-one-letter")


def run_case(tree: Path, case: str, size: int, length: int, timeout: float) -> str:
    """Seconds for one case in a fresh process, formatted; or why there is no number."""
    result = run_child(CHILD, tree, [case, str(size), str(length)], timeout)
    if isinstance(result, str):
        return result
    if "error" in result:
        return f"failed: {result['error']}"
    return f"{result['seconds']:.2f}"


def table(
    trees: Sequence[tuple[str, Path]], sizes: Sequence[tuple[int, int]], cases: Sequence[str], timeout: float
) -> str:
    """One markdown table: each case at each size, a column of seconds per tree."""
    header = ["case", "text, characters", "quote, characters", *(f"{name}, s" for name, _ in trees)]
    lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|" + "---:|" * len(trees)]
    for case in cases:
        for size, length in sizes:
            cells = [f"`{case}`", f"{size:,}", f"{length:,}"]
            cells.extend(run_case(tree, case, size, length, timeout) for _, tree in trees)
            lines.append("| " + " | ".join(cells) + " |")
            print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def _sizes(text: str) -> list[tuple[int, int]]:
    pairs = (part.split(":") for part in text.split(",") if part.strip())
    return [(int(size), int(length)) for size, length in pairs]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, help="an older source tree to measure beside this one")
    parser.add_argument(
        "--sizes", default="1000000:10000,2000000:20001", help="TEXT_CHARS:QUOTE_CHARS, comma separated"
    )
    parser.add_argument("--cases", default=",".join(CASES), help="cases, comma separated")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one measurement may take")
    parser.add_argument("--output", type=Path, help="write the table here as well")
    args = parser.parse_args(argv)
    trees = [("before", args.before.resolve())] if args.before else []
    trees.append(("after" if args.before else "this tree", THIS_TREE))
    cases = [case for case in args.cases.split(",") if case]
    result = table(trees, _sizes(args.sizes), cases, args.timeout)
    print(result)
    if args.output:
        args.output.write_text(result + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
