"""Evidence against its source text: verify_evidence and ``openai-kb verify``."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import AmbiguousSourceError, KnowledgeBase, NotFoundError, QueryError, verify_evidence
from openai_kb.cli import main
from openai_kb.cli import verify as verify_command
from openai_kb.cli._output import Output

from .conftest import FIXTURES, SOURCE

MINI = FIXTURES / "mini" / "records.json"
NOTE = (FIXTURES / "note.txt").read_text(encoding="utf-8")


def _rows(problems: list[openai_kb.Problem]) -> list[str]:
    return [f"{p.record}|{p.path}|{p.message}" for p in problems]


def test_matching_text_has_no_problems() -> None:
    """Every span of the tiny knowledge base is its note's text."""
    kb = openai_kb.load(MINI)
    assert len(NOTE) == 69
    assert verify_evidence(kb, "source:note", NOTE) == []
    assert verify_evidence(kb, kb["source:note"], NOTE) == []  # type: ignore[arg-type]
    assert verify_evidence(kb, None, NOTE) == []


def test_every_mismatch_is_reported() -> None:
    """A changed word fails the quotes over it; a shorter text fails the length and the spans past its end."""
    kb = openai_kb.load(MINI)
    changed = NOTE.replace("Globex led", "Globex lead")[:69]
    assert _rows(verify_evidence(kb, "source:note", changed)) == [
        "round:acme-a|$.records[4].evidence[0].quote|the quote 'Globex led a $5M round' is not the text at 0:22, "
        "which reads 'Globex lead a $5M roun'",
        "investment:globex-acme-a|$.records[5].evidence[0].quote|the quote 'Globex led' is not the text at 0:10, "
        "which reads 'Globex lea'",
        "departure:ada|$.records[6].evidence[0].quote|the quote 'Ada left Acme' is not the text at 32:45, "
        "which reads ' Ada left Acm'",
    ]
    assert _rows(verify_evidence(kb, "source:note", NOTE[:40])) == [
        "source:note|$.records[0].length|the source says its text is 69 characters long; this text has 40",
        "departure:ada|$.records[6].evidence[0].end|offset 45 is past the end of the text (40 characters)",
    ]


def test_prefix_and_suffix_are_checked() -> None:
    """A span's prefix and suffix, when given, must be the text just before and after its quote."""
    kb = openai_kb.load(MINI)
    ada = kb["departure:ada"]
    span = ada.evidence[0]  # 'Ada left Acme' at 32:45

    def with_context(**context: str) -> KnowledgeBase:
        return kb.replace(ada.model_copy(update={"evidence": (span.model_copy(update=context),)}))

    assert verify_evidence(with_context(prefix="in Acme. ", suffix=" as its"), "source:note", NOTE) == []
    assert _rows(verify_evidence(with_context(prefix="in Acme, ", suffix=" as her"), "source:note", NOTE)) == [
        "departure:ada|$[0].evidence[0].prefix|the prefix 'in Acme, ' is not the text just before the "
        "quote, which reads 'in Acme. '",
        "departure:ada|$[0].evidence[0].suffix|the suffix ' as her' is not the text just after the quote, "
        "which reads ' as its'",
    ]
    unmeasured = kb.replace(kb["source:note"].model_copy(update={"length": None}))  # loading checks it otherwise
    ada_ends = ada.model_copy(update={"evidence": (span.model_copy(update={"suffix": ""}),)})
    assert _rows(verify_evidence(unmeasured.replace(ada_ends), "source:note", NOTE)) == [
        "departure:ada|$[0].evidence[0].suffix|an empty suffix says the quote ends the text, but the text "
        "goes on: ' as its chief en' at 45",
    ]


def test_cited_spans_verify() -> None:
    """Evidence cited from a text verifies against it, prefix and suffix included."""
    kb = openai_kb.load(MINI)
    span = openai_kb.cite(NOTE, "chief engineer.\n", source="source:note")
    assert (span.prefix, span.suffix) == ("eft Acme as its ", "")
    ada = kb["departure:ada"]
    grown = kb.replace(ada.model_copy(update={"evidence": (*ada.evidence, span)}))
    assert verify_evidence(grown, "source:note", NOTE) == []


def test_sha256_is_checked() -> None:
    """A source with a sha256 must be given exactly that text."""
    kb = openai_kb.load(MINI)
    source = kb["source:note"].model_copy(update={"sha256": "0" * 64})
    (problem,) = verify_evidence(kb.replace(source), "source:note", NOTE)
    assert problem.path == "$[0].sha256"
    assert problem.message.startswith("the source's sha256 is 000000000000..., this text's is ")


