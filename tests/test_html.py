"""Rich display in notebooks: every view is escaped HTML, plain tables, no JavaScript."""

from __future__ import annotations

import pickle
from html.parser import HTMLParser

import pytest

from openai_kb import KnowledgeBase, Match, SearchResults
from openai_kb.models import RECORD_TYPES

HOSTILE = "<script>alert(1)</script>"


class Page(HTMLParser):
    """What a browser would see: the tags, their attributes, the text, and the rows of every table."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def assert_safe(page: Page) -> None:
    """No script, no event handler, no style or link that could run code."""
    assert "script" not in page.tags
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert set(page.tags) <= {
        "div", "span", "strong", "code", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "br", "a",
    }  # fmt: skip


@pytest.fixture(scope="module")
def hostile_kb() -> KnowledgeBase:
    """A knowledge base whose names, title, quote and translation all try to inject markup."""
    return KnowledgeBase.from_records(
        [
            {
                "type": "source",
                "id": "source:s",
                "title": f"Title {HOSTILE}",
                "publisher": "<b>Pub</b>",
                "language": "en",
            },
            {
                "type": "organization",
                "id": "org:evil",
                "name": HOSTILE,
                "names": [{"text": '"><img src=x onerror=alert(1)>', "language": "zh-Hans"}],
                "description": "Tom & Jerry <i>inc</i>",
            },
            {"type": "person", "id": "person:p", "name": "P"},
            {
                "type": "departure",
                "id": "departure:p",
                "person": "person:p",
                "organization": "org:evil",
                "title": "<u>Chief</u>",
                "recent_wave": True,
                "evidence": [
                    {"source": "source:s", "quote": HOSTILE, "start": 0, "end": 25, "translation": "<em>t</em>"}
                ],
            },
        ]
    )


def test_hostile_name_renders_as_text_in_every_view(hostile_kb: KnowledgeBase) -> None:
    """A record named <script>alert(1)</script> shows that text, escaped, in every view."""
    views = {
        "kb": hostile_kb._repr_html_(),
        "record": hostile_kb["org:evil"]._repr_html_(),
        "fact": hostile_kb["departure:p"]._repr_html_(),
        "profile": hostile_kb.about("org:evil")._repr_html_(),
        "fact profile": hostile_kb.about("departure:p")._repr_html_(),
        "search": hostile_kb.search("alert")._repr_html_(),
    }
    for name, markup in views.items():
        page = Page(markup)
        assert_safe(page)
        assert "<script>" not in markup, name
        assert "<img" not in markup, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in views["record"]
    assert HOSTILE in Page(views["record"]).all_text
    assert HOSTILE in Page(views["profile"]).all_text
    assert '"><img src=x onerror=alert(1)>' in Page(views["profile"]).all_text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in views["profile"]
    assert "Tom & Jerry <i>inc</i>" in Page(views["record"]).all_text
    assert "<em>t</em>" in Page(views["fact profile"]).all_text
    assert "<u>Chief</u>" in Page(views["fact"]).all_text
    assert f"Source: Title {HOSTILE}" in Page(views["kb"]).all_text


def test_knowledge_base_view_counts_types_and_shows_the_source(kb: KnowledgeBase) -> None:
    """The knowledge base shows its size, a count per record type, and its source's fields."""
    page = Page(kb._repr_html_())
    assert_safe(page)
    assert "KnowledgeBase: 52 records" in page.all_text
    counts = {row[0]: row[1] for row in page.rows if row[0] in RECORD_TYPES}
    assert counts == {
        "source": "1",
        "organization": "6",
        "person": "7",
        "funding_round": "1",
        "investment": "3",
        "departure": "6",
        "valuation": "3",
        "competition": "2",
        "status_change": "1",
        "metric": "1",
        "partnership": "1",
        "funding_use": "1",
        "claim": "19",
    }
    fields = {row[0]: row[1] for row in page.rows if len(row) == 2}
    assert fields["title"] == "66 亿美元的灵魂拷问,OpenAI 会不会变成 AI 界的巨无霸?"
    assert fields["publisher"] == "华夏传媒网"
    assert fields["published"] == "2024-10-14T09:31:00+08:00"
    assert fields["filename"] == "000_998db688bafa6070.txt"


def test_record_alone_shows_its_names_fields_and_evidence(kb: KnowledgeBase) -> None:
    """A record without a knowledge base shows every name, its fields (references as ids) and its quotes."""
    alone = type(kb["departure:mira-murati"]).model_validate(kb["departure:mira-murati"].model_dump())
    page = Page(alone._repr_html_())
    assert_safe(page)
    assert page.all_text.startswith(
        "person:mira-murati left org:openai (Chief Technology Officer) departure:mira-murati"
    )
    assert ["首席技术官", "zh-Hans", "alias"] in page.rows
    assert ["首席技術長", "zh-Hant", "alias"] in page.rows
    assert ["person", "person:mira-murati"] in page.rows
    assert ["title", "Chief Technology Officer"] in page.rows
    assert ["recent_wave", "True"] in page.rows
    assert "“首席技术长Mira Murati、研发长Bob McGrew以及研发副总裁Barret Zoph等核心高层同时宣布离职”" in page.all_text
    assert "core executives including Chief Technology Officer Mira Murati" in page.all_text
    assert "source:huaxia-2024-10-14-openai [chars 312-371]" in page.all_text


