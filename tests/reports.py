"""Two short notes of our own writing on the round, agreeing on some figures and not on others.

Their texts and data files are docs/examples/reports/note-a.* and note-b.*, which the docs use;
``note_a()`` and ``note_b()`` build the same knowledge bases in code, every quote cited from the
text (``test_example_reports_are_the_notes`` keeps the files and the builders equal). Together
with the bundled article they disagree on exactly one field: Thrive Capital's amount.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from openai_kb import KnowledgeBase, Source, cite

__all__ = ["NOTE_A", "NOTE_A_FILE", "NOTE_B", "NOTE_B_FILE", "REPORTS", "money", "note_a", "note_b"]

REPORTS = Path(__file__).resolve().parents[1] / "docs" / "examples" / "reports"
NOTE_A_FILE = REPORTS / "note-a.txt"
NOTE_B_FILE = REPORTS / "note-b.txt"


def _text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:  # line ends kept: offsets are the file's
        return handle.read()


NOTE_A = _text(NOTE_A_FILE)
NOTE_B = _text(NOTE_B_FILE)


def _source(source_id: str, title: str, path: Path) -> Source:
    text = _text(path)
    return Source(
        id=source_id,
        title=title,
        language="en",
        filename=path.name,
        length=len(text),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def money(amount: str, qualifier: str = "exact") -> dict[str, Any]:
    """An amount in US dollars as a data file holds it."""
    return {"amount": amount, "currency": "USD", "qualifier": qualifier}


def note_a() -> KnowledgeBase:
    """Note A: Thrive's US$1.25 billion, SoftBank's ~US$500 million, the US$157 billion valuation."""
    source = _source("source:note-a", "Note A", NOTE_A_FILE)
    return KnowledgeBase.from_records(
        [
            source,
            {"type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital", "kind": "investment_firm"},
            {"type": "organization", "id": "org:softbank", "name": "SoftBank"},
            {"type": "organization", "id": "org:openai", "name": "OpenAI"},
            {
                "type": "funding_round", "id": "round:openai-2024-10", "company": "org:openai",
                "amount": money("6600000000"), "lead_investors": ["org:thrive-capital"],
                "participants": ["org:softbank"], "participants_complete": False,
                "evidence": [cite(NOTE_A, "the $6.6 billion round", source=source)],
            },
            {
                "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
                "organization": "org:thrive-capital", "round": "round:openai-2024-10", "lead": True,
                "amount": money("1250000000"),
                "evidence": [cite(NOTE_A, "Thrive Capital put in $1.25 billion", source=source)],
            },
            {
                "type": "investment", "id": "investment:softbank-openai-2024-10", "organization": "org:softbank",
                "round": "round:openai-2024-10", "lead": False, "amount": money("500000000", "approximately"),
                "evidence": [cite(NOTE_A, "SoftBank added about $500 million", source=source)],
            },
            {
                "type": "valuation", "id": "valuation:openai-2024-10-post-money", "company": "org:openai",
                "amount": money("157000000000"), "basis": "post_money", "round": "round:openai-2024-10",
                "evidence": [cite(NOTE_A, "valued OpenAI at $157 billion", source=source)],
            },
        ]
    )  # fmt: skip


def note_b() -> KnowledgeBase:
    """Note B: Thrive's US$1.3 billion (note A says US$1.25 billion), the same US$157 billion valuation."""
    source = _source("source:note-b", "Note B", NOTE_B_FILE)
    return KnowledgeBase.from_records(
        [
            source,
            {"type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital", "kind": "investment_firm"},
            {"type": "organization", "id": "org:openai", "name": "OpenAI"},
            {
                "type": "funding_round", "id": "round:openai-2024-10", "company": "org:openai",
                "amount": money("6600000000"), "lead_investors": ["org:thrive-capital"],
                "participants_complete": False, "evidence": [cite(NOTE_B, "the round", source=source)],
            },
            {
                "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
                "organization": "org:thrive-capital", "round": "round:openai-2024-10", "lead": True,
                "amount": money("1300000000"),
                "evidence": [cite(NOTE_B, "Thrive Capital invested $1.3 billion", source=source)],
            },
            {
                "type": "valuation", "id": "valuation:openai-2024-10-post-money", "company": "org:openai",
                "amount": money("157000000000"), "basis": "post_money", "round": "round:openai-2024-10",
                "evidence": [cite(NOTE_B, "valued OpenAI at $157 billion", source=source)],
            },
        ]
    )  # fmt: skip
