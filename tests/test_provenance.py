"""Every version has its sources, and each value says how each source holds it.

Report C, of our own writing, attributes Thrive Capital's share to people familiar with the matter,
does not say who led, names Mira Murati and Sam Altman without quoting anything about them, and
places Thrive Capital in Manhattan (the article says New York), also without a quote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

import openai_kb
from openai_kb import DataError, Holding, KnowledgeBase, Person, Source, cite

from .reports import money, note_a, note_b

ARTICLE = "source:huaxia-2024-10-14-openai"
REPORT = "source:report-c"
THRIVE = "investment:thrive-capital-openai-2024-10"
TEXT = (
    "Report C on the October round. People familiar with the matter said Thrive Capital put in US$1.25 "
    "billion; the report does not say who led. Mira Murati and Sam Altman are named in passing."
)
FAMILIAR = "people familiar with the matter"


def _records(*, declared: bool = True) -> dict[str, Any]:
    """Report C as a data file: its source, its people and Thrive Capital without quotes, one attributed fact."""
    source = Source(id=REPORT, title="Report C", language="en", length=len(TEXT))
    evidence = cite(TEXT, "Thrive Capital put in US$1.25 billion", source=source)
    records: list[dict[str, Any]] = [
        source.model_dump(mode="json", exclude_none=True),
        {"type": "person", "id": "person:mira-murati", "name": "Mira Murati"},
        {"type": "person", "id": "person:sam-altman", "name": "Sam Altman"},
        {
            "type": "organization", "id": "org:thrive-capital", "name": "Thrive Capital", "kind": "investment_firm",
            "location": "Manhattan",
        },
        {
            "type": "investment", "id": THRIVE, "organization": "org:thrive-capital", "round": "round:openai-2024-10",
            "amount": money("1250000000"), "assertion": "attributed", "attribution": FAMILIAR,
            "evidence": [evidence.model_dump(mode="json", exclude_none=True)],
        },
    ]  # fmt: skip
    return {"source": REPORT, "records": records} if declared else {"records": records}


def _write(folder: Path, document: dict[str, Any], name: str = "report-c.json") -> Path:
    path = folder / name
    path.write_bytes(orjson.dumps(document))
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """Report C's data file, which names its source at the top."""
    return _write(tmp_path, _records())


def test_the_article_alone_is_still_the_bundled_data_after_a_report_names_its_people(report: Path) -> None:
    """People a report names without quotes are the report's: the article's own versions stay the article's."""
    kb = openai_kb.load(openai_kb.BUNDLED, report)
    assert kb.by_source(ARTICLE) == openai_kb.load()
    assert kb.sources_of("person:mira-murati") == (ARTICLE, REPORT)
    assert kb.sources_of("person:sam-altman") == (ARTICLE, REPORT)
    assert kb.by_source(ARTICLE).search("穆拉蒂")[0].record.id == "person:mira-murati"
    assert [item.source for item in kb.origins() if item.record.id == "person:mira-murati"] == [ARTICLE, REPORT]
    alone = kb.by_source(REPORT)
    assert [record.id for record in alone.people] == ["person:mira-murati", "person:sam-altman"]
    assert alone["person:mira-murati"].names == ()  # the report's own version, not the article's


def test_a_file_without_a_source_belongs_to_the_one_source_its_records_cite(tmp_path: Path) -> None:
    """No "source" key: the records without evidence belong to the one source the file's records cite."""
    kb = openai_kb.load(openai_kb.BUNDLED, _write(tmp_path, _records(declared=False)))
    assert kb.sources_of("person:mira-murati") == (ARTICLE, REPORT)
    assert kb.by_source(ARTICLE) == openai_kb.load()


def test_a_file_that_cites_several_sources_and_names_none_leaves_its_people_without_one(tmp_path: Path) -> None:
    """Two sources cited and no "source" key: a person it describes without quotes speaks for no source."""
    document = _records(declared=False)
    document["records"].append(note_a()["source:note-a"].model_dump(mode="json", exclude_none=True))
    kb = openai_kb.load(openai_kb.BUNDLED, _write(tmp_path, document))
    assert kb.sources_of("person:mira-murati") == (ARTICLE,)
    assert [item.sources for item in kb.origins() if item.record.id == "person:sam-altman"] == [(ARTICLE,), ()]


