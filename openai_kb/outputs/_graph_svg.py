"""The graph as SVG in pure Python, for where Graphviz's ``dot`` is not installed.

A layered drawing, as ``dot`` makes one (Sugiyama's method, kept small): an edge that closes a
cycle is turned round, each node goes one layer after its longest chain of predecessors (a node
that nothing points at, just before its first successor), an edge that spans layers passes through
a point in each, the layers are ordered by the mean place of each node's neighbours (sweeping right
then left, keeping the order with fewest crossings), and nodes are stacked top to bottom, then
pulled towards their neighbours. No font metrics are at hand, so text is measured in ems: a wide
(CJK) character is one, any other 0.6, which errs wide.

The picture has its own white background and each node sets its fill, its stroke and its text
colour (``text_colour``), so it reads alike in light and dark themes. Text from the data is XML
text: escaped, its controls as spaces, its invisible characters as character codes.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._graph import Edge, Node

__all__ = ["draw", "text_colour"]

_FONT = 12  # px, node labels
_LABEL_FONT = 10  # px, edge labels
_LINE = 1.3  # line height, in ems
_PAD_X, _PAD_Y = 10, 7  # inside a node
_GAP_Y = 22  # between two nodes of a layer
_GAP_X = 60  # between two layers, at least; an edge label widens its gap
_MARGIN = 12
_WRAP = 30  # ems: a longer line of a label wraps at a space
_SWEEPS = 8
_LARGE = 2_000  # points (nodes and the points long edges pass through) past which two sweeps are made, not eight
_DARK_TEXT, _LIGHT_TEXT = "#1a1a1a", "#ffffff"
_DEFAULT_COLOURS = ("#ffffff", "#555555")
_EDGE_COLOUR = "#555555"
_DASHES = {"dashed": "6 4", "dotted": "2 3"}

# Not allowed in XML even as a character code: controls (but tab, newline, return), surrogates,
# U+FFFE and U+FFFF; and line breaks of any kind, which would split a label's line.
_NOT_XML = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# Invisible characters that reorder or hide text (bidi marks, zero-width ones, the BOM): as codes.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


# The basic colour names of CSS, for a fill declared by name ("orange"); any other name reads as light.
_NAMED = {
    "black": "#000000", "silver": "#c0c0c0", "gray": "#808080", "grey": "#808080", "white": "#ffffff",
    "maroon": "#800000", "red": "#ff0000", "purple": "#800080", "fuchsia": "#ff00ff", "green": "#008000",
    "lime": "#00ff00", "olive": "#808000", "yellow": "#ffff00", "navy": "#000080", "blue": "#0000ff",
    "teal": "#008080", "aqua": "#00ffff", "orange": "#ffa500",
}  # fmt: skip


def text_colour(fill: str) -> str:
    """Dark or white text, whichever contrasts more with ``fill`` (``#rgb``, ``#rrggbb``, alpha ignored, or a name).

    Contrast as WCAG measures it, between relative luminances: so a node's text is readable
    whatever the theme around it, since its fill is set too.
    """
    code = _NAMED.get(fill.lower(), fill if fill.startswith("#") else "#ffffff")[1:]
    digits = code if len(code) in (6, 8) else "".join(char * 2 for char in code)
    red, green, blue = (int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    dark = (luminance + 0.05) / (0.0103 + 0.05)  # contrast with #1a1a1a, whose luminance is 0.0103
    light = 1.05 / (luminance + 0.05)  # with white
    return _DARK_TEXT if dark >= light else _LIGHT_TEXT


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def _lines(label: str) -> list[str]:
    """A label's lines: each ``" / "`` part (a name and its Chinese name) on its own, long ones wrapped."""
    lines: list[str] = []
    for part in label.split(" / "):
        line = ""
        for word in part.split(" "):
            if line and _ems(f"{line} {word}") > _WRAP:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def _xml(text: str) -> str:
    text = html.escape(_NOT_XML.sub(lambda found: " " if found[0] < "\ud800" else "\ufffd", text), quote=True)
    return _INVISIBLE.sub(lambda found: f"&#{ord(found[0])};", text)


class _Layout:
    """Layers, order and places of the nodes (``0 .. n-1``) and of the points long edges pass through."""

    def __init__(self, sizes: list[tuple[float, float]], pairs: list[tuple[int, int]], gaps: dict[int, float]) -> None:
        count = len(sizes)
        self.turned = self._turned(count, pairs)
        ahead = [(t, s) if turned else (s, t) for (s, t), turned in zip(pairs, self.turned, strict=True)]
        self.layer = self._layers(count, [pair for pair in ahead if pair[0] != pair[1]])
        self.sizes = list(sizes)
        self.routes: list[list[int]] = []  # each edge's points, left to right: its ends and the points between
        for source, target in ahead:
            route = [source]
            for layer in range(self.layer[source] + 1, self.layer[target]):
                self.layer.append(layer)
                self.sizes.append((0.0, 8.0))
                route.append(len(self.sizes) - 1)
            self.routes.append([*route, target] if source != target else [source])
        depth = max(self.layer, default=-1) + 1
        self.sweeps = _SWEEPS if len(self.sizes) <= _LARGE else 2  # a picture that large is for scrolling, not study
        self.order = self._ordered(depth)
        self.x = self._columns(depth, gaps)
        self.y = self._rows()

    @staticmethod
    def _turned(count: int, pairs: list[tuple[int, int]]) -> list[bool]:
        """Which edges close a cycle (found depth first, nodes in order), to draw them turned round."""
        out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
        for number, (source, target) in enumerate(pairs):
            out[source].append((target, number))
        state = [0] * count  # 1: on the path, 2: done
        turned = [False] * len(pairs)
        for start in range(count):
            if state[start]:
                continue
            state[start] = 1
            stack = [(start, iter(out[start]))]
            while stack:
                node, pending = stack[-1]
                step = next(pending, None)
                if step is None:
                    state[node] = 2
                    stack.pop()
                elif state[step[0]] == 1:
                    turned[step[1]] = step[0] != node
                elif state[step[0]] == 0:
                    state[step[0]] = 1
                    stack.append((step[0], iter(out[step[0]])))
        return turned

    @staticmethod
    def _layers(count: int, ahead: list[tuple[int, int]]) -> list[int]:
        before: list[list[int]] = [[] for _ in range(count)]
        after: list[list[int]] = [[] for _ in range(count)]
        for source, target in ahead:
            before[target].append(source)
            after[source].append(target)
        layer = [0] * count
        waiting = [len(sources) for sources in before]
        ready = [node for node in range(count) if not waiting[node]]
        topological = []
        while ready:
            node = ready.pop(0)
            topological.append(node)
            for target in after[node]:
                layer[target] = max(layer[target], layer[node] + 1)
                waiting[target] -= 1
                if not waiting[target]:
                    ready.append(target)
        for node in reversed(topological):  # a node nothing points at sits just before its first successor
            if not before[node] and after[node]:
                layer[node] = min(layer[target] for target in after[node]) - 1
        return layer

    def _neighbours(self) -> tuple[list[list[int]], list[list[int]]]:
        left: list[list[int]] = [[] for _ in self.sizes]
        right: list[list[int]] = [[] for _ in self.sizes]
        for route in self.routes:
            for one, two in itertools.pairwise(route):
                right[one].append(two)
                left[two].append(one)
        return left, right

    def _ordered(self, depth: int) -> list[list[int]]:
        order: list[list[int]] = [[] for _ in range(depth)]
        for node, layer in enumerate(self.layer):
            order[layer].append(node)
        left, right = self._neighbours()
        best, fewest = [list(layer) for layer in order], self._crossings(order, right)
        for sweep in range(self.sweeps):
            forward = sweep % 2 == 0
            for index in range(1, depth) if forward else range(depth - 2, -1, -1):
                fixed = {node: place for place, node in enumerate(order[index - 1 if forward else index + 1])}
                near = left if forward else right
                now = {node: place for place, node in enumerate(order[index])}

                def centre(node: int, near: list[list[int]] = near, fixed: dict[int, int] = fixed) -> float:
                    places = [fixed[other] for other in near[node] if other in fixed]
                    return sum(places) / len(places) if places else now[node]  # noqa: B023 (used at once)

                order[index].sort(key=centre)
            crossings = self._crossings(order, right)
            if crossings < fewest:
                best, fewest = [list(layer) for layer in order], crossings
        return best

    @staticmethod
    def _crossings(order: list[list[int]], right: list[list[int]]) -> int:
        """Pairs of edges between two layers that cross: inversions of their lower ends, counted in a Fenwick tree."""
        count = 0
        for layer, following in itertools.pairwise(order):
            place = {node: index for index, node in enumerate(following)}
            lower = [place[other] for node in layer for other in sorted(right[node], key=place.__getitem__)]
            tree = [0] * (len(following) + 1)  # how many ends seen so far at each place, as prefix sums
            for seen, end in enumerate(lower):
                at, below = end + 1, 0
                while at > 0:
                    below += tree[at]
                    at -= at & -at
                count += seen - below  # ends seen further down than this one: each a crossing
                at = end + 1
                while at <= len(following):
                    tree[at] += 1
                    at += at & -at
        return count

    def _columns(self, depth: int, gaps: dict[int, float]) -> list[float]:
        widths = [max((self.sizes[node][0] for node in layer), default=0.0) for layer in self.order]
        starts, x = [], float(_MARGIN)
        for layer in range(depth):
            starts.append(x)
            x += widths[layer] + max(_GAP_X, gaps.get(layer, 0.0) + 24)
        return [starts[layer] + widths[layer] / 2 for layer in self.layer]  # each node centred in its column

    def _rows(self) -> list[float]:
        y = [0.0] * len(self.sizes)
        for layer in self.order:
            top = 0.0
            for node in layer:
                y[node] = top + self.sizes[node][1] / 2
                top += self.sizes[node][1] + _GAP_Y
        left, right = self._neighbours()
        for _ in range(self.sweeps):
            for layer in self.order:
                wanted = [
                    sum(y[other] for other in left[node] + right[node]) / len(left[node] + right[node])
                    if left[node] + right[node]
                    else y[node]
                    for node in layer
                ]
                placed: list[float] = []
                for index, node in enumerate(layer):  # towards where its neighbours are, in order, never overlapping
                    if not placed:
                        placed.append(wanted[index])
                        continue
                    lowest = placed[-1] + (self.sizes[layer[index - 1]][1] + self.sizes[node][1]) / 2 + _GAP_Y
                    placed.append(max(wanted[index], lowest))
                shift = sum(w - p for w, p in zip(wanted, placed, strict=True)) / max(len(layer), 1)
                for node, place in zip(layer, placed, strict=True):
                    y[node] = place + shift
        top = min((y[node] - size[1] / 2 for node, size in enumerate(self.sizes)), default=0.0)
        return [place - top + _MARGIN for place in y]


def draw(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """The graph as one ``<svg>`` element: laid out in layers, left to right, as ``dot -Tsvg`` draws it."""
    index = {node.id: number for number, node in enumerate(nodes)}
    labels = [_lines(node.label) for node in nodes]
    sizes = [_node_size(node.shape, lines) for node, lines in zip(nodes, labels, strict=True)]
    drawn = [edge for edge in edges if edge.source in index and edge.target in index]
    pairs = [(index[edge.source], index[edge.target]) for edge in drawn]
    edge_lines = [_lines(edge.label) if edge.label else [] for edge in drawn]
    first = _Layout(sizes, pairs, {})  # the layers, to widen each gap for the labels that sit in it
    gaps: dict[int, float] = {}
    for route, lines in zip(first.routes, edge_lines, strict=True):
        if lines and len(route) > 1:
            layer = first.layer[route[0]]
            gaps[layer] = max(gaps.get(layer, 0.0), max(_ems(line) for line in lines) * _LABEL_FONT)
    layout = _Layout(sizes, pairs, gaps)
    key = hashlib.sha1("\n".join([*index, *(f"{e.source}>{e.target}" for e in drawn)]).encode()).hexdigest()[:8]
    width = max((layout.x[n] + layout.sizes[n][0] / 2 for n in range(len(nodes))), default=0.0) + _MARGIN
    height = max((layout.y[n] + layout.sizes[n][1] / 2 for n in range(len(layout.sizes))), default=0.0) + _MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" role="img" '
        f'aria-label="a graph of {len(nodes)} records and {len(drawn)} relations">',
        f'<defs><marker id="okb-{key}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{_EDGE_COLOUR}"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    between: dict[tuple[int, int], list[int]] = {}  # edges between the same two nodes, either way
    for number, (source, target) in enumerate(pairs):
        between.setdefault((min(source, target), max(source, target)), []).append(number)
    boxes = []
    for number, (edge, lines) in enumerate(zip(drawn, edge_lines, strict=True)):
        same = between[min(pairs[number]), max(pairs[number])]
        bend = (same.index(number) - (len(same) - 1) / 2) * 10  # drawn apart
        path, middle = _edge_path(layout, layout.routes[number], layout.turned[number], bend)
        dash = f' stroke-dasharray="{_DASHES[edge.line]}"' if edge.line in _DASHES else ""
        marker = f"url(#okb-{key}-arrow)"
        start = f' marker-start="{marker}"' if edge.line == "both" else ""
        parts.append(
            f'<path d="{path}" fill="none" stroke="{_EDGE_COLOUR}" '
            f'stroke-width="{2.5 if edge.line == "thick" else 1.2}"{dash}{start} marker-end="{marker}">'
            f"<title>{_xml(edge.record)}</title></path>"
        )
        if lines:
            boxes.append((middle, lines))
    parts.extend(_edge_labels(boxes))
    for number, (node, lines) in enumerate(zip(nodes, labels, strict=True)):
        parts.append(_node_svg(node, lines, layout.x[number], layout.y[number], sizes[number]))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _node_size(shape: str, lines: list[str]) -> tuple[float, float]:
    width = max(_ems(line) for line in lines) * _FONT + 2 * _PAD_X
    height = len(lines) * _LINE * _FONT + 2 * _PAD_Y
    extra = {"hexagon": height / 2, "stadium": height / 2, "subroutine": 12.0}.get(shape, 0.0)
    return width + extra, height


def _edge_path(layout: _Layout, route: list[int], turned: bool, bend: float) -> tuple[str, tuple[float, float]]:
    """The edge's curve (from its source to its target, ``bend`` px off the straight one) and where its label goes."""
    x, y = layout.x, layout.y
    if len(route) == 1:  # an edge from a node to itself: a loop over its top
        node = route[0]
        left, top, right = x[node] - 12, y[node] - layout.sizes[node][1] / 2, x[node] + 12
        loop = f"M{left:.1f},{top:.1f} C{left:.1f},{top - 30:.1f} {right:.1f},{top - 30:.1f} {right:.1f},{top:.1f}"
        return loop, (x[node], top - 30)
    points = [(x[node], y[node]) for node in route]
    points[0] = (points[0][0] + layout.sizes[route[0]][0] / 2, points[0][1])
    points[-1] = (points[-1][0] - layout.sizes[route[-1]][0] / 2, points[-1][1])
    (x1, y1), (x2, y2) = points[0], points[1]
    middle = ((x1 + x2) / 2, (y1 + y2) / 2 + bend * 0.75)
    if turned:  # drawn from its source: the same curve, walked the other way
        points.reverse()
    segments = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        half = (x2 - x1) / 2
        segments.append(f"C{x1 + half:.1f},{y1 + bend:.1f} {x2 - half:.1f},{y2 + bend:.1f} {x2:.1f},{y2:.1f}")
    return f"M{points[0][0]:.1f},{points[0][1]:.1f} " + " ".join(segments), middle


def _edge_labels(boxes: list[tuple[tuple[float, float], list[str]]]) -> list[str]:
    """Each edge label on a white box at its edge's middle, nudged down where two would overlap."""
    placed: dict[int, list[tuple[float, float, float, float]]] = {}  # by column of 100 px: left, top, right, bottom
    parts = []
    for (x, y), lines in sorted(boxes, key=lambda box: (box[0][1], box[0][0])):
        width = max(_ems(line) for line in lines) * _LABEL_FONT + 6
        height = len(lines) * _LINE * _LABEL_FONT + 2
        left, top = x - width / 2, y - height / 2
        columns = range(int(left // 100), int((left + width) // 100) + 1)
        near = sorted({box for column in columns for box in placed.get(column, ())}, key=lambda box: box[1])
        for other in near:
            if left < other[2] and other[0] < left + width and top < other[3] and other[1] < top + height:
                top = other[3] + 1
        for column in columns:
            placed.setdefault(column, []).append((left, top, left + width, top + height))
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff" '
            'fill-opacity="0.85"/>'
        )
        parts.append(_text(lines, x, top + height / 2, _LABEL_FONT, "#333333"))
    return parts


def _text(lines: list[str], x: float, y: float, size: int, colour: str) -> str:
    first = y - (len(lines) - 1) * _LINE * size / 2 + 0.35 * size  # a baseline: the lines centred on y
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + number * _LINE * size:.1f}">{_xml(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    return f'<text text-anchor="middle" font-size="{size}" fill="{colour}">{spans}</text>'


def _node_svg(node: Node, lines: list[str], x: float, y: float, size: tuple[float, float]) -> str:
    fill, stroke = node.colours or _DEFAULT_COLOURS
    width, height = size
    left, top = x - width / 2, y - height / 2
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
    if node.shape == "hexagon":
        inset = height / 2
        corners = [
            (left, y),
            (left + inset, top),
            (left + width - inset, top),
            (left + width, y),
            (left + width - inset, top + height),
            (left + inset, top + height),
        ]
        shape = f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in corners)}" {paint}/>'
    else:
        radius = {"rounded": 10.0, "stadium": height / 2}.get(node.shape, 0.0)
        shape = (
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" rx="{radius:.1f}" {paint}/>'
        )
        if node.shape == "subroutine":
            shape += "".join(
                f'<line x1="{edge:.1f}" y1="{top:.1f}" x2="{edge:.1f}" y2="{top + height:.1f}" stroke="{stroke}"/>'
                for edge in (left + 6, left + width - 6)
            )
    text = _text(lines, x, y, _FONT, text_colour(fill))
    return f'<g class="node"><title>{_xml(node.id)}</title>{shape}{text}</g>'
