"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openai_kb.cli", *args], capture_output=True, text=True, encoding="utf-8", check=False
    )


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


def test_show_prints_record_and_facts() -> None:
    """show prints the record's fields, names and the facts that mention it, with quotes."""
    result = run("show", "person:mira-murati")
    assert result.returncode == 0
    assert "Mira Murati  [person:mira-murati]  person" in result.stdout
    assert "米拉·穆拉蒂 (zh-Hans)" in result.stdout
    assert "Mira Murati left OpenAI (Chief Technology Officer)  [departure:mira-murati]" in result.stdout
    assert "“首席技术长Mira Murati、" in result.stdout


def test_show_unknown_id_suggests_and_exits_1() -> None:
    """show with an unknown id suggests the closest one and exits 1."""
    result = run("show", "person:ilya-sutskevr")
    assert result.returncode == 1
    assert result.stderr.strip() == "No record with id 'person:ilya-sutskevr'. Did you mean 'person:ilya-sutskever'?"


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
    result = run("search", "x", "--type", "people")
    assert result.returncode == 2
    assert "unknown record type 'people'" in result.stderr


def test_help_shows_examples() -> None:
    """Each subcommand's --help shows an example."""
    assert "openai-kb search 英伟达" in run("search", "--help").stdout
    assert "openai-kb show person:mira-murati" in run("show", "--help").stdout
