"""The article as a graph: who invested in the round, who left which post, who competes with whom.

Nodes are the records of the types that declare ``graph_node`` (organizations and people, funding
rounds, valuations, status changes), each with the caption, shape and colours its model declares.
Edges are what each model declares in ``graph_links`` (``models.templates.Link``): from a field's
record to another's, a relation, a label; a clause of a record (an exclusivity clause) draws its
own. A type that declares none draws from its reference fields: a node type an edge to each record
it refers to, any other fact an edge from its first reference to each other one, named after the
type and the field (``acquisition: target``); ``graph_edges = False`` draws none (claims). Edges
come grouped by relation, the relations in the order of their types' ``graph_order``, then sorted,
so the same data always draws the same text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Clause, Record, RecordTypes
from ..models.clauses import clause_fields
from ..models.registry import reference_fields, type_name
from ..models.templates import Link, template, unsaid
from ..models.wording import caption, render
from ._graph_svg import draw, text_colour

if TYPE_CHECKING:
    from networkx import MultiDiGraph  # type: ignore[import-untyped]

    from ..view import RecordView

__all__ = [
    "Dot",
    "Edge",
    "Graph",
    "Mermaid",
    "Node",
    "build_graph",
    "relations",
    "svg",
    "to_dot",
    "to_mermaid",
    "to_networkx",
]

NETWORKX_MISSING = "kb.to_networkx() needs networkx: pip install 'openai-kb[graph]'"


@dataclass(frozen=True, slots=True)
class Node:
    """A record drawn as a node: its id, its record type, a short bilingual label, and how it looks."""

    id: str
    type: str
    label: str
    shape: str = "box"
    colours: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two nodes, drawn from the fact ``record`` (an id), with its line."""

    source: str
    target: str
    relation: str
    label: str
    record: str
    line: str = "plain"


@dataclass(frozen=True, slots=True)
class Graph:
    """Nodes and edges in a stable order: nodes by type then id, edges by relation, source, target.

    ``kb.graph()`` returns one. In a notebook it draws itself as SVG, with no network: by Graphviz's
    ``dot`` where it is installed, else by a layout in pure Python (``outputs/_graph_svg``). It
    offers no Markdown view: nbconvert and Jupyter front-ends prefer Markdown to SVG, and a Mermaid
    block draws only where a script is fetched from the web (JupyterLab 4.1+ bundles its own).
    """

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_mermaid(self) -> Mermaid:
        """The graph as a Mermaid ``flowchart LR`` (a ``str`` that draws itself in notebooks)."""
        return Mermaid(_mermaid_of(self), self)

    def to_dot(self) -> Dot:
        """The graph in Graphviz DOT (a ``str`` that draws itself as SVG, as the graph does)."""
        return Dot(_dot_of(self), self)

    def to_networkx(self) -> MultiDiGraph:
        """The graph as a ``networkx.MultiDiGraph`` (needs the ``graph`` extra)."""
        return _networkx_of(self)

    def to_svg(self) -> str:
        """The graph as one ``<svg>`` element: Graphviz's drawing where ``dot`` is installed, else our own."""
        return svg(_dot_of(self)) or draw(self.nodes, self.edges)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __repr__(self) -> str:
        return f"<Graph: {len(self.nodes)} nodes, {len(self.edges)} edges>"


def relations(types: RecordTypes) -> list[str]:
    """Every relation the types may draw, in drawing order: by ``graph_order``, then the registry's order.

    A type's relations are those its links (and its clauses' links) declare, each choice of a flag
    in turn (``led``, ``participated``, and ``invested`` when the source does not say); a type that
    declares none draws relations named after it.
    """
    ordered = sorted(types.values(), key=lambda model: (model.graph_order is None, model.graph_order or 0))
    found: dict[str, None] = {}
    for model in ordered:
        clauses = [clause for models in clause_fields(model).values() for clause in models]
        links: list[tuple[type[Record] | type[Clause], Link]] = [(model, link) for link in model.graph_links]
        links += [(clause, link) for clause in clauses for link in clause.graph_links]
        for owner, link in links:
            found.update(dict.fromkeys(template(link.relation).variants(unsaid(owner))))
        if not model.graph_links:
            found[type_name(model)] = None
    return list(found)


