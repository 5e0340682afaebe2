"""The views of ``Links``: the text with each mention highlighted and labelled (HTML), and their notes.

The text linked is data, never markup: every piece goes through ``html.escape``, and a control or
invisible format character (a bidi override, a NUL, a lone surrogate) shows as its escape
(``\\u202e``), so nothing in the text can act, reorder what follows or break the encoding. Each
highlight sets both its fill and its text colour, so it reads alike on JupyterLab's light and dark
themes; the page ``openai-kb link --html`` writes follows the reader's colour scheme too.
"""

from __future__ import annotations

import unicodedata
from html import escape

from ...linking import Link, Links
from .text import PLAIN
from .values import counted, show_value

__all__ = ["link_note", "links_html", "links_page"]

# Fill and text colour of each kind of highlight: dark text on a light fill, whatever the theme.
_NAME = "background:#fff3b0;color:#1a1a1a"
_AMOUNT = "background:#c8f0d2;color:#1a1a1a"
_AMBIGUOUS = "background:#ffd8a8;color:#1a1a1a;outline:2px dashed #b35900"
_DIFFERS = "background:#ffc9c9;color:#1a1a1a;outline:2px solid #c92a2a"
_MARK = "padding:0 2px;border-radius:3px"
_TAG = "background:#e9ecef;color:#212529;font-size:70%;padding:0 3px;border-radius:3px;margin-left:1px"
_ESCAPE = "background:#343a40;color:#f8f9fa;font-family:monospace;font-size:85%;padding:0 2px"
_TEXT = "white-space:pre-wrap;line-height:2;margin:4px 0"
_CELL = "text-align:left;vertical-align:top;padding:2px 8px"
_NUMBER = "text-align:right;vertical-align:top;padding:2px 8px"
_TABLE = "border-collapse:collapse;margin:4px 0"

# Shown as escapes, as the terminal shows them (``cli._output.visible``): controls, invisible format
# characters (bidi overrides and isolates among them), line and paragraph separators, lone surrogates.
# Kept: line breaks and tabs (the text keeps its layout), and the joiners that build emoji and words.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_KEPT = frozenset("\n\t\u200c\u200d")

_PAGE = """<!DOCTYPE html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       background: #ffffff; color: #1a1a1a; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #1e1e1e; color: #e6e6e6; }} }}
table {{ border-collapse: collapse; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN and char not in _KEPT


def _escaped(char: str) -> str:
    """``\\r``, ``\\x00``, ``\\u202e``, ``\\U000e0001``: a hidden character as the terminal shows it."""
    code = ord(char)
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _text(text: str) -> str:
    """``text`` escaped, each hidden character as a visible escape of its own."""
    if text.isprintable():
        return escape(text, quote=True)
    return "".join(
        f'<span style="{_ESCAPE}">{_escaped(char)}</span>' if _hidden(char) else escape(char, quote=True)
        for char in text
    )


def _attribute(text: str) -> str:
    """Text for an attribute (a tooltip, a title): escaped, hidden characters as their escapes."""
    return escape("".join(_escaped(char) if _hidden(char) else char for char in text), quote=True)


def link_note(link: Link, links: Links) -> str:
    """What to know beside the record: ``differs: held US$3.6 billion``, ``ambiguous: or Thrive Foods [org:…]``."""
    notes = []
    if link.differs:
        notes.append("differs: held " + ", ".join(show_value(value, {}, PLAIN) for value in link.differs))
    if link.ambiguous:
        notes.append("ambiguous: or " + ", ".join(f"{links.label(r)} [{r.id}]" for r in link.ambiguous))
    return "; ".join(notes)


def _fill(link: Link) -> str:
    if link.differs:
        return _DIFFERS
    if link.ambiguous:
        return _AMBIGUOUS
    return _AMOUNT if link.kind == "amount" else _NAME


def _mark(number: int, link: Link, links: Links) -> str:
    """One mention highlighted, its number, record label and id after it; kind, score and why on hover."""
    record = link.record
    note = link_note(link, links)
    hover = f"{links.label(record)} [{record.id}] · {link.kind}, score {link.score:g} · {link.why}"
    hover += f" · {note}" if note else ""
    flag = " differs" if link.differs else " ambiguous" if link.ambiguous else ""
    return (
        f'<mark style="{_fill(link)};{_MARK}" title="{_attribute(hover)}">{_text(link.text)}</mark>'
        f'<sup style="{_TAG}">{number} {_text(links.label(record))} · {_text(record.id)}{flag}</sup>'
    )


def _marked_text(links: Links) -> str:
    text = links.text
    parts: list[str] = []
    at = 0
    for number, link in enumerate(links, 1):
        parts.append(_text(text[at : link.start]))
        parts.append(_mark(number, link, links))
        at = link.end
    parts.append(_text(text[at:]))
    return "".join(parts)


def _table(links: Links) -> str:
    headers = ["#", "position", "mention", "record", "id", "kind", "score", "why", "note"]
    numeric = {0, 6}
    head = "".join(f'<th style="{_NUMBER if i in numeric else _CELL}">{h}</th>' for i, h in enumerate(headers))
    rows = []
    for number, link in enumerate(links, 1):
        note = link_note(link, links)
        cells = [
            str(number),
            f"{link.start}-{link.end}",
            f'<span style="{_fill(link)};{_MARK}">{_text(link.text)}</span>',
            _text(links.label(link.record)),
            f"<code>{_text(link.record.id)}</code>",
            link.kind,
            f"{link.score:g}",
            _text(link.why),
            f'<span style="{_fill(link)};{_MARK}">{_text(note)}</span>' if note else "",
        ]
        rows.append(
            "<tr>"
            + "".join(f'<td style="{_NUMBER if i in numeric else _CELL}">{c}</td>' for i, c in enumerate(cells))
            + "</tr>"
        )
    body = "".join(rows)
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def links_html(links: Links) -> str:
    """The text with each mention highlighted and labelled, then a table of the links."""
    found = f"{counted(len(links), 'link')} in {counted(len(links.text), 'character')}"
    table = _table(links) if links else ""
    return (
        f'<div class="openai-kb-links"><div style="color:#888">{found}</div>'
        f'<div style="{_TEXT}">{_marked_text(links)}</div>{table}</div>'
    )


def links_page(links: Links, title: str) -> str:
    """A standalone HTML page of the links (``openai-kb link --html``): no script, no outside resource."""
    return _PAGE.format(title=_attribute(title), body=f"<h1>{_text(title)}</h1>\n{links_html(links)}")
