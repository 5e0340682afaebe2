"""A source record made from its text: ``Source.from_text`` and ``openai-kb source FILE``."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError, KnowledgeBase, Source, cite, verify_evidence
from openai_kb.cli import main
from openai_kb.cli import verify as verify_command
from openai_kb.cli._output import Output
from openai_kb.verify import find_source, source_mismatches

# An example report of our own, with a byte-order mark and CR LF line ends as a Windows editor saves it.
REPORT = (
    "\ufeffCorvane Robotics raised US$40 million in a round led by Halden Partners.\r\n"
    "Its chief scientist, Lina Okafor, will spend it on warehouse arms. 机器人🤖\r\n"
)


def _records(text: str, source: Source) -> list[dict[str, Any]]:
    """The source, two companies and a round whose evidence is cited from ``text``."""
    quote = cite(text, "raised US$40 million in a round led by Halden Partners", source=source)
    return [
        source.model_dump(mode="json", exclude_none=True),
        {"type": "organization", "id": "org:corvane", "name": "Corvane Robotics"},
        {"type": "organization", "id": "org:halden", "name": "Halden Partners"},
        {
            "type": "funding_round",
            "id": "round:corvane",
            "company": "org:corvane",
            "amount": {"amount": "40000000", "currency": "USD", "text": "US$40 million"},
            "lead_investors": ["org:halden"],
            "evidence": [quote.model_dump(mode="json", exclude_none=True)],
        },
    ]


def test_from_text_counts_code_points_and_hashes_the_utf8_text() -> None:
    """length is the text's code points (a BOM, each CR and an emoji one each); sha256 that of its UTF-8 bytes."""
    source = Source.from_text(REPORT, id="source:corvane", title="Corvane raises US$40M", language="en")
    assert source.model_dump(exclude_none=True) == {
        "type": "source",
        "id": "source:corvane",
        "title": "Corvane raises US$40M",
        "language": "en",
        "length": 148,
        "sha256": hashlib.sha256(REPORT.encode("utf-8")).hexdigest(),
    }
    assert (REPORT[0], REPORT.count("\r"), len(REPORT.encode("utf-8"))) == ("\ufeff", 2, 159)  # bytes: not counted


def test_from_text_passes_the_other_fields_through() -> None:
    """url, publisher, published, author and filename are the record's, checked by the model."""
    source = Source.from_text(
        "短讯:星河数据完成3亿元融资。",
        id="source:xinghe",
        title="星河数据融资",
        language="zh-Hans",
        url="https://example.com/news/xinghe",
        publisher="Example Wire",
        published="2024-10",
        author="Wen Li",
        filename="xinghe.txt",
    )
    assert (source.url, source.publisher, source.published, source.author, source.filename, source.length) == (
        "https://example.com/news/xinghe",
        "Example Wire",
        "2024-10",
        "Wen Li",
        "xinghe.txt",
        15,
    )


def test_from_text_refuses_bad_fields_in_the_models_words() -> None:
    """A field the model refuses is the DataError Source(...) raises, naming the record and the field."""
    with pytest.raises(DataError) as caught:
        Source.from_text("Some text.", id="source:x", title="X", language="en", url="ftp://example.com/x")
    assert str(caught.value) == (
        "1 problem in the data:\n  - Source(...): record 'source:x' at $.url: "
        "a web address starts with https:// or http:// (got 'ftp://example.com/x')"
    )
    with pytest.raises(DataError) as caught:
        Source.from_text("Some text.", id="source:x", title="X")
    assert str(caught.value) == (
        "1 problem in the data:\n  - Source(...): record 'source:x' at $.language: missing required field"
    )


def test_from_text_wants_a_str_and_counts_length_and_sha256_itself() -> None:
    """Bytes (with the fix), None or a number is a TypeError; a length or sha256 given is one too."""
    with pytest.raises(TypeError) as caught:
        Source.from_text(REPORT.encode(), id="source:x", title="X", language="en")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "Source.from_text() expects the text as a str, not bytes; decode it first: data.decode('utf-8')"
    )
    with pytest.raises(TypeError) as caught:
        Source.from_text(None, id="source:x", title="X", language="en")  # type: ignore[arg-type]
    assert str(caught.value) == "Source.from_text() expects the text as a str, not NoneType"
    with pytest.raises(TypeError) as caught:
        Source.from_text("Text.", id="source:x", title="X", language="en", sha256="0" * 64, length=5)
    assert str(caught.value) == (
        "Source.from_text() counts the text's length and sha256 itself; leave out length and sha256"
    )


