"""The docs cannot rot: every Python example in README.md and docs/*.md runs as a doctest."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import openai_kb

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# Calls that need an optional dependency (an extra), and the module they import.
EXTRAS = {"to_pandas(": "pandas", "to_networkx(": "networkx", ".plot(": "matplotlib"}


def _skip_without_extras(page: Path) -> None:
    """Skip the page where one of its >>> examples calls for an extra that is not installed."""
    examples = [line for line in page.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith(">>> ")]
    for call, module in EXTRAS.items():
        if any(call in line for line in examples):
            pytest.importorskip(module)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(page: Path) -> None:
    """Each >>> example in the page gives the output shown."""
    _skip_without_extras(page)
    result = doctest.testfile(
        str(page), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0
    if "```pycon" in page.read_text(encoding="utf-8"):
        assert result.attempted > 0, "the page's pycon blocks hold no >>> examples to run"


def _fenced_blocks(page: Path) -> list[tuple[str, list[str]]]:
    """Each fenced block of a page: its fence's language and its lines."""
    blocks: list[tuple[str, list[str]]] = []
    inside: list[str] | None = None
    for line in page.read_text(encoding="utf-8").splitlines():
        if inside is None and line.startswith("```"):
            inside = []
            blocks.append((line[3:].strip(), inside))
        elif inside is not None and line.strip() == "```":
            inside = None
        elif inside is not None:
            inside.append(line)
    return blocks


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_interactive_examples_are_pycon(page: Path) -> None:
    """A block with >>> prompts is fenced pycon, so the site's copy button leaves the prompts and output out;
    a python block is code to copy whole, with no prompt in it."""
    for language, lines in _fenced_blocks(page):
        prompts = any(line.lstrip().startswith((">>> ", "... ")) for line in lines)
        if language == "python":
            assert not prompts, f"{page.name}: a python block holds >>> examples; fence it pycon:\n" + "\n".join(lines)
        elif language == "pycon":
            assert lines[0].startswith(">>> "), f"{page.name}: a pycon block starts with a prompt: {lines[0]!r}"


def test_copying_a_pycon_block_leaves_prompts_and_output_out() -> None:
    """The site's stylesheet hides prompts (.gp) and output (.go) while Material copies a block, and from selection."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "extra_css:\n  - stylesheets/extra.css" in config
    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert "[data-md-copying] .gp" in css
    assert "[data-md-copying] .go" in css
    assert "user-select: none" in css


def test_readme_commands_are_marked() -> None:
    """README.md opens with the run and test commands that .ci/run executes."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("<!-- run-command -->") < text.index("<!-- test-command -->") < text.index("## ")


def test_data_model_names_every_field() -> None:
    """docs/data-model.md mentions every record type and every field of every model."""
    from openai_kb.models import RECORD_TYPES, Evidence, ExclusivityClause, Money, Name, OtherTerm, Quantity

    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    for name in RECORD_TYPES:
        assert f'`type: "{name}"`' in text, name
    for model in [*RECORD_TYPES.values(), Evidence, Name, Money, Quantity, ExclusivityClause, OtherTerm]:
        missing = [field for field in model.model_fields if f"`{field}`" not in text]
        assert missing == [], f"{model.__name__}: {missing}"


def _console_examples(page: Path) -> list[tuple[str, str]]:
    """Each ``$ openai-kb ...`` line of the page's console blocks, with the output shown under it."""
    examples: list[tuple[str, list[str]]] = []
    inside = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            examples.append((line[2:], []))
        elif examples:
            examples[-1][1].append(line)
    return [(command, "\n".join(output).rstrip()) for command, output in examples]


CONSOLE = [(page, *example) for page in PAGES for example in _console_examples(page)]


@pytest.mark.slow
@pytest.mark.parametrize(("page", "command", "expected"), CONSOLE, ids=lambda v: v if isinstance(v, str) else "")
def test_console_examples_print_what_they_show(page: Path, command: str, expected: str) -> None:
    """Every shell example in the docs runs and prints what the page shows (stdout, then stderr)."""
    program, *args = shlex.split(command)
    assert program == "openai-kb", f"{page.name}: only openai-kb commands are run: {command}"
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    printed = (result.stdout + result.stderr).rstrip()
    if expected.endswith("..."):
        assert printed.startswith(expected.removesuffix("...").rstrip()), f"{page.name}: {command}\n{printed}"
    else:
        assert printed == expected, f"{page.name}: {command}\n{printed}"


def test_console_examples_are_found() -> None:
    """The console examples are collected (a change of fence name would silently skip them)."""
    assert len(CONSOLE) >= 3


def _command_lists(page: Path) -> list[str]:
    """Lines of the page's text blocks made only of ``openai-kb`` commands (comments after ``#``)."""
    commands: list[str] = []
    for block in page.read_text(encoding="utf-8").split("```text\n")[1:]:
        lines = [line.split("  #")[0].strip() for line in block.split("```")[0].splitlines() if line.strip()]
        if lines and all(line.startswith("openai-kb ") for line in lines):
            commands.extend(lines)
    return commands


COMMAND_LISTS = [(page, command) for page in PAGES for command in _command_lists(page)]


