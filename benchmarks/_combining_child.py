"""One measurement of ``benchmarks.combining``, run in a process of its own against one source tree.

Run as a script (``python benchmarks/_combining_child.py CASE N``) with ``PYTHONPATH`` naming the
tree whose ``openai_kb`` is measured: it imports nothing else of the project, so the same workload
runs against the code before and after a change. Prints one JSON object: seconds, or why it failed.

Cases:

- ``file-versions`` / ``file-distinct``: ``load`` of one data file holding N versions of one
  organization (each report's own alias, evidence and, for some, location) / N organizations; the
  file of versions says ``"combined": true`` where the tree reads it (one id twice in one file is
  otherwise refused since issue 18);
- ``folder-versions`` / ``folder-distinct``: the same records, one per file, in a folder of N files;
- ``add-versions`` / ``add-distinct``: N chained ``kb.add`` calls, each adding one version of one
  organization / one new organization, starting from a knowledge base of the source alone;
- ``merge-versions`` / ``merge-distinct``: the same with ``kb.merge`` of a knowledge base of one record.
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SOURCE_LENGTH = 10_000_000
LOCATIONS = ("San Francisco", "SF", "California")
COUNT = 0  # the records or versions given, set by main


def source() -> dict[str, Any]:
    return {
        "type": "source",
        "id": "source:gen",
        "title": "Generated reports",
        "language": "en",
        "length": SOURCE_LENGTH,
    }


def organization(number: int, *, versions: bool) -> dict[str, Any]:
    """Version ``number`` of one organization (``versions``), or organization ``number`` of many."""
    quote = f"Acme {number} says so"
    record: dict[str, Any] = {
        "type": "organization",
        "id": "org:acme" if versions else f"org:acme-{number}",
        "name": "Acme",
        "names": [{"text": f"Acme {number}", "language": "en"}],
        "evidence": [{"source": "source:gen", "quote": quote, "start": number * 40, "end": number * 40 + len(quote)}],
    }
    if number % 2:
        record["location"] = LOCATIONS[number % len(LOCATIONS)]
    return record


def measure(case: str, count: int) -> float:
    import openai_kb

    layout, kind = case.split("-")
    versions = kind == "versions"
    records = [organization(number, versions=versions) for number in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        if layout == "file":
            path = Path(folder) / "reports.json"
            document: dict[str, Any] = {"records": [source(), *records]}
            if versions and _knows_combined(openai_kb):  # one id twice in one file: allowed in a combined one
                document = {"combined": True, **document}
            path.write_text(json.dumps(document), encoding="utf-8")
            return _timed(lambda: openai_kb.load(path))
        if layout == "folder":
            (Path(folder) / "source.json").write_text(json.dumps({"records": [source()]}), encoding="utf-8")
            for number, record in enumerate(records):
                (Path(folder) / f"report-{number:05}.json").write_text(
                    json.dumps({"records": [record]}), encoding="utf-8"
                )
            return _timed(lambda: openai_kb.load(folder))
    start = openai_kb.KnowledgeBase([source()])
    if layout == "add":
        built = [openai_kb.Organization.model_validate(record) for record in records]

        def chain() -> object:
            kb = start
            for record in built:
                kb = kb.add(record)
            return kb

        return _timed(chain)
    singles = [openai_kb.KnowledgeBase([source(), record]) for record in records]

    def merges() -> object:
        kb = start
        for single in singles:
            kb = kb.merge(single)
        return kb

    return _timed(merges)


def _knows_combined(openai_kb: Any) -> bool:
    """Whether the tree measured reads ``"combined": true`` (since issue 18; older trees refuse the key)."""
    from openai_kb.schema import data_file_schema

    return "combined" in data_file_schema()["properties"]


def _timed(action: Any) -> float:
    """Seconds ``action`` takes; its knowledge base must hold every version (or record) given."""
    gc.collect()
    began = time.perf_counter()
    kb = action()
    elapsed = time.perf_counter() - began
    held = len(kb.origins())
    if held != COUNT + 1:
        raise AssertionError(f"the knowledge base holds {held} versions, not {COUNT + 1}")
    return elapsed


def main() -> None:
    global COUNT
    case, count = sys.argv[1], int(sys.argv[2])
    COUNT = count
    try:
        print(json.dumps({"seconds": measure(case, count)}))
    except Exception as error:  # a tree that refuses the workload says so, in one line
        print(json.dumps({"error": f"{type(error).__name__}: {str(error).splitlines()[0]}"}))


if __name__ == "__main__":
    main()
