"""Properties over generated data: save and load round-trip, no repeated key goes unseen, no input
makes load or from_records raise anything but DataError, and hostile text acts in no export and on
no terminal.

Each test sets ``max_examples`` explicitly; docs/reliability.md reports the counts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
import tempfile
import unicodedata
import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

pytest.importorskip("hypothesis")  # in the test extra; without it this module skips

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import openai_kb
from openai_kb import DataError, KnowledgeBase
from openai_kb.cli import main as cli_main
from openai_kb.cli._output import Output
from openai_kb.models.currencies import ISO_4217
from openai_kb.outputs._graph import build_graph
from openai_kb.outputs._tabular import cell_text, columns
from openai_kb.outputs.exports.csv_tables import spreadsheet_cell
from openai_kb.outputs.exports.json_ld import record_iri
from openai_kb.reading import _duplicate_keys as duplicate_keys

from .conftest import FIXTURES
from .test_csv_cells import may_run
from .test_html import Page, assert_safe

pytestmark = pytest.mark.slow  # property tests: hundreds of generated inputs each
rdflib = pytest.importorskip("rdflib")  # parses the JSON-LD export

MINI = FIXTURES / "mini" / "records.json"
SDO_NAME = rdflib.URIRef("https://schema.org/name")


def examples(count: int) -> settings:
    """Settings of a property test: ``count`` generated inputs, no per-example deadline (the machine is shared)."""
    return settings(
        max_examples=count, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )


# Any text a JSON file can hold: every code point but lone surrogates (no UTF-8 for them), so
# controls, combining marks, right-to-left text and emoji are all in.
UTF8 = st.characters(codec="utf-8")
text = st.text(UTF8, min_size=1, max_size=30)
maybe_text = st.none() | text
slug = st.text(st.characters(categories=["Ll", "Lo", "Nd"]), min_size=1, max_size=10)
languages = st.sampled_from(["en", "zh-Hans", "zh-Hant", "fr", "ar", "he"])
# up to 28 significant digits with the 4 places: the most an amount may have
amounts = st.decimals(min_value=0, max_value=Decimal(10) ** 24 - 1, allow_nan=False, allow_infinity=False, places=4)
offsets = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)).map(
    lambda delta: timezone(timedelta(minutes=round(delta.total_seconds() / 60)))
)
moments = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets)
partial_dates = st.dates(min_value=date(1000, 1, 1)).flatmap(
    lambda day: st.sampled_from([day.isoformat()[:4], day.isoformat()[:7], day.isoformat()])
)


def holders(parties: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """Nothing (a stated claim), or an attributed one's holder: a party, the source's words, or both."""
    party = st.sampled_from(parties)
    return st.just({}) | st.fixed_dictionaries(
        {"assertion": st.just("attributed")}, optional={"attributed_to": party, "attribution": text}
    ).filter(lambda holder: len(holder) > 1)


def _without_none(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}


names = st.lists(
    st.fixed_dictionaries(
        {"text": text, "language": languages},
        optional={
            "kind": st.sampled_from(["canonical", "alias", "abbreviation", "transliteration", "translation"]),
            "prior": st.floats(min_value=0, max_value=1),
        },
    ),
    max_size=3,
)
money = st.fixed_dictionaries(
    {"amount": amounts.map(str), "currency": st.sampled_from(sorted(ISO_4217))},
    optional={"qualifier": st.sampled_from(["exact", "approximately", "more_than", "nearly"]), "text": text},
)


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    quote = draw(text)
    start = draw(st.integers(0, 100_000))
    return _without_none(
        {
            "source": "source:s",
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "translation": draw(maybe_text),
            "prefix": draw(st.none() | st.text(UTF8, min_size=min(1, start), max_size=min(32, start))),
            "suffix": draw(st.none() | st.text(UTF8, min_size=1, max_size=32)),
        }
    )


@st.composite
def knowledge_bases(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A small, valid knowledge base: a source, organizations, people, rounds and claims, all texts arbitrary."""
    source = {
        "type": "source",
        "id": "source:s",
        "title": draw(text),
        "publisher": draw(maybe_text),
        "published": draw(st.none() | moments.map(datetime.isoformat) | partial_dates),
        "url": draw(st.none() | slug.map(lambda path: f"https://example.com/{path}")),
        "language": draw(languages),
        "length": draw(st.none() | st.just(1_000_000)),
    }
    org_ids = [f"org:{s}" for s in draw(st.lists(slug, min_size=1, max_size=4, unique=True))]
    person_ids = [f"person:{s}" for s in draw(st.lists(slug, max_size=3, unique=True))]
    records = [_without_none(source)]
    for record_id, kind in [*((i, "organization") for i in org_ids), *((i, "person") for i in person_ids)]:
        entity = {"type": kind, "id": record_id, "name": draw(text), "names": draw(names)}
        entity["description"] = draw(maybe_text)
        if kind == "organization":
            entity["kind"] = draw(st.sampled_from(["company", "investment_firm", "nonprofit", "other"]))
            entity["location"] = draw(maybe_text)
        records.append(_without_none(entity))
    for index in range(draw(st.integers(0, 2))):
        leads = draw(st.lists(st.sampled_from(org_ids), max_size=2, unique=True))
        records.append(
            {
                "type": "funding_round",
                "id": f"round:r{index}",
                "company": draw(st.sampled_from(org_ids)),
                "amount": draw(money),
                "lead_investors": leads,
                "participants_complete": draw(st.booleans()),
                "evidence": draw(st.lists(evidence(), min_size=1, max_size=2)),
            }
        )
    everything = [record["id"] for record in records]
    records.extend(
        {
            "type": "claim",
            "id": f"claim:c{index}",
            "kind": draw(st.sampled_from(["record", "criticism", "status", "analysis", "context"])),
            "subject": draw(st.sampled_from(everything)),
            "statement": draw(text),
            "evidence": draw(st.lists(evidence(), min_size=1, max_size=2)),
            **draw(holders(org_ids + person_ids)),
        }
        for index in range(draw(st.integers(0, 3)))
    )
    return records


