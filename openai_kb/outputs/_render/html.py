"""HTML views for notebooks: a knowledge base, a record, a profile, search results.

Every piece of text goes through ``html.escape``, so a name such as ``<script>`` shows as text.
The markup is plain tables with a few inline styles and no JavaScript: it renders alike in
Jupyter, VS Code and GitHub's notebook viewer, and reads as text where HTML is stripped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from html import escape

from ..._showing import holding
from ...models import Evidence, Fact, Record, Source
from ...models.wording import label
from ...profile import Profile
from ...reading._checks import iter_references
from ...reading._combining import Value
from ...search._results import SearchResults
from ...view import RecordView
from .values import counted, held_by, names_of, own_evidence, show_value, shown_fields, unnamed, where

__all__ = ["HTML", "knowledge_base_html", "profile_html", "record_html", "search_results_html"]

_TABLE = 'style="border-collapse:collapse;margin:4px 0"'
_CELL = 'style="text-align:left;vertical-align:top;padding:2px 8px"'  # notebooks align cells right by default
_NUMBER = 'style="text-align:right;vertical-align:top;padding:2px 8px"'
_QUOTE = 'style="margin:4px 0;padding:2px 8px;border-left:3px solid #bbb"'
_DIM = 'style="color:#666"'
_SMALL = 'style="color:#888;font-size:smaller"'
_HEADING = 'style="font-weight:bold;margin-top:8px"'


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table of cells that are HTML already (callers escape text); ``numeric`` columns align right."""
    head = _row([_e(header) for header in headers], "th", numeric)
    body = "".join(_row(row, "td", numeric) for row in rows)
    return f"<table {_TABLE}><thead>{head}</thead><tbody>{body}</tbody></table>"


def _row(cells: Sequence[str], tag: str, numeric: Sequence[int]) -> str:
    return (
        "<tr>"
        + "".join(f"<{tag} {_NUMBER if i in numeric else _CELL}>{c}</{tag}>" for i, c in enumerate(cells))
        + "</tr>"
    )


def _heading(text: str) -> str:
    return f"<div {_HEADING}>{_e(text)}</div>"


def _title(record_label: str, record: Record) -> str:
    return (
        f'<div style="font-size:larger"><strong>{_e(record_label)}</strong> '
        f"<code>{_e(record.id)}</code> <span {_DIM}>{_e(record.type)}</span></div>"
    )


class _Html:
    """Text escaped; a reference as its label and ``<code>`` id; a printed figure dimmed."""

    def text(self, value: str) -> str:
        return _e(value)

    def reference(self, label: str, record_id: str) -> str:
        return f"{_e(label)} <code>{_e(record_id)}</code>"

    def printed(self, text: str) -> str:
        return f" <span {_DIM}>(printed {_e(text)})</span>"


HTML = _Html()


def _value(value: object, labels: Mapping[str, str]) -> str:
    """A field's value as HTML: the one rendering of values (``render.values``) in the HTML skin."""
    return show_value(value, labels, HTML)


def _evidence(evidence: Evidence, sources: Mapping[str, Source]) -> str:
    translation = f"<br><span {_DIM}>{_e(evidence.translation)}</span>" if evidence.translation else ""
    origin = where(sources.get(evidence.source), evidence.source)
    return (
        f"<blockquote {_QUOTE}>“{_e(evidence.quote)}”{translation}"
        f"<br><span {_SMALL}>{_e(origin)} [chars {evidence.start}-{evidence.end}]</span></blockquote>"
    )


def _record_parts(
    record: Record,
    labels: Mapping[str, str],
    sources: Mapping[str, Source],
    differing: Mapping[str, tuple[Value, ...]] | None = None,
    supporters: tuple[str, ...] = (),
) -> Iterator[str]:
    """A record's names, fields and own evidence: what any view of one record shows.

    Where sources differ on a field, each value follows with the sources that give it.
    """
    names = names_of(record)
    if names:
        yield _heading("Names")
        rows = ([_e(n.text), _e(", ".join(n.languages)), _e(", ".join(n.kinds))] for n in names)
        yield _table(["name", "language", "kind"], rows)
    fields = [
        [
            _e(name),
            (_link(value) if isinstance(record, Source) else _value(value, labels))
            + _differing((differing or {}).get(name, ()), labels, sources),
        ]
        for name, value in shown_fields(record)
    ]
    if fields:
        yield _heading("Fields")
        yield _table(["field", "value"], fields)
    if len(supporters) > 1:
        yield f"<div {_DIM}>Sources: {_e('; '.join(where(sources.get(s), s) for s in supporters))}</div>"
    evidence = own_evidence(record)
    if evidence:
        yield _heading("Evidence")
        yield from (_evidence(item, sources) for item in evidence)


