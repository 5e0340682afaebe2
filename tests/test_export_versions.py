"""Every source's values in every export: json and jsonl write every version, CSV and ``kb.table`` have
``field_values``, JSON-LD a statement per value where the sources differ; data of one version each as before.

The bundled article combined with a note of our own (``tests/thrive_note.py``): the note names
Thrive Capital "Thrive Capital Partners" and gives the round as US$6.5 billion (the article: US$6.6
billion), so two fields differ; it also gives Thrive's share, US$1.2 billion, of which the article says nothing.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase
from openai_kb.outputs._field_values import NAMES
from openai_kb.outputs._tabular import columns
from openai_kb.outputs.exports.json_ld import CONTEXT, RDF, record_iri
from openai_kb.reading._store import SCHEMA_REF, dumps_records, record_data

from .cli import run_cli
from .reports import note_a
from .thrive_note import ARTICLE, NOTE_ID, combined, note_records

ROUND = "round:openai-2024-10"
THRIVE = "org:thrive-capital"
NOTE_LABEL = "A note on Thrive"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The bundled data, then the note."""
    return combined()


# -- json and jsonl -----------------------------------------------------------------------------


def test_json_export_writes_every_version_and_loads_back_equal(kb: KnowledgeBase, tmp_path: Path) -> None:
    """export("json") holds each version as its source gave it, in order: load() of it equals the knowledge base."""
    path = tmp_path / "combined.json"
    kb.export("json", path)
    assert openai_kb.load(path) == kb
    records = orjson.loads(path.read_bytes())["records"]
    assert len(records) == len(kb.origins()) == len(kb) + 3
    assert records == [record_data(item.record) for item in kb.origins()]
    rounds = [record["amount"]["amount"] for record in records if record["id"] == ROUND]
    assert rounds == ["6600000000", "6500000000"]
    assert path.read_bytes() == kb.save(tmp_path / "saved.json", schema=SCHEMA_REF).read_bytes()


@pytest.mark.parametrize("made", [openai_kb.load, note_a], ids=["bundled", "built-in-code"])
def test_json_export_of_one_version_each_is_as_before(made: Any, tmp_path: Path) -> None:
    """With one version per record the json export is its records, as save writes them; jsonl is those records."""
    single = made()
    assert len(single.origins()) == len(single)
    assert single.export("json").encode("utf-8") == single.save(tmp_path / "saved.json", schema=SCHEMA_REF).read_bytes()
    assert orjson.loads(single.export("json"))["records"] == orjson.loads(dumps_records(list(single)))["records"]
    assert single.export("jsonl").encode("utf-8") == b"".join(
        orjson.dumps(record_data(record), option=orjson.OPT_APPEND_NEWLINE) for record in single
    )


def test_jsonl_has_a_line_per_version(kb: KnowledgeBase) -> None:
    """jsonl: the json export's records a line each; a record two sources describe has two lines. A line is a
    record alone (a version each): whose a version without evidence is, and that the versions go together,
    the json export's top-level keys say."""
    lines = [orjson.loads(line) for line in kb.export("jsonl").splitlines()]
    assert lines == orjson.loads(kb.export("json"))["records"]
    assert [line["name"] for line in lines if line["id"] == THRIVE] == ["Thrive Capital", "Thrive Capital Partners"]
    assert [kb.types.adapter().validate_python(line) for line in lines] == [item.record for item in kb.origins()]


# -- field_values: kb.table, to_pandas and CSV --------------------------------------------------


def test_field_values_table_has_a_row_per_value_and_source(kb: KnowledgeBase) -> None:
    """kb.table("field_values"): the round's two amounts, each with its source, quote and position."""
    rows = [row for row in kb.table("field_values") if row["record"] == ROUND and row["field"] == "amount"]
    label = "OpenAI funding round of US$6.6 billion"
    assert rows == [
        {
            "record": ROUND, "record_label": label, "field": "amount", "position": 0,
            "value": '{"amount":"6600000000","currency":"USD","qualifier":"exact","text":"66 亿美元"}',
            "assertion": "stated", "attributed_to": None, "attribution": None,
            "source": ARTICLE, "source_label": kb.label(ARTICLE),
            "quote": "由纽约创投机构 Thrive Capital 领衔,微软、辉达等科技巨头共同参与的 66 亿美元投资",
        },
        {
            "record": ROUND, "record_label": label, "field": "amount", "position": 1,
            "value": '{"amount":"6500000000","currency":"USD","qualifier":"exact","text":"US$6.5 billion"}',
            "assertion": "stated", "attributed_to": None, "attribution": None,
            "source": NOTE_ID, "source_label": NOTE_LABEL,
            "quote": "OpenAI's round of US$6.5 billion",
        },
    ]  # fmt: skip
    assert [column.name for column in columns("field_values")] == list(NAMES)
    assert kb.table("Field values") == kb.table("field_values")


