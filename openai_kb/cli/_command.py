"""What every subcommand is: a name, a one-line summary, examples for ``--help``, its arguments, its action."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from ..kb import KnowledgeBase, load
from ._output import Output

__all__ = ["Command", "load_from"]


@dataclass(frozen=True)
class Command:
    """One subcommand. ``run`` returns the exit code: 0 ok, 1 not found or invalid data."""

    name: str
    summary: str
    examples: tuple[str, ...]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Output], int]
    reads_kb: bool = True  # takes --data
    prints_json: bool = True  # takes --json
    by_source: bool = False  # takes --source ID: runs on the knowledge base as that source alone tells it
    fits_width: bool = False  # fits its text to the terminal, and takes --wide to print every line whole

    @property
    def epilog(self) -> str:
        return "examples:\n" + "\n".join(f"  {example}" for example in self.examples)


def load_from(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base of every ``--data`` path (before and after the command) as one, or the bundled one.

    With ``--source ID``, the knowledge base as that source alone tells it (``kb.by_source``): an
    unknown id is a ``NotFoundError`` (exit 1), a record that is not a source a ``QueryError`` (exit 2).
    """
    paths: list[str] = [*(getattr(args, "data", None) or ()), *getattr(args, "data_after_command", ())]
    kb = load(*paths)
    source: str | None = getattr(args, "by_source", None)
    return kb if source is None else kb.by_source(source)
