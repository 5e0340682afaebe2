"""Several reports from the command line: --data repeated, --source ID, and `openai-kb disagreements`."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase
from openai_kb.cli import main
from openai_kb.cli._output import Output

from .hostile import EVIL, EVIL_SHOWN
from .reports import BUILDERS, NOTE_A_FILE, NOTE_B_FILE, REPORTS, note_a, note_b

NOTE_A_DATA = str(NOTE_A_FILE.with_suffix(".json"))
NOTE_B_DATA = str(NOTE_B_FILE.with_suffix(".json"))
BOTH = ("--data", NOTE_A_DATA, "--data", NOTE_B_DATA)
THRIVE = "investment:thrive-capital-openai-2024-10"


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def test_example_reports_are_the_notes() -> None:
    """docs/examples/reports holds the notes the tests build, data files and texts alike, every quote verified
    (linking/ holds the linking benchmark's annotated reports: tests/test_benchmark_linking.py)."""
    assert sorted(path.name for path in REPORTS.iterdir() if path != REPORTS / "linking") == sorted(
        f"{name}{suffix}" for name in BUILDERS for suffix in (".json", ".txt")
    )
    for name, build in BUILDERS.items():
        assert openai_kb.load(REPORTS / f"{name}.json") == build(), name
        text = (REPORTS / f"{name}.txt").read_bytes().decode("utf-8")
        assert openai_kb.verify_evidence(build(), f"source:{name}", text) == [], name


# -- --data, repeated ---------------------------------------------------------------------------


def test_data_repeated_loads_every_path_as_one() -> None:
    """Two --data paths are one knowledge base: the round both notes describe is one record, citing both."""
    code, stdout, _ = run(*BOTH, "list", "funding_rounds", "--json")
    assert code == 0
    assert [row["id"] for row in orjson.loads(stdout)] == ["round:openai-2024-10"]
    _, shown, _ = run(*BOTH, "show", "round:openai-2024-10", "--json")
    assert [e["source"] for e in orjson.loads(shown)["evidence"]] == ["source:note-a", "source:note-b"]


@pytest.mark.parametrize(
    "args",
    [
        ("--data", NOTE_A_DATA, "--data", NOTE_B_DATA, "list", "--json"),
        ("list", "--json", "--data", NOTE_A_DATA, "--data", NOTE_B_DATA),
        ("--data", NOTE_A_DATA, "list", "--json", "--data", NOTE_B_DATA),
        ("--data", str(REPORTS), "list", "--json"),
    ],
    ids=["before", "after", "both sides", "a folder"],
)
def test_data_paths_count_before_and_after_the_command(args: tuple[str, ...]) -> None:
    """--data given before the command, after it, or on both sides: every path given is loaded (a folder: each
    of its files, in order)."""
    notes = [build() for build in BUILDERS.values()] if str(REPORTS) in args else [note_a(), note_b()]
    expected = [record.id for record in functools.reduce(KnowledgeBase.merge, notes)]
    assert [row["id"] for row in orjson.loads(run(*args)[1])] == expected


def test_one_data_path_works_as_before() -> None:
    """A single --data still loads that file alone, and no --data the bundled data."""
    assert [row["id"] for row in orjson.loads(run("--data", NOTE_B_DATA, "list", "--json")[1])] == [
        record.id for record in note_b()
    ]
    assert len(orjson.loads(run("list", "--json")[1])) == len(openai_kb.load())


# -- --source ID on list, search and about --------------------------------------------------------


def test_list_by_source_lists_what_that_source_tells() -> None:
    """list --source keeps the source, its facts and the records they name: note B names no SoftBank."""
    code, stdout, _ = run(*BOTH, "list", "--source", "source:note-b", "--json")
    assert code == 0
    assert sorted(row["id"] for row in orjson.loads(stdout)) == sorted(record.id for record in note_b())
    _, everything, _ = run(*BOTH, "list", "--json")
    assert "org:softbank" in everything


def test_search_by_source_finds_only_that_sources_records() -> None:
    """search --source finds SoftBank in note A's telling and nowhere in note B's (exit 1)."""
    code, stdout, _ = run(*BOTH, "search", "SoftBank", "--source", "source:note-a", "--json")
    assert code == 0
    assert orjson.loads(stdout)[0]["id"] == "org:softbank"
    code, _, stderr = run(*BOTH, "search", "SoftBank", "--source", "source:note-b")
    assert (code, stderr.startswith("No match for 'SoftBank'")) == (1, True)


def test_about_by_source_shows_that_sources_values() -> None:
    """about --source shows Thrive's amount as that source gives it, and only its evidence."""
    code, stdout, _ = run(*BOTH, "about", THRIVE, "--source", "source:note-b", "--json")
    assert code == 0
    profile = orjson.loads(stdout)
    assert profile["record"]["amount"]["amount"] == "1300000000"
    assert [e["source"] for e in profile["record"]["evidence"]] == ["source:note-b"]
    _, text, _ = run(*BOTH, "about", THRIVE, "--source", "source:note-a")
    assert "amount: US$1.25 billion" in text


@pytest.mark.parametrize("command", [("list",), ("search", "Thrive"), ("about", "Thrive")])
def test_an_unknown_source_is_not_found(command: tuple[str, ...]) -> None:
    """--source with an id that is not in the knowledge base exits 1 with the library's message."""
    assert run(*BOTH, *command, "--source", "source:note-c") == (
        1,
        "",
        "No record with id 'source:note-c'. Did you mean 'source:note-a' or 'source:note-b'?\n",
    )


@pytest.mark.parametrize("command", [("list",), ("search", "Thrive"), ("about", "Thrive")])
def test_a_record_that_is_not_a_source_is_wrong_usage(command: tuple[str, ...]) -> None:
    """--source with the id of an organization exits 2: it names a record, but not a source."""
    assert run(*BOTH, *command, "--source", "org:openai") == (
        2,
        "",
        "openai-kb: 'org:openai' is an organization, not a source\n",
    )


def test_source_is_offered_only_where_it_applies() -> None:
    """show, export and the other commands take no --source (verify's --source is a file)."""
    code, stdout, stderr = run("show", "org:openai", "--source", "source:huaxia-2024-10-14-openai")
    assert (code, stdout) == (2, "")
    assert stderr.endswith("openai-kb show: error: unrecognized arguments: --source source:huaxia-2024-10-14-openai\n")


# -- openai-kb disagreements ----------------------------------------------------------------------


def test_disagreements_lists_each_value_with_its_sources() -> None:
    """The two notes differ on Thrive's amount alone: one table row per value, amounts in words, with the
    sources that give it (both state it, so no assertion is named)."""
    code, stdout, stderr = run(*BOTH, "disagreements")
    assert (code, stderr) == (0, "")
    label = "Thrive Capital: lead investor in OpenAI funding round of US$6.6 billion"
    assert [re.split(r"\s{2,}", line.strip()) for line in stdout.splitlines()] == [
        ["record", "id", "field", "value", "sources"],
        [label, THRIVE, "amount", "US$1.25 billion", "source:note-a"],
        ["US$1.3 billion", "source:note-b"],
    ]
    first, second = stdout.splitlines()[1:]
    assert first.index("US$1.25") == second.index("US$1.3")  # the later values line up under the first


def test_disagreements_json_gives_values_as_the_data_files_hold_them() -> None:
    """--json: record, field, and each value in the data format with its sources and its holdings: each
    source's value as it gives it, how it holds it, and its quotes."""
    code, stdout, _ = run(*BOTH, "disagreements", "--json")
    assert code == 0
    assert orjson.loads(stdout) == [
        {
            "record": THRIVE,
            "field": "amount",
            "values": [
                {
                    "value": {"amount": "1250000000", "currency": "USD", "qualifier": "exact"},
                    "sources": ["source:note-a"],
                    "holdings": [
                        {
                            "source": "source:note-a",
                            "value": {"amount": "1250000000", "currency": "USD", "qualifier": "exact"},
                            "assertion": "stated",
                            "attributed_to": None,
                            "attribution": None,
                            "evidence": [
                                {
                                    "source": "source:note-a",
                                    "quote": "Thrive Capital put in $1.25 billion",
                                    "start": 0,
                                    "end": 35,
                                    "prefix": "",
                                    "suffix": " of the $6.6 bil",
                                }
                            ],
                        }
                    ],
                },
                {
                    "value": {"amount": "1300000000", "currency": "USD", "qualifier": "exact"},
                    "sources": ["source:note-b"],
                    "holdings": [
                        {
                            "source": "source:note-b",
                            "value": {"amount": "1300000000", "currency": "USD", "qualifier": "exact"},
                            "assertion": "stated",
                            "attributed_to": None,
                            "attribution": None,
                            "evidence": [
                                {
                                    "source": "source:note-b",
                                    "quote": "Thrive Capital invested $1.3 billion",
                                    "start": 0,
                                    "end": 36,
                                    "prefix": "",
                                    "suffix": "; the round valu",
                                }
                            ],
                        }
                    ],
                },
            ],
        }
    ]


def test_disagreements_with_the_bundled_article_are_the_same() -> None:
    """The article gives no amount for Thrive and agrees with both notes on US$157 billion: still one field."""
    code, stdout, _ = run("--data", str(openai_kb.BUNDLED), *BOTH, "disagreements", "--json")
    assert code == 0
    assert [(item["record"], item["field"]) for item in orjson.loads(stdout)] == [(THRIVE, "amount")]


def test_disagreements_json_matches_the_library() -> None:
    """What --json prints is kb.disagreements(), value for value."""
    kb = note_a().merge(note_b())
    printed = orjson.loads(run(*BOTH, "disagreements", "--json")[1])
    assert [(d["record"], d["field"], [v["sources"] for v in d["values"]]) for d in printed] == [
        (d.record, d.field, [list(v.sources) for v in d.values]) for d in kb.disagreements()
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "No disagreements: the knowledge base has one source.\n"),
        (("--data", NOTE_A_DATA, "--data", NOTE_A_DATA), "No disagreements: the knowledge base has one source.\n"),
        (
            ("--data", str(openai_kb.BUNDLED), "--data", NOTE_A_DATA),
            "No disagreements: the 2 sources agree on every field that more than one of them gives.\n",
        ),
    ],
    ids=["bundled", "one note twice", "article and note A"],
)
def test_no_disagreement_is_said_on_stderr_and_exits_0(args: tuple[str, ...], message: str) -> None:
    """Nothing to list is an answer: nothing on standard output, a sentence on standard error, exit 0."""
    assert run(*args, "disagreements") == (0, "", message)
    assert run(*args, "disagreements", "--json") == (0, "[]\n", message)


