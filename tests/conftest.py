"""Shared fixtures: the bundled knowledge base, a tiny one, and the article's text when present."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import openai_kb

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "source" / "000_998db688bafa6070.txt"


@pytest.fixture(scope="session", autouse=True)
def _snapshot_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Snapshots of the bundled data go to a folder of the test run, never the user's cache (processes too)."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENAI_KB_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def kb() -> openai_kb.KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return openai_kb.load()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the tiny fixture data set, safe to edit."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="session")
def article() -> str:
    """The article's text exactly as given; tests that need it skip when ../shared is absent."""
    if not SOURCE.is_file():
        pytest.skip(f"the article is not at {SOURCE}")
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        return handle.read()
