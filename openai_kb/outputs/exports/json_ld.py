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

A source's ``url`` is the node ``schema:url`` names. Every IRI the document writes is valid: a url
validation would refuse (one built with ``model_construct``, or read from a cache or a file older
than the check) is written as a plain string instead, its text unchanged, so one bad address never
stops a reader (rdflib refused to write N-Triples or Turtle of a graph holding ``<``, ``"`` or a backslash
in an IRI).

A record's node shows it as combined from every source's version. Where the sources differ on a
field (``kb.values`` has several values), the node also holds one ``kb:statement`` per value, an
``rdf:Statement`` (RDF reification: ``rdf:subject`` the record, ``rdf:predicate`` the field's
predicate, ``rdf:object`` the value as the node would give it) with its place (``schema:position``,
0 being the value the node shows), its sources (``kb:source``), how they hold it
(``kb:assertion``) and its evidence, Web Annotations whose body is the statement. Lists (names,
participants, terms) are the union of every source's and have none. The context then declares
``rdf:``; data of one version per record is written as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import orjson

from ...models import RECORD_TYPES, Clause, Entity, Evidence, Money, Name, Quantity, Record, Source
from ...models.clauses import reference_names
from ...models.registry import jsonld_classes
from ...models.sources import web_address_problem
from ...reading._combining import PROVENANCE, Holding
from .._tabular import as_text, columns, first_names

if TYPE_CHECKING:
    from ...view import RecordView

__all__ = ["BASE", "CLASSES", "CONTEXT", "PREDICATES", "RDF", "jsonld_bytes", "jsonld_document", "record_iri"]

