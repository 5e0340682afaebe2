"""docs/examples/tour.ipynb runs from top to bottom, as a reader would run it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("nbformat")  # in the test extra; without it this module skips
pytest.importorskip("nbclient")

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

TOUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "tour.ipynb"


def test_tour_is_committed_without_outputs() -> None:
    """Outputs are made by running the notebook, never committed: diffs stay readable."""
    notebook = nbformat.read(TOUR, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 10
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.slow
def test_tour_runs_top_to_bottom() -> None:
    """Every cell runs without raising, and the rich displays render as HTML."""
    notebook = nbformat.read(TOUR, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": TOUR.parent}})
    try:
        client.execute()
    except CellExecutionError as error:  # the failing cell and its traceback, not nbclient's internals
        pytest.fail(f"a cell of {TOUR.name} raised:\n{error}")
    html = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.get("output_type") == "execute_result" and "text/html" in output.get("data", {})
    ]
    assert len(html) >= 3, "the knowledge base, a profile and search results display as HTML"
    assert any("Mira Murati" in page for page in html)
