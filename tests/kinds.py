"""The one "unknown kind" message, its lists read from a registry: adding a record type changes no test."""

from __future__ import annotations

from openai_kb.models import RECORD_TYPES, RecordTypes

__all__ = ["unknown_kind", "unknown_type_in_a_file"]


def unknown_kind(
    word: str, suggestion: str | None = None, *, types: RecordTypes = RECORD_TYPES, evidence: bool = False
) -> str:
    """What ``UnknownKindError`` says of ``word`` among ``types`` (with ``evidence``: where a table is asked for,
    which may also be the quotes or the values)."""
    hint = f" Did you mean {suggestion!r}?" if suggestion else ""
    tail = (
        "; or evidence (every quote, one row each); or field_values (what each source says, a row per value and source)"
        if evidence
        else ""
    )
    return (
        f"unknown record type or family {word!r}.{hint} Known types: {', '.join(types)}; "
        f"families: {', '.join(types.families)}{tail}"
    )


def unknown_type_in_a_file(
    tag: str, meant: str | None = None, *, model: str = "", types: RecordTypes = RECORD_TYPES
) -> str:
    """What loading says of a record whose ``"type"`` is ``tag``: the tag ``meant``, or how to pass ``model``."""
    known = f"known types: {', '.join(types)}"
    if meant is not None:
        return f"unknown record type {tag!r}; did you mean {meant!r}? (a data file gives the type tag exactly; {known})"
    how = f"if it is a model of your own, pass it: openai_kb.load(path, types=[{model}])"
    return f"unknown record type {tag!r}; {known}; {how}"
