"""How records, profiles and search results show themselves, without knowing how.

The data layers call ``as_text(value)`` (``str()``) and ``as_html(value)`` (``_repr_html_``);
``openai_kb.outputs._render`` registers the plain-text and HTML views of each class when the package is
imported. So the models, the profile and the results never import presentation code, and a new
view is added in ``render/`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch
from itertools import count
from typing import TYPE_CHECKING
from weakref import WeakValueDictionary

if TYPE_CHECKING:
    from .models import Evidence, Record, Source
    from .view import RecordView

__all__ = ["Quoted", "as_html", "as_text", "holding", "remember"]


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quote with the source it comes from (``None`` when the knowledge base lacks it): what is cited."""

    evidence: Evidence
    source: Source | None


@singledispatch
def as_text(value: object) -> str:
    """``value`` as plain text; the render layer registers one function per class."""
    raise TypeError(f"no text view of {type(value).__name__} is registered (import openai_kb first)")


@singledispatch
def as_html(value: object) -> str:
    """``value`` as HTML for notebooks; the render layer registers one function per class."""
    raise TypeError(f"no HTML view of {type(value).__name__} is registered (import openai_kb first)")


# Every knowledge base still alive, oldest first, held weakly: a record shown on its own (a notebook
# displaying ``kb.investors[0]``) finds the one it came from, to name what it refers to.
_ALIVE: WeakValueDictionary[int, RecordView] = WeakValueDictionary()
_BORN = count()


def remember(kb: RecordView) -> None:
    """Note a new knowledge base, so the records it holds can name what they refer to when shown."""
    _ALIVE[next(_BORN)] = kb


def holding(record: Record) -> RecordView | None:
    """The newest knowledge base still alive that holds this very record object, or ``None``."""
    for kb in reversed(list(_ALIVE.values())):
        if kb.get(record.id) is record:
            return kb
    return None
