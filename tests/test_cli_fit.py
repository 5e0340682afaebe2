"""The command line in a terminal: output that fits its width, --version, suggestions, usage errors."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import main
from openai_kb.cli._fit import cut, fit_widths, width, wrap
from openai_kb.cli._output import Output

from .cli import run_cli
from .kinds import unknown_kind

ROOT = Path(__file__).resolve().parents[1]
REPORTS = str(ROOT / "docs" / "examples" / "reports")


def run(*args: str, columns: int | None = None) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process, fitted to ``columns``: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=columns))
    return code, stdout.getvalue(), stderr.getvalue()


# -- measuring, cutting, wrapping --------------------------------------------------------------


def test_width_counts_chinese_as_two_columns_and_colour_codes_as_none() -> None:
    """Display width: a Chinese character takes two columns, a combining accent and our colour codes none."""
    assert width("Nvidia") == 6
    assert width("英伟达") == 6
    assert width("e\u0301") == 1
    assert width("\x1b[1;32m英\x1b[0m") == 2


@pytest.mark.parametrize(
    ("text", "columns", "shown"),
    [
        ("Thrive Capital", 20, "Thrive Capital"),
        ("Thrive Capital", 8, "Thrive…"),
        ("华夏传媒网", 6, "华夏…"),  # a wide character never straddles the limit
        ("华夏传媒网", 5, "华夏…"),
        ("ab", 0, ""),
    ],
)
def test_cut_ends_with_an_ellipsis_by_display_width(text: str, columns: int, shown: str) -> None:
    """A cell too wide is cut to at most ``columns`` display columns, an ellipsis last."""
    assert cut(text, columns) == shown
    assert width(cut(text, columns)) <= columns


def test_fit_widths_keeps_ids_and_shares_the_rest() -> None:
    """Kept columns stay whole; shrinking ones share what is left, and a column that needs less gives the rest."""
    assert fit_widths([10, 50, 4], None, ["keep", "shrink", "shrink"]) == [10, 50, 4]
    assert fit_widths([10, 50, 4], 40, ["keep", "shrink", "shrink"]) == [10, 22, 4]
    assert fit_widths([10, 50, 40], 40, ["keep", "shrink", "shrink"]) == [10, 13, 13]


def test_fit_widths_drops_a_column_before_cutting_labels_short() -> None:
    """A droppable column is left out (width 0) when keeping it would cut the labels under 24 columns."""
    assert fit_widths([41, 13, 150], 80, ["keep", "drop", "shrink"]) == [41, 0, 37]
    assert fit_widths([41, 13, 150], 120, ["keep", "drop", "shrink"]) == [41, 13, 62]


def test_fit_widths_squeezes_every_column_as_a_last_resort() -> None:
    """Too narrow for the kept columns: every column shares the width, each at least one column."""
    widths = fit_widths([30, 30, 30], 20, ["keep", "keep", "shrink"])
    assert sum(widths) + 2 * 2 <= 20
    assert min(widths) >= 1


def test_wrap_breaks_between_chinese_characters_and_keeps_punctuation_off_the_line_start() -> None:
    """Chinese wraps between characters; a closing mark takes the character before it along; lines are indented."""
    line = "  - “投资人要求不得投资竞争对手，包括Anthropic。” — 某报"
    lines = wrap(line, 24)
    assert all(width(part) <= 24 for part in lines)
    assert "".join(part.strip() for part in lines).replace(" ", "") == line.replace(" ", "")
    assert all(part.startswith("    ") for part in lines[1:])
    assert not any(part.strip()[0] in "，。”" for part in lines[1:])


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    """A word wider than the line is cut where the line ends, not left sticking out."""
    assert wrap("x" * 25, 10) == ["x" * 10, "  " + "x" * 8, "  " + "x" * 7]
    assert wrap("short", None) == ["short"]


# -- every command fits ------------------------------------------------------------------------

FITTED = [
    ["search", "Open", "-n", "4"],
    ["search", "Murati"],
    ["search", "英伟达"],
    ["search", "首席", "-n", "8"],
    ["list"],
    ["list", "people"],
    ["show", "valuation:openai-2024-10-post-money"],
    ["show", "person:mira-murati"],
    ["about", "穆拉蒂"],
    ["about", "OpenAI"],
    ["disagreements", "--data", REPORTS],
]


@pytest.mark.parametrize("columns", [80, 60, 40])
@pytest.mark.parametrize("command", FITTED, ids=" ".join)
def test_every_line_fits_the_width(command: list[str], columns: int) -> None:
    """At 80, 60 and 40 columns, every line of the text commands fits, Chinese counted as two columns."""
    code, stdout, stderr = run(*command, columns=columns)
    assert code == 0, stderr
    too_wide = [line for line in stdout.splitlines() if width(line) > columns]
    assert too_wide == []


def test_an_80_column_search_is_one_row_a_result_with_the_ids_whole() -> None:
    """search Open -n 4 at 80 columns: a row per result, ids whole, long claims cut, no repeat of the claim."""
    code, stdout, _ = run("search", "Open", "-n", "4", columns=80)
    rows = stdout.splitlines()[:5]
    assert code == 0
    assert re.split(r"\s+", rows[0]) == ["#", "score", "record", "id", "matched"]  # the type column left out
    assert [row.split()[0] for row in rows[1:]] == ["1", "2", "3", "4"]
    assert "claim:benefit-humanity-challenge" in rows[3]
    assert "…" in rows[3]
    assert rows[3].endswith("(label, en)")


def test_a_row_that_fits_is_not_cut() -> None:
    """A wide terminal shows the same table as a pipe: nothing is cut that fits."""
    assert run("list", "people", columns=200)[1] == run("list", "people", columns=None)[1]
    assert "…" not in run("list", "people", columns=200)[1]


def test_wide_and_json_give_the_whole_text() -> None:
    """--wide prints every line whole on a narrow terminal; --json is never cut."""
    label = "Making sure these developments truly 'benefit all of humanity'"
    assert label not in run("list", "claims", columns=80)[1]
    assert label in run("list", "claims", "--wide", columns=80)[1]
    listed = orjson.loads(run("list", "claims", "--json", columns=40)[1])
    assert any(row["label"].startswith(label) for row in listed)


def test_search_shows_the_matched_name_only_where_it_is_not_the_label() -> None:
    """The matched column names the alias that matched, or only its field when it is the label shown."""
    _, stdout, _ = run("search", "英伟达")
    assert "Nvidia  org:nvidia  英伟达 (name, zh-Hans)" in stdout
    _, stdout, _ = run("search", "Murati", "-n", "1")
    assert stdout.splitlines()[1].endswith("person:mira-murati  (name, en)")


@pytest.mark.slow
def test_columns_from_the_environment_and_whole_lines_when_piped() -> None:
    """COLUMNS=80 fits a piped command too; without it, piped output keeps every line whole."""
    fitted = run_cli("search", "Open", "-n", "4", columns=80)
    assert fitted.returncode == 0
    assert max(width(line) for line in fitted.stdout.splitlines()) <= 80
    piped = run_cli("search", "Open", "-n", "4")
    assert max(width(line) for line in piped.stdout.splitlines()) > 120


@pytest.mark.slow
def test_an_ascii_console_gets_a_fitted_table_with_three_dots() -> None:
    """On an ASCII console the escapes are measured as shown, and cells end with '...' (no '…' to encode)."""
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", "search", "首席", "-n", "8"],
        capture_output=True,
        check=False,
        env={**env, "PYTHONIOENCODING": "ascii", "COLUMNS": "60"},
    )
    text = result.stdout.decode("ascii")
    assert result.returncode == 0
    assert "..." in text
    assert max(len(line) for line in text.splitlines()) <= 60


# -- --version, suggestions, usage errors -----------------------------------------------------


def test_version_is_the_installed_package_version() -> None:
    """--version prints 'openai-kb X.Y.Z' on standard output and exits 0."""
    assert run("--version") == (0, f"openai-kb {version('openai-kb')}\n", "")


@pytest.mark.parametrize(
    ("command", "usage", "message"),
    [
        (["serch", "x"], "usage: openai-kb [-h]", "argument COMMAND: invalid choice: 'serch'; did you mean 'search'?"),
        (["list", "persn"], "usage: openai-kb list ", "argument TYPE: " + unknown_kind("persn", "person")),
        (
            ["search", "x", "-t", "persn"],
            "usage: openai-kb search ",
            "argument -t/--type: " + unknown_kind("persn", "person"),
        ),
        (["list", "investrs"], "usage: openai-kb list ", "argument TYPE: " + unknown_kind("investrs", "investors")),
        (["graph", "--format", "dott"], "usage: openai-kb graph ", "invalid choice: 'dott'; did you mean 'dot'?"),
        (["completion", "fsh"], "usage: openai-kb completion ", "invalid choice: 'fsh'; did you mean 'fish'?"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_misspelt_word_suggests_the_closest_and_exits_2(command: list[str], usage: str, message: str) -> None:
    """A misspelt command, type, family or choice: the usage of the command typed, the closest word, exit 2."""
    code, stdout, stderr = run(*command)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(usage)
    assert message in stderr


def test_a_word_close_to_nothing_lists_the_choices() -> None:
    """No suggestion for a word close to nothing; the types and families to choose from are listed."""
    code, _, stderr = run("list", "zzzz")
    assert code == 2
    assert stderr.splitlines()[-1] == "openai-kb list: error: argument TYPE: " + unknown_kind("zzzz")


@pytest.mark.parametrize("word", ["person", "persons", "people", "People", "PERSON"])
def test_list_and_search_take_the_same_words(word: str) -> None:
    """A type tag or family, singular or plural, in any case, names the same records in list and search -t."""
    _, listed, _ = run("list", word, "--json")
    assert {row["type"] for row in orjson.loads(listed)} == {"person"}
    code, found, _ = run("search", "Murati", "-t", word, "--json")
    assert code == 0
    assert [row["id"] for row in orjson.loads(found)] == ["person:mira-murati"]


@pytest.mark.parametrize("limit", ["0", "-1", "two"])
def test_search_limit_under_one_is_a_usage_error(limit: str) -> None:
    """search -n 0 (or negative, or not a number) exits 2, naming the option, under search's usage."""
    code, stdout, stderr = run("search", "x", "-n", limit)
    assert (code, stdout) == (2, "")
    assert stderr.startswith("usage: openai-kb search ")
    assert (
        f"openai-kb search: error: argument -n/--limit: expected a whole number of at least 1, not {limit!r}" in stderr
    )


