"""The Datasette site as users meet it, driven in process: disagreements, canned queries, the search box,
rows added later, descriptions, the front page and the records row page."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from datasette.app import Datasette  # the test extra holds it, and the README's test command installs that
from pydantic_core import to_jsonable_python

import openai_kb
from openai_kb import KnowledgeBase, Source, cite
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.outputs._render.values import holding
from openai_kb.outputs.exports.datasette import datasette_metadata

DESK_NOTE = (
    "軟銀這次出資 5 億美元。A person close to the deal put the post-money value at $158 billion. "
    "Mira Murati stepped down on 25 September 2024."
)  # our own writing: a second report that differs from the bundled article on the valuation
POST_MONEY = "valuation:openai-2024-10-post-money"


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file of a desk note: SoftBank (軟銀) and its investment, a differing valuation, Murati's date."""
    source = Source.from_text(
        DESK_NOTE, id="source:desk-note", title="Desk note", language="zh-Hant", url="https://example.org/desk-note"
    )
    usd = {"currency": "USD", "qualifier": "exact"}
    records: list[Any] = [
        source,
        {
            "type": "organization",
            "id": "org:softbank",
            "name": "SoftBank",
            "names": [{"text": "軟銀", "language": "zh-Hant"}, {"text": "软银", "language": "zh-Hans"}],
        },
        {
            "type": "investment",
            "id": "investment:softbank-openai-2024-10",
            "organization": "org:softbank",
            "round": "round:openai-2024-10",
            "lead": False,
            "amount": {"amount": "500000000", **usd, "text": "5 億美元"},
            "evidence": [cite(DESK_NOTE, "軟銀這次出資 5 億美元", source=source)],
        },
        {
            "type": "valuation",
            "id": POST_MONEY,
            "company": "org:openai",
            "amount": {"amount": "158000000000", **usd, "text": "$158 billion"},
            "basis": "post_money",
            "round": "round:openai-2024-10",
            "assertion": "attributed",
            "attribution": "a person close to the deal",
            "evidence": [cite(DESK_NOTE, "put the post-money value at $158 billion", source=source)],
        },
        {
            "type": "departure",
            "id": "departure:mira-murati",
            "person": "person:mira-murati",
            "organization": "org:openai",
            "title": "Chief Technology Officer",
            "date": "2024-09-25",
            "evidence": [cite(DESK_NOTE, "Mira Murati stepped down on 25 September 2024", source=source)],
        },
    ]
    path = tmp_path_factory.mktemp("desk") / "desk-note.json"  # its references are to the bundled records
    path.write_bytes(orjson.dumps({"source": source.id, "records": to_jsonable_python(records, exclude_none=True)}))
    return path


@pytest.fixture(scope="module")
def both(desk_file: Path) -> KnowledgeBase:
    """The bundled article, then the desk note."""
    return openai_kb.load(openai_kb.BUNDLED, desk_file)


