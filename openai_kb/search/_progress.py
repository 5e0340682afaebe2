"""A progress bar for the one slow step users may wait on: building a large search index.

It shows only once the work has taken a second (a small knowledge base builds its index in
milliseconds and shows nothing). On a terminal it is a plain bar on stderr with the time left; piped
or captured, stderr stays clean. In a notebook (an IPython kernel) it is tqdm's auto bar, a widget
with the time left, as notebook users expect, where tqdm and ipywidgets are installed (the
``notebook`` extra), and the plain bar in the cell's stderr where they are not. tqdm is imported
only when a bar is drawn, never by ``import openai_kb``: importing it costs about 0.1 s (measured
in the commit that added it), against a build that has already taken a second.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["DELAY", "ProgressBar", "in_notebook", "notebook_bar"]

#: Seconds of work before the bar appears.
DELAY = 1.0
_WIDTH = 30


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def in_notebook() -> bool:
    """Whether this is an IPython kernel (Jupyter, VS Code...), as tqdm.auto tells: never imports IPython."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def notebook_bar(label: str, percent: int) -> Any | None:
    """tqdm's auto bar (a widget in a notebook) at ``percent`` of 100; None without tqdm or ipywidgets."""
    try:  # tqdm.auto without ipywidgets warns and draws text: the plain bar does that already
        import ipywidgets  # noqa: F401
        from tqdm.auto import tqdm
    except ImportError:
        return None

    return tqdm(total=100, initial=percent, desc=label, unit="%", bar_format=_TQDM_FORMAT)


_TQDM_FORMAT = "{desc} {bar} {n:.0f}% [{elapsed}<{remaining}]"


class ProgressBar:
    """``label [##########--------------------]  33% 4 s left`` on one line, redrawn as the share done grows.

    Call it with the share done, from 0 to 1; ``close()`` ends the line (with the time taken) if the
    bar was drawn. ``stream`` defaults to ``sys.stderr`` as it is when the bar is made; ``notebook``
    to whether this is an IPython kernel, where tqdm's bar is drawn instead when it is installed.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        notebook: bool | None = None,
    ) -> None:
        self._label = label
        self._stream = stream if stream is not None else sys.stderr
        self._delay = DELAY if delay is None else delay
        self._clock = clock
        self._start = clock()
        self._notebook = in_notebook() if notebook is None else notebook
        self._live = self._notebook or _is_terminal(self._stream)
        self._drawn = -1  # the percentage on screen; -1 before the first draw
        self._tqdm: Any | None = None
        self._longest = 0  # the longest line drawn, which a shorter one pads over

    def __call__(self, done: float) -> None:
        if not self._live or (self._drawn < 0 and self._clock() - self._start < self._delay):
            return
        percent = min(100, max(0, int(done * 100)))
        if percent == self._drawn:
            return
        if self._drawn < 0 and self._notebook:
            self._tqdm = notebook_bar(self._label, percent)
        if self._tqdm is not None:
            self._tqdm.update(percent - self._tqdm.n)
            self._drawn = percent
        else:
            elapsed = self._clock() - self._start
            left = f" {elapsed * (100 - percent) / percent:.0f} s left" if percent else ""
            self._draw(percent, left)

    def close(self) -> None:
        """End the bar's line, saying how long the work took; nothing if it was never drawn."""
        if self._tqdm is not None:
            self._tqdm.update(100 - self._tqdm.n)
            self._tqdm.close()
        elif self._drawn >= 0:
            self._draw(100, f" in {self._clock() - self._start:.1f} s", "\n")

    def _draw(self, percent: int, note: str, end: str = "") -> None:
        filled = _WIDTH * percent // 100
        bar = "#" * filled + "-" * (_WIDTH - filled)
        line = f"{self._label} [{bar}] {percent:3d}%{note}"
        self._longest = max(self._longest, len(line))
        assert self._stream is not None  # _live: a terminal or a notebook's stderr
        self._stream.write(f"\r{line.ljust(self._longest)}{end}")
        self._stream.flush()
        self._drawn = percent
