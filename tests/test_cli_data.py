"""The command line's data: the bundled data named by --data bundled, --types for record types of one's own,
and validate FILE checked against --data."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import main
from openai_kb.cli._output import Output

from .own_type_module import ACQUISITION_ID, write_acquisition_data, write_types_module

ROOT = Path(__file__).resolve().parents[1]
NOTE_A = str(ROOT / "docs" / "examples" / "reports" / "note-a.json")
BUNDLED_SOURCE = "source:huaxia-2024-10-14-openai"
TOP_USAGE = "usage: openai-kb [-h] [--version] [--data PATH] [--types MODULE:CLASS]\n                 COMMAND ...\n"


@pytest.fixture(autouse=True)
def _forget_mytypes() -> Iterator[None]:
    """Each test imports its own mytypes.py: none is left in sys.modules for the next."""
    yield
    sys.modules.pop("mytypes", None)


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process, lines whole: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=None))
    return code, stdout.getvalue(), stderr.getvalue()


# -- --data bundled ----------------------------------------------------------------------------


def test_data_bundled_adds_a_file_to_the_bundled_data() -> None:
    """--data bundled --data FILE loads both: the bundled source and the file's, before and after the command."""
    both = (0, f"{BUNDLED_SOURCE}\nsource:note-a\n", "")
    assert run("list", "sources", "--ids", "--data", "bundled", "--data", NOTE_A) == both
    assert run("--data", "bundled", "list", "sources", "--ids", "--data", NOTE_A) == both
    assert run("list", "sources", "--ids", "--data", NOTE_A) == (0, "source:note-a\n", "")


def test_data_bundled_alone_is_the_bundled_data() -> None:
    """--data bundled alone prints what no --data prints."""
    assert run("list", "--data", "bundled") == run("list")


def test_a_file_named_bundled_is_given_as_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """./bundled names a file called bundled; the bare word stays the bundled data, with a note saying so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bundled").write_bytes(Path(NOTE_A).read_bytes())
    assert run("list", "sources", "--ids", "--data", "./bundled") == (0, "source:note-a\n", "")
    note = (
        "openai-kb: note: --data bundled is the bundled data, not the 'bundled' here; give --data ./bundled for that\n"
    )
    assert run("list", "sources", "--ids", "--data", "bundled") == (0, f"{BUNDLED_SOURCE}\n", note)


def test_the_help_says_how_to_add_to_the_bundled_data() -> None:
    """Every --data help names the word bundled and shows how to combine it with a file."""
    code, stdout, _ = run("--help")
    assert code == 0
    assert (
        "'bundled' names the bundled data (./bundled: a file of that name); repeat it to combine: --data"
        in " ".join(stdout.split())
    )
    for command in ("search", "list", "show", "validate", "verify", "disagreements"):
        shown = " ".join(run(command, "--help")[1].split())
        assert "--data bundled --data mine.json" in shown, command


# -- validate FILE --data ----------------------------------------------------------------------


def test_validate_alone_checks_the_file_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate FILE without --data reports a reference to a record the file lacks."""
    monkeypatch.chdir(tmp_path)
    data = write_acquisition_data(tmp_path)
    write_types_module(tmp_path)
    code, stdout, stderr = run("validate", str(data), "--types", "mytypes:Acquisition")
    assert (code, stderr) == (1, "1 problem found\n")
    assert stdout == (
        f"{data}: record '{ACQUISITION_ID}' at $.records[2].acquirer: reference to unknown id 'org:openai'\n"
    )


def test_validate_checks_the_file_against_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate FILE --data bundled resolves the file's references to the bundled records and counts them."""
    monkeypatch.chdir(tmp_path)
    write_types_module(tmp_path)
    data = write_acquisition_data(tmp_path)
    assert run("validate", str(data), "--data", "bundled", "--types", "mytypes:Acquisition") == (
        0,
        f"{data}: 3 records, no problems (checked with the 52 of the --data)\n",
        "",
    )


def test_validate_names_the_ids_the_file_shares_with_the_data() -> None:
    """An id the file and the --data both hold is named: it is combined, as another version."""
    shared = "org:thrive-capital, org:openai, round:openai-2024-10, investment:thrive-capital-openai-2024-10, "
    shared += "valuation:openai-2024-10-post-money"
    assert run("--data", "bundled", "validate", NOTE_A) == (
        0,
        f"{NOTE_A}: 8 records, no problems (checked with the 52 of the --data); 5 of its ids are in the --data "
        f"too, each combined as another version: {shared}\n",
        "",
    )


def test_validate_reports_problems_across_the_data(tmp_path: Path) -> None:
    """One id given two types, in FILE and in --data, is a problem validate reports (exit 1)."""
    clash = tmp_path / "clash.json"
    clash.write_text('{"records": [{"type": "person", "id": "org:openai", "name": "Open A. I."}]}', encoding="utf-8")
    code, stdout, stderr = run("validate", str(clash), "--data", "bundled")
    assert (code, stderr) == (1, "1 problem found\n")
    assert stdout.startswith(f"{clash}: record 'org:openai' at $.records[0]")


