"""Running the command line as a user does: a separate process, its output as text."""

from __future__ import annotations

import subprocess
import sys

__all__ = ["run_cli"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``openai-kb ARGS`` in a new Python process; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *args], capture_output=True, text=True, encoding="utf-8", check=False
    )
