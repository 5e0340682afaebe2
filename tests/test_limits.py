"""Limits: amounts and integers bounded at load, so valid data works everywhere; bad files cost bounded memory."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError, Evidence, KnowledgeBase, QueryError
from openai_kb.outputs.exports import FORMATS, export

from .cli import run_cli
from .conftest import FIXTURES

MAX_OFFSET = 2**53 - 1
LARGEST = "999999999999999999999999999900"  # 28 significant digits, just below 10^30
LARGEST_WITH_PLACES = "9999999999999999.999999999999"  # 28 digits, 12 of them decimal places
SMALLEST = "0.000000000001"  # the smallest amount above zero


def _mini_with(change: dict[str, Any], tmp_path: Path) -> Path:
    """The tiny fixture with the round's money changed."""
    document = orjson.loads((FIXTURES / "mini" / "records.json").read_bytes())
    document["records"][4]["amount"].update(change)
    file = tmp_path / "records.json"
    file.write_bytes(orjson.dumps(document))
    return file


def _messages(path: Path, **options: Any) -> list[str]:
    with pytest.raises(DataError) as caught:
        openai_kb.load(path, **options)
    return [f"{p.record}|{p.path}|{p.message}" for p in caught.value.problems]


# -- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e999999999", "amount out of range: an amount must be below 10^30 (got '1e999999999')"),
        (
            "1000000000000000000000000000000",
            "amount out of range: an amount must be below 10^30 (got '1000000000000000000000000000000')",
        ),
        ("0E+999999999", "amount out of range: an amount must be below 10^30 (got '0E+999999999')"),
        ("1e-999999999", "too many decimal places: an amount has at most 12; round it (got '1e-999999999')"),
        ("0.0000000000001", "too many decimal places: an amount has at most 12; round it (got '0.0000000000001')"),
        (
            "12345678901234567.123456789012",
            "too many digits: an amount has at most 28 significant digits; round it "
            "(got '12345678901234567.123456789012')",
        ),
        ("NaN", "Input should be a finite number (got 'NaN')"),
        ("-Infinity", "Input should be a finite number (got '-Infinity')"),
    ],
    ids=["huge-exponent", "10^30", "zero-huge-exponent", "tiny-exponent", "13-places", "29-digits", "nan", "infinity"],
)
def test_amounts_out_of_bounds_are_refused_at_load(tmp_path: Path, amount: str, message: str) -> None:
    """An amount too large, too precise or not finite is a problem at load, not a crash later."""
    file = _mini_with({"amount": amount}, tmp_path)
    assert _messages(file) == [f"round:acme-a|$.records[4].amount.amount|{message}"]


def test_amounts_built_in_code_are_bounded_too() -> None:
    """Money and Quantity made in Python refuse the same amounts, with the same reason."""
    with pytest.raises(ValueError, match=r"amount out of range: an amount must be below 10\^30"):
        openai_kb.Money(amount=Decimal("1E+999999999"), currency="USD")
    with pytest.raises(ValueError, match="too many decimal places: an amount has at most 12; round it"):
        openai_kb.Quantity(value=Decimal("1E-999999999"), unit="users")
    round_ = {
        "type": "funding_round", "id": "round:x", "company": "org:x",
        "amount": {"amount": Decimal("1E+999999999"), "currency": "USD"},
        "evidence": [{"source": "source:x", "quote": "x", "start": 0, "end": 1}],
    }  # fmt: skip
    records = [
        {"type": "source", "id": "source:x", "title": "X", "language": "en"},
        {"type": "organization", "id": "org:x", "name": "X"},
        round_,
    ]
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records(records)
    assert [str(p) for p in caught.value.problems] == [
        "<records>: record 'round:x' at $[2].amount.amount: amount out of range: an amount must be below 10^30 "
        "(got 1E+999999999)"
    ]


def test_prior_must_be_finite() -> None:
    """A name's prior of NaN says it must be finite, not that it is above 1."""
    person = {
        "type": "person",
        "id": "person:x",
        "name": "X",
        "names": [{"text": "x", "language": "en", "prior": "NaN"}],
    }
    with pytest.raises(DataError, match=r"names\[0\]\.prior: Input should be a finite number \(got 'NaN'\)"):
        KnowledgeBase.from_records([person])


