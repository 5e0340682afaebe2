"""One ``kb.link`` build of ``benchmarks.run --linking --link-before``, in a fresh process against one tree.

Run as a script (``python benchmarks/_linking_child.py NAMES_FILE|bundled TEXT_FILE RUNS``) with ``PYTHONPATH``
naming the tree whose ``openai_kb`` is measured; the names (one a line) and the text come from the
parent, so every tree sees the same. One person a name through ``KnowledgeBase.from_records``, then
``kb.build_index()``, then the first ``kb.link(text)`` (which builds the linker) and the median of
``RUNS`` more. Prints one JSON object: seconds, milliseconds, and MiB grown by the index and by the
first link, as resident set size and as bytes held (see ``_memory_child.py``).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from _memory_child import held_bytes, people, settled_rss  # beside this file: sys.path[0]


def main(argv: list[str]) -> int:
    import openai_kb

    text = Path(argv[2]).read_text(encoding="utf-8")
    runs = int(argv[3])
    if argv[1] == "bundled":
        kb = openai_kb.load()
    else:
        names = Path(argv[1]).read_text(encoding="utf-8").split("\n")
        kb = openai_kb.KnowledgeBase.from_records(people(names))
        del names
    rss, held = [settled_rss()], [held_bytes()]
    start = time.perf_counter()
    kb.build_index()
    index_s = time.perf_counter() - start
    rss.append(settled_rss())
    held.append(held_bytes())
    start = time.perf_counter()
    kb.link(text)
    link_s = time.perf_counter() - start
    rss.append(settled_rss())
    held.append(held_bytes())
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        kb.link(text)
        times.append((time.perf_counter_ns() - start) / 1e6)
    print(
        json.dumps(
            {
                "index_s": index_s,
                "first_link_s": link_s,
                "scan_ms": statistics.median(times),
                "rss_index_mib": (rss[1] - rss[0]) / 1024,
                "rss_link_mib": (rss[2] - rss[1]) / 1024,
                "held_index_mib": (held[1] - held[0]) / 2**20,
                "held_link_mib": (held[2] - held[1]) / 2**20,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