def test_bad_arguments() -> None:
    """An unknown source, a record that is no source, or text that is no str: the library's own errors."""
    kb = openai_kb.load(MINI)
    with pytest.raises(NotFoundError, match="No record with id 'source:nope'"):
        verify_evidence(kb, "source:nope", NOTE)
    with pytest.raises(QueryError, match="'org:acme' is an organization, not a source"):
        verify_evidence(kb, "org:acme", NOTE)
    with pytest.raises(TypeError, match=r"verify_evidence\(\) expects the source's text as a str, not bytes"):
        verify_evidence(kb, None, NOTE.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source must be a source id, a Source or None, not int"):
        verify_evidence(kb, 3, NOTE)  # type: ignore[arg-type]


def test_a_changed_article_fails(kb: KnowledgeBase, article: str) -> None:
    """The bundled knowledge base fails against a copy of the article with one name changed (test_data.py
    checks that it verifies against the article itself)."""
    changed = article.replace("辉达", "英伟达")
    assert any(p.record == "investment:nvidia-openai-2024-10" for p in verify_evidence(kb, None, changed))


def _verify(*args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "openai_kb.cli", "verify", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False, timeout=timeout)


@pytest.mark.slow
def test_cli_verify_clean(tmp_path: Path) -> None:
    """verify finds the source by file name (or as the only one) and says how many spans match."""
    note = tmp_path / "note.txt"
    shutil.copy(FIXTURES / "note.txt", note)
    result = _verify("--source", str(note), "--data", str(MINI))
    assert (result.returncode, result.stdout) == (0, f"3 evidence spans of source:note match {note}\n")
    result = _verify("--source", str(note), "--data", str(MINI), "--json")
    assert (result.returncode, orjson.loads(result.stdout)) == (0, [])


@pytest.mark.slow
def test_cli_verify_lists_problems(tmp_path: Path) -> None:
    """Mismatches are listed one per line, exit 1; --json lists them as objects."""
    note = tmp_path / "note.txt"
    note.write_text(NOTE.replace("Ada left", "Ada went"), encoding="utf-8")
    result = _verify("--source", str(note), "--data", str(MINI), "--id", "source:note")
    assert result.returncode == 1
    assert result.stdout == (
        f"{MINI}: record 'departure:ada' at $.records[6].evidence[0].quote: the quote 'Ada left Acme' is not "
        "the text at 32:45, which reads 'Ada went Acme'\n"
    )
    assert result.stderr == "1 problem found\n"
    rows = orjson.loads(_verify("--source", str(note), "--data", str(MINI), "--json").stdout)
    assert [row["path"] for row in rows] == ["$.records[6].evidence[0].quote"]


@pytest.mark.slow
def test_cli_verify_needs_a_readable_utf8_file(tmp_path: Path) -> None:
    """A missing or non-UTF-8 source file is an error message and exit 1."""
    result = _verify("--source", str(tmp_path / "nope.txt"), "--data", str(MINI))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"openai-kb verify: cannot read {tmp_path / 'nope.txt'}: No such file or directory\n"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    result = _verify("--source", str(latin), "--data", str(MINI))
    assert result.stderr == f"openai-kb verify: {latin} is not UTF-8 text (byte 3 is not valid UTF-8)\n"


@pytest.mark.slow
def test_cli_verify_unknown_source(tmp_path: Path) -> None:
    """A text that is no source's (not its sha256, name, or length and quotes): said so, --id asked for (exit 2)."""
    data = tmp_path / "data.json"
    kb = openai_kb.load(MINI)
    kb.add({"type": "source", "id": "source:other", "title": "Other", "language": "en"}).save(data)
    other = tmp_path / "other.txt"
    other.write_text(NOTE.replace("Globex", "Initech"), encoding="utf-8")
    result = _verify("--source", str(other), "--data", str(data))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "openai-kb: other.txt is not the text of any source: none has its sha256 or file name, nor its length "
        "and quotes (sources: source:note, source:other); pass --id ID to check it against one anyway\n"
    )


