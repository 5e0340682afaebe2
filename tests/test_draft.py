"""kb.draft(text, source): versions of the records a report links to, for review; Draft.save; openai-kb draft."""

from __future__ import annotations

import functools
import io
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

import openai_kb
from openai_kb import (
    BUNDLED,
    Draft,
    Evidence,
    KnowledgeBase,
    Money,
    Organization,
    Quantity,
    QueryError,
    SaveError,
    Source,
)
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.linking import Link, Links, make_draft

ROUND = "round:openai-2024-10"
POST_MONEY = "valuation:openai-2024-10-post-money"
USERS = "metric:openai-active-users-2024-10"

# Reports of our own writing; their figures are the bundled article's, but for the valuations they give.
ENGLISH = (
    "Thrive Capital led a US$6.6 billion round for OpenAI, with Microsoft and NVIDIA joining. "
    "Its post-money valuation came to US$154 billion, one investor told us.\n"
    "Some call the company Thrive."
)
CHINESE = "OpenAI 完成 66 亿美元融资，由兴盛资本领投。投后估值为 1,600 亿美元，每周用户超过2.5亿。"
AMBIGUOUS = "OpenAI raised money again. The round valued OpenAI at US$130 billion."  # near both US$150 billions
TWO_FIGURES = "OpenAI's post-money valuation was US$157 billion. One newsletter put the post-money valuation at $154bn."


@functools.cache
def bundled() -> KnowledgeBase:
    return openai_kb.load()


def source(text: str, name: str = "my-note") -> Source:
    return Source.from_text(text, id=f"source:{name}", title="My note", language="en")


def quotes(draft: Draft) -> list[tuple[str, str, int, int]]:
    return [(r.id, e.quote, e.start, e.end) for r in draft.records for e in getattr(r, "evidence", ())]


def test_entities_are_drafted_with_their_id_and_name_alone() -> None:
    """Each entity the text names is one version holding its id and name as held, no evidence, in text order."""
    draft = bundled().draft(ENGLISH, source(ENGLISH))
    assert draft.records[:4] == (
        Organization(id="org:thrive-capital", name="Thrive Capital"),
        Organization(id="org:openai", name="OpenAI"),
        Organization(id="org:microsoft", name="Microsoft"),
        Organization(id="org:nvidia", name="Nvidia"),
    )


def test_a_figure_held_is_drafted_with_the_report_s_print_and_its_clause() -> None:
    """A figure the knowledge base holds makes a version of its fact: the figure as written, the clause cited,
    how the report holds it 'stated', and parts with another source's evidence (the round's terms) left out."""
    draft = bundled().draft(ENGLISH, source(ENGLISH))
    held = bundled()[ROUND]
    drafted = draft.records[4]
    assert drafted == held.model_copy(
        update={
            "amount": Money(amount=Decimal("6600000000"), currency="USD", text="US$6.6 billion"),
            "terms": (),
            "evidence": (
                Evidence(
                    source="source:my-note",
                    quote="Thrive Capital led a US$6.6 billion round for OpenAI",
                    start=0,
                    end=52,
                    prefix="",
                    suffix=", with Microsoft",
                ),
            ),
        }
    )


def test_every_quote_is_the_text_at_its_offsets() -> None:
    """Each drafted quote is the clause holding its figure, widened to a name of the fact's records, at its offsets."""
    for text in (ENGLISH, CHINESE):
        draft = bundled().draft(text, source(text))
        for _, quote, start, end in quotes(draft):
            assert text[start:end] == quote
    assert quotes(bundled().draft(CHINESE, source(CHINESE))) == [
        (ROUND, "OpenAI 完成 66 亿美元融资", 0, 18),
        (POST_MONEY, "投后估值为 1,600 亿美元", 27, 42),
        (USERS, "每周用户超过2.5亿", 43, 53),
    ]


def test_a_clause_naming_none_of_the_fact_s_records_widens_to_the_nearest_that_does() -> None:
    """A figure's clause is widened over its sentence to the nearest clause naming a record the fact refers to."""
    text = "OpenAI 共筹得 66 亿美元，投后估值为 1,570 亿美元，资金用于算力。"
    assert quotes(bundled().draft(text, source(text))) == [
        (ROUND, "OpenAI 共筹得 66 亿美元", 0, 17),
        (POST_MONEY, "OpenAI 共筹得 66 亿美元，投后估值为 1,570 亿美元", 0, 33),
    ]


def test_a_fact_named_by_name_is_drafted_with_its_clause_and_no_new_figure() -> None:
    """A name link to a fact makes a version of it as held, its clause cited, its figures unchanged."""
    text = "OpenAI closed the round; it was large."
    held = bundled()[ROUND]
    named = Link(18, 23, "round", held, "name", 100.0, "a name of the round")
    draft = make_draft(bundled(), text, source(text), lambda _: Links(text, [named]))
    assert quotes(draft) == [(ROUND, "OpenAI closed the round", 0, 23)]
    assert draft.records[0].amount == held.amount  # type: ignore[attr-defined]
    assert draft.changes == ("round:openai-2024-10: named, no figure, quoted 'OpenAI closed the round' at 0:23",)


