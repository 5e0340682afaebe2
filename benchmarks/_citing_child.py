"""One measurement of ``benchmarks.citing``, run in a process of its own against one source tree.

Run as a script (``python benchmarks/_citing_child.py CASE TEXT_CHARS QUOTE_CHARS``) with
``PYTHONPATH`` naming the tree whose ``openai_kb`` is measured; it imports nothing else of the
project. Prints one JSON object: the CPU seconds ``cite`` took (of the ``cite`` process, for the
command line: on a shared machine, less noisy than wall time) and the start of its message, or why
it failed. ``CASE`` is one of ``TEXTS`` (``benchmarks.citing`` describes them); ``cli-...`` cases write
the text to a file and time ``python -m openai_kb.cli cite FILE QUOTE --source ...`` as a process.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "The board met on Monday and approved the plan. "


def minutes(size: int) -> str:
    """Numbered minutes, no two sentences alike: a text that never repeats itself."""
    parts, length, number = [], 0, 0
    while length < size:
        parts.append(f"Minute {number}: the board met. ")
        length += len(parts[-1])
        number += 1
    return "".join(parts)[:size]


def case(name: str, size: int, length: int) -> tuple[str, str]:
    """The text and the absent quote of a case."""
    kind = name.removeprefix("cli-")
    if kind == "changed-end":  # a passage of the minutes, its last character changed
        text = minutes(size)
        return text, text[1000 : 1000 + length - 1] + "!"
    if kind == "repeated":  # one sentence over and over, a passage of it with its last character changed
        text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        return text, text[: length - 1] + "!"
    if kind == "one-letter":  # the worst case of a backtracking search: every position matches but the last
        return "a" * size, "a" * (length - 1) + "b"
    if kind == "elsewhere":  # a quote from another document: nothing in the text is close
        agenda = "".join(f"Item {n} on the agenda was put off again. " for n in range(length // 20))
        return minutes(size), agenda[:length]
    raise SystemExit(f"unknown case {name!r}")


def measure(name: str, size: int, length: int) -> dict[str, object]:
    text, quote = case(name, size, length)
    assert quote not in text
    if name.startswith("cli-"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "text.txt"
            path.write_text(text, encoding="utf-8", newline="")
            started = _children_cpu()
            done = subprocess.run(
                [sys.executable, "-m", "openai_kb.cli", "cite", str(path), quote, "--source", "source:bench"],
                capture_output=True,
                text=True,
                check=False,
                cwd=folder,  # not the tree this runs from: PYTHONPATH names the one measured
            )
            seconds = _children_cpu() - started
        if done.returncode != 1 or " is not in the text" not in done.stderr:
            return {"error": f"exit {done.returncode}: {done.stderr.strip()[-200:]}"}
        return {"seconds": seconds, "message": done.stderr[:60]}
    from openai_kb import QueryError, cite

    started = time.process_time()
    try:
        cite(text, quote, source="source:bench")
        message = "found"
    except QueryError as error:
        message = str(error)
    return {"seconds": time.process_time() - started, "message": message[:60]}


def _children_cpu() -> float:
    """CPU seconds (user and system) of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    name, size, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        print(json.dumps(measure(name, size, length)))
    except Exception as error:  # a tree that fails says so, in one line
        print(json.dumps({"error": f"{type(error).__name__}: {str(error).splitlines()[0]}"}))


if __name__ == "__main__":
    main()
