"""One lookup of the words that name record types, and one message for a word that names none, everywhere."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import orjson
import pytest

import openai_kb
from openai_kb import KnowledgeBase, Organization, Person, QueryError, Record, UnknownKindError
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.cli.list import records_of
from openai_kb.models import RECORD_TYPES, Investment, RecordTypes

from .kinds import unknown_kind, unknown_type_in_a_file


class Deal(Record):
    """A type of one's own: its family is the tag and an "s"."""

    type: Literal["deal"] = "deal"
    name: str


@pytest.fixture(scope="module")
def grown(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled knowledge base and one record of a type of one's own."""
    return kb.add(Deal(id="deal:x", name="Xylophone deal"))


def run(*args: str) -> tuple[int, str, str]:
    """``openai-kb ARGS`` in this process: exit code, standard output, standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(args), Output(stdout=stdout, stderr=stderr, color=False))
    return code, stdout.getvalue(), stderr.getvalue()


# -- the lookup ----------------------------------------------------------------------------------


def test_the_words_are_tags_families_and_their_other_number() -> None:
    """A registry takes each tag and family, and each in the other number, as naming the tag."""
    assert dict(RecordTypes([Person, Investment]).words) == {
        "person": "person",
        "investment": "investment",
        "people": "person",
        "investors": "investment",
        "persons": "person",
        "investments": "investment",
        "investor": "investment",
    }


@pytest.mark.parametrize(("word", "tag"), list(RECORD_TYPES.words.items()), ids=lambda value: str(value))
def test_every_word_names_its_tag_in_any_case(word: str, tag: str) -> None:
    """Every word of the registry names its tag, in upper case and with spaces or hyphens for underscores too."""
    assert RECORD_TYPES.kind(word) == tag
    assert RECORD_TYPES.kind(f" {word.upper()} ") == tag
    assert RECORD_TYPES.kind(word.replace("_", " ")) == tag
    assert RECORD_TYPES.kind(word.replace("_", "-").title()) == tag


def test_a_declared_tag_names_its_own_type_whatever_folding_makes_of_it() -> None:
    """Two tags that fold alike ("deal_x", "Deal-X") each still name their own type, written as declared."""

    class Snake(Record):
        type: Literal["deal_x"] = "deal_x"

    class Kebab(Record):
        type: Literal["Deal-X"] = "Deal-X"

    types = RecordTypes([Snake, Kebab])
    assert (types.kind("deal_x"), types.kind("Deal-X"), types.kind("DEAL X")) == ("deal_x", "Deal-X", "deal_x")


def test_the_message_names_the_word_the_closest_and_the_lists() -> None:
    """The one message: the word, the closest known word, then the known types and families."""
    with pytest.raises(UnknownKindError) as caught:
        RecordTypes([Person, Organization]).kind("peeple")
    assert str(caught.value) == (
        "unknown record type or family 'peeple'. Did you mean 'people'? "
        "Known types: person, organization; families: people, organizations"
    )
    assert isinstance(caught.value, QueryError)
    assert (caught.value.word, caught.value.suggestion) == ("peeple", "people")
    assert (caught.value.types, caught.value.families) == (("person", "organization"), ("people", "organizations"))


def test_a_word_close_to_nothing_gets_no_suggestion() -> None:
    """A word close to no known word lists the known ones without a "did you mean"."""
    with pytest.raises(UnknownKindError) as caught:
        RECORD_TYPES.kind("zzz")
    assert str(caught.value) == unknown_kind("zzz")
    assert caught.value.suggestion is None


def test_a_kind_that_is_no_str_is_a_type_error() -> None:
    """A class or a number where a word is expected is a TypeError that says what was given."""
    with pytest.raises(TypeError) as caught:
        RECORD_TYPES.kind(Person)  # type: ignore[arg-type]
    assert (
        str(caught.value)
        == "a record type or family is named by a str, such as 'person' or 'people', not the class Person"
    )


# -- every entry point ---------------------------------------------------------------------------

NOT_A_TABLE: list[tuple[str, Callable[[KnowledgeBase], object]]] = [
    ("search types=", lambda kb: kb.search("Murati", types=["peeple"])),
    ("closest types=", lambda kb: kb.closest("Murati", types=["person", "peeple"])),
    ("plot", lambda kb: kb.plot("peeple")),
    ("json_schema", lambda kb: openai_kb.json_schema("peeple")),
    ("list", lambda kb: records_of(kb, "peeple")),
]
TABLES: list[tuple[str, Callable[[KnowledgeBase], object]]] = [
    ("table", lambda kb: kb.table("peeple")),
    ("to_pandas", lambda kb: kb.to_pandas("peeple")),
    ("export kind=", lambda kb: kb.export("csv", kind="peeple")),
]


@pytest.mark.parametrize(("name", "call"), NOT_A_TABLE, ids=[name for name, _ in NOT_A_TABLE])
def test_a_misspelt_word_is_one_error_everywhere(kb: KnowledgeBase, name: str, call: Callable[[Any], object]) -> None:
    """search, closest, plot, json_schema and list raise the one UnknownKindError, worded alike."""
    with pytest.raises(UnknownKindError) as caught:
        call(kb)
    assert str(caught.value) == unknown_kind("peeple", "people")


@pytest.mark.parametrize(("name", "call"), TABLES, ids=[name for name, _ in TABLES])
def test_a_misspelt_table_is_one_error_that_offers_evidence(
    kb: KnowledgeBase, name: str, call: Callable[[Any], object]
) -> None:
    """table, to_pandas and a csv export raise the same error, which adds the evidence table."""
    with pytest.raises(UnknownKindError) as caught:
        call(kb)
    assert str(caught.value) == unknown_kind("peeple", "people", evidence=True)


def test_a_misspelt_evidence_is_suggested(kb: KnowledgeBase) -> None:
    """Where a table is asked for, "evidence" is a known word too, and suggested for a near miss."""
    with pytest.raises(UnknownKindError) as caught:
        kb.table("evidnce")
    assert str(caught.value) == unknown_kind("evidnce", "evidence", evidence=True)
    assert kb.table("Evidence") == kb.table("evidence")


def test_search_takes_families_and_plurals(kb: KnowledgeBase) -> None:
    """kb.search(types=...) takes every word the command line takes: a family, a plural, any case."""
    for word, tag in RECORD_TYPES.words.items():
        assert kb.search("OpenAI", types=[word]) == kb.search("OpenAI", types=[tag]), word
    assert kb.search("Thrive", types=["investors"]) == kb.search("Thrive", types="investment")
    assert kb.search("Thrive", types=["Investors"])


def test_tables_schemas_and_plots_take_every_word(kb: KnowledgeBase) -> None:
    """kb.table, json_schema and list take every word, singular or plural, as their type's."""
    for word, tag in RECORD_TYPES.words.items():
        family = RECORD_TYPES.family(tag)
        assert kb.table(word) == kb.table(family), word
        assert openai_kb.json_schema(word) == RECORD_TYPES[tag].model_json_schema(), word
        assert records_of(kb, word) == [record for record in kb if record.type == tag], word
    pytest.importorskip("matplotlib")
    from openai_kb.outputs._plotting import rows

    assert rows(kb, "valuation") == rows(kb, "Valuations")


def test_a_plot_of_a_known_kind_that_does_not_draw_names_what_does(kb: KnowledgeBase) -> None:
    """A family that kb.plot does not draw is no misspelling: the error says what it draws."""
    with pytest.raises(QueryError) as caught:
        kb.plot("persons")
    assert not isinstance(caught.value, UnknownKindError)
    assert str(caught.value) == "kb.plot() draws 'valuations' or 'investors', not 'persons'."


# -- a user's own types --------------------------------------------------------------------------


def test_own_types_get_the_same_words(grown: KnowledgeBase) -> None:
    """A type of one's own is named by its tag and family, singular or plural, in every entry point."""
    assert {word for word, tag in grown.types.words.items() if tag == "deal"} == {"deal", "deals"}
    assert [match.record.id for match in grown.search("Xylophone", types=["Deals"])] == ["deal:x"]
    assert grown.table("deal") == grown.table("deals")
    assert records_of(grown, "DEALS") == [grown["deal:x"]]


def test_own_types_are_listed_and_suggested(grown: KnowledgeBase) -> None:
    """The message lists a type of one's own with the built-in ones, and suggests it for a near miss."""
    with pytest.raises(UnknownKindError) as caught:
        grown.search("Xylophone", types=["deels"])
    assert str(caught.value) == unknown_kind("deels", "deals", types=grown.types)
    assert "deal" in caught.value.types
    assert "deals" in caught.value.families


# -- the command line ----------------------------------------------------------------------------

USAGE = [
    (["list", "peeple"], "openai-kb list: error: argument TYPE: " + unknown_kind("peeple", "people")),
    (
        ["search", "x", "-t", "peeple"],
        "openai-kb search: error: argument -t/--type: " + unknown_kind("peeple", "people"),
    ),
    (["schema", "--type", "peeple"], "openai-kb schema: error: argument --type: " + unknown_kind("peeple", "people")),
    (
        ["export", "--format", "csv", "--kind", "peeple"],
        "openai-kb export: error: argument -k/--kind: " + unknown_kind("peeple", "people", evidence=True),
    ),
]


@pytest.mark.parametrize(("command", "last_line"), USAGE, ids=[" ".join(command) for command, _ in USAGE])
def test_the_command_line_says_it_as_a_usage_error(command: list[str], last_line: str) -> None:
    """list, search -t, schema --type and export --kind: the one message as a usage error, exit 2."""
    code, stdout, stderr = run(*command)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"usage: openai-kb {command[0]} ")
    assert stderr.splitlines()[-1] == last_line


