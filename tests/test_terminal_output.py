"""The terminal: controls, bidi overrides and invisible characters from the data are shown, never obeyed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from openai_kb.cli._output import Output, visible

from .cli import run_cli
from .hostile import EVIL, EVIL_SHOWN, FORMULA, write_records


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """The same records as a data file, for the command line."""
    return write_records(tmp_path)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1bb", "a\\x1bb"),  # ESC: cursor moves, colours, clearing
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC: the window title; BEL
        ("over\rwrite", "over\\rwrite"),  # CR: the line is written over
        ("\x00\x08\x7f", "\\x00\\x08\\x7f"),  # NUL, backspace, DEL
        ("\x9b31m", "\\x9b31m"),  # C1 CSI, the one-byte ESC [
        ("\u202eabc\u202c", "\\u202eabc\\u202c"),  # right-to-left override, pop
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolates
        ("a\u200bb\ufeff", "a\\u200bb\\ufeff"),  # zero-width space, BOM
        ("a\u2028b", "a\\u2028b"),  # line separator
        ("\U000e0041", "\\U000e0041"),  # a tag character: invisible ASCII
        ("\udcff", "\\udcff"),  # a lone surrogate: an argument that was not UTF-8
        ("英伟达 Nvidia", "英伟达 Nvidia"),
        ("👩\u200d💻", "👩\u200d💻"),  # the zero-width joiner builds emoji: kept
        ("two\nlines", "two\nlines"),
    ],
)
def test_visible_shows_controls_and_invisible_characters(text: str, shown: str) -> None:
    """Controls, bidi overrides and invisible format characters become escapes; text and joiners stay."""
    assert visible(text) == shown


def test_table_cells_stay_on_one_row_and_line_up() -> None:
    """A line break or tab in a cell is shown as \\n or \\t, and columns are measured as shown."""
    stream = io.StringIO()
    Output(stdout=stream, color=False).table(["id", "label"], [["a\x1b[2J", "x\ny"], ["b", "z"]])
    assert stream.getvalue() == "id        label\na\\x1b[2J  x\\ny\nb         z\n"


def test_our_colours_still_work_around_escaped_text() -> None:
    """style() paints with real escape codes; the text it paints, or that is added to it, is shown escaped."""
    stream = io.StringIO()
    out = Output(stdout=stream, color=True)
    assert out.style("a\x1b[31m", "bold") == "\x1b[1ma\\x1b[31m\x1b[0m"
    out.line(out.style("evidence: ", "bold") + "\x1b]0;t\x07")
    out.line("plain \x1b[31m" + out.style("x", "green"))
    assert stream.getvalue() == "\x1b[1mevidence: \x1b[0m\\x1b]0;t\\x07\nplain \\x1b[31m\x1b[32mx\x1b[0m\n"


@pytest.mark.slow
def test_list_search_show_about_print_no_raw_control(hostile_file: Path) -> None:
    """Every read command shows the data's controls as escapes, with columns aligned on the escaped text."""
    data = ["--data", str(hostile_file)]
    listed = run_cli(*data, "list")
    assert listed.stdout.splitlines() == [
        "id           type          label",
        "source:wire  source        Wire\\x1b]8;;http://example.invalid\\x07",
        f"org:evil     organization  {EVIL_SHOWN}",
        f"org:formula  organization  {FORMULA}",
        "person:dash  person        -",
        "claim:hint   claim         +1 more\\tindented",
    ]
    found = run_cli(*data, "search", "Evil")
    assert found.stdout.splitlines()[1] == f"1     95  organization  {EVIL_SHOWN}  org:evil  (name, en)"
    assert found.stdout.splitlines()[3] == (
        "evidence for #1: “-2+3 said\\u2066x” — Wire\\x1b]8;;http://example.invalid\\x07 [chars 5-16]"
    )
    assert found.stdout.splitlines()[4] == "      (\\tindented)"
    shown = run_cli(*data, "show", "org:evil")
    assert shown.stdout.splitlines()[:2] == [f"{EVIL_SHOWN}  [org:evil]  organization", f"  name: {EVIL_SHOWN}"]
    about = run_cli(*data, "about", "Evil")
    assert about.stdout.splitlines()[0] == f"{EVIL_SHOWN}  [org:evil]  organization"
    for result in (listed, found, shown, about):
        assert result.returncode == 0, result.stderr
        assert not set(result.stdout) & {"\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066", "\t"}


@pytest.mark.slow
def test_coloured_output_has_only_our_escape_codes(hostile_file: Path) -> None:
    """With colour forced, every ESC on the screen starts one of our colour codes, none from the data."""
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": ""}
    for command in (["search", "Evil"], ["list"], ["show", "org:evil"], ["about", "Evil"]):
        result = subprocess.run(
            [sys.executable, "-m", "openai_kb.cli", "--data", str(hostile_file), *command],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            env=env,
        )
        assert result.returncode == 0, result.stderr
        assert "\x1b[" in result.stdout
        without_ours = result.stdout
        for code in ("\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[36m"):
            without_ours = without_ours.replace(code, "")
        assert "\x1b" not in without_ours, command


@pytest.mark.slow
def test_json_output_stays_exact(hostile_file: Path) -> None:
    """--json prints the data's text as it is, controls included (JSON escapes them itself)."""
    data = ["--data", str(hostile_file)]
    assert orjson.loads(run_cli(*data, "show", "org:evil", "--json").stdout)["name"] == EVIL
    assert orjson.loads(run_cli(*data, "search", "Evil", "--json").stdout)[0]["label"] == EVIL
    assert orjson.loads(run_cli(*data, "list", "--json").stdout)[1]["label"] == EVIL
    assert orjson.loads(run_cli(*data, "about", "Evil", "--json").stdout)["label"] == EVIL


@pytest.mark.slow
def test_problems_naming_files_and_fields_show_escapes(tmp_path: Path) -> None:
    """validate names a file and an unknown field holding controls, shown as escapes."""
    bad = tmp_path / "bad\x1b]0;x\x07.json"
    bad.write_text('{"records": [{"type": "person", "id": "person:a", "name": "A", "na\\u001b[8mme": 1}]}', "utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert result.stdout == (
        f"{tmp_path}/bad\\x1b]0;x\\x07.json: record 'person:a' at $.records[0].na\\x1b[8mme: "
        "unknown field (not part of the model; check the spelling)\n"
    )
    loading = run_cli("--data", str(bad), "list")
    assert "\x1b" not in loading.stderr
    assert "bad\\x1b]0;x\\x07.json" in loading.stderr


@pytest.mark.slow
def test_a_query_that_is_not_utf8_is_shown_not_a_traceback() -> None:
    """An argument that is not UTF-8 is wrong usage, its bytes shown as escapes (no control reaches the terminal)."""
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", "search", b"\xff\x1b]0;x\x07".decode("utf-8", "surrogateescape")],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        b"openai-kb search: error: argument query: b'\\xff\\x1b]0;x\\x07' is not UTF-8 text "
        b"(byte 0xff at position 0: invalid start byte); give it in UTF-8, as a terminal set to UTF-8 does"
    )
