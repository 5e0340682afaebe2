"""What every subcommand is: a name, a one-line summary, examples for ``--help``, its arguments, its action."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..kb import BUNDLED, KnowledgeBase, load
from ..models import Record
from ._output import Output

__all__ = ["BUNDLED_WORD", "DATA_HELP", "Command", "bundled_note", "data_paths", "load_from", "model_types"]


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
    prints_rows: bool = False  # takes --jsonl and --csv besides --json: one result a line, for pipelines

    @property
    def epilog(self) -> str:
        return "examples:\n" + "\n".join(f"  {example}" for example in self.examples)


BUNDLED_WORD = "bundled"
"""What ``--data`` takes for the bundled data: ``--data bundled --data mine.json`` adds a file to it.
A file or folder named ``bundled`` is ``./bundled`` (any path with a folder in it)."""

DATA_HELP = (
    "a data file or folder of *.json, used instead of the bundled data; 'bundled' names the bundled data "
    "(./bundled: a file of that name); repeat it to combine: --data bundled --data mine.json"
)


def data_paths(args: argparse.Namespace) -> list[str | Path]:
    """Every ``--data`` path, before and after the command, in order: ``bundled`` as the bundled data's folder."""
    given: list[str] = [*(getattr(args, "data", None) or ()), *getattr(args, "data_after_command", ())]
    return [BUNDLED if path == BUNDLED_WORD else path for path in given]


def bundled_note(args: argparse.Namespace) -> str | None:
    """What to say when ``--data bundled`` is given where a file or folder has that name: which one is meant."""
    given = [*(getattr(args, "data", None) or ()), *getattr(args, "data_after_command", ())]
    if BUNDLED_WORD in given and os.path.lexists(BUNDLED_WORD):
        return (
            f"openai-kb: note: --data {BUNDLED_WORD} is the bundled data, not the {BUNDLED_WORD!r} "
            f"here; give --data ./{BUNDLED_WORD} for that"
        )
    return None


def model_types(args: argparse.Namespace) -> list[type[Record]]:
    """Every ``--types`` class, before and after the command, in order."""
    return [*(getattr(args, "types_before", None) or ()), *getattr(args, "types_after_command", ())]


def load_from(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base of every ``--data`` path (before and after the command) as one, or the bundled one.

    ``--data bundled`` is the bundled data, so ``--data bundled --data mine.json`` adds a file to it;
    ``--types`` classes are record types the files may hold (``load(..., types=...)``). With
    ``--source ID``, the knowledge base as that source alone tells it (``kb.by_source``): an unknown
    id is a ``NotFoundError`` (exit 1), a record that is not a source a ``QueryError`` (exit 2).
    """
    kb = load(*data_paths(args), types=model_types(args))
    source: str | None = getattr(args, "by_source", None)
    return kb if source is None else kb.by_source(source)