def test_disagreements_of_a_source_with_no_quotes(tmp_path: Path) -> None:
    """A value of a version that speaks for no source (no quote, no source of its file) says so."""
    records = [
        {"type": "organization", "id": "org:x", "name": "X", "kind": "company"},
    ]
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    first.write_bytes(orjson.dumps({"records": records}))
    second.write_bytes(orjson.dumps({"records": [{**records[0], "kind": "investment_firm"}]}))
    code, stdout, _ = run("--data", str(first), "--data", str(second), "disagreements")
    assert code == 0
    assert [re.split(r"\s{2,}", line.strip())[-1] for line in stdout.splitlines()[1:]] == ["no source", "no source"]


def test_disagreements_never_let_the_data_act_on_the_terminal(tmp_path: Path) -> None:
    """Escape codes and bidi overrides in a disputed value and a label are shown as escapes, as in every table."""
    record = {"type": "organization", "id": "org:x", "name": EVIL, "description": "plain"}
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(orjson.dumps({"records": [record]}))
    second.write_bytes(orjson.dumps({"records": [{**record, "description": EVIL}]}))
    code, stdout, _ = run("--data", str(first), "--data", str(second), "disagreements")
    assert code == 0
    assert not {"\x1b", "\u202e", "\r"} & set(stdout)
    assert stdout.count(EVIL_SHOWN) == 2  # the label, and the second description
