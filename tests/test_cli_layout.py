"""Tables that never cut an id or a figure: wrapped cells where they fit, one value a line where they do not."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from openai_kb.cli import main
from openai_kb.cli._fit import LEAST_LABEL, longest_word, table_widths, width
from openai_kb.cli._output import Output

from .cli import run_cli

REPORTS = str(Path(__file__).resolve().parents[1] / "docs" / "examples" / "reports")
LABEL = "Thrive Capital: lead investor in OpenAI funding round of US$6.6 billion"
VALUES = [
    "US$1.25 billion",
    "US$1.3 billion",
    "about US$1.2 billion (printed 'about $1.2 billion')",
    "source:note-a",
    "source:note-b",
    "source:note-d (attributed to people familiar with the deal)",
    "investment:thrive-capital-openai-2024-10",
]


def run(*args: str, columns: int | None) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process, fitted to ``columns``: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=columns))
    return code, stdout.getvalue(), stderr.getvalue()


def test_longest_word_is_what_wrapping_never_breaks() -> None:
    """The longest run without a space, where each Chinese character is a piece of its own."""
    assert longest_word("about US$1.2 billion") == len("billion")
    assert longest_word("source:note-d (attributed") == len("source:note-d")
    assert longest_word("华夏传媒网") == 2
    assert longest_word("") == 0


def test_table_widths_give_wrapped_columns_their_longest_word_from_the_labels() -> None:
    """A wrap column short of its longest word takes columns from a label, down to LEAST_LABEL."""
    widths = table_widths([10, 30, 30], 40, ["keep", "shrink", "wrap"], [10, 30, 16])
    assert widths == [10, 10, 16]
    assert sum(widths or ()) + 2 * 2 <= 40


def test_table_widths_give_up_rather_than_cut_an_id_or_a_word() -> None:
    """None (one value a line) where a kept column cannot be whole, or a wrapped word or a label cannot fit."""
    assert table_widths([40, 6, 20], 40, ["keep", "keep", "wrap"], [40, 6, 7]) is None
    assert table_widths([10, 20], 20, ["keep", "wrap"], [10, 13]) is None
    assert table_widths([20, 40], 28, ["keep", "shrink"], [20, 10]) is None  # a label cut under 8 says nothing
    assert LEAST_LABEL == 8
    assert table_widths([20, 40], 30, ["keep", "shrink"], [20, 10]) == [20, 8]


def test_disagreements_at_100_columns_wrap_figures_and_sources_in_their_columns() -> None:
    """At 100 columns the record column is left out and the long value and source wrap at spaces, under their column."""
    assert run("disagreements", "--data", REPORTS, columns=100)[1] == (
        "id                                        field   value                     sources\n"
        "investment:thrive-capital-openai-2024-10  amount  US$1.25 billion           source:note-a\n"
        "                                                  US$1.3 billion            source:note-b\n"
        "                                                  about US$1.2 billion      source:note-d\n"
        "                                                  (printed 'about $1.2      (attributed to people\n"
        "                                                  billion')                 familiar with the deal)\n"
    )


def test_disagreements_at_60_columns_give_one_value_a_line() -> None:
    """At 60 columns, where the id leaves no room for figures, each value is a line of its own, nothing cut."""
    assert run("disagreements", "--data", REPORTS, columns=60)[1] == (
        "record   Thrive Capital: lead investor in OpenAI funding\n"
        "         round of US$6.6 billion\n"
        "id       investment:thrive-capital-openai-2024-10\n"
        "field    amount\n"
        "value    US$1.25 billion\n"
        "sources  source:note-a\n"
        "value    US$1.3 billion\n"
        "sources  source:note-b\n"
        "value    about US$1.2 billion (printed 'about $1.2 billion')\n"
        "sources  source:note-d (attributed to people familiar with\n"
        "         the deal)\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 60, 100, 200])
def test_disagreements_keep_every_figure_and_source_whole_at_any_width(columns: int) -> None:
    """Under COLUMNS=40, 60, 100 and 200, every line fits, every word of each figure, source and id is on the
    screen whole, and only the record's label may be cut."""
    result = run_cli("disagreements", "--data", REPORTS, columns=columns)
    assert (result.returncode, result.stderr) == (0, "")
    assert [line for line in result.stdout.splitlines() if width(line) > columns] == []
    cut = [line.split("…")[0] for line in result.stdout.splitlines() if "…" in line]
    assert [line for line in cut if not LABEL.startswith(line)] == []
    shown = set(result.stdout.split())
    assert [word for value in VALUES for word in value.split() if word not in shown] == []


@pytest.mark.parametrize("command", [["list", "investors"], ["search", "thrive", "-n", "2"]])
def test_ids_are_never_cut_in_a_terminal_narrower_than_the_table(command: list[str]) -> None:
    """At 40 columns, list and search show every id whole on a line (one value a line), never with an ellipsis."""
    code, stdout, _ = run(*command, columns=40)
    ids = re.findall(r"\b(?:investment|org):[a-z0-9-]+", run(*command, "--json", columns=None)[1])
    assert code == 0
    assert ids
    assert all(record_id in stdout.splitlines() or f"id     {record_id}" in stdout for record_id in ids)
    assert all(width(line) <= 40 for line in stdout.splitlines())
