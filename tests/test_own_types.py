"""A user's own record type, declared in their code, works everywhere a built-in one does."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import ClassVar, Literal

import orjson
import pytest
from pydantic import StrictBool

import openai_kb
from openai_kb import DataError, Evidence, Fact, KnowledgeBase, Money, Organization, QueryError, Record, Source
from openai_kb.models import Clause, Link, OrganizationRef, PartialDate, PersonRef, RecordTypes, Titles
from openai_kb.outputs._graph import build_graph

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


# -- a type of one's own that says how it reads, draws and exports --------------------------------


class Buyout(Fact):
    """A type that declares its label, its node's caption and look, its edges and its JSON-LD predicates."""

    type: Literal["buyout"] = "buyout"
    graph_node: ClassVar[bool] = True
    label_template: ClassVar[str | None] = "{buyer} bought {target}[ for {amount}]"
    graph_caption: ClassVar[str | None] = "buyout {amount}[ / {amount.text}]"
    graph_shape: ClassVar[str] = "hexagon"
    graph_colours: ClassVar[tuple[str, str] | None] = ("#fff3e0", "#e65100")
    graph_links: ClassVar[tuple[Link, ...]] = (
        Link("buyer", "id", "{hostile:took_over|bought}", "{hostile:took over|bought}", line="{hostile:thick|plain}"),
        Link("id", "target", "of", "of[ {date}]", line="dashed"),
    )
    jsonld_predicates: ClassVar[Mapping[str, str]] = {"buyer": "schema:buyer", "target": "schema:object"}
    jsonld_extra: ClassVar[Mapping[str, tuple[str, ...]]] = {"schema:participant": ("buyer", "target")}
    buyer: OrganizationRef
    target: OrganizationRef
    hostile: StrictBool = False
    amount: Money | None = None
    date: PartialDate | None = None


def _bought(**changes: object) -> KnowledgeBase:
    """The bundled knowledge base with Microsoft buying Inflection AI as a Buyout."""
    fields: dict[str, object] = {
        "id": "buyout:microsoft-inflection",
        "buyer": "org:microsoft",
        "target": "org:inflection",
        "amount": Money(amount=Decimal("650000000"), currency="USD", text="$650 million"),
        "date": "2024-03",
        "evidence": [Evidence(source=NOTE, quote=QUOTE, start=0, end=len(QUOTE))],
    }
    deal = Buyout.model_validate({**fields, **changes})
    return openai_kb.load().add(NOTE, Organization(id="org:inflection", name="Inflection AI"), deal)


def test_a_declared_label_template_words_the_label() -> None:
    """kb.label, search and tables read the type's own label; an empty optional part vanishes."""
    kb = _bought()
    assert kb.label("buyout:microsoft-inflection") == "Microsoft bought Inflection AI for US$650 million"
    assert kb.search("Microsoft bought Inflection")[0].record.id == "buyout:microsoft-inflection"
    assert _bought(amount=None).label("buyout:microsoft-inflection") == "Microsoft bought Inflection AI"


def test_a_declared_caption_shape_and_links_draw() -> None:
    """The node has its caption, shape and colours; its links draw after the built-in relations, lines and all."""
    mermaid = _bought().to_mermaid().splitlines()
    assert '    buyout_microsoft_inflection{{"buyout US$650 million / $650 million"}}' in mermaid
    edges = [line for line in mermaid if "-->" in line or "->" in line]
    assert edges[-2:] == [
        '    org_microsoft -->|"bought"| buyout_microsoft_inflection',
        '    buyout_microsoft_inflection -.->|"of 2024-03"| org_inflection',
    ]
    assert mermaid[-2:] == [
        "    classDef buyout fill:#fff3e0,stroke:#e65100,color:#1a1a1a",
        "    class buyout_microsoft_inflection buyout",
    ]
    dot = _bought(hostile=True).to_dot()
    assert (
        '    "buyout:microsoft-inflection" [label="buyout US$650 million / $650 million", shape=hexagon, style=filled, '
        'fillcolor="#fff3e0", color="#e65100", fontcolor="#1a1a1a"];\n'
    ) in dot
    assert '    "org:microsoft" -> "buyout:microsoft-inflection" [label="took over", style=bold];\n' in dot
    assert '    "buyout:microsoft-inflection" -> "org:inflection" [label="of 2024-03", style=dashed];\n' in dot
    relations = [edge.relation for edge in build_graph(_bought(hostile=True)).edges][-2:]
    assert relations == ["took_over", "of"]


