"""The words journalists type: figures with their currency or unit, function words, topic words,
names separated by spaces, families in ``types=``, one default limit, and plausible suggestions."""

from __future__ import annotations

import inspect
import io
from decimal import Decimal
from typing import ClassVar, Literal

import orjson
import pytest

import openai_kb
from openai_kb import Evidence, Fact, KnowledgeBase, Money, Organization, Source
from openai_kb.cli import main
from openai_kb.cli._output import Output
from openai_kb.models import RECORD_TYPES, OrganizationRef, Quantity
from openai_kb.models.clauses import clause_fields
from openai_kb.models.registry import family_name, type_name
from openai_kb.search._index import DEFAULT_LIMIT
from openai_kb.search._query import FUNCTION_WORDS, HAN_FUNCTION_WORDS, spaced_parts

NOTE = Source(id="source:desk-note", title="A desk note", language="en", length=40)
QUOTE = Evidence(source="source:desk-note", quote="a figure", start=0, end=8)


def _ids(found: list[openai_kb.Match]) -> list[str]:
    return [match.record.id for match in found]


# -- figures: money is money, counts are counts -----------------------------------------------


@pytest.mark.parametrize("query", ["$250 million", "2.5億美元", "US$250m", "2.5亿美元", "USD 250 million"])
def test_money_never_finds_a_count(kb: KnowledgeBase, query: str) -> None:
    """The article's 250 million is users: a query naming a currency finds no count (and no label spelling it)."""
    assert kb.search(query) == []


@pytest.mark.parametrize("query", ["250 million users", "250 million user", "2.5亿名", "2.5億名用戶", "2.5亿人"])
def test_a_count_with_its_unit_finds_the_count(kb: KnowledgeBase, query: str) -> None:
    """A figure followed by its unit (or a Chinese counter word) finds the metric counting it, by value."""
    found = kb.search(query)
    assert _ids(found) == ["metric:openai-active-users-2024-10"]
    assert (found[0].steps, found[0].matched.field) == (("money",), "amount")


def test_a_count_of_another_unit_finds_nothing(kb: KnowledgeBase) -> None:
    """250 million employees is not 250 million users."""
    assert kb.search("250 million employees") == []


@pytest.mark.parametrize(
    ("query", "expected"), [("2.5亿", "metric:openai-active-users-2024-10"), ("66亿", "round:openai-2024-10")]
)
def test_a_bare_figure_finds_money_or_count(kb: KnowledgeBase, query: str, expected: str) -> None:
    """A figure naming neither currency nor unit finds whatever holds that amount."""
    assert _ids(kb.search(query))[0] == expected


def test_money_and_count_of_one_value_are_told_apart() -> None:
    """With US$250m of money and 250 million users both held, each query finds its own kind; a bare figure both."""
    kb = openai_kb.load().add(
        NOTE,
        Organization(id="org:desk", name="Desk Co"),
        _Deal(
            id="deal:desk",
            evidence=(QUOTE,),
            buyer="org:desk",
            price=Money(amount=Decimal(250_000_000), currency="USD"),
        ),
    )
    money, count = "deal:desk", "metric:openai-active-users-2024-10"
    assert _ids(kb.search("US$250m")) == [money]
    assert _ids(kb.search("250 million users")) == [count]
    assert sorted(_ids(kb.search("250 million"))) == sorted([money, count])
    assert _ids(kb.search("€250m")) == []


class _Deal(Fact):
    """A deal of one's own, holding money under a field name of its own."""

    type: Literal["deal"] = "deal"
    buyer: OrganizationRef
    price: Money


# -- function words ---------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(FUNCTION_WORDS) + list(HAN_FUNCTION_WORDS))
def test_a_function_word_alone_finds_nothing(informed: KnowledgeBase, word: str) -> None:
    """'the', 'of', 和, 的... are never by themselves a name, in either case or script."""
    assert informed.search(word) == []
    assert informed.search(word.upper()) == []


@pytest.mark.parametrize("query", ["of the", "the and", "的和", "与 的"])
def test_function_words_together_find_nothing(informed: KnowledgeBase, query: str) -> None:
    """Several function words are no name either."""
    assert informed.search(query) == []


def test_a_name_holding_a_function_word_is_found(informed: KnowledgeBase) -> None:
    """'The Information' is found whole; 'Information' alone finds it too."""
    assert _ids(informed.search("The Information"))[0] == "org:the-information"
    assert _ids(informed.search("information"))[0] == "org:the-information"


