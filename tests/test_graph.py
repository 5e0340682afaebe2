"""Pictures of the article: Mermaid, Graphviz DOT and networkx, built from record types, never from ids."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase
from openai_kb.outputs._graph import build_graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "mini" / "records.json"

# A small grammar of what to_mermaid writes: a header, node lines, edge lines, class lines.
_MERMAID_TEXT = r'[^"<>#|`&%]*(?:#\w+;[^"<>#|`&%]*)*'  # no raw quote, <, >, #, |, backtick, & or %: entity codes
_MERMAID_ID = r"[A-Za-z0-9_]+"
_OPEN = r'\["|\("|\{\{"|\(\["|\[\["'
_CLOSE = r'"\]|"\)|"\}\}|"\]\)|"\]\]'
MERMAID_NODE = re.compile(rf"^    (?P<id>{_MERMAID_ID})(?:{_OPEN})(?P<label>{_MERMAID_TEXT})(?:{_CLOSE})$")
MERMAID_EDGE = re.compile(
    rf'^    (?P<source>{_MERMAID_ID}) (?P<arrow>-->|==>|-\.->|<-->)\|"(?P<label>{_MERMAID_TEXT})"\| '
    rf"(?P<target>{_MERMAID_ID})$"
)
MERMAID_CLASS = re.compile(r"^    (classDef [a-z_]+ [a-z:#0-9,-]+|class [A-Za-z0-9_,]+ [a-z_]+)$")

# ... and of what to_dot writes: quoted ids and labels, with \" and \\ the only escapes (and, in
# labels, HTML character codes, which Graphviz reads: &amp; and &#8238;).
_DOT_STRING = r'"(?:[^"\\\n]|\\["\\])*"'
_DOT_COLOURS = r', style=filled, fillcolor="#[0-9a-f]{6}", color="#[0-9a-f]{6}", fontcolor="#[0-9a-f]{6}"'
DOT_NODE = re.compile(
    rf"^    (?P<id>{_DOT_STRING}) \[label=(?P<label>{_DOT_STRING}), shape=[a-z]+(?:{_DOT_COLOURS})?\];$"
)
DOT_EDGE = re.compile(
    rf"^    (?P<source>{_DOT_STRING}) -> (?P<target>{_DOT_STRING}) "
    rf"\[label=(?P<label>{_DOT_STRING})(, style=[a-z]+)?(, dir=both)?\];$"
)
DOT_HEADER = ["digraph openai_kb {", "    rankdir=LR;", '    node [fontname="sans-serif"];', "    edge [fontsize=10];"]


def mini_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = orjson.loads(FIXTURE.read_bytes())["records"]
    return records


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """Node labels by Mermaid id, and edges (source, arrow, label, target); fails on any other line."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert text.endswith("\n")
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    for line in lines[1:]:
        if node := MERMAID_NODE.match(line):
            assert node["id"] not in nodes, f"node defined twice: {line}"
            nodes[node["id"]] = node["label"]
        elif edge := MERMAID_EDGE.match(line):
            assert edge["source"] in nodes, line
            assert edge["target"] in nodes, line
            edges.append((edge["source"], edge["arrow"], edge["label"], edge["target"]))
        else:
            assert MERMAID_CLASS.match(line), f"not Mermaid this module writes: {line!r}"
    return nodes, edges


def dot_string(quoted: str) -> str:
    return re.sub(r"\\([\"\\])", r"\1", quoted[1:-1])


def dot_label(quoted: str) -> str:
    """A label as Graphviz shows it: its escapes undone, then its character codes."""
    return html.unescape(dot_string(quoted))


def parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Node labels by id, and edges (source, label, target), unescaped; fails on any other line."""
    lines = text.splitlines()
    assert lines[:4] == DOT_HEADER
    assert lines[-1] == "}"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[4:-1]:
        if node := DOT_NODE.match(line):
            nodes[dot_string(node["id"])] = dot_label(node["label"])
        elif edge := DOT_EDGE.match(line):
            source, target = dot_string(edge["source"]), dot_string(edge["target"])
            assert source in nodes, line
            assert target in nodes, line
            edges.append((source, dot_label(edge["label"]), target))
        else:
            pytest.fail(f"not DOT this module writes: {line!r}")
    return nodes, edges


def test_mermaid_of_a_small_knowledge_base_exactly() -> None:
    """A user's own records draw: shapes by type, a thick arrow for the lead, the title on a departure."""
    kb = KnowledgeBase.from_records(mini_records())
    assert kb.to_mermaid() == (
        "flowchart LR\n"
        '    org_acme["Acme / 艾克米"]\n'
        '    org_globex["Globex"]\n'
        '    person_ada("Ada Lovelace")\n'
        '    round_acme_a{{"funding round US$5 million / $5M"}}\n'
        '    org_acme -->|"raised"| round_acme_a\n'
        '    org_globex ==>|"led"| round_acme_a\n'
        '    person_ada -->|"left: Chief Engineer"| org_acme\n'
        "    classDef organization fill:#e8f0fe,stroke:#4a6fa5,color:#1a1a1a\n"
        "    class org_acme,org_globex organization\n"
        "    classDef person fill:#fdf0e6,stroke:#b5793a,color:#1a1a1a\n"
        "    class person_ada person\n"
        "    classDef funding_round fill:#e6f6ea,stroke:#3a8a4f,color:#1a1a1a\n"
        "    class round_acme_a funding_round\n"
    )


def test_dot_of_a_small_knowledge_base_exactly() -> None:
    """The same graph in DOT: quoted record ids, labels, shapes, and each type's fill, stroke and text colour."""
    kb = KnowledgeBase.from_records(mini_records())
    organization = 'style=filled, fillcolor="#e8f0fe", color="#4a6fa5", fontcolor="#1a1a1a"'
    assert kb.to_dot() == "\n".join(
        [
            *DOT_HEADER,
            f'    "org:acme" [label="Acme / 艾克米", shape=box, {organization}];',
            f'    "org:globex" [label="Globex", shape=box, {organization}];',
            '    "person:ada" [label="Ada Lovelace", shape=ellipse, style=filled, fillcolor="#fdf0e6", '
            'color="#b5793a", fontcolor="#1a1a1a"];',
            '    "round:acme-a" [label="funding round US$5 million / $5M", shape=hexagon, style=filled, '
            'fillcolor="#e6f6ea", color="#3a8a4f", fontcolor="#1a1a1a"];',
            '    "org:acme" -> "round:acme-a" [label="raised"];',
            '    "org:globex" -> "round:acme-a" [label="led", style=bold];',
            '    "person:ada" -> "org:acme" [label="left: Chief Engineer"];',
            "}\n",
        ]
    )


def test_every_investor_has_an_edge_to_its_round(kb: KnowledgeBase) -> None:
    """Each investment draws investor -> round, labelled led (thick) or participated, in every format."""
    _, edges = parse_mermaid(kb.to_mermaid())
    _, dot_edges = parse_dot(kb.to_dot())
    assert len(kb.investors) == 3
    for investment in kb.investors:
        source, target = investment.organization.replace(":", "_").replace("-", "_"), "round_openai_2024_10"
        if investment.lead:
            assert (source, "==>", "led", target) in edges
            assert (investment.organization, "led", investment.round) in dot_edges
        else:
            assert (source, "-->", "participated", target) in edges
            assert (investment.organization, "participated", investment.round) in dot_edges
    invested = [edge for edge in edges if edge[2] in ("led", "participated")]
    assert len(invested) == 3  # the round's own investor lists add no second edge


