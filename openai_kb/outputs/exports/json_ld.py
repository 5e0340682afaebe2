"""The ``jsonld`` export: the knowledge base as linked data, schema.org terms where they fit.

The ``@context`` is embedded (it only declares prefixes), so no reader fetches anything. Terms
schema.org lacks (a funding round, a competitor, an exclusivity clause, a quote's translation)
come from a small namespace of our own, ``kb:`` = ``https://openai-kb.invalid/ns#``;
the ``.invalid`` top-level domain is reserved and never resolves. Each record is a node whose
``@id`` is made from its id: ``person:mira-murati`` is ``https://openai-kb.invalid/id/person/mira-murati``.
Amounts are ``xsd:decimal`` literals written in full; partial dates are ``xsd:gYear``,
``xsd:gYearMonth`` or ``xsd:date`` as precise as the source, times ``xsd:dateTime`` (so a source's
``schema:datePublished`` is whichever it gives); names carry their language tags.

Evidence is a W3C Web Annotation (``oa:`` = ``http://www.w3.org/ns/oa#``), so annotation tools can
anchor it: an ``oa:Annotation`` whose body is the record (or term) it supports and whose target is
the quoted span of the source, an ``oa:SpecificResource`` selected by an ``oa:TextQuoteSelector``
(exact, prefix, suffix) and an ``oa:TextPositionSelector`` (start, end, in code points, as the
model counts them). The record points at it with ``kb:evidence``; the translation stays a property
of the annotation.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import orjson

from ...models import RECORD_TYPES, Clause, Entity, Evidence, Money, Name, Quantity, Record, Source
from ...models.clauses import reference_names
from ...models.registry import jsonld_classes
from .._tabular import as_text, columns, first_names

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["BASE", "CLASSES", "CONTEXT", "PREDICATES", "jsonld_bytes", "jsonld_document", "record_iri"]

BASE = "https://openai-kb.invalid/"
CONTEXT = {
    "schema": "https://schema.org/",
    "kb": f"{BASE}ns#",
    "oa": "http://www.w3.org/ns/oa#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

CLASSES: dict[str, tuple[str, ...]] = {name: jsonld_classes(model) for name, model in RECORD_TYPES.items()}
"""The classes of each built-in record type's nodes (each model declares its own)."""

PREDICATES: dict[str, str] = {
    "description": "schema:description",
    "location": "schema:location",
    "amount": "schema:amount",
    "title": "schema:headline",
    "publisher": "schema:publisher",
    "published": "schema:datePublished",
    "url": "schema:url",
    "attribution": "kb:attribution",
    "author": "schema:author",
    "language": "schema:inLanguage",
    "names": "schema:name",
}
"""The predicate of a field, whatever type holds it; a model declares its own in ``jsonld_predicates``,
and any other field is ``kb:`` + its camelCase name."""

_OTHER_NAMES = {"names": "schema:alternateName", "title_names": "kb:alternateRoleName"}
# prose we write in English, in any type; a model adds its own in english_fields
_ENGLISH = {"description", "location", "statement", "nature", "purposes"}
_PRIMARY = {"names": "name", "title_names": "title"}  # the field holding the English form of a names field
_DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}


def record_iri(record_id: str) -> str:
    """The IRI of a record: ``org:openai`` is ``https://openai-kb.invalid/id/org/openai``."""
    prefix, _, slug = record_id.partition(":")
    return f"{BASE}id/{quote(prefix, safe='')}/{quote(slug, safe='')}"


def jsonld_document(kb: RecordView) -> dict[str, Any]:
    """The JSON-LD document: the embedded ``@context`` and a ``@graph`` of one node per record."""
    return {"@context": CONTEXT, "@graph": [_node(kb, record) for record in kb]}


