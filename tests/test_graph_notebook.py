"""The graph draws itself in notebooks as SVG, offline: through Graphviz where installed, else our own layout."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import stat
from pathlib import Path

import pytest

from openai_kb import KnowledgeBase
from openai_kb.outputs._graph import Dot, Graph, Mermaid, build_graph, svg
from openai_kb.outputs._graph_svg import draw

HOSTILE = '```\n<script>alert(1)</script> "q" %%{init: {}}%% a|b\u202eZ & </svg>'


EVIDENCE = [{"source": "source:s", "quote": "x", "start": 0, "end": 1}]


@pytest.fixture(scope="module")
def hostile() -> KnowledgeBase:
    """A name that would close a Markdown fence, run a script, re-theme Mermaid or end an SVG."""
    return KnowledgeBase.from_records(
        [
            {"type": "source", "id": "source:s", "title": "t", "language": "en"},
            {"type": "organization", "id": "org:evil", "name": HOSTILE},
            {"type": "organization", "id": "org:fine", "name": "Fine"},
            {
                "type": "partnership",
                "id": "partnership:x",
                "organizations": ["org:evil", "org:fine"],
                "nature": "`x`",
                "evidence": EVIDENCE,
            },
        ]
    )


def _fake_dot(folder: Path, script: str) -> None:
    """A ``dot`` program on PATH that runs ``script`` (a shell script), standing in for Graphviz."""
    program = folder / "dot"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def test_to_mermaid_is_still_a_str(kb: KnowledgeBase) -> None:
    """kb.to_mermaid() is a str equal to the text it always was: printing, writing and comparing work."""
    text = kb.to_mermaid()
    assert isinstance(text, str)
    assert isinstance(text, Mermaid)
    assert str(text) == text
    assert text.startswith("flowchart LR\n")
    assert text + "" == str(text)
    assert pickle.loads(pickle.dumps(text)) == text
    assert isinstance(kb.to_dot(), str)
    assert isinstance(kb.to_dot(), Dot)


def test_markdown_is_one_mermaid_block(kb: KnowledgeBase) -> None:
    """markdown() is the flowchart in a ```mermaid fence, which GitHub draws, for a page of one's own."""
    text = kb.to_mermaid()
    markdown = text.markdown()
    assert markdown == f"```mermaid\n{text}```\n"
    assert markdown.splitlines()[0] == "```mermaid"
    assert markdown.splitlines()[1] == "flowchart LR"
    assert markdown.splitlines()[-1] == "```"


def test_graph_is_nodes_and_edges_that_draw(kb: KnowledgeBase) -> None:
    """kb.graph() holds the nodes and edges, and draws the same text as kb.to_mermaid() and kb.to_dot()."""
    graph = kb.graph()
    assert isinstance(graph, Graph)
    assert graph == build_graph(kb)
    assert repr(graph) == "<Graph: 18 nodes, 21 edges>"
    assert graph.to_mermaid() == kb.to_mermaid()
    assert graph.to_dot() == kb.to_dot()
    assert graph.to_mermaid().markdown() == kb.to_mermaid().markdown()
    assert not hasattr(graph, "_repr_markdown_"), "nbconvert would pick Markdown, and fetch mermaid from the web"
    assert not hasattr(kb.to_mermaid(), "_repr_markdown_")
    assert "round:openai-2024-10" in {node.id for node in graph.nodes}


def test_data_cannot_close_the_fence_or_act_in_mermaid(hostile: KnowledgeBase) -> None:
    """Backticks, newlines, <script>, %% and bidi marks from the data stay text inside the one block."""
    markdown = hostile.to_mermaid().markdown()
    lines = markdown.splitlines()
    assert [line for line in lines if line.startswith("```")] == ["```mermaid", "```"]
    assert lines[-1] == "```"
    assert "`" not in "".join(lines[1:-1])
    assert "<script>" not in markdown
    assert "%%" not in markdown
    assert "\u202e" not in markdown
    assert '    org_evil["#96;#96;#96; #lt;script#gt;' in markdown


def test_no_graphviz_means_our_own_svg_and_no_error(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a dot program, every view of the graph is drawn by the pure-Python layout."""
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot anywhere
    assert shutil.which("dot") is None
    graph = kb.graph()
    own = draw(graph.nodes, graph.edges)
    assert own.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert svg(kb.to_dot()) is None
    assert graph.to_svg() == graph._repr_svg_() == own
    assert kb.to_mermaid()._repr_svg_() == own
    assert kb.to_dot()._repr_svg_() == own
    assert Dot("digraph { a -> b }")._repr_svg_() is None, "bare DOT text, with no graph behind it, needs Graphviz"


def test_a_failing_dot_means_our_own_svg(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dot that fails (a broken install) gives our own drawing rather than an error in the notebook."""
    _fake_dot(tmp_path, "cat >/dev/null; echo broken >&2; exit 3")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")  # found before any real dot
    graph = kb.graph()
    assert svg(kb.to_dot()) is None
    assert kb.to_dot()._repr_svg_() == graph.to_svg() == draw(graph.nodes, graph.edges)


def test_svg_comes_from_dot_reading_the_text_on_stdin(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dot -Tsvg reads the DOT text on its standard input; the SVG view starts at <svg, prolog dropped."""
    _fake_dot(tmp_path, f'[ "$1" = -Tsvg ] || exit 2; cat > "{tmp_path}/given"; printf \'<?xml?>\\n<svg>drawn</svg>\'')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    dot = kb.to_dot()
    assert dot._repr_svg_() == "<svg>drawn</svg>"
    assert (tmp_path / "given").read_text(encoding="utf-8") == dot
    (tmp_path / "given").unlink()
    assert dot._repr_svg_() == "<svg>drawn</svg>"  # drawn once, kept
    assert not (tmp_path / "given").exists()
    assert kb.to_mermaid()._repr_svg_() == "<svg>drawn</svg>"  # the Mermaid text draws its graph's DOT
    assert kb.graph()._repr_svg_() == "<svg>drawn</svg>"  # Graphviz first, where it is installed


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graphviz_draws_the_article_and_escapes_the_data(kb: KnowledgeBase, hostile: KnowledgeBase) -> None:
    """With Graphviz installed, the SVG names the records, and text from the data is XML text, never markup."""
    drawn = kb.graph()._repr_svg_()
    assert drawn is not None
    assert drawn.startswith("<svg")
    assert drawn.rstrip().endswith("</svg>")
    assert "Thrive Capital / 兴盛资本" in drawn
    evil = svg(hostile.to_dot())
    assert evil is not None
    assert "<script" not in evil
    assert "&lt;script&gt;" in evil
    assert len(re.findall("</svg>", evil)) == 1


def test_ipython_displays_svg_and_no_markdown(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IPython's display bundle of the graph, its Mermaid and its DOT is SVG and text: no Markdown to fetch mermaid."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz: our own drawing
    formatter = interactiveshell.InteractiveShell.instance().display_formatter
    own = kb.graph().to_svg()
    for shown in (kb.graph(), kb.to_mermaid(), kb.to_dot()):
        data, _ = formatter.format(shown)
        assert set(data) == {"image/svg+xml", "text/plain"}, type(shown).__name__
        assert data["image/svg+xml"] == own