def test_field_values_are_the_sqlite_tables_rows_with_labels(kb: KnowledgeBase) -> None:
    """The table's rows are the SQLite export's field_values rows, in order, a label beside each id."""
    db = sqlite3.connect(":memory:")
    db.deserialize(kb.export("sqlite"))
    stored = db.execute(
        "SELECT record_id, field, position, value, assertion, attributed_to, attribution, source_id, quote"
        " FROM field_values ORDER BY rowid"
    ).fetchall()
    db.close()
    named = ("record", "field", "position", "value", "assertion", "attributed_to", "attribution", "source", "quote")
    table = [tuple(row[name] for name in named) for row in kb.table("field_values")]
    assert table == stored
    assert len(table) == 221


def test_a_later_sources_value_is_in_the_field_values_csv(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The CSV folder has field_values.csv: Thrive's two names, each with its source, and its share from the note."""
    kb.export("csv", tmp_path / "tables")
    text = (tmp_path / "tables" / "field_values.csv").read_bytes().decode("utf-8")
    assert text == kb.export("csv", kind="field_values")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(NAMES)
    names = [
        (r["position"], json.loads(r["value"]), r["source"])
        for r in rows
        if (r["record"], r["field"]) == (THRIVE, "name")
    ]
    assert names == [("0", "Thrive Capital", ARTICLE), ("1", "Thrive Capital Partners", NOTE_ID)]
    share = [r for r in rows if r["record"] == "investment:thrive-capital-openai-2024-10" and r["field"] == "amount"]
    assert [(r["position"], json.loads(r["value"])["amount"], r["source"], r["quote"]) for r in share] == [
        ("0", "1200000000", NOTE_ID, "put US$1.2 billion into OpenAI")
    ]


def test_field_values_of_one_source_name_it(tmp_path: Path) -> None:
    """On the bundled data each value has one row, the article's: a quoted value, and one no quote supports
    (the article's own fields, which are its own; what its file describes without quotes, which its file declares)."""
    kb = openai_kb.load()
    rows = kb.table("field_values")
    assert {row["source"] for row in rows} == {ARTICLE}
    assert [row for row in rows if row["record"] == THRIVE and row["field"] == "location"] == [
        {
            "record": THRIVE, "record_label": "Thrive Capital", "field": "location", "position": 0,
            "value": '"New York"', "assertion": None, "attributed_to": None, "attribution": None,
            "source": ARTICLE, "source_label": kb.label(ARTICLE),
            "quote": "纽约创投机构 Thrive Capital",
        }
    ]  # fmt: skip
    own = [row for row in rows if row["record"] == ARTICLE and row["field"] == "language"]
    assert [(row["value"], row["source"], row["quote"]) for row in own] == [('"zh-Hans"', ARTICLE, None)]


def test_field_values_to_pandas_counts_positions_as_integers(kb: KnowledgeBase) -> None:
    """to_pandas("field_values"): position is a nullable integer, the rest text."""
    pytest.importorskip("pandas")
    frame = kb.to_pandas("field_values")
    assert list(frame.columns) == list(NAMES)
    assert str(frame["position"].dtype) == "Int64"
    by_note = frame[frame["source"] == NOTE_ID]
    assert by_note[["record", "field", "position"]].values.tolist() == [
        [ROUND, "company", 0],
        [ROUND, "amount", 1],
        [ROUND, "lead_investors", 0],
        ["investment:thrive-capital-openai-2024-10", "organization", 0],
        ["investment:thrive-capital-openai-2024-10", "round", 0],
        ["investment:thrive-capital-openai-2024-10", "lead", 0],
        ["investment:thrive-capital-openai-2024-10", "amount", 0],
        [THRIVE, "name", 1],
        [THRIVE, "names", 1],
        *([NOTE_ID, field, 0] for field in ("title", "language", "length", "sha256")),  # the note's own
    ]


def test_export_kind_field_values_on_the_command_line(tmp_path: Path) -> None:
    """openai-kb export --format csv --kind field_values prints the table the library writes."""
    note = tmp_path / "note.json"
    note.write_bytes(orjson.dumps({"records": note_records()}))
    result = run_cli(
        "export", "--format", "csv", "--kind", "field_values", "--data", str(openai_kb.BUNDLED), "--data", str(note)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == combined().export("csv", kind="field_values").splitlines()  # a pipe: text mode


# -- JSON-LD ------------------------------------------------------------------------------------


def _node(document: dict[str, Any], record_id: str) -> dict[str, Any]:
    return next(node for node in document["@graph"] if node["schema:identifier"] == record_id)


def test_jsonld_states_each_sources_name(kb: KnowledgeBase) -> None:
    """Thrive's node shows the article's name, and a statement per name, each with its source and annotated quote."""
    node = _node(json.loads(kb.export("jsonld")), THRIVE)
    subject = record_iri(THRIVE)
    assert node["schema:name"][0] == {"@value": "Thrive Capital", "@language": "en"}
    first, second = node["kb:statement"]
    assert {key: value for key, value in second.items() if key != "kb:evidence"} == {
        "@id": f"{subject}#values-name-1",
        "@type": ["rdf:Statement", "kb:Statement"],
        "rdf:subject": {"@id": subject},
        "rdf:predicate": {"@id": "schema:name"},
        "rdf:object": {"@value": "Thrive Capital Partners", "@language": "en"},
        "schema:position": 1,
        "kb:source": [{"@id": record_iri(NOTE_ID)}],
    }
    assert second["kb:evidence"] == [
        {
            "@id": f"{subject}#values-name-1-evidence-0",
            "@type": ["oa:Annotation", "kb:Evidence"],
            "oa:motivatedBy": {"@id": "oa:describing"},
            "oa:hasBody": {"@id": f"{subject}#values-name-1"},
            "oa:hasTarget": {
                "@type": "oa:SpecificResource",
                "oa:hasSource": {"@id": record_iri(NOTE_ID)},
                "oa:hasSelector": [
                    {
                        "@type": "oa:TextQuoteSelector",
                        "oa:exact": "Thrive Capital Partners, which some call Thrive Partners",
                        "oa:prefix": "",
                        "oa:suffix": ", put US$1.2 bil",
                    },
                    {
                        "@type": "oa:TextPositionSelector",
                        "oa:start": {"@value": "0", "@type": "xsd:nonNegativeInteger"},
                        "oa:end": {"@value": "56", "@type": "xsd:nonNegativeInteger"},
                    },
                ],
            },
            "schema:position": 0,
        }
    ]
    assert first["rdf:object"] == {"@value": "Thrive Capital", "@language": "en"}
    assert first["kb:source"] == [{"@id": record_iri(ARTICLE)}]
    assert [a["oa:hasTarget"]["oa:hasSelector"][0]["oa:exact"] for a in first["kb:evidence"]] == [
        "纽约创投机构 Thrive Capital"
    ]


def test_jsonld_states_each_sources_amount_as_the_node_gives_it(kb: KnowledgeBase) -> None:
    """The round: the first statement's object is the node's own amount; the second the note's; each says how
    each source holds it (kb:holding)."""
    document = json.loads(kb.export("jsonld"))
    assert document["@context"] == {**CONTEXT, "rdf": RDF}
    node = _node(document, ROUND)
    statements = node["kb:statement"]
    assert [s["@id"].rsplit("#", 1)[1] for s in statements] == ["values-amount-0", "values-amount-1"]
    assert statements[0]["rdf:object"] == node["schema:amount"]
    assert statements[1]["rdf:object"] == {
        "@type": "schema:MonetaryAmount",
        "schema:currency": "USD",
        "schema:value": {"@value": "6500000000", "@type": "xsd:decimal"},
        "kb:qualifier": "exact",
        "kb:text": "US$6.5 billion",
    }
    assert [(s["kb:holding"], s["kb:source"], len(s["kb:evidence"])) for s in statements] == [
        ([{"kb:assertion": "stated", "kb:source": {"@id": record_iri(ARTICLE)}}], [{"@id": record_iri(ARTICLE)}], 3),
        ([{"kb:assertion": "stated", "kb:source": {"@id": record_iri(NOTE_ID)}}], [{"@id": record_iri(NOTE_ID)}], 1),
    ]
    share = _node(document, "investment:thrive-capital-openai-2024-10")
    assert "kb:statement" not in share  # only the note gives an amount: nothing differs
    assert share["schema:amount"]["schema:value"] == {"@value": "1200000000", "@type": "xsd:decimal"}


def test_jsonld_of_one_version_each_has_no_statements() -> None:
    """The bundled data and a note alone: no statement, and the context as it always was."""
    for single in (openai_kb.load(), note_a()):
        document = json.loads(single.export("jsonld"))
        assert document["@context"] == CONTEXT
        assert not any("kb:statement" in node for node in document["@graph"])


def test_jsonld_statements_read_as_rdf(kb: KnowledgeBase) -> None:
    """rdflib reads each source's value of each differing field through rdf:Statement."""
    rdflib = pytest.importorskip("rdflib")
    with warnings.catch_warnings():  # rdflib 7's own JSON-LD parser builds the graph class it deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = rdflib.Graph().parse(data=kb.export("jsonld"), format="json-ld")
    query = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX kb: <https://openai-kb.invalid/ns#>
        PREFIX schema: <https://schema.org/>
        SELECT ?subject ?predicate ?value ?source WHERE {
            ?statement a rdf:Statement ; rdf:subject ?subject ; rdf:predicate ?predicate ;
                rdf:object ?object ; kb:source ?source .
            { ?object schema:value ?value } UNION { ?statement rdf:object ?value FILTER(isLiteral(?value)) }
        } ORDER BY ?subject ?value"""
    found = [tuple(str(term) for term in row) for row in graph.query(query)]
    assert found == [
        (record_iri(THRIVE), "https://schema.org/name", "Thrive Capital", record_iri(ARTICLE)),
        (record_iri(THRIVE), "https://schema.org/name", "Thrive Capital Partners", record_iri(NOTE_ID)),
        (record_iri(ROUND), "https://schema.org/amount", "6500000000", record_iri(NOTE_ID)),
        (record_iri(ROUND), "https://schema.org/amount", "6600000000", record_iri(ARTICLE)),
    ]
