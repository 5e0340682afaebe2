"""kb.link: the names and figures of a report's text, linked to the records the knowledge base holds."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_kb import KnowledgeBase, Link, Links, Money, QueryError, Source
from openai_kb.amounts import find_amounts, format_amount
from openai_kb.linking import MAX_TEXT_LENGTH
from openai_kb.linking._text import Folded

NOTE = "A note of the tests' own: OpenAI grew; its revenue was put at US$3.6 billion; Microsoft put in US$750 million."
SOURCE = Source(id="source:note", title="A note", language="en", length=len(NOTE))


def _quote(quote: str) -> dict[str, Any]:
    start = NOTE.index(quote)
    return {"source": "source:note", "quote": quote, "start": start, "end": start + len(quote)}


def _found(links: Links) -> list[tuple[str, str, str, float]]:
    """Each link as (mention, record id, kind, score), checking its offsets on the way."""
    for link in links:
        assert links.text[link.start : link.end] == link.text
    return [(link.text, link.record.id, link.kind, link.score) for link in links]


def _with_figures(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled data plus a revenue metric of OpenAI and Microsoft's part of the round."""
    microsoft = kb["investment:microsoft-openai-2024-10"].model_dump(exclude_none=True)
    microsoft["amount"] = {"amount": "750000000", "currency": "USD", "text": "US$750 million"}
    microsoft["evidence"] = [_quote("Microsoft put in US$750 million")]
    revenue = {
        "type": "metric",
        "id": "metric:openai-revenue",
        "subject": "org:openai",
        "name": "revenue",
        "amount": {"amount": "3600000000", "currency": "USD", "text": "US$3.6 billion"},
        "evidence": [_quote("its revenue was put at US$3.6 billion")],
    }
    return kb.add(SOURCE, revenue).replace(microsoft, source="source:note")


def test_english_names_and_figures(kb: KnowledgeBase) -> None:
    """Names link to their records and each figure to the fact whose own figure it is."""
    text = "Thrive Capital led a US$6.6 billion round for OpenAI that valued it at $157bn; Microsoft joined."
    assert _found(kb.link(text)) == [
        ("Thrive Capital", "org:thrive-capital", "name", 100.0),
        ("US$6.6 billion", "round:openai-2024-10", "amount", 100.0),
        ("OpenAI", "org:openai", "name", 100.0),
        ("$157bn", "valuation:openai-2024-10-post-money", "amount", 100.0),
        ("Microsoft", "org:microsoft", "name", 100.0),
    ]


def test_simplified_and_traditional_text(kb: KnowledgeBase) -> None:
    """Chinese names in either script link, whichever script the records write them in."""
    simplified = "英伟达与微软参与了这轮66亿美元融资，米拉·穆拉蒂则已离开。"
    assert _found(kb.link(simplified)) == [
        ("英伟达", "org:nvidia", "name", 100.0),
        ("微软", "org:microsoft", "name", 100.0),
        ("66亿美元", "round:openai-2024-10", "amount", 100.0),
        ("米拉·穆拉蒂", "person:mira-murati", "name", 100.0),
    ]
    traditional = "輝達和微軟都看好OpenAI，估值達1,570億美元。"
    links = kb.link(traditional)
    assert _found(links) == [
        ("輝達", "org:nvidia", "name", 100.0),
        ("微軟", "org:microsoft", "name", 100.0),
        ("OpenAI", "org:openai", "name", 100.0),
        ("1,570億美元", "valuation:openai-2024-10-post-money", "amount", 100.0),
    ]
    assert links[0].why == "transliteration '輝達' (zh-Hant) of org:nvidia"


def test_name_written_only_in_the_other_script(kb: KnowledgeBase) -> None:
    """A Traditional spelling the records hold only in Simplified (奧爾特曼 for 奥尔特曼) still links."""
    links = kb.link("薩姆·奧爾特曼仍然留任。")
    assert _found(links) == [("薩姆·奧爾特曼", "person:sam-altman", "name", 100.0)]
    assert links[0].why == "transliteration '萨姆·奥尔特曼' (zh-Hans) of person:sam-altman"


def test_width_and_case_folded_offsets_exact(kb: KnowledgeBase) -> None:
    """Full-width letters, another case and a space inside a name link with the text's own offsets."""
    text = "Ｍｉｃｒｏｓｏｆｔ, NVIDIA and Open AI met in the Straße."
    assert [(link.start, link.end, link.text) for link in kb.link(text)] == [
        (0, 9, "Ｍｉｃｒｏｓｏｆｔ"),
        (11, 17, "NVIDIA"),
        (22, 29, "Open AI"),
    ]


