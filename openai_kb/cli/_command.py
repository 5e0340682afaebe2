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

    @property
    def epilog(self) -> str:
        return "examples:\n" + "\n".join(f"  {example}" for example in self.examples)


def load_from(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base ``--data`` names, or the bundled one."""
    data: str | None = getattr(args, "data", None)
    return load(data)