def test_the_command_line_takes_every_word() -> None:
    """schema --type and export --kind take a family or a plural, as list and search -t do."""
    assert run("schema", "--type", "people")[1] == run("schema", "--type", "person")[1]
    assert (
        run("export", "--format", "csv", "--kind", "investor")[1]
        == run("export", "--format", "csv", "--kind", "investors")[1]
    )
    code, listed, _ = run("list", "Funding-Rounds", "--json")
    assert code == 0
    assert {row["type"] for row in orjson.loads(listed)} == {"funding_round"}


# -- data files ----------------------------------------------------------------------------------


def _type_problem(folder: Path, tag: str) -> str:
    """The one problem loading finds when person:ada's record says ``"type": tag``."""
    file = folder / "records.json"
    data = orjson.loads(file.read_bytes())
    next(record for record in data["records"] if record["id"] == "person:ada")["type"] = tag
    file.write_bytes(orjson.dumps(data))
    with pytest.raises(openai_kb.DataError) as caught:
        openai_kb.load(folder)
    (problem,) = caught.value.problems
    return problem.message


@pytest.mark.parametrize(
    ("tag", "meant"),
    [("claims", "claim"), ("Claim", "claim"), ("persons", "person"), ("People", "person"), ("persn", "person")],
)
def test_a_near_miss_in_a_data_file_says_the_exact_tag(mini: Path, tag: str, meant: str) -> None:
    """A file's type tag must be exact; a family, a plural, another case or a typo is told the tag it meant."""
    assert _type_problem(mini, tag) == unknown_type_in_a_file(tag, meant)


@pytest.mark.parametrize(("tag", "model"), [("acquisition", "Acquisition"), ("human", "Human")])
def test_a_new_tag_in_a_data_file_says_how_to_pass_a_model(mini: Path, tag: str, model: str) -> None:
    """A tag that is nothing like a known one is told how to pass a model of one's own."""
    assert _type_problem(mini, tag) == unknown_type_in_a_file(tag, model=model)
