"""Running the command line as a user does: a separate process, its output as text."""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["run_cli"]


def run_cli(*args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    """``openai-kb ARGS`` in a new Python process; never raises on a non-zero exit.

    Its output is a pipe, so lines are whole unless ``columns`` sets ``COLUMNS``. The environment is
    passed explicitly: ``import readline`` (which pytest does) puts ``COLUMNS=80`` in the process's
    C environment, where ``os.environ`` does not see it but a child would inherit it.
    """
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
    )
