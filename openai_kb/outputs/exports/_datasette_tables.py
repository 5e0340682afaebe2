"""What ``metadata.json`` says of each table, view and column of the SQLite export, and its canned queries.

Every table and view has a title and a description, and every column a description: a family's
from its model's docstring and field descriptions, the rest from the layout ``sqlite_db`` makes.
The link and clause tables, which hold ids only, are hidden from the lists (their ``_named`` views,
which show the same rows with labels, are not); the full-text indexes Datasette hides itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any, Literal, get_args, get_origin

from ...models import Departure, Evidence, Investment, Money, Name, Quantity, Record, RecordTypes
from ...models.clauses import clause_fields
from ...reading._combining import PROVENANCE
from .._tabular import Column, clause_columns, columns
from . import sqlite_db
from ._disagreements import DISAGREEMENTS
from ._full_text import CHINESE_WORD_LENGTH, FTS, WORDS, WORDS_FTS
from ._sql import quote
from .sqlite_db import EXACT, NAMED, named_views, sqlite_schema

__all__ = ["canned_queries", "described_tables", "docstring", "title"]

Described = dict[str, dict[str, Any]]


def described_tables(types: RecordTypes) -> Described:
    """Each table and view of the export of records of ``types``, with its title, description and columns."""
    tables: Described = {"records": _RECORDS}
    for family, type_name in types.families.items():
        tables.update(_family(family, types[type_name], types))
    tables.update(_FIXED)
    if sqlite_db.full_text_search_available():  # looked up here, so the metadata says what the export has
        tables["texts"] = {**tables["texts"], "fts_table": WORDS_FTS, "fts_pk": "id"}
        tables[WORDS] = _WORDS_VIEW
    view_columns = _view_columns(types)
    for view in named_views(types):
        tables[view] = _named(view, tables[view.removesuffix(NAMED)], view_columns[view])
    tables[DISAGREEMENTS] = _DISAGREEMENTS
    return tables


def _family(family: str, model: type[Record], types: RecordTypes) -> Described:
    """A family's table, its link tables and its clause tables."""
    family_columns = columns(family, types)
    described = {"id": _field_description(model, "id"), "label": _LABEL}
    for column in family_columns[1:]:
        if column.kind not in ("references", "evidence"):  # kept in link tables and in evidence
            described.update(_described(model, column))
    table: dict[str, Any] = {
        "title": title(family),
        "description": docstring(model),
        "label_column": "label",
        "columns": described,
    }
    amount = next((column.name for column in family_columns if column.holds == "decimal"), None)
    if amount is not None:
        table["sort_desc"] = amount
    tables = {family: table}
    for column in family_columns:
        if column.kind == "references" and column.targets is not None:
            tables[f"{family}_{column.field}"] = _link(family, column.field, _field_description(model, column.field))
        if column.kind == "terms" and column.name == column.field:
            tables.update(_clauses(family, column.field, model))
    return tables


def _link(owner: str, field: str, about: str) -> dict[str, Any]:
    return {
        "title": title(f"{owner}_{field}"),
        "description": f"The records in each {owner} record's {field}, a row each, in order: {about}",
        "hidden": True,
        "columns": {
            "record_id": f"The {owner} record.",
            "position": f"The target's place in {field}, from 0.",
            "target": f"The id of a record in {field}.",
        },
    }


def _clauses(family: str, field: str, model: type[Record]) -> Described:
    """The table of a field's clauses (a round's terms) and a table per reference field of theirs."""
    clauses = f"{family}_{field}"
    described = {"record_id": f"The {family} record.", "position": f"The clause's place in {field}, from 0."}
    tables: Described = {}
    for column in clause_columns(model, field):
        about = _clause_field_description(model, field, column.field)
        if column.kind == "references":
            tables[f"{clauses}_{column.field}"] = {
                "title": title(f"{clauses}_{column.field}"),
                "description": f"The records each clause in {field} names in {column.field}: {about}",
                "hidden": True,
                "columns": {
                    "record_id": f"The {family} record.",
                    "term_position": f"The clause's place in {field}.",
                    "position": f"The target's place in {column.field}, from 0.",
                    "target": f"The id of a record in {column.field}.",
                },
            }
        else:
            described[column.name] = about
    tables[clauses] = {
        "title": title(clauses),
        "description": f"The clauses of each {family} record's {field}, a row each: {_field_description(model, field)}",
        "hidden": True,
        "columns": described,
    }
    return {clauses: tables.pop(clauses), **tables}


def _view_columns(types: RecordTypes) -> dict[str, list[str]]:
    """The columns of each ``_named`` view, as SQLite reports them for the export's schema."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(sqlite_schema(types, full_text=False))
        return {
            view: [row[1] for row in connection.execute(f"PRAGMA table_info({quote(view)})")]
            for view in named_views(types)
        }
    finally:
        connection.close()


def _named(view: str, table: Mapping[str, Any], view_columns: list[str]) -> dict[str, Any]:
    """A ``_named`` view: its table's columns, then a label beside each id (or ids and labels joined)."""
    shown = view.removesuffix(NAMED)
    described = dict(table.get("columns", {}))
    for name in view_columns:
        if name in described:
            continue
        if name.endswith("_label"):
            field = name.removesuffix("_label")
            described[name] = f"The label of the record in {field if field in view_columns else field + '_id'}."
        else:
            described[name] = f"The ids of the records in {name}, joined with '; ', in order."
    described = {name: described[name] for name in view_columns}
    return {
        "title": f"{title(shown)}, named",
        "description": f"{shown} with the label of every record it refers to beside its id.",
        "columns": described,
    }


