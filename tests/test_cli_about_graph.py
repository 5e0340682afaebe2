"""The about and graph commands, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import openai_kb

from .cli import run_cli as run

pytestmark = pytest.mark.slow  # every test starts the command line in a new process

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_about_prints_the_profile() -> None:
    """about finds a record by a Chinese name and prints its profile, plain when piped."""
    result = run("about", "穆拉蒂")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    assert result.stdout == str(openai_kb.load().about("person:mira-murati")) + "\n"
    assert result.stdout.startswith("Mira Murati  [person:mira-murati]  person\n")
    assert "      - Mira Murati left OpenAI (Chief Technology Officer)  [departure:mira-murati]\n" in result.stdout


def test_about_json() -> None:
    """--json prints the record in the data format, what it refers to, and each fact with its evidence."""
    result = run("about", "輝達", "--json")
    assert result.returncode == 0, result.stderr
    profile = orjson.loads(result.stdout)
    assert (profile["id"], profile["type"], profile["label"]) == ("org:nvidia", "organization", "Nvidia")
    assert profile["record"]["names"][3] == {"text": "英伟达", "language": "zh-Hans", "kind": "transliteration"}
    assert profile["refers_to"] == []
    assert [fact["id"] for fact in profile["facts"]] == ["round:openai-2024-10", "investment:nvidia-openai-2024-10"]
    assert profile["facts"][1]["label"] == "Nvidia: investor in OpenAI funding round of US$6.6 billion"
    assert profile["facts"][1]["evidence"][0]["source"] == "source:huaxia-2024-10-14-openai"

    fact = orjson.loads(run("about", "valuation:openai-2024-10-post-money", "--json").stdout)
    assert [other["id"] for other in fact["refers_to"]] == ["org:openai", "round:openai-2024-10"]


def test_about_ambiguous_exits_1_with_the_candidates() -> None:
    """An ambiguous name lists its candidates on stderr and exits 1, printing nothing on stdout."""
    result = run("about", "联合创始人")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "'联合创始人' is ambiguous: person:ilya-sutskever (Ilya Sutskever, 100), "
        "person:john-schulman (John Schulman, 100); use an id\n"
    )


def test_about_miss_exits_1_with_suggestions() -> None:
    """A name nothing matches says so, with the closest records, and exits 1."""
    result = run("about", "Thrift")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == ("No match for 'Thrift'. Did you mean 'org:thrive-capital' (Thrive Capital)?\n")


def test_about_empty_query_is_wrong_usage() -> None:
    """An empty query is a usage error: exit 2."""
    result = run("about", "")
    assert result.returncode == 2
    assert result.stderr == "openai-kb: about needs an id or a name to look up, not ''\n"


def test_about_with_own_data() -> None:
    """--data profiles a record of the user's own knowledge base."""
    result = run("about", "Ada", "--data", str(MINI))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ada Lovelace  [person:ada]  person\n")
    assert "Ada Lovelace left Acme (Chief Engineer)  [departure:ada]" in result.stdout


def test_graph_prints_mermaid_by_default() -> None:
    """graph prints the bundled graph as Mermaid, exactly kb.to_mermaid()."""
    result = run("graph")
    assert result.returncode == 0, result.stderr
    assert result.stdout == openai_kb.load().to_mermaid()
    assert result.stdout.startswith("flowchart LR\n")


def test_graph_dot_with_own_data() -> None:
    """--format dot prints Graphviz DOT; --data draws the user's own records."""
    result = run("graph", "--format", "dot", "--data", str(MINI))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("digraph openai_kb {\n")
    assert '    "org:globex" -> "round:acme-a" [label="led", style=bold];\n' in result.stdout


def test_graph_takes_no_json_and_checks_the_format() -> None:
    """graph has no --json, and an unknown format is a usage error naming the choices."""
    assert run("graph", "--json").returncode == 2
    result = run("graph", "--format", "svg")
    assert result.returncode == 2
    assert "invalid choice: 'svg' (choose from" in result.stderr


def test_help_shows_examples() -> None:
    """Each new subcommand's --help shows examples, and the top-level help lists both."""
    about = run("about", "--help").stdout
    assert "openai-kb about 穆拉蒂" in about
    assert "openai-kb about 輝達 --json" in about
    assert "openai-kb graph --format dot | dot -Tsvg > graph.svg" in run("graph", "--help").stdout
    top = run("--help").stdout
    assert "about" in top
    assert "graph" in top
