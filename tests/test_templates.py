"""The template language in which a record model words itself, and the checks on its declarations."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import ClassVar, Literal

import pytest
from pydantic import StrictBool

from openai_kb import Fact, Money
from openai_kb.models import Link, Name, OrganizationRef, Titles
from openai_kb.models.templates import Template, template


def show(value: object, reference: bool) -> str:
    """References as <id>, anything else as str()."""
    return f"<{value}>" if reference else str(value)


def render(text: str, references: tuple[str, ...] = (), **values: object) -> str:
    return template(text).render(SimpleNamespace(**values), show, references)


def test_fields_show_values_and_references() -> None:
    """A field shows its value; a reference (and each item of a tuple of them) through the show function."""
    assert render("{a} and {b}", ("b",), a="x", b="org:y") == "x and <org:y>"
    assert render("{b}", ("b",), b=("org:y", "org:z")) == "<org:y>, <org:z>"
    assert render("{b[1]}", ("b",), b=("org:y", "org:z")) == "<org:z>"
    assert render("{m.text}", ("m",), m=SimpleNamespace(text="66 亿")) == "66 亿"  # a field inside is no reference


def test_specs() -> None:
    """Flags choose a text; underscores become hyphens or spaces; tuples join; a value can hide; names pick one."""
    assert [render("{lead:led|joined}", lead=flag) for flag in (True, False)] == ["led", "joined"]
    assert render("{basis:hyphens} {progress:spaces}", basis="post_money", progress="in_progress") == (
        "post-money in progress"
    )
    assert render("{o:join= and }", o=("a", "b", "c")) == "a and b and c"
    assert [render("{held:hide=stated}", held=held) for held in ("stated", "expected")] == ["", "expected"]
    names = (Name(text="奥", language="en"), Name(text="开放", language="zh-Hans"))
    assert render("{name}[ / {names:first=zh}]", name="OpenAI", names=names) == "OpenAI / 开放"
    assert render("{name}[ / {names:first=zh}]", name="开放", names=names) == "开放"  # it would repeat the name
    assert render("{title}[ / {title_names:first=ja}]", title="CTO", title_names=names) == "CTO"


def test_a_flag_the_source_does_not_give_shows_nothing_or_its_third_text() -> None:
    """A flag that is None (not stated) shows nothing, or the third text; an optional part around it vanishes."""
    assert [render("{lead:led|joined}", lead=flag) for flag in (True, False, None)] == ["led", "joined", ""]
    assert [render("{lead:led|joined|invested}", lead=flag) for flag in (True, False, None)] == [
        "led",
        "joined",
        "invested",
    ]
    assert render("competes[ ({main:main|})]", main=None) == "competes"


def test_optional_parts() -> None:
    """A part vanishes when all its fields are empty; an empty field leaves with the text before it."""
    notes = "competes[ ({main:main|}, {barred:barred|})]"
    assert render(notes, main=True, barred=True) == "competes (main, barred)"
    assert render(notes, main=False, barred=True) == "competes (barred)"
    assert render(notes, main=True, barred=False) == "competes (main)"
    assert render(notes, main=False, barred=False) == "competes"
    assert render("round {a}[ / {t}][, {d}]", a="US$1", t=None, d="2024") == "round US$1, 2024"
    assert render("[{a}][ {b}]", a=(), b="") == ""


def test_literal_braces_and_brackets() -> None:
    """Doubled braces and brackets are themselves."""
    assert render("{{{a}}} [[{a}]] [{a} [[x]]]", a="v") == "{v} [v] v [x]"


def test_variants_of_a_template_of_flags() -> None:
    """A relation chosen by flags can give each of its texts, the true one first."""
    assert template("{lead:led|participated}").variants() == ("led", "participated")
    assert template("raised").variants() == ("raised",)
    assert template("{a:x|}{b:y|z}").variants() == ("xy", "xz", "y", "z")
    assert template("{lead:led|joined|invested}").variants(["lead"]) == ("led", "joined", "invested")
    assert template("{lead:led|joined}").variants(["lead"]) == ("led", "joined", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[{a}", "an optional part is not closed: add ']'"),
        ("a]", "']' at position 1 closes no optional part; write ']]' for a bracket"),
        ("[{a} [{b}]]", "optional parts do not nest: '[' at position 5 is inside another"),
        ("[no field]", "the optional part [no field] holds no field, so nothing could make it vanish"),
        ("{a", "the field opened at position 0 has no closing brace"),
        ("a}", "Single '}' encountered in format string (write '{{' or '}}' for a brace)"),
        ("{a!r}", "{a!r}: a field takes no conversion; a spec follows a colon"),
        ("{a b}", "{a b} is no field: a field is a name, then any .name or [index]"),
        ("{a:loud}", "{a:loud} has an unknown spec; specs: yes|no or yes|no|unsaid (a flag), hyphens, spaces, "
         "join=TEXT, first=LANGUAGE, hide=VALUE"),
        ("{a:w|x|y|z}", "{a:w|x|y|z} chooses between two texts, or three: write yes|no, or yes|no|unsaid for a "
         "flag that may be None (not stated)"),
    ],
)  # fmt: skip
def test_a_template_that_is_none_says_why(text: str, message: str) -> None:
    """A malformed template is a ValueError naming what is wrong and where."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Template(text)


