"""The SQLite export ready for Datasette: full-text search, views with names, metadata.json, --datasette."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase, QueryError, Record
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.models import RECORD_TYPES, OrganizationRef
from openai_kb.outputs._tabular import columns
from openai_kb.outputs.exports import sqlite_db
from openai_kb.outputs.exports.datasette import datasette_metadata
from openai_kb.outputs.exports.sqlite_db import FullTextSearchWarning, named_views, sqlite_schema

ROUND = "round:openai-2024-10"


@pytest.fixture(scope="module")
def db(kb: KnowledgeBase) -> Iterator[sqlite3.Connection]:
    """The bundled knowledge base's SQLite export, opened in memory."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(kb.export("sqlite"))
    yield connection
    connection.close()


def _search(db: sqlite3.Connection, query: str) -> list[tuple[str, str, str]]:
    """The records, kinds and texts whose text matches ``query`` (a phrase), as Datasette's search runs it."""
    return db.execute(
        "SELECT t.record_id, t.kind, t.text FROM texts AS t"
        " WHERE t.id IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?) ORDER BY t.id",
        ['"' + query.replace('"', '""') + '"'],
    ).fetchall()


# -- full-text search --------------------------------------------------------------------------


def test_full_text_search_finds_chinese_and_english(db: sqlite3.Connection) -> None:
    """The trigram index finds 穆拉蒂 inside a Chinese name and Thrive in names and quotes, any case."""
    assert {(record, text) for record, _, text in _search(db, "穆拉蒂")} == {("person:mira-murati", "米拉·穆拉蒂")}
    thrive = _search(db, "thrive")
    assert {record for record, _, _ in thrive} == {
        "org:thrive-capital",
        "investment:thrive-capital-openai-2024-10",
        ROUND,
    }
    assert ("org:thrive-capital", "canonical", "Thrive Capital") in thrive
    assert ("investment:thrive-capital-openai-2024-10", "quote", "由纽约创投机构 Thrive Capital 领衔") in thrive
    assert all("thrive" in text.lower() for _, _, text in thrive)


def test_texts_hold_every_name_and_quote(kb: KnowledgeBase, db: sqlite3.Connection) -> None:
    """texts: each record's names and title names once per language, every quote and translation once."""
    rows = db.execute("SELECT record_id, field, kind, language, text FROM texts ORDER BY id").fetchall()
    murati = [row[1:] for row in rows if row[0] == "departure:mira-murati"]
    assert ("title_names", "abbreviation", "en", "CTO") in murati
    assert ("title_names", "alias", "zh-Hant", "首席技術長") in murati
    assert [row for row in murati if row[1] == "quote"] == [
        ("evidence", "quote", "zh-Hans", kb["departure:mira-murati"].evidence[0].quote)
    ]
    quotes = {(record.id, span.quote) for record in kb for span in getattr(record, "evidence", ())}
    assert {(row[0], row[4]) for row in rows if row[2] == "quote"} >= quotes
    assert len(rows) == len(set(rows))
    assert db.execute("SELECT count(*) FROM texts_fts").fetchone() == (len(rows),)


