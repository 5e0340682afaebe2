"""Every text field of every model holds text: a lone surrogate is refused where the record is built."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

import openai_kb
from openai_kb import DataError, Organization, Record
from openai_kb.models import RECORD_TYPES


class Gadget(Record):
    """A record type of one's own, with text fields of each shape: it is covered as the built-in ones are."""

    type: Literal["gadget"] = "gadget"
    family: ClassVar[str] = "gadgets"
    label: str
    note: str | None = None
    tags: tuple[str, ...] = ()


def _models() -> list[type[BaseModel]]:
    """Every registered model, a model of one's own, and every model they hold, each once."""
    found: dict[type[BaseModel], None] = {}
    pending: list[Any] = [*RECORD_TYPES.values(), Gadget]
    while pending:
        current = pending.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current not in found:
                found[current] = None
                pending.extend(info.annotation for info in current.model_fields.values())
        else:
            pending.extend(get_args(current))
    return list(found)


def _bare(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _holds_text(annotation: Any) -> bool:
    """Whether a value of ``annotation`` may be a ``str`` (``str``, ``X | None``, an id, a date...)."""
    annotation = _bare(annotation)
    if annotation is str:
        return True
    return get_origin(annotation) in (Union, types.UnionType) and any(_holds_text(arg) for arg in get_args(annotation))


def _text_fields() -> Iterator[tuple[type[BaseModel], str, bool]]:
    """Each text field: its model, its name, and whether it is a tuple of texts."""
    for model in _models():
        for name, info in model.model_fields.items():
            annotation = _bare(info.annotation)
            if _holds_text(annotation):
                yield model, name, False
            elif get_origin(annotation) is tuple and _holds_text(get_args(annotation)[0]):
                yield model, name, True


FIELDS = list(_text_fields())
# A field that reads text as something else says what it expected instead (still refused, still placed).
OWN_WORDS = {
    "Source.published": "expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or a date and time with its UTC offset "
    "(2024-10-14T09:31:00+08:00) (got 'Ada\\ud800 Lovelace')",
}


def _refusal(char: str, position: int, text: str) -> str:
    return (
        f"{char!r} at position {position} is a lone surrogate: half of a character, not text, so no file or export "
        f"can hold it; give text decoded from UTF-8 (got {text!r})"
    )


def test_the_walk_finds_the_text_fields_of_nested_models_and_ones_own() -> None:
    """The registry walk reaches names, evidence, amounts, terms and a type of one's own: the test below covers them."""
    found = {f"{model.__name__}.{name}" for model, name, _ in FIELDS}
    expected = {"Name.text", "Evidence.quote", "Money.text", "OtherTerm.description", "Source.url", "Gadget.tags"}
    assert expected <= found
    assert {"Organization.location", "Organization.description", "Person.description", "Claim.about"} <= found


@pytest.mark.parametrize(("model", "field", "many"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f, _ in FIELDS])
def test_every_text_field_refuses_a_lone_surrogate(model: type[BaseModel], field: str, many: bool) -> None:
    """A lone surrogate in any text field is a DataError naming the model, the field and its position."""
    text = "Ada\ud800 Lovelace"
    with pytest.raises(DataError) as caught:
        model(**{field: (text,) if many else text})
    place = f"$.{field}[0]" if many else f"$.{field}"
    problems = [(problem.file, problem.message) for problem in caught.value.problems if problem.path == place]
    expected = OWN_WORDS.get(f"{model.__name__}.{field}", _refusal("\ud800", 3, text))
    assert problems == [(f"{model.__name__}(...)", expected)]


def test_a_file_name_that_was_not_utf8_is_refused_in_a_description() -> None:
    """A description holding a byte that was not UTF-8 (decoded with surrogateescape) reads as it is refused."""
    location = b"Z\xfcrich".decode("utf-8", "surrogateescape")
    with pytest.raises(DataError) as caught:
        Organization(id="org:acme", name="Acme", description="A maker of anvils", location=location)
    assert str(caught.value) == (
        "1 problem in the data:\n"
        f"  - Organization(...): record 'org:acme' at $.location: {_refusal(chr(0xDCFC), 1, location)}"
    )


def test_records_given_as_data_refuse_it_too() -> None:
    """from_records and add read dicts with the same rule and the same words."""
    record = {"type": "person", "id": "person:ada", "name": "Ada", "description": "Mathematician\udc80"}
    with pytest.raises(DataError) as caught:
        openai_kb.KnowledgeBase.from_records([record])
    assert [str(problem) for problem in caught.value.problems] == [
        f"<records>: record 'person:ada' at $[0].description: {_refusal(chr(0xDC80), 13, record['description'])}"
    ]


def test_a_record_built_without_validation_is_checked_again() -> None:
    """model_construct skips the check; adding the record to a knowledge base does not."""
    ada = openai_kb.Person.model_construct(id="person:ada", name="Ada", description="poet\ud83d")
    with pytest.raises(DataError) as caught:
        openai_kb.KnowledgeBase.from_records([ada])
    assert [problem.message for problem in caught.value.problems] == [_refusal("\ud83d", 4, "poet\ud83d")]


def test_a_surrogate_pair_is_text() -> None:
    """An emoji beyond U+FFFF, one character in Python, is kept: only half of a pair is refused."""
    assert Organization(id="org:x", name="X", description="rocket \U0001f680").description == "rocket \U0001f680"
