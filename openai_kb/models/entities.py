"""The things facts are about: ``Organization`` and ``Person``, with all their ``Name``s."""

# No `from __future__ import annotations` here: pydantic would evaluate every string annotation of a
# model's bases again for each subclass (the class variables of Record twenty times over at import).

from typing import ClassVar, Literal

from pydantic import Field

from .base import Language, Model, Record
from .sources import Evidence

__all__ = ["Entity", "Name", "NameKind", "Organization", "OrganizationKind", "Person"]

NameKind = Literal["canonical", "alias", "abbreviation", "transliteration", "translation"]
OrganizationKind = Literal["company", "investment_firm", "nonprofit", "government", "university", "media", "other"]


class Name(Model):
    """One way of writing a name or title, in one language and script."""

    text: str = Field(min_length=1, examples=["米拉·穆拉蒂"])
    language: Language
    kind: NameKind = "alias"
    prior: float | None = Field(
        default=None,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description=(
            "How likely this name means this record when several records share it (0-1); search "
            "ranks equally good matches by it. None counts as 1."
        ),
    )


class Entity(Record):
    """Something with a name: ``name`` is the canonical English name, ``names`` all the others."""

    graph_node: ClassVar[bool] = True
    label_template: ClassVar[str | None] = "{name}"
    graph_caption: ClassVar[str | None] = "{name}[ / {names:first=zh}]"  # English, and the first Chinese name

    name: str = Field(min_length=1, description="The canonical English name.")
    names: tuple[Name, ...] = Field(default=(), description="Other names, in every language and script.")
    description: str | None = Field(default=None, description="A short English description.")
    evidence: tuple[Evidence, ...] = Field(default=(), description="Where the source describes this entity.")


class Organization(Entity):
    """A company, an investment firm, a nonprofit, ..."""

    topic_words: ClassVar[tuple[str, ...]] = ("company", "firm", "organisation", "公司", "企业", "机构", "组织")

    type: Literal["organization"] = "organization"
    family: ClassVar[str] = "organizations"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:Organization",)
    graph_colours: ClassVar[tuple[str, str] | None] = ("#e8f0fe", "#4a6fa5")
    kind: OrganizationKind = "company"
    location: str | None = Field(default=None, description="Where it is based.", examples=["New York"])


class Person(Entity):
    """A person."""

    topic_words: ClassVar[tuple[str, ...]] = ("executive", "individual", "人物", "人士", "高管")

    type: Literal["person"] = "person"
    family: ClassVar[str] = "people"
    jsonld_classes: ClassVar[tuple[str, ...]] = ("schema:Person",)
    graph_shape: ClassVar[str] = "rounded"
    graph_colours: ClassVar[tuple[str, str] | None] = ("#fdf0e6", "#b5793a")
