"""Where facts come from: a ``Source`` document and the ``Evidence`` spans cited from it."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    Strict,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._web_address import MAX_WEB_ADDRESS, web_address_problem
from .base import Language, Model, PartialDate, Record, SourceRef, check_partial_date

__all__ = [
    "CONTEXT_CHARS",
    "MAX_CONTEXT",
    "MAX_OFFSET",
    "MAX_WEB_ADDRESS",
    "Evidence",
    "Published",
    "Source",
    "WebAddress",
    "web_address_problem",
]

MAX_OFFSET = 2**53 - 1  # the largest integer every JSON reader keeps exactly (JavaScript's too)
MAX_CONTEXT = 32
"""The most characters an evidence span's ``prefix`` or ``suffix`` may hold: context, not a copy."""
CONTEXT_CHARS = 16
"""The characters of context ``cite`` records each side of a quote (fewer at the text's edges)."""

Offset = Annotated[int, Strict(), Field(ge=0, le=MAX_OFFSET)]

_DATE_LIKE = re.compile(r"\d{4}(-\d{1,2}(-\d{1,2})?)?")  # written as a date: checked as one, never as a time


def _date_or_datetime(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """One reason, not one per member of the union: a date is checked as a date, anything else as a time."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()  # a datetime.date is a day
    if isinstance(value, str) and _DATE_LIKE.fullmatch(value):
        return check_partial_date(value)
    if isinstance(value, (int, float)):  # pydantic would read 2024 as seconds since 1970
        raise PydanticCustomError("date_type", 'a date is text, not a number: write "2024" for a year')
    try:
        return handler(value)
    except ValidationError as error:
        if any(detail["type"] == "timezone_aware" for detail in error.errors()):
            raise PydanticCustomError("timezone_aware", "Input should have timezone info") from None
        raise PydanticCustomError(
            "date_or_datetime",
            "expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or a date and time with its UTC offset "
            "(2024-10-14T09:31:00+08:00)",
        ) from None


Published = Annotated[
    PartialDate | AwareDatetime,
    WrapValidator(_date_or_datetime),
    Field(
        description="When it was published: a date as precise as the source gives it, or a time with its UTC offset.",
        examples=["2024-10-03", "2024-10", "2024-10-14T09:31:00+08:00"],
    ),
]
"""A date (``"2024"``, ``"2024-10"``, ``"2024-10-03"``, kept as text) or an aware ``datetime``."""


def _check_web_address(value: str) -> str:
    problem = web_address_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


WebAddress = Annotated[
    str,
    AfterValidator(_check_web_address),
    Field(
        description=f"An http(s) web address (an RFC 3987 IRI), as text, of at most {MAX_WEB_ADDRESS:,} characters.",
        examples=["https://example.com/news/openai-round"],
        json_schema_extra={
            "format": "iri",
            "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+([/?#]|$)",
            "maxLength": MAX_WEB_ADDRESS,
        },
    ),
]
"""An ``http://`` or ``https://`` IRI (the scheme in any case) with a host and no user name, no spaces,
controls or invisible characters, at most ``MAX_WEB_ADDRESS`` characters (``models/_web_address``)."""


class Source(Record):
    """A document that facts are taken from, such as one news article."""

    topic_words: ClassVar[tuple[str, ...]] = ("report", "article", "来源", "报道", "文章", "出处")

    type: Literal["source"] = "source"
    family: ClassVar[str] = "sources"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:CreativeWork",)
    label_template: ClassVar[str | None] = "{title}"
    title: str = Field(min_length=1)
    url: WebAddress | None = Field(default=None, description="Where it can be read on the web.")
    publisher: str | None = None
    published: Published | None = None
    author: str | None = Field(default=None, description="The author; None when the byline names nobody.")
    language: Language
    filename: str | None = Field(default=None, description="The file whose text the evidence offsets point into.")
    length: Offset | None = Field(
        default=None, description="The text's length in code points: evidence must end within it."
    )
    sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes, to recognise the text."
    )

    @classmethod
    def from_text(cls, text: str, *, id: str, title: str, **fields: Any) -> Self:
        """The source whose text is ``text``: its ``length`` in code points and the ``sha256`` of its UTF-8 bytes.

        The text is counted exactly as given, as ``cite`` and ``verify_evidence`` count it: a
        byte-order mark (U+FEFF) that starts it is its first character, and a CR LF line end is two.
        Read a file with ``open(path, encoding="utf-8", newline="")`` (``newline=""`` keeps its line
        ends): then the sha256 is that of the file's bytes, which ``openai-kb verify --source FILE``
        recognises. The other fields (``language``, which every source needs, ``url``, ``publisher``,
        ``published``, ``author``, ``filename``) are keywords checked as ``Source(...)`` checks them;
        the text itself is not kept.
        """
        if not isinstance(text, str):
            fix = "; decode it first: data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
            raise TypeError(f"Source.from_text() expects the text as a str, not {type(text).__name__}{fix}")
        counted = sorted({"length", "sha256"} & fields.keys())
        if counted:
            raise TypeError(
                f"Source.from_text() counts the text's length and sha256 itself; leave out {' and '.join(counted)}"
            )
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(id=id, title=title, **fields, length=len(text), sha256=digest)


class Evidence(Model):
    """A verbatim span of a source that supports a fact: ``text[start:end] == quote``."""

    source: SourceRef
    quote: str = Field(min_length=1, description="The shortest verbatim span that supports the fact.")
    start: Offset = Field(description="Code-point offset of the quote's first character.")
    end: Offset = Field(description="Code-point offset just past the quote's last character.")
    translation: str | None = Field(default=None, description="An English translation of the quote.")
    prefix: str | None = Field(
        default=None,
        max_length=MAX_CONTEXT,
        description=(
            "The text just before the quote (a W3C TextQuoteSelector's prefix), at most 32 characters: "
            "cite() records 16, or all there are nearer the text's start; '' when the quote starts the text, "
            "None when not recorded."
        ),
        examples=["创下了创投史上最大规模的纪录,更"],
    )
    suffix: str | None = Field(
        default=None,
        max_length=MAX_CONTEXT,
        description=(
            "The text just after the quote, at most 32 characters: cite() records 16, or all there are "
            "nearer the text's end; '' when the quote ends the text, None when not recorded."
        ),
        examples=["的惊人高度。这笔由纽约创投机构 "],
    )

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.start >= self.end:
            raise ValueError(f"start ({self.start}) must be less than end ({self.end})")
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"the span {self.start}:{self.end} is {self.end - self.start} characters long "
                f"but the quote has {len(self.quote)}"
            )
        if self.prefix is not None and len(self.prefix) > self.start:
            raise ValueError(
                f"the prefix is {len(self.prefix)} characters long but only {self.start} precede the quote "
                f"(it starts at {self.start}); the prefix is the text just before the quote"
            )
        if self.prefix == "" and self.start > 0:
            raise ValueError(
                f"an empty prefix says the quote starts the text, but it starts at {self.start}; "
                "give the characters just before it, or leave the prefix out"
            )
        return self