def test_a_differing_figure_is_drafted_as_the_report_gives_it() -> None:
    """A figure beside a fact that differs from all it holds is that fact's version with the report's figure."""
    draft = bundled().draft(CHINESE, source(CHINESE))
    valuation = draft.records[3]
    assert (valuation.id, valuation.amount) == (  # type: ignore[attr-defined]
        POST_MONEY,
        Money(amount=Decimal("160000000000"), currency="USD", text="1,600 亿美元"),
    )
    users = draft.records[4]
    assert users.value == Quantity(value=Decimal("250000000"), unit="users", qualifier="more_than", text="超过2.5亿")  # type: ignore[attr-defined]


def test_str_reviews_each_record_and_the_notes() -> None:
    """str(draft) gives one line per record (id, what changed, the quote) and the notes."""
    assert str(bundled().draft(ENGLISH, source(ENGLISH))) == "\n".join(
        [
            "Draft of 6 records from source:my-note (My note):",
            "  org:thrive-capital: named, 'Thrive Capital' at 0:14",
            "  org:openai: named, 'OpenAI' at 46:52",
            "  org:microsoft: named, 'Microsoft' at 59:68",
            "  org:nvidia: named, 'NVIDIA' at 73:79",
            "  round:openai-2024-10: amount US$6.6 billion, as held, quoted 'Thrive Capital led a US$6.6 billion "
            "round for OpenAI' at 0:52",
            "  valuation:openai-2024-10-post-money: amount US$154 billion, differs from 1,570 亿美元 held, quoted "
            "'Its post-money valuation came to US$154 billion' at 89:136",
            "note: each fact is drafted as 'stated' by the report: mark it 'attributed' (with attributed_to or "
            "attribution), 'expected' or 'planned' where the report says so",
        ]
    )


def test_saved_draft_loads_beside_the_bundled_data_and_shows_the_disagreement(tmp_path: Path) -> None:
    """Draft.save writes a data file that load(BUNDLED, path) reads; disagreements then shows the report's figure."""
    draft = bundled().draft(CHINESE, source(CHINESE))
    path = draft.save(tmp_path / "draft.json")
    assert orjson.loads(path.read_bytes())["source"] == "source:my-note"
    kb = openai_kb.load(BUNDLED, path)
    assert [(d.record, d.field, [(v.value.amount, v.sources) for v in d.values]) for d in kb.disagreements()] == [
        (
            POST_MONEY,
            "amount",
            [
                (Decimal("157000000000"), ("source:huaxia-2024-10-14-openai",)),
                (Decimal("160000000000"), ("source:my-note",)),
            ],
        )
    ]
    assert kb.sources_of("org:thrive-capital") == ("source:huaxia-2024-10-14-openai", "source:my-note")
    assert kb.sources_of(ROUND) == ("source:huaxia-2024-10-14-openai", "source:my-note")
    assert openai_kb.verify_evidence(kb, "source:my-note", CHINESE) == []


def test_nothing_is_added_to_the_knowledge_base() -> None:
    """Drafting leaves the knowledge base as it was."""
    kb = openai_kb.load()
    kb.draft(ENGLISH, source(ENGLISH))
    assert kb == bundled()
    assert "source:my-note" not in kb


def test_two_figures_for_one_fact_are_two_versions_and_a_note(tmp_path: Path) -> None:
    """A report giving a fact two figures is drafted as two versions of it, and a note says to keep one."""
    draft = bundled().draft(TWO_FIGURES, source(TWO_FIGURES))
    assert [(r.id, r.amount.text) for r in draft.records[1:]] == [  # type: ignore[attr-defined]
        (POST_MONEY, "US$157 billion"),
        (POST_MONEY, "$154bn"),
    ]
    assert draft.notes[0] == (
        "valuation:openai-2024-10-post-money: the report gives 2 different figures for it, drafted as 2 versions; "
        "keep the one the report states (mark another 'attributed' or remove it)"
    )
    kb = openai_kb.load(BUNDLED, draft.save(tmp_path / "two.json"))
    assert [v.sources for v in kb.values(POST_MONEY, "amount")] == [
        ("source:huaxia-2024-10-14-openai", "source:my-note"),
        ("source:my-note",),
    ]