def _described(model: type[Record], column: Column) -> dict[str, str]:
    """The description of each SQLite column a table column becomes (an amount becomes two)."""
    field = column.field
    if column.kind == "reference" and column.name != field:
        return {column.name: f"The label of the record in {field}."}
    if column.kind == "amount":
        if column.name == field:
            return {
                column.name: "The figure as a number (an integer when whole) to sort, sum and compare.",
                column.name + EXACT: "The figure's exact decimal, as text.",
            }
        part = column.name.removeprefix(f"{field}_")
        return {column.name: {**Money.model_fields, **Quantity.model_fields}[part].description or ""}
    if column.kind == "names":
        return {column.name: _names_description(column.name)}
    return {column.name: _field_description(model, field, column)}


def _names_description(name: str) -> str:
    if name.endswith("_aliases"):
        return "Every other name, joined with '; '."
    script = "Simplified" if name.endswith("_hans") else "Traditional"
    return f"The first {script} Chinese one."


def _field_description(model: type[Record], field: str, column: Column | None = None) -> str:
    """A field's description in its model, or words saying what the column holds (a model may describe none)."""
    info = model.model_fields.get(field)
    if info is not None and info.description:
        return info.description
    if field in PROVENANCE:
        return "How the source holds the fact."
    subject = f"The {model.model_fields['type'].default.replace('_', ' ')}'s {field}"
    if column is not None and column.targets:
        kinds = " or ".join(sorted(kind.replace("_", " ") for kind in column.targets))
        return f"{subject}: the id of a {kinds} (its label is in {field}_label)."
    if column is not None and column.holds in _WHEN:
        return f"{subject}: {_WHEN[column.holds]}."
    if column is not None and column.holds == "boolean":
        return f"{subject}: 1 or 0 (yes or no), empty when the source does not say."
    if column is not None and column.kind == "strings":
        return f"{subject}, each as the source gives it, joined with '; '."
    if column is not None and column.kind == "terms":
        return f"{subject}, each in words, joined with '; ' (a row each in {model.family}_{field})."
    allowed = get_args(info.annotation) if info is not None and get_origin(info.annotation) is Literal else ()
    if allowed:
        return f"{subject}: one of {', '.join(map(str, allowed))}."
    return f"{subject}, as the source gives it."


_WHEN = {
    "date": "a date as precise as the source gives it (a year, a month or a day)",
    "datetime": "a time with its UTC offset, ISO 8601",
    "date_or_datetime": "a date as precise as the source gives it, or a time with its UTC offset (ISO 8601)",
}


def _clause_field_description(model: type[Record], field: str, name: str) -> str:
    for clause in clause_fields(model).get(field, ()):
        info = clause.model_fields.get(name)
        if info is not None and info.description:
            return info.description
    if name == "kind":
        return "Which kind of clause it is (its tag)."
    return f"The clause's {title(name).lower()}."