def test_every_departure_has_an_edge_with_its_title(kb: KnowledgeBase) -> None:
    """Each departure draws person -> organization labelled with the title, in English and Chinese."""
    _, edges = parse_dot(kb.to_dot())
    left = {(source, label, target) for source, label, target in edges if label.startswith("left: ")}
    assert left == {
        (departure.person, f"left: {departure.title} / {departure.title_zh}", departure.organization)
        for departure in kb.departed_executives
    }
    assert ("person:mira-murati", "left: Chief Technology Officer / 首席技术长", "org:openai") in left
    assert len(left) == 6


def test_competitors_valuations_status_and_partnership(kb: KnowledgeBase) -> None:
    """Competitors (and the exclusivity clause barring them), valuations, the conversion and the partnership."""
    nodes, edges = parse_dot(kb.to_dot())
    assert ("org:anthropic", "competes with (main, barred by exclusivity)", "org:openai") in edges
    assert ("org:xai", "competes with (barred by exclusivity)", "org:openai") in edges
    assert ("round:openai-2024-10", "bars investors from investing", "org:anthropic") in edges
    assert ("round:openai-2024-10", "bars investors from investing", "org:xai") in edges
    assert ("org:openai", "valued at (post-money)", "valuation:openai-2024-10-post-money") in edges
    assert ("org:openai", "valued at (conversion, expected)", "valuation:openai-for-profit-conversion") in edges
    assert ("valuation:openai-2024-10-post-money", "valuation of", "round:openai-2024-10") in edges
    assert nodes["valuation:openai-2024-10-post-money"] == "US$157 billion / 1,570 亿美元"
    assert nodes["status:openai-for-profit"] == "nonprofit → for-profit"
    assert ("org:openai", "status change (in progress)", "status:openai-for-profit") in edges
    assert ("org:openai", "partner: close cooperation", "org:microsoft") in edges
    assert ("org:openai", "raised", "round:openai-2024-10") in edges
    assert len(edges) == 21
    assert {kb[node].type for node in nodes} == {
        "organization",
        "person",
        "funding_round",
        "valuation",
        "status_change",
    }
    assert len(nodes) == 6 + 7 + 1 + 3 + 1


def test_labels_carry_chinese_names(kb: KnowledgeBase) -> None:
    """An entity's label is its English name and its first Chinese name, when that differs."""
    nodes, _ = parse_mermaid(kb.to_mermaid())
    assert nodes["org_nvidia"] == "Nvidia / 英伟达"
    assert nodes["person_mira_murati"] == "Mira Murati / 米拉·穆拉蒂"
    assert nodes["org_openai"] == "OpenAI"
    assert nodes["round_openai_2024_10"] == "funding round US$6.6 billion / 66 亿美元"


def test_round_lists_draw_investors_without_investment_records() -> None:
    """A round's lead_investors and participants are drawn even when no investment record names them."""
    records = [record for record in mini_records() if record["type"] != "investment"]
    records.append({"type": "organization", "id": "org:initech", "name": "Initech"})
    round_ = next(record for record in records if record["type"] == "funding_round")
    round_["participants"] = ["org:initech"]
    kb = KnowledgeBase.from_records(records)
    _, edges = parse_mermaid(kb.to_mermaid())
    assert ("org_globex", "==>", "led", "round_acme_a") in edges
    assert ("org_initech", "-->", "participated", "round_acme_a") in edges
    assert [edge.record for edge in build_graph(kb).edges if edge.relation == "led"] == ["round:acme-a"]


HOSTILE_NAME = '<script>alert(1)</script> "q" #lt; a|b `md` & C:\\dir\nnext'