def test_link_ends() -> None:
    """A link draws from each record at its source to each at its target: id, a field, an item, the rest."""
    partners = SimpleNamespace(orgs=("org:a", "org:b", "org:c"), lead="org:l", none=None)
    assert list(Link("orgs[0]", "orgs[1:]", "partner", "").ends("p:1", partners)) == [
        ("org:a", "org:b"),
        ("org:a", "org:c"),
    ]
    assert list(Link("lead", "id", "led", "").ends("p:1", partners)) == [("org:l", "p:1")]
    assert list(Link("id", "none", "of", "").ends("p:1", partners)) == []


def _declare(**declarations: object) -> None:
    """Declare a type of one's own with these class variables."""
    body = {
        "__annotations__": {
            "type": Literal["deal"],
            "buyer": OrganizationRef,
            "seller": OrganizationRef,
            "hostile": StrictBool,
            "price": Money | None,
            "agreed": StrictBool | None,
            **dict.fromkeys(declarations, ClassVar[object]),
        },
        "type": "deal",
        "hostile": False,
        "price": None,
        "agreed": None,
        **declarations,
    }
    type("Deal", (Fact,), body)


FIELDS = "type, id, evidence, assertion, attributed_to, attribution, buyer, seller, hostile, price, agreed"


@pytest.mark.parametrize(
    ("declarations", "message"),
    [
        (
            {"label_template": "{buyer} bought {target}"},
            f"Deal.label_template '{{buyer}} bought {{target}}' names 'target', which is not a field of Deal; "
            f"its fields are {FIELDS}",
        ),
        (
            {"label_template": "{buyer} ({hostile})"},
            "Deal.label_template '{buyer} ({hostile})': the flag 'hostile' shows as words: "
            "write {hostile:text if true|text if false}",
        ),
        (
            {"label_template": "{buyer:yes|no}"},
            "Deal.label_template '{buyer:yes|no}': {buyer:yes|no} chooses by a flag, but 'buyer' is not a flag",
        ),
        (
            {"label_template": "{price.sum}"},
            "Deal.label_template '{price.sum}': 'price.sum' names 'sum', which is not a field of Money; "
            "its fields are amount, currency, qualifier, text",
        ),
        (
            {"graph_caption": "{seller:join=, }"},
            "Deal.graph_caption '{seller:join=, }': {seller:join=, } takes a tuple, but 'seller' is not one",
        ),
        (
            {"graph_links": (Link("buyer", "target", "bought", "bought"),)},
            "Deal.graph_links[0] draws from or to 'target', which is neither 'id' nor a field of Deal "
            f"(with [0] or [1:] after it); its fields are {FIELDS}",
        ),
        (
            {"graph_links": (Link("buyer", "seller", "{price}", "bought"),)},
            "Deal.graph_links[0].relation '{price}': it is a word, or words chosen by flags, "
            "as {lead:led|participated}",
        ),
        (
            {"graph_links": (Link("buyer", "seller", "bought", "bought", line="{hostile:wavy|plain}"),)},
            "Deal.graph_links[0].line '{hostile:wavy|plain}': 'wavy' is not a line; "
            "lines: plain, thick, dashed, dotted, both",
        ),
        (
            {"graph_links": (Link("buyer", "seller", "bought", "bought", line="{agreed:plain|dashed}"),)},
            "Deal.graph_links[0].line '{agreed:plain|dashed}' gives no text when 'agreed' is None (not stated): "
            "give a third text for it, as {lead:led|participated|invested}",
        ),
        ({"graph_shape": "star"}, "Deal.graph_shape 'star' is not a shape: box, rounded, hexagon, stadium, subroutine"),
        (
            {"graph_colours": ("#fff", "red}%%{init: {}}%%")},
            "Deal.graph_colours ('#fff', 'red}%%{init: {}}%%') is not a fill and a stroke colour, "
            "each a hex code or a colour name: ('#e8f0fe', '#4a6fa5')",
        ),
        (
            {"jsonld_predicates": {"buyers": "schema:buyer"}},
            f"Deal.jsonld_predicates names 'buyers', which is not a field of Deal; its fields are {FIELDS}",
        ),
        (
            {"search_titles": Titles((("role", "en"),), of="buyer")},
            f"Deal.search_titles names 'role', which is not a field of Deal; its fields are {FIELDS}",
        ),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else None,
)
def test_a_declaration_that_does_not_fit_fails_when_the_class_is_declared(
    declarations: dict[str, object], message: str
) -> None:
    """A misspelt field or a spec that does not fit is a TypeError naming the model, the declaration and the field."""
    with pytest.raises(TypeError) as caught:
        _declare(**declarations)
    assert str(caught.value) == message


def test_a_declaration_that_fits_is_accepted() -> None:
    """Every declaration at once, each naming fields the model has."""
    _declare(
        label_template="{buyer} bought {seller}[ for {price}]",
        graph_caption="{hostile:hostile deal|deal}[ {price.text}]",
        graph_links=(
            Link("buyer", "seller", "{hostile:took over|bought}", "", line="{hostile:thick|plain}"),
            Link("buyer", "seller", "{agreed:agreed|disputed|dealt}", "", line="{agreed:plain|dashed|dotted}"),
        ),
        graph_shape="stadium",
        graph_colours=("#fff3e0", "orange"),
        jsonld_predicates={"buyer": "schema:buyer"},
        search_titles=Titles((("type", "en"),), of="seller", at="buyer"),
    )