def test_a_source_from_text_verifies_against_that_text() -> None:
    """Evidence cited from the text verifies, and the text is found as the source's by its sha256."""
    source = Source.from_text(REPORT, id="source:corvane", title="Corvane raises US$40M", language="en")
    kb = KnowledgeBase.from_records(_records(REPORT, source))
    assert kb["round:corvane"].evidence[0].start == 18  # the BOM is character 0
    assert verify_evidence(kb, "source:corvane", REPORT) == []
    assert find_source(kb, REPORT) == source


def test_a_file_read_with_its_line_ends_kept_is_its_bytes_and_one_translated_is_not(tmp_path: Path) -> None:
    """Read with newline="", the text's sha256 is the file's; read with newlines translated, it is not its text."""
    file = tmp_path / "corvane.txt"
    file.write_bytes(REPORT.encode("utf-8"))
    with file.open(encoding="utf-8", newline="") as handle:
        kept = handle.read()
    source = Source.from_text(kept, id="source:corvane", title="Corvane", language="en")
    assert source.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
    translated = file.read_text(encoding="utf-8")
    assert [field for field, _ in source_mismatches(source, translated)] == ["length", "sha256"]
    assert next(source_mismatches(source, translated))[1] == (
        "the source says its text is 148 characters long; this text has 146"
    )


