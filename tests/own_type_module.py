"""A user's record-type module as a file, for the command line's ``--types`` tests: ``mytypes:Acquisition``."""

from __future__ import annotations

from pathlib import Path

import orjson

__all__ = ["ACQUISITION_ID", "write_acquisition_data", "write_types_module"]

MODULE = '''
from typing import ClassVar, Literal

from openai_kb import Fact, Money
from openai_kb.models import OrganizationRef


class Acquisition(Fact):
    """One company buying another."""

    type: Literal["acquisition"] = "acquisition"
    family: ClassVar[str] = "acquisitions"
    label_template: ClassVar[str | None] = "{acquirer} buys {target}"
    acquirer: OrganizationRef
    target: OrganizationRef
    amount: Money | None = None


def helper():
    return None


NOT_A_CLASS = 3
'''

ACQUISITION_ID = "acquisition:openai-acme"
QUOTE = "OpenAI bought Acme Robotics"


def write_types_module(folder: Path, name: str = "mytypes") -> Path:
    """``folder/NAME.py`` declaring ``Acquisition`` (a Fact of the user's own), ``helper`` and ``NOT_A_CLASS``."""
    path = folder / f"{name}.py"
    path.write_text(MODULE, encoding="utf-8")
    return path


def write_acquisition_data(folder: Path, name: str = "acquisitions.json") -> Path:
    """A data file of a source, one organization and an acquisition by the bundled ``org:openai``."""
    records = [
        {"type": "source", "id": "source:acme-note", "title": "A note on Acme", "language": "en", "length": len(QUOTE)},
        {"type": "organization", "id": "org:acme-robotics", "name": "Acme Robotics"},
        {
            "type": "acquisition",
            "id": ACQUISITION_ID,
            "acquirer": "org:openai",
            "target": "org:acme-robotics",
            "evidence": [{"source": "source:acme-note", "quote": QUOTE, "start": 0, "end": len(QUOTE)}],
        },
    ]
    path = folder / name
    path.write_bytes(orjson.dumps({"records": records}))
    return path
