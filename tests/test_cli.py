"""The command line, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from .cli import run_cli as run
from .kinds import unknown_kind

pytestmark = pytest.mark.slow  # every test starts the command line in a new process


def test_search_prints_results_with_evidence() -> None:
    """search prints an aligned table (plain when piped), then the best match's evidence and source."""
    result = run("search", "英伟达")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert result.stdout.splitlines()[:5] == [
        "#  score  type          record  id          matched",
        "1    100  organization  Nvidia  org:nvidia  英伟达 (name, zh-Hans)",
        "",
        "evidence for #1: “微软、辉达等科技巨头” — 华夏传媒网, 2024-10-14 09:31 [chars 190-200]",
        "      (tech giants such as Microsoft and Nvidia)",
    ]


def test_search_miss_exits_1_with_a_message() -> None:
    """A query that finds nothing says so on stderr and exits 1."""
    result = run("search", "Google")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("No match for 'Google'.")


def test_search_json() -> None:
    """--json prints machine-readable results."""
    result = run("search", "US$6.6bn", "--json")
    assert result.returncode == 0
    rows = orjson.loads(result.stdout)
    assert rows[0]["id"] == "round:openai-2024-10"
    assert rows[0]["matched"] == {"text": "66 亿美元", "language": None, "field": "amount"}
    assert rows[0]["evidence"]["start"] == 164
    assert rows[0]["query_part"] is None


def test_search_json_says_which_part_of_the_query_each_result_matched() -> None:
    """A query naming several things finds each; --json says which part found which."""
    result = run("search", "微软和英伟达", "--json")
    assert result.returncode == 0, result.stderr
    rows = orjson.loads(result.stdout)
    assert [(row["id"], row["query_part"]) for row in rows[:2]] == [("org:microsoft", "微软"), ("org:nvidia", "英伟达")]


def test_show_prints_record_and_facts() -> None:
    """show prints the record's fields, names and the facts that mention it, with quotes."""
    result = run("show", "person:mira-murati")
    assert result.returncode == 0
    assert "Mira Murati  [person:mira-murati]  person" in result.stdout
    assert "  names: Mira Murati (en); 米拉·穆拉蒂 (zh-Hans, zh-Hant)\n" in result.stdout
    assert "Mira Murati left OpenAI (Chief Technology Officer)  [departure:mira-murati]" in result.stdout
    assert "“首席技术长Mira Murati、" in result.stdout


def test_show_unknown_id_suggests_and_exits_1() -> None:
    """show with an unknown id suggests the closest one and exits 1."""
    result = run("show", "person:ilya-sutskevr")
    assert result.returncode == 1
    assert result.stderr.strip() == "No record with id 'person:ilya-sutskevr'. Did you mean 'person:ilya-sutskever'?"


def test_show_an_id_with_nothing_close_says_which_commands_find_it() -> None:
    """show with an id nothing is close to exits 1 naming the commands that find it, as kb[...] names its calls."""
    result = run("show", "person:qqq zzz")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "No record with id 'person:qqq zzz', and no id or name is close to it. Search by name with: openai-kb search "
        "'qqq zzz' -t person; or list the ids with: openai-kb list person --ids\n"
    )


def test_show_json() -> None:
    """show --json prints the record in the data format."""
    result = run("show", "round:openai-2024-10", "--json")
    record = orjson.loads(result.stdout)
    assert record["amount"]["amount"] == "6600000000"


def test_bad_data_exits_1_with_every_problem(tmp_path: Path) -> None:
    """--data with a broken file lists the problems and exits 1."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"records": [{"type": "person", "id": "person:x"}]}', encoding="utf-8")
    result = run("--data", str(bad), "search", "x")
    assert result.returncode == 1
    assert "record 'person:x' at $.records[0].name: missing required field" in result.stderr


def test_usage_errors_exit_2() -> None:
    """Unknown subcommands and bad types exit 2 with usage."""
    assert run("frobnicate").returncode == 2
    result = run("search", "x", "--type", "peeple")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: openai-kb search ")
    assert result.stderr.splitlines()[-1] == (
        "openai-kb search: error: argument -t/--type: " + unknown_kind("peeple", "people")
    )


def test_help_shows_examples() -> None:
    """Each subcommand's --help shows an example."""
    assert "openai-kb search 英伟达" in run("search", "--help").stdout
    assert "openai-kb show person:mira-murati" in run("show", "--help").stdout


