"""Running one measurement in a fresh process against a tree, as the before/after benchmarks do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_child(script: Path, tree: Path, args: list[str], timeout: float) -> dict[str, Any] | str:
    """The JSON object ``script`` prints run with ``tree``'s ``openai_kb`` first on the path; or, as text,
    why there is none: ``> TIMEOUT`` when it ran out of time, ``failed: ...`` with its last error line."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    try:
        done = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    result: dict[str, Any] = json.loads(done.stdout)
    return result