def jsonld_bytes(kb: RecordView) -> bytes:
    """The JSON-LD document as indented UTF-8 JSON."""
    return orjson.dumps(jsonld_document(kb), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _node(kb: RecordView, record: Record) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": record_iri(record.id),
        "@type": classes[0] if len(classes := jsonld_classes(type(record))) == 1 else list(classes),
        "schema:identifier": record.id,
        "rdfs:label": _text(kb.label(record), "en"),
    }
    family = kb.types.family(record.type)
    kinds = {column.field: (column.kind, column.holds) for column in columns(family, kb.types) if column.field != "id"}
    consumed = {_PRIMARY[field] for field, (kind, _) in kinds.items() if kind == "names"}
    source_language = record.language if isinstance(record, Source) else None
    model = type(record)
    for field, (kind, holds) in kinds.items():
        value = getattr(record, field)
        if field in consumed or value is None or value == ():
            continue
        predicate = model.jsonld_predicates.get(field) or PREDICATES.get(field) or _kb_term(field)
        if kind == "reference":
            node[predicate] = {"@id": record_iri(value)}
        elif kind == "references":
            node[predicate] = [{"@id": record_iri(target)} for target in value]
        elif kind == "amount":
            node[predicate] = _amount(value)
        elif kind == "names":
            _add_names(node, predicate, _OTHER_NAMES.get(field, "schema:alternateName"), record, field)
        elif kind == "evidence":
            node["kb:evidence"] = _annotations(node["@id"], f"{node['@id']}#", value, _motivation(record))
        elif kind == "terms":
            node[predicate] = [_term(f"{node['@id']}#{field}-{i}", i, term) for i, term in enumerate(value)]
        elif field == "url" and isinstance(record, Source):  # a web address is a node, not a string
            node[predicate] = {"@id": value}
        elif field in ("publisher", "author"):
            kind_of = "schema:Organization" if field == "publisher" else "schema:Person"
            node[predicate] = {"@type": kind_of, "schema:name": _text(value, source_language)}
        elif holds in ("date", "date_or_datetime"):
            node[predicate] = _when(value)
        elif holds == "decimal":
            node[predicate] = _decimal(value)
        elif kind == "other":  # a value of a user's own type that no rule above knows: its JSON text
            node[predicate] = as_text(value)
        elif holds == "datetime":
            node[predicate] = _when(value)
        elif kind == "strings":
            node[predicate] = [_text(item, "en") for item in value]
        elif field in _ENGLISH or field in model.english_fields:
            node[predicate] = _text(value, "en")
        elif field == "title":  # a source's title, in the source's language
            node[predicate] = _text(value, source_language)
        else:
            node[predicate] = value  # a code, a flag or a count: a plain, boolean or integer literal
    for predicate, fields in model.jsonld_extra.items():
        node[predicate] = [{"@id": record_iri(target)} for field in fields for target in _ids(getattr(record, field))]
    return node


def _ids(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value) if isinstance(value, tuple) else ()


def _add_names(node: dict[str, Any], main: str, other: str, record: Record, field: str) -> None:
    names: tuple[Name, ...] = getattr(record, field)
    first = first_names(getattr(record, _PRIMARY[field]), names)
    node[main] = [_text(text, language) for language, text in first.items()]
    shown = set(first.items())
    rest = dict.fromkeys((n.language, n.text) for n in names if (n.language, n.text) not in shown)
    if rest:
        node[other] = [_text(text, language) for language, text in rest]


def _amount(amount: Money | Quantity) -> dict[str, Any]:
    if isinstance(amount, Money):
        node: dict[str, Any] = {
            "@type": "schema:MonetaryAmount",
            "schema:currency": amount.currency,
            "schema:value": _decimal(amount.amount),
        }
    else:
        node = {
            "@type": "schema:QuantitativeValue",
            "schema:value": _decimal(amount.value),
            "schema:unitText": amount.unit,
        }
    node["kb:qualifier"] = amount.qualifier
    if amount.text is not None:
        node["kb:text"] = amount.text
    return node