@pytest.fixture(scope="module")
def hostile_kb() -> KnowledgeBase:
    """Names and a title that would break Mermaid or DOT if written as they are; ids that collide when sanitized."""
    evidence = [{"source": "source:s", "quote": "x", "start": 0, "end": 1}]
    return KnowledgeBase.from_records(
        [
            {"type": "source", "id": "source:s", "title": "t", "language": "en"},
            {"type": "organization", "id": "org:evil", "name": HOSTILE_NAME},
            {"type": "organization", "id": "org:a-b", "name": "A dash B"},
            {"type": "organization", "id": "org:a_b", "name": "A underscore B"},
            {"type": "organization", "id": "org:a.b", "name": "A dot B"},
            {"type": "person", "id": "person:p", "name": 'P "the" <quoted>'},
            {
                "type": "departure",
                "id": "departure:p",
                "person": "person:p",
                "organization": "org:evil",
                "title": 'Chief "<b>" | #1',
                "recent_wave": True,
                "evidence": evidence,
            },
            {
                "type": "competition",
                "id": "competition:ab",
                "organization": "org:a-b",
                "competitor_of": "org:a_b",
                "evidence": evidence,
            },
        ]
    )


def test_mermaid_escapes_hostile_names(hostile_kb: KnowledgeBase) -> None:
    """Quotes, <, >, #, |, backticks and & become Mermaid entity codes; newlines become spaces."""
    nodes, edges = parse_mermaid(hostile_kb.to_mermaid())
    assert nodes["org_evil"] == (
        "#lt;script#gt;alert(1)#lt;/script#gt; #quot;q#quot; #35;lt; a#124;b #96;md#96; #amp; C:\\dir next"
    )
    assert nodes["person_p"] == "P #quot;the#quot; #lt;quoted#gt;"
    assert ("person_p", "-->", "left: Chief #quot;#lt;b#gt;#quot; #124; #35;1", "org_evil") in edges
    assert "<script>" not in hostile_kb.to_mermaid()


def test_mermaid_ids_are_sanitized_and_unique(hostile_kb: KnowledgeBase) -> None:
    """Record ids become [A-Za-z0-9_] ids; ids that sanitize alike get a numbered suffix."""
    nodes, edges = parse_mermaid(hostile_kb.to_mermaid())
    assert {nodes["org_a_b"], nodes["org_a_b_2"], nodes["org_a_b_3"]} == {"A dash B", "A underscore B", "A dot B"}
    assert ("org_a_b", "-.->", "competes with", "org_a_b_3") in edges  # org:a-b sorts first, org:a_b last


def test_dot_escapes_hostile_names(hostile_kb: KnowledgeBase) -> None:
    """DOT strings escape backslashes and quotes; the labels read back exactly (newlines as spaces)."""
    nodes, edges = parse_dot(hostile_kb.to_dot())
    assert nodes["org:evil"] == HOSTILE_NAME.replace("\n", " ")
    assert nodes["person:p"] == 'P "the" <quoted>'
    assert ("person:p", 'left: Chief "<b>" | #1', "org:evil") in edges
    assert '\\"q\\"' in hostile_kb.to_dot()
    assert "C:\\\\dir" in hostile_kb.to_dot()


def test_output_is_deterministic_whatever_the_record_order(kb: KnowledgeBase) -> None:
    """The same records in reverse order draw the same text, and drawing twice gives the same text."""
    reordered = KnowledgeBase.from_records(list(reversed(list(kb))))
    assert reordered.to_mermaid() == kb.to_mermaid() == kb.to_mermaid()
    assert reordered.to_dot() == kb.to_dot()


