"""kb.link giving a fact its unstated figure: from a clause saying "it committed", never from a further amount."""

from __future__ import annotations

import pytest

from openai_kb import KnowledgeBase, Source


def _amounts(kb: KnowledgeBase, text: str) -> list[tuple[str, str, float, str]]:
    return [(link.text, link.record.id, link.score, link.why) for link in kb.link(text) if link.kind == "amount"]


@pytest.mark.parametrize(
    ("text", "figure", "fact", "named"),
    [
        (
            "For Thrive Capital, the bet is a big one: people close to it say it committed roughly $1.2 billion.",
            "roughly $1.2 billion",
            "investment:thrive-capital-openai-2024-10",
            "org:thrive-capital",
        ),
        ("至于微软，据悉其出资约10亿美元。", "约10亿美元", "investment:microsoft-openai-2024-10", "org:microsoft"),
        ("至於輝達，消息指其投資約1億美元。", "約1億美元", "investment:nvidia-openai-2024-10", "org:nvidia"),
    ],
)
def test_a_clause_naming_no_record_gives_the_one_unstated_fact_of_its_sentence(
    kb: KnowledgeBase, text: str, figure: str, fact: str, named: str
) -> None:
    """A figure whose clause names no record but says how it is given goes to the sentence's one investor, at 70."""
    why = f"amount of {fact} is not stated: this figure gives it ({named} named in its sentence)"
    assert _amounts(kb, text) == [(figure, fact, 70.0, why)]


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft joined; analysts expect about $2 billion in new spending.",  # the clause gives no figure to a fact
        "Microsoft and Nvidia joined: one of them committed $1 billion.",  # two investors: "it" is not read
        "微软与英伟达均参与：据悉其中一家出资10亿美元。",
    ],
)
def test_a_clause_naming_no_record_gives_nothing_unless_the_sentence_decides(kb: KnowledgeBase, text: str) -> None:
    """Without a word of giving in the clause, or with two records the sentence could mean, the figure links nowhere."""
    assert _amounts(kb, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Thrive Capital may invest another $1 billion next year.",
        "Thrive Capital may invest up to $1 billion more next year.",
        "Thrive Capital put in an additional $1 billion.",
        "For Thrive Capital, the bet grows: it can commit a further $1 billion.",
        "Thrive Capital明年可再追加最多10亿美元。",
        "微軟額外投資5億美元。",
    ],
)
def test_a_further_amount_is_never_the_unstated_figure(kb: KnowledgeBase, text: str) -> None:
    """'Another', 'more', 'additional', 追加, 額外: a figure on top of another gives no fact its own figure."""
    assert _amounts(kb, text) == []


def test_a_figure_of_a_new_round_is_still_read_after_again(kb: KnowledgeBase) -> None:
    """再度融资 (raised again) is a round's own figure: only 再 right before the figure marks a further amount."""
    assert [(text, key) for text, key, *_ in _amounts(kb, "OpenAI再度融资70亿美元。")] == [
        ("70亿美元", "round:openai-2024-10")
    ]


NOTE = "The tests' own note: Sakura Capital put US$300 million into OpenAI's round."
SOURCE = Source(id="source:sakura-note", title="A note on Sakura Capital", language="en", length=len(NOTE))


@pytest.fixture(scope="module")
def sakura(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled data plus an investor the knowledge base knows by its English name only, with its amount."""
    quote = "Sakura Capital put US$300 million into OpenAI's round"
    evidence = [
        {"source": SOURCE.id, "quote": quote, "start": NOTE.index(quote), "end": NOTE.index(quote) + len(quote)}
    ]
    investor = {"type": "organization", "id": "org:sakura-capital", "name": "Sakura Capital", "evidence": evidence}
    investment = {
        "type": "investment",
        "id": "investment:sakura-capital-openai-2024-10",
        "organization": "org:sakura-capital",
        "round": "round:openai-2024-10",
        "amount": {"amount": "300000000", "currency": "USD", "text": "US$300 million"},
        "evidence": evidence,
    }
    return kb.add(SOURCE, investor, investment)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("OpenAI完成66億美元融資。櫻花資本投資3億美元。", 75.0),  # its kind said, its round's company named
        ("OpenAI完成66億美元融資。櫻花資本花費3億美元。", 60.0),  # no word of investing beside it
        ("櫻花資本投資3億美元。", 60.0),  # nothing of its round named in the text
        ("Thrive Capital led. 櫻花資本投資3億美元。", 60.0),  # only one the round lists, not its company
        ("OpenAI closed its round. Sakura Capital invested $300 million.", 100.0),  # its investor named beside it
    ],
)
def test_a_held_figure_whose_investor_goes_unrecognised(sakura: KnowledgeBase, text: str, score: float) -> None:
    """A figure one investment holds, beside a word of investing in a report naming the round's company, scores
    as if its investor were named elsewhere (75, shown): the report may call the investor by a name not held."""
    (link,) = [link for link in sakura.link(text, min_score=0) if link.text in ("3億美元", "$300 million")]
    assert (link.record.id, link.score) == ("investment:sakura-capital-openai-2024-10", score)


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI本轮融资规模为65至70亿美元。",
        "OpenAI本輪融資規模為六十五至七十億美元。",
        "Accounts put the OpenAI round at 6.5 to 7 billion dollars.",
        "Accounts put the OpenAI round at between 6.5 and 7 billion dollars.",
    ],
)
def test_a_range_whose_first_end_is_a_bare_number_is_no_disagreement(kb: KnowledgeBase, text: str) -> None:
    """'65至70亿美元': the first end leaves its scale to the second, and neither is a differing figure."""
    assert _amounts(kb, text) == []


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("In 2024, OpenAI raised $7 billion.", "$7 billion"),  # "raised" names the round, as 融资 does
        ("OpenAI's round in 2024 — $7 billion, by one account — was its largest.", "$7 billion"),  # a year is no end
    ],
)
def test_a_differing_round_figure(kb: KnowledgeBase, text: str, figure: str) -> None:
    """$7 billion beside OpenAI's round of US$6.6 billion differs from it, however the round is named."""
    why = "amount of round:openai-2024-10 is 66 亿美元: this figure differs"
    assert _amounts(kb, text) == [(figure, "round:openai-2024-10", 80.0, why)]


@pytest.mark.parametrize("text", ["OpenAI raised €6.1 billion.", "OpenAI的估值约合1450亿欧元。"])
def test_a_figure_in_another_currency_is_no_disagreement(kb: KnowledgeBase, text: str) -> None:
    """€6.1 billion beside the US$6.6 billion round is the round converted: a figure differs only in its currency."""
    assert _amounts(kb, text) == []


@pytest.mark.parametrize(
    "text", ["Nvidia reported a quarterly profit of $1.5 billion.", "英伟达季度净利润约15亿美元。"]
)
def test_a_figure_its_clause_names_as_another_measure_is_no_investors_part(kb: KnowledgeBase, text: str) -> None:
    """$1.5 billion of Nvidia's profit is not its unstated part of the round: the clause says what the figure is."""
    assert _amounts(kb, text) == []


def test_more_after_a_mark_is_a_comparison_not_a_further_amount(kb: KnowledgeBase) -> None:
    """'$1 billion, more than Nvidia did': 'more' after the comma compares; the figure is Microsoft's part."""
    assert [
        (text, key, score) for text, key, score, _ in _amounts(kb, "Microsoft put in $1 billion, more than Nvidia did.")
    ] == [("$1 billion", "investment:microsoft-openai-2024-10", 80.0)]