def test_without_fts5_trigram_the_export_warns_and_leaves_the_index_out(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SQLite older than 3.34 (or without FTS5) gets a database without texts_fts, and a warning saying why."""
    monkeypatch.setattr(sqlite_db, "full_text_search_available", lambda: False)
    with pytest.warns(FullTextSearchWarning) as caught:
        data = kb.export("sqlite")
    assert str(caught[0].message) == (
        f"this Python's SQLite {sqlite3.sqlite_version} cannot build the full-text index (FTS5 with the trigram "
        "tokenizer needs SQLite 3.34 or later, built with FTS5): the export has no texts_fts; its texts table "
        "still answers LIKE queries"
    )
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "texts" in names
    assert "texts_fts" not in names
    assert connection.execute("SELECT record_id FROM texts WHERE text LIKE '%穆拉蒂%' LIMIT 1").fetchone() == (
        "person:mira-murati",
    )
    connection.close()
    assert "fts_table" not in datasette_metadata(kb)["databases"]["openai-kb"]["tables"]["texts"]


def test_full_text_search_is_detected() -> None:
    """This machine's SQLite (3.34 or later) has the trigram tokenizer, so the tests above ran on the index."""
    assert sqlite3.sqlite_version_info >= (3, 34)
    sqlite_db.full_text_search_available.cache_clear()
    assert sqlite_db.full_text_search_available() is True
    assert 'tokenize="trigram"' in sqlite_schema()
    assert "texts_fts" not in sqlite_schema(full_text=False)


# -- views -------------------------------------------------------------------------------------


def test_funding_rounds_named_has_names_beside_every_id(db: sqlite3.Connection) -> None:
    """funding_rounds_named: the company's name beside its id, and the investors as ids and names in order."""
    db.row_factory = sqlite3.Row
    try:
        row = dict(db.execute("SELECT * FROM funding_rounds_named").fetchone())
    finally:
        db.row_factory = None
    assert (row["id"], row["label"], row["company"], row["company_label"]) == (
        ROUND,
        "OpenAI funding round of US$6.6 billion",
        "org:openai",
        "OpenAI",
    )
    assert (row["lead_investors"], row["lead_investors_label"]) == ("org:thrive-capital", "Thrive Capital")
    assert (row["participants"], row["participants_label"]) == ("org:microsoft; org:nvidia", "Microsoft; Nvidia")
    assert (row["amount"], row["amount_exact"]) == (6600000000, "6600000000")


def _views_of_bare_ids() -> list[str]:
    """The views the families' columns call for: a family with several-reference fields, each such field's
    link table, each terms table and its barred targets; and the four tables of every knowledge base."""
    views = {f"{table}_named" for table in ("names", "evidence", "field_values", "texts")}
    for family in RECORD_TYPES.families:
        kinds = {column.field: column.kind for column in columns(family)}
        several = [field for field, kind in kinds.items() if kind == "references"]
        views |= {f"{family}_named"} if several else set()
        views |= {f"{family}_{field}_named" for field in several}
        for field in (field for field, kind in kinds.items() if kind == "terms"):
            views |= {f"{family}_{field}_named", f"{family}_{field}_barred_named"}
    return sorted(views)


def test_every_table_of_bare_ids_has_a_named_view(db: sqlite3.Connection) -> None:
    """Link tables, terms, names, evidence, field_values and texts each have a _named view with labels; the
    other views are disagreements and texts_words."""
    views = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")]
    assert sorted(set(views) - set(named_views())) == ["disagreements", "texts_words"]
    views = [view for view in views if view.endswith("_named")]
    assert views == sorted(named_views())
    assert views == _views_of_bare_ids()
    assert db.execute(
        "SELECT record_label, target, target_label FROM funding_rounds_participants_named ORDER BY position"
    ).fetchall() == [
        ("OpenAI funding round of US$6.6 billion", "org:microsoft", "Microsoft"),
        ("OpenAI funding round of US$6.6 billion", "org:nvidia", "Nvidia"),
    ]
    assert db.execute("SELECT target_label FROM funding_rounds_terms_barred_named ORDER BY position").fetchall() == [
        ("Anthropic",),
        ("xAI",),
    ]
    evidence = db.execute(
        "SELECT record_label, source_label, quote FROM evidence_named WHERE record_id = 'org:openai'"
    ).fetchall()
    assert evidence == [
        (
            "OpenAI",
            "66 亿美元的灵魂拷问,OpenAI 会不会变成 AI 界的巨无霸?",
            "OpenAI正处于从非营利组织转型为营利企业的关键时期",
        )
    ]
    counts = {
        view: db.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0] for view in views if view != "claims_named"
    }
    for view, count in counts.items():  # a view keeps every row of its table
        table = view.removesuffix("_named")
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, view


class Deal(Record):
    """A record type of one's own whose family name holds quotes, a semicolon and SQL."""

    type: Literal["deal"] = "deal"
    family: ClassVar[str] = 'deals"; DROP TABLE records; --'
    parties: tuple[OrganizationRef, ...] = ()


def test_identifiers_from_a_model_are_quoted_and_text_is_never_sql(kb: KnowledgeBase) -> None:
    """A family name full of SQL becomes a table and views of that very name; text with quotes stays text."""
    deal = Deal(id="deal:x", parties=("org:openai", "org:nvidia"))
    grown = kb.add(deal)
    connection = sqlite3.connect(":memory:")
    connection.deserialize(grown.export("sqlite"))
    family = Deal.family
    assert connection.execute("SELECT count(*) FROM records").fetchone() == (len(grown),)
    assert connection.execute(f'SELECT id FROM "{family.replace(chr(34), chr(34) * 2)}"').fetchall() == [("deal:x",)]
    named = f"{family}_named".replace('"', '""')
    assert connection.execute(f'SELECT parties, parties_label FROM "{named}"').fetchall() == [
        ("org:openai; org:nvidia", "OpenAI; Nvidia")
    ]
    connection.close()


