"""The benchmarks' corpora by name: ``generated`` (``corpus.py``) and ``realistic`` (``realistic.py``)."""

from __future__ import annotations

from collections.abc import Callable

from .corpus import aliases
from .realistic import realistic_aliases

__all__ = ["CORPORA", "corpus_names"]

CORPORA: dict[str, Callable[[int], list[str]]] = {"generated": aliases, "realistic": realistic_aliases}


def corpus_names(text: str) -> list[tuple[str, Callable[[int], list[str]]]]:
    """The corpora a ``--corpus`` value names (comma separated), in its order; a ``SystemExit`` naming
    the unknown one and the known ones otherwise."""
    picked = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if name not in CORPORA:
            raise SystemExit(f"--corpus: no corpus named {name!r}; the corpora are {', '.join(CORPORA)}")
        picked.append((name, CORPORA[name]))
    if not picked:
        raise SystemExit(f"--corpus names no corpus; the corpora are {', '.join(CORPORA)}")
    return picked
