"""The views of kb.link's Links: the notebook's HTML, str(), to_pandas() and the standalone page."""

from __future__ import annotations

import pickle
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from openai_kb import KnowledgeBase, Links
from openai_kb.outputs._render.links import links_page

from .hostile import EVIL, RECORDS

LINKED = (Path(__file__).resolve().parents[1] / "docs" / "examples" / "linked.txt").read_text(encoding="utf-8")
SHORT = 'Microsoft & "OpenAI" <b>.'

# The styles the view writes, spelt out: each highlight sets its fill and its text colour.
NAME = "background:#fff3b0;color:#1a1a1a;padding:0 2px;border-radius:3px"
TAG = "background:#e9ecef;color:#212529;font-size:70%;padding:0 3px;border-radius:3px;margin-left:1px"
LEFT = "text-align:left;vertical-align:top;padding:2px 8px"
RIGHT = "text-align:right;vertical-align:top;padding:2px 8px"


def _cells(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    styled = (f'<{tag} style="{RIGHT if i in (0, 6) else LEFT}">{c}</{tag}>' for i, c in enumerate(cells))
    return "<tr>" + "".join(styled) + "</tr>"


def _row(number: int, position: str, mention: str, record: str, why: str) -> str:
    span = f'<span style="{NAME}">{mention}</span>'
    return _cells(str(number), position, span, mention, f"<code>{record}</code>", "name", "100", why, "")


def _mark(mention: str, record: str, number: int) -> str:
    hover = f"{mention} [{record}] · name, score 100 · name &#x27;{mention}&#x27; (en) of {record}"
    return (
        f'<mark style="{NAME}" title="{hover}">{mention}</mark><sup style="{TAG}">{number} {mention} · {record}</sup>'
    )


def _thrive_foods(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled data plus a second organization called Thrive, so that "Thrive" alone is ambiguous."""
    foods = {"type": "organization", "id": "org:thrive-foods", "name": "Thrive Foods",
             "names": [{"text": "Thrive", "language": "en", "kind": "abbreviation"}]}  # fmt: skip
    return kb.add(foods, source="source:huaxia-2024-10-14-openai")


class _Markup(HTMLParser):
    """Every tag of a piece of HTML with its attributes, and the text between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Markup:
    markup = _Markup()
    markup.feed(html)
    markup.close()
    return markup


def test_html_is_the_text_with_each_mention_highlighted_and_labelled(kb: KnowledgeBase) -> None:
    """The notebook view: a count, the text escaped with each mention marked and labelled, a table of the links."""
    html = kb.link(SHORT)._repr_html_()
    head = _cells("#", "position", "mention", "record", "id", "kind", "score", "why", "note", header=True)
    rows = _row(1, "0-9", "Microsoft", "org:microsoft", "name &#x27;Microsoft&#x27; (en) of org:microsoft") + _row(
        2, "13-19", "OpenAI", "org:openai", "name &#x27;OpenAI&#x27; (en) of org:openai"
    )
    assert html == (
        '<div class="openai-kb-links"><div style="color:#888">2 links in 25 characters</div>'
        '<div style="white-space:pre-wrap;line-height:2;margin:4px 0">'
        f"{_mark('Microsoft', 'org:microsoft', 1)} &amp; &quot;{_mark('OpenAI', 'org:openai', 2)}&quot; &lt;b&gt;."
        f'</div><table style="border-collapse:collapse;margin:4px 0"><thead>{head}</thead><tbody>{rows}</tbody>'
        "</table></div>"
    )


def test_html_of_no_links_is_the_text_alone(kb: KnowledgeBase) -> None:
    """A text with no link shows its count and the text, with no table."""
    assert kb.link("Nothing & no one.")._repr_html_() == (
        '<div class="openai-kb-links"><div style="color:#888">0 links in 17 characters</div>'
        '<div style="white-space:pre-wrap;line-height:2;margin:4px 0">Nothing &amp; no one.</div></div>'
    )


def test_differing_figure_is_marked_with_the_values_held(kb: KnowledgeBase) -> None:
    """A figure that differs is red and outlined, flagged after its label, and its note gives the value held."""
    html = kb.link(LINKED)._repr_html_()
    differs = "background:#ffc9c9;color:#1a1a1a;outline:2px solid #c92a2a;padding:0 2px;border-radius:3px"
    label = "OpenAI valued at US$157 billion (post-money)"
    assert f'<mark style="{differs}" title="{label} [valuation:openai-2024-10-post-money] · amount, score 80 · ' in html
    assert (
        f'US$160 billion</mark><sup style="{TAG}">5 {label} · valuation:openai-2024-10-post-money differs</sup>' in html
    )
    note = "differs: held US$157 billion (printed &#x27;1,570 亿美元&#x27;)"
    assert f'<td style="{LEFT}"><span style="{differs}">{note}</span></td></tr>' in html
    assert f'<mark style="{NAME}" title="Thrive Capital [org:thrive-capital] · name, score 100' in html


def test_ambiguous_name_is_marked_with_the_other_records(kb: KnowledgeBase) -> None:
    """A name the text does not decide is orange and dashed, and its note names the other record by label and id."""
    html = _thrive_foods(kb).link("Thrive grew fast.")._repr_html_()
    ambiguous = "background:#ffd8a8;color:#1a1a1a;outline:2px dashed #b35900;padding:0 2px;border-radius:3px"
    assert f'<mark style="{ambiguous}" title="Thrive Capital [org:thrive-capital] · name, score 75 · ' in html
    assert f'<sup style="{TAG}">1 Thrive Capital · org:thrive-capital ambiguous</sup> grew fast.' in html
    assert f'<span style="{ambiguous}">ambiguous: or Thrive Foods [org:thrive-foods]</span>' in html


HOSTILE = "<script>alert('x')</script> \"q\" & OpenAI\u202eevil\u2066\x00\x1b[2J\udc80\u2028end"


def test_hostile_text_never_acts(kb: KnowledgeBase) -> None:
    """Markup, quotes and ampersands are escaped; controls, bidi characters and lone surrogates show as escapes."""
    links = kb.link(HOSTILE)
    html = links._repr_html_()
    html.encode("utf-8")  # no lone surrogate left: a notebook can save it
    markup = _parsed(html)
    assert {tag for tag, _ in markup.tags} == {"div", "mark", "sup", "span", "table", "thead", "tbody", "tr", "th",
                                               "td", "code"}  # fmt: skip
    assert {name for _, attrs in markup.tags for name in attrs} <= {"class", "style", "title"}
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]", html)
    shown = "".join(markup.text)
    assert (
        "<script>alert('x')</script> \"q\" & OpenAI1 OpenAI · org:openai"
        "\\u202eevil\\u2066\\x00\\x1b[2J\\udc80\\u2028end" in shown
    )
    assert [link.text for link in links] == ["OpenAI"]


def test_hostile_names_in_labels_and_tooltips_are_escaped() -> None:
    """A record whose name holds terminal escapes and a bidi override shows it escaped in the label and the tooltip."""
    evil = KnowledgeBase.from_records(RECORDS)
    html = evil.link(f"Said: {EVIL}.")._repr_html_()
    markup = _parsed(html)
    title = next(attrs["title"] for tag, attrs in markup.tags if tag == "mark")
    assert title == (
        "Evil\\x1b[2J\\x1b]0;owned\\x07\\u202eabc\\r\\x9b31m [org:evil] · name, score 100 · "
        "name 'Evil\\x1b[2J\\x1b]0;owned\\x07\\u202eabc\\r\\x9b31m' (en) of org:evil"
    )
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", html)


def test_every_highlight_sets_its_fill_and_its_text_colour(kb: KnowledgeBase) -> None:
    """Readable on a dark theme: every element given a background is given a text colour too."""
    html = _thrive_foods(kb).link(LINKED + " Thrive grew.\u202e")._repr_html_()
    styles = [attrs.get("style") or "" for _, attrs in _parsed(html).tags]
    filled = [style for style in styles if "background:" in style]
    assert len(filled) >= 10
    assert all(re.search(r"(^|;)color:#", style) for style in filled)


def test_page_stands_alone_and_follows_the_dark_scheme(kb: KnowledgeBase) -> None:
    """The --html page: a whole document, no script allowed, a dark colour scheme, the title escaped."""
    links = kb.link(SHORT)
    page = links_page(links, "Links in <a&b>.txt")
    assert page.startswith('<!DOCTYPE html>\n<html lang="und">\n<head>\n<meta charset="utf-8">\n')
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page
    assert "<title>Links in &lt;a&amp;b&gt;.txt</title>" in page
    assert "@media (prefers-color-scheme: dark) { body { background: #1e1e1e; color: #e6e6e6; } }" in page
    assert f"<h1>Links in &lt;a&amp;b&gt;.txt</h1>\n{links._repr_html_()}\n</body>\n</html>\n" in page


def test_str_stays_the_plain_list(kb: KnowledgeBase) -> None:
    """str() lists the links one a line, as before the views; the notebook view leaves it alone."""
    assert str(kb.link(SHORT)) == (
        "0-9 'Microsoft' -> org:microsoft (name, 100: name 'Microsoft' (en) of org:microsoft)\n"
        "13-19 'OpenAI' -> org:openai (name, 100: name 'OpenAI' (en) of org:openai)"
    )


def test_labels_travel_with_the_links(kb: KnowledgeBase) -> None:
    """The links carry their records' labels (and the other records' of an ambiguous one), pickled with them."""
    links = _thrive_foods(kb).link("Thrive grew fast.")
    expected = {"org:thrive-capital": "Thrive Capital", "org:thrive-foods": "Thrive Foods"}
    assert links.labels == expected
    again = pickle.loads(pickle.dumps(links))
    assert again == links
    assert again.labels == expected
    assert Links(links.text, list(links)).label(links[0].record) == "org:thrive-capital"  # none given: the id


def test_to_pandas_has_one_row_per_link(kb: KnowledgeBase) -> None:
    """to_pandas(): a row per link with its record, kind, score, notes and a figure's amount as float and exactly."""
    pytest.importorskip("pandas")
    frame = kb.link(LINKED).to_pandas()
    assert list(frame.columns) == ["start", "end", "text", "id", "label", "type", "kind", "score", "why", "ambiguous",
                                   "differs", "amount", "amount_exact", "currency"]  # fmt: skip
    assert [str(dtype) for dtype in frame.dtypes] == ["int64", "int64", *["object"] * 5, "float64", *["object"] * 3,
                                                      "float64", "object", "object"]  # fmt: skip
    columns = ["start", "end", "text", "id", "kind", "score", "differs", "amount_exact", "currency"]
    assert frame[columns].values.tolist() == [
        [0, 14, "Thrive Capital", "org:thrive-capital", "name", 100.0, "", None, None],
        [23, 37, "US$6.6 billion", "round:openai-2024-10", "amount", 100.0, "", "6600000000", "USD"],
        [47, 53, "OpenAI", "org:openai", "name", 100.0, "", None, None],
        [72, 78, "OpenAI", "org:openai", "name", 100.0, "", None, None],
        [
            94,
            108,
            "US$160 billion",
            "valuation:openai-2024-10-post-money",
            "amount",
            80.0,
            "US$157 billion",
            "160000000000",
            "USD",
        ],
        [110, 112, "微软", "org:microsoft", "name", 100.0, "", None, None],
        [117, 120, "英伟达", "org:nvidia", "name", 100.0, "", None, None],
    ]
    assert frame["amount"].tolist()[1] == 6.6e9
    assert frame["label"].tolist()[4] == "OpenAI valued at US$157 billion (post-money)"


def test_to_pandas_names_the_other_records_of_an_ambiguous_link(kb: KnowledgeBase) -> None:
    """The ambiguous column joins the other records' ids; no link gives an empty frame with the same columns."""
    pytest.importorskip("pandas")
    frame = _thrive_foods(kb).link("Thrive grew fast.").to_pandas()
    assert frame[["text", "id", "ambiguous"]].values.tolist() == [["Thrive", "org:thrive-capital", "org:thrive-foods"]]
    empty = kb.link("Nothing here.").to_pandas()
    assert (len(empty), list(empty.columns)) == (0, list(frame.columns))
    assert list(empty.dtypes) == list(frame.dtypes)