# -- metadata.json and Datasette ---------------------------------------------------------------


def test_metadata_describes_the_database(kb: KnowledgeBase) -> None:
    """Titles, descriptions, label columns, column descriptions, the source and a license note."""
    metadata = datasette_metadata(kb)
    assert metadata["title"] == "openai-kb"
    assert metadata["description"].startswith("52 records from 1 source. Every fact cites its source")
    assert (
        metadata["license"]
        == "Quoted passages remain their publishers' (华夏传媒网), cited as evidence for the records"
    )
    assert metadata["source"] == "华夏传媒网, “66 亿美元的灵魂拷问,OpenAI 会不会变成 AI 界的巨无霸?”, 2024-10-14"
    assert "source_url" not in metadata  # the bundled article records no address
    tables = metadata["databases"]["openai-kb"]["tables"]
    rounds = tables["funding_rounds"]
    assert (rounds["title"], rounds["description"], rounds["label_column"]) == (
        "Funding rounds",
        "A company raising money from investors.",
        "label",
    )
    assert rounds["sort_desc"] == "amount"
    assert rounds["columns"]["amount_exact"] == "The figure's exact decimal, as text."
    assert rounds["columns"]["amount_currency"] == "An ISO 4217 currency code."
    assert tables["people"]["columns"]["name_zh_hans"] == "The first Simplified Chinese one."
    assert (tables["texts"]["fts_table"], tables["texts"]["fts_pk"]) == ("texts_words_fts", "id")
    assert tables["records"]["label_column"] == "label"
    assert tables["evidence_named"]["title"] == "Evidence, named"
    connection = sqlite3.connect(":memory:")
    connection.deserialize(kb.export("sqlite"))
    for table, described in tables.items():  # every table and column described is in the database
        found = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        assert found, table
        assert set(described.get("columns", {})) <= set(found), table
        assert described.get("label_column", "label") in found or "label_column" not in described, table
    connection.close()


def test_metadata_takes_a_source_url_title_and_license(kb: KnowledgeBase) -> None:
    """A source with a URL gives source_url; title, license and license_url can be stated."""
    source = kb["source:huaxia-2024-10-14-openai"].model_copy(update={"url": "https://example.com/openai-round"})
    metadata = datasette_metadata(
        kb.replace(source),
        title="My desk",
        license="CC BY 4.0",
        license_url="https://creativecommons.org/licenses/by/4.0/",
    )
    assert metadata["source_url"] == "https://example.com/openai-round"
    assert (metadata["title"], metadata["license"]) == ("My desk", "CC BY 4.0")
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"


def test_export_datasette_writes_the_database_and_metadata(kb: KnowledgeBase, tmp_path: Path) -> None:
    """export("sqlite", folder, datasette=True): openai-kb.db (the sqlite export), metadata.json and
    datasette.json (the canned queries again, where Datasette 1.0 reads them)."""
    folder = tmp_path / "site"
    assert kb.export("sqlite", folder, datasette=True) is None
    assert sorted(path.name for path in folder.iterdir()) == ["datasette.json", "metadata.json", "openai-kb.db"]
    assert (folder / "openai-kb.db").read_bytes() == kb.export("sqlite")
    metadata = orjson.loads((folder / "metadata.json").read_bytes())
    assert metadata == datasette_metadata(kb)
    queries = metadata["databases"]["openai-kb"]["queries"]
    assert orjson.loads((folder / "datasette.json").read_bytes()) == {"databases": {"openai-kb": {"queries": queries}}}
    with pytest.raises(QueryError, match=r"^datasette applies to the sqlite format only, not csv$"):
        kb.export("csv", folder, datasette=True)
    with pytest.raises(QueryError, match=r"^datasette=True needs a path: the folder that receives"):
        kb.export("sqlite", datasette=True)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"^export\(\) expects datasette as a bool, not str$"):
        kb.export("sqlite", folder, datasette="yes")  # type: ignore[arg-type]


def _datasette_get(folder: Path, paths: list[str]) -> list[Any]:
    """Datasette's own answers (its JSON API, in process) for a configuration directory."""
    from datasette.app import Datasette  # in the test extra, which the README's test command installs

    async def fetch() -> list[Any]:
        site = Datasette(config_dir=folder)
        answers = []
        for path in paths:
            response = await site.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            answers.append(response.json())
        return answers

    return asyncio.run(fetch())