def _verify_in_process(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["verify", *args], Output(stdout, stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def test_cli_verify_does_not_take_another_text_for_the_only_source(tmp_path: Path) -> None:
    """An English report given for the bundled Chinese source is not checked against it: exit 2, no problems listed."""
    report = tmp_path / "other.txt"
    report.write_text("Thrive Capital led OpenAI's $6.6 billion round at a $157 billion valuation.\n" * 30)
    assert _verify_in_process("--source", str(report)) == (
        2,
        "",
        "openai-kb: other.txt is not the text of any source: none has its sha256 or file name, nor its length and "
        "quotes (sources: source:huaxia-2024-10-14-openai); pass --id ID to check it against one anyway\n",
    )


def test_cli_verify_knows_a_source_by_its_length_and_quotes(tmp_path: Path) -> None:
    """With no sha256 or name to go by, the source whose length and (at least half its) quotes fit is the one."""
    data = tmp_path / "data.json"
    kb = openai_kb.load(MINI)
    kb.add({"type": "source", "id": "source:other", "title": "Other", "language": "en", "length": 69}).save(data)
    note = tmp_path / "copy.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert _verify_in_process("--source", str(note), "--data", str(data)) == (
        0,
        f"3 evidence spans of source:note match {note}\n",
        "",
    )
    note.write_text(NOTE.replace("Ada left", "Ada went"), encoding="utf-8")  # 2 of 3 quotes: still the note
    code, stdout, stderr = _verify_in_process("--source", str(note), "--data", str(data))
    assert (code, stderr) == (1, "1 problem found\n")
    assert "the quote 'Ada left Acme' is not the text at 32:45" in stdout
    note.write_text(NOTE.replace("Globex led", "Globex lent"), encoding="utf-8")  # 1 of 3, and the length differs
    assert _verify_in_process("--source", str(note), "--data", str(data))[0] == 2


def _with_twin(**twin: object) -> KnowledgeBase:
    """The tiny knowledge base and a second source (``twin`` its fields), cited by a claim quoting the note's text."""
    kb = openai_kb.load(MINI)
    second = kb["source:note"].model_copy(update={"id": "source:twin", "title": "The note, posted again", **twin})
    claim = openai_kb.Claim(
        id="claim:twin",
        kind="context",
        subject="org:acme",
        statement="Globex led.",
        evidence=[openai_kb.cite(NOTE, "Globex led a", source="source:twin")],
    )
    return kb.add(second, claim)


def test_cli_verify_asks_which_of_two_fitting_sources(tmp_path: Path) -> None:
    """Two sources that the text fits alike (same length, same quotes): both named with their titles, --id asked for,
    exit 2."""
    data = tmp_path / "data.json"
    _with_twin().save(data)
    note = tmp_path / "copy.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert _verify_in_process("--source", str(note), "--data", str(data)) == (
        2,
        "",
        "openai-kb: copy.txt could be the text of any of 2 sources (the length and quotes of each are its text): "
        "source:note (A short note) and source:twin (The note, posted again); pass --id ID to say which to check\n",
    )
    assert _verify_in_process("--source", str(note), "--data", str(data), "--id", "source:twin") == (
        0,
        f"1 evidence span of source:twin matches {note}\n",
        "",
    )


def test_cli_verify_asks_which_of_two_sources_with_its_sha256(tmp_path: Path) -> None:
    """Two sources that record the text's sha256 are both its source: named, --id asked for, exit 2."""
    digest = hashlib.sha256(NOTE.encode()).hexdigest()
    kb = _with_twin(sha256=digest)
    data = tmp_path / "data.json"
    kb.replace(kb["source:note"].model_copy(update={"sha256": digest})).save(data)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert _verify_in_process("--source", str(note), "--data", str(data)) == (
        2,
        "",
        "openai-kb: note.txt could be the text of any of 2 sources (each records its sha256): source:note "
        "(A short note) and source:twin (The note, posted again); pass --id ID to say which to check\n",
    )


def test_cli_verify_tells_sources_with_one_file_name_apart_by_their_quotes(tmp_path: Path) -> None:
    """Of two sources with the file's name, the one its quotes fit is checked; when neither fits, both are named."""
    kb = _with_twin(filename="note.txt", length=None)
    data = tmp_path / "data.json"
    other = openai_kb.Source(id="source:other", title="Another note", language="en", filename="note.txt")
    kb.add(other).save(data)
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert _verify_in_process("--source", str(note), "--data", str(data)) == (
        0,
        f"1 evidence span of source:twin matches {note}\n",
        "",
    )
    note.write_text("Another text altogether.\n", encoding="utf-8")
    assert _verify_in_process("--source", str(note), "--data", str(data)) == (
        2,
        "",
        "openai-kb: note.txt could be the text of any of 2 sources (each has its file name, note.txt): "
        "source:twin (The note, posted again) and source:other (Another note); pass --id ID to say which to check\n",
    )


def test_verify_evidence_finds_the_source_of_a_text_among_several() -> None:
    """With source=None and several sources, only the source the text is gets checked: its spans, not the others'."""
    text = "Acme grew fast this May."
    cited = [openai_kb.cite(text, quote, source="source:other") for quote in ("Acme grew", "this May")]
    kb = _with_twin(length=None).add(
        openai_kb.Source(id="source:other", title="Another note", language="en", length=24),
        openai_kb.Claim(id="claim:other", kind="context", subject="org:acme", statement="Acme grew.", evidence=cited),
    )
    assert verify_evidence(kb, None, text) == []
    assert _rows(verify_evidence(kb, None, text.replace("May", "Maj"))) == [  # 1 of 2 quotes still fits
        "claim:other|$[1].evidence[0].suffix|the suffix ' fast this May.' is not the text just after the quote, "
        "which reads ' fast this Maj.'",
        "claim:other|$[1].evidence[1].quote|the quote 'this May' is not the text at 15:23, which reads 'this Maj'",
    ]


