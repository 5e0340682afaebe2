"""A one-sentence report of our own writing that differs from the bundled article, built in code.

It names Thrive Capital otherwise ("Thrive Capital Partners", alias "Thrive Partners"), gives
Thrive's share as US$1.2 billion (the article gives none) and the round as US$6.5 billion (the
article: US$6.6 billion). Combined after the bundled data, the records shown keep the article's
name and round amount; only the note's own version holds its figures.
"""

from __future__ import annotations

import hashlib
from typing import Any

import openai_kb
from openai_kb import KnowledgeBase, Source, cite

__all__ = ["ARTICLE", "NOTE", "NOTE_ID", "combined", "note_records"]

NOTE = (
    "Thrive Capital Partners, which some call Thrive Partners, "
    "put US$1.2 billion into OpenAI's round of US$6.5 billion."
)
NOTE_ID = "source:thrive-note"
ARTICLE = "source:huaxia-2024-10-14-openai"


def _money(amount: str, text: str) -> dict[str, Any]:
    return {"amount": amount, "currency": "USD", "qualifier": "exact", "text": text}


def note_records() -> list[dict[str, Any]]:
    """The note's records as a data file holds them: its source, Thrive, the round and Thrive's investment."""
    source = Source(
        id=NOTE_ID,
        title="A note on Thrive",
        language="en",
        length=len(NOTE),
        sha256=hashlib.sha256(NOTE.encode("utf-8")).hexdigest(),
    )

    def quote(text: str) -> dict[str, Any]:
        return cite(NOTE, text, source=source).model_dump(mode="json", exclude_none=True)

    return [
        source.model_dump(mode="json", exclude_none=True),
        {
            "type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital Partners",
            "names": [{"text": "Thrive Partners", "language": "en", "kind": "alias"}],
            "evidence": [quote("Thrive Capital Partners, which some call Thrive Partners")],
        },
        {
            "type": "funding_round", "id": "round:openai-2024-10", "company": "org:openai",
            "amount": _money("6500000000", "US$6.5 billion"), "lead_investors": ["org:thrive-capital"],
            "evidence": [quote("OpenAI's round of US$6.5 billion")],
        },
        {
            "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
            "organization": "org:thrive-capital", "round": "round:openai-2024-10", "lead": True,
            "amount": _money("1200000000", "US$1.2 billion"), "evidence": [quote("put US$1.2 billion into OpenAI")],
        },
    ]  # fmt: skip


def combined() -> KnowledgeBase:
    """The bundled data, then the note."""
    return openai_kb.load().add(*note_records())