def test_source_in_code_is_what_records_without_evidence_belong_to() -> None:
    """add(..., source=), from_records(..., source=) and KnowledgeBase(..., source=) say whose they are."""
    bundled = openai_kb.load()
    source = Source(id=REPORT, title="Report C", language="en")
    murati = Person(id="person:mira-murati", name="Mira Murati")
    grown = bundled.add(source).add(murati, source=REPORT)
    assert grown.sources_of(murati) == (ARTICLE, REPORT)
    assert grown.by_source(ARTICLE) == bundled
    assert bundled.add(source, murati).sources_of(murati) == (ARTICLE, REPORT)  # the one source the call holds
    own = KnowledgeBase.from_records([source, murati], source=source)
    assert own.sources_of(murati) == (REPORT,)
    assert KnowledgeBase([source, murati], source=REPORT) == own
    assert KnowledgeBase([Person(id="person:ada", name="Ada")]).sources_of("person:ada") == ()


def test_the_same_record_from_two_sources_is_two_versions() -> None:
    """An equal record without evidence given by two sources speaks for both; given again by one, it is one."""
    bundled = openai_kb.load()
    source = Source(id=REPORT, title="Report C", language="en")
    altman = bundled["person:sam-altman"]
    twice = bundled.add(source).add(altman, source=REPORT)
    assert len(twice.versions(altman)) == 2
    assert twice.sources_of(altman) == (ARTICLE, REPORT)
    assert twice.add(altman, source=REPORT) == twice
    assert twice.add(altman) == twice  # no source given, none cited: nothing new
    assert twice.merge(twice) == twice


def test_a_location_disagreement_lists_each_values_sources(report: Path) -> None:
    """Two sources' versions of Thrive Capital disagree on its location, each value naming its source."""
    kb = openai_kb.load(openai_kb.BUNDLED, report)
    assert [(d.record, d.field) for d in kb.disagreements()] == [("org:thrive-capital", "location")]
    (found,) = kb.disagreements("org:thrive-capital")
    assert [(value.value, value.sources) for value in found.values] == [
        ("New York", (ARTICLE,)),
        ("Manhattan", (REPORT,)),
    ]
    manhattan = found.values[1].holdings
    assert manhattan == (Holding(REPORT, "Manhattan", None, ()),)


def test_a_value_held_two_ways_is_one_value_with_two_holdings(report: Path) -> None:
    """Note A states Thrive's US$1.25 billion, report C attributes it: one value, two holdings, no disagreement;
    the report's silence on the lead gives no value for it."""
    kb = openai_kb.load().merge(note_a()).merge(openai_kb.load(openai_kb.BUNDLED, report))
    (amount,) = kb.values(THRIVE, "amount")
    assert amount.sources == ("source:note-a", REPORT)
    assert [(held.source, held.assertion, held.attribution) for held in amount.holdings] == [
        ("source:note-a", "stated", None),
        (REPORT, "attributed", FAMILIAR),
    ]
    assert [held.evidence[0].quote for held in amount.holdings] == [
        "Thrive Capital put in $1.25 billion",
        "Thrive Capital put in US$1.25 billion",
    ]
    assert [held.value.text for held in amount.holdings] == [None, None]
    for field in ("organization", "round"):
        (value,) = kb.values(THRIVE, field)
        assert [(held.source, held.assertion) for held in value.holdings] == [
            (ARTICLE, "stated"),
            ("source:note-a", "stated"),
            (REPORT, "attributed"),
        ]
    assert [(value.value, value.sources) for value in kb.values(THRIVE, "lead")] == [(True, (ARTICLE, "source:note-a"))]
    assert [(d.record, d.field) for d in kb.disagreements()] == [("org:thrive-capital", "location")]


def test_views_name_how_each_source_holds_a_disputed_value(report: Path) -> None:
    """Where sources differ, about, its HTML and the disagreements command say who attributes a value."""
    kb = openai_kb.load().merge(note_a()).merge(note_b()).merge(openai_kb.load(openai_kb.BUNDLED, report))
    text = str(kb.about(THRIVE))
    assert "  amount: US$1.25 billion\n" in text
    assert "    - US$1.25 billion  — Note A; Report C (attributed to people familiar with the matter)\n" in text
    assert "    - US$1.3 billion  — Note B\n" in text
    html = kb.about(THRIVE)._repr_html_()
    assert "Note A; Report C (attributed to people familiar with the matter)" in html
    (found,) = kb.disagreements(THRIVE)
    assert [value.sources for value in found.values] == [("source:note-a", REPORT), ("source:note-b",)]


