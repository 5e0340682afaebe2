"""Exports: JSON and JSON Lines round-trip, CSV reads back, SQLite joins, JSON-LD parses into triples."""

from __future__ import annotations

import csv
import io
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase, QueryError, SaveError
from openai_kb.outputs._tabular import FAMILIES, cell_text, columns
from openai_kb.outputs.exports import FORMATS, export
from openai_kb.outputs.exports.json_ld import record_iri
from openai_kb.outputs.exports.sqlite_db import SCHEMA_VERSION
from openai_kb.reading import _atomic as atomic_module
from openai_kb.reading._atomic import write_atomically
from openai_kb.reading._store import SCHEMA_REF
from openai_kb.verify import evidence_of

from .kinds import unknown_kind

try:  # in the test extra; without it only the JSON-LD graph tests skip (through the graph fixture)
    import rdflib
    from rdflib import RDF, XSD, Literal, Namespace, URIRef

    SDO = Namespace("https://schema.org/")
    KB = Namespace("https://openai-kb.invalid/ns#")
    OA = Namespace("http://www.w3.org/ns/oa#")
except ImportError:
    pass

ROUND = "round:openai-2024-10"


def iri(record_id: str) -> URIRef:
    return URIRef(record_iri(record_id))


# -- json and jsonl ----------------------------------------------------------------------------