def test_declared_jsonld_predicates_export() -> None:
    """JSON-LD uses the type's predicates for its fields and adds its extra predicates."""
    (node,) = [n for n in orjson.loads(_bought().export("jsonld"))["@graph"] if n["@type"] == "kb:Buyout"]
    assert node["rdfs:label"] == {"@value": "Microsoft bought Inflection AI for US$650 million", "@language": "en"}
    assert node["schema:buyer"] == {"@id": "https://openai-kb.invalid/id/org/microsoft"}
    assert node["schema:object"] == {"@id": "https://openai-kb.invalid/id/org/inflection"}
    assert node["kb:hostile"] is False
    assert list(node)[-1] == "schema:participant"
    assert node["schema:participant"] == [
        {"@id": "https://openai-kb.invalid/id/org/microsoft"},
        {"@id": "https://openai-kb.invalid/id/org/inflection"},
    ]


class Appointment(Fact):
    """A type whose role, like a departure's title, also finds the person, alone or after the organization."""

    type: Literal["appointment"] = "appointment"
    label_template: ClassVar[str | None] = "{person} joined {organization} as {role}"
    search_titles: ClassVar[Titles | None] = Titles((("role", "en"),), of="person", at="organization")
    person: PersonRef
    organization: OrganizationRef
    role: str


def test_declared_search_titles_find_the_person() -> None:
    """A role declared in search_titles finds the person first, then the appointment, as a title does."""
    note = Source(id="source:memo", title="A memo", language="en")
    hired = Appointment(
        id="appointment:altman-microsoft",
        person="person:sam-altman",
        organization="org:microsoft",
        role="Chief Dreamer",
        evidence=[Evidence(source=note, quote="Altman joins", start=0, end=12)],
    )
    kb = openai_kb.load().add(note, hired)
    found = kb.search("Microsoft Chief Dreamer")
    assert [(match.record.id, match.score, match.matched.field) for match in found][:2] == [
        ("person:sam-altman", 100.0, "title"),
        ("appointment:altman-microsoft", 97.0, "title"),
    ]


class Covenant(Clause):
    """A clause of one's own: it shows in a cell by its label, draws edges and exports by its fields."""

    kind: Literal["covenant"] = "covenant"
    label_template: ClassVar[str | None] = "covenant protecting {protects}"
    graph_links: ClassVar[tuple[Link, ...]] = (Link("id", "protects", "protects", "protects", line="dotted"),)
    jsonld_classes: ClassVar[tuple[str, ...]] = ("kb:Covenant",)
    protects: tuple[OrganizationRef, ...]
    senior: StrictBool = False
    description: str | None = None
    evidence: tuple[Evidence, ...]


class Loan(Fact):
    """A node type holding clauses of its own."""

    type: Literal["loan"] = "loan"
    graph_node: ClassVar[bool] = True
    lender: OrganizationRef
    covenants: tuple[Covenant, ...] = ()


def test_a_clause_of_ones_own(tmp_path: Path) -> None:
    """Its table cell, its SQLite tables, its JSON-LD node and its edges come from what the clause declares."""
    evidence = [Evidence(source=NOTE, quote=QUOTE, start=0, end=len(QUOTE))]
    covenant = Covenant(protects=["org:nvidia", "org:xai"], senior=True, evidence=evidence)
    loan = Loan(id="loan:1", lender="org:microsoft", covenants=[covenant], evidence=evidence)
    kb = openai_kb.load().add(NOTE, loan)
    assert kb.table("loans")[0]["covenants"] == "covenant protecting org:nvidia, org:xai"
    assert '    loan_1 -.->|"protects"| org_xai\n' in kb.to_mermaid()
    (node,) = [n for n in orjson.loads(kb.export("jsonld"))["@graph"] if n["@type"] == "kb:Loan"]
    (term,) = node["kb:covenants"]
    assert (term["@type"], term["kb:senior"], term["kb:protects"][1]) == (
        "kb:Covenant",
        True,
        {"@id": "https://openai-kb.invalid/id/org/xai"},
    )
    kb.export("sqlite", tmp_path / "kb.sqlite")
    with sqlite3.connect(tmp_path / "kb.sqlite") as connection:
        assert connection.execute("SELECT * FROM loans_covenants").fetchall() == [("loan:1", 0, "covenant", 1, None)]
        assert connection.execute("SELECT target_label FROM loans_covenants_protects_named").fetchall() == [
            ("Nvidia",),
            ("xAI",),
        ]


def test_a_type_tag_of_any_characters_is_a_plain_mermaid_class_name() -> None:
    """A coloured type whose tag holds spaces or punctuation is styled by a class name of letters, digits and _."""

    class OddDeal(Buyout):
        type: Literal["odd deal;x"] = "odd deal;x"  # type: ignore[assignment]

    deal = OddDeal.model_validate(
        {
            "id": "buyout:odd",
            "buyer": "org:microsoft",
            "target": "org:openai",
            "evidence": [Evidence(source=NOTE, quote=QUOTE, start=0, end=len(QUOTE))],
        }
    )
    mermaid = openai_kb.load().add(NOTE, deal).to_mermaid().splitlines()
    assert mermaid[-2:] == [
        "    classDef odd_deal_x fill:#fff3e0,stroke:#e65100,color:#1a1a1a",
        "    class buyout_odd odd_deal_x",
    ]
