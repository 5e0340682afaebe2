"""The index build's progress bar in a real Jupyter kernel: tqdm's widget where installed, the plain bar without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUILD = (
    "from benchmarks.corpus import aliases\n"
    "from openai_kb import KnowledgeBase\n"
    "from openai_kb.search import _progress\n"
    "_progress.DELAY = 0.0  # draw at once: the build of 6,000 names is quick on a fast machine\n"
    "names = aliases(6_000, seed=2)\n"
    "people = [{'type': 'person', 'id': f'person:p{n}', 'name': name} for n, name in enumerate(names)]\n"
    "KnowledgeBase.from_records(people).build_index()\n"
)


def _run(*cells: str) -> list[dict[str, Any]]:
    """Run the cells in a python3 kernel started in the checkout (so it imports this openai_kb); every output."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": ROOT}}).execute()
    return [output for cell in notebook.cells for output in cell.outputs]


@pytest.mark.slow
def test_a_notebook_build_shows_tqdms_widget() -> None:
    """With tqdm and ipywidgets, a build in a kernel displays tqdm's widget and writes nothing to stderr."""
    pytest.importorskip("tqdm")
    pytest.importorskip("ipywidgets")
    outputs = _run(BUILD)
    widgets = [output for output in outputs if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    assert len(widgets) == 1
    assert "Building the search index" in widgets[0]["data"]["text/plain"]
    assert [output for output in outputs if output.get("name") == "stderr"] == []


@pytest.mark.slow
def test_without_tqdm_a_notebook_build_shows_the_plain_bar() -> None:
    """Without tqdm, the build writes the plain bar, with the time taken, to the cell's stderr."""
    outputs = _run("import sys\nsys.modules['tqdm'] = None  # as if tqdm were not installed", BUILD)
    errors = "".join(output["text"] for output in outputs if output.get("name") == "stderr")
    assert errors.startswith("\rBuilding the search index [")
    assert "] 100% in " in errors
    assert errors.endswith(" s\n")
    assert not [output for output in outputs if "data" in output]
