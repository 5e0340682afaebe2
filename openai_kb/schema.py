"""JSON Schemas generated from the models: of every record type, and of a data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from pydantic import TypeAdapter

from .models import AnyRecord

__all__ = ["data_file_schema", "json_schema", "render_schema"]

_ID = "https://openai-kb.invalid/schema/records.schema.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one record, of any type (a union tagged by ``type``)."""
    schema: dict[str, Any] = TypeAdapter(AnyRecord).json_schema()
    return schema


def data_file_schema() -> dict[str, Any]:
    """The JSON Schema of a data file: ``{"$schema": ..., "records": [record, ...]}``."""
    record = json_schema()
    definitions = record.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _ID,
        "title": "openai-kb data file",
        "description": "A list of records; every fact cites its source with a verbatim quote and offsets.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "Where editors find this schema."},
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


if __name__ == "__main__":
    target = Path("data/schema/records.schema.json")
    target.write_bytes(render_schema())
    print(f"wrote {target}")
