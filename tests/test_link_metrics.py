"""kb.link naming a metric as reports do: revenue written 营收, 營業額, 收入 or sales links to the revenue metric."""

from __future__ import annotations

from typing import Any

import pytest

from openai_kb import KnowledgeBase, Source
from openai_kb.linking._topics import METRIC_KINDS, _measure_words

NOTE = (
    "The tests' own note: OpenAI's revenue was US$3.6 billion and its net loss US$5 billion; 营收数字另计。"
    " It also has a US$4 billion revolving credit facility."
)
SOURCE = Source(id="source:metrics-note", title="A note on metrics", language="en", length=len(NOTE))


def _metric(key: str, name: str, billions: str, quote: str) -> dict[str, Any]:
    start = NOTE.index(quote)
    return {
        "type": "metric",
        "id": key,
        "subject": "org:openai",
        "name": name,
        "amount": {"amount": str(int(float(billions) * 10**9)), "currency": "USD", "text": f"US${billions} billion"},
        "evidence": [{"source": SOURCE.id, "quote": quote, "start": start, "end": start + len(quote)}],
    }


@pytest.fixture(scope="module")
def metrics(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled data plus OpenAI's revenue (US$3.6 billion), net loss (US$5 billion), credit line (US$4 billion)."""
    revenue = _metric("metric:openai-revenue", "revenue", "3.6", "revenue was US$3.6 billion")
    loss = _metric("metric:openai-net-loss", "net loss", "5", "net loss US$5 billion")
    credit = _metric("metric:openai-credit", "revolving credit facility", "4", "US$4 billion revolving credit facility")
    return kb.add(SOURCE, revenue, loss, credit)


def _amounts(kb: KnowledgeBase, text: str) -> list[tuple[str, str, float, list[str]]]:
    return [
        (link.text, link.record.id, link.score, [str(value.text) for value in link.differs])
        for link in kb.link(text)
        if link.kind == "amount"
    ]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("OpenAI今年营收约为37亿美元。", "约为37亿美元"),
        ("OpenAI今年營收約37億美元。", "約37億美元"),
        ("OpenAI今年的收入约37亿美元。", "约37亿美元"),
        ("OpenAI今年營業額約37億美元。", "約37億美元"),
        ("OpenAI的营业收入达到38亿美元。", "38亿美元"),
        ("OpenAI's sales came to about $3.4 billion this year.", "about $3.4 billion"),
        ("OpenAI reported turnover of US$3.8bn.", "US$3.8bn"),
        ("OpenAI's revenues reached $3.7-billion.", "$3.7-billion"),
    ],
)
def test_revenue_in_any_wording_links_to_the_revenue_metric(metrics: KnowledgeBase, text: str, figure: str) -> None:
    """A revenue figure beside the company, in English, Simplified or Traditional wording, differs from the metric."""
    assert _amounts(metrics, text) == [(figure, "metric:openai-revenue", 80.0, ["US$3.6 billion"])]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("OpenAI今年虧損約54億美元。", "約54億美元"),
        ("OpenAI今年净亏损约为54亿美元。", "约为54亿美元"),
        ("OpenAI's losses could reach $5.4 billion.", "$5.4 billion"),
    ],
)
def test_a_loss_links_to_the_loss_metric_whose_name_says_more(metrics: KnowledgeBase, text: str, figure: str) -> None:
    """A metric named 'net loss' is named by 亏损, 虧損 and losses: a loss figure differs from it, not revenue."""
    assert _amounts(metrics, text) == [(figure, "metric:openai-net-loss", 80.0, ["US$5 billion"])]


@pytest.mark.parametrize(
    "text", ["OpenAI's revenue was put at $5.4 billion by one analyst.", "OpenAI的营收被一位分析师估为54亿美元。"]
)
def test_a_figure_named_as_one_measure_never_differs_from_another(metrics: KnowledgeBase, text: str) -> None:
    """$5.4 billion of revenue is near the US$5 billion loss, but the sentence names revenue: no link to the loss."""
    assert _amounts(metrics, text) == []


@pytest.mark.parametrize(
    ("text", "figure", "fact", "differs"),
    [
        ("OpenAI's revenue run rate hit $4 billion.", "$4 billion", "metric:openai-revenue", ["US$3.6 billion"]),
        ("OpenAI今年收入预计约为40亿美元。", "预计约为40亿美元", "metric:openai-revenue", ["US$3.6 billion"]),
        ("OpenAI signed a $4 billion credit line with banks.", "$4 billion", "metric:openai-credit", []),
        ("OpenAI has a $4 billion cushion.", "$4 billion", "metric:openai-credit", []),
    ],
)
def test_a_figure_a_metric_holds_is_not_its_when_the_clause_names_another_measure(
    metrics: KnowledgeBase, text: str, figure: str, fact: str, differs: list[str]
) -> None:
    """$4 billion of revenue is not the US$4 billion credit line (a differing revenue figure), unless no measure
    or its own is named."""
    assert [(text, key, found) for text, key, _, found in _amounts(metrics, text)] == [(figure, fact, differs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Microsoft, which has put some $3.9 billion into OpenAI since 2019, reported sales of $65.6 billion.",
            [],
        ),
        (
            "OpenAI's revenue of $3.9 billion and losses of $5.4 billion were reported.",
            [("$3.9 billion", "metric:openai-revenue"), ("$5.4 billion", "metric:openai-net-loss")],
        ),
        (
            "OpenAI's sales came to $3.9 billion, while its losses could reach $5.4 billion.",
            [("$3.9 billion", "metric:openai-revenue"), ("$5.4 billion", "metric:openai-net-loss")],
        ),
    ],
)
def test_a_measure_word_names_the_figure_of_its_clause(
    metrics: KnowledgeBase, text: str, expected: list[tuple[str, str]]
) -> None:
    """A clause mark between two figures gives each the words on its side: Microsoft's own sales name not its $3.9
    billion; with no mark between them, each figure has the words around both."""
    assert [(text, key) for text, key, *_ in _amounts(metrics, text)] == expected


def test_a_metric_named_in_chinese_is_named_by_english_words(kb: KnowledgeBase) -> None:
    """A metric the data names 营收 is what 'revenue' in an English report names."""
    chinese = kb.add(SOURCE, _metric("metric:openai-yingshou", "营收", "3.6", "营收数字"))
    assert _amounts(chinese, "OpenAI expects revenue of $3.9 billion.") == [
        ("$3.9 billion", "metric:openai-yingshou", 80.0, ["US$3.6 billion"])
    ]


@pytest.mark.parametrize(
    ("name", "has", "lacks"),
    [
        ("annual revenue", {"annual revenue", "revenue", "营收", "营业额", "sales"}, {"亏损"}),
        ("net loss", {"net loss", "loss", "losses", "亏损", "亏蚀"}, {"营收"}),
        ("weekly active users", {"weekly active users", "users", "用户", "使用者"}, {"营收"}),
        ("營收", {"营收", "revenue", "收入"}, {"loss"}),
        ("compute capacity", {"compute capacity"}, {"revenue", "营收"}),
    ],
)
def test_a_metric_is_named_by_every_word_of_its_measure(name: str, has: set[str], lacks: set[str]) -> None:
    """A name holding a word of a measure takes all its words; a measure the table lacks keeps its own name only."""
    from openai_kb.search.normalize import fold

    words = _measure_words(fold(name))
    assert has <= words
    assert not lacks & words


def test_measures_share_no_word() -> None:
    """No word names two measures, so a sentence's word never names a metric of another kind."""
    seen: set[str] = set()
    for kind in METRIC_KINDS:
        assert not seen & kind
        seen |= kind