def _extreme_kb() -> KnowledgeBase:
    """A knowledge base whose amounts and offsets are the largest and smallest allowed."""
    quote = "Acme raised money"
    source = {"type": "source", "id": "source:big", "title": "Big", "language": "en", "length": MAX_OFFSET}
    evidence = [{"source": "source:big", "quote": quote, "start": MAX_OFFSET - len(quote), "end": MAX_OFFSET}]
    money = {"currency": "USD"}
    return KnowledgeBase.from_records(
        [
            source,
            {"type": "organization", "id": "org:acme", "name": "Acme"},
            {"type": "funding_round", "id": "round:largest", "company": "org:acme", "evidence": evidence,
             "amount": {**money, "amount": LARGEST}, "post_money_valuation": {**money, "amount": LARGEST_WITH_PLACES}},
            {"type": "valuation", "id": "valuation:smallest", "company": "org:acme", "evidence": evidence,
             "amount": {**money, "amount": SMALLEST}, "round": "round:largest", "basis": "post_money"},
            {"type": "valuation", "id": "valuation:zero", "company": "org:acme", "evidence": evidence,
             "amount": {**money, "amount": "0"}, "basis": "market"},
            {"type": "metric", "id": "metric:largest", "subject": "org:acme", "name": "users", "evidence": evidence,
             "value": {"value": LARGEST_WITH_PLACES, "unit": "users"}},
            {"type": "metric", "id": "metric:smallest", "subject": "org:acme", "name": "share", "evidence": evidence,
             "value": {"value": SMALLEST, "unit": "percent"}},
        ]
    )  # fmt: skip


@pytest.mark.slow
def test_extreme_allowed_values_work_in_every_format(tmp_path: Path) -> None:
    """The largest and smallest allowed amounts and offsets save, load, export, display and draw."""
    kb = _extreme_kb()
    saved = kb.save(tmp_path / "extreme.json")
    assert openai_kb.load(saved) == kb
    for fmt in FORMATS:
        output = export(kb, fmt)  # type: ignore[call-overload]
        if fmt == "sqlite":
            database = tmp_path / "extreme.sqlite"
            database.write_bytes(output)
            with sqlite3.connect(database) as connection:
                text = str(connection.execute("SELECT * FROM funding_rounds").fetchall())
                text += str(connection.execute("SELECT * FROM evidence").fetchall())
            assert LARGEST in text
            assert str(MAX_OFFSET) in text
        else:  # the data format writes a Decimal as str() does: 0.000000000001 is 1E-12
            smallest = "1E-12" if fmt in ("json", "jsonl") else SMALLEST
            assert all(value in output for value in (LARGEST, LARGEST_WITH_PLACES, smallest)), fmt
    assert "round_largest" in kb.to_mermaid()
    assert all(record._repr_html_() for record in kb)
    assert kb.about("Acme").facts
    assert [m.record.id for m in kb.search("Acme", limit=1)] == ["org:acme"]
    for args in (
        ("list",),
        ("list", "--json"),
        ("search", "Acme"),
        ("show", "round:largest"),
        ("show", "round:largest", "--json"),
        ("show", "metric:smallest"),
        ("about", "org:acme"),
        ("graph",),
        ("export", "--format", "csv"),
    ):
        result = run_cli("--data", str(saved), *args)
        assert (result.returncode, result.stderr) == (0, ""), args
    assert LARGEST in run_cli("--data", str(saved), "show", "round:largest", "--json").stdout


# -- integers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "got"),
    [("9007199254740992", "9007199254740992"), ("100000000000000000000", "100000000000000000000")],
    ids=["2^53", "10^20"],
)
def test_integers_beyond_2_53_are_refused_at_load(tmp_path: Path, text: str, got: str) -> None:
    """Offsets and source lengths past 2^53 - 1 are problems at load (save and exports would fail later)."""
    document = orjson.loads((FIXTURES / "mini" / "records.json").read_bytes())
    data = orjson.dumps(document).replace(b'"length":69', b'"length":' + text.encode())
    data = data.replace(b'"start":32,"end":45', b'"start":32,"end":' + text.encode())
    (tmp_path / "records.json").write_bytes(data)
    limit = f"Input should be less than or equal to {MAX_OFFSET} (got {got})"
    assert _messages(tmp_path) == [
        f"source:note|$.records[0].length|{limit}",
        f"departure:ada|$.records[6].evidence[0].end|{limit}",
    ]


def _mini_replaced(tmp_path: Path, *replacements: tuple[bytes, bytes]) -> Path:
    """The mini fixture as compact JSON with each (old, new) text replaced once, written to tmp_path."""
    data = orjson.dumps(orjson.loads((FIXTURES / "mini" / "records.json").read_bytes()))
    for old, new in replacements:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    (tmp_path / "records.json").write_bytes(data)
    return tmp_path


