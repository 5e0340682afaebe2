"""Every example in every command's --help runs as shown, from a fresh checkout's layout (its docs/examples)."""

from __future__ import annotations

import io
import os
import shlex
import shutil
from pathlib import Path

import pytest

from openai_kb.cli import COMMANDS, main
from openai_kb.cli._output import Output

ROOT = Path(__file__).resolve().parents[1]
FAILING = {"openai-kb validate docs/examples/broken.json --json": 1}  # the example of a file with problems


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=None))
    return code, stdout.getvalue(), stderr.getvalue()


def help_examples(command: str) -> list[str]:
    """The lines under ``examples:`` in ``openai-kb COMMAND --help``."""
    code, text, _ = run(command, "--help")
    assert code == 0
    lines = text[text.index("\nexamples:\n") + len("\nexamples:\n") :].splitlines()
    return [line.strip() for line in lines[: next(i for i, line in enumerate(lines) if not line.strip())]]


EXAMPLES = [example for command in COMMANDS for example in help_examples(command.name)]


def test_every_command_shows_examples_of_itself() -> None:
    """Each command's help has at least one example, each an openai-kb line of that command."""
    for command in COMMANDS:
        examples = help_examples(command.name)
        assert examples, command.name
        assert all(example.startswith(f"openai-kb {command.name}") for example in examples), examples


def test_no_example_names_a_file_users_lack() -> None:
    """No example names the article's file or a file of a made-up name: every path is a shipped example's."""
    named = [word for example in EXAMPLES for word in shlex.split(example) if word.endswith((".txt", ".json", "/"))]
    inputs = [word for word in named if word.startswith("docs/")]
    assert [word for word in inputs if not (ROOT / word).exists()] == []
    assert not any("000_998db688bafa6070" in example for example in EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_each_help_example_runs(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's openai-kb command, run in a copy of the checkout's docs/examples, exits as it should, its
    output redirected where it says (a pipe's other programs, jq or dot, are not run)."""
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    first = example.split(" && ")[0].split(" | ")[0]
    words = shlex.split(first)
    target = None
    if ">" in words:
        target = Path(os.path.expanduser(words[words.index(">") + 1]))
        words = words[: words.index(">")]
    code, stdout, stderr = run(*words[1:])
    assert code == FAILING.get(example, 0), stderr
    assert "Traceback" not in stderr
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stdout, encoding="utf-8")
        assert target.stat().st_size > 0