@pytest.fixture(scope="module")
def site(both: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Datasette folder of the bundled article and the desk note."""
    folder = tmp_path_factory.mktemp("site") / "site"
    both.export("sqlite", folder, datasette=True)
    return folder


def _get(folder: Path, *paths: str) -> list[Any]:
    """Datasette's answers for a configuration directory, in process: JSON for .json paths, else the HTML."""

    async def fetch() -> list[Any]:
        datasette = Datasette(config_dir=folder)
        answers = []
        for path in paths:
            response = await datasette.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            answers.append(response.json() if ".json" in path else response.text)
        return answers

    return asyncio.run(fetch())


def _view(folder: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(folder / "openai-kb.db")
    try:
        return connection.execute(
            "SELECT record_id, field, position, value, sources, holdings FROM disagreements"
        ).fetchall()
    finally:
        connection.close()


# -- the disagreements view ----------------------------------------------------------------------


def test_disagreements_view_is_empty_with_one_source(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The bundled article alone disagrees with nothing: the view is empty, as kb.disagreements() is."""
    kb.export("sqlite", tmp_path / "site", datasette=True)
    assert kb.disagreements() == []
    assert _view(tmp_path / "site") == []


def test_disagreements_view_agrees_with_the_library_and_the_command_line(
    both: KnowledgeBase, desk_file: Path, site: Path
) -> None:
    """A row per value of each field the sources differ on: the records, fields, values, sources and holdings
    that kb.disagreements() and `openai-kb disagreements --json` give, in their order."""
    rows = _view(site)
    article = "source:huaxia-2024-10-14-openai"
    assert rows == [
        (POST_MONEY, "amount", 0, rows[0][3], article, article),
        (
            POST_MONEY,
            "amount",
            1,
            '{"amount":"158000000000","currency":"USD","qualifier":"exact","text":"$158 billion"}',
            "source:desk-note",
            "source:desk-note (attributed to a person close to the deal)",
        ),
    ]
    assert orjson.loads(rows[0][3])["amount"] == "157000000000"
    labels = {record.id: both.label(record) for record in both}
    library = [
        (
            found.record,
            found.field,
            position,
            to_jsonable_python(value.value, exclude_none=True),
            "; ".join(value.sources),
            "; ".join(dict.fromkeys(holding(held, {}, labels) for held in value.holdings)),
        )
        for found in both.disagreements()
        for position, value in enumerate(found.values)
    ]
    assert [(*row[:3], orjson.loads(row[3]), *row[4:]) for row in rows] == library
    stdout, stderr = io.StringIO(), io.StringIO()
    command = ["--data", str(openai_kb.BUNDLED), "--data", str(desk_file), "disagreements", "--json"]
    assert main(command, Output(stdout=stdout, stderr=stderr, color=False)) == 0
    printed = [
        (item["record"], item["field"], position, value["value"], "; ".join(value["sources"]))
        for item in orjson.loads(stdout.getvalue())
        for position, value in enumerate(item["values"])
    ]
    assert printed == [entry[:5] for entry in library]


def test_disagreements_view_follows_rows_added_later(site: Path, tmp_path: Path) -> None:
    """A value added to field_values with plain SQL becomes a disagreement; a list's values never are one."""
    copy = tmp_path / "copy.db"
    copy.write_bytes((site / "openai-kb.db").read_bytes())
    connection = sqlite3.connect(copy)
    try:
        connection.execute(
            "INSERT INTO field_values (record_id, field, position, value, source_id) VALUES (?, ?, ?, ?, ?)",
            ["departure:mira-murati", "date", 1, '"2024-09-26"', "source:huaxia-2024-10-14-openai"],
        )
        connection.execute(
            "INSERT INTO field_values (record_id, field, position, value, source_id) VALUES (?, ?, ?, ?, ?)",
            ["round:openai-2024-10", "participants", 1, '["org:softbank"]', "source:desk-note"],
        )
        found = connection.execute(
            "SELECT record_id, field, position, value, sources FROM disagreements WHERE record_id LIKE 'departure:%'"
            " OR record_id LIKE 'round:%'"
        ).fetchall()
    finally:
        connection.close()
    assert found == [
        ("departure:mira-murati", "date", 0, '"2024-09-25"', "source:desk-note"),
        ("departure:mira-murati", "date", 1, '"2024-09-26"', "source:huaxia-2024-10-14-openai"),
    ]


# -- canned queries --------------------------------------------------------------------------------


def test_canned_queries_run_in_datasette(both: KnowledgeBase, site: Path) -> None:
    """Each canned query of metadata.json runs in Datasette and answers what its title says."""
    queries = datasette_metadata(both)["databases"]["openai-kb"]["queries"]
    assert list(queries) == ["where_sources_disagree", "what_each_source_says", "largest_investments", "who_left_when"]
    disagree, says, says_all, largest, left = _get(
        site,
        "/openai-kb/where_sources_disagree.json?_shape=array",
        "/openai-kb/what_each_source_says.json?_shape=array&record=Mira Murati left",
        "/openai-kb/what_each_source_says.json?_shape=array&record=",
        "/openai-kb/largest_investments.json?_shape=array",
        "/openai-kb/who_left_when.json?_shape=array",
    )
    assert [(row["record_id"], row["field"], row["position"]) for row in disagree] == [
        (row[0], row[1], row[2]) for row in _view(site)
    ]
    assert disagree[1]["holdings"] == "source:desk-note (attributed to a person close to the deal)"
    murati = [row for row in says if row["field"] == "date"]
    assert [(row["value"], row["source_label"], row["quote"]) for row in murati] == [
        ('"2024-09-25"', "Desk note", "Mira Murati stepped down on 25 September 2024")
    ]
    assert {row["record_id"] for row in says} == {"departure:mira-murati"}
    assert len(says_all) == len(both.table("field_values"))
    assert [(row["organization_label"], row["amount"], row["lead"]) for row in largest] == [
        ("SoftBank", 500000000, 0),
        ("Microsoft", None, 0),  # the article states no share of the round: unstated amounts last, by id
        ("Nvidia", None, 0),
        ("Thrive Capital", None, 1),
    ]
    assert [(row["date"], row["person_label"]) for row in left] == [
        ("2024-09-25", "Mira Murati"),
        (None, "Barret Zoph"),
        (None, "Bob McGrew"),
        (None, "Ilya Sutskever"),
        (None, "Jan Leike"),
        (None, "John Schulman"),
    ]


# -- the search box --------------------------------------------------------------------------------


def _found(folder: Path, *queries: str) -> list[set[str]]:
    answers = _get(folder, *(f"/openai-kb/texts.json?_search={query}&_shape=array&_size=max" for query in queries))
    return [{row["record_id"] for row in rows} for rows in answers]


def test_search_box_finds_two_character_chinese_names(site: Path) -> None:
    """The texts search box finds 微软, 辉达 and 軟銀 (two characters, which trigrams never find), and still
    three-character names, English words and a name with its middle dot."""
    microsoft, nvidia, softbank, softbank_hans, murati, thrive, full_name = _found(
        site, "微软", "辉达", "軟銀", "软银", "穆拉蒂", "thrive", "米拉·穆拉蒂"
    )
    assert microsoft >= {"org:microsoft", "investment:microsoft-openai-2024-10", "round:openai-2024-10"}
    assert "org:nvidia" in nvidia
    assert softbank == {"org:softbank", "investment:softbank-openai-2024-10"}
    assert softbank_hans == {"org:softbank"}
    assert murati == full_name == {"person:mira-murati"}
    assert {"org:thrive-capital", "investment:thrive-capital-openai-2024-10"} <= thrive


def test_rows_added_later_are_indexed(site: Path, tmp_path: Path) -> None:
    """A text inserted, changed or deleted with plain sqlite3 is found, found anew or gone, in Datasette's
    search box and in the trigram index; both indexes pass FTS5's integrity check."""
    folder = tmp_path / "site"
    folder.mkdir()
    for name in ("openai-kb.db", "metadata.json"):
        (folder / name).write_bytes((site / name).read_bytes())
    connection = sqlite3.connect(folder / "openai-kb.db")
    trigram = "SELECT t.record_id FROM texts AS t WHERE t.id IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?)"
    try:
        connection.execute(
            "INSERT INTO texts (record_id, field, kind, language, text) VALUES (?, ?, ?, ?, ?)",
            ["org:openai", "names", "alias", "zh-Hant", "開放人工智慧"],
        )
        connection.commit()
        assert _found(folder, "開放", "人工智慧", "智慧") == [{"org:openai"}] * 3
        assert connection.execute(trigram, ['"人工智"']).fetchall() == [("org:openai",)]
        connection.execute("UPDATE texts SET text = '奧鵬' WHERE text = '開放人工智慧'")
        connection.commit()
        assert _found(folder, "開放", "奧鵬") == [set(), {"org:openai"}]
        assert connection.execute(trigram, ['"人工智"']).fetchall() == []
        connection.execute("DELETE FROM texts WHERE text = '奧鵬'")
        connection.commit()
        assert _found(folder, "奧鵬") == [set()]
        for index in ("texts_fts", "texts_words_fts"):
            connection.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    finally:
        connection.close()


# -- what the site says of itself -----------------------------------------------------------------------


def test_every_table_view_and_column_is_described(both: KnowledgeBase, site: Path) -> None:
    """Every table and view but the indexes' own has a title and a description, every column a description;
    link and clause tables are hidden, and Datasette shows the rest."""
    tables = datasette_metadata(both)["databases"]["openai-kb"]["tables"]
    connection = sqlite3.connect(site / "openai-kb.db")
    try:
        kinds = dict(
            connection.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'texts%fts%'"
            ).fetchall()
        )
        names = list(kinds)
        for name in names:
            described = tables[name]
            assert described["title"], name
            assert described["description"], name
            found = [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
            assert sorted(described["columns"]) == sorted(found), name
            assert all(described["columns"].values()), name
    finally:
        connection.close()
    assert set(tables) == set(names)
    (database,) = _get(site, "/openai-kb.json")
    shown = {table["name"] for table in database["tables"] if not table["hidden"]}
    assert shown == {"records", "names", "evidence", "field_values", "texts", *both.types.families}
    hidden = {table["name"] for table in database["tables"] if table["hidden"]}
    assert {
        "funding_rounds_participants",
        "funding_rounds_lead_investors",
        "funding_rounds_terms",
        "funding_rounds_terms_barred",
        "partnerships_organizations",
        "claims_about",
        "texts_fts",
        "texts_words_fts",
    } <= hidden
    assert {view["name"] for view in database["views"]} == {name for name, kind in kinds.items() if kind == "view"}
    assert {name for name, kind in kinds.items() if kind == "view"} >= {"disagreements", "texts_words", "names_named"}


def test_front_page_opens_on_the_four_families_and_every_source(both: KnowledgeBase, site: Path) -> None:
    """The front page's text links the article's four families first, then the others, the queries and the
    search; every source is named with its address, and each link opens."""
    metadata = datasette_metadata(both)
    front = metadata["description_html"]
    links = [part.split('"')[0] for part in front.split('<a href="')[1:]]
    families = [link.removeprefix("openai-kb/") for link in links[:13]]
    assert families[:4] == ["investors", "departed_executives", "valuations", "competitors"]
    assert sorted(families) == sorted(both.types.families)
    assert "https://example.org/desk-note" in links
    assert '<a href="https://example.org/desk-note">“Desk note”</a>' in front
    assert "source_url" not in metadata or metadata["source_url"] == "https://example.org/desk-note"
    index, database = _get(site, "/", "/openai-kb")
    assert front in index
    assert front in database
    _get(site, *(f"/{link}" for link in links if link.startswith("openai-kb/")))


def test_metadata_names_every_source_address(kb: KnowledgeBase) -> None:
    """Two sources with addresses: both are linked in the front page's text, and no single source_url claims
    the whole source text."""
    article = kb["source:huaxia-2024-10-14-openai"].model_copy(update={"url": "https://example.com/article"})
    other = Source(id="source:other", title="Other", language="en", url="https://example.com/other")
    metadata = datasette_metadata(kb.replace(article).add(other))
    assert "source_url" not in metadata
    assert '<a href="https://example.com/article">' in metadata["description_html"]
    assert '<a href="https://example.com/other">“Other”</a>' in metadata["description_html"]


def test_records_row_page_links_only_tables_that_hold_its_rows(site: Path) -> None:
    """A record's page lists the tables that refer to any record (names, quotes, values, texts, claims and
    metrics about it): seven links, not one per family and per attribution."""
    (openai_row, murati_row) = _get(
        site,
        "/openai-kb/records/org:openai.json?_extras=foreign_key_tables",
        "/openai-kb/records/departure:mira-murati.json?_extras=foreign_key_tables",
    )
    links = [(link["other_table"], link["other_column"], link["count"]) for link in openai_row["foreign_key_tables"]]
    assert [(table, column) for table, column, _ in links] == [
        ("metrics", "subject"),
        ("claims", "subject"),
        ("claims_about", "target"),
        ("names", "record_id"),
        ("evidence", "record_id"),
        ("field_values", "record_id"),
        ("texts", "record_id"),
    ]
    assert all(count > 0 for _, _, count in links)
    murati = {link["other_table"]: link["count"] for link in murati_row["foreign_key_tables"]}
    assert murati["evidence"] == 2
    assert sum(1 for count in murati.values() if count == 0) == 3


# -- to_pandas ------------------------------------------------------------------------------------------


def test_to_pandas_has_the_exact_amount_beside_the_float(kb: KnowledgeBase) -> None:
    """amount is float64 and amount_exact, right after it, the exact Decimal: equal to SQLite's amount_exact,
    and exact where a float is not."""
    valuation = kb[POST_MONEY]
    odd = valuation.model_copy(update={"amount": valuation.amount.model_copy(update={"amount": Decimal("0.1")})})
    frame = kb.replace(odd).to_pandas("valuations")
    assert list(frame.columns[frame.columns.get_loc("amount") :][:3]) == ["amount", "amount_exact", "amount_currency"]
    assert (str(frame["amount"].dtype), str(frame["amount_exact"].dtype)) == ("float64", "object")
    assert frame["amount_exact"].tolist() == [Decimal("0.1"), Decimal("150000000000"), Decimal("150000000000")]
    assert frame["amount"].tolist() == [0.1, 150e9, 150e9]
    assert Decimal(frame["amount"][0]) != Decimal("0.1")
    connection = sqlite3.connect(":memory:")
    connection.deserialize(kb.export("sqlite"))
    stored = dict(connection.execute("SELECT id, amount_exact FROM valuations").fetchall())
    connection.close()
    plain = kb.to_pandas("valuations")
    assert {row.id: row.amount_exact for row in plain.itertuples()} == {
        key: Decimal(value) for key, value in stored.items()
    }
    exact = kb.to_pandas("valuations", exact=True)
    assert exact["amount"].tolist() == exact["amount_exact"].tolist() == plain["amount_exact"].tolist()