BASE = "https://openai-kb.invalid/"
CONTEXT = {
    "schema": "https://schema.org/",
    "kb": f"{BASE}ns#",
    "oa": "http://www.w3.org/ns/oa#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
"""The ``rdf:`` namespace, in the context of a document holding statements (``rdf:Statement``)."""

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
    """The JSON-LD document: the embedded ``@context`` and a ``@graph`` of one node per record.

    Where the sources of a record differ on a field, its node also holds a ``kb:statement`` per
    value, and the context declares ``rdf:`` (``RDF``), which the statements use.
    """
    graph = [_node(kb, record) for record in kb]
    stated = any("kb:statement" in node for node in graph)
    return {"@context": {**CONTEXT, "rdf": RDF} if stated else CONTEXT, "@graph": graph}


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
    consumed = {_PRIMARY[field]: field for field, (kind, _) in kinds.items() if kind == "names"}
    model = type(record)
    for field, (kind, holds) in kinds.items():
        value = getattr(record, field)
        if field in consumed or value is None or value == ():
            continue
        predicate = _predicate(model, field)
        if kind == "names":
            _add_names(node, predicate, _OTHER_NAMES.get(field, "schema:alternateName"), record, field)
        elif kind == "evidence":
            node["kb:evidence"] = _annotations(node["@id"], f"{node['@id']}#", value, _motivation(record))
        elif kind == "terms":
            node[predicate] = [_term(f"{node['@id']}#{field}-{i}", i, term) for i, term in enumerate(value)]
        else:
            node[predicate] = _value(record, field, kind, holds, value)
    for predicate, fields in model.jsonld_extra.items():
        node[predicate] = [{"@id": record_iri(target)} for field in fields for target in _ids(getattr(record, field))]
    if len(kb.versions(record)) > 1:  # where its sources differ, what each says
        statements = [
            statement
            for field, (kind, holds) in kinds.items()
            if kind not in _UNIONED and field not in _NOT_STATED
            for statement in _statements(kb, record, field, (kind, holds), consumed.get(field))
        ]
        if statements:
            node["kb:statement"] = statements
    return node


def _predicate(model: type[Record], field: str) -> str:
    """The predicate of a field: the model's own, else ``PREDICATES``', else ``kb:`` + its camelCase name."""
    return model.jsonld_predicates.get(field) or PREDICATES.get(field) or _kb_term(field)


def _value(record: Record, field: str, kind: str, holds: str, value: Any) -> Any:
    """A field's value as JSON-LD: a node, a typed or language-tagged literal, or a plain one."""
    source_language = record.language if isinstance(record, Source) else None
    if kind == "reference":
        return {"@id": record_iri(value)}
    if kind == "references":
        return [{"@id": record_iri(target)} for target in value]
    if kind == "amount":
        return _amount(value)
    if field == "url" and isinstance(record, Source):  # a web address is a node, not a string
        return _web_address(value)
    if field in ("publisher", "author"):
        kind_of = "schema:Organization" if field == "publisher" else "schema:Person"
        return {"@type": kind_of, "schema:name": _text(value, source_language)}
    if holds in ("date", "date_or_datetime"):
        return _when(value)
    if holds == "decimal":
        return _decimal(value)
    if kind == "other":  # a value of a user's own type that no rule above knows: its JSON text
        return as_text(value)
    if holds == "datetime":
        return _when(value)
    if kind == "strings":
        return [_text(item, "en") for item in value]
    if field in _ENGLISH or field in type(record).english_fields:
        return _text(value, "en")
    if field == "title":  # a source's title, in the source's language
        return _text(value, source_language)
    return value  # a code, a flag or a count: a plain, boolean or integer literal


# Fields whose versions are not stated apart: lists, which the record shows as the union of every
# source's (each item with the record's evidence), and what identifies a record or how it is held.
_UNIONED = frozenset({"references", "strings", "names", "terms", "evidence"})
_NOT_STATED = frozenset({"id", *PROVENANCE})


def _statements(
    kb: RecordView, record: Record, field: str, column: tuple[str, str], names: str | None
) -> list[dict[str, Any]]:
    """One statement per value of a field on which the sources of a record differ: the value, its
    sources, how they hold it, and its evidence as Web Annotations whose body is the statement.

    ``column`` is the field's kind and what it holds; ``names`` the names field whose English first
    name the field is (``name`` of ``names``): its predicate, and an English literal."""
    values = kb.values(record, field)
    if len(values) < 2:
        return []
    subject = record_iri(record.id)
    predicate = _predicate(type(record), names or field)
    statements = []
    for position, value in enumerate(values):
        iri = f"{subject}#values-{field}-{position}"
        statement: dict[str, Any] = {
            "@id": iri,
            "@type": ["rdf:Statement", "kb:Statement"],
            "rdf:subject": {"@id": subject},
            "rdf:predicate": {"@id": predicate},
            "rdf:object": _text(value.value, "en") if names else _value(record, field, *column, value.value),
            "schema:position": position,
        }
        if value.sources:
            statement["kb:source"] = [{"@id": record_iri(source)} for source in value.sources]
        holdings = [_holding(held) for held in value.holdings if held.assertion is not None]
        if holdings:
            statement["kb:holding"] = holdings
        if value.evidence:
            statement["kb:evidence"] = _annotations(iri, f"{iri}-", value.evidence, "oa:describing")
        statements.append(statement)
    return statements


def _web_address(url: str) -> dict[str, str] | str:
    """A source's ``url`` as a node; as a plain string if it is no IRI (a record built with ``model_construct``
    or kept from a file older than the check), so the document holds no invalid IRI and loses no text."""
    return {"@id": url} if web_address_problem(url) is None else url


def _holding(held: Holding) -> dict[str, Any]:
    """How one source holds a value: its assertion, and whom it attributes it to."""
    node: dict[str, Any] = {"kb:assertion": held.assertion}
    if held.source is not None:
        node["kb:source"] = {"@id": record_iri(held.source)}
    if held.attributed_to is not None:
        node["kb:attributedTo"] = {"@id": record_iri(held.attributed_to)}
    if held.attribution is not None:
        node["kb:attribution"] = _text(held.attribution, "en")
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
