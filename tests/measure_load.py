"""Measure loading and cold start side by side: ``python -m tests.measure_load [--records N] [--runs N]``.

Prints the medians of alternating runs in one process (the machine's load moves every number, the
ratios much less): ``orjson.loads`` of a generated data file's bytes, ``openai_kb.load`` of that file
and ``KnowledgeBase.from_records`` of its records; then fresh processes doing ``import openai_kb;
load(); search("Murati")`` against a baseline that imports pydantic, rapidfuzz and orjson and
defines and validates one two-field model. Compile the package first (``python -m compileall
openai_kb``), as a wheel install has it. Not a test: timings never run in the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

import openai_kb
from openai_kb import KnowledgeBase
from tests.generated import generated_records

BASELINE = """
import pydantic, rapidfuzz, orjson
from pydantic import BaseModel
class Point(BaseModel):
    name: str
    size: int
Point.model_validate_json(b'{"name": "a", "size": 1}')
"""
COLD = "import openai_kb; kb = openai_kb.load(); kb.search('Murati')"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _cpu(action: Callable[[], object]) -> float:
    """CPU time of this process: steadier than the wall clock on a machine others are using."""
    start = time.process_time()
    action()
    return time.process_time() - start


def _paused(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        gc.disable()
        try:
            return action()
        finally:
            gc.enable()

    return run


def measure_load(count: int, runs: int) -> None:
    """Medians of ``runs`` alternating runs of parsing, loading and building ``count`` records."""
    data = orjson.dumps({"records": generated_records(count)})
    records = orjson.loads(data)["records"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.json"
        path.write_bytes(data)
        actions = {
            "orjson.loads": lambda: orjson.loads(data),
            "load(path)": lambda: openai_kb.load(path),
            "from_records(records)": lambda: KnowledgeBase.from_records(records),
            "load(path), collector paused by the caller": _paused(lambda: openai_kb.load(path)),
        }
        times: dict[str, list[float]] = {name: [] for name in actions}
        for _ in range(runs):
            for name, action in actions.items():
                gc.collect()
                times[name].append(_cpu(action))
    parse = statistics.median(times["orjson.loads"])
    print(f"{count:,} records, {len(data) / 2**20:.1f} MiB, CPU time, median of {runs} alternating runs:")
    for name, found in times.items():
        median = statistics.median(found)
        print(f"  {name:45} {median * 1e3:8,.0f} ms  {median / parse:5.2f}x orjson.loads")


def _process(code: str) -> tuple[float, float]:
    before = os.times()
    wall = _timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return wall, cpu


def measure_cold_start(runs: int) -> None:
    """Medians of ``runs`` alternating fresh processes: the baseline, then ours."""
    base = [_process(BASELINE) for _ in range(1)]  # the first run of each warms the file cache
    ours = [_process(COLD) for _ in range(1)]
    base, ours = [], []
    for _ in range(runs):
        base.append(_process(BASELINE))
        ours.append(_process(COLD))
    for index, what in ((0, "wall"), (1, "cpu")):
        b = statistics.median(run[index] for run in base)
        o = statistics.median(run[index] for run in ours)
        print(f"cold start ({what}): baseline {b * 1e3:.0f} ms, ours {o * 1e3:.0f} ms, ratio {o / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each load")
    parser.add_argument("--cold-runs", type=int, default=15, help="alternating fresh processes of each")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args()
    if not args.skip_load:
        measure_load(args.records, args.runs)
    if not args.skip_cold:
        measure_cold_start(args.cold_runs)


if __name__ == "__main__":
    main()
