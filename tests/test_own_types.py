"""A user's own record type, declared in their code, works everywhere a built-in one does."""

from __future__ import annotations

import csv
import io
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import ClassVar, Literal

import orjson
import pytest

import openai_kb
from openai_kb import DataError, Evidence, Fact, KnowledgeBase, Money, Organization, QueryError, Record, Source
from openai_kb.models import OrganizationRef, PartialDate, PersonRef, RecordTypes

from .kinds import unknown_kind, unknown_type_in_a_file


class Acquisition(Fact):
    """One company buying another (an example of a type the library does not ship)."""

    type: Literal["acquisition"] = "acquisition"
    acquirer: OrganizationRef
    target: OrganizationRef
    amount: Money | None = None
    date: PartialDate | None = None


class Product(Record):
    """A node type of one's own: it draws as a node with an edge to its maker."""

    type: Literal["product"] = "product"
    family: ClassVar[str] = "products"
    graph_node: ClassVar[bool] = True
    name: str
    maker: OrganizationRef
    lead: PersonRef | None = None


NOTE = Source(id="source:test-note", title="A test note", language="en", length=64)
QUOTE = "Microsoft bought Inflection AI for $650 million"


def _acquisition(**changes: object) -> Acquisition:
    fields: dict[str, object] = {
        "id": "acquisition:microsoft-inflection",
        "acquirer": "org:microsoft",
        "target": "org:inflection",
        "amount": Money(amount=Decimal("650000000"), currency="USD", text="$650 million"),
        "date": "2024-03",
        "evidence": [Evidence(source=NOTE, quote=QUOTE, start=0, end=len(QUOTE))],
    }
    return Acquisition.model_validate({**fields, **changes})


@pytest.fixture(scope="module")
def grown() -> KnowledgeBase:
    """The bundled knowledge base with a note, an organization and an acquisition of one's own."""
    return openai_kb.load().add(NOTE, Organization(id="org:inflection", name="Inflection AI"), _acquisition())


def test_add_checks_references_as_for_built_in_types() -> None:
    """A dangling reference in a user's record is reported like any other."""
    with pytest.raises(DataError) as caught:
        openai_kb.load().add(NOTE, _acquisition())
    assert [str(problem) for problem in caught.value.problems] == [
        "<records>: record 'acquisition:microsoft-inflection' at $[1].target: reference to unknown id 'org:inflection'"
    ]


def test_a_reference_to_the_wrong_type_is_reported() -> None:
    """OrganizationRef refuses a person's id."""
    with pytest.raises(DataError, match=r"\$\[1\]\.target: 'person:sam-altman' is a person, expected organization"):
        openai_kb.load().add(NOTE, _acquisition(target="person:sam-altman"))


def test_records_and_families(grown: KnowledgeBase) -> None:
    """records(), the registry and repr know the new type."""
    assert [record.id for record in grown.records(Acquisition)] == ["acquisition:microsoft-inflection"]
    assert grown.types["acquisition"] is Acquisition
    assert grown.types.families["acquisitions"] == "acquisition"
    assert repr(grown).endswith(", claim=19, acquisition=1>")
    assert grown.acquisitions == grown.records(Acquisition)  # a family by name, as kb.investors
    with pytest.raises(AttributeError, match="'KnowledgeBase' object has no attribute 'acquisitionz'"):
        grown.acquisitionz  # noqa: B018
    assert "acquisition" not in openai_kb.load().types  # the bundled knowledge base is untouched


def test_table_and_pandas(grown: KnowledgeBase) -> None:
    """kb.table by type or family; references get labels, amounts stay exact."""
    (row,) = grown.table("acquisition")
    assert grown.table("acquisitions") == [row]
    assert (row["acquirer"], row["acquirer_label"], row["target_label"]) == (
        "org:microsoft",
        "Microsoft",
        "Inflection AI",
    )
    assert (row["amount"], row["amount_currency"], row["date"]) == (Decimal("650000000"), "USD", "2024-03")
    pandas = pytest.importorskip("pandas")
    frame = grown.to_pandas("acquisition")
    assert isinstance(frame, pandas.DataFrame)
    assert frame.loc[0, "target_label"] == "Inflection AI"


def test_label_search_about_and_mentions(grown: KnowledgeBase) -> None:
    """Its generic label reads as a sentence, is searchable, and profiles mention it."""
    label = "acquisition: acquirer Microsoft, target Inflection AI, amount US$650 million, date 2024-03"
    assert grown.label("acquisition:microsoft-inflection") == label
    assert grown.search("acquisition Inflection")[0].record.id == "acquisition:microsoft-inflection"
    assert [fact.id for fact in grown.mentions("org:inflection")] == ["acquisition:microsoft-inflection"]
    profile = grown.about("org:microsoft")
    assert "acquisition" in profile.by_type
    assert f"      - {label}  [acquisition:microsoft-inflection]" in str(profile)


def test_html(grown: KnowledgeBase) -> None:
    """The notebook views list the type and render its records."""
    assert ">acquisition</td>" in grown._repr_html_()
    assert "Inflection AI" in grown.about("acquisition:microsoft-inflection")._repr_html_()