def test_saving_keeps_the_source_of_every_version(report: Path, tmp_path: Path) -> None:
    """A saved combination names the source of each version without evidence: loaded again, each source
    tells the same."""
    kb = openai_kb.load(openai_kb.BUNDLED, report)
    saved = kb.save(tmp_path / "all.json")
    document = orjson.loads(saved.read_bytes())
    assert document["source"] == ARTICLE
    positions = [
        index for index, item in enumerate(kb.origins()) if item.source == REPORT and item.sources == (REPORT,)
    ]
    assert document["record_sources"] == [{"source": REPORT, "records": positions[1:4]}]  # the source cites itself
    again = openai_kb.load(saved)
    assert again == kb
    assert again.by_source(REPORT) == kb.by_source(REPORT)
    assert again.by_source(ARTICLE) == openai_kb.load()


def test_a_file_source_that_is_no_source_is_named(tmp_path: Path) -> None:
    """A "source" that names no source, or a record of another type, is a problem at $.source of the file."""
    document = {"source": "source:nowhere", "records": [{"type": "person", "id": "person:ada", "name": "Ada"}]}
    path = _write(tmp_path, document)
    with pytest.raises(DataError) as caught:
        openai_kb.load(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}: at $.source: 'source:nowhere' is no record here: the source of the file's records is loaded "
        "with them; give its id, or add its source record"
    ]
    with pytest.raises(DataError) as caught:
        openai_kb.load(openai_kb.BUNDLED, _write(tmp_path, {**document, "source": "org:openai"}))
    assert [problem.message for problem in caught.value.problems] == [
        "'org:openai' is an organization, not a source: the source of the file's records is loaded with them; "
        "give its id, or add its source record"
    ]


@pytest.mark.parametrize(
    ("top", "path", "message"),
    [
        (
            {"source": "note a"},
            "$.source",
            'the file\'s "source" is the id of the source of its records, such as "source:note-a" (got \'note a\')',
        ),
        (
            {"source": 7},
            "$.source",
            'the file\'s "source" is the id of the source of its records, such as "source:note-a" (got 7)',
        ),
        (
            {"record_sources": {"source:x": [0]}},
            "$.record_sources",
            'an item of "record_sources" names a source and the positions of the records it is the source of: '
            '{"source": "source:note-b", "records": [12, 13]}',
        ),
        (
            {"record_sources": [{"source": "source:x", "records": [3]}]},
            "$.record_sources[0].records[0]",
            "expected the position of a record of the file, 0 to 0, each once (got 3)",
        ),
    ],
    ids=["not an id", "a number", "an object", "out of range"],
)
def test_a_malformed_source_key_is_named(tmp_path: Path, top: dict[str, Any], path: str, message: str) -> None:
    """A "source" that is no id, or "record_sources" of another shape, says where and what it should be."""
    file = _write(tmp_path, {**top, "records": [{"type": "person", "id": "person:ada", "name": "Ada"}]})
    with pytest.raises(DataError) as caught:
        openai_kb.load(file)
    assert [str(problem) for problem in caught.value.problems] == [f"{file}: at {path}: {message}"]


def test_a_source_argument_that_is_no_source_is_named() -> None:
    """source= naming no source is a DataError at source=; anything but an id or a Source is a TypeError."""
    with pytest.raises(DataError) as caught:
        openai_kb.load().add(Person(id="person:ada", name="Ada"), source="source:nowhere")
    assert [str(problem) for problem in caught.value.problems] == [
        "<records>: at source=: 'source:nowhere' is no record here: give the id of a source given with the "
        "records or already in the knowledge base"
    ]
    with pytest.raises(TypeError, match=r"^add\(\) takes source= as a source id or a Source, not int$"):
        openai_kb.load().add(Person(id="person:ada", name="Ada"), source=7)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^KnowledgeBase\(\) takes source= as a source id or a Source, not list$"):
        KnowledgeBase([], source=[REPORT])  # type: ignore[arg-type]


def test_the_shipped_schema_takes_the_source_keys(report: Path, tmp_path: Path) -> None:
    """An editor checking files against the shipped schema accepts "source" and what save writes, and
    refuses a "source" that is no id."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(
        orjson.loads((openai_kb.BUNDLED / "schema/records.schema.json").read_bytes())
    )
    saved = openai_kb.load(openai_kb.BUNDLED, report).save(tmp_path / "all.json")
    for path in [*sorted(openai_kb.BUNDLED.glob("*.json")), saved]:
        assert list(validator.iter_errors(orjson.loads(path.read_bytes()))) == [], path.name
    errors = list(validator.iter_errors({"source": "note a", "records": []}))
    assert [list(error.absolute_path) for error in errors] == [["source"]]
