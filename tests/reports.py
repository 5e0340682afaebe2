"""Short notes of our own writing on the round, agreeing on some figures and not on others.

Their texts and data files are docs/examples/reports/note-*.txt and .json, which the docs use;
``note_a()`` ... ``note_d()`` build the same knowledge bases in code, every quote cited from the
text (``test_example_reports_are_the_notes`` keeps the files and the builders equal). Notes A and B,
with the bundled article, disagree on exactly one field: Thrive Capital's amount. Note C is in
Traditional Chinese, silent on who led and on what kind of valuation it gives, and names people
and companies without quoting anything about them; note D attributes Thrive Capital's amount to
people it does not name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openai_kb import KnowledgeBase, Source, cite

__all__ = ["BUILDERS", "NOTE_A", "NOTE_A_FILE", "NOTE_B", "NOTE_B_FILE", "REPORTS", "money", "note_a", "note_b"]

REPORTS = Path(__file__).resolve().parents[1] / "docs" / "examples" / "reports"
NOTE_A_FILE = REPORTS / "note-a.txt"
NOTE_B_FILE = REPORTS / "note-b.txt"


def _text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:  # line ends kept: offsets are the file's
        return handle.read()


NOTE_A = _text(NOTE_A_FILE)
NOTE_B = _text(NOTE_B_FILE)


def _source(source_id: str, title: str, path: Path, language: str = "en") -> Source:
    text = _text(path)
    return Source(
        id=source_id,
        title=title,
        language=language,
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


def _quoting(text: str, source: Source) -> Callable[[str], dict[str, Any]]:
    """A function giving a quote of ``text`` as the evidence a data file holds, its offsets found by ``cite``."""
    return lambda words: cite(text, words, source=source).model_dump(exclude_none=True)


def _named(kind: str, record_id: str, name: str, *names: str) -> dict[str, Any]:
    """An organization or person described without quotes, with its names in Traditional Chinese."""
    return {"type": kind, "id": record_id, "name": name, "names": [{"text": n, "language": "zh-Hant"} for n in names]}


def note_c() -> KnowledgeBase:
    """Note C (Traditional Chinese): the US$6.6 billion round, its participants, a US$157 billion valuation,
    Murati's departure; it says neither who led nor whether the valuation is post-money."""
    path = REPORTS / "note-c.txt"
    source = _source("source:note-c", "Note C", path, "zh-Hant")
    quote = _quoting(_text(path), source)

    return KnowledgeBase.from_records(
        [
            source,
            _named("organization", "org:openai", "OpenAI"),
            _named("organization", "org:thrive-capital", "Thrive Capital", "興盛資本"),
            _named("organization", "org:microsoft", "Microsoft", "微軟"),
            _named("organization", "org:nvidia", "Nvidia", "輝達"),
            _named("person", "person:mira-murati", "Mira Murati", "穆拉蒂"),
            _named("person", "person:sam-altman", "Sam Altman", "奧特曼"),
            {
                "type": "funding_round", "id": "round:openai-2024-10", "company": "org:openai",
                "amount": {**money("6600000000"), "text": "66 億美元"},
                "participants": ["org:thrive-capital", "org:microsoft", "org:nvidia"], "participants_complete": False,
                "evidence": [quote("本輪共籌得 66 億美元"), quote("參與者包括興盛資本、微軟與輝達")],
            },
            {
                "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
                "organization": "org:thrive-capital", "round": "round:openai-2024-10",
                "evidence": [quote("參與者包括興盛資本")],
            },
            {
                "type": "valuation", "id": "valuation:openai-2024-10-post-money", "company": "org:openai",
                "amount": {**money("157000000000"), "text": "1,570 億美元"}, "round": "round:openai-2024-10",
                "evidence": [quote("估值達 1,570 億美元")],
            },
            {
                "type": "departure", "id": "departure:mira-murati", "person": "person:mira-murati",
                "organization": "org:openai", "title": "Chief Technology Officer", "title_zh": "首席技術長",
                "date": "2024-09", "evidence": [quote("首席技術長穆拉蒂已於九月離職")],
            },
        ],
        source=source,
    )  # fmt: skip


def note_d() -> KnowledgeBase:
    """Note D: Thrive Capital's about US$1.2 billion, attributed to people familiar with the deal."""
    path = REPORTS / "note-d.txt"
    source = _source("source:note-d", "Note D", path)
    quote = _quoting(_text(path), source)

    return KnowledgeBase.from_records(
        [
            source,
            {"type": "organization", "id": "org:openai", "name": "OpenAI"},
            {"type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital"},
            {
                "type": "person", "id": "person:sam-altman", "name": "Sam Altman",
                "evidence": [quote("Sam Altman remains chief executive")],
            },
            {
                "type": "investment", "id": "investment:thrive-capital-openai-2024-10",
                "organization": "org:thrive-capital", "round": "round:openai-2024-10",
                "amount": {**money("1200000000", "approximately"), "text": "about $1.2 billion"},
                "assertion": "attributed", "attribution": "people familiar with the deal",
                "evidence": [quote("Thrive Capital wrote a check of about $1.2 billion")],
            },
            {
                "type": "valuation", "id": "valuation:openai-2024-10-post-money", "company": "org:openai",
                "amount": {**money("157000000000"), "text": "$157 billion"}, "round": "round:openai-2024-10",
                "evidence": [quote("valued at $157 billion")],
            },
            {
                "type": "funding_round", "id": "round:openai-2024-10", "company": "org:openai",
                "evidence": [quote("the deal")],
            },
        ],
        source=source,
    )  # fmt: skip


BUILDERS = {"note-a": note_a, "note-b": note_b, "note-c": note_c, "note-d": note_d}
"""Each example report's name (its files' stem) and the function that builds it in code."""
