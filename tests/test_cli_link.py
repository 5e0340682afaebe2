"""`openai-kb link FILE`: the links as a table, as JSON and as an HTML page; its errors and exit codes."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb.cli import COMMANDS, main
from openai_kb.cli._fit import width
from openai_kb.cli._output import Output
from openai_kb.outputs._render.links import links_page

ROOT = Path(__file__).resolve().parents[1]
LINKED = str(ROOT / "docs" / "examples" / "linked.txt")
REPORTS = ROOT / "docs" / "examples" / "reports"


def run(*args: str, columns: int | None = None) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False, columns=columns))
    return code, stdout.getvalue(), stderr.getvalue()


TABLE = """\
position  mention         record                    id                        kind    score  flag
    0-14  Thrive Capital  Thrive Capital            org:thrive-capital        name      100
   23-37  US$6.6 billion  OpenAI funding round of…  round:openai-2024-10      amount    100
   47-53  OpenAI          OpenAI                    org:openai                name      100
   72-78  OpenAI          OpenAI                    org:openai                name      100
  94-108  US$160 billion  OpenAI valued at US$157…  valuation:openai-2024-1…  amount     80  differs
 110-112  微软            Microsoft                 org:microsoft             name      100
 117-120  英伟达          Nvidia                    org:nvidia                name      100

