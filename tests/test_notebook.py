"""docs/examples/tour.ipynb runs from top to bottom, as a reader would run it, with and without the extras."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("nbformat")  # in the test extra; without it this module skips
pytest.importorskip("nbclient")

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

TOUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "tour.ipynb"
EXTRAS = ("pandas", "networkx", "matplotlib")
"""The modules the tour's optional cells need: the pandas, graph and plot extras."""


def run_tour(first: str | None = None) -> list[dict[str, Any]]:
    """Run the tour (after ``first``, a cell of setup), fail on a cell that raises; every output, in order."""
    notebook = nbformat.read(TOUR, as_version=4)
    if first is not None:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(first))
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": TOUR.parent}})
    try:
        client.execute(env={**os.environ, "PYTHONPATH": str(TOUR.parents[2])})  # this checkout's openai_kb
    except CellExecutionError as error:  # the failing cell and its traceback, not nbclient's internals
        pytest.fail(f"a cell of {TOUR.name} raised:\n{error}")
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def _data(outputs: list[dict[str, Any]], kind: str) -> list[str]:
    return [output["data"][kind] for output in outputs if kind in output.get("data", {})]


def _printed(outputs: list[dict[str, Any]]) -> str:
    return "".join(output["text"] for output in outputs if output.get("output_type") == "stream")


def test_tour_is_committed_without_outputs() -> None:
    """Outputs are made by running the notebook, never committed: diffs stay readable."""
    notebook = nbformat.read(TOUR, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 10
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_tour_guards_every_cell_that_needs_an_extra() -> None:
    """A cell that calls for pandas, networkx or matplotlib catches the ImportError and prints the hint."""
    notebook = nbformat.read(TOUR, as_version=4)
    needing = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code"
        and any(call in cell.source for call in ("to_pandas(", "to_networkx(", ".plot(", "import pandas"))
    ]
    assert len(needing) >= 4
    for source in needing:
        assert "except ImportError as missing" in source, source
        assert "print(missing)" in source, source


@pytest.mark.slow
def test_tour_runs_top_to_bottom() -> None:
    """Every cell runs; the rich displays render as HTML, the graph as SVG, the plots as images."""
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    outputs = run_tour()
    html = _data(outputs, "text/html")
    assert len(html) >= 4, "the knowledge base, a profile, a record and search results display as HTML"
    assert any("Mira Murati" in page for page in html)
    assert any("Thrive Capital <code>org:thrive-capital</code>" in page for page in html), (
        "a record names its references"
    )
    drawings = [svg for svg in _data(outputs, "image/svg+xml") if svg.startswith("<svg")]
    assert len(drawings) == 1, "the graph, as SVG (Graphviz's or openai_kb's own), drawn without the network"
    assert "Thrive Capital" in drawings[0]
    assert not any("```mermaid" in text for text in _data(outputs, "text/markdown"))
    assert len(_data(outputs, "image/png")) == 2, "the two plots"
    assert "pip install" not in _printed(outputs)


@pytest.mark.slow
def test_tour_runs_without_the_extras() -> None:
    """On a plain install (pandas, networkx and matplotlib cannot be imported) every cell still runs,
    and each cell that needs one prints how to install it."""
    blocked = ", ".join(repr(name) for name in EXTRAS)
    outputs = run_tour(f"import sys\nsys.modules.update(dict.fromkeys([{blocked}]))  # importing them fails")
    printed = _printed(outputs)
    assert "kb.to_pandas() needs pandas: pip install 'openai-kb[pandas]'" in printed
    assert "SearchResults.to_pandas() needs pandas: pip install 'openai-kb[pandas]'" in printed
    assert "kb.to_networkx() needs networkx: pip install 'openai-kb[graph]'" in printed
    assert printed.count("kb.plot() needs matplotlib: pip install 'openai-kb[plot]'") == 2
    assert _data(outputs, "image/png") == []
    assert any(svg.startswith("<svg") for svg in _data(outputs, "image/svg+xml")), "the graph needs no extra"
