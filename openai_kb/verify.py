"""Evidence against the text it cites: every quote must be the text at its offsets.

Loading checks what the data alone can show (offsets in order, within the source's stated
length). Only the source text itself shows whether ``text[start:end] == quote``: a knowledge base
built from an article is verified against that article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import AmbiguousSourceError, Problem, QueryError, a_type
from .models import Evidence, Source
from .models.sources import CONTEXT_CHARS

if TYPE_CHECKING:
    from .kb import KnowledgeBase
from .reading._checks import Located, walk_values

__all__ = ["PYTHON_PICK", "evidence_of", "find_source", "source_mismatches", "verify_evidence"]

PYTHON_PICK = "a source id (verify_evidence(kb, ID, text))"
"""How a message tells a Python caller to name the source a text is."""


def verify_evidence(kb: KnowledgeBase, source: str | Source | None, text: str) -> list[Problem]:
    """Every way the evidence citing ``source`` disagrees with ``text``, the source's full text.

    Each quote must be ``text[start:end]``, its ``prefix`` and ``suffix`` (when given) the text just
    before and after it, and the source's ``length`` and ``sha256``, when given,
    must be those of ``text`` (as UTF-8; read the file with ``newline=""`` so line ends are kept).
    ``source`` is a source id or record. ``None`` checks every span against ``text`` in a knowledge
    base of one source; in one of several, it checks the source ``text`` is, found as
    ``find_source`` finds it (an ``AmbiguousSourceError`` when it could be several, a ``QueryError``
    when it is none). An empty list means every span checked out.
    """
    if not isinstance(text, str):
        raise TypeError(f"verify_evidence() expects the source's text as a str, not {type(text).__name__}")
    if source is None and len(kb.sources) > 1:
        source = find_source(kb, text)
    source_ids = {record.id for record in _sources(kb, source)}
    problems = [
        problem
        for item in kb.origins()
        if isinstance(item.record, Source) and item.record.id in source_ids
        for problem in _check_source(item.record, item, text)
    ]
    for item, path, evidence in evidence_of(kb, source):
        problems.extend(_check_span(item, path, evidence, text))
    return problems


def find_source(
    kb: KnowledgeBase, text: str, *, filename: str | None = None, subject: str = "this text", pick: str = PYTHON_PICK
) -> Source:
    """The source record ``text`` is, on the evidence there is.

    In turn: the sources that record the text's sha256; else those with the file name ``filename``
    (the ones whose content fits, when several have it); else those the text fits, a source whose
    sha256 is not recorded, whose ``length`` (if recorded) is the text's, and at least half of whose
    quotes are the text at their offsets. The first step that finds one source gives it; one that
    finds several raises ``AmbiguousSourceError`` naming them. A text that none of the steps finds
    raises ``QueryError``: checked against the wrong source, every quote would be a false problem.
    Messages call the text ``subject`` and tell how to pick a source with ``pick``.
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    sources = kb.sources
    hashed = [s for s in sources if s.sha256 == digest]
    if hashed:
        return _one(hashed, "each records its sha256", subject, pick)
    fitting = [s for s in sources if s.sha256 is None and _fits(kb, s, text)]
    named = [s for s in sources if filename is not None and s.filename == filename]
    if named:
        fit = [s for s in named if s in fitting]
        both = ", and the length and quotes of each are its text" if len(fit) > 1 else ""
        return _one(fit or named, f"each has its file name, {filename}{both}", subject, pick)
    if fitting:
        return _one(fitting, "the length and quotes of each are its text", subject, pick)
    known = ", ".join(s.id for s in sources) or "none"
    what = "its sha256 or file name" if filename is not None else "its sha256"
    raise QueryError(
        f"{subject} is not the text of any source: none has {what}, nor its length and quotes "
        f"(sources: {known}); pass {pick} to check it against one anyway"
    )