def test_an_unknown_option_after_a_command_shows_that_commands_usage() -> None:
    """search x --json --bogus: search's usage and error; --bogus before the command: the top-level one."""
    code, _, stderr = run("search", "x", "--json", "--bogus")
    assert code == 2
    assert stderr.startswith("usage: openai-kb search [-h]")
    assert stderr.endswith("openai-kb search: error: unrecognized arguments: --bogus\n")
    code, _, stderr = run("--bogus", "search", "x")
    assert code == 2
    assert stderr.startswith("usage: openai-kb [-h]")
    assert stderr.endswith("openai-kb: error: unrecognized arguments: --bogus\n")


def test_list_ids_prints_one_id_a_line() -> None:
    """list sources --ids prints the ids alone, for scripts and completion; with --json it is wrong usage."""
    assert run("list", "sources", "--ids") == (0, "source:huaxia-2024-10-14-openai\n", "")
    code, _, stderr = run("list", "--ids", "--json")
    assert code == 2
    assert "--ids and --json print the records two ways: give one of them" in stderr


# -- output that cannot be written -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", [["list"], ["--help"], ["--version"], ["completion", "bash"]])
def test_a_closed_standard_output_is_one_line_and_exit_1(command: list[str]) -> None:
    """openai-kb COMMAND >&- : a write error on standard error and exit 1, no traceback, not a silent success."""
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *command],
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # the child starts with standard output closed
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        b"openai-kb: cannot write to standard output: bad file descriptor\n",
    )


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_help_on_a_full_disk_is_a_failure_too() -> None:
    """openai-kb --help > /dev/full exits 1 with one line, as every other output does (argparse would say nothing)."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "openai_kb.cli", "search", "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert (result.returncode, result.stderr) == (
        1,
        b"openai-kb: cannot write to standard output: no space left on device\n",
    )


# -- what the command line costs the library ---------------------------------------------------


@pytest.mark.slow
def test_shtab_is_imported_by_the_completion_command_only() -> None:
    """import openai_kb, and every command but completion, leave shtab unimported."""
    probe = (
        "import io, sys, openai_kb; assert 'shtab' not in sys.modules; "
        "from openai_kb.cli import main; from openai_kb.cli._output import Output; "
        "out = Output(stdout=io.StringIO(), stderr=io.StringIO()); "
        "[main(c, out) for c in (['search', 'Murati'], ['list'], ['show', 'org:openai'], ['--version'])]; "
        "assert 'shtab' not in sys.modules, 'a command imported shtab'; "
        "main(['completion', 'fish'], out); assert 'shtab' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_docs_show_what_an_80_column_terminal_shows() -> None:
    """docs/cli.md's fitted example is what search Open -n 4 prints at 80 columns."""
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    intro = page.index("`openai-kb search Open -n 4` in an 80-column terminal")
    shown = page[
        page.index("```text\n", intro) + len("```text\n") : page.index("```", page.index("```text\n", intro) + 3)
    ]
    assert run("search", "Open", "-n", "4", columns=80)[1] == shown
