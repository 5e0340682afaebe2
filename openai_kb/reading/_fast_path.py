"""The whole-file validator of the fast path: a bad file must cost no more to reject than a good one.

Pydantic keeps every error it finds (about 700 bytes each): one record with a million bad items, or
a million unknown keys, would cost gigabytes before the careful reader even starts. This validator
is the same schema with every list and tuple set to stop at its first bad item and unknown keys
ignored rather than collected. It builds the same record objects from a valid file. Unknown keys
still show: the key count of ``duplicate_keys`` then exceeds the fields the models were given, and
the file is read again record by record, where every problem is reported (``store``).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import SchemaValidator

__all__ = ["fast_validator"]


@cache
def fast_validator(adapter: TypeAdapter[Any], *, ignore_unknown: bool = True) -> SchemaValidator:
    """``adapter``'s validator, failing fast and ignoring unknown keys (see the module's note).

    ``ignore_unknown=False`` keeps refusing unknown keys: for input whose size is known to be small
    (records built in code, each checked by ``store``), so that their errors stay few.
    """
    adapter.rebuild()
    schema: Any = copy.deepcopy(adapter.core_schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("list", "tuple", "set", "frozenset"):
                node["fail_fast"] = True
            if ignore_unknown and node.get("type") == "model" and isinstance(node.get("config"), dict):
                node["config"]["extra_fields_behavior"] = "ignore"
            if ignore_unknown and node.get("type") == "model-fields" and "extra_behavior" in node:
                node["extra_behavior"] = "ignore"
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return SchemaValidator(schema)