@examples(150)
@given(knowledge_bases())
def test_save_then_load_gives_the_same_knowledge_base(records: list[dict[str, Any]]) -> None:
    """load(save(kb)) == kb, byte-identical when saved again, for knowledge bases of arbitrary text."""
    kb = KnowledgeBase.from_records(records)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.json"
        kb.save(path)
        first = path.read_bytes()
        loaded = openai_kb.load(path)
        assert loaded == kb
        loaded.save(path)
        assert path.read_bytes() == first
    assert KnowledgeBase.from_records(list(kb)) == kb
    assert kb.merge(loaded) == kb


SEPARATORS = [(",", ":"), (", ", ": "), (",\n  ", " :\n "), ("\t,", "\t:\t")]


def _encode(node: Any, separators: tuple[str, str], target: int, seen: list[int]) -> str:
    """JSON text of ``node``; the ``target``-th object met gives its last key a second time."""
    item, pair = separators
    if isinstance(node, dict):
        number = len(seen)
        seen.append(number)
        pairs = [json.dumps(key) + pair + _encode(value, separators, target, seen) for key, value in node.items()]
        if number == target and node:
            pairs.append(pairs[-1])
        return "{" + item.join(pairs) + "}"
    if isinstance(node, list):
        return "[" + item.join(_encode(value, separators, target, seen) for value in node) + "]"
    return json.dumps(node)


