"""The article as a graph: who invested in the round, who left which post, who competes with whom.

Nodes are the organizations and people, the funding rounds, the valuations and the status changes.
Edges come from the facts, by record type and reference field, never by id, so a user's own
knowledge base draws too:

- ``investment``: investor -> round, ``led`` or ``participated`` (a round's ``lead_investors`` and
  ``participants`` without an investment record of their own are drawn the same way);
- ``funding_round``: company -> round, ``raised``; round -> competitor, ``bars`` (exclusivity clause);
- ``departure``: person -> organization, ``left`` (with the title, in English and Chinese);
- ``competition``: competitor -> company, ``competes_with`` (barred by the exclusivity clause or not);
- ``valuation``: company -> valuation, ``valued_at``; valuation -> round, ``valuation_of``;
- ``status_change``: organization -> status change, ``status_change`` (nonprofit -> for-profit);
- ``partnership``: first partner -> each other partner, ``partner``.

Metrics, uses of funds and claims are statements about things rather than relations between them:
``kb.about`` shows them. Any other record type (your own, or one added later) draws from its
reference fields: a type that declares ``graph_node = True`` is a node with an edge to each record
it refers to; any other fact is an edge from its first reference to each other one, named after the
type and the field (``acquisition: target``); ``graph_edges = False`` draws none. Output is
sorted, so the same data always draws the same text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..amounts import format_amount
from ..models import (
    RECORD_TYPES,
    Competition,
    Departure,
    Entity,
    ExclusivityClause,
    FundingRound,
    Investment,
    Partnership,
    Record,
    StatusChange,
    Valuation,
)
from ..models.registry import reference_fields

if TYPE_CHECKING:
    from networkx import MultiDiGraph  # type: ignore[import-untyped]

    from ..view import RecordView

__all__ = [
    "NODE_TYPES",
    "RELATIONS",
    "Dot",
    "Edge",
    "Graph",
    "Mermaid",
    "Node",
    "build_graph",
    "svg",
    "to_dot",
    "to_mermaid",
    "to_networkx",
]

NODE_TYPES = tuple(name for name, model in RECORD_TYPES.items() if model.graph_node)
"""The built-in record types drawn as nodes (each model says so with ``graph_node``)."""
NETWORKX_MISSING = "kb.to_networkx() needs networkx: pip install 'openai-kb[graph]'"


@dataclass(frozen=True, slots=True)
class Node:
    """A record drawn as a node: its id, its record type, and a short bilingual label."""

    id: str
    type: str
    label: str


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two nodes, drawn from the fact ``record`` (an id)."""

    source: str
    target: str
    relation: str
    label: str
    record: str


@dataclass(frozen=True, slots=True)
class Graph:
    """Nodes and edges in a stable order: nodes by type then id, edges by relation, source, target.

    ``kb.graph()`` returns one. In a notebook it draws itself: as a Mermaid block (JupyterLab 4.1+,
    GitHub) and, when Graphviz's ``dot`` is installed, as SVG.
    """

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_mermaid(self) -> Mermaid:
        """The graph as a Mermaid ``flowchart LR`` (a ``str`` that draws itself in notebooks)."""
        return Mermaid(_mermaid_of(self), self)

    def to_dot(self) -> Dot:
        """The graph in Graphviz DOT (a ``str`` that draws itself as SVG where ``dot`` is installed)."""
        return Dot(_dot_of(self))

    def to_networkx(self) -> MultiDiGraph:
        """The graph as a ``networkx.MultiDiGraph`` (needs the ``graph`` extra)."""
        return _networkx_of(self)

    def _repr_markdown_(self) -> str:
        return self.to_mermaid()._repr_markdown_()

    def _repr_svg_(self) -> str | None:
        return self.to_dot()._repr_svg_()

    def __repr__(self) -> str:
        return f"<Graph: {len(self.nodes)} nodes, {len(self.edges)} edges>"


RELATIONS = (
    "raised",
    "led",
    "participated",
    "bars",
    "left",
    "competes_with",
    "valued_at",
    "valuation_of",
    "status_change",
    "partner",
)