def _differing(values: tuple[Value, ...], labels: Mapping[str, str], sources: Mapping[str, Source]) -> str:
    """Every value sources give for a field they differ on, each with who gives it."""
    if not values:
        return ""
    items = "".join(
        f"<li>{_value(value.value, labels)} <span {_DIM}>— {_e(held_by(value, sources, labels))}</span></li>"
        for value in values
    )
    return f'<ul style="margin:2px 0">{items}</ul>'


def record_html(record: Record) -> str:
    """One record on its own: its names, fields and evidence.

    A record from a knowledge base that is still alive (``kb.investors[0]``) names what it refers to
    beside the ids, and its quotes' sources; one built in code and never added shows the ids alone.
    """
    kb = holding(record)
    if kb is None:
        parts = [_title(label(record, str), record), *_record_parts(record, {}, {})]
    else:
        targets = list(dict.fromkeys(target for _, target, _ in iter_references(record)))
        labels = {target: kb.label(target) for target in targets if kb.get(target) is not None}
        sources = {target: found for target in targets if isinstance(found := kb.get(target), Source)}
        parts = [_title(kb.label(record), record), *_record_parts(record, labels, sources)]
    return '<div class="openai-kb-record">' + "".join(parts) + "</div>"


def profile_html(profile: Profile) -> str:
    """A record with what the knowledge base says about it: references by name, facts with evidence."""
    record = profile.record
    supporters = profile.supported_by.get(record.id, ())
    views = _record_parts(record, profile.labels, profile.sources, profile.differing, supporters)
    parts = [_title(profile.label, record), *views]
    if profile.refers_to:
        parts.append(_heading("Refers to"))
        rows = (
            [_e(profile.label_of(other)), f"<code>{_e(other.id)}</code>", _e(other.type)] for other in profile.refers_to
        )
        parts.append(_table(["record", "id", "type"], rows))
    if profile.facts:
        parts.append(_heading(f"Facts that mention it ({len(profile.facts)})"))
        rows = (
            [
                _e(fact.type),
                f"{_e(profile.label_of(fact))}<br><code>{_e(fact.id)}</code>",
                _quotes(profile, fact),
            ]
            for facts in profile.by_type.values()
            for fact in facts
        )
        parts.append(_table(["type", "fact", "evidence"], rows))
    return '<div class="openai-kb-profile">' + "".join(parts) + "</div>"


def _quotes(profile: Profile, fact: Fact) -> str:
    """The quotes of a fact that name the profile's record, and how many more do not."""
    left = len(profile.quotes_left_out(fact))
    more = f"<div {_DIM}>{_e(unnamed(left, profile.label))}</div>" if left else ""
    return "".join(_evidence(item, profile.sources) for item in profile.quotes(fact)) + more


def search_results_html(results: SearchResults) -> str:
    """Search results as a table: rank, score, type, label, id, what matched, and the ambiguity flag."""
    if not results:
        return f"<div>No match for <code>{_e(results.query)}</code>.</div>"
    rows = (
        [
            str(rank),
            f"{match.score:g}",
            _e(match.record.type),
            _e(results.label(match)),
            f"<code>{_e(match.record.id)}</code>",
            _e(match.matched.text),
            _e(match.matched.field + (f"; from {', '.join(match.matched.sources)}" if match.matched.sources else "")),
            _e(match.matched.language or ""),
            "ambiguous" if match.ambiguous else "",
        ]
        for rank, match in enumerate(results, 1)
    )
    headers = ["#", "score", "type", "label", "id", "matched", "field", "language", "ambiguous"]
    found = counted(len(results), "result")
    caption = f"<div {_DIM}>{found} for <code>{_e(results.query)}</code></div>" if results.query else ""
    return '<div class="openai-kb-search">' + caption + _table(headers, rows, numeric=(0, 1)) + "</div>"


def knowledge_base_html(kb: RecordView) -> str:
    """A knowledge base at a glance: how many records of each type, and where they come from."""
    counts: dict[str, int] = {}
    for record in kb:
        counts[record.type] = counts.get(record.type, 0) + 1
    rows = ([_e(kind), str(counts[kind])] for kind in kb.types if kind in counts)
    parts = [
        f"<div><strong>KnowledgeBase</strong>: {counted(len(kb), 'record')}</div>",
        _table(["type", "records"], rows, numeric=(1,)),
    ]
    for source in kb.records(Source):
        parts.append(_heading(f"Source: {source.title}"))
        parts.append(_table(["field", "value"], ([_e(name), _link(value)] for name, value in shown_fields(source))))
    return '<div class="openai-kb">' + "".join(parts) + "</div>"


def _link(value: object) -> str:
    """A web address as a link (escaped, so it cannot break out of the attribute), anything else as text."""
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return f'<a href="{_e(value)}">{_e(value)}</a>'
    return _value(value, {})
