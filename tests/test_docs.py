"""The docs cannot rot: every Python example in README.md and docs/*.md runs as a doctest."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(page: Path) -> None:
    """Each >>> example in the page gives the output shown."""
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
