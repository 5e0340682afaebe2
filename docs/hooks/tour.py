"""MkDocs hook: the tour notebook, run when the site is built, as the page ``tour.md``.

The notebook is committed without outputs (its diffs stay readable), so the site runs it with
nbclient and writes each cell as Markdown: code as a ``python`` block, printed text as a ``text``
block, rich output as its richest form that a static page shows with no script from the web: the
graph's SVG (drawn by Graphviz where the building machine has it, else by openai_kb's own layout),
a PNG plot, the HTML tables, Markdown. A cell that raises fails the build, as in the tests. No
network is needed: the kernel is the local ``python3`` one (ipykernel, in the docs extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from nbclient import NotebookClient

NOTEBOOK = "examples/tour.ipynb"
PAGE = "tour.md"
TIMEOUT = 300  # seconds for one cell


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the tour, run and written as Markdown, to the site's pages."""
    path = Path(config["docs_dir"]) / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    files.append(File.generated(config, PAGE, content=to_markdown(notebook)))
    return files


def to_markdown(notebook: Any) -> str:
    """A run notebook as a Markdown page: its Markdown cells as they are, code and outputs as blocks."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```")
            parts.extend(_output(output) for output in cell.outputs)
    body = "\n\n".join(part for part in parts if part)
    note = (
        f"*This page is [the tour notebook]({NOTEBOOK}), run when the site was built: download it to run it yourself.*"
    )
    return body.replace("\n\n", f"\n\n{note}\n\n", 1) + "\n"


def _output(output: Any) -> str:
    if output.output_type == "stream":
        return _text_block(output.text)
    if output.output_type not in ("execute_result", "display_data"):
        return ""
    data = output.get("data", {})
    if "image/svg+xml" in data:  # the graph: inline, so it draws offline; no blank line, so it stays one block
        return svg_block(str(data["image/svg+xml"]))
    if "text/markdown" in data:
        return str(data["text/markdown"])
    if "image/png" in data:
        return f'<img alt="a plot" src="data:image/png;base64,{data["image/png"].strip()}">'
    if "text/html" in data:  # no blank line inside, so Markdown keeps it one block of HTML
        lines = [line for line in str(data["text/html"]).splitlines() if line.strip()]
        return '<div class="notebook-output">\n' + "\n".join(lines) + "\n</div>"
    if "text/plain" in data:
        return _text_block(data["text/plain"])
    return ""


def svg_block(svg: str) -> str:
    """An SVG as one block of HTML in Markdown, scrolled sideways where it is wider than the page."""
    lines = [line for line in svg.splitlines() if line.strip()]
    return '<div class="kb-graph">\n' + "\n".join(lines) + "\n</div>"


def _text_block(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}text\n{text.rstrip()}\n{fence}"