@pytest.fixture(scope="module")
def informed() -> KnowledgeBase:
    """The bundled knowledge base and an organization whose name starts with 'The'."""
    return openai_kb.load().add(NOTE, Organization(id="org:the-information", name="The Information"))


# -- topic words ------------------------------------------------------------------------------


def _topic_words(model: type[openai_kb.Record]) -> list[str]:
    """The words naming every record of a type: its tag, family and declared topic words."""
    return [type_name(model).replace("_", " "), family_name(model).replace("_", " "), *model.topic_words]


TOPICS = [(model, word) for model in RECORD_TYPES.values() for word in _topic_words(model)]


@pytest.mark.parametrize(("model", "word"), TOPICS, ids=[f"{type_name(m)}-{w}" for m, w in TOPICS])
def test_a_topic_word_finds_its_family(kb: KnowledgeBase, model: type[openai_kb.Record], word: str) -> None:
    """A type's tag, family and topic words (English and Chinese) find its records, first and all of them."""
    held = [record.id for record in kb.records(model)]
    found = kb.search(word, limit=100)
    assert sorted(_ids(found[: len(held)])) == sorted(held)
    assert all(match.steps == ("topic",) and match.score == 90.0 for match in found[: len(held)])


@pytest.mark.parametrize("query", ["離職", "DEPARTURES", "departed executives", "Departure"])
def test_a_topic_word_in_any_script_case_or_number(kb: KnowledgeBase, query: str) -> None:
    """Traditional characters, capitals, plurals and the family's own words name the topic too."""
    assert {match.record.type for match in kb.search(query)[:6]} == {"departure"}


def test_the_rest_of_the_query_ranks_the_topic(kb: KnowledgeBase) -> None:
    """'Thrive Capital investment': Thrive's investment, not every investment in the round Thrive led."""
    found = kb.search("Thrive Capital investment")
    assert _ids(found) == ["investment:thrive-capital-openai-2024-10"]
    assert (found[0].score, found[0].steps, found[0].matched.text) == (100.0, ("topic", "normalized"), "Thrive Capital")


@pytest.mark.parametrize("query", ["OpenAI valuation", "OpenAI的估值", "openai valuations", "OpenAI 估價"])
def test_a_company_and_a_topic(kb: KnowledgeBase, query: str) -> None:
    """OpenAI's valuations, in either language: each refers to OpenAI."""
    found = kb.search(query)
    valuations = [record.id for record in kb.valuations]
    assert sorted(_ids(found[:3])) == sorted(valuations)
    assert all(match.score == 100.0 and match.steps[0] == "topic" for match in found[:3])


@pytest.mark.parametrize("query", ["Mira Murati departure", "穆拉蒂离职", "Murati left"])
def test_a_person_and_a_topic(kb: KnowledgeBase, query: str) -> None:
    """A person and a topic: her departure, and no one else's."""
    assert _ids(kb.search(query)) == ["departure:mira-murati"]


def test_a_figure_and_a_topic_find_the_fact_holding_it(kb: KnowledgeBase) -> None:
    """'估值1570亿': the valuation of that figure, not one referring to the round that also carries it."""
    assert _ids(kb.search("估值1570亿")) == ["valuation:openai-2024-10-post-money"]


@pytest.mark.parametrize("query", ["exclusivity", "排他", "排他性", "Exclusive"])
def test_exclusivity_finds_the_clause_and_the_barred(kb: KnowledgeBase, query: str) -> None:
    """The round holding the exclusivity clause and the competitors it bars come before opinions about it."""
    found = kb.search(query)
    assert sorted(_ids(found[:3])) == ["competition:anthropic-openai", "competition:xai-openai", "round:openai-2024-10"]
    assert all(match.record.type == "claim" for match in found[3:])


@pytest.mark.parametrize("query", ["departures", "investors"])
def test_a_topic_comes_before_opinions_that_mention_it(kb: KnowledgeBase, query: str) -> None:
    """'departures' lists the departures, then claims whose sentences say the word."""
    found = kb.search(query)
    kind = RECORD_TYPES.kind(query)
    count = len(kb.table(kind))
    assert {match.record.type for match in found[:count]} == {kind}
    assert {match.record.type for match in found[count:]} <= {"claim"}


def test_a_topic_keeps_to_types(kb: KnowledgeBase) -> None:
    """types= narrows a topic query too; a topic outside the types named is read as a name."""
    assert {m.record.type for m in kb.search("Microsoft", types=["investors"])} == {"investment"}
    assert kb.search("valuation", types=["people"]) == []
    assert {m.record.type for m in kb.search("OpenAI valuation", types=["claims"])} == {"claim"}  # read as names


