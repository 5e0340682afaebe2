"""Where facts come from: a ``Source`` document and the ``Evidence`` spans cited from it."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, Field, Strict, model_validator

from .base import Language, Model, Record, SourceRef

__all__ = ["CONTEXT_CHARS", "MAX_CONTEXT", "MAX_OFFSET", "Evidence", "Source"]

MAX_OFFSET = 2**53 - 1  # the largest integer every JSON reader keeps exactly (JavaScript's too)
MAX_CONTEXT = 32
"""The most characters an evidence span's ``prefix`` or ``suffix`` may hold: context, not a copy."""
CONTEXT_CHARS = 16
"""The characters of context ``cite`` records each side of a quote (fewer at the text's edges)."""

Offset = Annotated[int, Strict(), Field(ge=0, le=MAX_OFFSET)]


class Source(Record):
    """A document that facts are taken from, such as one news article."""

    type: Literal["source"] = "source"
    family: ClassVar[str] = "sources"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:CreativeWork",)
    title: str = Field(min_length=1)
    publisher: str | None = None
    published: AwareDatetime | None = Field(
        default=None, description="When it was published, with its UTC offset.", examples=["2024-10-14T09:31:00+08:00"]
    )
    author: str | None = Field(default=None, description="The author; None when the byline names nobody.")
    language: Language
    filename: str | None = Field(default=None, description="The file whose text the evidence offsets point into.")
    length: Offset | None = Field(
        default=None, description="The text's length in code points: evidence must end within it."
    )
    sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes, to recognise the text."
    )


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