def test_an_ambiguous_figure_is_left_out_with_the_reason() -> None:
    """A figure the text does not tie to one fact is no record, and a note names the facts it may be."""
    draft = bundled().draft(AMBIGUOUS, source(AMBIGUOUS))
    assert [r.id for r in draft.records] == ["org:openai"]
    assert draft.notes == (
        "left out 'US$130 billion' at 54:68: it may name valuation:openai-for-profit-conversion or "
        "valuation:openai-2024-10-expected, and the text does not say which; add the version of the one it names "
        "by hand",
    )


def test_a_source_id_the_knowledge_base_holds_drafts_alike() -> None:
    """The source may be the id of a Source the knowledge base holds."""
    kb = bundled().add(source(CHINESE))
    assert kb.draft(CHINESE, "source:my-note") == bundled().draft(CHINESE, source(CHINESE))


@pytest.mark.parametrize(
    ("text", "given", "message"),
    [
        (
            CHINESE,
            "source:elsewhere",
            "source 'source:elsewhere' is not in this knowledge base: pass the Source itself "
            "(Source.from_text(text, id=..., title=..., language=...)), or load the data file that holds it",
        ),
        (CHINESE, "org:openai", "'org:openai' is an organization, not a source: give the report's source id"),
        (
            CHINESE + " ",
            source(CHINESE),
            f"this text is not the text of 'source:my-note' (length): the source says its text is {len(CHINESE)} "
            f"characters long; this text has {len(CHINESE) + 1}; draft from the text the source was counted from "
            "(Source.from_text)",
        ),
    ],
    ids=["unknown id", "not a source", "other text"],
)
def test_a_source_that_is_not_the_text_s_is_refused(text: str, given: Source | str, message: str) -> None:
    """An unknown source id, an id of another kind of record, or a text that is not the source's is a QueryError."""
    with pytest.raises(QueryError) as caught:
        bundled().draft(text, given)
    assert str(caught.value) == message


def test_arguments_of_the_wrong_type_are_refused() -> None:
    """A text that is no str, or a source that is neither a Source nor an id, is a TypeError naming it."""
    with pytest.raises(TypeError, match=r"^draft\(\) expects the text as a str, not bytes$"):
        bundled().draft(b"OpenAI", "source:my-note")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^draft\(\) expects source as a Source or a source id \(str\), not int$"):
        bundled().draft("OpenAI", 3)  # type: ignore[arg-type]


def test_save_replaces_nothing_but_a_regular_file(tmp_path: Path) -> None:
    """Draft.save refuses a folder in its way, and leaves it as it was."""
    folder = tmp_path / "draft.json"
    folder.mkdir()
    with pytest.raises(SaveError) as caught:
        bundled().draft(CHINESE, source(CHINESE)).save(folder)
    assert (
        str(caught.value) == f"cannot save to {folder}: it is a folder; give a file name such as {folder}/records.json"
    )
    assert folder.is_dir()


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


def test_cli_draft_prints_the_data_file_and_writes_it_with_o(tmp_path: Path) -> None:
    """openai-kb draft prints the data file kb.draft saves, its review on standard error; -o writes it."""
    file = tmp_path / "note.txt"
    file.write_text(CHINESE, encoding="utf-8")
    options = ("--source-id", "source:my-note", "--title", "My note", "--language", "en")
    code, out, err = run("draft", str(file), *options)
    expected = bundled().draft(CHINESE, Source.from_text(CHINESE, id="source:my-note", title="My note",
                                                          language="en", filename="note.txt"))  # fmt: skip
    assert (code, out, err) == (0, expected.data().decode(), str(expected) + "\n")
    assert run("draft", str(file), *options, "-o", str(tmp_path / "draft.json")) == (0, "", str(expected) + "\n")
    assert (tmp_path / "draft.json").read_bytes() == expected.data()
    assert [d.record for d in openai_kb.load(BUNDLED, tmp_path / "draft.json").disagreements()] == [POST_MONEY]


def test_cli_draft_errors(tmp_path: Path) -> None:
    """A bad option value exits 2 naming the option; a missing file or a folder as -o exits 1 saying why."""
    file = tmp_path / "note.txt"
    file.write_text(CHINESE, encoding="utf-8")
    options = ("--title", "My note", "--language", "en")
    assert run("draft", str(file), "--source-id", "note", *options) == (
        2,
        "",
        "openai-kb draft: argument --source-id: an id is a lower-case type, a colon and a name without spaces or "
        "invisible characters, such as 'person:mira-murati' (got 'note')\n",
    )
    code, out, err = run("draft", str(file), "--source-id", "source:n", *options, "-o", str(tmp_path))
    assert (code, out, err.splitlines()[-1]) == (
        1,
        "",
        f"openai-kb draft: cannot save to {tmp_path}: it is a folder; give a file name such as {tmp_path}/records.json",
    )
    missing = tmp_path / "nope.txt"
    assert run("draft", str(missing), "--source-id", "source:n", *options) == (
        1,
        "",
        f"openai-kb draft: cannot read {missing}: No such file or directory\n",
    )
