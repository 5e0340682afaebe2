"""Search finds a record by the names, aliases and amounts of every version, and says which source gives them.

The bundled article combined with a note of our own (``tests/thrive_note.py``) that names Thrive
Capital otherwise, gives Thrive's share as US$1.2 billion and the round as US$6.5 billion: the
records shown keep the article's name and round amount, and the note's figures are in its version only.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import BUNDLED, KnowledgeBase
from openai_kb.models.wording import label
from openai_kb.search._index import SearchIndex
from openai_kb.search._keys import KeyTable
from openai_kb.search._results import Matched

from .cli import run_cli
from .thrive_note import ARTICLE, NOTE_ID, combined, note_records

THRIVE_INVESTMENT = "investment:thrive-capital-openai-2024-10"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The bundled data, then the note."""
    return combined()


@pytest.fixture(scope="module")
def note_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The note as a data file, to load beside the bundled data from the command line."""
    path = tmp_path_factory.mktemp("note") / "thrive-note.json"
    path.write_bytes(orjson.dumps({"records": note_records()}))
    return path


@pytest.mark.parametrize(
    ("query", "record", "matched"),
    [
        ("1.2 billion", THRIVE_INVESTMENT, Matched("US$1.2 billion", None, "amount", (NOTE_ID,))),
        ("US$6.5 billion", "round:openai-2024-10", Matched("US$6.5 billion", None, "amount", (NOTE_ID,))),
        ("Thrive Capital Partners", "org:thrive-capital", Matched("Thrive Capital Partners", "en", "name", (NOTE_ID,))),
        ("Thrive Partners", "org:thrive-capital", Matched("Thrive Partners", "en", "name", (NOTE_ID,))),
    ],
    ids=["later-amount", "differing-amount", "differing-name", "alias"],
)
def test_a_later_versions_value_finds_the_record_once_and_names_its_source(
    kb: KnowledgeBase, query: str, record: str, matched: Matched
) -> None:
    """A value only the note gives finds the combined record, at 100, once, and says the note gives it."""
    results = kb.search(query)
    assert [(match.record.id, match.score, match.matched) for match in results][:1] == [(record, 100.0, matched)]
    assert [match.record.id for match in results].count(record) == 1
    assert results[0].record is kb[record]


def test_search_finds_a_differing_amount_it_did_not_find_before(kb: KnowledgeBase) -> None:
    """The round shows the article's US$6.6 billion, yet the note's US$6.5 billion finds it; the article's too."""
    assert kb["round:openai-2024-10"].amount.amount == 6_600_000_000  # type: ignore[attr-defined]
    assert repr(kb.search("6.5 billion")) == (
        "[Match('round:openai-2024-10', score=100.0, matched='US$6.5 billion' (amount),"
        " sources=source:thrive-note, steps=money)]"
    )
    assert repr(kb.search("66亿")) == (
        f"[Match('round:openai-2024-10', score=100.0, matched='66 亿美元' (amount), sources={ARTICLE}, steps=money)]"
    )


def test_a_value_both_versions_give_names_both_sources_and_one_only_one(kb: KnowledgeBase) -> None:
    """Thrive's name is the article's; its Chinese name is the article's only; Thrive Capital Partners the note's."""
    assert [(m.record.id, m.matched) for m in kb.search("兴盛资本")] == [
        ("org:thrive-capital", Matched("兴盛资本", "zh-Hans", "name", (ARTICLE,)))
    ]
    assert kb.search("xingsheng ziben")[0].matched == Matched("兴盛资本", "zh-Hans", "name", (ARTICLE,))
    agreed = openai_kb.load().add(*note_records()[:1], {**note_records()[1], "name": "Thrive Capital"})
    assert agreed.search("Thrive Capital")[0].matched == Matched("Thrive Capital", "en", "name", (ARTICLE, NOTE_ID))


def test_an_amount_two_versions_give_is_one_match_with_both_sources() -> None:
    """Two versions of one figure, printed differently: one match, the first print, both sources."""
    records = note_records()
    same = {**records[2], "amount": {"amount": "6600000000", "currency": "USD", "qualifier": "exact"}}
    kb = openai_kb.load().add(records[0], same)
    assert repr(kb.search("US$6.6bn")) == (
        "[Match('round:openai-2024-10', score=100.0, matched='66 亿美元' (amount),"
        f" sources={ARTICLE}+{NOTE_ID}, steps=money)]"
    )


def test_what_no_version_gives_alone_names_no_source(kb: KnowledgeBase) -> None:
    """The id and the combined label are the record's, not a version's: no sources."""
    assert kb.search("round:openai-2024-10")[0].matched == Matched("round:openai-2024-10", None, "id")
    by_label = kb.search("OpenAI funding round of US$6.6 billion", types=["funding_round"])[0]
    assert by_label.matched == Matched("OpenAI funding round of US$6.6 billion", "en", "label")


def test_one_version_per_record_keeps_matches_and_their_repr_as_they_were() -> None:
    """On the bundled data (one version each) no match names a source, and a repr reads as before."""
    kb = openai_kb.load()
    for query in ("Thrive", "兴盛资本", "66亿", "mu la di", "CTO", "org:openai", "OpenAI的CTO"):
        assert all(match.matched.sources == () for match in kb.search(query)), query
    assert (
        repr(kb.search("Thrive")[0])
        == "Match('org:thrive-capital', score=100.0, matched='Thrive' (name en), steps=exact)"
    )


