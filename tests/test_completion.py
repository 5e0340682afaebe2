"""Shell completion: commands, options, types, and ids from the user's --data files offered as words, never run."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import COMMANDS, main
from openai_kb.cli._output import Output
from openai_kb.cli.completion import completion_words
from openai_kb.models import RECORD_TYPES

from .own_type_module import ACQUISITION_ID, write_acquisition_data, write_types_module
from .shells import Shell, calls, install_stand_in

SHELLS = ["bash", "zsh", "fish"]

# Ids a user's data file may hold (an id is a type, a colon and printable characters without white
# space): each would run `touch canaryN` in the folder if a shell evaluated it, or mean something
# else on a command line if it were inserted unquoted.
HOSTILE = [
    "person:a$(touch${IFS}canary1)",
    "person:b`touch${IFS}canary2`;touch${IFS}canary3|&<>",
    "person:c'\"\\*?[x]{y,z}!~#=^(g)@h",
    "person:d:e",
    "person:英伟达",
]
QUOTED_FOR_BASH = [
    "person:a\\$\\(touch\\$\\{IFS\\}canary1\\)",
    "person:b\\`touch\\$\\{IFS\\}canary2\\`\\;touch\\$\\{IFS\\}canary3\\|\\&\\<\\>",
    "person:c\\'\\\"\\\\\\*\\?\\[x\\]\\{y,z\\}\\!\\~\\#\\=\\^\\(g\\)\\@h",
    "person:d:e",
    "person:英伟达",
]
SOURCE = "source:q$(touch${IFS}canary4)"


def write_hostile(folder: Path, name: str = "my data.json") -> Path:
    """A data file of one source and a person for each hostile id, in ``folder``."""
    records = [{"type": "source", "id": SOURCE, "title": "Q", "language": "en"}]
    records += [{"type": "person", "id": record_id, "name": f"P{i}"} for i, record_id in enumerate(HOSTILE)]
    path = folder / name
    path.write_bytes(orjson.dumps({"records": records}))
    return path


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def canaries(folder: Path) -> list[str]:
    """The files a hostile id would have created in ``folder``, had a shell run it."""
    return sorted(path.name for path in folder.rglob("canary*"))


# -- the words the scripts are given -----------------------------------------------------------


def test_bash_gets_each_id_quoted_and_zsh_and_fish_get_it_as_it_is() -> None:
    """For bash every character that means something to it is backslashed; zsh and fish quote what they insert."""
    assert list(completion_words(HOSTILE, "bash")) == QUOTED_FOR_BASH
    assert list(completion_words(HOSTILE, "zsh")) == HOSTILE
    assert list(completion_words(HOSTILE, "fish")) == HOSTILE


@pytest.mark.parametrize("shell", SHELLS)
def test_an_id_that_one_line_cannot_carry_as_a_word_is_left_out(shell: str) -> None:
    """An id with a line break, a tab, a control or a format character (a tag character too) is not offered."""
    unfit = ["person:a\nb", "person:a\tb", "person:a\u2028b", "person:a\x1b[2Jb", "person:a\u202eb", "person:a\x85b"]
    unfit.append("person:a\U000e0041b")  # beyond the Basic Multilingual Plane, which ID_PATTERN lets through
    assert list(completion_words([*unfit, "person:ok"], shell)) == ["person:ok"]


def test_list_for_completion_prints_the_ids_of_the_data_files_given(tmp_path: Path) -> None:
    """list --for-completion SHELL --data FILE prints that file's ids, one a line, quoted for SHELL."""
    data = str(write_hostile(tmp_path))
    assert run("list", "--for-completion", "bash", "--data", data) == (
        0,
        "".join(f"{word}\n" for word in ["source:q\\$\\(touch\\$\\{IFS\\}canary4\\)", *QUOTED_FOR_BASH]),
        "",
    )
    assert run("--data", data, "list", "person", "--for-completion", "zsh") == (
        0,
        "".join(f"{i}\n" for i in HOSTILE),
        "",
    )
    assert run("list", "sources", "--ids", "--for-completion", "fish", "--data", data) == (0, f"{SOURCE}\n", "")


def test_list_for_completion_leaves_out_ids_a_console_cannot_encode(tmp_path: Path) -> None:
    """On an ASCII standard output (LC_ALL=C) an id with Chinese is left out, not printed as \\u escapes."""
    data = str(write_hostile(tmp_path))
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii", errors="backslashreplace", write_through=True)
    code = main(["list", "person", "--for-completion", "fish", "--data", data], Output(stdout=stdout, color=False))
    assert code == 0
    assert raw.getvalue().decode("ascii").splitlines() == HOSTILE[:-1]


def test_list_for_completion_and_json_is_wrong_usage() -> None:
    """--for-completion with --json exits 2 saying to give one of them."""
    assert run("list", "--for-completion", "bash", "--json") == (
        2,
        "",
        "openai-kb: --for-completion and --json print the records two ways: give one of them\n",
    )