def _one(matches: list[Source], reason: str, subject: str, pick: str) -> Source:
    """The one source of ``matches``; several are an ``AmbiguousSourceError`` saying ``reason``."""
    if len(matches) > 1:
        raise AmbiguousSourceError(subject, [(s.id, s.title) for s in matches], reason, pick)
    return matches[0]


def _fits(kb: KnowledgeBase, source: Source, text: str) -> bool:
    """Whether ``text`` is ``source``'s by its content: its length, and at least half of its quotes at their offsets."""
    if source.length is not None and source.length != len(text):
        return False
    spans = [evidence for _, _, evidence in evidence_of(kb, source.id)]
    found = sum(1 for e in spans if text[e.start : e.end] == e.quote)
    return bool(spans) and 2 * found >= len(spans)


def evidence_of(kb: KnowledgeBase, source: str | Source | None) -> Iterator[tuple[Located, str, Evidence]]:
    """Every evidence span citing ``source`` (every span for ``None``): its record, JSON path and span."""
    wanted = None if source is None else {record.id for record in _sources(kb, source)}
    for item in kb.origins():
        for path, value in walk_values(item.record, item.path):
            if isinstance(value, Evidence) and (wanted is None or value.source in wanted):
                yield item, path, value


def _sources(kb: KnowledgeBase, source: str | Source | None) -> list[Source]:
    if source is None:
        return kb.sources
    if not isinstance(source, (str, Source)):
        raise TypeError(f"source must be a source id, a Source or None, not {type(source).__name__}")
    record = kb[source]  # NotFoundError, with suggestions, for an unknown id
    if not isinstance(record, Source):
        raise QueryError(f"{record.id!r} is {a_type(record.type)}, not a source")
    return [record]


def _check_source(source: Source, item: Located, text: str) -> Iterator[Problem]:
    for field, message in source_mismatches(source, text):
        yield Problem(item.file, source.id, f"{item.path}.{field}", message)


def source_mismatches(source: Source, text: str) -> Iterator[tuple[str, str]]:
    """Each field of ``source`` (``length``, ``sha256``) that says ``text`` is not its text, and why."""
    if source.length is not None and source.length != len(text):
        yield "length", f"the source says its text is {source.length} characters long; this text has {len(text)}"
    if source.sha256 is not None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest != source.sha256:
            yield (
                "sha256",
                (
                    f"the source's sha256 is {source.sha256[:12]}..., this text's is {digest[:12]}...: "
                    "not the same text (or its line ends were changed when it was read)"
                ),
            )


def _check_span(item: Located, path: str, evidence: Evidence, text: str) -> Iterator[Problem]:
    if evidence.end > len(text):
        message = f"offset {evidence.end} is past the end of the text ({len(text)} characters)"
        yield Problem(item.file, item.record.id, f"{path}.end", message)
        return
    found = text[evidence.start : evidence.end]
    if found != evidence.quote:
        message = (
            f"the quote {evidence.quote!r} is not the text at {evidence.start}:{evidence.end}, which reads {found!r}"
        )
        yield Problem(item.file, item.record.id, f"{path}.quote", message)
    if evidence.prefix is not None:  # the model holds an empty prefix to a quote at 0
        before = text[evidence.start - len(evidence.prefix) : evidence.start]
        if before != evidence.prefix:
            message = f"the prefix {evidence.prefix!r} is not the text just before the quote, which reads {before!r}"
            yield Problem(item.file, item.record.id, f"{path}.prefix", message)
    if evidence.suffix == "" and evidence.end < len(text):
        more = text[evidence.end : evidence.end + CONTEXT_CHARS]
        message = f"an empty suffix says the quote ends the text, but the text goes on: {more!r} at {evidence.end}"
        yield Problem(item.file, item.record.id, f"{path}.suffix", message)
    elif evidence.suffix:
        after = text[evidence.end : evidence.end + len(evidence.suffix)]
        if after != evidence.suffix:
            message = f"the suffix {evidence.suffix!r} is not the text just after the quote, which reads {after!r}"
            yield Problem(item.file, item.record.id, f"{path}.suffix", message)