# -- --types -----------------------------------------------------------------------------------


def test_types_makes_a_users_record_type_known_to_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--types mytypes:Acquisition (found in the current folder) loads the file, and list, search -t, show and
    export --kind know the type's words."""
    monkeypatch.chdir(tmp_path)
    write_types_module(tmp_path)
    data = str(write_acquisition_data(tmp_path))
    given = ["--types", "mytypes:Acquisition", "--data", "bundled", "--data", data]
    assert run("list", "acquisitions", *given) == (
        0,
        f"id                       type         label\n{ACQUISITION_ID}  acquisition  OpenAI buys Acme Robotics\n",
        "",
    )
    assert run("search", "Acme", "-t", "acquisition", "--json", *given)[0] == 0
    assert run("show", ACQUISITION_ID, *given)[1].startswith(f"OpenAI buys Acme Robotics  [{ACQUISITION_ID}]")
    assert run("export", "--format", "csv", "--kind", "acquisitions", *given)[1].startswith("id,")
    before = ["--types=mytypes:Acquisition", "--data", "bundled", "--data", data]
    assert run(*before, "list", "acquisition", "--ids") == (0, f"{ACQUISITION_ID}\n", "")


def test_without_types_the_users_type_is_unknown(tmp_path: Path) -> None:
    """A file with a type of one's own, loaded without --types, names the unknown type (exit 1)."""
    data = write_acquisition_data(tmp_path)
    code, stdout, stderr = run("list", "--data", "bundled", "--data", str(data))
    assert (code, stdout) == (1, "")
    assert "'acquisition'" in stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "mytypes",
            "'mytypes' is not package.module:Class: give the module, a colon, then the class (mytypes:Acquisition)",
        ),
        (
            "mytype:Acquisition",
            "'mytype:Acquisition': no module named 'mytype' in the current folder or on Python's path; check the "
            "spelling, or run openai-kb from the folder that holds it",
        ),
        (
            "mytypes:Acquisitin",
            "'mytypes:Acquisitin': module 'mytypes' has no attribute 'Acquisitin'; did you mean 'Acquisition'?",
        ),
        (
            "mytypes:helper",
            "'mytypes:helper' is a function, not a record type: give a subclass of openai_kb.Record with its own "
            "type tag",
        ),
        (
            "mytypes:NOT_A_CLASS",
            "'mytypes:NOT_A_CLASS' is an int, not a record type: give a subclass of openai_kb.Record with its own "
            "type tag",
        ),
        ("openai_kb:Fact", '\'openai_kb:Fact\': Fact has no type tag: declare it as type: Literal["fact"] = "fact"'),
    ],
)
def test_a_wrong_types_value_is_wrong_usage_naming_it(
    value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each way --types can be wrong exits 2 with the usage and the value given, before any data is read."""
    monkeypatch.chdir(tmp_path)
    write_types_module(tmp_path)
    for line in (["--types", value, "list"], ["list", f"--types={value}"]):
        assert run(*line) == (2, "", f"{TOP_USAGE}openai-kb: error: argument --types: {message}\n")


def test_a_built_in_type_given_to_types_says_it_needs_none() -> None:
    """list --type person (argparse reads a prefix of --types) says person is built in, needing no --types."""
    code, stdout, stderr = run("list", "--type", "person")
    assert (code, stdout) == (2, "")
    assert stderr.startswith("usage: openai-kb list ")
    assert stderr.endswith(
        "\nopenai-kb list: error: argument --types: 'person' is not package.module:Class: give the module, a "
        "colon, then the class (mytypes:Acquisition); 'person' is a built-in type, which needs no --types\n"
    )


def test_schema_gives_a_users_type_its_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """schema --type acquisition --types mytypes:Acquisition prints that class's schema; --record the union with
    it; --types alone, which the data file's schema cannot take, is wrong usage saying so."""
    monkeypatch.chdir(tmp_path)
    write_types_module(tmp_path)
    code, stdout, stderr = run("schema", "--type", "acquisition", "--types", "mytypes:Acquisition")
    assert (code, stderr) == (0, "")
    schema = orjson.loads(stdout)
    assert (schema["title"], schema["properties"]["type"]["const"]) == ("Acquisition", "acquisition")
    union = orjson.loads(run("--types", "mytypes:Acquisition", "schema", "--record")[1])
    assert "Acquisition" in union["$defs"]
    assert "Acquisition" not in orjson.loads(run("schema", "--record")[1])["$defs"]
    assert run("schema", "--types", "mytypes:Acquisition") == (
        2,
        "",
        "openai-kb: --types needs --record or --type: the schema of a data file (data/schema/records.schema.json) "
        "covers the built-in types; give --record for one record of any type, yours among them\n",
    )
