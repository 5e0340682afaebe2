"""Ids are printable: no control, format or white-space character, and bad data says which one."""

from __future__ import annotations

import re
import unicodedata

import pytest

from openai_kb import DataError, KnowledgeBase
from openai_kb.models.base import ID_PATTERN


@pytest.mark.parametrize(
    ("bad_id", "problem"),
    [
        ("org:a\x1b]0;x\x07", "'\\x1b' at position 5 is a control character"),
        ("org:\u202eab", "'\\u202e' at position 4 is an invisible format character"),
        ("person:a\u3000b", "'\\u3000' at position 8 is white space"),
        ("org:a\x85b", "'\\x85' at position 5 is white space"),
        ("org:ab\n", "'\\n' at position 6 is white space"),
    ],
)
def test_ids_are_printable(bad_id: str, problem: str) -> None:
    """An id with a control, a bidi override or white space is bad data, and the message says which character."""
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records([{"type": "organization", "id": bad_id, "name": "A"}])
    (found,) = caught.value.problems
    assert found.path == "$[0].id"
    assert found.message == (
        "an id is a lower-case type, a colon and a name without spaces or invisible characters: "
        f"{problem}; remove it, or write words with - or _ (got {bad_id!r})"
    )


def test_references_are_printable_ids_too() -> None:
    """A reference with a control character is refused with the same explanation."""
    records = [
        {"type": "source", "id": "source:s", "title": "S", "language": "en"},
        {
            "type": "claim",
            "id": "claim:c",
            "kind": "context",
            "subject": "org:x\x1b[8m",
            "statement": "s",
            "evidence": [{"source": "source:s", "quote": "q", "start": 0, "end": 1}],
        },
    ]
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records(records)
    (found,) = caught.value.problems
    assert found.path == "$[1].subject"
    assert found.message.startswith("an id is a lower-case type, a colon and a name without spaces or invisible")


def test_the_id_pattern_refuses_every_invisible_character_of_the_bmp() -> None:
    """The pattern's list of characters is checked against Python's own Unicode tables."""
    pattern = re.compile(ID_PATTERN)
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        hidden = unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or char.isspace()
        assert (pattern.fullmatch(f"org:a{char}") is None) == hidden, hex(code)


def test_the_bundled_ids_are_all_valid(kb: KnowledgeBase) -> None:
    """Every id of the bundled data matches the tightened pattern."""
    pattern = re.compile(ID_PATTERN)
    assert all(pattern.fullmatch(record.id) for record in kb)
