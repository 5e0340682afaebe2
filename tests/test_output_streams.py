"""Standard output that cannot take our text: a console that is not UTF-8, a full disk, a reader that left."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import main
from openai_kb.cli._output import Output

from .cli import run_cli


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["search", "英伟达"],
        ["search", "英伟达", "--json"],
        ["show", "org:nvidia"],
        ["about", "英伟达"],
        ["about", "英伟达", "--json"],
        ["list"],
        ["list", "--json"],
        ["graph"],
        ["schema", "--type", "person"],
        ["search", "谷歌"],
    ],
)
def test_a_console_that_is_not_utf8_gets_escapes_not_a_traceback(command: list[str]) -> None:
    """With an ASCII console, Chinese text is shown as \\u escapes; the command still succeeds."""
    result = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *command],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("ascii", "replace")
    assert result.returncode == (1 if command[-1] == "谷歌" else 0)
    result.stdout.decode("ascii")  # nothing but ASCII
    result.stderr.decode("ascii")


@pytest.mark.slow
def test_ascii_console_tables_and_json() -> None:
    """The table shows \\u escapes; the JSON is ASCII with \\u escapes and parses to the UTF-8 answer."""
    ascii_env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    command = [sys.executable, "-m", "openai_kb.cli", "search", "英伟达"]
    table = subprocess.run(command, capture_output=True, check=False, env=ascii_env).stdout.decode("ascii")
    assert table.splitlines()[1] == "1    100  organization  Nvidia  org:nvidia  \\u82f1\\u4f1f\\u8fbe (name, zh-Hans)"
    as_json = subprocess.run([*command, "--json"], capture_output=True, check=False, env=ascii_env).stdout
    assert orjson.loads(as_json) == orjson.loads(run_cli("search", "英伟达", "--json").stdout)


def test_json_escapes_beyond_the_bmp_as_surrogate_pairs() -> None:
    """On a stream that is not UTF-8, an emoji is written as a JSON surrogate pair, which reads back exactly."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    Output(stdout=stream, color=False).json({"name": "é 英 😀 \x1b"})
    stream.flush()
    assert raw.getvalue() == b'{\n  "name": "\\u00e9 \\u82f1 \\ud83d\\ude00 \\u001b"\n}\n'
    assert orjson.loads(raw.getvalue()) == {"name": "é 英 😀 \x1b"}


class _FullDisk(io.StringIO):
    """A standard output on a full disk: every write fails as on /dev/full."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", [["list"], ["search", "英伟达", "--json"], ["show", "org:openai"]])
def test_a_full_disk_is_one_line_and_exit_1(command: list[str]) -> None:
    """Writing to a full disk ends with one line on standard error and exit 1, no traceback."""
    errors = io.StringIO()
    assert main(command, Output(stdout=_FullDisk(), stderr=errors, color=False)) == 1
    assert errors.getvalue() == "openai-kb: cannot write to standard output: no space left on device\n"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["list"], ["graph"], ["export", "--format", "json"], ["about", "OpenAI"]])
def test_dev_full_is_one_line_and_exit_1(command: list[str]) -> None:
    """openai-kb COMMAND > /dev/full: exit 1 and one line on standard error (the device is only written to)."""
    with open("/dev/full", "w") as full:  # a device opened for writing only, never replaced
        result = subprocess.run(
            [sys.executable, "-m", "openai_kb.cli", *command], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert result.returncode == 1
    assert result.stderr == b"openai-kb: cannot write to standard output: no space left on device\n"


@pytest.mark.slow
def test_a_reader_that_left_is_still_no_error() -> None:
    """openai-kb list | head: when the reader has gone, the command exits 0 and says nothing."""
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "openai_kb.cli", "list"], stdout=writer, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, b"")