def test_to_networkx_is_a_multidigraph_of_record_ids(kb: KnowledgeBase) -> None:
    """Nodes are record ids with type and label; each edge has a relation, a label and its record as key."""
    networkx = pytest.importorskip("networkx")
    graph = kb.to_networkx()
    assert isinstance(graph, networkx.MultiDiGraph)
    dot_nodes, dot_edges = parse_dot(kb.to_dot())
    assert dict(graph.nodes(data="label")) == dot_nodes
    assert graph.nodes["org:nvidia"] == {"type": "organization", "label": "Nvidia / 英伟达"}
    assert sorted((u, data["label"], v) for u, v, data in graph.edges(data=True)) == sorted(dot_edges)
    assert graph.edges["org:thrive-capital", "round:openai-2024-10", "investment:thrive-capital-openai-2024-10"] == {
        "relation": "led",
        "label": "led",
        "record": "investment:thrive-capital-openai-2024-10",
    }
    relations = {data["relation"] for _, _, data in graph.edges(data=True)}
    assert relations == {
        "raised", "led", "participated", "bars", "left", "competes_with", "valued_at", "valuation_of",
        "status_change", "partner",
    }  # fmt: skip
    people_who_left = [departure.person for departure in kb.departed_executives]
    assert set(graph.predecessors("org:openai")) == {*people_who_left, "org:anthropic", "org:xai"}


def test_to_networkx_without_networkx(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without networkx installed, an ImportError says which extra to install."""
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError) as caught:
        kb.to_networkx()
    assert str(caught.value) == "kb.to_networkx() needs networkx: pip install 'openai-kb[graph]'"


def test_notebooks_page_embeds_the_bundled_graph() -> None:
    """docs/notebooks.md shows the bundled graph as a mermaid block equal to load().to_mermaid()."""
    text = (ROOT / "docs" / "notebooks.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert blocks == [openai_kb.load().to_mermaid()]


def test_readme_embeds_the_bundled_graph() -> None:
    """README.md shows, between <!-- graph --> markers, a mermaid block equal to load().to_mermaid()."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- graph -->" in text, "README.md has no <!-- graph --> marker"
    assert "<!-- /graph -->" in text, "README.md has no <!-- /graph --> marker"
    section = text[text.index("<!-- graph -->") : text.index("<!-- /graph -->")]
    found = re.search(r"```mermaid\n(.*?)```", section, re.S)
    assert found is not None, "no ```mermaid block between the graph markers"
    assert found.group(1) == openai_kb.load().to_mermaid()


# -- no directive, no control, no bidi override from the data --------------------------------------

DIRECTIVE = "%%{init: {'theme': 'dark', 'themeCSS': '.node rect { fill: red; }'}}%%"


@pytest.fixture(scope="module")
def drawn() -> KnowledgeBase:
    """Names that are a Mermaid directive, a bidi override, a C1 control and an HTML entity."""
    return KnowledgeBase.from_records(
        [
            {"type": "organization", "id": "org:directive", "name": DIRECTIVE},
            {"type": "organization", "id": "org:bidi", "name": "abc\u202edef\u2066g\u2069 \x9b2J \u2028 &#8238; 50%"},
        ]
    )


def test_mermaid_labels_hold_no_directive(drawn: KnowledgeBase) -> None:
    """%% is written as #37;#37;, so %%{init}%% in a name cannot re-theme or break the diagram."""
    text = drawn.to_mermaid()
    assert "%" not in text
    assert (
        "    org_directive[\"#37;#37;{init: {'theme': 'dark', 'themeCSS': '.node rect { fill: red; }'}}#37;#37;\"]"
        in text.splitlines()
    )


def test_mermaid_and_dot_write_invisible_characters_as_codes(drawn: KnowledgeBase) -> None:
    """Bidi overrides and isolates become character codes, C1 controls and line separators spaces:
    the source reads in order, one line per node, and the picture still shows the text."""
    mermaid = drawn.to_mermaid().splitlines()
    assert '    org_bidi["abc#8238;def#8294;g#8297;  2J   #amp;#35;8238; 50#37;"]' in mermaid
    dot = drawn.to_dot().splitlines()
    colours = 'style=filled, fillcolor="#e8f0fe", color="#4a6fa5", fontcolor="#1a1a1a"'
    assert f'    "org:bidi" [label="abc&#8238;def&#8294;g&#8297;  2J   &amp;#8238; 50%", shape=box, {colours}];' in dot
    assert all(line.isprintable() for line in [*mermaid, *dot])
