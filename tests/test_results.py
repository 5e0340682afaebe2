"""SearchResults as a table (pandas) and as a count that reads right: "1 result", "2 results"."""

from __future__ import annotations

import sys
from html.parser import HTMLParser

import pytest

from openai_kb import KnowledgeBase


def _text(html: str) -> str:
    """The text a reader sees in an HTML view, tags dropped."""
    parts: list[str] = []
    parser = HTMLParser()
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    return "".join(parts)


def test_to_pandas_has_one_row_per_match_best_first(kb: KnowledgeBase) -> None:
    """Each match is a row: rank, id, type, label, score, what matched and how, and the ambiguity flag."""
    pytest.importorskip("pandas")
    results = kb.search("联合创始人")
    frame = results.to_pandas()
    assert list(frame.columns) == [
        "rank", "id", "type", "label", "score", "matched", "field", "language", "steps", "ambiguous",
    ]  # fmt: skip
    assert len(frame) == len(results) == 4
    assert frame["rank"].tolist() == [1, 2, 3, 4]
    assert frame["id"].tolist() == [match.record.id for match in results]
    first = frame.iloc[0].to_dict()
    assert first == {
        "rank": 1,
        "id": "person:ilya-sutskever",
        "type": "person",
        "label": "Ilya Sutskever",
        "score": 100.0,
        "matched": "联合创始人",
        "field": "title",
        "language": "zh-Hans",
        "steps": "exact",
        "ambiguous": True,
    }
    assert frame.loc[2, "label"] == "Ilya Sutskever left OpenAI (Co-founder)"


def test_to_pandas_dtypes_sort_and_filter(kb: KnowledgeBase) -> None:
    """Scores are floats and ranks integers, so they sort and filter as numbers; steps join with '+'."""
    pytest.importorskip("pandas")
    frame = kb.search("yingweida").to_pandas()
    assert str(frame["rank"].dtype) == "int64"
    assert str(frame["score"].dtype) == "float64"
    assert str(frame["ambiguous"].dtype) == "bool"
    assert frame.loc[0, "id"] == "org:nvidia"
    assert "pinyin" in frame.loc[0, "steps"].split("+")
    assert frame.sort_values("score", ascending=False)["id"].iloc[0] == "org:nvidia"


def test_to_pandas_of_no_match_has_the_same_columns_and_dtypes(kb: KnowledgeBase) -> None:
    """An empty result is an empty frame with the same columns and dtypes, so code written for hits still runs."""
    pytest.importorskip("pandas")
    full = kb.search("Thrive").to_pandas()
    empty = kb.search("Google").to_pandas()
    assert empty.empty
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()


def test_to_pandas_without_pandas(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas says how to install it, as kb.to_pandas does."""
    results = kb.search("Thrive")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as caught:
        results.to_pandas()
    assert str(caught.value) == "SearchResults.to_pandas() needs pandas: pip install 'openai-kb[pandas]'"


def test_one_result_reads_singular(kb: KnowledgeBase) -> None:
    """The notebook caption says "1 result" for one and "N results" for more."""
    one = kb.search("Thrive", limit=1)
    assert len(one) == 1
    assert "1 result for Thrive" in _text(one._repr_html_())
    assert "1 results" not in _text(one._repr_html_())
    assert "2 results for 联合创始人" in _text(kb.search("联合创始人", limit=2)._repr_html_())


def test_one_record_reads_singular() -> None:
    """A knowledge base of one record says "1 record" in its view and its repr."""
    single = KnowledgeBase.from_records([{"type": "organization", "id": "org:solo", "name": "Solo"}])
    assert "KnowledgeBase: 1 record" in _text(single._repr_html_())
    assert "1 records" not in _text(single._repr_html_())
    assert repr(single) == "<KnowledgeBase 1 record: organization=1>"