def test_integers_beyond_64_bits_are_read_exactly(tmp_path: Path) -> None:
    """An amount of 10^30 written in full is out of range, not "a float", and an offset of -10^20 is below 0,
    not too large: integers beyond 64 bits are read exactly when a file's problems are worded."""
    folder = _mini_replaced(
        tmp_path,
        (b'"amount":"5000000"', b'"amount":1' + b"0" * 30),
        (b'"start":32,"end":45', b'"start":-1' + b"0" * 20 + b',"end":45'),
    )
    assert _messages(folder) == [
        "round:acme-a|$.records[4].amount.amount|amount out of range: an amount must be below 10^30 "
        "(got 1" + "0" * 30 + ")",
        "departure:ada|$.records[6].evidence[0].start|Input should be greater than or equal to 0 "
        "(got -1" + "0" * 20 + ")",
    ]


def test_a_valid_integer_beyond_64_bits_is_no_problem_beside_another(tmp_path: Path) -> None:
    """An amount of 2^64 written in full is valid: a problem elsewhere in the file does not make it one."""
    folder = _mini_replaced(
        tmp_path, (b'"amount":"5000000"', b'"amount":' + str(2**64).encode()), (b'"length":69', b'"length":-1')
    )
    assert _messages(folder) == ["source:note|$.records[0].length|Input should be greater than or equal to 0 (got -1)"]
    _mini_replaced(tmp_path, (b'"amount":"5000000"', b'"amount":' + str(2**64).encode()))
    assert openai_kb.load(folder)["round:acme-a"].amount.amount == Decimal(2**64)


def test_a_float_beyond_2_53_below_0_is_below_0_in_code() -> None:
    """A whole float below -2^53 given for an offset in code is named as below 0, not as too large."""
    with pytest.raises(DataError) as caught:
        Evidence(source="source:x", quote="a", start=-1e20, end=1)
    assert [problem.message for problem in caught.value.problems] == [
        "Input should be greater than or equal to 0 (got -1e+20)"
    ]


def test_a_number_too_large_to_read_says_so(tmp_path: Path) -> None:
    """A number past what a JSON reader holds is named as such, not as malformed JSON."""
    (tmp_path / "records.json").write_text('{"records": [{"length": 1' + "0" * 400 + "}]}", encoding="utf-8")
    assert _messages(tmp_path) == [
        "None|$|number too large at line 1, column 25: a number must stay below about 1.8e308"
    ]


# -- how many problems, how large a file ---------------------------------------------------------


def test_problems_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    """A file of 1,000 bad records lists the first 100 problems and says how many more there were."""
    (tmp_path / "ones.json").write_text('{"records": [' + ",".join(["1"] * 1000) + "]}", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        openai_kb.load(tmp_path)
    error = caught.value
    assert (len(error.problems), error.total) == (100, 1000)
    assert error.problems[99].path == "$.records[99]"
    assert str(error).startswith("1,000 problems in the data:\n  - ")
    assert str(error).endswith("\n  ... and 900 more problems")
    with pytest.raises(DataError) as caught:
        openai_kb.load(tmp_path, max_problems=2000)
    assert (len(caught.value.problems), caught.value.total) == (1000, 1000)


def test_problem_limits_must_be_positive_ints(mini: Path) -> None:
    """A limit that is no whole number is a TypeError; one below 1 is a QueryError."""
    with pytest.raises(TypeError, match="max_file_bytes must be an int, not float"):
        openai_kb.load(mini, max_file_bytes=1e6)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="max_problems must be at least 1, not 0"):
        openai_kb.load(mini, max_problems=0)


def test_checks_after_validation_are_capped_too(tmp_path: Path) -> None:
    """Dangling references found after validation count toward the same cap."""
    claims = [
        {"type": "claim", "id": f"claim:c{i}", "kind": "context", "subject": "org:nowhere", "statement": "S.",
         "evidence": [{"source": "source:note", "quote": "G", "start": 0, "end": 1}]}
        for i in range(150)
    ]  # fmt: skip
    records = [{"type": "source", "id": "source:note", "title": "N", "language": "en"}, *claims]
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records(records)
    assert (len(caught.value.problems), caught.value.total) == (100, 150)


def test_file_over_the_size_limit_is_refused_unread(mini: Path) -> None:
    """A data file over max_file_bytes is one problem naming its size and the limit, and how to raise it."""
    size = (mini / "records.json").stat().st_size
    assert _messages(mini, max_file_bytes=1000) == [
        f"None|$|the file is {size:,} bytes, over the limit of 1,000 bytes for one data file; split it into several "
        "files of a folder, or raise the limit: load(path, max_file_bytes=...) or openai-kb validate --max-file-size"
    ]
    assert len(openai_kb.load(mini, max_file_bytes=size)) == 7