def test_graph(grown: KnowledgeBase) -> None:
    """Edges come from its reference fields, named after the type and the field."""
    assert '    org_microsoft -->|"acquisition: target"| org_inflection\n' in grown.to_mermaid()
    assert '"org:microsoft" -> "org:inflection" [label="acquisition: target"];' in grown.to_dot()
    networkx = pytest.importorskip("networkx")
    graph = grown.to_networkx()
    assert isinstance(graph, networkx.MultiDiGraph)
    edge = graph.get_edge_data("org:microsoft", "org:inflection")["acquisition:microsoft-inflection"]
    assert (edge["relation"], edge["label"]) == ("acquisition", "acquisition: target")


def test_a_node_type_of_ones_own_draws_as_a_node(grown: KnowledgeBase) -> None:
    """A type that declares graph_node draws as a node, with an edge to each record it refers to."""
    kb = grown.add(Product(id="product:pi", name="Pi", maker="org:inflection", lead="person:sam-altman"))
    mermaid = kb.to_mermaid()
    assert '    product_pi["product: name Pi, maker Inflection AI, lead Sam Altman"]\n' in mermaid
    assert '    product_pi -->|"product: maker"| org_inflection\n' in mermaid
    assert '    product_pi -->|"product: lead"| person_sam_altman\n' in mermaid
    assert kb.types.families["products"] == "product"


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "jsonld"])
def test_text_exports(grown: KnowledgeBase, format: str) -> None:
    """Every text export carries the record."""
    text = grown.export(format)
    assert "acquisition:microsoft-inflection" in text
    if format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        (row,) = [row for row in rows if row["family"] == "acquisitions"]
        assert (row["acquirer_label"], row["amount"]) == ("Microsoft", "650000000")
    if format == "jsonld":
        (node,) = [n for n in orjson.loads(text)["@graph"] if n["schema:identifier"].startswith("acquisition:")]
        assert node["@type"] == "kb:Acquisition"
        assert node["schema:amount"]["schema:value"] == {"@value": "650000000", "@type": "xsd:decimal"}


def test_sqlite_and_csv_folder(grown: KnowledgeBase, tmp_path: Path) -> None:
    """SQLite gets a table for the family with foreign keys; the CSV folder a file."""
    grown.export("sqlite", tmp_path / "kb.sqlite")
    with sqlite3.connect(tmp_path / "kb.sqlite") as connection:
        rows = connection.execute(
            'SELECT a.id, o.name FROM acquisitions a JOIN organizations o ON o.id = a."target"'
        ).fetchall()
        assert rows == [("acquisition:microsoft-inflection", "Inflection AI")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    grown.export("csv", tmp_path / "tables")
    assert (tmp_path / "tables" / "acquisitions.csv").read_text(encoding="utf-8").startswith("id,acquirer,")


def test_save_and_load_with_types(grown: KnowledgeBase, tmp_path: Path) -> None:
    """Saved, it loads back equal when its type is passed."""
    path = grown.save(tmp_path / "kb.json")
    assert openai_kb.load(path, types=[Acquisition]) == grown


def test_load_without_types_names_the_type(grown: KnowledgeBase, tmp_path: Path) -> None:
    """Without types=, the unknown type is named with how to pass it."""
    path = grown.save(tmp_path / "kb.json")
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    (problem,) = caught.value.problems
    assert problem.record == "acquisition:microsoft-inflection"
    assert problem.message == unknown_type_in_a_file("acquisition", model="Acquisition")


def test_json_schema() -> None:
    """json_schema() takes the model."""
    schema = openai_kb.json_schema(Acquisition)
    assert schema["properties"]["type"]["const"] == "acquisition"
    assert {"acquirer", "target", "amount", "evidence"} <= set(schema["properties"])


def test_types_must_be_record_models() -> None:
    """types= takes record classes; anything else is a TypeError."""
    with pytest.raises(TypeError, match=r"a record type is a subclass of openai_kb\.Record, not Money"):
        openai_kb.load(types=[Money])
    with pytest.raises(TypeError, match="types must be an iterable of record models, not str"):
        openai_kb.load(types="acquisition")  # type: ignore[arg-type]


def test_two_models_with_one_tag_are_refused() -> None:
    """Two different models may not share a type tag."""

    class Other(Fact):
        type: Literal["acquisition"] = "acquisition"

    with pytest.raises(TypeError, match="two models share the type tag 'acquisition'"):
        RecordTypes([Acquisition, Other])


def test_search_types_filter_knows_the_type(grown: KnowledgeBase) -> None:
    """search(types=...) accepts the new type and refuses unknown ones."""
    assert [m.record.type for m in grown.search("Inflection", types=["acquisition"])] == ["acquisition"]
    assert grown.search("Inflection", types=["Acquisitions"]) == grown.search("Inflection", types=["acquisition"])
    with pytest.raises(QueryError) as caught:
        grown.search("Inflection", types=["merger"])
    assert str(caught.value) == unknown_kind("merger", types=grown.types)