def test_record_view_shows_amounts_in_words_and_as_printed(kb: KnowledgeBase) -> None:
    """Money fields read as words with the printed figure beside them."""
    page = Page(kb["round:openai-2024-10"]._repr_html_())
    assert ["amount", "US$6.6 billion (printed 66 亿美元)"] in page.rows
    assert ["post_money_valuation", "US$157 billion (printed 1,570 亿美元)"] in page.rows


def test_profile_view_names_references_and_lists_facts_with_evidence(kb: KnowledgeBase) -> None:
    """A profile shows references by name, then each fact with its quotes, translations and source."""
    page = Page(kb.about("穆拉蒂")._repr_html_())
    assert_safe(page)
    assert page.all_text.startswith("Mira Murati person:mira-murati person")
    assert ["米拉·穆拉蒂", "zh-Hans, zh-Hant", "transliteration"] in page.rows
    assert [row[0] for row in page.rows if row[0] in ("Mira Murati", "米拉·穆拉蒂")] == ["Mira Murati", "米拉·穆拉蒂"]
    fact_rows = [row for row in page.rows if row[0] == "departure"]
    assert len(fact_rows) == 1
    _, fact, evidence = fact_rows[0]
    assert fact == "Mira Murati left OpenAI (Chief Technology Officer) departure:mira-murati"
    assert "“首席技术长Mira Murati、" in evidence
    assert "core executives including" in evidence
    assert "华夏传媒网, 2024-10-14 09:31 [chars 312-371]" in evidence

    valuation = Page(kb.about("valuation:openai-2024-10-post-money")._repr_html_())
    assert ["company", "OpenAI org:openai"] in valuation.rows
    assert ["OpenAI funding round of US$6.6 billion", "round:openai-2024-10", "funding_round"] in valuation.rows


def test_profile_view_shows_the_quotes_that_name_a_listed_investor(kb: KnowledgeBase) -> None:
    """Under Thrive Capital, the round's evidence cell holds the quote naming it and says how many do not."""
    page = Page(kb.about("Thrive")._repr_html_())
    assert_safe(page)
    (round_row,) = [row for row in page.rows if row[0] == "funding_round"]
    assert round_row[2] == (
        "“由纽约创投机构 Thrive Capital 领衔,微软、辉达等科技巨头共同参与的 66 亿美元投资” "
        "the US$6.6 billion investment led by New York venture firm Thrive Capital, with tech giants such as "
        "Microsoft and Nvidia taking part 华夏传媒网, 2024-10-14 09:31 [chars 164-214]"
        "2 more quotes do not name Thrive Capital"  # a block of its own after the quote
    )


def test_search_results_are_a_plain_list(kb: KnowledgeBase) -> None:
    """kb.search returns SearchResults: a list of Match, equal to a plain list, with the list's repr."""
    results = kb.search("Murati")
    assert isinstance(results, SearchResults)
    assert isinstance(results, list)
    plain = list(results)
    assert results == plain
    assert repr(results) == repr(plain)
    assert all(isinstance(match, Match) for match in results)
    assert kb.search("Google") == []
    assert repr(kb.search("Google")) == "[]"
    assert pickle.loads(pickle.dumps(results)) == results


def test_search_results_str_is_a_numbered_list(kb: KnowledgeBase) -> None:
    """str() numbers the results with label, id, type, score, what matched and the ambiguity flag."""
    assert str(kb.search("联合创始人", limit=2)).splitlines() == [
        " 1. Ilya Sutskever  [person:ilya-sutskever]  person, score 100, ambiguous; "
        "matched '联合创始人' (title, zh-Hans)",
        " 2. John Schulman  [person:john-schulman]  person, score 100, ambiguous; "
        "matched '联合创始人' (title, zh-Hans)",
    ]
    assert str(kb.search("Google")) == "No match for 'Google'."


def test_search_results_view_is_a_table(kb: KnowledgeBase) -> None:
    """The table has rank, score, type, label, id, what matched (text, field, language) and the flag."""
    page = Page(kb.search("联合创始人")._repr_html_())
    assert_safe(page)
    assert "4 results for 联合创始人" in page.all_text
    assert page.rows[0] == ["#", "score", "type", "label", "id", "matched", "field", "language", "ambiguous"]
    assert page.rows[1] == [
        "1", "100", "person", "Ilya Sutskever", "person:ilya-sutskever", "联合创始人", "title", "zh-Hans", "ambiguous",
    ]  # fmt: skip
    assert page.rows[3][:5] == [
        "3",
        "97",
        "departure",
        "Ilya Sutskever left OpenAI (Co-founder)",
        "departure:ilya-sutskever",
    ]
    amount = Page(kb.search("66亿")._repr_html_())
    assert amount.rows[1] == [
        "1", "100", "funding_round", "OpenAI funding round of US$6.6 billion", "round:openai-2024-10",
        "66 亿美元", "amount", "", "",
    ]  # fmt: skip
    assert Page(kb.search("Google")._repr_html_()).all_text == "No match for Google."