def test_an_id_is_not_a_topic(kb: KnowledgeBase) -> None:
    """'source:huaxia...' and a misspelt person id are ids, not the topics 'source' and 'person'."""
    assert _ids(kb.search("person:ilya-sutskevr"))[0] == "person:ilya-sutskever"
    assert kb.search("source:huaxia-2024-10-14-openai")[0].steps == ("exact",)


def test_an_exact_name_is_never_read_as_a_topic() -> None:
    """A company named with a topic word ('Valuation Partners') is found by its name."""
    kb = openai_kb.load().add(NOTE, Organization(id="org:valuation-partners", name="Valuation Partners"))
    found = kb.search("Valuation Partners")
    assert (found[0].record.id, found[0].steps) == ("org:valuation-partners", ("exact",))


class Acquisition(Fact):
    """A type of one's own, named by its tag, its family and words it declares."""

    type: Literal["acquisition"] = "acquisition"
    topic_words: ClassVar[tuple[str, ...]] = ("takeover", "收购")
    topic_fields: ClassVar[dict[str, tuple[str, ...]]] = {"hostile": ("hostile bid", "敌意收购")}
    acquirer: OrganizationRef
    target: OrganizationRef
    hostile: bool | None = None


def test_a_type_of_ones_own_declares_its_topic_words() -> None:
    """Tag, family, topic_words and topic_fields work for a user's type; a flag names only records where it is true."""
    kb = openai_kb.load().add(
        NOTE,
        Organization(id="org:inflection", name="Inflection AI"),
        Acquisition(id="acquisition:friendly", evidence=(QUOTE,), acquirer="org:microsoft", target="org:inflection"),
        Acquisition(id="acquisition:hostile", evidence=(QUOTE,), acquirer="org:nvidia", target="org:xai", hostile=True),
    )
    both = ["acquisition:friendly", "acquisition:hostile"]
    for word in ("acquisition", "acquisitions", "takeovers", "收購"):
        assert sorted(_ids(kb.search(word))) == both
    assert _ids(kb.search("hostile bid")) == ["acquisition:hostile"]
    assert _ids(kb.search("Microsoft takeover")) == ["acquisition:friendly"]


def test_topic_fields_must_name_fields() -> None:
    """A topic field that is not a field of the type fails when the class is declared, naming both."""
    with pytest.raises(TypeError, match=r"Merger\.topic_fields names 'hostil', which is not a field of Merger"):

        class Merger(Fact):
            type: Literal["merger"] = "merger"
            topic_fields: ClassVar[dict[str, tuple[str, ...]]] = {"hostil": ("hostile",)}
            hostile: bool | None = None


def test_every_clause_with_topic_words_is_held_by_a_type() -> None:
    """Each built-in clause's topic words reach a record type through a field holding it."""
    fields = [clause_fields(model) for model in RECORD_TYPES.values()]
    held = {clause for clauses_of in fields for clauses in clauses_of.values() for clause in clauses}
    assert held
    assert all(clause.topic_words for clause in held)


# -- names separated by spaces ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("Microsoft Nvidia", ["org:microsoft", "org:nvidia"]),
        ("微软 英伟达", ["org:microsoft", "org:nvidia"]),
        ("輝達 微軟", ["org:nvidia", "org:microsoft"]),
        ("Thrive Capital Microsoft", ["org:thrive-capital", "org:microsoft"]),
        ("Mira Murati Ilya Sutskever", ["person:mira-murati", "person:ilya-sutskever"]),
        ("Anthropic the xAI", ["org:anthropic", "org:xai"]),
        ("Nvidai Microsoft", ["org:nvidia", "org:microsoft"]),
        ("Microsoft SoftBank", ["org:microsoft"]),
    ],
)
def test_names_separated_by_spaces_find_each(kb: KnowledgeBase, query: str, ids: list[str]) -> None:
    """Each name leads in the query's order, saying which part it matched."""
    found = kb.search(query)
    assert _ids(found[: len(ids)]) == ids
    assert all(match.query_part is not None for match in found[: len(ids)])


@pytest.mark.parametrize("query", ["Mira Murati", "Mira Muratti", "Thrive Capitl", "OPEN AI"])
def test_one_name_with_spaces_is_not_split(kb: KnowledgeBase, query: str) -> None:
    """A name of several words (or with a slip) is one name: no part, and its record first."""
    found = kb.search(query)
    assert found[0].query_part is None