def test_function_words_and_the_never_link(kb: KnowledgeBase) -> None:
    """Function words, in English or Chinese, and 'The' name nothing."""
    assert list(kb.link("The the of and 的 和 是 在 The.")) == []


def test_latin_names_only_at_word_boundaries(kb: KnowledgeBase) -> None:
    """A name inside a longer word (Microsofty, exAI, Nvidias) is no mention of it."""
    assert list(kb.link("Microsofty, exAI and the Nvidias of this world; OpenAIs.")) == []


def test_surname_after_the_full_name(kb: KnowledgeBase) -> None:
    """A surname alone links to the person the text names in full, and says so."""
    links = kb.link("John Schulman left OpenAI. Months later Schulman joined Anthropic.")
    assert _found(links) == [
        ("John Schulman", "person:john-schulman", "name", 100.0),
        ("OpenAI", "org:openai", "name", 100.0),
        ("Schulman", "person:john-schulman", "name", 95.0),
        ("Anthropic", "org:anthropic", "name", 100.0),
    ]
    assert links[2].why == "surname 'Schulman' (en) of person:john-schulman: named in full in the text"


def test_given_name_alone_needs_the_full_name_or_a_low_min_score(kb: KnowledgeBase) -> None:
    """A given name alone no one else has scores below the default; after the full name it links."""
    assert list(kb.link("Mira spoke first.")) == []
    assert _found(kb.link("Mira spoke first.", min_score=50)) == [("Mira", "person:mira-murati", "name", 60.0)]
    assert _found(kb.link("Mira Murati spoke. Mira left.")) == [
        ("Mira Murati", "person:mira-murati", "name", 100.0),
        ("Mira", "person:mira-murati", "name", 95.0),
    ]


def test_shared_name_is_ambiguous_without_context(kb: KnowledgeBase) -> None:
    """Two organizations called Thrive: the link lists the other when nothing in the text decides."""
    foods = {"type": "organization", "id": "org:thrive-foods", "name": "Thrive Foods",
             "names": [{"text": "Thrive", "language": "en", "kind": "abbreviation"}]}  # fmt: skip
    both = kb.add(foods, source="source:huaxia-2024-10-14-openai")
    alone = both.link("Thrive grew fast.")
    assert _found(alone) == [("Thrive", "org:thrive-capital", "name", 75.0)]
    assert [record.id for record in alone[0].ambiguous] == ["org:thrive-foods"]
    assert alone[0].why == "abbreviation 'Thrive' (en) of org:thrive-capital; the text does not say which of 2 records"
    decided = both.link("Thrive backed OpenAI again.")
    assert _found(decided)[0] == ("Thrive", "org:thrive-capital", "name", 100.0)
    assert decided[0].ambiguous == ()


def test_valuation_figure_links_the_valuation_not_the_round(kb: KnowledgeBase) -> None:
    """A figure a round also carries (its post-money valuation) links to the valuation that is its own."""
    links = kb.link("OpenAI is now worth 157 billion dollars.")
    assert _found(links) == [
        ("OpenAI", "org:openai", "name", 100.0),
        ("157 billion dollars", "valuation:openai-2024-10-post-money", "amount", 100.0),
    ]


def test_qualifier_decides_between_equal_figures(kb: KnowledgeBase) -> None:
    """Two valuations of US$150 billion: 'more than' picks the one held as more than."""
    links = kb.link("OpenAI could be valued at more than US$150 billion.")
    assert links[1].text == "more than US$150 billion"
    assert links[1].record.id == "valuation:openai-2024-10-expected"
    assert links[1].ambiguous == ()


def test_investor_amount_links_its_investment(kb: KnowledgeBase) -> None:
    """An investor's amount, the investor named in the sentence, links to that investor's investment."""
    links = _with_figures(kb).link("Microsoft wrote a cheque for 7.5億美元.")
    assert _found(links) == [
        ("Microsoft", "org:microsoft", "name", 100.0),
        ("7.5億美元", "investment:microsoft-openai-2024-10", "amount", 100.0),
    ]