def build_graph(kb: RecordView) -> Graph:
    """The nodes and edges of ``kb``, from its records' types and reference fields."""
    node_types = [name for name, model in kb.types.items() if model.graph_node]
    nodes = [Node(record.id, record.type, _node_label(record, kb.label)) for record in kb if record.type in node_types]
    drawn = {node.id for node in nodes}
    invested = {(record.organization, record.round) for record in kb if isinstance(record, Investment)}
    edges = {
        edge: None
        for record in kb
        for edge in _edges(record, invested)
        if edge.source in drawn and edge.target in drawn
    }
    nodes.sort(key=lambda node: (node_types.index(node.type), node.id))
    relations = [*RELATIONS, *kb.types]  # a user's own relations are named after their types
    ordered = sorted(edges, key=lambda edge: (relations.index(edge.relation), edge.source, edge.target, edge.record))
    return Graph(tuple(nodes), tuple(ordered))


def _node_label(record: Record, label: Callable[[str], str]) -> str:
    """A short label: an entity's English and first Chinese name, an amount as written and in words."""
    if isinstance(record, Entity):
        chinese = next((name.text for name in record.names if name.language.startswith("zh")), None)
        return record.name if chinese in (None, record.name) else f"{record.name} / {chinese}"
    if isinstance(record, FundingRound):
        printed = f" / {record.amount.text}" if record.amount.text else ""
        date = f", {record.date}" if record.date else ""
        return f"funding round {format_amount(record.amount)}{printed}{date}"
    if isinstance(record, Valuation):
        printed = f" / {record.amount.text}" if record.amount.text else ""
        return f"{format_amount(record.amount)}{printed}"
    if isinstance(record, StatusChange):
        return f"{record.from_status} → {record.to_status}".replace("_", "-")
    return label(record.id)


def _edges(record: Record, invested: Set[tuple[str, str]]) -> Iterator[Edge]:
    """The edges one record contributes (none for records that are not relations)."""
    if isinstance(record, Investment):
        relation = "led" if record.lead else "participated"
        amount = f" {format_amount(record.amount)}" if record.amount else ""
        yield Edge(record.organization, record.round, relation, relation + amount, record.id)
    elif isinstance(record, FundingRound):
        yield from _round_edges(record, invested)
    elif isinstance(record, Departure):
        title = f"{record.title} / {record.title_zh}" if record.title_zh else record.title
        yield Edge(record.person, record.organization, "left", f"left: {title}", record.id)
    elif isinstance(record, Competition):
        notes = ["main"] if record.primary else []
        notes += ["barred by exclusivity"] if record.barred_by_exclusivity else []
        extra = f" ({', '.join(notes)})" if notes else ""
        yield Edge(record.organization, record.competitor_of, "competes_with", f"competes with{extra}", record.id)
    elif isinstance(record, Valuation):
        held = "" if record.assertion == "stated" else f", {record.assertion}"
        basis = record.basis.replace("_", "-")
        yield Edge(record.company, record.id, "valued_at", f"valued at ({basis}{held})", record.id)
        if record.round is not None:
            yield Edge(record.id, record.round, "valuation_of", "valuation of", record.id)
    elif isinstance(record, StatusChange):
        progress = record.progress.replace("_", " ")
        yield Edge(record.organization, record.id, "status_change", f"status change ({progress})", record.id)
    elif isinstance(record, Partnership):
        first, *others = record.organizations
        for other in others:
            yield Edge(first, other, "partner", f"partner: {record.nature}", record.id)
    elif type(record).graph_edges:
        yield from _reference_edges(record)


_NOT_DRAWN = frozenset({"attributed_to"})  # who holds a fact is provenance, not a relation


def _reference_edges(record: Record) -> Iterator[Edge]:
    """Edges of any other record type (a user's own, a new one), from its reference fields."""
    targets = [
        (field, target)
        for field in reference_fields(type(record))
        if field not in _NOT_DRAWN
        for target in _ids(getattr(record, field))
    ]
    kind = record.type.replace("_", " ")
    if type(record).graph_node:
        start, rest = record.id, targets
    elif len(targets) > 1:
        start, rest = targets[0][1], targets[1:]
    else:
        return
    for field, target in rest:
        yield Edge(start, target, record.type, f"{kind}: {field.replace('_', ' ')}", record.id)


def _ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, tuple) else ()