def _cli(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout, stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def test_cli_source_prints_the_record_as_a_data_file_holds_it(tmp_path: Path) -> None:
    """openai-kb source FILE prints the record's JSON, with FILE's name as its filename, and exits 0."""
    file = tmp_path / "xinghe.txt"
    file.write_text("短讯:星河数据完成3亿元融资。\n", encoding="utf-8")
    code, stdout, stderr = _cli(
        "source", str(file), "--id", "source:xinghe", "--title", "星河数据融资", "--language", "zh-Hans",
        "--published", "2024-10-03", "--url", "https://example.com/news/xinghe", "--publisher", "Example Wire",
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    assert stdout == (
        "{\n"
        '  "type": "source",\n'
        '  "id": "source:xinghe",\n'
        '  "title": "星河数据融资",\n'
        '  "url": "https://example.com/news/xinghe",\n'
        '  "publisher": "Example Wire",\n'
        '  "published": "2024-10-03",\n'
        '  "language": "zh-Hans",\n'
        '  "filename": "xinghe.txt",\n'
        '  "length": 16,\n'
        f'  "sha256": "{hashlib.sha256(file.read_bytes()).hexdigest()}"\n'
        "}\n"
    )


def test_cli_source_data_file_then_verify_matches(tmp_path: Path) -> None:
    """A data file from --data-file, with evidence cited by `openai-kb cite`, verifies against the file."""
    file = tmp_path / "corvane.txt"
    file.write_bytes(REPORT.encode("utf-8"))
    code, stdout, stderr = _cli(
        "source", str(file), "--id", "source:corvane", "--title", "Corvane raises US$40M", "--language", "en",
        "--filename", "corvane-2024.txt", "--data-file",
    )  # fmt: skip
    assert code == 0
    assert stderr == (
        f"openai-kb source: note: {file} starts with a byte-order mark (U+FEFF), counted as its first character: "
        "evidence offsets count it, as cite and verify do\n"
        f"openai-kb source: note: {file} has CR line ends (\\r\\n), each \\r a character of its own in the offsets; "
        "in Python, read it with open(path, encoding='utf-8', newline='') to keep them\n"
    )
    document = orjson.loads(stdout)
    (record,) = document["records"]
    assert (record["filename"], record["length"]) == ("corvane-2024.txt", 148)
    code, cited, _ = _cli("cite", str(file), "led by Halden Partners", "--source", "source:corvane")
    assert orjson.loads(cited) == {
        "source": "source:corvane",
        "quote": "led by Halden Partners",
        "start": 50,
        "end": 72,
        "prefix": "lion in a round ",
        "suffix": ".\r\nIts chief sci",
    }
    document["records"] += _records(REPORT, Source(**record))[1:]
    document["records"][-1]["evidence"].append(orjson.loads(cited))
    data = tmp_path / "corvane.json"
    data.write_bytes(orjson.dumps(document))
    assert _cli("verify", "--source", str(file), "--data", str(data)) == (
        0,
        f"2 evidence spans of source:corvane match {file}\n",
        "",
    )
    file.write_bytes(REPORT.replace("\r\n", "\n").encode("utf-8"))  # saved again with Unix line ends
    code, _, stderr = _cli("verify", "--source", str(file), "--data", str(data))
    assert (code, stderr) == (
        2,
        "openai-kb: corvane.txt is not the text of any source: none has its sha256 or file name, nor its length "
        "and quotes (sources: source:corvane); pass --id ID to check it against one anyway\n",
    )


def test_cli_source_reads_only_a_regular_utf8_file_it_may_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing file, a folder, a file that is not UTF-8 or one too large: exit 1, naming the file and why."""
    options = ("--id", "source:x", "--title", "X", "--language", "en")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * ((1 << 20) + 1))
    monkeypatch.setattr(verify_command, "MAX_SOURCE_BYTES", 1 << 20)
    assert [_cli("source", str(path), *options) for path in (tmp_path / "nope.txt", tmp_path, latin, big)] == [
        (1, "", f"openai-kb source: cannot read {tmp_path / 'nope.txt'}: No such file or directory\n"),
        (1, "", f"openai-kb source: cannot read {tmp_path}: it is a folder, not a regular file; give the source's "
         "text file\n"),
        (1, "", f"openai-kb source: {latin} is not UTF-8 text (byte 3 is not valid UTF-8)\n"),
        (1, "", f"openai-kb source: cannot read {big}: it is larger than 1 MiB, the most a source text may be "
         "(one article is far less); check that this is the source's text file\n"),
    ]  # fmt: skip


def test_cli_source_names_the_option_whose_value_is_refused(tmp_path: Path) -> None:
    """A value the model refuses is wrong usage (exit 2), each named by its option, in the model's words."""
    file = tmp_path / "note.txt"
    file.write_text("A note.", encoding="utf-8")
    code, stdout, stderr = _cli(
        "source", str(file), "--id", "note", "--title", "Note", "--language", "english",
        "--published", "2024-13", "--url", "example.com/note",
    )  # fmt: skip
    assert (code, stdout) == (2, "")
    assert stderr == (
        "openai-kb source: argument --id: an id is a lower-case type, a colon and a name without spaces or "
        "invisible characters, such as 'person:mira-murati' (got 'note')\n"
        "openai-kb source: argument --url: a web address starts with https:// or http:// (got 'example.com/note')\n"
        "openai-kb source: argument --published: month 13 is not between 01 and 12 (got '2024-13')\n"
        "openai-kb source: argument --language: String should match pattern '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' "
        "(got 'english')\n"
    )


def test_cli_source_needs_an_id_a_title_and_a_language() -> None:
    """Leaving out --id, --title or --language is wrong usage (exit 2): every source has them."""
    code, stdout, stderr = _cli("source", "report.txt", "--id", "source:x")
    assert (code, stdout) == (2, "")
    assert stderr.endswith("openai-kb source: error: the following arguments are required: --title, --language\n")


def test_a_source_json_from_the_cli_loads_as_the_python_one(tmp_path: Path) -> None:
    """The CLI's record and Source.from_text over the file's text read with newline="" are equal."""
    file = tmp_path / "corvane.txt"
    file.write_bytes(REPORT.encode("utf-8"))
    _, stdout, _ = _cli("source", str(file), "--id", "source:corvane", "--title", "Corvane", "--language", "en")
    with file.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert openai_kb.Source(**orjson.loads(stdout)) == Source.from_text(
        text, id="source:corvane", title="Corvane", language="en", filename="corvane.txt"
    )


def test_a_utf16_or_utf32_file_is_named_as_such(tmp_path: Path) -> None:
    """A UTF-16 or UTF-32 file, with a byte-order mark or (ASCII, which decodes) without: exit 1 saying which."""
    options = ("--id", "source:x", "--title", "X", "--language", "en")
    marked, bare, wide = tmp_path / "marked.txt", tmp_path / "bare.txt", tmp_path / "wide.txt"
    marked.write_bytes("Corvane raised US$40 million.".encode("utf-16"))  # with its mark, FF FE
    bare.write_bytes("Corvane raised US$40 million.".encode("utf-16-le"))  # no mark: valid UTF-8 bytes
    wide.write_bytes("Corvane raised US$40 million.".encode("utf-32"))
    assert [_cli("source", str(path), *options) for path in (marked, bare, wide)] == [
        (1, "", f"openai-kb source: {marked} is not UTF-8: looks like UTF-16 (byte-order mark FF FE); save it as "
         "UTF-8\n"),
        (1, "", f"openai-kb source: {bare} is not UTF-8: looks like UTF-16 (every other byte is zero); save it as "
         "UTF-8\n"),
        (1, "", f"openai-kb source: {wide} is not UTF-8: looks like UTF-32 (byte-order mark FF FE 00 00); save it as "
         "UTF-8\n"),
    ]  # fmt: skip
    assert _cli("verify", "--source", str(bare)) == (
        1,
        "",
        f"openai-kb verify: {bare} is not UTF-8: looks like UTF-16 (every other byte is zero); save it as UTF-8\n",
    )