def test_differing_figure_links_with_the_known_values(kb: KnowledgeBase) -> None:
    """37億美元 of revenue beside OpenAI, where the knowledge base holds US$3.6 billion, links marked as differing."""
    links = _with_figures(kb).link("據報導，OpenAI去年的revenue約為37億美元。")
    assert _found(links) == [
        ("OpenAI", "org:openai", "name", 100.0),
        ("約為37億美元", "metric:openai-revenue", "amount", 80.0),
    ]
    assert links[1].differs == (Money(amount=Decimal("3600000000"), currency="USD", text="US$3.6 billion"),)
    assert links[1].why == "amount of metric:openai-revenue is US$3.6 billion: this figure differs"


def test_differing_valuation_links_to_the_stated_one(kb: KnowledgeBase) -> None:
    """A valuation of OpenAI the data lacks differs from the one a source states, not from those expected."""
    link = kb.link("OpenAI的估值已升至1,600亿美元。")[1]
    assert (link.text, link.record.id, link.score) == ("1,600亿美元", "valuation:openai-2024-10-post-money", 80.0)
    assert link.ambiguous == ()
    assert [money.text for money in link.differs] == ["1,570 亿美元"]


def test_types_keep_only_those_records(kb: KnowledgeBase) -> None:
    """types= keeps the links to records of those types or families."""
    text = "OpenAI raised $6.6bn with Microsoft; Mira Murati had left."
    assert [link.text for link in kb.link(text, types=["organization"])] == ["OpenAI", "Microsoft"]
    assert [link.text for link in kb.link(text, types="funding rounds")] == ["$6.6bn"]


def test_min_score_and_its_bounds(kb: KnowledgeBase) -> None:
    """min_score drops weaker links; outside 0-100 it is refused with the value named."""
    text = "OpenAI hired a new head; thrive is a common verb."
    assert [link.text for link in kb.link(text, min_score=0)] == ["OpenAI", "thrive"]
    assert [link.text for link in kb.link(text)] == ["OpenAI"]
    with pytest.raises(QueryError) as caught:
        kb.link(text, min_score=101)
    assert str(caught.value) == "min_score must be a number from 0 to 100, not 101"


def test_empty_text_gives_empty_links(kb: KnowledgeBase) -> None:
    """An empty text links nothing, and says so."""
    links = kb.link("")
    assert (list(links), links.text, str(links), repr(links)) == (
        [],
        "",
        "No links.",
        "<Links: 0 links in 0 characters>",
    )


def test_links_show_themselves(kb: KnowledgeBase) -> None:
    """str() lists each link: offsets, mention, record, kind, score and why."""
    links = kb.link("微軟 backs OpenAI.")
    assert str(links) == (
        "0-2 '微軟' -> org:microsoft (name, 100: alias '微軟' (zh-Hant) of org:microsoft)\n"
        "9-15 'OpenAI' -> org:openai (name, 100: name 'OpenAI' (en) of org:openai)"
    )
    assert repr(links) == "<Links: 2 links in 16 characters>"
    assert isinstance(links[0], Link)
    assert links[0:1] == (links[0],)


def test_hostile_text_is_handled(kb: KnowledgeBase) -> None:
    """Control characters, zero-width spaces, lone surrogates and combining accents keep offsets exact."""
    text = "x\x00OpenAI\u200b微软\ud800 Nvidia\u0301\x1b[31m"
    assert [(link.start, link.end, link.record.id) for link in kb.link(text)] == [
        (2, 8, "org:openai"),
        (9, 11, "org:microsoft"),
        (13, 20, "org:nvidia"),
    ]


def test_text_that_is_no_str_or_too_long_is_refused(kb: KnowledgeBase) -> None:
    """A text that is no str, or longer than MAX_TEXT_LENGTH, is refused with its type or length."""
    with pytest.raises(TypeError) as wrong:
        kb.link(b"OpenAI")  # type: ignore[arg-type]
    assert str(wrong.value) == "link() expects the text as a str, not bytes"
    with pytest.raises(QueryError) as long:
        kb.link("a" * (MAX_TEXT_LENGTH + 1))
    assert str(long.value) == (
        "the text to link is 10,000,001 characters, over the 10,000,000 link() takes: "
        "link it a chapter or an article at a time"
    )


def test_large_text_links_every_repeat(kb: KnowledgeBase) -> None:
    """A text of a thousand repeats links each one at its own offset."""
    piece = "Ｏｐｅｎ AI 與 微軟。"
    links = kb.link(piece * 1000)
    assert len(links) == 2000
    assert (links[-1].start, links[-1].end) == (len(piece) * 999 + 10, len(piece) * 999 + 12)


