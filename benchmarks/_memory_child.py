"""One memory measurement of ``benchmarks.memory``, run in a fresh process against one source tree.

Run as a script (``python benchmarks/_memory_child.py ALIASES_FILE``) with ``PYTHONPATH`` naming the
tree whose ``openai_kb`` is measured; the aliases (one a line, UTF-8) come from the parent, so this
imports nothing else of the project and the same names are measured against any tree. What users
call, one person a name: ``KnowledgeBase.from_records`` of ``{"type": "person", "id": ..., "name":
...}`` dicts, then ``kb.build_index()``. Prints one JSON object of resident set sizes (KiB, from
``/proc/self/status``):

- ``baseline``: after importing ``openai_kb`` and building, indexing and searching a small knowledge
  base once (validators, character tables and caches loaded), before reading the names;
- ``records``: with the knowledge base built and held, the input dicts and the names' list freed;
- ``index``: with its search index built as well;
- ``peak``: the highest resident size of the process (``VmHWM``), building included.

Before each reading the cyclic collector runs and ``malloc_trim(0)`` hands freed heap back to the
system. Memory freed inside Python's small-object allocator stays resident (its pages hold live
objects too) and is reused by the next step: what building records frees (the input dicts, each
record's own set of given fields once they share one) shows in ``records`` and is taken back by the
index. So the child also reports ``held_records`` and ``held_index``: the bytes in use, from the
small-object allocator's own count (``sys._debugmallocstats``) and glibc's ``mallinfo2`` (in use,
and mapped for large blocks), which split the two steps exactly; RSS is what the system sees.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


_libc = ctypes.CDLL("libc.so.6")


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
    ] + [("keepcost", ctypes.c_size_t)]


_libc.mallinfo2.restype = _MallInfo2


def held_bytes() -> int:
    """Bytes in use: Python's small objects (pymalloc's count) and everything allocated with malloc."""
    gc.collect()
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        text = captured.read().decode()
    small = next(
        int(line.split("=")[-1].replace(",", "")) for line in text.splitlines() if "bytes in allocated blocks" in line
    )
    info = _libc.mallinfo2()
    return small + info.uordblks + info.hblkhd


def settled_rss() -> int:
    """The resident set size in KiB once garbage is collected and freed heap handed back."""
    gc.collect()
    _libc.malloc_trim(0)
    return _status("VmRSS")


def people(names: list[str]) -> list[dict[str, str]]:
    return [{"type": "person", "id": f"person:a{index}", "name": name} for index, name in enumerate(names)]


def main(argv: list[str]) -> int:
    import openai_kb

    warm = openai_kb.KnowledgeBase.from_records(people([f"Warm Up Name {n}" for n in range(2_000)]))
    warm.build_index()
    warm.search("Warm Up Nmae")
    warm.search("穆拉蒂")
    del warm
    baseline = settled_rss()
    held_at_start = held_bytes()

    names = Path(argv[1]).read_text(encoding="utf-8").split("\n")
    records = people(names)
    del names
    start = time.perf_counter()
    kb = openai_kb.KnowledgeBase.from_records(records)
    from_records_s = time.perf_counter() - start
    del records
    held = settled_rss()
    held_records = held_bytes()

    start = time.perf_counter()
    kb.build_index()
    index_s = time.perf_counter() - start
    indexed = settled_rss()
    held_index = held_bytes()
    print(
        json.dumps(
            {
                "names": len(kb),
                "baseline": baseline,
                "records": held - baseline,
                "index": indexed - held,
                "peak": _status("VmHWM") - baseline,
                "held_records": held_records - held_at_start,
                "held_index": held_index - held_records,
                "from_records_s": from_records_s,
                "index_s": index_s,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