def test_list_takes_a_family_or_a_type() -> None:
    """list investors and list investment name the same records; an unknown kind exits 2."""
    family = run("list", "investors", "--json")
    assert family.returncode == 0
    ids = [row["id"] for row in orjson.loads(family.stdout)]
    assert ids == [
        "investment:thrive-capital-openai-2024-10",
        "investment:microsoft-openai-2024-10",
        "investment:nvidia-openai-2024-10",
    ]
    for word in ("investment", "investments", "investor", "Investors"):
        assert [row["id"] for row in orjson.loads(run("list", word, "--json").stdout)] == ids, word
    unknown = run("list", "invest")
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == "openai-kb list: error: argument TYPE: " + unknown_kind(
        "invest", "investor"
    )


def test_list_columns_line_up_with_chinese_text(tmp_path: Path) -> None:
    """Chinese characters take two columns, so the next column still starts at the same place."""
    data = tmp_path / "kb.json"
    records = [
        {"type": "organization", "id": "org:a", "name": "字节跳动"},
        {"type": "organization", "id": "org:bb", "name": "Acme"},
    ]
    data.write_bytes(orjson.dumps({"records": records}))
    lines = run("list", "--data", str(data)).stdout.splitlines()
    assert lines == [
        "id      type          label",
        "org:a   organization  字节跳动",
        "org:bb  organization  Acme",
    ]


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    """Piped output is plain; FORCE_COLOR paints the header and columns; NO_COLOR wins."""
    from openai_kb.cli._output import Output

    assert "\x1b[" not in run("list", "people").stdout
    forced = subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", "list", "people"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "FORCE_COLOR": "1", "NO_COLOR": ""},
    )
    assert forced.stdout.startswith("\x1b[1mid")
    assert Output(color=True).style("x", "bold", "green") == "\x1b[1;32mx\x1b[0m"


def test_schema_prints_the_shipped_schema() -> None:
    """openai-kb schema prints data/schema/records.schema.json byte for byte."""
    shipped = (Path(__file__).resolve().parents[1] / "data" / "schema" / "records.schema.json").read_text("utf-8")
    assert run("schema").stdout == shipped
    record = orjson.loads(run("schema", "--record").stdout)
    assert "Person" in record["$defs"]


def test_every_subcommand_help_shows_its_examples_and_exit_codes() -> None:
    """--help of each subcommand ends with runnable examples and the exit codes."""
    from openai_kb.cli import COMMANDS

    for command in COMMANDS:
        result = run(command.name, "--help")
        assert result.returncode == 0, command.name
        assert "examples:\n" in result.stdout, command.name
        assert all(f"  {example}\n" in result.stdout for example in command.examples), command.name
        assert all(example.startswith(f"openai-kb {command.name}") for example in command.examples), command.name
        assert result.stdout.rstrip().endswith("exit codes: 0 ok, 1 not found or invalid data, 2 wrong usage")


def test_schema_of_one_record_type() -> None:
    """schema --type person (or people) prints the Person model's schema; an unknown word is a usage error."""
    person = orjson.loads(run("schema", "--type", "person").stdout)
    assert person["title"] == "Person"
    assert {"id", "name", "names"} <= set(person["properties"])
    assert orjson.loads(run("schema", "--type", "people").stdout) == person
    unknown = run("schema", "--type", "peeple")
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == "openai-kb schema: error: argument --type: " + unknown_kind(
        "peeple", "people"
    )
