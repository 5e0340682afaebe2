"""The reference pages keep up with the code: every public name and every subcommand is documented."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import openai_kb
from openai_kb.cli import COMMANDS

DOCS = Path(__file__).resolve().parents[1] / "docs"
API = (DOCS / "api.md").read_text(encoding="utf-8")
CLI = (DOCS / "cli.md").read_text(encoding="utf-8")


def _in_api_reference(name: str) -> bool:
    """``::: openai_kb.NAME`` on a line of its own, or ``NAME`` in code in the prose (``openai_kb.NAME``, ``NAME(``)."""
    word = re.escape(name)
    return re.search(rf"^::: openai_kb\.{word}$|`(openai_kb\.)?{word}[`(]", API, re.MULTILINE) is not None


def _in_cli_page(name: str) -> bool:
    """A heading that names the command, or ``openai-kb NAME`` anywhere on the page."""
    word = re.escape(name)
    return re.search(rf"^#+ .*\b{word}\b|openai-kb {word}\b", CLI, re.MULTILINE) is not None


@pytest.mark.parametrize("name", openai_kb.__all__)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    """Each name of openai_kb.__all__ has its entry (or a mention in code) in docs/api.md."""
    assert _in_api_reference(name), f"docs/api.md: add ::: openai_kb.{name}"


MODULES = (
    "openai_kb.models",
    "openai_kb.outputs.exports",
    "openai_kb.outputs.exports.sqlite_db",
    "openai_kb.outputs.exports.datasette",
    "openai_kb.search.normalize",
)
"""The modules outside the facade that docs/architecture.md tells users to import."""


def _in_module_reference(module: str, name: str) -> bool:
    """The module rendered whole (``::: module``), the name's own entry, its facade entry (the same object), or
    the name in code in the prose."""
    word, where = re.escape(name), re.escape(module)
    if re.search(rf"^::: {where}$|^::: {where}\.{word}$|`({where}\.)?{word}[`(]", API, re.MULTILINE):
        return True
    same = getattr(openai_kb, name, None) is getattr(importlib.import_module(module), name, object())
    return same and _in_api_reference(name)


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module in MODULES for name in importlib.import_module(module).__all__],
    ids=lambda value: value,
)
def test_every_public_name_of_the_documented_modules_is_in_the_api_reference(module: str, name: str) -> None:
    """Each name in the __all__ of openai_kb.models, openai_kb.outputs.exports (and its sqlite_db and datasette)
    and openai_kb.search.normalize is on docs/api.md."""
    assert _in_module_reference(module, name), f"docs/api.md: add ::: {module}.{name} (or ::: {module})"


def test_the_documented_modules_are_those_the_architecture_names() -> None:
    """The modules checked are the ones docs/architecture.md lists as importable beside the facade."""
    architecture = (DOCS / "architecture.md").read_text(encoding="utf-8")
    listed = architecture.split("A module whose name starts with", 1)[1].split("## Layers", 1)[0]
    for module in MODULES:
        short = module.removeprefix("openai_kb.outputs.exports.")
        assert f"`{module}`" in listed or f"`{short}`" in listed, module


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_every_subcommand_is_in_the_cli_page(name: str) -> None:
    """Each subcommand of the command table is named in docs/cli.md, as a heading or as `openai-kb NAME`."""
    assert _in_cli_page(name), f"docs/cli.md: document openai-kb {name}"


def test_the_coverage_checks_can_fail() -> None:
    """A name or a command the pages never mention is reported missing (the checks above are not vacuous)."""
    assert not _in_api_reference("NoSuchName")
    assert not _in_api_reference("Match" + "ed_")  # a longer name is not found by its prefix
    assert not _in_module_reference("openai_kb.models", "NoSuchName")
    assert not _in_cli_page("frobnicate")