def _objects(node: Any, path: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every object's JSON path and last key, in the order ``_encode`` meets them."""
    if isinstance(node, dict):
        if node:
            found.append((path, list(node)[-1]))
        else:
            found.append((path, ""))
        for key, value in node.items():
            _objects(value, f"{path}.{key}", found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _objects(value, f"{path}[{index}]", found)
    return found


@examples(150)
@given(knowledge_bases(), st.data())
def test_a_repeated_key_anywhere_is_reported(records: list[dict[str, Any]], data: st.DataObject) -> None:
    """A key given twice, with the same value, in any object of a valid file, spaced any way, is reported:
    the value it repeats loses nothing here, so only the duplicate-key check can notice."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.json"
        KnowledgeBase.from_records(records).save(path)
        document = orjson.loads(path.read_bytes())
        objects = _objects(document, "$", [])
        target = data.draw(st.integers(0, len(objects) - 1))
        where, key = objects[target]
        assume(key)
        separators = data.draw(st.sampled_from(SEPARATORS))
        path.write_text(_encode(document, separators, target, []), encoding="utf-8")
        try:
            openai_kb.load(path)
        except DataError as error:
            (problem,) = error.problems
        else:
            raise AssertionError(f"the repeated key {key!r} at {where} went unseen")
    assert problem.path == f"{where}.{key}"
    assert problem.message.startswith(f"duplicate key {key!r}: given twice in one object;")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(st.characters(codec="utf-8")),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _load_or_data_error(data: bytes) -> None:
    """Load ``data`` as a file; anything but success or DataError fails the test, and every problem must be placed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.json"
        path.write_bytes(data)
        try:
            openai_kb.load(path)
        except DataError as error:
            problems = error.problems
        else:
            return
    assert problems
    assert all(problem.file == str(path) and problem.path.startswith("$") and problem.message for problem in problems)


@examples(200)
@given(st.binary(max_size=2_000))
def test_any_bytes_load_or_give_data_error(data: bytes) -> None:
    """A data file of arbitrary bytes loads or raises DataError, nothing else."""
    _load_or_data_error(data)


@examples(300)
@given(st.one_of(json_values, st.lists(json_values).map(lambda records: {"records": records})))
def test_any_json_loads_or_gives_data_error(document: Any) -> None:
    """Any JSON document, of any shape, loads or raises DataError with placed problems."""
    _load_or_data_error(json.dumps(document, ensure_ascii=False).encode("utf-8"))  # big ints too


@st.composite
def broken_minis(draw: st.DrawFn) -> bytes:
    """The tiny fixture with one value somewhere replaced, removed or added, or its text cut and spliced."""
    document = orjson.loads(MINI.read_bytes())
    record = draw(st.sampled_from(document["records"]))
    action = draw(st.sampled_from(["replace", "remove", "add", "splice"]))
    if action == "splice":
        raw = orjson.dumps(document, option=orjson.OPT_INDENT_2)
        start = draw(st.integers(0, len(raw)))
        end = draw(st.integers(start, min(len(raw), start + 20)))
        return raw[:start] + draw(st.binary(max_size=5)) + raw[end:]
    key = draw(st.sampled_from(sorted(record)))
    if action == "replace":
        target = record[key]
        if isinstance(target, list) and target and isinstance(target[0], dict):
            target = target[0]
            key = draw(st.sampled_from(sorted(target)))
        if isinstance(target, dict):
            target[key] = draw(json_values)
        else:
            record[key] = draw(json_values)
    elif action == "remove":
        del record[key]
    else:
        record[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


@examples(300)
@given(broken_minis())
def test_a_damaged_file_loads_or_gives_data_error(data: bytes) -> None:
    """A valid file with one thing damaged loads (when the damage is harmless) or raises DataError."""
    _load_or_data_error(data)


@examples(200)
@given(st.lists(st.one_of(json_values, st.builds(object), st.just(openai_kb.Person)), max_size=5))
def test_from_records_builds_or_gives_data_error(items: list[Any]) -> None:
    """from_records with arbitrary items builds a knowledge base or raises DataError, nothing else."""
    try:
        KnowledgeBase.from_records(items)
    except DataError as error:
        problems = error.problems
    else:
        return
    assert problems
    assert all(problem.file == "<records>" and problem.path.startswith("$[") for problem in problems)


@examples(300)
@given(st.lists(st.sampled_from(['"', ":", " ", "\n", "\t", "a", '\\"', '"  :']), max_size=40).map("".join))
def test_key_ends_are_counted_across_chunk_edges(text: str) -> None:
    """The cheap count reads a megabyte at a time; a quote and colon split across two reads still count."""
    data = text.encode()
    expected = data.translate(None, b" \t\n\r").count(b'":')
    original = duplicate_keys._CHUNK
    try:
        for size in (1, 2, 3, 7):
            duplicate_keys._CHUNK = size
            assert duplicate_keys._key_ends(data) == expected, size
    finally:
        duplicate_keys._CHUNK = original


# -- hostile text through every export and the command line ------------------------------------

# Pieces that attack the programs reading our output: terminal escapes (ESC, OSC, C1 CSI, CR, BEL),
# bidi overrides and isolates, a Mermaid directive, spreadsheet formulas, HTML, quotes, backslashes,
# entity codes, line breaks and separators.
HOSTILE_PIECES = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u2028",
    "%%{init: {'theme': 'dark'}}%%",
    "%%",
    '=HYPERLINK("http://example.invalid")',
    "+",
    "-",
    "@",
    " ",
    "\ufe66",
    "\u2212",
    "\uff20",
    "'",
    "</script>",
    '"',
    "\\",
    "&amp;",
    "#quot;",
    "|",
    "英伟达",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), text), min_size=1, max_size=4).map("".join)


