"""The graph drawn as SVG without Graphviz: valid XML, every record and relation, no overlaps, readable in any theme."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from openai_kb import KnowledgeBase
from openai_kb.outputs._graph import Edge, Node
from openai_kb.outputs._graph_svg import draw, text_colour

SVG = "{http://www.w3.org/2000/svg}"


def _boxes(drawing: str) -> dict[str, tuple[float, float, float, float]]:
    """Each node's id (its title) and the box of its shape: left, top, right, bottom."""
    root = ElementTree.fromstring(drawing)
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        assert title is not None
        assert title.text is not None
        shape = group.find(f"{SVG}rect")
        if shape is not None:
            left, top = float(shape.attrib["x"]), float(shape.attrib["y"])
            boxes[title.text] = (left, top, left + float(shape.attrib["width"]), top + float(shape.attrib["height"]))
        else:
            polygon = group.find(f"{SVG}polygon")
            assert polygon is not None
            points = [tuple(map(float, point.split(","))) for point in polygon.attrib["points"].split()]
            xs, ys = [point[0] for point in points], [point[1] for point in points]
            boxes[title.text] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


@pytest.mark.parametrize(
    ("fill", "text"),
    [
        ("#e8f0fe", "#1a1a1a"),  # the light fills the built-in types declare
        ("#f5f5f5", "#1a1a1a"),
        ("#1e3a5f", "#ffffff"),  # a dark fill of one's own
        ("#000", "#ffffff"),
        ("#fff8", "#1a1a1a"),
        ("#7a4ab580", "#ffffff"),
        ("navy", "#ffffff"),
        ("yellow", "#1a1a1a"),
        ("papayawhip", "#1a1a1a"),  # a name outside the basic ones reads as light
    ],
)
def test_text_colour_contrasts_with_the_fill(fill: str, text: str) -> None:
    """Each fill gets the text colour (near-black or white) that contrasts more with it."""
    assert text_colour(fill) == text


def test_the_article_draws_every_record_and_relation(kb: KnowledgeBase) -> None:
    """One <svg> of valid XML: a node per record with its id as title, a path per edge, none overlapping."""
    graph = kb.graph()
    drawing = draw(graph.nodes, graph.edges)
    root = ElementTree.fromstring(drawing)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["aria-label"] == "a graph of 18 records and 21 relations"
    boxes = _boxes(drawing)
    assert sorted(boxes) == sorted(node.id for node in graph.nodes)
    paths = [path for path in root.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None]
    assert sorted(path.findtext(f"{SVG}title") or "" for path in paths) == sorted(edge.record for edge in graph.edges)
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    for name, (left, top, right, bottom) in boxes.items():
        assert 0 <= left < right <= width, name
        assert 0 <= top < bottom <= height, name
        for other, (left2, top2, right2, bottom2) in boxes.items():
            if other != name:
                assert right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top, (name, other)
    texts = "".join(root.itertext())
    assert "Thrive Capital" in texts
    assert "兴盛资本" in texts
    assert "bars investors from investing" in texts
    assert draw(graph.nodes, graph.edges) == drawing, "the same graph always draws the same text"


def test_every_node_sets_fill_stroke_and_text_colour(kb: KnowledgeBase) -> None:
    """Each node's shape has the fill and stroke its type declares and its text the contrasting colour."""
    graph = kb.graph()
    root = ElementTree.fromstring(draw(graph.nodes, graph.edges))
    by_id = {node.id: node for node in graph.nodes}
    groups = list(root.iter(f"{SVG}g"))
    assert len(groups) == 18
    for group in groups:
        node = by_id[group.findtext(f"{SVG}title") or ""]
        assert node.colours is not None
        shape = group.find(f"{SVG}rect")
        shape = shape if shape is not None else group.find(f"{SVG}polygon")
        assert shape is not None
        assert (shape.attrib["fill"], shape.attrib["stroke"]) == node.colours
        text = group.find(f"{SVG}text")
        assert text is not None
        assert text.attrib["fill"] == text_colour(node.colours[0]) == "#1a1a1a"
    background = root.find(f"{SVG}rect")
    assert background is not None
    assert background.attrib["fill"] == "#ffffff", "its own background, as Graphviz's"


def test_text_from_the_data_is_xml_text() -> None:
    """Markup, controls, surrogates and bidi marks in a name stay text: escaped, spaced, or character codes."""
    nodes = [
        Node("org:evil", "organization", '<script>alert("x")</script> & \x07\u2028\ud800 \u202egnol'),
        Node("org:fine", "organization", "Fine", colours=("#1e3a5f", "#0b1a2b")),
    ]
    edges = [Edge("org:evil", "org:fine", "partner", "a </svg> b", "partnership:x", "both")]
    drawing = draw(nodes, edges)
    assert "<script" not in drawing
    assert "</svg>" not in drawing[:-7]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in drawing
    assert "&#8238;gnol" in drawing
    assert "\u202e" not in drawing
    assert "\ufffd" in drawing
    root = ElementTree.fromstring(drawing)  # well-formed: no control character, no lone surrogate
    assert '<script>alert("x")</script>' in "".join(root.itertext())
    fine = next(group for group in root.iter(f"{SVG}g") if group.findtext(f"{SVG}title") == "org:fine")
    text = fine.find(f"{SVG}text")
    assert text is not None
    assert text.attrib["fill"] == "#ffffff", "white text on a dark fill"
    edge = next(path for path in root.iter(f"{SVG}path") if path.findtext(f"{SVG}title") == "partnership:x")
    assert "marker-start" in edge.attrib, "an edge both ways has an arrow at each end"


def test_cycles_loops_and_parallel_edges_draw() -> None:
    """A cycle, an edge to itself and two edges between one pair draw, each as its own path, apart."""
    nodes = [Node(f"n:{name}", "thing", name) for name in "abc"]
    edges = [
        Edge("n:a", "n:b", "r", "a to b", "f:1"),
        Edge("n:b", "n:c", "r", "b to c", "f:2"),
        Edge("n:c", "n:a", "r", "c to a", "f:3"),
        Edge("n:a", "n:a", "r", "itself", "f:4"),
        Edge("n:a", "n:b", "s", "again", "f:5", "dashed"),
    ]
    root = ElementTree.fromstring(draw(nodes, edges))
    paths = {
        path.findtext(f"{SVG}title"): path.attrib
        for path in root.iter(f"{SVG}path")
        if path.find(f"{SVG}title") is not None
    }
    assert sorted(paths) == ["f:1", "f:2", "f:3", "f:4", "f:5"]
    assert paths["f:1"]["d"] != paths["f:5"]["d"], "two edges between one pair do not lie on each other"
    assert paths["f:5"]["stroke-dasharray"] == "6 4"
    assert len(_boxes(draw(nodes, edges))) == 3


def test_an_empty_graph_is_an_empty_picture() -> None:
    """No nodes: a small blank SVG, not an error."""
    drawing = draw([], [])
    root = ElementTree.fromstring(drawing)
    assert root.attrib["aria-label"] == "a graph of 0 records and 0 relations"
    assert re.findall(r'width="(\d+)"', drawing)[0] == "12"
