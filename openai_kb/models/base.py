"""Shared building blocks of every model: the base class, ids, references, dates, languages."""

# No `from __future__ import annotations` here: pydantic would evaluate every string annotation of a
# model's bases again for each subclass (the class variables of Record twenty times over at import).

import calendar
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from .._explaining import explain
from .._showing import as_html
from ._tuples import as_tuples
from .templates import Link, Titles, check_declarations

__all__ = [
    "ID_PATTERN",
    "AnyRef",
    "FundingRoundRef",
    "Language",
    "Model",
    "OrganizationRef",
    "PartialDate",
    "PartyRef",
    "PersonRef",
    "Record",
    "RecordId",
    "Reference",
    "SourceRef",
    "check_partial_date",
    "id_problem",
    "lone_surrogate",
    "unprintable",
]


class Model(BaseModel):
    """Base of every model: immutable, and a typo in hand-edited JSON fails loudly.

    Built in code (``Source(...)``), a model that refuses its input raises ``openai_kb.DataError``
    naming the model, the field and the reason, as loading a file does; it is a ``ValueError``,
    as pydantic's ``ValidationError`` is. ``model_validate`` and ``model_validate_json`` are
    pydantic's own and raise its ``ValidationError``.
    """

    # str_min_length=0 sets no limit: it puts every text field of every model derived from this one (a
    # user's own too; in tuples and unions alike) through pydantic-core's constrained string validator,
    # which reads the text as UTF-8 and so refuses a lone surrogate ("\udcff", half of a character, as
    # a file name that was not UTF-8 decodes to): no data file, export or database can hold one. In
    # Rust, once per string; reading/_problems words the refusal ("string_unicode"), and
    # tests/test_text_fields.py tries every text field of every registered model.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, str_min_length=0)

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True  # pytest shows the caller's line, not this one
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise explain(type(self), data, error) from None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Hold its list and set fields as tuples (``models._tuples``), as the class is declared."""
        super().__pydantic_init_subclass__(**kwargs)
        as_tuples(cls)

    # Pydantic calls a model's own __init__ for every nested model it validates (a Money inside a
    # Valuation, each record of a data file) unless it is marked as the base one: so it is, and only
    # the outermost constructor converts, and loading files never runs this at all (as pydantic-settings
    # marks BaseSettings.__init__).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


# An id is printed in tables and messages and pasted into commands, so it holds no white space and
# no character that is invisible or acts on a terminal: C0 and C1 controls, DEL, and the format
# characters of the Basic Multilingual Plane (soft hyphen, bidi marks, embeddings, overrides and
# isolates, zero-width spaces and joiners, the BOM). One pattern that pydantic's Rust engine, Python
# and JavaScript (JSON Schema) all read alike; format characters beyond U+FFFF, such as language
# tags, are not in it (the command line shows them as escapes all the same).
_PRINTABLE = (
    r"[^\s\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
ID_PATTERN = rf"^[a-z][a-z0-9_]*:{_PRINTABLE}+$"
"""What every id and every reference matches: a lower-case type, a colon, then printable characters."""

_TYPE_PREFIX = re.compile(r"[a-z][a-z0-9_]*:")
_NOT_PRINTABLE = re.compile(_PRINTABLE.replace("[^", "[", 1))


def id_problem(value: str) -> str:
    """Why ``value`` is not an id, in words: what bad data reports instead of the pattern."""
    rule = "an id is a lower-case type, a colon and a name without spaces or invisible characters"
    prefix = _TYPE_PREFIX.match(value)
    if prefix is None or prefix.end() == len(value):
        return f"{rule}, such as 'person:mira-murati'"
    found = unprintable(value, prefix.end())
    if found is None:
        return f"{rule}, such as 'person:mira-murati'"
    return f"{rule}: {found}; remove it, or write words with - or _"


def unprintable(value: str, start: int = 0) -> str | None:
    """The first white space, control or invisible format character of ``value`` from ``start``, in words, or None.

    ``' ' at position 8 is white space``: what ids and web addresses may not hold (see ``ID_PATTERN``).
    """
    found = _NOT_PRINTABLE.search(value, start)
    if found is None:
        return None
    char = found.group()
    if char.isspace():
        kind = "white space"
    else:
        kind = "a control character" if ord(char) < 0xA0 else "an invisible format character"
    return f"{char!r} at position {found.start()} is {kind}"


_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: in a str, only from bytes that were not UTF-8


def lone_surrogate(text: str) -> str:
    """Why ``text`` is refused: the first lone surrogate in it, where, and what to give instead."""
    found = _SURROGATE.search(text)
    where = f"{found.group()!r} at position {found.start()}" if found else "a lone surrogate"
    return (
        f"{where} is a lone surrogate: half of a character, not text, so no file or export can hold it; "
        "give text decoded from UTF-8"
    )


RecordId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=200),
    Field(description="A stable, readable id: a type prefix, a colon, a slug.", examples=["org:openai"]),
]


class Record(Model):
    """A top-level item of a knowledge base: it has a ``type`` tag and a unique ``id``."""

    type: str
    id: RecordId

    family: ClassVar[str]
    """The family its records form, named as people say it (``"investors"``); default: the type tag + "s"."""
    jsonld_classes: ClassVar[tuple[str, ...]]
    """Its JSON-LD classes (``("schema:Person",)``); default: ``kb:`` and the class name."""
    graph_node: ClassVar[bool] = False
    """Whether its records draw as nodes of the graph (entities, rounds...) rather than only as edges."""
    graph_edges: ClassVar[bool] = True
    """Whether it draws edges at all; False for statements about things (claims)."""

    # How it reads and draws, in the template language of ``models.templates`` (checked against its
    # fields when the class is declared). docs/reuse.md shows them on a type of one's own.
    label_template: ClassVar[str | None] = None
    """Its one-line English label (``kb.label``): ``"{company} funding round of {amount}"``; None: its
    type, then each field that is set (``acquisition: acquirer Microsoft, target Inflection AI``)."""
    graph_caption: ClassVar[str | None] = None
    """The caption of its node, for a ``graph_node`` type: ``"{amount}[ / {amount.text}]"``; None: its label."""
    graph_shape: ClassVar[str] = "box"
    """The shape of its node: one of ``models.templates.SHAPES`` (``"box"``, ``"rounded"``, ``"hexagon"``...)."""
    graph_colours: ClassVar[tuple[str, str] | None] = None
    """The fill and stroke of its nodes in Mermaid (``("#e8f0fe", "#4a6fa5")``); None: Mermaid's own."""
    graph_links: ClassVar[tuple[Link, ...]] = ()
    """The edges its records draw, each a ``Link``; none declared: its reference fields draw (a node
    type's to each record it refers to, any other's from its first reference to each other one)."""
    graph_order: ClassVar[int | None] = None
    """Where the edges of its relations come in a drawing, lower first; None: after the numbered types."""
    jsonld_predicates: ClassVar[Mapping[str, str]] = {}
    """JSON-LD predicates of its own fields (``{"person": "schema:member"}``); fields every type shares
    (``description``, ``amount``...) have theirs already, and any other is ``kb:`` + its camelCase name."""
    jsonld_extra: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """Further JSON-LD predicates, each listing the records some of its fields refer to:
    ``{"schema:funder": ("lead_investors", "participants")}``."""
    english_fields: ClassVar[frozenset[str]] = frozenset()
    """Its text fields written in English, beside ``description``, ``statement``... (JSON-LD tags them ``en``)."""
    search_titles: ClassVar[Titles | None] = None
    """Texts of it that also find a record it refers to (a departure's titles find the person)."""
    topic_words: ClassVar[tuple[str, ...]] = ()
    """Words that name its records in a query, beside its tag and family: synonyms and other languages
    (``("valued", "估值")``), so ``kb.search("OpenAI 估值")`` finds OpenAI's valuations."""
    topic_fields: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """Fields that make a record about more topics when they are true:
    ``{"barred_by_exclusivity": ("exclusivity", "排他")}``."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Check its declarations against its fields as the class is declared: a misspelt field fails here."""
        super().__pydantic_init_subclass__(**kwargs)
        check_declarations(cls)

    def _repr_html_(self) -> str:
        """The record in a notebook: its names, fields and evidence (``kb.about`` adds what mentions it)."""
        return as_html(self)