@st.composite
def hostile_knowledge_bases(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A source, organizations, a person who left one of them, and a claim, every text hostile."""
    org_ids = [f"org:{s}" for s in draw(st.lists(slug, min_size=1, max_size=3, unique=True))]
    quote = draw(hostile_text)
    evidence = {"source": "source:s", "quote": quote, "start": 0, "end": len(quote)}
    evidence["translation"] = draw(hostile_text)
    records: list[dict[str, Any]] = [
        {"type": "source", "id": "source:s", "title": draw(hostile_text), "language": "en"},
        *(
            {
                "type": "organization",
                "id": org_id,
                "name": draw(hostile_text),
                "description": draw(hostile_text),
                "names": [{"text": draw(hostile_text), "language": "zh-Hans"}],
            }
            for org_id in org_ids
        ),
        {"type": "person", "id": "person:p", "name": draw(hostile_text)},
        {
            "type": "departure",
            "id": "departure:p",
            "person": "person:p",
            "organization": org_ids[0],
            "title": draw(hostile_text),
            "recent_wave": True,
            "evidence": [evidence],
        },
        {
            "type": "claim",
            "id": "claim:c",
            "kind": "context",
            "subject": org_ids[0],
            "statement": draw(hostile_text),
            "evidence": [evidence],
        },
    ]
    return records


BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # marks, embeddings, isolates


@examples(60)
@given(hostile_knowledge_bases())
def test_hostile_text_is_inert_in_csv_and_exact_elsewhere(records: list[dict[str, Any]]) -> None:
    """CSV cells never start with a formula character unless prefixed with ' (and read back as written);
    json, jsonl, sqlite and JSON-LD give the text back exactly."""
    kb = KnowledgeBase.from_records(records)
    for family in kb.types.families:
        names = [column.name for column in columns(family)]
        rows = list(csv.reader(io.StringIO(kb.export("csv", kind=family), newline="")))
        assert rows[0] == names
        assert rows[1:] == [[spreadsheet_cell(row[name]) for name in names] for row in kb.table(family)]
        for cells, row in zip(rows[1:], kb.table(family), strict=True):
            for cell, name in zip(cells, names, strict=True):
                assert cell.startswith("'") or not may_run(cell), (family, name, cell)
                exact = cell[1:] if isinstance(row[name], str) and cell.startswith("'") else cell
                assert exact == cell_text(row[name])
    with tempfile.TemporaryDirectory() as folder:
        kb.export("json", Path(folder) / "kb.json")
        assert openai_kb.load(Path(folder) / "kb.json") == kb
        kb.export("sqlite", Path(folder) / "kb.sqlite")
        with contextlib.closing(sqlite3.connect(Path(folder) / "kb.sqlite")) as db:
            stored = dict(db.execute("select id, name from organizations").fetchall())
    lines = kb.export("jsonl").split("\n")  # JSON Lines end at \n only: U+2028 may stand inside a string
    assert lines.pop() == ""
    assert KnowledgeBase.from_records([orjson.loads(line) for line in lines]) == kb
    assert stored == {record.id: record.name for record in kb.organizations}
    with warnings.catch_warnings():  # rdflib 7's own JSON-LD parser builds the graph class it deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = rdflib.Graph().parse(data=kb.export("jsonld"), format="json-ld")
    for organization in kb.organizations:
        names = {str(name) for name in graph.objects(rdflib.URIRef(record_iri(organization.id)), SDO_NAME)}
        assert organization.name in names


@examples(60)
@given(hostile_knowledge_bases())
def test_hostile_text_is_inert_in_html_mermaid_and_dot(records: list[dict[str, Any]]) -> None:
    """HTML parses to the exact text with no tag from the data; Mermaid and DOT hold no % from the data,
    no control or bidi character, and one line per node and edge."""
    kb = KnowledgeBase.from_records(records)
    for record in kb.organizations:
        page = Page(kb.about(record)._repr_html_())
        assert_safe(page)
        assert record.name.replace("\r\n", "\n") in page.all_text.replace("\r\n", "\n")
    graph = build_graph(kb)
    mermaid, dot = kb.to_mermaid(), kb.to_dot()
    assert "%" not in mermaid
    for source in (mermaid, dot):
        assert not [char for char in source if unicodedata.category(char) in ("Cc", "Zl", "Zp") and char != "\n"]
        assert not set(source) & BIDI
    types = len({node.type for node in graph.nodes})
    assert len(mermaid.split("\n")) == 1 + len(graph.nodes) + len(graph.edges) + 2 * types + 1
    assert len(dot.split("\n")) == 4 + len(graph.nodes) + len(graph.edges) + 2


def _shown_safely(text: str) -> bool:
    """No control (but line breaks), no format character (but joiners), no line separator: nothing acts."""
    return all(
        char == "\n" or char in "\u200c\u200d" or unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Cs")
        for char in text
    )


@examples(30)
@given(hostile_knowledge_bases())
def test_hostile_text_is_shown_not_obeyed_by_the_command_line(records: list[dict[str, Any]]) -> None:
    """search, show, about and list print no raw control or bidi character; --json gives the exact text."""
    kb = KnowledgeBase.from_records(records)
    organization = kb.organizations[0]
    with tempfile.TemporaryDirectory() as folder:
        data = str(kb.save(Path(folder) / "kb.json"))
        for command in (
            ["search", organization.name],
            ["show", organization.id],
            ["about", organization.id],
            ["about", "person:p"],
            ["show", "claim:c"],
            ["list"],
        ):
            name, *arguments = command  # after "--": a name may start with "-" and is no option
            stdout, stderr = io.StringIO(), io.StringIO()
            cli_main(["--data", data, name, "--", *arguments], Output(stdout=stdout, stderr=stderr, color=False))
            assert _shown_safely(stdout.getvalue()), command
            assert _shown_safely(stderr.getvalue()), command
            as_json = io.StringIO()
            cli_main(["--data", data, name, "--json", "--", *arguments], Output(stdout=as_json, stderr=io.StringIO()))
            if command[0] == "show":
                assert orjson.loads(as_json.getvalue()) == kb[command[1]].model_dump(mode="json", exclude_none=True)
            elif command[0] == "list":
                assert [row["label"] for row in orjson.loads(as_json.getvalue())] == [kb.label(r) for r in kb]
