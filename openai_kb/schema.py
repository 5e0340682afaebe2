"""JSON Schemas generated from the models: of every record type, and of a data file."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel, TypeAdapter

from .models import RECORD_TYPES
from .models.base import ID_PATTERN

__all__ = ["data_file_schema", "json_schema", "render_schema"]

_ID = "https://openai-kb.invalid/schema/records.schema.json"


def json_schema(model: type[BaseModel] | str | None = None) -> dict[str, Any]:
    """The JSON Schema of one record of any type (a union tagged by ``type``), or of one model.

    ``model`` is a model class (``Person``, ``Money``, or one of your own) or a word naming a
    built-in record type (``"person"``, ``"people"``, as ``kb.search(types=...)`` reads them); without
    it, the schema covers every record type. A word that names none is an ``UnknownKindError``.
    """
    if model is None:
        schema: dict[str, Any] = TypeAdapter(RECORD_TYPES.annotation()).json_schema()
        return schema
    if isinstance(model, str):
        return RECORD_TYPES[RECORD_TYPES.kind(model)].model_json_schema()
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_json_schema()
    raise TypeError(f"json_schema() expects a model class, a record type name or None, not {type(model).__name__}")


def data_file_schema() -> dict[str, Any]:
    """The JSON Schema of a data file: ``{"$schema": ..., "source": ..., "combined": false, "records": [...]}``."""
    record = json_schema()
    definitions = record.pop("$defs", {})
    source_id = {"type": "string", "pattern": ID_PATTERN}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _ID,
        "title": "openai-kb data file",
        "description": "A list of records; every fact cites its source with a verbatim quote and offsets.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "Where editors find this schema."},
            "source": {
                "anyOf": [source_id, {"type": "null"}],
                "description": (
                    "The id of the source the file's records without evidence belong to (the people and "
                    "companies it describes without quotes); null: none. Without it, the one source the records cite."
                ),
                "examples": ["source:huaxia-2024-10-14-openai"],
            },
            "record_sources": {
                "type": "array",
                "description": "The records of other sources than `source`, by position (what `save` writes).",
                "items": {
                    "type": "object",
                    "properties": {
                        "source": source_id,
                        "records": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                    },
                    "required": ["source", "records"],
                    "additionalProperties": False,
                },
            },
            "combined": {
                "type": "boolean",
                "default": False,
                "description": (
                    "True when the file holds the versions of records that several reports describe, as save "
                    "writes them: an id may then come once per version. Otherwise an id comes once."
                ),
            },
            "records": {"type": "array", "items": record},
        },
        "required": ["records"],
        "additionalProperties": False,
        "$defs": definitions,
    }


def render_schema() -> bytes:
    """The data file schema as written to ``data/schema/records.schema.json``."""
    return orjson.dumps(
        data_file_schema(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    )
