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
system, so what is counted is what is held, not what the allocator kept for later.
"""

from __future__ import annotations

import ctypes
import gc
import json
import sys
import time
from pathlib import Path


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


_libc = ctypes.CDLL("libc.so.6")


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

    names = Path(argv[1]).read_text(encoding="utf-8").split("\n")
    records = people(names)
    del names
    start = time.perf_counter()
    kb = openai_kb.KnowledgeBase.from_records(records)
    from_records_s = time.perf_counter() - start
    del records
    held = settled_rss()

    start = time.perf_counter()
    kb.build_index()
    index_s = time.perf_counter() - start
    indexed = settled_rss()
    print(
        json.dumps(
            {
                "names": len(kb),
                "baseline": baseline,
                "records": held - baseline,
                "index": indexed - held,
                "peak": _status("VmHWM") - baseline,
                "from_records_s": from_records_s,
                "index_s": index_s,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