@pytest.mark.slow
def test_validate_caps_problems_and_file_size(tmp_path: Path) -> None:
    """validate lists the first problems, says on stderr how many there were, and takes both limits."""
    (tmp_path / "ones.json").write_text('{"records": [' + ",".join(["1"] * 600) + "]}", encoding="utf-8")
    result = run_cli("validate", str(tmp_path))
    assert (result.returncode, len(result.stdout.splitlines())) == (1, 100)
    assert result.stderr == "600 problems found; the first 100 are listed (--max-problems N lists more)\n"
    result = run_cli("validate", str(tmp_path), "--max-problems", "600", "--json")
    assert (result.returncode, len(orjson.loads(result.stdout)), result.stderr) == (1, 600, "")
    result = run_cli("validate", str(tmp_path), "--max-file-size", "1K")
    assert result.stdout.endswith("over the limit of 1,024 bytes for one data file; split it into several files of "
                                  "a folder, or raise the limit: load(path, max_file_bytes=...) or openai-kb validate "
                                  "--max-file-size\n")  # fmt: skip
    result = run_cli("validate", str(tmp_path), "--max-file-size", "lots")
    assert result.returncode == 2
    assert "expected a size such as 200M, 2G or 5000000 (bytes), not 'lots'" in result.stderr


# The child's own peak (VmHWM): ru_maxrss would count the pytest process it was forked from.
_PEAK = """
import re, sys
import openai_kb
try:
    openai_kb.load(sys.argv[1])
except openai_kb.DataError as error:
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kib = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1])
    print(error.total, len(str(error)), peak_kib // 1024)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("records", "count"),
    [
        (",".join(["1"] * 1_000_000), 1_000_000),
        ('{"type": "person", "id": "person:x", "name": "X", "names": [' + ",".join(["1"] * 500_000) + "]}", 500_000),
    ],
    ids=["a-million-bad-records", "one-record-with-500000-bad-names"],
)
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the peak memory from /proc")
def test_a_file_of_a_million_bad_values_costs_bounded_memory(tmp_path: Path, records: str, count: int) -> None:
    """A file of a million bad records, or one record of half a million bad items, is counted in full at a small,
    bounded cost in memory."""
    file = tmp_path / "bad.json"
    file.write_text('{"records": [' + records + "]}", encoding="utf-8")
    command = [sys.executable, "-c", _PEAK, str(file)]
    total, message_length, peak_mib = map(int, subprocess.check_output(command, text=True).split())
    assert total == count
    assert message_length < 20_000  # was 84 MB for the million records: a message of every problem
    assert peak_mib < 250  # was 629 MiB and 1.2 GiB; 71 MiB measured, most of it the interpreter and the libraries


def _person(**fields: Any) -> dict[str, Any]:
    return {"type": "person", "id": "person:big", "name": "Big", **fields}


def test_a_large_bad_record_is_checked_in_windows_and_counted_exactly(tmp_path: Path) -> None:
    """A record of thousands of bad items reports them at their true places, and counts every one."""
    good = [{"text": f"n{i}", "language": "en"} for i in range(1500)]
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records([_person(names=[*good, *[1] * 2600])])
    error = caught.value
    assert error.total == 2600
    assert [p.path for p in error.problems[:2]] == ["$[0].names[1500]", "$[0].names[1501]"]
    assert error.problems[0].message == "Input should be a valid dictionary or instance of Name (got 1)"
    (tmp_path / "big.json").write_bytes(orjson.dumps({"records": [_person(names=[1] * 2600, nmae="x")]}))
    with pytest.raises(DataError) as caught:
        openai_kb.load(tmp_path, max_problems=5000)
    assert caught.value.total == len(caught.value.problems) == 2601
    assert {p.path for p in caught.value.problems} == {"$.records[0].nmae"} | {
        f"$.records[0].names[{index}]" for index in range(2600)
    }


def test_a_record_with_thousands_of_unknown_keys_counts_each() -> None:
    """Unknown keys past the first thousand of an object are each counted as an unknown field."""
    with pytest.raises(DataError) as caught:
        KnowledgeBase.from_records([_person(**{f"k{i}": 1 for i in range(12_000)})])
    assert caught.value.total == 12_000
    assert str(caught.value.problems[0]) == (
        "<records>: record 'person:big' at $[0].k0: unknown field (not part of the model; check the spelling)"
    )
