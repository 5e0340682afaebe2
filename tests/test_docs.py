"""The docs cannot rot: every Python example in README.md and docs/*.md runs as a doctest."""

from __future__ import annotations

import doctest
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# Calls that need an optional dependency (an extra), and the module they import.
EXTRAS = {"to_pandas(": "pandas", "to_networkx(": "networkx"}


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
    if "```python" in page.read_text(encoding="utf-8"):
        assert result.attempted > 0, "the page's python blocks hold no >>> examples to run"


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
