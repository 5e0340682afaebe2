"""The sqlite export's field_values table: what each source says, one row per record, field, value and holding."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase
from openai_kb.outputs.exports.sqlite_db import SCHEMA_VERSION, sqlite_schema

from .reports import note_a, note_b

THRIVE = "investment:thrive-capital-openai-2024-10"
ARTICLE = "source:huaxia-2024-10-14-openai"


@pytest.fixture(scope="module")
def combined() -> KnowledgeBase:
    """The bundled article, then note A, then note B."""
    return openai_kb.load().merge(note_a()).merge(note_b())


@pytest.fixture(scope="module")
def db(combined: KnowledgeBase) -> Iterator[sqlite3.Connection]:
    """The sqlite export of the three reports, opened in memory."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(combined.export("sqlite"))
    yield connection
    connection.close()


def test_the_schema_has_a_table_of_values_and_a_new_version(db: sqlite3.Connection) -> None:
    """field_values is in the schema, with how each source holds a value, and user_version says the layout changed."""
    assert SCHEMA_VERSION == 6
    assert db.execute("PRAGMA user_version").fetchone() == (6,)
    assert 'CREATE TABLE "field_values"' in sqlite_schema()
    columns = [row[1] for row in db.execute('PRAGMA table_info("field_values")')]
    assert columns == [
        "record_id", "field", "position", "value", "assertion", "attributed_to", "attribution", "source_id", "quote"
    ]  # fmt: skip
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_disputed_amount_has_a_row_per_source(db: sqlite3.Connection) -> None:
    """Thrive's amount: US$1.25 billion from note A at position 0 (the one shown), US$1.3 billion from note B."""
    rows = db.execute(
        "SELECT position, value, assertion, source_id, quote FROM field_values"
        " WHERE record_id = ? AND field = 'amount' ORDER BY position",
        (THRIVE,),
    ).fetchall()
    assert [(position, orjson.loads(value)["amount"], *rest) for position, value, *rest in rows] == [
        (0, "1250000000", "stated", "source:note-a", "Thrive Capital put in $1.25 billion"),
        (1, "1300000000", "stated", "source:note-b", "Thrive Capital invested $1.3 billion"),
    ]


def test_an_agreed_value_has_one_position_and_each_sources_own_print(db: sqlite3.Connection) -> None:
    """The three reports agree on US$157 billion: one position, three sources, each amount as that source wrote it."""
    rows = db.execute(
        "SELECT position, source_id, json_extract(value, '$.amount'), json_extract(value, '$.text') FROM field_values"
        " WHERE record_id = 'valuation:openai-2024-10-post-money' AND field = 'amount'"
    ).fetchall()
    assert rows == [
        (0, ARTICLE, "157000000000", "1,570 亿美元"),
        (0, "source:note-a", "157000000000", None),
        (0, "source:note-b", "157000000000", None),
    ]


def test_the_rows_are_what_kb_values_says(combined: KnowledgeBase, db: sqlite3.Connection) -> None:
    """For every record and field, the (position, source, assertion) rows are the holdings of kb.values."""
    stored: dict[tuple[str, str], set[tuple[int, str | None, str | None]]] = {}
    for record_id, field, position, source, assertion in db.execute(
        "SELECT record_id, field, position, source_id, assertion FROM field_values"
    ):
        stored.setdefault((record_id, field), set()).add((position, source, assertion))
    expected: dict[tuple[str, str], set[tuple[int, str | None, str | None]]] = {}
    for record in combined:
        for field in type(record).model_fields:
            if field in ("type", "id", "evidence", "assertion", "attributed_to", "attribution"):
                continue  # the identity, and the columns of each row
            for position, value in enumerate(combined.values(record, field)):
                for held in value.holdings:
                    expected.setdefault((record.id, field), set()).add((position, held.source, held.assertion))
    assert stored == expected


def test_values_are_json_as_in_the_data_files(db: sqlite3.Connection) -> None:
    """References, flags, dates and lists are JSON text; amounts keep exact decimal strings."""
    value = {
        field: orjson.loads(text)
        for field, text in db.execute(
            "SELECT field, value FROM field_values WHERE record_id = 'round:openai-2024-10' AND source_id = ?",
            (ARTICLE,),
        )
    }
    assert value["company"] == "org:openai"
    assert value["participants"] == ["org:microsoft", "org:nvidia"]
    assert Decimal(value["amount"]["amount"]) == Decimal("6600000000")
    lead = db.execute(
        "SELECT DISTINCT value FROM field_values WHERE record_id = ? AND field = 'lead'", (THRIVE,)
    ).fetchall()
    assert lead == [("true",)]


def test_a_value_no_quote_supports_has_the_source_of_its_version_and_no_quote(db: sqlite3.Connection) -> None:
    """A source's own fields are its own; an entity described without quotes is its file's source's: no quote."""
    assert db.execute(
        "SELECT value, source_id, quote FROM field_values WHERE record_id = 'source:note-a' AND field = 'title'"
    ).fetchall() == [('"Note A"', "source:note-a", None)]
    assert db.execute(
        "SELECT value, source_id, quote FROM field_values WHERE record_id = 'org:openai' AND field = 'name'"
    ).fetchall() == [
        ('"OpenAI"', ARTICLE, "OpenAI正处于从非营利组织转型为营利企业的关键时期"),
        ('"OpenAI"', "source:note-a", None),
        ('"OpenAI"', "source:note-b", None),
    ]


def test_every_quote_is_a_quote_of_its_source(db: sqlite3.Connection) -> None:
    """Each row's quote is one of the record's evidence quotes from that same source; the rows without one
    are of sources and entities (a version without evidence)."""
    orphans = db.execute(
        "SELECT v.record_id, v.field, v.source_id FROM field_values AS v WHERE v.quote IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM evidence AS e WHERE e.record_id = v.record_id"
        " AND e.source_id = v.source_id AND e.quote = v.quote)"
    ).fetchall()
    assert orphans == []
    unquoted = db.execute(
        "SELECT DISTINCT r.type FROM field_values AS v JOIN records AS r ON r.id = v.record_id"
        " WHERE v.quote IS NULL ORDER BY r.type"
    ).fetchall()
    assert unquoted == [("organization",), ("person",), ("source",)]


def test_the_bundled_data_has_one_value_per_field(kb: KnowledgeBase) -> None:
    """One article: every field has one value, at position 0, and every value is the article's (the people
    described without quotes too: the bundled files name it as their source)."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(kb.export("sqlite"))
    assert connection.execute("SELECT DISTINCT position FROM field_values").fetchall() == [(0,)]
    sources = connection.execute("SELECT DISTINCT source_id FROM field_values ORDER BY source_id").fetchall()
    assert sources == [(ARTICLE,)]
    connection.close()
