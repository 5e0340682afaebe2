"""How a model built in code reports bad input, without knowing how: the seam between models and reading.

``Model(...)`` turns pydantic's ``ValidationError`` into ``explain(model, data, error)``.
``reading/_problems``, which words pydantic's errors for data files, registers the function that
makes a ``DataError`` of it when the package is imported; so the models never import the layers
above them, and a record built in code is reported in the same words as one read from a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

__all__ = ["Explainer", "explain", "register"]

Explainer = Callable[[type, Mapping[str, Any], ValidationError], Exception]
"""Makes the exception to raise from a model's class, the arguments it was given and pydantic's error."""

_explainers: list[Explainer] = []


def register(explainer: Explainer) -> None:
    """Make ``explainer`` the way a model built in code reports bad input (the last registered wins)."""
    _explainers.append(explainer)


def explain(model: type, data: Mapping[str, Any], error: ValidationError) -> Exception:
    """The exception ``model(**data)`` raises for ``error``: pydantic's own until one is registered."""
    return _explainers[-1](model, data, error) if _explainers else error
