"""A plain progress bar on stderr, for the one slow step users may wait on: building a large search index.

It draws only on a terminal, and only once the work has taken a second (a small knowledge base
builds its index in milliseconds and shows nothing); piped or captured, stderr stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["DELAY", "ProgressBar"]

#: Seconds of work before the bar appears.
DELAY = 1.0
_WIDTH = 30


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


class ProgressBar:
    """``label [##########--------------------]  33%`` on one line, redrawn as the share done grows.

    Call it with the share done, from 0 to 1; ``close()`` ends the line (with the time taken) if the
    bar was drawn. ``stream`` defaults to ``sys.stderr`` as it is when the bar is made.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._label = label
        self._stream = stream if stream is not None else sys.stderr
        self._delay = DELAY if delay is None else delay
        self._clock = clock
        self._start = clock()
        self._live = _is_terminal(self._stream)
        self._drawn = -1  # the percentage on screen; -1 before the first draw

    def __call__(self, done: float) -> None:
        if not self._live or (self._drawn < 0 and self._clock() - self._start < self._delay):
            return
        percent = min(100, max(0, int(done * 100)))
        if percent != self._drawn:
            self._draw(percent, "")

    def close(self) -> None:
        """End the bar's line, saying how long the work took; nothing if it was never drawn."""
        if self._drawn >= 0:
            self._draw(100, f" in {self._clock() - self._start:.1f} s\n")

    def _draw(self, percent: int, end: str) -> None:
        filled = _WIDTH * percent // 100
        bar = "#" * filled + "-" * (_WIDTH - filled)
        assert self._stream is not None  # _live: a terminal
        self._stream.write(f"\r{self._label} [{bar}] {percent:3d}%{end}")
        self._stream.flush()
        self._drawn = percent
