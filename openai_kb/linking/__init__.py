"""Linking: the names and figures of a report's text that a knowledge base holds (``kb.link``, ``kb.draft``)."""

from ._draft import Draft, make_draft
from ._linker import DEFAULT_MIN_SCORE, MAX_TEXT_LENGTH, Linker, link_arguments
from ._links import Link, LinkKind, Links

__all__ = [
    "DEFAULT_MIN_SCORE",
    "MAX_TEXT_LENGTH",
    "Draft",
    "Link",
    "LinkKind",
    "Linker",
    "Links",
    "link_arguments",
    "make_draft",
]