def build_graph(kb: RecordView) -> Graph:
    """The nodes and edges of ``kb``, from what its records' models declare (see the module)."""
    node_types = [name for name, model in kb.types.items() if model.graph_node]
    name_of = _namer(kb)
    nodes = [_node(record, name_of) for record in kb if record.type in node_types]
    drawn = {node.id for node in nodes}
    candidates = [(edge, fallback) for record in kb for edge, fallback in _edges(record, name_of)]
    taken: dict[tuple[str, str], set[str]] = {}  # who draws an edge from a source to a target
    for edge, fallback in candidates:
        if not fallback:
            taken.setdefault((edge.source, edge.target), set()).add(edge.record)
    edges = {
        edge: None
        for edge, fallback in candidates
        if edge.source in drawn
        and edge.target in drawn
        and not (fallback and taken.get((edge.source, edge.target), set()) - {edge.record})
    }
    nodes.sort(key=lambda node: (node_types.index(node.type), node.id))
    order = {relation: index for index, relation in enumerate(relations(kb.types))}
    ordered = sorted(
        edges, key=lambda edge: (order.get(edge.relation, len(order)), edge.source, edge.target, edge.record)
    )
    return Graph(tuple(nodes), tuple(ordered))


def _namer(kb: RecordView) -> Callable[[str], str]:
    def name_of(record_id: str) -> str:
        return kb.label(record_id) if kb.get(record_id) is not None else record_id

    return name_of


def _node(record: Record, name_of: Callable[[str], str]) -> Node:
    model = type(record)
    return Node(record.id, record.type, caption(record, name_of), model.graph_shape, model.graph_colours)


def _edges(record: Record, name_of: Callable[[str], str]) -> Iterator[tuple[Edge, bool]]:
    """The edges one record contributes, each with whether it is a fallback (none for claims)."""
    model = type(record)
    if not model.graph_edges:
        return
    if model.graph_links:
        for link in model.graph_links:
            yield from _link_edges(record.id, record, link, name_of)
    else:
        yield from ((edge, False) for edge in _reference_edges(record))
    for field in clause_fields(model):
        clause: Clause
        for clause in getattr(record, field):
            for link in type(clause).graph_links:
                yield from _link_edges(record.id, clause, link, name_of)


def _link_edges(
    owner: str, obj: Record | Clause, link: Link, name_of: Callable[[str], str]
) -> Iterator[tuple[Edge, bool]]:
    """The edges of one declared link of a record (or of a clause that ``owner`` holds)."""
    ends = list(link.ends(owner, obj))
    if not ends:
        return
    relation = render(link.relation, obj, name_of)
    label = render(link.label, obj, name_of)
    line = render(link.line, obj, name_of)
    for source, target in ends:
        yield Edge(source, target, relation, label, owner, line), link.fallback


_NOT_DRAWN = frozenset({"attributed_to"})  # who holds a fact is provenance, not a relation


def _reference_edges(record: Record) -> Iterator[Edge]:
    """Edges of a record type that declares no links (a user's own, a new one), from its reference fields."""
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


# -- Mermaid ---------------------------------------------------------------------------------------

