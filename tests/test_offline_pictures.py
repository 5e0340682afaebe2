"""The graph draws with no network where users see it: nbconvert's HTML of the tour, and the docs site."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, evaluate

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "docs" / "examples" / "tour.ipynb"
EXTERNAL = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE)
no_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed to look at the page")


@pytest.fixture(scope="module")
def tour_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tour, run in a kernel started in its folder, as nbconvert's HTML (the lab template)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    notebook = nbformat.read(TOUR, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": TOUR.parent}}
    )
    client.execute(env={**os.environ, "PYTHONPATH": str(ROOT)})  # this checkout's openai_kb, whatever is installed
    body, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    path = tmp_path_factory.mktemp("nbconvert") / "tour.html"
    path.write_text(body, encoding="utf-8")
    return path


def _graph_output(html: str) -> str:
    """The HTML of the output of the tour's ``kb.graph()`` cell."""
    cell = html.split('kb</span><span class="o">.</span><span class="n">graph</span><span class="p">()', 1)[1]
    return cell.split('<div class="jp-Cell ', 1)[0]


@pytest.mark.slow
def test_nbconvert_html_of_the_tour_holds_the_graph_as_svg(tour_html: Path) -> None:
    """nbconvert writes the graph cell as an SVG image in the page itself (no Mermaid block that needs a CDN)."""
    html = tour_html.read_text(encoding="utf-8")
    output = _graph_output(html)
    assert 'data-mime-type="image/svg+xml"' in output
    found = re.search(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', output)
    assert found is not None
    svg = base64.b64decode(found[1]).decode("utf-8")
    assert svg.startswith("<svg")
    assert "Thrive Capital" in svg
    assert "兴盛资本" in svg
    assert '<pre class="mermaid">' not in html, "nbconvert's page fetches mermaid from a CDN only to draw such a block"


@pytest.mark.slow
@no_chromium
def test_nbconvert_html_of_the_tour_draws_the_graph_offline_in_chromium(tour_html: Path) -> None:
    """Opened in Chromium with no network, the graph cell's image has loaded and has a size."""
    shown = evaluate(
        tour_html.as_uri(),
        "[...document.querySelectorAll('.jp-RenderedSVG img')].map(i => [i.complete, i.naturalWidth > 100])",
    )
    assert shown == [[True, True]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site, built as CI builds it (mkdocs build --strict), with no network."""
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python", "jieba", "nbclient"):
        pytest.importorskip(module)
    folder = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("page", ["tour", "notebooks"])
def test_the_docs_site_shows_the_graph_as_svg(site: Path, page: str) -> None:
    """The tour and the notebooks page hold the graph as inline SVG; no page loads anything from the web."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert html.count('<div class="kb-graph">\n<svg') == 1
    drawing = html.split('<div class="kb-graph">\n', 1)[1].split("</svg>", 1)[0]
    assert "Thrive Capital" in drawing
    assert 'class="mermaid"' not in html
    assert "mermaid.min.js" not in html
    for path in site.rglob("*.html"):
        assert EXTERNAL.search(path.read_text(encoding="utf-8")) is None, path.relative_to(site)


@pytest.mark.slow
def test_the_docs_search_index_holds_chinese_names_as_words(site: Path) -> None:
    """The search index is set up for Chinese and every page holding 穆拉蒂 indexes it as a word of its own."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "zh"]
    assert "\\u200b" in index["config"]["separator"]
    separator = re.compile(index["config"]["separator"].replace("\\u200b", "\u200b"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"] if "穆拉蒂" in doc["text"]}
    found = {doc["location"].split("#")[0] for doc in index["docs"] if "穆拉蒂" in separator.split(doc["text"])}
    holding = {
        str(path.parent.relative_to(site)) + "/" for path in site.rglob("index.html") if "穆拉蒂" in path.read_text()
    }
    assert len(holding) >= 10
    assert {page.replace("./", "") for page in holding} == pages == found


@pytest.mark.slow
def test_the_api_reference_formats_signatures(site: Path) -> None:
    """Signatures are formatted over several lines (Ruff, in the docs extra), none running past 80 characters."""
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    signatures = [
        re.sub(r"<[^>]+>", "", block) for block in re.findall(r'doc-signature highlight"><pre>(.*?)</pre>', html, re.S)
    ]
    assert len(signatures) >= 50
    assert max(len(line) for signature in signatures for line in signature.splitlines()) <= 80
    assert any(signature.startswith("load(\n    *paths") for signature in signatures)


@pytest.mark.slow
@no_chromium
def test_the_docs_site_draws_the_graph_offline_in_chromium(site: Path) -> None:
    """Opened in Chromium with no network, the tour page's graph is drawn: an SVG with a size and its labels."""
    shown = evaluate(
        (site / "tour" / "index.html").as_uri(),
        "(() => { const s = document.querySelector('.kb-graph svg'); const b = s.getBBox();"
        " return [b.width > 300, b.height > 200, s.textContent.includes('Thrive Capital')]; })()",
    )
    assert shown == [True, True, True]