def _round_edges(round_: FundingRound, invested: Set[tuple[str, str]]) -> Iterator[Edge]:
    """The company raising the round, investors listed without an investment record, barred competitors."""
    yield Edge(round_.company, round_.id, "raised", "raised", round_.id)
    for relation, investors in (("led", round_.lead_investors), ("participated", round_.participants)):
        for investor in investors:
            if (investor, round_.id) not in invested:
                yield Edge(investor, round_.id, relation, relation, round_.id)
    for term in round_.terms:
        if isinstance(term, ExclusivityClause):
            for barred in term.barred:
                yield Edge(round_.id, barred, "bars", f"bars {term.binds} from investing", round_.id)


# -- Mermaid ---------------------------------------------------------------------------------------

_MERMAID_SHAPES = {
    "organization": ('["', '"]'),
    "person": ('("', '")'),
    "funding_round": ('{{"', '"}}'),
    "valuation": ('(["', '"])'),
    "status_change": ('[["', '"]]'),
}
_MERMAID_ARROWS = {"led": "==>", "bars": "-.->", "competes_with": "-.->", "valuation_of": "-.->", "partner": "<-->"}
_MERMAID_STYLES = {
    "organization": "fill:#e8f0fe,stroke:#4a6fa5",
    "person": "fill:#fdf0e6,stroke:#b5793a",
    "funding_round": "fill:#e6f6ea,stroke:#3a8a4f",
    "valuation": "fill:#f3e8fd,stroke:#7a4ab5",
    "status_change": "fill:#f5f5f5,stroke:#777777",
}
# Invisible characters that reorder or hide text: bidi marks, embeddings, overrides and isolates,
# zero-width spaces and joiners, the BOM. Written as character codes, they stay out of the Mermaid
# or DOT source (where they would reorder the lines around them) and still show in the picture.
_FORMAT = (
    0x061C,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    0xFEFF,
)
# Mermaid entity codes: a quote would end the label, # starts a code, < > & are read as HTML,
# a backtick starts Markdown, | ends an edge label and %% starts a directive (%%{init: ...}%%
# re-themes the whole diagram) or a comment. One pass, so nothing is escaped twice.
_MERMAID_ESCAPES = str.maketrans(
    {'"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;", "|": "#124;", "%": "#37;"}
    | {chr(code): f"#{code};" for code in _FORMAT}
)
# Controls (C0, DEL, C1) and line or paragraph separators, which would end a line of the source.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def to_mermaid(kb: RecordView) -> Mermaid:
    """The graph as a Mermaid ``flowchart LR``, for GitHub, MkDocs and notebooks."""
    return build_graph(kb).to_mermaid()


def _mermaid_of(graph: Graph) -> str:
    ids = _mermaid_ids(graph.nodes)
    lines = ["flowchart LR"]
    for node in graph.nodes:
        opening, closing = _MERMAID_SHAPES.get(node.type, _MERMAID_SHAPES["organization"])
        lines.append(f"    {ids[node.id]}{opening}{_mermaid_text(node.label)}{closing}")
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS.get(edge.relation, "-->")
        lines.append(f'    {ids[edge.source]} {arrow}|"{_mermaid_text(edge.label)}"| {ids[edge.target]}')
    for node_type in dict.fromkeys(node.type for node in graph.nodes):
        members = [ids[node.id] for node in graph.nodes if node.type == node_type]
        if node_type in _MERMAID_STYLES:
            lines.append(f"    classDef {node_type} {_MERMAID_STYLES[node_type]}")
            lines.append(f"    class {','.join(members)} {node_type}")
    return "\n".join(lines) + "\n"


def _mermaid_ids(nodes: tuple[Node, ...]) -> dict[str, str]:
    """Record ids as Mermaid ids (letters, digits, ``_``): ``org:openai`` is ``org_openai``, made unique."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for node in nodes:
        base = _NOT_ID.sub("_", node.id)
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}_{number}"
        used.add(candidate)
        ids[node.id] = candidate
    return ids


def _mermaid_text(text: str) -> str:
    return _CONTROL.sub(" ", text).translate(_MERMAID_ESCAPES)


# -- Graphviz DOT ----------------------------------------------------------------------------------

_DOT_SHAPES = {
    "organization": "box",
    "person": "ellipse",
    "funding_round": "hexagon",
    "valuation": "parallelogram",
    "status_change": "component",
}
_DOT_STYLES = {"led": "bold", "bars": "dashed", "competes_with": "dashed", "valuation_of": "dotted"}


def to_dot(kb: RecordView) -> Dot:
    """The graph in Graphviz DOT (``dot -Tsvg``): a ``digraph`` with quoted, escaped ids and labels."""
    return build_graph(kb).to_dot()


def _dot_of(graph: Graph) -> str:
    lines = ["digraph openai_kb {", "    rankdir=LR;", '    node [fontname="sans-serif"];', "    edge [fontsize=10];"]
    lines.extend(
        f"    {_dot_text(node.id)} [label={_dot_label(node.label)}, shape={_DOT_SHAPES.get(node.type, 'box')}];"
        for node in graph.nodes
    )
    for edge in graph.edges:
        attributes = [f"label={_dot_label(edge.label)}"]
        if edge.relation in _DOT_STYLES:
            attributes.append(f"style={_DOT_STYLES[edge.relation]}")
        if edge.relation == "partner":
            attributes.append("dir=both")
        lines.append(f"    {_dot_text(edge.source)} -> {_dot_text(edge.target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# A DOT quoted string escapes its quote and backslash (\\N, \\G or \\l would be read in a label);
# Graphviz reads HTML entities in labels, so & is one too, and invisible characters are codes.
_DOT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"'})
_DOT_LABEL_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "&": "&amp;"} | {chr(code): f"&#{code};" for code in _FORMAT}
)


def _dot_text(text: str) -> str:
    """A DOT quoted string (an id): backslashes and quotes escaped, control characters as spaces."""
    return '"' + _CONTROL.sub(" ", text).translate(_DOT_ESCAPES) + '"'


def _dot_label(text: str) -> str:
    """A DOT quoted label: as ``_dot_text``, and ``&`` and invisible characters as HTML character codes."""
    return '"' + _CONTROL.sub(" ", text).translate(_DOT_LABEL_ESCAPES) + '"'


# -- Pictures in notebooks -------------------------------------------------------------------------


class Mermaid(str):
    """Mermaid text, still a ``str`` (print it, write it, compare it), that draws itself in notebooks.

    ``_repr_markdown_`` is a fenced ``mermaid`` block, which JupyterLab 4.1+, GitHub and MkDocs
    draw; ``_repr_svg_`` draws the same graph with Graphviz where ``dot`` is installed. Labels are
    escaped as ``to_mermaid`` escapes them, so no text from the data can close the fence.
    """

    graph: Graph | None

    def __new__(cls, text: str, graph: Graph | None = None) -> Mermaid:
        made = super().__new__(cls, text)
        made.graph = graph
        return made

    def _repr_markdown_(self) -> str:
        return f"```mermaid\n{self.rstrip()}\n```\n"

    def _repr_svg_(self) -> str | None:
        return None if self.graph is None else self.graph._repr_svg_()


class Dot(str):
    """Graphviz DOT text, still a ``str``, that draws itself as SVG in notebooks where ``dot`` is installed."""

    _svg: str | None

    def _repr_svg_(self) -> str | None:
        if not hasattr(self, "_svg"):  # drawn once: a notebook may ask again on every display
            self._svg = svg(self)
        return self._svg


DOT_TIMEOUT = 60.0  # seconds; the article's graph draws in well under one


def svg(dot: str) -> str | None:
    """DOT drawn as SVG by Graphviz's ``dot``; ``None`` where it is not installed or cannot draw it.

    A notebook shows the Mermaid view then, so a missing Graphviz is no error. ``dot`` reads the
    text on its standard input, never as a command line, and its labels come out as XML text.
    """
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        drawn = subprocess.run(  # a fixed program, the DOT text on stdin
            [program, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = drawn.stdout.decode("utf-8", errors="replace")
    start = text.find("<svg")
    return text[start:] if drawn.returncode == 0 and start >= 0 else None


# -- networkx --------------------------------------------------------------------------------------


def to_networkx(kb: RecordView) -> MultiDiGraph:
    """The graph as a ``networkx.MultiDiGraph``: record ids as nodes, one keyed edge per relation."""
    return build_graph(kb).to_networkx()


def _networkx_of(graph: Graph) -> MultiDiGraph:
    try:
        import networkx
    except ImportError:
        raise ImportError(NETWORKX_MISSING, name="networkx") from None
    result = networkx.MultiDiGraph()
    for node in graph.nodes:
        result.add_node(node.id, type=node.type, label=node.label)
    for edge in graph.edges:
        result.add_edge(
            edge.source, edge.target, key=edge.record, relation=edge.relation, label=edge.label, record=edge.record
        )
    return result