@pytest.mark.slow
@pytest.mark.parametrize(("page", "command"), COMMAND_LISTS, ids=lambda v: v if isinstance(v, str) else "")
def test_listed_commands_run(page: Path, command: str, tmp_path: Path) -> None:
    """Commands listed without their output still run, in an empty folder, and succeed."""
    cli = f"{shlex.quote(sys.executable)} -m openai_kb.cli"
    result = subprocess.run(
        command.replace("openai-kb", cli, 1),
        shell=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )
    assert result.returncode == 0, f"{page.name}: {command}\n{result.stderr}"
    assert result.stdout or any(tmp_path.iterdir()), f"{page.name}: {command} printed and wrote nothing"


def _hook(name: str) -> Any:
    """A hook of docs/hooks, loaded as MkDocs loads it (its folder on the path while it is imported)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / "docs" / "hooks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "docs" / "hooks"))
    try:
        spec.loader.exec_module(hook)
    finally:
        sys.path.remove(str(ROOT / "docs" / "hooks"))
    return hook


def test_the_site_draws_the_notebooks_pages_mermaid_block_as_svg() -> None:
    """The graphs hook makes the bundled graph's Mermaid block of docs/notebooks.md its SVG, and fails the build
    on any other Mermaid block, naming the page and the fix."""
    pytest.importorskip("mkdocs")
    from mkdocs.exceptions import PluginError

    hook = _hook("graphs")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="notebooks.md"))
    markdown = (ROOT / "docs" / "notebooks.md").read_text(encoding="utf-8")
    drawn = hook.on_page_markdown(markdown, page=page, config=None, files=None)
    svg = openai_kb.load().graph().to_svg()
    assert "```mermaid\n" not in drawn
    assert drawn.count('<div class="kb-graph">\n<svg') == 1
    assert drawn.split('<div class="kb-graph">\n', 1)[1].split("\n</div>", 1)[0] == "\n".join(
        line for line in svg.splitlines() if line.strip()
    )
    with pytest.raises(PluginError) as caught:
        hook.on_page_markdown(
            "Text.\n\n```mermaid\nflowchart LR\n    a --> b\n```\n", page=page, config=None, files=None
        )
    assert str(caught.value) == (
        "notebooks.md: a mermaid block that is not the bundled graph cannot be drawn offline; "
        "draw it with kb.graph().to_svg() into the page, or update it to openai_kb.load().to_mermaid()"
    )


def test_the_site_search_knows_the_datas_chinese_names() -> None:
    """Every Chinese name of the bundled data, split at its dots, is a word for jieba to keep whole."""
    pytest.importorskip("mkdocs")
    words = _hook("graphs").chinese_names(openai_kb.load())
    assert {"米拉", "穆拉蒂", "辉达", "輝達", "兴盛资本"} <= set(words)
    assert not [word for word in words if "·" in word]
    assert all(re.search(r"[\u3400-\u9fff]", word) for word in words)
    assert "Mira Murati" not in words
    assert len(words) == len(set(words))


def test_the_docs_extra_formats_signatures_and_segments_chinese() -> None:
    """The docs extra installs a formatter mkdocstrings uses for signatures (Ruff) and jieba for Material's search."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", requirement)[0] for requirement in extra["docs"]}
    assert {"ruff", "jieba"} <= names
    assert {"mkdocs", "mkdocs-material", "mkdocstrings", "jieba", "nbconvert"} <= {
        re.split(r"[<>=\[ ]", requirement)[0] for requirement in extra["test"]
    }, "the tests build the site and render the tour"


def test_the_tour_page_writes_each_output_in_its_richest_static_form() -> None:
    """The site's tour: code as python blocks, printed text as text, SVG (the graph) inline before any Markdown,
    Markdown as is, a plot as a PNG, HTML and SVG as one block each (no blank line that would end it), and a link
    to the notebook itself."""
    pytest.importorskip("mkdocs")
    nbformat = pytest.importorskip("nbformat")
    import importlib.util

    spec = importlib.util.spec_from_file_location("tour_hook", ROOT / "docs" / "hooks" / "tour.py")
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("# Title\n\nIntro."), v4.new_code_cell("kb.graph()")])
    notebook.cells[1].outputs = [
        v4.new_output("stream", name="stdout", text="printed ```\n"),
        v4.new_output(
            "display_data",
            data={"image/svg+xml": "<svg>\n\n<g/></svg>", "text/markdown": "```mermaid\n```", "text/plain": "g"},
        ),
        v4.new_output("display_data", data={"text/markdown": "**bold**", "text/plain": "b"}),
        v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=\n", "text/plain": "<Figure>"}),
        v4.new_output(
            "execute_result", data={"text/html": "<table>\n\n<tr><td>x</td></tr>\n</table>"}, execution_count=1
        ),
    ]
    page = hook.to_markdown(notebook)
    assert page == (
        "# Title\n\n"
        "*This page is [the tour notebook](examples/tour.ipynb), run when the site was built: "
        "download it to run it yourself.*\n\n"
        "Intro.\n\n"
        "```python\nkb.graph()\n```\n\n"
        "````text\nprinted ```\n````\n\n"
        '<div class="kb-graph">\n<svg>\n<g/></svg>\n</div>\n\n'
        "**bold**\n\n"
        '<img alt="a plot" src="data:image/png;base64,iVBORw0KGgo=">\n\n'
        '<div class="notebook-output">\n<table>\n<tr><td>x</td></tr>\n</table>\n</div>\n'
    )
