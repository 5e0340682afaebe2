"""Arguments in any locale: text typed in UTF-8 is read as UTF-8, paths name the same file, other bytes are refused."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import build_parser, main
from openai_kb.cli._output import Output

FIXTURES = Path(__file__).parent / "fixtures" / "mini"
USAGE = "usage: openai-kb search [-h] [-n LIMIT] [-t TYPE] [--data PATH]\n"


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def run_in_c_locale(*args: str | bytes, locale: str = "C") -> subprocess.CompletedProcess[bytes]:
    """``openai-kb ARGS`` in a new process under ``LC_ALL=locale`` with Python's UTF-8 mode off, as bytes."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "PYTHONIO"))}
    env.update(LC_ALL=locale, PYTHONUTF8="0")
    command = [sys.executable, "-m", "openai_kb.cli", *args]
    return subprocess.run(command, capture_output=True, check=False, env=env)


@pytest.mark.slow
def test_chinese_typed_under_the_c_locale_is_searched_as_chinese() -> None:
    """LC_ALL=C PYTHONUTF8=0 openai-kb search 英伟达 finds Nvidia (the console shows the match as escapes)."""
    result = run_in_c_locale("search", "英伟达")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.splitlines()[:2] == [
        b"#  score  type          record  id          matched",
        b"1    100  organization  Nvidia  org:nvidia  \\u82f1\\u4f1f\\u8fbe (name, zh-Hans)",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_bytes_that_are_not_utf8_are_wrong_usage_naming_the_byte(locale: str) -> None:
    """An argument whose bytes are not UTF-8 exits 2 with the usage, the bytes and the byte at fault."""
    result = run_in_c_locale("search", b"ab\xe8", locale=locale)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode("ascii").splitlines()[-1] == (
        "openai-kb search: error: argument query: b'ab\\xe8' is not UTF-8 text (byte 0xe8 at position 2: "
        "unexpected end of data); give it in UTF-8, as a terminal set to UTF-8 does"
    )


@pytest.mark.slow
def test_a_path_under_the_c_locale_still_names_its_file(tmp_path: Path) -> None:
    """Under LC_ALL=C a --data folder, a validate path and an export -o with Chinese names name those files."""
    folder = tmp_path / "数据"
    shutil.copytree(FIXTURES, folder)
    listed = run_in_c_locale("--data", str(folder), "list", "--ids")
    assert (listed.returncode, listed.stderr) == (0, b"")
    assert listed.stdout.splitlines()[:2] == [b"source:note", b"org:acme"]
    checked = run_in_c_locale("validate", str(folder))
    assert (checked.returncode, checked.stdout.splitlines()[-1]) == (0, b"7 records, no problems"), checked.stderr
    exported = run_in_c_locale("--data", str(folder), "export", "-f", "json", "-o", str(tmp_path / "导出.json"))
    assert (exported.returncode, exported.stderr) == (0, b"")
    assert orjson.loads((tmp_path / "导出.json").read_bytes())["records"][0]["id"] == "source:note"


def test_escaped_bytes_of_utf8_text_are_read_as_that_text() -> None:
    """Surrogate escapes of UTF-8 bytes (as Python reads argv under the C locale) are the text they encode."""
    typed = "英伟达".encode().decode("ascii", "surrogateescape")
    code, stdout, stderr = run("search", typed, "--json")
    assert (code, stderr) == (0, "")
    best = orjson.loads(stdout)[0]
    assert (best["id"], best["matched"]["text"]) == ("org:nvidia", "英伟达")


def test_a_lone_surrogate_given_in_code_is_wrong_usage() -> None:
    """main() given a string with a lone surrogate that no bytes make exits 2 saying so."""
    code, stdout, stderr = run("search", "x\ud800\udce8")
    assert (code, stdout) == (2, "")
    assert stderr.startswith(USAGE)
    assert stderr.splitlines()[-1] == (
        "openai-kb search: error: argument query: 'x\\ud800\\udce8' is not UTF-8 text (it holds a lone surrogate); "
        "give it in UTF-8, as a terminal set to UTF-8 does"
    )


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every argument of ``parser`` and of its subcommands."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _actions(sub)


def test_every_argument_that_takes_a_path_is_marked_as_one() -> None:
    """Each FILE, PATH, DIR or OUT argument is marked a file or folder (--data: one, or bundled), so it is completed
    and never re-read as text."""
    paths = [action for action in _actions(build_parser()) if action.metavar in {"FILE", "PATH", "DIR", "OUT"}]
    assert len(paths) > 20
    data = [action for action in paths if action.dest in ("data", "data_after_command")]
    assert {getattr(action, "completes", None) for action in data} == {"data"}
    marked = ("file", "folder", "data")
    assert [action.dest for action in paths if getattr(action, "completes", None) not in marked] == []