def test_json_round_trips_exactly(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The json export is one data file: load() reads it back to equal records, in the same order."""
    path = tmp_path / "kb.json"
    assert kb.export("json", path) is None
    again = openai_kb.load(path)
    assert list(again) == list(kb)
    assert path.read_text(encoding="utf-8") == kb.export("json")
    assert kb.export("json").startswith(
        '{\n  "$schema": "schema/records.schema.json",\n'
        '  "source": "source:huaxia-2024-10-14-openai",\n  "records": [\n'
    )


def test_json_of_own_data(mini: Path, tmp_path: Path) -> None:
    """A knowledge base of one's own exports to the same bytes it would be saved as."""
    small = openai_kb.load(mini)
    assert small.export("json").encode("utf-8") == small.save(tmp_path / "saved.json", schema=SCHEMA_REF).read_bytes()


def test_jsonl_is_one_record_a_line(kb: KnowledgeBase) -> None:
    """Each line is one record exactly as in the data files; reading the lines back gives equal records."""
    lines = kb.export("jsonl").splitlines()
    assert len(lines) == len(kb) == 52
    data_files = {record["id"]: record for file in DATA_FILES for record in orjson.loads(file.read_bytes())["records"]}
    for line, record in zip(lines, kb, strict=True):
        parsed = orjson.loads(line)
        assert parsed == data_files[record.id]
        assert list(parsed) == list(data_files[record.id])  # the same field order
    again = KnowledgeBase.from_records(orjson.loads(line) for line in lines)
    assert list(again) == list(kb)


TABLES = len(FAMILIES) + 2  # a CSV file per family, the evidence and the field values
DATA_FILES = sorted((Path(__file__).resolve().parents[1] / "data").glob("*.json"))


def test_jsonl_round_trips_amounts_as_strings(kb: KnowledgeBase) -> None:
    """Amounts stay strings in JSON Lines, so no digit is lost to a float."""
    line = next(line for line in kb.export("jsonl").splitlines() if f'"id":"{ROUND}"' in line)
    assert orjson.loads(line)["amount"]["amount"] == "6600000000"


# -- csv --------------------------------------------------------------------------------------


@pytest.mark.parametrize("family", list(FAMILIES))
def test_csv_reads_back_to_the_table(kb: KnowledgeBase, family: str) -> None:
    """One family's CSV parses back, with the csv module, to its table's rows as text."""
    text = kb.export("csv", kind=family)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    names = [column.name for column in columns(family)]
    assert parsed[0] == names
    assert parsed[1:] == [[cell_text(row[name]) for name in names] for row in kb.table(family)]


def test_csv_cells(kb: KnowledgeBase) -> None:
    """CSV cells: the amount in full, flags as true/false, quoting where a cell holds a comma, CRLF lines."""
    text = kb.export("csv", kind="funding_rounds")
    assert text.count("\r\n") == 2
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert (row["amount"], row["participants_complete"], row["post_money_valuation_text"]) == (
        "6600000000",
        "false",
        "1,570 亿美元",
    )
    assert '"1,570 亿美元"' in text
    assert row["date"] == ""


def test_csv_folder_has_every_family(kb: KnowledgeBase, tmp_path: Path) -> None:
    """With a folder, csv writes <family>.csv for every family, evidence.csv and field_values.csv, without a BOM."""
    folder = tmp_path / "tables"
    assert export(kb, "csv", folder) is None
    kinds = [*FAMILIES, "evidence", "field_values"]
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{kind}.csv" for kind in kinds)
    for kind in kinds:
        data = (folder / f"{kind}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8") == kb.export("csv", kind=kind)


def test_evidence_csv_has_every_quote(kb: KnowledgeBase) -> None:
    """evidence.csv: one row per quote, the round's three and its term's one among them, offsets as numbers."""
    rows = list(csv.DictReader(io.StringIO(kb.export("csv", kind="evidence"), newline="")))
    assert len(rows) == 49
    of_round = [row for row in rows if row["record"] == ROUND]
    assert [(row["path"], row["position"], row["start"], row["end"]) for row in of_round] == [
        ("$.evidence", "0", "164", "214"),
        ("$.evidence", "1", "138", "156"),
        ("$.evidence", "2", "1066", "1088"),
        ("$.terms[0].evidence", "0", "1101", "1142"),
    ]
    assert of_round[0]["record_label"] == "OpenAI funding round of US$6.6 billion"


@pytest.mark.parametrize("kind", [None, "investors", "evidence"])
def test_excel_csv_starts_with_a_byte_order_mark(kb: KnowledgeBase, kind: str | None) -> None:
    """excel=True puts U+FEFF before the very same CSV, which then reads back as UTF-8 with BOM ("utf-8-sig")."""
    plain = kb.export("csv", kind=kind)
    excel = kb.export("csv", kind=kind, excel=True)
    assert excel == "\ufeff" + plain
    assert excel.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert excel.encode("utf-8").decode("utf-8-sig") == plain


def test_excel_csv_files_start_with_a_byte_order_mark(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Every file of an excel folder, and one family's file, starts with the mark; the rest is the plain CSV."""
    kb.export("csv", tmp_path / "tables", excel=True)
    kb.export("csv", tmp_path / "people.csv", kind="people", excel=True)
    files = [*(tmp_path / "tables").iterdir(), tmp_path / "people.csv"]
    assert len(files) == len(FAMILIES) + 3
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert data[3:].decode("utf-8") == kb.export("csv", kind=path.stem)
    with pytest.raises(
        QueryError, match=r"^excel applies to the csv format only \(a byte-order mark for Excel\), not json$"
    ):
        kb.export("json", excel=True)


def test_csv_one_family_to_a_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    """With kind and a path, csv writes that family's file."""
    path = tmp_path / "people.csv"
    kb.export("csv", path, kind="person")
    assert path.read_bytes().decode("utf-8") == kb.export("csv", kind="people")


def test_csv_without_kind_or_path_is_every_record_in_one_table(kb: KnowledgeBase) -> None:
    """csv with neither kind nor path: one table, a family column first, every family's columns once."""
    rows = list(csv.DictReader(io.StringIO(kb.export("csv"))))
    assert len(rows) == len(kb)
    assert [row["id"] for row in rows if row["family"] == "investors"] == [i.id for i in kb.investors]
    valuation = next(row for row in rows if row["id"] == "valuation:openai-2024-10-post-money")
    assert (valuation["amount"], valuation["amount_currency"]) == ("157000000000", "USD")
    assert valuation["basis"] == "post_money"
    person = next(row for row in rows if row["id"] == "person:mira-murati")
    assert person["amount"] == ""
    assert person["name"] == "Mira Murati"
    header = kb.export("csv").splitlines()[0].split(",")
    assert header[:2] == ["family", "id"]
    assert len(header) == len(set(header))


# -- sqlite ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled knowledge base exported as a SQLite file."""
    path = tmp_path_factory.mktemp("sqlite") / "kb.sqlite"
    openai_kb.load().export("sqlite", path)
    return path


def _query(database: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_sqlite_join_investors_with_their_quotes(database: Path) -> None:
    """Plain SQL joins a round's investors to their names and evidence quotes."""
    rows = _query(
        database,
        """
        SELECT o.name, i.lead, e.quote, e.start, e."end"
        FROM investors AS i
        JOIN organizations AS o ON o.id = i.organization
        JOIN evidence AS e ON e.record_id = i.id AND e.path = '$.evidence'
        WHERE i.round = 'round:openai-2024-10'
        ORDER BY i.lead DESC, o.name
        """,
    )
    assert rows == [
        ("Thrive Capital", 1, "由纽约创投机构 Thrive Capital 领衔", 164, 189),
        ("Microsoft", 0, "微软、辉达等科技巨头共同参与的 66 亿美元投资", 190, 214),
        ("Nvidia", 0, "微软、辉达等科技巨头共同参与的 66 亿美元投资", 190, 214),
    ]


def test_sqlite_link_tables(database: Path) -> None:
    """Several references live in link tables, in their order; a term's barred competitors too."""
    participants = _query(
        database,
        """
        SELECT r.amount, r.amount_currency, o.name, n.text
        FROM funding_rounds AS r
        JOIN funding_rounds_participants AS p ON p.record_id = r.id
        JOIN organizations AS o ON o.id = p.target
        JOIN names AS n ON n.record_id = o.id AND n.language = 'zh-Hans' AND n.position = (
            SELECT min(position) FROM names WHERE record_id = o.id AND language = 'zh-Hans')
        ORDER BY p.position
        """,
    )
    assert participants == [(6600000000, "USD", "Microsoft", "微软"), (6600000000, "USD", "Nvidia", "英伟达")]
    barred = _query(
        database,
        """
        SELECT t.binds, t.barred_complete, b.target, e.start
        FROM funding_rounds_terms AS t
        JOIN funding_rounds_terms_barred AS b ON b.record_id = t.record_id AND b.term_position = t.position
        JOIN evidence AS e ON e.record_id = t.record_id AND e.path = '$.terms[0].evidence'
        ORDER BY b.position
        """,
    )
    assert barred == [("investors", 0, "org:anthropic", 1101), ("investors", 0, "org:xai", 1101)]


def test_sqlite_foreign_keys_hold(database: Path) -> None:
    """PRAGMA foreign_key_check finds nothing, and the checks are real: a dangling row would be refused."""
    assert _query(database, "PRAGMA foreign_key_check") == []
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
            connection.execute("INSERT INTO funding_rounds_participants VALUES ('round:openai-2024-10', 9, 'org:x')")
    finally:
        connection.close()


def test_sqlite_every_record_and_quote(kb: KnowledgeBase, database: Path) -> None:
    """records holds every record with its label; evidence every quote; names every name."""
    assert _query(database, "SELECT count(*) FROM records") == [(52,)]
    assert _query(database, "SELECT type, label FROM records WHERE id = 'departure:mira-murati'") == [
        ("departure", "Mira Murati left OpenAI (Chief Technology Officer)")
    ]
    quotes = sum(len(getattr(record, "evidence", ())) for record in kb)
    terms = sum(len(term.evidence) for round_ in kb.funding_rounds for term in round_.terms)
    assert _query(database, "SELECT count(*) FROM evidence") == [(quotes + terms,)]
    names = sum(len(getattr(record, "names", ())) + len(getattr(record, "title_names", ())) for record in kb)
    assert _query(database, "SELECT count(*) FROM names") == [(names,)]
    assert _query(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(6,)]
    assert _query(database, "SELECT count(*) FROM evidence WHERE prefix IS NULL OR suffix IS NULL") == [(0,)]
    thrive = "SELECT quote, start, prefix, suffix FROM evidence WHERE record_id LIKE 'investment:thrive-%'"
    assert _query(database, thrive) == [
        ("由纽约创投机构 Thrive Capital 领衔", 164, ",570 亿美元的惊人高度。这笔", ",微软、辉达等科技巨头共同参与的")
    ]


def test_sqlite_family_tables_leave_evidence_to_its_table(database: Path) -> None:
    """The family tables have no evidence columns (not even evidence_json): every quote is in evidence."""
    for (table,) in _query(database, "SELECT name FROM sqlite_master WHERE type = 'table'"):
        names = [row[1] for row in _query(database, f'PRAGMA table_info("{table}")')]
        assert table == "evidence" or not any(name.startswith("evidence") for name in names), table


def test_sqlite_column_types(database: Path) -> None:
    """Amounts are NUMERIC with the exact decimal as TEXT beside them, flags INTEGER, ids TEXT with a foreign key
    (but the record's own id and who a fact is attributed to, whose label is beside it)."""
    info = {row[1]: row[2] for row in _query(database, "PRAGMA table_info(investors)")}
    assert (info["amount"], info["amount_exact"], info["lead"], info["organization"]) == (
        "NUMERIC",
        "TEXT",
        "INTEGER",
        "TEXT",
    )
    assert list(info)[:3] == ["id", "label", "organization"]
    keys = {(row[3], row[2]) for row in _query(database, "PRAGMA foreign_key_list(investors)")}
    assert keys == {("organization", "organizations"), ("round", "funding_rounds")}
    assert _query(database, "SELECT typeof(amount), amount, amount_exact FROM valuations ORDER BY id LIMIT 1") == [
        ("integer", 150000000000, "150000000000")
    ]


def test_sqlite_sorts_amounts_as_numbers(database: Path) -> None:
    """ORDER BY amount DESC puts the US$157 billion valuation first and the US$6.6 billion round last."""
    rows = _query(
        database,
        """
        SELECT id, amount FROM valuations UNION ALL SELECT id, amount FROM funding_rounds
        ORDER BY amount DESC, id
        """,
    )
    assert rows[0] == ("valuation:openai-2024-10-post-money", 157000000000)
    assert rows[-1] == (ROUND, 6600000000)
    assert _query(database, "SELECT sum(amount), max(amount) FROM valuations") == [(457000000000, 157000000000)]


def test_sqlite_reads_into_pandas(database: Path) -> None:
    """pandas.read_sql reads the tables: amounts as numbers, and as exact text for Decimal()."""
    pandas = pytest.importorskip("pandas")
    connection = sqlite3.connect(database)
    try:
        frame = pandas.read_sql("SELECT id, amount, amount_exact, post_money_valuation FROM funding_rounds", connection)
    finally:
        connection.close()
    assert frame.to_dict("records") == [
        {"id": ROUND, "amount": 6600000000, "amount_exact": "6600000000", "post_money_valuation": 157000000000}
    ]
    assert str(frame["amount"].dtype) == "int64"
    assert Decimal(frame.loc[0, "amount_exact"]) == Decimal("6.6E+9")


def test_sqlite_bytes_without_a_path(kb: KnowledgeBase, database: Path) -> None:
    """Without a path, the sqlite export is the database file's bytes."""
    data = kb.export("sqlite")
    assert data.startswith(b"SQLite format 3\x00")
    assert data == database.read_bytes()


# -- json-ld -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    """The JSON-LD export parsed by rdflib, with the network cut off: nothing may be fetched."""
    pytest.importorskip("rdflib")
    text = openai_kb.load().export("jsonld")
    with pytest.MonkeyPatch.context() as patch:

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the JSON-LD parser tried to use the network")

        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        with warnings.catch_warnings():  # rdflib 7's own JSON-LD parser builds the graph class it deprecates
            warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
            return rdflib.Graph().parse(data=text, format="json-ld")


def test_jsonld_people_and_names(graph: rdflib.Graph) -> None:
    """Murati is a schema:Person whose names carry their language tags."""
    murati = iri("person:mira-murati")
    assert (murati, RDF.type, SDO.Person) in graph
    assert set(graph.objects(murati, SDO.name)) == {
        Literal("Mira Murati", lang="en"),
        Literal("米拉·穆拉蒂", lang="zh-Hans"),
        Literal("米拉·穆拉蒂", lang="zh-Hant"),
    }
    assert (murati, SDO.identifier, Literal("person:mira-murati")) in graph
    nvidia = iri("org:nvidia")
    assert (nvidia, RDF.type, SDO.Organization) in graph
    assert (nvidia, SDO.alternateName, Literal("辉达", lang="zh-Hans")) in graph


def test_jsonld_round_amount_is_an_exact_decimal(graph: rdflib.Graph) -> None:
    """The round's amount is a schema:MonetaryAmount of 6600000000 USD as an xsd:decimal."""
    round_ = iri(ROUND)
    assert (round_, RDF.type, KB.FundingRound) in graph
    (amount,) = graph.objects(round_, SDO.amount)
    assert (amount, RDF.type, SDO.MonetaryAmount) in graph
    assert (amount, SDO.currency, Literal("USD")) in graph
    (value,) = graph.objects(amount, SDO.value)
    assert value == Literal("6600000000", datatype=XSD.decimal)
    assert value.toPython() == Decimal("6600000000")
    (valuation,) = graph.objects(round_, KB.postMoneyValuation)
    assert (valuation, SDO.value, Literal("157000000000", datatype=XSD.decimal)) in graph


def test_jsonld_investors(graph: rdflib.Graph) -> None:
    """Every investor is a schema:funder of the round; the lead and participants are told apart."""
    round_ = iri(ROUND)
    assert set(graph.objects(round_, SDO.funder)) == {
        iri("org:thrive-capital"),
        iri("org:microsoft"),
        iri("org:nvidia"),
    }
    assert set(graph.objects(round_, KB.leadInvestor)) == {iri("org:thrive-capital")}
    assert (round_, KB.participant, iri("org:microsoft")) in graph
    investment = iri("investment:microsoft-openai-2024-10")
    assert (investment, RDF.type, SDO.InvestAction) in graph
    assert (investment, SDO.agent, iri("org:microsoft")) in graph
    assert (investment, KB.round, round_) in graph
    assert (investment, KB.lead, Literal(False)) in graph


def test_jsonld_evidence_is_a_web_annotation(graph: rdflib.Graph) -> None:
    """Evidence is an oa:Annotation: its body the fact, its target the quoted span, selected by quote and position."""
    fact = iri("investment:thrive-capital-openai-2024-10")
    (annotation,) = graph.objects(fact, KB.evidence)
    assert annotation == URIRef(f"{fact}#evidence-0")
    assert set(graph.objects(annotation, RDF.type)) == {OA.Annotation, KB.Evidence}
    assert set(graph.objects(annotation, OA.hasBody)) == {fact}
    assert set(graph.objects(annotation, OA.motivatedBy)) == {OA.describing}
    (target,) = graph.objects(annotation, OA.hasTarget)
    assert set(graph.objects(target, RDF.type)) == {OA.SpecificResource}
    assert set(graph.objects(target, OA.hasSource)) == {iri("source:huaxia-2024-10-14-openai")}
    selectors = {next(graph.objects(s, RDF.type)): s for s in graph.objects(target, OA.hasSelector)}
    assert set(selectors) == {OA.TextQuoteSelector, OA.TextPositionSelector}
    quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
    assert set(graph.predicate_objects(quote)) == {
        (RDF.type, OA.TextQuoteSelector),
        (OA.exact, Literal("由纽约创投机构 Thrive Capital 领衔")),
        (OA.prefix, Literal(",570 亿美元的惊人高度。这笔")),
        (OA.suffix, Literal(",微软、辉达等科技巨头共同参与的")),
    }
    assert set(graph.predicate_objects(position)) == {
        (RDF.type, OA.TextPositionSelector),
        (OA.start, Literal("164", datatype=XSD.nonNegativeInteger)),
        (OA.end, Literal("189", datatype=XSD.nonNegativeInteger)),
    }
    assert (annotation, KB.translation, Literal("led by New York venture firm Thrive Capital", lang="en")) in graph
    assert (annotation, SDO.position, Literal(0)) in graph


def test_jsonld_every_span_anchors_in_the_article(kb: KnowledgeBase, graph: rdflib.Graph, article: str) -> None:
    """Every annotation's selectors find its quote in the article: by position, and by exact text in its context."""
    annotations = set(graph.subjects(RDF.type, OA.Annotation))
    assert annotations == set(graph.subjects(RDF.type, KB.Evidence))
    assert len(annotations) == sum(1 for _ in evidence_of(kb, None)) == 49
    for annotation in annotations:
        (target,) = graph.objects(annotation, OA.hasTarget)
        (body,) = graph.objects(annotation, OA.hasBody)
        assert (body, KB.evidence, annotation) in graph
        found = {p: o.toPython() for s in graph.objects(target, OA.hasSelector) for p, o in graph.predicate_objects(s)}
        start, end, exact = found[OA.start], found[OA.end], found[OA.exact]
        assert article[start:end] == exact
        assert article.count(found[OA.prefix] + exact + found[OA.suffix]) == 1
        assert article[start - len(found[OA.prefix]) : end + len(found[OA.suffix])] == (
            found[OA.prefix] + exact + found[OA.suffix]
        )


def test_jsonld_annotations_of_entities_and_terms(graph: rdflib.Graph) -> None:
    """An entity's evidence identifies it; a term is a node of its own, the body of its evidence."""
    (term,) = graph.objects(iri(ROUND), KB["term"])
    assert term == URIRef(f"{iri(ROUND)}#terms-0")
    (annotation,) = graph.objects(term, KB.evidence)
    assert annotation == URIRef(f"{term}-evidence-0")
    assert (annotation, OA.hasBody, term) in graph
    assert (annotation, OA.motivatedBy, OA.describing) in graph
    entity_annotations = [
        (entity, annotation)
        for entity in graph.subjects(RDF.type, SDO.Organization)
        for annotation in graph.objects(entity, KB.evidence)
    ]
    assert entity_annotations
    for entity, annotation in entity_annotations:
        assert (annotation, OA.hasBody, entity) in graph
        assert (annotation, OA.motivatedBy, OA.identifying) in graph


def test_jsonld_evidence_without_context_has_no_prefix_or_suffix(mini: Path) -> None:
    """A span recorded without prefix or suffix has a TextQuoteSelector with the exact text alone."""
    small = openai_kb.load(mini)
    document = orjson.loads(small.export("jsonld"))
    node = next(n for n in document["@graph"] if n["schema:identifier"] == "departure:ada")
    (annotation,) = node["kb:evidence"]
    assert annotation["oa:hasTarget"]["oa:hasSelector"] == [
        {"@type": "oa:TextQuoteSelector", "oa:exact": "Ada left Acme"},
        {
            "@type": "oa:TextPositionSelector",
            "oa:start": {"@value": "32", "@type": "xsd:nonNegativeInteger"},
            "oa:end": {"@value": "45", "@type": "xsd:nonNegativeInteger"},
        },
    ]
    assert "kb:translation" not in annotation


def test_jsonld_departures_competitors_and_terms(graph: rdflib.Graph) -> None:
    """A departure is a schema:OrganizationRole; competitors and the exclusivity clause use kb: terms."""
    departure = iri("departure:mira-murati")
    assert (departure, RDF.type, SDO.OrganizationRole) in graph
    assert (departure, SDO.member, iri("person:mira-murati")) in graph
    assert (departure, SDO.roleName, Literal("Chief Technology Officer", lang="en")) in graph
    assert (departure, SDO.roleName, Literal("首席技术长", lang="zh-Hans")) in graph
    assert (departure, KB.recentWave, Literal(True)) in graph
    competition = iri("competition:anthropic-openai")
    assert (competition, KB.competitor, iri("org:anthropic")) in graph
    assert (competition, KB.competitorOf, iri("org:openai")) in graph
    (term,) = graph.objects(iri(ROUND), KB["term"])  # KB.term is the namespace's own method
    assert (term, RDF.type, KB.ExclusivityClause) in graph
    assert set(graph.objects(term, KB.barred)) == {iri("org:anthropic"), iri("org:xai")}
    valuation = iri("valuation:openai-2024-10-post-money")
    assert (valuation, KB.basis, Literal("post_money")) in graph
    assert list(graph.objects(valuation, KB.asOf)) == []  # the article dates none of its figures


@pytest.mark.parametrize(
    ("as_of", "datatype"), [("2024", XSD.gYear), ("2024-10", XSD.gYearMonth), ("2024-10-03", XSD.date)]
)
def test_jsonld_partial_dates_keep_their_precision(as_of: str, datatype: rdflib.URIRef) -> None:
    """A partial date is a year, a year and month, or a date literal, as precise as the source."""
    kb = openai_kb.load().add(
        openai_kb.load()["valuation:openai-2024-10-post-money"].model_copy(
            update={"id": "valuation:dated", "as_of": as_of}
        )
    )
    with warnings.catch_warnings():  # rdflib 7's own JSON-LD parser builds the graph class it deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = rdflib.Graph().parse(data=kb.export("jsonld"), format="json-ld")
    dated = rdflib.URIRef("https://openai-kb.invalid/id/valuation/dated")
    assert list(graph.objects(dated, KB.asOf)) == [Literal(as_of, datatype=datatype)]


def test_jsonld_every_record_is_a_node(kb: KnowledgeBase, graph: rdflib.Graph) -> None:
    """Each record has a node with its id and its English label."""
    for record in kb:
        assert (iri(record.id), SDO.identifier, Literal(record.id)) in graph
        assert (iri(record.id), rdflib.RDFS.label, Literal(kb.label(record), lang="en")) in graph


def test_jsonld_context_is_embedded(kb: KnowledgeBase) -> None:
    """The @context is an object of prefixes, not a URL to fetch."""
    document = orjson.loads(kb.export("jsonld"))
    assert document["@context"] == {
        "schema": "https://schema.org/",
        "kb": "https://openai-kb.invalid/ns#",
        "oa": "http://www.w3.org/ns/oa#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    assert len(document["@graph"]) == 52


def test_record_iri_escapes_the_slug() -> None:
    """A record's IRI is made from its id; characters that are not safe in a path are escaped."""
    assert record_iri("person:mira-murati") == "https://openai-kb.invalid/id/person/mira-murati"
    assert record_iri("claim:a/b?c#d") == "https://openai-kb.invalid/id/claim/a%2Fb%3Fc%23d"


# -- atomic writes and errors ------------------------------------------------------------------


def test_failed_export_leaves_the_old_file(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export interrupted after writing, before the rename, leaves the old database whole."""
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"old database")

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(SaveError) as caught:
        kb.export("sqlite", path)
    assert str(caught.value) == f"cannot save to {path}: input/output error; the old file is unchanged"
    assert path.read_bytes() == b"old database"
    assert list(tmp_path.iterdir()) == [path]


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    """An exported file gets the mode open() would give it, not the private mode of a temporary file."""
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a.json", b"{}")
    finally:
        os.umask(old)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o644


def test_missing_folder_names_the_path(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Writing into a folder that does not exist names the file asked for, not a temporary one."""
    path = tmp_path / "missing" / "kb.json"
    with pytest.raises(SaveError) as caught:
        kb.export("json", path)
    assert str(caught.value) == f"cannot save to {str(path)!r}: no such file or directory; nothing was written"


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_csv_folder_export_is_all_or_nothing(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up on the 6th of the tables' files changes none of them, and leaves no temporary file."""
    folder = tmp_path / "tables"
    kb.export("csv", folder)
    old = _folder_bytes(folder)
    changed = kb.replace(kb["org:nvidia"].model_copy(update={"location": "Santa Clara"}))
    write_all = atomic_module._write_all
    calls = []

    def sixth_fills_the_disk(descriptor: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 6:
            raise OSError(28, "No space left on device")
        write_all(descriptor, data)

    monkeypatch.setattr(atomic_module, "_write_all", sixth_fills_the_disk)
    with pytest.raises(SaveError) as caught:
        changed.export("csv", folder)
    sixth = folder / f"{list(FAMILIES)[5]}.csv"
    assert (
        str(caught.value) == f"cannot save to {sixth}: no space left on device; none of the {TABLES} files was changed"
    )
    assert _folder_bytes(folder) == old
    monkeypatch.undo()
    changed.export("csv", folder)
    assert _folder_bytes(folder) != old


def test_csv_folder_export_names_what_a_failed_rename_left(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a rename fail after two, the message names the two replaced and says the rest are unchanged."""
    folder = tmp_path / "tables"
    kb.export("csv", folder)
    old = _folder_bytes(folder)
    before = {name: (folder / name).stat().st_ino for name in old}
    changed = kb.replace(kb["org:nvidia"].model_copy(update={"location": "Santa Clara"}))
    replace = os.replace
    calls = []

    def third_fails(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(SaveError) as caught:
        changed.export("csv", folder)
    first, second, third, *rest = list(FAMILIES)
    assert str(caught.value) == (
        f"cannot save to {folder / (third + '.csv')}: input/output error; 2 of the {TABLES} files were replaced before "
        f"this one ({first}.csv, {second}.csv); the others are unchanged"
    )
    assert sorted(_folder_bytes(folder)) == sorted(old)  # no temporary left
    inodes = {name: (folder / name).stat().st_ino for name in old}
    assert [name for name in old if inodes[name] != before[name]] == [f"{first}.csv", f"{second}.csv"]
    assert all(_folder_bytes(folder)[f"{name}.csv"] == old[f"{name}.csv"] for name in [third, *rest])


def test_a_csv_folder_created_for_a_failed_export_is_removed(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder (and its missing parents) created for an export that wrote nothing is removed again."""

    def full(descriptor: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module, "_write_all", full)
    with pytest.raises(SaveError, match=rf"; none of the {TABLES} files was changed$"):
        kb.export("csv", tmp_path / "new" / "tables")
    assert list(tmp_path.iterdir()) == []


def test_csv_folder_that_is_a_file_or_cannot_be_made(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder path that is a file, lies under a file or cannot be created is a SaveError; the file stays."""
    file = tmp_path / "tables"
    file.write_bytes(b"mine")
    with pytest.raises(SaveError) as caught:
        kb.export("csv", file)
    assert str(caught.value) == (
        f"cannot save into {file}: it is a regular file, not a folder; give a folder's name; nothing was written"
    )
    with pytest.raises(SaveError) as caught:
        kb.export("csv", file / "inner")
    assert str(caught.value) == (
        f"cannot create the folder {str(file / 'inner')!r}: not a directory; nothing was written"
    )
    assert file.read_bytes() == b"mine"

    def read_only(self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")  # what a read-only parent gives (root is never refused)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(SaveError) as caught:
        kb.export("csv", tmp_path / "new")
    assert (
        str(caught.value)
        == f"cannot create the folder {str(tmp_path / 'new')!r}: permission denied; nothing was written"
    )
    assert list(tmp_path.iterdir()) == [file]


def test_unknown_format(kb: KnowledgeBase) -> None:
    """An unknown format is a QueryError naming the formats."""
    with pytest.raises(QueryError) as caught:
        kb.export("xml")
    assert str(caught.value) == "unknown export format 'xml'; formats: json, jsonl, csv, sqlite, jsonld"
    assert FORMATS == ("json", "jsonl", "csv", "sqlite", "jsonld")


def test_kind_is_for_csv_only(kb: KnowledgeBase) -> None:
    """kind picks one family's table; other formats hold every record and refuse it."""
    with pytest.raises(QueryError) as caught:
        kb.export("json", kind="investors")
    assert str(caught.value) == (
        "kind applies to the csv format only (one family's table); a json export holds every record"
    )
    with pytest.raises(QueryError) as caught:
        kb.export("csv", kind="investr")
    assert str(caught.value) == unknown_kind("investr", "investor", evidence=True)


def test_wrong_argument_types(kb: KnowledgeBase) -> None:
    """Arguments of the wrong type are TypeErrors that say what was expected."""
    with pytest.raises(TypeError, match=r"^export\(\) expects the format as a str, not NoneType$"):
        kb.export(None)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"^export\(\) expects a path \(str or os.PathLike\) or None, not int$"):
        kb.export("json", 3)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"^export\(\) expects the kind as a str or None, not list$"):
        kb.export("csv", kind=["people"])  # type: ignore[call-overload]


# -- the command line --------------------------------------------------------------------------


def run(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *args], stdout=stdout, stderr=subprocess.PIPE, check=False
    )


@pytest.mark.slow
def test_cli_json_to_stdout(kb: KnowledgeBase) -> None:
    """export --format json prints the data file, UTF-8, which loads back to the same records."""
    result = run("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == kb.export("json").encode("utf-8")


@pytest.mark.slow
def test_cli_csv_one_family(kb: KnowledgeBase) -> None:
    """export --format csv --kind prints one family's CSV."""
    result = run("export", "-f", "csv", "--kind", "investors")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    assert [(row["organization_label"], row["lead"]) for row in rows] == [
        ("Thrive Capital", "true"),
        ("Microsoft", "false"),
        ("Nvidia", "false"),
    ]


@pytest.mark.slow
def test_cli_csv_to_stdout_is_one_table() -> None:
    """csv to standard output without --kind prints every record in one table."""
    result = run("export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert len(rows) == 52
    assert rows[0]["family"] == "funding_rounds"


@pytest.mark.slow
def test_cli_writes_files(tmp_path: Path) -> None:
    """-o writes the export: a SQLite file, or a folder of CSV files; nothing goes to stdout."""
    database = tmp_path / "kb.sqlite"
    result = run("export", "--format", "sqlite", "-o", str(database))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert _query(database, "SELECT name FROM organizations WHERE id = 'org:thrive-capital'") == [("Thrive Capital",)]
    folder = tmp_path / "tables"
    assert run("export", "--format", "csv", "-o", str(folder)).returncode == 0
    assert sorted(path.name for path in folder.glob("*.csv")) == sorted(
        f"{kind}.csv" for kind in [*FAMILIES, "evidence", "field_values"]
    )


@pytest.mark.slow
def test_cli_sqlite_to_a_pipe() -> None:
    """sqlite to a pipe writes the database's bytes."""
    result = run("export", "--format", "sqlite")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"SQLite format 3\x00")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_refuses_sqlite_on_a_terminal() -> None:
    """sqlite to a terminal is refused with exit 2 and a hint, before any binary reaches it."""
    import pty

    leader, follower = pty.openpty()
    try:
        result = run("export", "--format", "sqlite", stdout=follower)
        os.set_blocking(leader, False)
        try:
            written = os.read(leader, 1024)
        except BlockingIOError:
            written = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 2
    assert written == b""
    assert result.stderr.decode().strip() == (
        "openai-kb: refusing to write a binary SQLite database to the terminal; "
        "use -o FILE or redirect: openai-kb export --format sqlite > kb.sqlite"
    )


@pytest.mark.slow
def test_cli_usage_errors() -> None:
    """An unknown format, --kind with another format and an unknown kind exit 2 with a message."""
    result = run("export", "--format", "xml")
    assert result.returncode == 2
    assert b"invalid choice: 'xml'" in result.stderr
    result = run("export", "--format", "json", "--kind", "people")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "openai-kb: --kind applies to --format csv only; a json export holds every record"
    )
    result = run("export", "--format", "csv", "--kind", "investr")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == (
        "openai-kb export: error: argument -k/--kind: " + unknown_kind("investr", "investor", evidence=True)
    )


@pytest.mark.slow
def test_cli_cannot_write(tmp_path: Path) -> None:
    """A path in a missing folder exits 1 naming the path and the reason."""
    path = tmp_path / "missing" / "kb.json"
    result = run("export", "--format", "json", "-o", str(path))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        f"openai-kb: cannot save to {str(path)!r}: no such file or directory; nothing was written"
    )


@pytest.mark.slow
def test_cli_own_data(mini: Path) -> None:
    """--data exports one's own knowledge base."""
    result = run("export", "--format", "jsonl", "--data", str(mini))
    assert result.returncode == 0, result.stderr
    assert [orjson.loads(line)["id"] for line in result.stdout.splitlines()][:2] == ["source:note", "org:acme"]


@pytest.mark.slow
def test_cli_help_shows_examples() -> None:
    """export --help shows examples and how csv and sqlite behave without -o."""
    text = run("export", "--help").stdout.decode()
    assert "openai-kb export --format sqlite -o openai-kb.sqlite" in text
    assert "openai-kb export --format csv --kind investors" in text
    assert "sqlite needs -o or a" in text


@pytest.mark.slow
def test_cli_dash_and_dev_stdout_are_standard_output(tmp_path: Path) -> None:
    """-o - writes to standard output (no file named -), and so does -o /dev/stdout on a pipe."""
    command = [sys.executable, "-m", "openai_kb.cli", "export", "--format", "jsonl", "-o"]
    expected = run("export", "--format", "jsonl").stdout
    for output in ("-", "/dev/stdout"):
        if output == "/dev/stdout" and not os.path.exists(output):
            continue
        result = subprocess.run([*command, output], capture_output=True, cwd=tmp_path, check=False)
        assert (result.returncode, result.stderr) == (0, b"")
        assert result.stdout == expected
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_cli_refuses_a_named_pipe(tmp_path: Path) -> None:
    """export -o FIFO exits 1 with the reason, and the FIFO stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("export", "--format", "json", "-o", str(fifo))
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr.decode() == (
        f"openai-kb: cannot save to {fifo}: it is a named pipe (FIFO), not a regular file; only a regular file "
        "or a new name is replaced, so nothing was written\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_cli_bad_output_paths_are_messages_not_tracebacks(tmp_path: Path) -> None:
    """A link loop, a name too long or a csv folder that is a file: exit 1 and one line, no traceback."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    (tmp_path / "file").write_bytes(b"mine")
    for args, start in (
        (["--format", "json", "-o", str(loop)], f"openai-kb: cannot save to {str(loop)!r}: too many levels"),
        (["--format", "json", "-o", str(tmp_path / ("a" * 300))], "openai-kb: cannot save to '"),
        (["--format", "csv", "-o", str(tmp_path / "file")], f"openai-kb: cannot save into {tmp_path / 'file'}: "),
    ):
        result = run("export", *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.decode().startswith(start)
        assert result.stderr.decode().endswith("; nothing was written\n")
        assert result.stderr.count(b"\n") == 1