def test_a_knowledge_base_of_single_versions_gets_no_extra_keys() -> None:
    """With every version given, a table of records of one version each is the table without them."""
    kb = openai_kb.load()

    def label_of(record: openai_kb.Record) -> str:
        return label(record, kb._name_of)

    plain, given = KeyTable(kb._by_id, label_of), KeyTable(kb._by_id, label_of, versions=kb.origins())
    assert given.several == {}
    assert given.given_by == {}
    assert (given.source, given.record, given.kind, given.field) == (
        plain.source,
        plain.record,
        plain.kind,
        plain.field,
    )


def test_only_the_keys_a_version_adds_are_new() -> None:
    """The note's name of Thrive is one new key; its alias is among the combined record's names already."""
    kb = combined()

    def label_of(record: openai_kb.Record) -> str:
        return label(record, kb._name_of)

    plain, given = KeyTable(kb._by_id, label_of), KeyTable(kb._by_id, label_of, versions=kb.origins())
    assert [text for text in given.source if text not in plain.source] == ["Thrive Capital Partners"]
    assert len(given) == len(plain) + 1
    thrive = given.records.index(kb["org:thrive-capital"])
    rows = [row for row in range(len(given)) if given.record[row] == thrive]
    assert [(given.source[row], given.matched_of(row).text, given.matched_of(row).sources) for row in rows] == [
        ("Thrive Capital", "Thrive Capital", (ARTICLE,)),
        ("Thrive", "Thrive", (ARTICLE,)),
        ("兴盛资本", "兴盛资本", (ARTICLE,)),
        ("興盛資本", "興盛資本", (ARTICLE,)),
        ("Thrive Partners", "Thrive Partners", (NOTE_ID,)),
        ("Thrive Capital Partners", "Thrive Capital Partners", (NOTE_ID,)),
        ("xingshengziben", "兴盛资本", (ARTICLE,)),
        ("xszb", "兴盛资本", (ARTICLE,)),
        ("xingshengziben", "興盛資本", (ARTICLE,)),
        ("xszb", "興盛資本", (ARTICLE,)),
    ]
    index = SearchIndex(kb._by_id, label_of, versions=kb.origins())
    assert [m.record.id for m in index.search("Thrive Partners", limit=3, types=None, cutoff=70.0)] == [
        "org:thrive-capital"
    ]


def test_the_command_line_says_which_source_gives_what_matched(note_file: Path) -> None:
    """search: the matched column names the note, and the evidence line quotes the note, not the article."""
    result = run_cli("search", "1.2 billion", "--data", str(BUNDLED), "--data", str(note_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "#  score  type        record                                                                   id"
        "                                        matched",
        "1    100  investment  Thrive Capital: lead investor in OpenAI funding round of US$6.6 billion"
        "  investment:thrive-capital-openai-2024-10  US$1.2 billion (amount; from source:thrive-note)",
        "",
        "evidence for #1: “put US$1.2 billion into OpenAI” — A note on Thrive [chars 58-88]",
    ]


def test_search_json_lists_the_sources_of_what_matched(note_file: Path) -> None:
    """search --json: matched carries the note's id, and the evidence is the note's quote."""
    result = run_cli("search", "Thrive Partners", "--json", "--data", str(BUNDLED), "--data", str(note_file))
    assert result.returncode == 0, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["matched"] == {"text": "Thrive Partners", "language": "en", "field": "name", "sources": [NOTE_ID]}
    assert found["evidence"] == {
        "source": NOTE_ID,
        "quote": "Thrive Capital Partners, which some call Thrive Partners",
        "start": 0,
        "end": 56,
        "translation": None,
        "prefix": "",
        "suffix": ", put US$1.2 bil",
    }


def test_search_json_of_one_version_has_no_sources_key() -> None:
    """search --json on the bundled data: matched is text, language and field, as before."""
    result = run_cli("search", "Thrive", "-n", "1", "--json")
    (found,) = json.loads(result.stdout)
    assert found["matched"] == {"text": "Thrive", "language": "en", "field": "name"}
    assert found["evidence"]["source"] == ARTICLE


def test_a_later_versions_title_finds_the_departure_and_the_person() -> None:
    """A second report's title for Murati's post finds her and her departure, alone and with OpenAI, from it."""
    text = "Mira Murati, OpenAI's head of technology, is leaving."
    source = openai_kb.Source(id="source:short-note", title="Short note", language="en", length=len(text))
    kb = openai_kb.load()
    departure = kb["departure:mira-murati"].model_dump(mode="json", exclude_unset=True, exclude={"title_names"})
    again = {
        **departure,
        "title": "head of technology",
        "evidence": [openai_kb.cite(text, "head of technology", source=source)],
    }
    both = kb.add(source, again)
    found = Matched("head of technology", "en", "title", ("source:short-note",))
    assert [(m.record.id, m.score, m.matched) for m in both.search("head of technology")] == [
        ("person:mira-murati", 100.0, found),
        ("departure:mira-murati", 97.0, found),
    ]
    assert both.search("OpenAI head of technology")[0].matched.sources == ("source:short-note",)
    assert kb.search("head of technology") == []


def test_results_as_text_and_html_name_the_source_of_what_matched(kb: KnowledgeBase) -> None:
    """str(results) and the notebook table say which source gives the value a match found, as the CLI does."""
    results = kb.search("1.2 billion", limit=1)
    assert str(results).endswith(f"(amount; from {NOTE_ID})")
    assert f"amount; from {NOTE_ID}" in results._repr_html_()
    single = openai_kb.load().search("Murati", limit=1)
    assert "from " not in str(single)
    assert "; from " not in single._repr_html_()