94-108 US$160 billion differs: held US$157 billion (printed '1,570 亿美元')
7 links in 129 characters
"""


def test_the_table_of_links() -> None:
    """Each link's position, mention, record, id, kind and score, a differing figure flagged and noted under it
    (at 100 columns; docs/cli.md shows it whole)."""
    assert run("link", LINKED, columns=100) == (0, TABLE, "")


def test_the_table_fits_a_narrow_terminal() -> None:
    """At 60 columns the id and kind give way, labels are cut, and the note wraps: every line fits."""
    code, stdout, _ = run("link", LINKED, columns=60)
    assert code == 0
    assert stdout.splitlines()[:2] == [
        "position  mention         record              score  flag",
        "    0-14  Thrive Capital  Thrive Capital        100",
    ]
    assert max(width(line) for line in stdout.splitlines()) <= 60


def test_json_for_scripts() -> None:
    """--json: each link with its record, kind, score, why, the other records it may name and the values held."""
    code, stdout, stderr = run("link", LINKED, "--type", "valuation", "--json")
    assert (code, stderr) == (0, "")
    assert orjson.loads(stdout) == [
        {
            "start": 94,
            "end": 108,
            "text": "US$160 billion",
            "id": "valuation:openai-2024-10-post-money",
            "type": "valuation",
            "label": "OpenAI valued at US$157 billion (post-money)",
            "kind": "amount",
            "score": 80.0,
            "why": "amount of valuation:openai-2024-10-post-money is 1,570 亿美元: this figure differs",
            "ambiguous": [],
            "differs": [{"amount": "157000000000", "currency": "USD", "qualifier": "exact", "text": "1,570 亿美元"}],
        }
    ]


def test_types_and_min_score_filter_the_links() -> None:
    """--type (repeatable) keeps links to those types, --min-score those scoring at least that much."""
    code, stdout, _ = run("link", LINKED, "--json", "-t", "organizations", "-t", "people", "--min-score", "90")
    assert code == 0
    assert [(link["text"], link["id"]) for link in orjson.loads(stdout)] == [
        ("Thrive Capital", "org:thrive-capital"),
        ("OpenAI", "org:openai"),
        ("OpenAI", "org:openai"),
        ("微软", "org:microsoft"),
        ("英伟达", "org:nvidia"),
    ]


def test_data_links_against_the_users_knowledge_base() -> None:
    """--data: the reports' own data, not the bundled one; an investor's figure links to its investment."""
    data = ("--data", str(REPORTS / "note-c.json"), "--data", str(REPORTS / "note-d.json"))
    code, stdout, _ = run("link", str(REPORTS / "note-d.txt"), *data, "--json")
    assert code == 0
    assert [(link["text"], link["id"], link["kind"]) for link in orjson.loads(stdout)] == [
        ("Thrive Capital", "org:thrive-capital", "name"),
        ("about $1.2 billion", "investment:thrive-capital-openai-2024-10", "amount"),
        ("Sam Altman", "person:sam-altman", "name"),
    ]


def test_ambiguous_links_are_flagged_with_the_other_records(tmp_path: Path) -> None:
    """A name two records share is flagged ambiguous, and the note names the other record by label and id."""
    foods = {"type": "organization", "id": "org:thrive-foods", "name": "Thrive Foods",
             "names": [{"text": "Thrive", "language": "en", "kind": "abbreviation"}]}  # fmt: skip
    (tmp_path / "foods.json").write_bytes(orjson.dumps({"records": [foods]}))
    (tmp_path / "note.txt").write_text("Thrive grew fast.", encoding="utf-8")
    data = ("--data", str(ROOT / "data"), "--data", str(tmp_path / "foods.json"))
    assert run("link", str(tmp_path / "note.txt"), *data) == (
        0,
        "position  mention  record          id                  kind  score  flag\n"
        "     0-6  Thrive   Thrive Capital  org:thrive-capital  name     75  ambiguous\n"
        "\n"
        "0-6 Thrive ambiguous: or Thrive Foods [org:thrive-foods]\n"
        "1 link in 17 characters\n",
        "",
    )


def test_html_writes_the_page(tmp_path: Path) -> None:
    """--html OUT writes the standalone page of the links, replacing a regular file, and prints nothing."""
    out = tmp_path / "linked.html"
    out.write_text("old", encoding="utf-8")
    assert run("link", LINKED, "--html", str(out)) == (0, "", "")
    links = openai_kb.load().link(Path(LINKED).read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == links_page(links, "Links in linked.txt")
    assert run("link", LINKED, "--html", "-")[1] == out.read_text(encoding="utf-8")


def test_html_refuses_a_folder(tmp_path: Path) -> None:
    """A folder as OUT is refused (exit 1), named with a file name to give instead, and left as it is."""
    assert run("link", LINKED, "--html", str(tmp_path)) == (
        1,
        "",
        f"openai-kb link: cannot save to {tmp_path}: it is a folder; give a file name such as "
        f"{tmp_path / 'linked.html'}\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_html_refuses_a_named_pipe(tmp_path: Path) -> None:
    """A FIFO as OUT is refused (exit 1) without opening it, and stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert run("link", LINKED, "--html", str(fifo)) == (
        1,
        "",
        f"openai-kb link: cannot save to {fifo}: it is a named pipe (FIFO), not a regular file; only a regular "
        "file or a new name is replaced, so nothing was written\n",
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_no_link_exits_1(tmp_path: Path) -> None:
    """A text naming nothing held exits 1 saying so; --json still prints an empty list."""
    note = tmp_path / "note.txt"
    note.write_text("Nothing here.", encoding="utf-8")
    message = f"openai-kb link: no mention in {note} of a record the knowledge base holds (scoring 70 or more)\n"
    assert run("link", str(note)) == (1, "", message)
    typed = f"openai-kb link: no mention in {note} of a record the knowledge base holds (of type person, scoring 90 "
    assert run("link", LINKED, "-t", "person", "--min-score", "90", "--json") == (
        1,
        "[]\n",
        typed.replace(str(note), LINKED) + "or more)\n",
    )


def test_file_errors_exit_1(tmp_path: Path) -> None:
    """A missing file, a folder or a file that is not UTF-8 exits 1 naming it and why, as verify and cite do."""
    missing = tmp_path / "missing.txt"
    assert run("link", str(missing)) == (1, "", f"openai-kb link: cannot read {missing}: No such file or directory\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    assert run("link", str(latin)) == (
        1,
        "",
        f"openai-kb link: {latin} is not UTF-8 text (byte 3 is not valid UTF-8)\n",
    )
    assert run("link", str(tmp_path)) == (
        1,
        "",
        f"openai-kb link: cannot read {tmp_path}: it is a folder, not a regular file; give the source's text file\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--min-score", "101"), "argument --min-score: expected a number from 0 to 100, not '101'"),
        (("--min-score", "nan"), "argument --min-score: expected a number from 0 to 100, not 'nan'"),
        (("--html", "-", "--json"), None),
    ],
    ids=["over-100", "nan", "html-and-json-on-stdout"],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str | None) -> None:
    """A score outside 0-100 or two outputs on standard output are wrong usage, exit 2."""
    code, stdout, stderr = run("link", LINKED, *args)
    assert (code, stdout) == (2, "")
    if message is None:
        assert stderr == (
            "openai-kb link: --html - and --json both print to standard output; write the page to a file\n"
        )
    else:
        assert stderr.splitlines()[-1] == f"openai-kb link: error: {message}"


def test_link_is_a_registered_command() -> None:
    """link is in the command registry, which the parser, the completion scripts and the docs' checks read."""
    assert "link" in [command.name for command in COMMANDS]
    code, script, _ = run("completion", "bash")
    assert code == 0
    assert "link" in script
    assert "--min-score" in script