def _when(value: str | datetime) -> dict[str, str]:
    """A date typed as precisely as it is given (``xsd:gYear`` ... ``xsd:date``), a time as ``xsd:dateTime``."""
    if isinstance(value, datetime):
        return {"@value": value.isoformat(), "@type": "xsd:dateTime"}
    return {"@value": value, "@type": _DATE_TYPES[len(value)]}


def _decimal(value: Any) -> dict[str, str]:
    return {"@value": format(value, "f"), "@type": "xsd:decimal"}


def _motivation(record: Record) -> str:
    """Why the annotations of ``record`` were made: to identify an entity in the text, or describe what it says."""
    return "oa:identifying" if isinstance(record, Entity) else "oa:describing"


def _annotations(body: str, stem: str, evidence: tuple[Evidence, ...], motivation: str) -> list[dict[str, Any]]:
    """The evidence of the node ``body`` as W3C Web Annotations, each ``<stem>evidence-<position>``."""
    return [_annotation(f"{stem}evidence-{index}", body, e, index, motivation) for index, e in enumerate(evidence)]


def _annotation(iri: str, body: str, evidence: Evidence, position: int, motivation: str) -> dict[str, Any]:
    quote: dict[str, Any] = {"@type": "oa:TextQuoteSelector", "oa:exact": evidence.quote}
    if evidence.prefix is not None:
        quote["oa:prefix"] = evidence.prefix
    if evidence.suffix is not None:
        quote["oa:suffix"] = evidence.suffix
    node: dict[str, Any] = {
        "@id": iri,
        "@type": ["oa:Annotation", "kb:Evidence"],
        "oa:motivatedBy": {"@id": motivation},
        "oa:hasBody": {"@id": body},
        "oa:hasTarget": {
            "@type": "oa:SpecificResource",
            "oa:hasSource": {"@id": record_iri(evidence.source)},
            "oa:hasSelector": [
                quote,
                {
                    "@type": "oa:TextPositionSelector",
                    "oa:start": _offset(evidence.start),
                    "oa:end": _offset(evidence.end),
                },
            ],
        },
        "schema:position": position,
    }
    if evidence.translation is not None:
        node["kb:translation"] = _text(evidence.translation, "en")
    return node


def _offset(value: int) -> dict[str, str]:
    return {"@value": str(value), "@type": "xsd:nonNegativeInteger"}


_NOT_TERM_VALUES = frozenset({"kind", "description", "evidence"})  # the tag is its class; the others come last


def _term(iri: str, position: int, term: Clause) -> dict[str, Any]:
    """A clause of a record (a round's term): its classes, its fields as ``kb:`` terms, its description and evidence."""
    model = type(term)
    classes = model.jsonld_classes
    node: dict[str, Any] = {"@id": iri, "@type": classes[0] if len(classes) == 1 else list(classes)}
    node["schema:position"] = position
    references = reference_names(model)
    for field in model.model_fields:
        value = getattr(term, field)
        if field in _NOT_TERM_VALUES or value is None or value == ():
            continue
        if field in references:
            node[_kb_term(field)] = (
                [{"@id": record_iri(i)} for i in value] if isinstance(value, tuple) else {"@id": record_iri(value)}
            )
        elif isinstance(value, (Money, Quantity)):
            node[_kb_term(field)] = _amount(value)
        else:
            node[_kb_term(field)] = value if isinstance(value, (str, bool, int)) else as_text(value)
    description = getattr(term, "description", None)
    if description is not None:
        node["schema:description"] = _text(description, "en")
    node["kb:evidence"] = _annotations(iri, f"{iri}-", getattr(term, "evidence", ()), "oa:describing")
    return node


def _text(value: str, language: str | None) -> dict[str, str] | str:
    return {"@value": value, "@language": language} if language else value


def _kb_term(field: str) -> str:
    head, *rest = field.split("_")
    return "kb:" + head + "".join(word.capitalize() for word in rest)
