"""list and search for pipelines: --jsonl (one --json object a line) and --csv (formula-safe, as the CSV export)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest

from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.cli.search import CSV_COLUMNS


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=None))
    return code, stdout.getvalue(), stderr.getvalue()


def hostile_data(folder: Path) -> Path:
    """A data file whose person's name a spreadsheet would run as a formula."""
    path = folder / "formula.json"
    records = [{"type": "person", "id": "person:formula", "name": '=HYPERLINK("http://x.example","Mira")'}]
    path.write_bytes(orjson.dumps({"records": records}))
    return path


@pytest.mark.parametrize("command", [["list", "people"], ["search", "OpenAI"], ["search", "英伟达", "-n", "2"]])
def test_jsonl_is_one_json_object_a_line_as_json_gives_them(command: list[str]) -> None:
    """--jsonl prints each object of --json's list on a line of its own, nothing else."""
    code, stdout, stderr = run(*command, "--jsonl")
    assert (code, stderr) == (0, "")
    assert [orjson.loads(line) for line in stdout.splitlines()] == orjson.loads(run(*command, "--json")[1])
    assert stdout.endswith("}\n")
    assert all(line.startswith("{") for line in stdout.splitlines())


def test_list_csv_is_ids_types_and_labels() -> None:
    """list --csv is a header and one row per record, CRLF line ends, as the --json objects' fields."""
    code, stdout, stderr = run("list", "people", "--csv")
    assert (code, stderr) == (0, "")
    assert stdout.startswith("id,type,label\r\nperson:mira-murati,person,Mira Murati\r\n")
    rows = list(csv.DictReader(io.StringIO(stdout, newline="")))
    assert rows == [
        {key: str(value) for key, value in item.items()} for item in orjson.loads(run("list", "people", "--json")[1])
    ]


def test_search_csv_spreads_the_match_over_columns() -> None:
    """search --csv has one row per result: id, label, score, what matched and the first quote."""
    code, stdout, stderr = run("search", "英伟达", "-n", "1", "--csv")
    assert (code, stderr) == (0, "")
    assert stdout == (
        ",".join(CSV_COLUMNS) + "\r\n"
        "org:nvidia,organization,Nvidia,100.0,false,英伟达,zh-Hans,name,,,source:huaxia-2024-10-14-openai,"
        "微软、辉达等科技巨头\r\n"
    )


def test_csv_cells_a_spreadsheet_would_run_are_escaped_as_the_export_escapes_them(tmp_path: Path) -> None:
    """A label that starts with = gets a ' in front in list --csv and search --csv, as export --format csv does."""
    data = str(hostile_data(tmp_path))
    escaped = '\'=HYPERLINK("http://x.example","Mira")'
    listed = list(csv.reader(io.StringIO(run("list", "--csv", "--data", data)[1], newline="")))
    assert listed == [["id", "type", "label"], ["person:formula", "person", escaped]]
    found = list(csv.DictReader(io.StringIO(run("search", "hyperlink", "--csv", "--data", data)[1], newline="")))
    assert [(row["id"], row["label"]) for row in found] == [("person:formula", escaped)]
    exported = run("export", "--format", "csv", "--kind", "people", "--data", data)[1]
    assert escaped.replace('"', '""') in exported
    assert orjson.loads(run("list", "--jsonl", "--data", data)[1])["label"] == escaped[1:]  # JSON keeps the text


def test_search_finding_nothing_prints_no_line_and_exits_1() -> None:
    """search --jsonl with no result prints nothing, --csv only the header; both exit 1, as --json does."""
    assert run("search", "qqqzzzxxx", "--jsonl") == (1, "", "")
    assert run("search", "qqqzzzxxx", "--csv") == (1, ",".join(CSV_COLUMNS) + "\r\n", "")


def test_formats_are_one_at_a_time() -> None:
    """--json, --jsonl and --csv exclude each other (exit 2), and --ids excludes them all."""
    code, stdout, stderr = run("search", "x", "--jsonl", "--csv")
    assert (code, stdout) == (2, "")
    assert stderr.endswith("openai-kb search: error: argument --csv: not allowed with argument --jsonl\n")
    assert run("list", "--ids", "--jsonl") == (
        2,
        "",
        "openai-kb: --ids and --jsonl print the records two ways: give one of them\n",
    )
