"""How the models report bad input, without knowing how: the seam between models and the layers that word errors.

``Model(...)`` turns pydantic's ``ValidationError`` into ``explain(model, data, error)``. The store,
which words pydantic's errors for data files, registers the function that makes a ``DataError`` of
it when the package is imported; so the models never import the layers above them, and a record
built in code is reported in the same words as one read from a file.

``RecordTypes.kind`` likewise raises ``unknown_kind(...)`` for a word that names no record type:
``openai_kb.errors`` registers ``UnknownKindError`` as what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from pydantic import ValidationError

__all__ = ["Explainer", "KindError", "explain", "register", "register_unknown_kind", "unknown_kind"]

Explainer = Callable[[type, Mapping[str, Any], ValidationError], Exception]
"""Makes the exception to raise from a model's class, the arguments it was given and pydantic's error."""

_explainers: list[Explainer] = []


def register(explainer: Explainer) -> None:
    """Make ``explainer`` the way a model built in code reports bad input (the last registered wins)."""
    _explainers.append(explainer)


def explain(model: type, data: Mapping[str, Any], error: ValidationError) -> Exception:
    """The exception ``model(**data)`` raises for ``error``: pydantic's own until one is registered."""
    return _explainers[-1](model, data, error) if _explainers else error


class KindError(Protocol):
    """Makes the exception for a word that names no record type: the word, the closest known one, the lists."""

    def __call__(
        self,
        word: str,
        *,
        suggestion: str | None,
        types: Iterable[str],
        families: Iterable[str],
        also: Mapping[str, str] | None = None,
    ) -> Exception: ...


_kind_errors: list[KindError] = []


def register_unknown_kind(error: KindError) -> None:
    """Make ``error`` what ``RecordTypes.kind`` raises for a word that names no record type (the last wins)."""
    _kind_errors.append(error)


def unknown_kind(
    word: str,
    *,
    suggestion: str | None,
    types: Iterable[str],
    families: Iterable[str],
    also: Mapping[str, str] | None = None,
) -> Exception:
    """The exception for a word that names no record type: a ``LookupError`` until one is registered."""
    if _kind_errors:
        return _kind_errors[-1](word, suggestion=suggestion, types=types, families=families, also=also)
    return LookupError(f"unknown record type or family {word!r}")