# Each shape and line of models.templates.SHAPES and LINES, in Mermaid's words.
_MERMAID_SHAPES = {
    "box": ('["', '"]'),
    "rounded": ('("', '")'),
    "hexagon": ('{{"', '"}}'),
    "stadium": ('(["', '"])'),
    "subroutine": ('[["', '"]]'),
}
_MERMAID_ARROWS = {"plain": "-->", "thick": "==>", "dashed": "-.->", "dotted": "-.->", "both": "<-->"}
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
        opening, closing = _MERMAID_SHAPES.get(node.shape, _MERMAID_SHAPES["box"])
        lines.append(f"    {ids[node.id]}{opening}{_mermaid_text(node.label)}{closing}")
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS.get(edge.line, "-->")
        lines.append(f'    {ids[edge.source]} {arrow}|"{_mermaid_text(edge.label)}"| {ids[edge.target]}')
    colours = {node.type: node.colours for node in reversed(graph.nodes)}  # as each type's first node has them
    for node_type in dict.fromkeys(node.type for node in graph.nodes):
        members = [ids[node.id] for node in graph.nodes if node.type == node_type]
        fill_stroke = colours[node_type]
        if fill_stroke is not None:
            name = _NOT_ID.sub("_", node_type)  # a type tag of one's own may hold any character
            fill, stroke = fill_stroke  # and the text's colour: a dark theme's light text is unreadable on a light fill
            lines.append(f"    classDef {name} fill:{fill},stroke:{stroke},color:{text_colour(fill)}")
            lines.append(f"    class {','.join(members)} {name}")
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
    "box": "box",
    "rounded": "ellipse",
    "hexagon": "hexagon",
    "stadium": "parallelogram",
    "subroutine": "component",
}
_DOT_STYLES = {"thick": "bold", "dashed": "dashed", "dotted": "dotted"}


def to_dot(kb: RecordView) -> Dot:
    """The graph in Graphviz DOT (``dot -Tsvg``): a ``digraph`` with quoted, escaped ids and labels."""
    return build_graph(kb).to_dot()


def _dot_of(graph: Graph) -> str:
    lines = ["digraph openai_kb {", "    rankdir=LR;", '    node [fontname="sans-serif"];', "    edge [fontsize=10];"]
    for node in graph.nodes:
        attributes = [f"label={_dot_label(node.label)}", f"shape={_DOT_SHAPES.get(node.shape, 'box')}"]
        if node.colours is not None:  # fill, stroke and text, as in Mermaid
            fill, stroke = node.colours
            attributes.append(f'style=filled, fillcolor="{fill}", color="{stroke}", fontcolor="{text_colour(fill)}"')
        lines.append(f"    {_dot_text(node.id)} [{', '.join(attributes)}];")
    for edge in graph.edges:
        attributes = [f"label={_dot_label(edge.label)}"]
        if edge.line in _DOT_STYLES:
            attributes.append(f"style={_DOT_STYLES[edge.line]}")
        if edge.line == "both":
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

    In a notebook it shows its graph as SVG, as ``Graph`` does (no script from the web);
    ``markdown()`` is the fenced ``mermaid`` block for a page of one's own (GitHub draws it). Labels
    are escaped as ``to_mermaid`` escapes them, so no text from the data can close the fence.
    """

    graph: Graph | None

    def __new__(cls, text: str, graph: Graph | None = None) -> Mermaid:
        made = super().__new__(cls, text)
        made.graph = graph
        return made

    def markdown(self) -> str:
        """The text as a fenced ``mermaid`` block of Markdown."""
        return f"```mermaid\n{self.rstrip()}\n```\n"

    def _repr_svg_(self) -> str | None:
        return None if self.graph is None else self.graph.to_svg()


class Dot(str):
    """Graphviz DOT text, still a ``str``, that draws itself as SVG in notebooks.

    Graphviz draws it where ``dot`` is installed; elsewhere the graph it came from is drawn by our
    own layout (a ``Dot`` made from a bare string draws only with Graphviz).
    """

    graph: Graph | None
    _svg: str | None

    def __new__(cls, text: str, graph: Graph | None = None) -> Dot:
        made = super().__new__(cls, text)
        made.graph = graph
        return made

    def _repr_svg_(self) -> str | None:
        if not hasattr(self, "_svg"):  # drawn once: a notebook may ask again on every display
            drawn = svg(self)
            self._svg = drawn if drawn is not None or self.graph is None else draw(self.graph.nodes, self.graph.edges)
        return self._svg


DOT_TIMEOUT = 60.0  # seconds; the article's graph draws in well under one


def svg(dot: str) -> str | None:
    """DOT drawn as SVG by Graphviz's ``dot``; ``None`` where it is not installed or cannot draw it.

    The graph is drawn by our own layout then, so a missing Graphviz is no error. ``dot`` reads the
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
