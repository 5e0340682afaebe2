"""The ``jsonl`` export: the ``json`` export's records a line each, each exactly as it reads in a data file.

A record several sources describe has a line for each version, in the order they were read, as the
``json`` export and ``kb.save`` hold it: a line is what one source said, and no later source's value
is lost. Combining them is the reader's choice (``load`` does it: the lines as the records of a data
file load back equal to the knowledge base); a line per record would have to pick one version's
values, or mix them into a record that no source gave. Data of one version per record is one line
per record, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from ...reading._store import record_data

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["jsonl_bytes"]


def jsonl_bytes(kb: RecordView) -> bytes:
    """Every version of every record as a JSON object on its own line, in load order, fields as in data files."""
    return b"".join(orjson.dumps(record_data(item.record), option=orjson.OPT_APPEND_NEWLINE) for item in kb.origins())