# -- the scripts -------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_scripts_name_the_commands_options_and_types(shell: str) -> None:
    """Each shell's script names every subcommand, their options, the record types and families."""
    code, script, stderr = run("completion", shell)
    assert (code, stderr) == (0, "")
    for word in [*(command.name for command in COMMANDS), *RECORD_TYPES.words]:
        assert word in script, word
    for option in ["limit", "wide", "ids", "version"]:
        assert (f"-l {option}" if shell == "fish" else f"--{option}") in script, option


@pytest.mark.parametrize("shell", SHELLS)
def test_no_script_runs_a_command_when_loaded_or_expands_what_one_prints(shell: str) -> None:
    """Ids come from `list --for-completion SHELL` in functions: no $(openai-kb ...) in zsh's specs, no compgen -W."""
    script = run("completion", shell)[1]
    assert f"--for-completion {shell}" in script
    assert 'compgen -W "$(' not in script
    assert "$(openai-kb list" not in script
    if shell == "zsh":
        assert ':a record id, such as person\\:mira-murati:_openai_kb_record_ids"' in script
        assert ':ID:_openai_kb_source_ids"' in script
    if shell == "fish":
        assert '-ka "(_openai_kb_ids)"' in script
        assert '-xka "(_openai_kb_ids sources)"' in script


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_completion_scripts_parse_in_their_shell(shell: str, tmp_path: Path) -> None:
    """The script is valid in its shell (checked where that shell is installed)."""
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"openai-kb.{shell}"
    script.write_text(run("completion", shell)[1], encoding="utf-8")
    result = subprocess.run([program, "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# -- bash, given the line as its completion hook is --------------------------------------------


def bash_completes(line: str, folder: Path) -> list[str]:
    """What Tab offers after ``line`` in bash with the script sourced, the stand-in openai-kb first on PATH."""
    script = folder / "openai-kb.bash"
    script.write_text(run("completion", "bash")[1], encoding="utf-8")
    bin_folder = folder / "bin"
    if not bin_folder.exists():
        install_stand_in(folder)
    probe = (
        "source openai-kb.bash; complete -p openai-kb; COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; "
        '_openai_kb_whole_words openai-kb "" ""; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(folder)}
    result = subprocess.run(
        ["bash", "-c", probe, "bash", line], capture_output=True, text=True, check=False, env=env, cwd=folder
    )
    assert result.returncode == 0, result.stderr
    registered, *offered = result.stdout.splitlines()
    assert registered == "complete -o bashdefault -F _openai_kb_whole_words openai-kb"
    return offered


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@pytest.mark.slow
@needs_bash
def test_bash_completes_commands_types_options_and_ids(tmp_path: Path) -> None:
    """In bash: a subcommand, a family, an option, and an id past its colon (bash splits words at ':')."""
    assert bash_completes("openai-kb se", tmp_path) == ["search"]
    assert bash_completes("openai-kb list peo", tmp_path) == ["people"]
    assert bash_completes("openai-kb search x --wi", tmp_path) == ["--wide"]
    assert bash_completes("openai-kb show person:mira", tmp_path) == ["mira-murati"]
    assert bash_completes("openai-kb about --source source:hua", tmp_path) == ["huaxia-2024-10-14-openai"]
    assert bash_completes("openai-kb about --source=source:hua", tmp_path) == ["huaxia-2024-10-14-openai"]
    assert calls(tmp_path)[0] == ["list", "--ids", "--for-completion", "bash"]


@pytest.mark.slow
@needs_bash
def test_bash_offers_a_data_files_ids_quoted_and_runs_none(tmp_path: Path) -> None:
    """bash offers the ids of the --data file given earlier, each quoted, past its colon; nothing they hold runs."""
    write_hostile(tmp_path)
    write_hostile(tmp_path, "notes.json")  # in HOME, which is tmp_path here
    write_hostile(tmp_path, "$(touch canary5).json")
    past_colon = [word.removeprefix("person:") for word in QUOTED_FOR_BASH]
    assert bash_completes("openai-kb --data 'my data.json' show person:", tmp_path) == past_colon
    assert bash_completes('openai-kb show --data "my data.json" person:a', tmp_path) == past_colon[:1]
    assert bash_completes("openai-kb --data=my\\ data.json about person:c", tmp_path) == past_colon[2:3]
    assert bash_completes("openai-kb show --data ~/notes.json person:d:", tmp_path) == ["e"]
    assert bash_completes('openai-kb --data "$(touch canary5).json" show person:d', tmp_path) == ["d:e"]
    assert bash_completes("openai-kb list --data ~/notes.json --source source:", tmp_path) == [
        "q\\$\\(touch\\$\\{IFS\\}canary4\\)"
    ]
    ids, notes = ["list", "--ids", "--for-completion", "bash", "--data"], str(tmp_path / "notes.json")
    assert calls(tmp_path) == [
        [*ids, "my data.json"],
        [*ids, "my data.json"],
        [*ids, "my data.json"],
        [*ids, notes],
        [*ids, "$(touch canary5).json"],
        ["list", "sources", "--ids", "--for-completion", "bash", "--data", notes],
    ]
    assert canaries(tmp_path) == []


@pytest.mark.slow
@needs_bash
def test_bash_offers_bundled_for_data_and_passes_data_and_types_on(tmp_path: Path) -> None:
    """--data offers the word bundled beside files; ids after --data bundled, a file and --types are of all three."""
    write_types_module(tmp_path)
    write_acquisition_data(tmp_path)
    assert bash_completes("openai-kb --data bun", tmp_path) == ["bundled"]
    assert bash_completes("openai-kb list --data acq", tmp_path) == ["acquisitions.json"]
    assert bash_completes("openai-kb --data bundled show person:mira", tmp_path) == ["mira-murati"]
    line = "openai-kb --types mytypes:Acquisition show --data bundled --data acquisitions.json acquisition:"
    assert bash_completes(line, tmp_path) == [ACQUISITION_ID.removeprefix("acquisition:")]
    ids = ["list", "--ids", "--for-completion", "bash"]
    assert calls(tmp_path) == [
        [*ids, "--data", "bundled"],
        [*ids, "--types", "mytypes:Acquisition", "--data", "bundled", "--data", "acquisitions.json"],
    ]


# -- zsh: what loading the script costs --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_runs_nothing_when_the_script_is_loaded(tmp_path: Path) -> None:
    """eval "$(openai-kb completion zsh)" after compinit runs openai-kb no time at all (ids are read on Tab)."""
    bin_folder = install_stand_in(tmp_path)
    (tmp_path / "openai-kb.zsh").write_text(run("completion", "zsh")[1], encoding="utf-8")
    probe = 'autoload -U compinit; compinit -u -D; eval "$(<openai-kb.zsh)"; print -r -- ${_comps[openai-kb]}'
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(tmp_path)}
    result = subprocess.run(
        ["zsh", "-f", "-c", probe], capture_output=True, text=True, check=False, env=env, cwd=tmp_path
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "_shtab_openai_kb\n", "")
    assert calls(tmp_path) == []


# -- every shell, driven as a user drives it ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_tab_inserts_the_id_and_enter_gives_the_program_that_id(shell: str, tmp_path: Path) -> None:
    """In a terminal: Tab on a hostile id's first letters completes it from the --data file with one call, Enter
    passes it whole, and nothing it holds runs."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    session = Shell(shell, tmp_path)
    try:
        write_hostile(tmp_path / "home")
        script = run("completion", shell)[1]
        if shell == "zsh":
            (tmp_path / "zfunc").mkdir()
            (tmp_path / "zfunc" / "_openai-kb").write_text(script, encoding="utf-8")
            session.run("fpath=($PWD/zfunc $fpath); autoload -U compinit; compinit -u -D")
        else:
            (tmp_path / f"openai-kb.{shell}").write_text(script, encoding="utf-8")
            session.run(f"source openai-kb.{shell}")
        write_hostile(tmp_path)
        write_hostile(tmp_path, "$(touch canary5).json")
        home = str(tmp_path / "home" / "my data.json")
        typed = [  # (the line, the --data the completion passes on, the arguments before the id)
            (f"openai-kb --data ~/'my data.json' show {HOSTILE[0][:8]}", ["--data", home], ["--data", home, "show"]),
            (
                f"openai-kb show --data='my data.json' {HOSTILE[1][:8]}",
                ["--data", "my data.json"],
                ["show", "--data=my data.json"],
            ),
            (
                f"openai-kb about --data my\\ data.json {HOSTILE[2][:8]}",
                ["--data", "my data.json"],
                ["about", "--data", "my data.json"],
            ),
            (  # a file name that would run a command if the script evaluated it
                f"openai-kb --data '$(touch canary5).json' show {HOSTILE[3][:8]}",
                ["--data", "$(touch canary5).json"],
                ["--data", "$(touch canary5).json", "show"],
            ),
        ]
        for (line, data, before), record_id in zip(typed, HOSTILE, strict=False):
            completing, ran = session.tab_then_enter(line)
            assert completing == [["list", "--ids", "--for-completion", shell, *data]], line
            assert ran == [*before, record_id]
    finally:
        session.close()
    assert canaries(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
def test_tab_after_data_offers_bundled_and_the_ids_follow_it(shell: str, tmp_path: Path) -> None:
    """In a terminal: --data bun Tab inserts bundled, and an id Tab after it lists the ids with --data bundled."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    session = Shell(shell, tmp_path)
    try:
        script = run("completion", shell)[1]
        if shell == "zsh":
            (tmp_path / "zfunc").mkdir()
            (tmp_path / "zfunc" / "_openai-kb").write_text(script, encoding="utf-8")
            session.run("fpath=($PWD/zfunc $fpath); autoload -U compinit; compinit -u -D")
        else:
            (tmp_path / f"openai-kb.{shell}").write_text(script, encoding="utf-8")
            session.run(f"source openai-kb.{shell}")
        session.send("openai-kb --data bun\t")
        session.quiet()
        completing, ran = session.tab_then_enter("show person:mira-mur")
    finally:
        session.close()
    assert completing == [["list", "--ids", "--for-completion", shell, "--data", "bundled"]]
    assert ran == ["--data", "bundled", "show", "person:mira-murati"]