def docstring(model: type[Record]) -> str:
    """A model's docstring's first paragraph, on one line."""
    return (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def title(name: str) -> str:
    """A table's name as a title: ``funding_rounds`` -> ``Funding rounds``."""
    return name.replace("_", " ").capitalize()


_LABEL = "The record's one-line label, shown by Datasette wherever another table links to this record."

_RECORDS: dict[str, Any] = {
    "title": "Records",
    "description": "Every record: its id, type, family and one-line label. Its family's table holds its fields.",
    "label_column": "label",
    "columns": {
        "id": "The record's id.",
        "type": "Its record type (organization, investment...).",
        "family": "The table holding its fields.",
        "label": _LABEL,
    },
}

_FIXED: Described = {
    "names": {
        "title": "Names",
        "description": "Every name and title name of a record, in every language and script, in order.",
        "columns": {
            "record_id": "The record named.",
            "field": "names, or title_names for the names of a title (a departure's role).",
            "position": "The name's place in that field, from 0.",
            "text": "The name as written.",
            "language": Name.model_fields["language"].description,
            "kind": "What the name is: canonical, alias, abbreviation, transliteration...",
            "prior": Name.model_fields["prior"].description,
        },
    },
    "evidence": {
        "title": "Evidence",
        "description": (
            "Every quote, one row each: the quoting record, where the quote sits in it (path, position), "
            "the verbatim span of the source and its code-point offsets."
        ),
        "columns": {
            "record_id": "The record the quote supports.",
            "path": "Where the quote sits in the record: $.evidence, or $.terms[0].evidence for a round's term.",
            "position": "Its place among the quotes at that path.",
            "source_id": "The source quoted.",
            **{
                name: Evidence.model_fields[name].description
                for name in ("quote", "start", "end", "translation", "prefix", "suffix")
            },
        },
    },
    "field_values": {
        "title": "What each source says",
        "description": (
            "One row per record, field, value and holding (a source and how it holds the value): value is the "
            "JSON of the value as that source gives it, position 0 the one the record shows; several positions "
            "mean the sources differ."
        ),
        "columns": {
            "record_id": "The record.",
            "field": "The field of the record.",
            "position": "The value's place among the field's values: 0 is the one the record shows.",
            "value": "The value as JSON text, as this source gives it (as a data file holds it).",
            "assertion": "How the source holds it: stated, attributed, expected...",
            "attributed_to": "Who the source attributes it to (a person or organization id).",
            "attribution": "The attribution in the source's words.",
            "source_id": "The source; empty for a value no source speaks for.",
            "quote": "The source's first quote for the value.",
        },
    },
    "texts": {
        "title": "Searchable texts",
        "description": (
            "Every name, title name, quote and translation, one row each. The search box finds a whole word or "
            f"any run of up to {CHINESE_WORD_LENGTH} Chinese characters (微软, 穆拉蒂); texts_fts, in SQL, any "
            "run of three characters or more."
        ),
        "facets": ["field", "kind", "language"],
        "columns": {
            "id": "The text's number (the rowid the full-text indexes use).",
            "record_id": "The record it names or quotes.",
            "field": "Where it comes from: names, title_names or evidence.",
            "kind": "A name's kind (canonical, alias...), quote or translation.",
            "language": "Its language tag.",
            "text": "The text.",
        },
    },
}

_WORDS_VIEW: dict[str, Any] = {
    "title": "Texts, search words",
    "description": (
        f"Each text with the words its search box finds, which {WORDS_FTS} indexes: the text, its runs of letters "
        f"and digits apart from Chinese characters, and every run of one to {CHINESE_WORD_LENGTH} Chinese "
        f"characters in it. Computed in SQL, so a row added to texts is indexed too (as by {FTS})."
    ),
    "columns": {"id": "The text's id in texts.", "words": "The text and its search words, separated by spaces."},
}

_DISAGREEMENTS: dict[str, Any] = {
    "title": "Where sources disagree",
    "description": (
        "Every field on which sources give different values, a row per value, as openai-kb disagreements lists "
        "them (lists, which are unioned, never disagree)."
    ),
    "columns": {
        "record_id": "The record.",
        "record_label": "Its label.",
        "field": "The field the sources disagree on.",
        "position": "The value's place: 0 is the one the record shows.",
        "value": "The value as JSON text, as the first source giving it has it.",
        "sources": "The ids of the sources that give it, joined with '; '.",
        "holdings": "Each source and how it holds the value (attributed to whom, expected...), joined with '; '.",
    },
}


def canned_queries(types: RecordTypes) -> dict[str, dict[str, Any]]:
    """The queries on the database page: where sources disagree, what each source says, and for the built-in
    types present, the largest investments and who left when."""
    queries: dict[str, dict[str, Any]] = {
        "where_sources_disagree": {
            "title": "Where sources disagree",
            "description": "Each field on which the sources give different values, with each value's sources.",
            "sql": (
                f'SELECT "record_label", "field", "position", "value", "holdings", "record_id"\nFROM "{DISAGREEMENTS}"'
            ),
        },
        "what_each_source_says": {
            "title": "What each source says",
            "description": (
                "Every value of every field of the records whose id or label holds the text you give "
                "(all records when empty), with the source that gives it and its quote."
            ),
            "sql": (
                'SELECT "record_label", "field", "position", "value", "source_label", "assertion",\n'
                '  "attributed_to_label", "attribution", "quote", "record_id"\n'
                'FROM "field_values_named"\n'
                """WHERE :record = '' OR "record_id" = :record OR instr(lower("record_label"), lower(:record)) > 0"""
            ),
        },
    }
    investors = _family_of(types, Investment)
    if investors is not None:
        queries["largest_investments"] = {
            "title": "Largest investments",
            "description": "Every investment with its amount, largest first (amounts not stated last).",
            "sql": (
                'SELECT "organization_label", "round_label", "amount_text", "amount", "amount_currency",\n'
                f'  "amount_qualifier", "lead", "id"\nFROM "{investors}"\n'
                'ORDER BY "amount" IS NULL, "amount" DESC, "id"'
            ),
        }
    departures = _family_of(types, Departure)
    if departures is not None:
        queries["who_left_when"] = {
            "title": "Who left when",
            "description": "Every departure by date (undated last), with the role left and the organization.",
            "sql": (
                'SELECT "date", "person_label", "title", "title_zh_hans", "organization_label", "cofounder",\n'
                f'  "recent_wave", "id"\nFROM "{departures}"\nORDER BY "date" IS NULL, "date", "person_label"'
            ),
        }
    return queries


def _family_of(types: RecordTypes, model: type[Record]) -> str | None:
    """The family of a built-in model when ``types`` holds it as it is."""
    type_name = model.model_fields["type"].default
    return types.family(type_name) if type_name in types and types[type_name] is model else None
