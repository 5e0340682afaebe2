"""Records worded by what their models declare: the label ``kb.label`` gives, a node's caption, a clause in a cell.

Values show as ``models.templates`` says: a reference by the name ``name_of`` gives it, an amount
by ``format_amount``. A model that declares no label gets a generic one from its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pydantic import BaseModel

from .base import Record
from .clauses import Clause, reference_names
from .quantities import Money, Quantity, format_amount
from .registry import reference_fields
from .templates import Show, template

__all__ = ["caption", "describe", "label", "render"]

NameOf = Callable[[str], str]


def render(text: str, obj: BaseModel, name_of: NameOf) -> str:
    """The template ``text`` for ``obj`` (a record or a clause), references named by ``name_of``."""
    return template(text).render(obj, _shower(name_of), reference_names(type(obj)))


def label(record: Record, name_of: NameOf) -> str:
    """A one-line English label, as the model's ``label_template`` words it; ``name_of`` names a referenced id."""
    text = type(record).label_template
    return _generic_label(record, name_of) if text is None else render(text, record, name_of)


def caption(record: Record, name_of: NameOf) -> str:
    """The caption of a record's node: its model's ``graph_caption``, else its label."""
    text = type(record).graph_caption
    return label(record, name_of) if text is None else render(text, record, name_of)


def describe(clause: Clause) -> str:
    """A clause in words: its description, else its ``label_template`` with references as ids."""
    description = getattr(clause, "description", None)
    if isinstance(description, str):
        return description
    text = type(clause).label_template
    return type(clause).__name__ if text is None else render(text, clause, str)


def _shower(name_of: NameOf) -> Show:
    def show(value: object, reference: bool) -> str:
        if reference:
            return name_of(str(value))
        if isinstance(value, (Money, Quantity)):
            return format_amount(value)
        return str(value)

    return show


_NOT_LABELLED = frozenset({"type", "id", "evidence", "assertion", "attributed_to", "names"})


def _generic_label(record: Record, name_of: NameOf) -> str:
    """A record of a type with no label of its own: its type, then each field set, references by name.

    ``acquisition: acquirer Microsoft, target Inflection AI, amount US$650 million``.
    """
    references = reference_fields(type(record))
    parts = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name in _NOT_LABELLED or value is None or value == ():
            continue
        if name in references:
            text = ", ".join(map(name_of, value)) if isinstance(value, tuple) else name_of(value)
        elif isinstance(value, (Money, Quantity)):
            text = format_amount(value)
        elif isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
            text = str(value)
        else:
            continue  # flags and nested models say little in one line
        parts.append(f"{name.replace('_', ' ')} {text}")
    kind = record.type.replace("_", " ")
    return f"{kind}: {', '.join(parts)}" if parts else f"{kind} {record.id}"