def test_folded_offsets_map_back() -> None:
    """A character folding to two (ß) or none (a mark) maps back; a span inside one is refused."""
    folded = Folded("Straße\u00adOpenAI")
    assert folded.compact == "strasseopenai"
    assert (folded.span(7, 13), folded.span(4, 6), folded.span(5, 7)) == ((7, 13), (4, 5), None)


def test_find_amounts_in_both_scripts() -> None:
    """find_amounts gives each figure's offsets and value; bare numbers and lone numerals are none."""
    text = "In 2024 一家公司 raised about $1bn, then 超過1,500億美元 and 2.5亿名用户."
    assert [(text[start:end], parsed.amount, parsed.currency) for start, end, parsed in find_amounts(text)] == [
        ("about $1bn", Decimal("1000000000"), "USD"),
        ("超過1,500億美元", Decimal("150000000000"), "USD"),
        ("2.5亿", Decimal("250000000"), None),
    ]


_PIECES = st.sampled_from(
    ["OpenAI", "ＯｐｅｎＡＩ", "微軟", "英伟达", "Straße", "米拉·穆拉蒂", "Murati", "US$6.6 billion", "66億美元",
     "the", "的", " ", "，", "\x00", "\u0301", "\u200b", "\ud800", "ß", "ﬁ", "½", "Microsofty", "xAI", "Thrive"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25))
def test_offsets_are_exact_on_any_text(kb: KnowledgeBase, pieces: list[str]) -> None:
    """On any text (names, figures, marks, surrogates, random characters), every link's offsets give its text."""
    text = "".join(pieces)
    links = kb.link(text, min_score=0)
    for link in links:
        assert text[link.start : link.end] == link.text
    assert [link.start for link in links] == sorted(link.start for link in links)
    assert all(a.end <= b.start for a, b in pairwise(links))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Schulman left. Later, Laura Schulman wrote about it.", ["person:john-schulman"]),
        ("Thrive Market and Thrive Global are not the investor. Thrive led.", ["org:thrive-capital"]),
        ("Ms Murati, then CTO Murati: Mira Murati.", ["person:mira-murati"] * 4),
    ],
)
def test_a_short_name_beside_another_capitalized_word_is_another_name(
    kb: KnowledgeBase, text: str, expected: list[str]
) -> None:
    """'Laura Schulman' is not John Schulman, 'Thrive Market' not Thrive Capital; an honorific or title is no name."""
    assert [link.record.id for link in kb.link(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected", "stated"),
    [
        (
            "OpenAI closed its round this month. A newsletter put the post-money valuation at $161bn.",
            "valuation:openai-2024-10-post-money",
            "US$157 billion",
        ),
        ("OpenAI本月完成融资。另有媒体称本轮金额为68亿美元。", "round:openai-2024-10", "US$6.6 billion"),
        (
            "OpenAI本月完成融資。也有報導指投後估值為 1,650 億美元。",
            "valuation:openai-2024-10-post-money",
            "US$157 billion",
        ),
    ],
)
def test_a_differing_figure_whose_records_an_earlier_sentence_names(
    kb: KnowledgeBase, text: str, expected: str, stated: str
) -> None:
    """A figure no fact holds, beside a fact's topic words, links to the fact a source states, with its values."""
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score) == (expected, 70.0)
    assert [format_amount(value) for value in link.differs] == [stated]


def test_a_figure_beside_an_investor_gives_its_unstated_amount(kb: KnowledgeBase) -> None:
    """Thrive's amount is not in the article: a figure in the clause naming Thrive gives it, not the round's."""
    text = "Thrive Capital put in $1.25 billion of the $6.6 billion round, which valued OpenAI at $157 billion."
    amounts = [(link.text, link.record.id, link.score, link.differs) for link in kb.link(text) if link.kind == "amount"]
    assert amounts == [
        ("$1.25 billion", "investment:thrive-capital-openai-2024-10", 80.0, ()),
        ("$6.6 billion", "round:openai-2024-10", 100.0, ()),
        ("$157 billion", "valuation:openai-2024-10-post-money", 100.0, ()),
    ]
    assert (
        kb.link(text)[1].why == "amount of investment:thrive-capital-openai-2024-10 is not stated: this figure gives it"
    )


def test_a_differing_figure_in_its_clause_beats_an_investor_named_later(kb: KnowledgeBase) -> None:
    """The valuation named in the figure's own clause decides, not Microsoft named in the next one."""
    text = "A later note put OpenAI's valuation at US$160 billion; Microsoft joined."
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score) == ("valuation:openai-2024-10-post-money", 80.0)