def test_verify_evidence_names_the_sources_a_text_could_be() -> None:
    """With source=None, a text that several sources fit is an AmbiguousSourceError naming them (ids and titles);
    one that none fits is a QueryError naming every source; a source id checks it anyway."""
    kb = _with_twin()
    with pytest.raises(AmbiguousSourceError) as raised:
        verify_evidence(kb, None, NOTE)
    assert str(raised.value) == (
        "this text could be the text of any of 2 sources (the length and quotes of each are its text): "
        "source:note (A short note) and source:twin (The note, posted again); pass a source id "
        "(verify_evidence(kb, ID, text)) to say which to check"
    )
    assert raised.value.sources == (("source:note", "A short note"), ("source:twin", "The note, posted again"))
    assert isinstance(raised.value, QueryError)
    assert verify_evidence(kb, "source:twin", NOTE) == []
    with pytest.raises(QueryError) as unknown:
        verify_evidence(kb, None, "Something else entirely, at a length of 69 characters, give or take..")
    assert str(unknown.value) == (
        "this text is not the text of any source: none has its sha256, nor its length and quotes "
        "(sources: source:note, source:twin); pass a source id (verify_evidence(kb, ID, text)) to check it "
        "against one anyway"
    )


@pytest.mark.slow
@pytest.mark.skipif(not SOURCE.is_file(), reason="the article is not in ../shared")
def test_cli_verify_the_article() -> None:
    """The bundled data verifies against the article, found by its sha256."""
    result = _verify("--source", str(SOURCE))
    assert (result.returncode, result.stdout) == (
        0,
        f"49 evidence spans of source:huaxia-2024-10-14-openai match {SOURCE}\n",
    )


@pytest.mark.slow
def test_cli_verify_help_shows_examples() -> None:
    """verify --help shows how to call it, on an example report shipped in docs/examples."""
    shown = _verify("--help").stdout
    assert (
        "openai-kb verify --source docs/examples/reports/note-a.txt --data docs/examples/reports/note-a.json" in shown
    )


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_cli_verify_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """A FIFO (which would block), a device, a socket or a folder as --source: exit 1 at once, saying what it is."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    sources = [(fifo, "a named pipe (FIFO)"), (tmp_path, "a folder")]
    if os.path.exists("/dev/null"):
        sources.append((Path("/dev/null"), "a character device"))  # only read: /dev/zero would be endless
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "note.sock"))
    sources.append((tmp_path / "note.sock", "a socket"))
    try:
        for source, kind in sources:
            result = _verify("--source", str(source), "--data", str(MINI), timeout=60)  # a hang fails, not blocks
            assert (result.returncode, result.stdout) == (1, "")
            assert result.stderr == (
                f"openai-kb verify: cannot read {source}: it is {kind}, not a regular file; "
                "give the source's text file\n"
            )
    finally:
        server.close()


@pytest.mark.slow
def test_cli_verify_caps_the_size_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source over MAX_SOURCE_BYTES is refused before it is read; one at the limit is read and checked."""
    assert verify_command.MAX_SOURCE_BYTES == 64 << 20
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: takes no disk
        handle.truncate((64 << 20) + 1)
    result = _verify("--source", str(huge), "--data", str(MINI))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"openai-kb verify: cannot read {huge}: it is larger than 64 MiB, the most a source text may be "
        "(one article is far less); check that this is the source's text file\n"
    )
    monkeypatch.setattr(verify_command, "MAX_SOURCE_BYTES", 1 << 20)
    note = tmp_path / "note.txt"
    note.write_text(NOTE + " " * ((1 << 20) - len(NOTE)), encoding="utf-8")
    code, _, stderr = _verify_in_process("--source", str(note), "--data", str(MINI), "--id", "source:note")
    assert (code, stderr) == (1, "1 problem found\n")  # read: only its length differs
    with note.open("a", encoding="utf-8") as handle:
        handle.write(" ")
    code, stdout, stderr = _verify_in_process("--source", str(note), "--data", str(MINI), "--id", "source:note")
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"openai-kb verify: cannot read {note}: it is larger than 1 MiB, the most a source text may be "
        "(one article is far less); check that this is the source's text file\n"
    )