class Reference:
    """Marks a field as holding the id of another record of one of ``types`` (empty: any type)."""

    __slots__ = ("types",)

    def __init__(self, *types: str) -> None:
        self.types = frozenset(types)

    def __repr__(self) -> str:
        return f"Reference({', '.join(sorted(self.types))})"


def _to_id(value: Any) -> Any:
    """Accept a record where an id is expected, so users can pass objects or ids alike."""
    if isinstance(value, Record):
        return value.id
    return value


_REF = StringConstraints(pattern=ID_PATTERN)
# The pattern comes before BeforeValidator(_to_id) in each reference below, so pydantic checks it in its
# string validator; after it, pydantic checked it again in a Python function for every reference loaded.


def _described(*types: str) -> Any:
    names = " or ".join(types) if types else "any record"
    return Field(description=f"The id of {names}; a record object is accepted and stored as its id.")


AnyRef = Annotated[str, _REF, BeforeValidator(_to_id), Reference(), _described()]
SourceRef = Annotated[str, _REF, BeforeValidator(_to_id), Reference("source"), _described("a source")]
OrganizationRef = Annotated[
    str, _REF, BeforeValidator(_to_id), Reference("organization"), _described("an organization")
]
PartyRef = Annotated[
    str,
    _REF,
    BeforeValidator(_to_id),
    Reference("organization", "person"),
    _described("an organization", "a person"),
]
PersonRef = Annotated[str, _REF, BeforeValidator(_to_id), Reference("person"), _described("a person")]
FundingRoundRef = Annotated[
    str, _REF, BeforeValidator(_to_id), Reference("funding_round"), _described("a funding round")
]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_partial_date(value: str) -> str:
    """``value`` if it is a possible date as YYYY, YYYY-MM or YYYY-MM-DD; else a ValueError saying why."""
    match = _DATE.match(value)
    if match is None:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} is not between 01 and 12")
    if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        raise ValueError(f"day {day} does not exist in {year}-{month}")
    return value


PartialDate = Annotated[
    str,
    AfterValidator(check_partial_date),
    Field(
        description="A date with the precision the source gives: a year, a month or a day.",
        examples=["2024", "2024-10", "2024-10-14"],
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    ),
]

Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(description="A BCP-47 language tag.", examples=["en", "zh-Hans", "zh-Hant"]),
]