def test_spaced_parts_takes_the_longest_names() -> None:
    """Longest runs of words that are names, left to right; a word that names nothing means no list."""
    names = {"thrive capital", "thrive", "microsoft", "nvidia"}.__contains__
    lowered = lambda text: names(text.lower())  # noqa: E731
    assert spaced_parts("Thrive Capital Microsoft", lowered) == ["Thrive Capital", "Microsoft"]
    assert spaced_parts("Microsoft of Nvidia", lowered) == ["Microsoft", "Nvidia"]
    assert spaced_parts("Microsoft Nvidiaa", lowered) == []
    assert spaced_parts("Microsoft", lowered) == []
    assert spaced_parts("Microsoft Nvidiaa", lowered, loose=True) == ["Microsoft", "Nvidiaa"]
    assert spaced_parts("Nvidiaa of Microsft", lowered, loose=True) == []  # no exact name: one name with slips


# -- types, limit, suggestions ----------------------------------------------------------------


@pytest.mark.parametrize("word", ["people", "persons", "Person", "departed executives", "investors", "funding-rounds"])
def test_types_take_families_singular_and_plural(kb: KnowledgeBase, word: str) -> None:
    """types= reads a family or tag as the command line does."""
    tag = RECORD_TYPES.kind(word)
    found = kb.search("Murati", types=[word], limit=50) or kb.search("OpenAI", types=[word], limit=50)
    assert found
    assert {match.record.type for match in found} == {tag}


def test_the_default_limit_is_the_same_in_python_and_on_the_command_line(kb: KnowledgeBase) -> None:
    """Both give DEFAULT_LIMIT results when more match: the 19 claims are a long enough list."""
    assert inspect.signature(KnowledgeBase.search).parameters["limit"].default == DEFAULT_LIMIT
    assert len(kb.search("claims")) == DEFAULT_LIMIT
    stdout = io.StringIO()
    assert main(["search", "claims", "--json"], Output(stdout=stdout, stderr=io.StringIO(), color=False)) == 0
    assert len(orjson.loads(stdout.getvalue())) == DEFAULT_LIMIT


@pytest.mark.parametrize("query", ["软银", "valuationz", "Xylophone"])
def test_no_implausible_suggestion(kb: KnowledgeBase, query: str) -> None:
    """Nothing is suggested for a word that is not plausibly a name the data holds."""
    assert kb.closest(query) == []


@pytest.mark.parametrize(
    ("query", "expected"), [("Mirra Mruatti", "person:mira-murati"), ("穆拉提", "person:mira-murati")]
)
def test_a_plausible_slip_is_suggested(kb: KnowledgeBase, query: str, expected: str) -> None:
    """A name with slips, or Chinese with one character of the same sound, is suggested."""
    assert [candidate.id for candidate in kb.closest(query)][:1] == [expected]


def test_a_count_unit_in_the_data_is_folded() -> None:
    """A Quantity's unit is compared folded: 'Users' in the data, 'users' in the query."""
    kb = KnowledgeBase.from_records(
        [
            {"type": "source", "id": "source:s", "title": "S", "language": "en", "length": 10},
            {"type": "organization", "id": "org:a", "name": "Acme"},
            {
                "type": "metric",
                "id": "metric:a",
                "subject": "org:a",
                "name": "customers",
                "value": Quantity(value=Decimal(3000), unit="Customers").model_dump(mode="json"),
                "evidence": [{"source": "source:s", "quote": "x", "start": 0, "end": 1}],
            },
        ]
    )
    assert _ids(kb.search("3,000 customers")) == ["metric:a"]
    assert _ids(kb.search("3000 customer")) == ["metric:a"]
    assert kb.search("US$3000") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("OpenAI最新估值", {"valuation"}),
        ("OpenAI估值多少", {"valuation"}),
        ("OpenAI latest valuation", {"valuation"}),
        ("谁离开了OpenAI", {"departure"}),
        ("who left OpenAI", {"departure"}),
        ("xAI competitor", {"competition"}),
        ("OpenAI people", {"person"}),
        ("OpenAI executives", {"person"}),
        ("1570亿美元估值", {"valuation"}),
        ("微软和英伟达的投资", {"investment"}),
        ("Microsoft and Nvidia investments", {"investment"}),
    ],
)
def test_questions_as_journalists_type_them(kb: KnowledgeBase, query: str, expected: set[str]) -> None:
    """Question words, words the data lacks and Chinese run together with a name leave the topic and the name."""
    found = kb.search(query)
    topical = [match for match in found if match.steps[0] == "topic"]
    assert topical == found[: len(topical)]  # the topic's records first
    assert {match.record.type for match in topical} == expected
    assert {match.record.type for match in found[len(topical) :]} <= {"claim"}  # then sentences saying the words