def test_datasette_serves_the_folder(kb: KnowledgeBase, tmp_path: Path) -> None:
    """datasette FOLDER: search finds 穆拉蒂 and Thrive, amounts sort as numbers, links show labels."""
    folder = tmp_path / "site"
    kb.export("sqlite", folder, datasette=True)
    murati, thrive, valuations, investors, metadata = _datasette_get(
        folder,
        [
            "/openai-kb/texts.json?_search=穆拉蒂&_shape=array",
            "/openai-kb/texts.json?_search=Thrive&_shape=array",
            "/openai-kb/valuations.json?_shape=array",  # sort_desc: amount, from the metadata
            "/openai-kb/investors.json?_shape=array&_labels=on&_col=round",
            "/-/metadata.json",
        ],
    )
    assert {row["record_id"] for row in murati} == {"person:mira-murati"}
    assert {row["record_id"] for row in thrive} >= {"org:thrive-capital", "investment:thrive-capital-openai-2024-10"}
    assert (valuations[0]["id"], valuations[0]["amount"]) == ("valuation:openai-2024-10-post-money", 157e9)
    assert [row["amount"] for row in valuations] == sorted((row["amount"] for row in valuations), reverse=True)
    assert investors[0]["round"] == {"value": ROUND, "label": "OpenAI funding round of US$6.6 billion"}
    assert metadata["title"] == "openai-kb"


# -- the command line --------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def test_cli_datasette_writes_the_folder(kb: KnowledgeBase, tmp_path: Path) -> None:
    """openai-kb export --format sqlite --datasette DIR writes what the Python API writes."""
    assert _cli("export", "--format", "sqlite", "--datasette", str(tmp_path / "site")) == (0, "", "")
    assert (tmp_path / "site" / "openai-kb.db").read_bytes() == kb.export("sqlite")
    assert orjson.loads((tmp_path / "site" / "metadata.json").read_bytes()) == datasette_metadata(kb)


def test_cli_datasette_and_excel_usage_errors(tmp_path: Path) -> None:
    """--datasette is for sqlite without -o, --excel for csv: anything else is a usage error (exit 2)."""
    site = str(tmp_path / "site")
    assert _cli("export", "--format", "csv", "--datasette", site) == (
        2,
        "",
        "openai-kb: --datasette applies to --format sqlite only, not csv\n",
    )
    assert _cli("export", "--format", "sqlite", "--datasette", site, "-o", "x.db") == (
        2,
        "",
        "openai-kb: --datasette DIR names where the files go; leave out -o\n",
    )
    assert _cli("export", "--format", "jsonl", "--excel") == (
        2,
        "",
        "openai-kb: --excel applies to --format csv only, not jsonl\n",
    )
    assert not (tmp_path / "site").exists()


def test_cli_notes_a_sqlite_without_full_text_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without FTS5 trigram the export still succeeds, and standard error says what is missing."""
    monkeypatch.setattr(sqlite_db, "full_text_search_available", lambda: False)
    code, _, error = _cli("export", "--format", "sqlite", "--datasette", str(tmp_path / "site"))
    assert code == 0
    assert error.startswith("openai-kb: note: this Python's SQLite ")
    assert "needs SQLite 3.34 or later" in error
    code, _, error = _cli("export", "--format", "sqlite", "-o", str(tmp_path / "plain.db"))
    assert (code, error.startswith("openai-kb: note: ")) == (0, True)


def test_cli_excel_csv_starts_with_a_byte_order_mark(kb: KnowledgeBase, tmp_path: Path) -> None:
    """--excel: a folder's files and one family's file start with EF BB BF, then the plain CSV."""
    assert _cli("export", "--format", "csv", "--excel", "-o", str(tmp_path / "tables"))[0] == 0
    data = (tmp_path / "tables" / "people.csv").read_bytes()
    assert data == b"\xef\xbb\xbf" + kb.export("csv", kind="people").encode("utf-8")
    assert (tmp_path / "tables" / "evidence.csv").read_bytes().startswith(b"\xef\xbb\xbfrecord,record_label,")


@pytest.mark.slow
def test_cli_excel_to_standard_output() -> None:
    """openai-kb export --format csv --excel --kind people > people.csv: the mark comes first on stdout too."""
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", "export", "--format", "csv", "--excel", "--kind", "people"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"\xef\xbb\xbf" + openai_kb.load().export("csv", kind="people").encode("utf-8")
