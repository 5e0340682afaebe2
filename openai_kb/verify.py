"""Evidence against the text it cites: every quote must be the text at its offsets.

Loading checks what the data alone can show (offsets in order, within the source's stated
length). Only the source text itself shows whether ``text[start:end] == quote``: a knowledge base
built from an article is verified against that article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import Problem, QueryError, a_type
from .models import Evidence, Source
from .models.sources import CONTEXT_CHARS

if TYPE_CHECKING:
    from .kb import KnowledgeBase
from .reading._checks import Located, walk_values

__all__ = ["evidence_of", "source_mismatches", "verify_evidence"]


def verify_evidence(kb: KnowledgeBase, source: str | Source | None, text: str) -> list[Problem]:
    """Every way the evidence citing ``source`` disagrees with ``text``, the source's full text.

    Each quote must be ``text[start:end]``, its ``prefix`` and ``suffix`` (when given) the text just
    before and after it, and the source's ``length`` and ``sha256``, when given,
    must be those of ``text`` (as UTF-8; read the file with ``newline=""`` so line ends are kept).
    ``source`` is a source id or record; ``None`` checks every span against ``text``, for a knowledge
    base of one source. An empty list means every span checked out.
    """
    if not isinstance(text, str):
        raise TypeError(f"verify_evidence() expects the source's text as a str, not {type(text).__name__}")
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
