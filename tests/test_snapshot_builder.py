"""The builder behind the cache: from a data file's JSON it gives exactly what validation gives, or refuses.

``_rebuild.build_file`` builds records without pydantic's validators; the cache lets a start use it
only for bundled files it was checked against. These tests hold it to validation on other data
too, so a change to the models that the builder does not follow shows here, not as a cache that
is never used (or, worse, one that builds other records).
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

import openai_kb
from openai_kb import BUNDLED
from openai_kb.errors import ProblemLog
from openai_kb.models import RECORD_TYPES
from openai_kb.reading import _rebuild as rebuild
from openai_kb.reading import _store as store
from openai_kb.reading._checks import Located

from .conftest import FIXTURES
from .test_properties import broken_minis, knowledge_bases


def _validated(name: str, data: bytes) -> tuple[list[Located], bool]:
    """What validation gives for a file, and whether it found no problem."""
    log = ProblemLog()
    located: list[Located] = []
    unvalidated: list[Any] = []
    store.read_file(name, data, log, located, unvalidated, RECORD_TYPES)
    return located, not log and not unvalidated


def _agrees(name: str, data: bytes) -> bool:
    """The builder gives what validation gives, or refuses; True when it built."""
    validated, valid = _validated(name, data)
    try:
        built = rebuild.build_file(name, orjson.loads(data), RECORD_TYPES)
    except rebuild.Unbuildable:
        return False
    assert valid, "the builder built a file that validation refuses"
    assert rebuild.same_records(built, validated)
    return True


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.json")), ids=lambda path: path.name)
def test_each_bundled_file_builds_as_it_validates(path: Any) -> None:
    """Every bundled file builds to the very records validation gives: classes, given fields, values, places."""
    assert _agrees(str(path), path.read_bytes())


def test_the_fixture_builds_as_it_validates() -> None:
    """The tests' small knowledge base builds as it validates."""
    assert _agrees("records.json", (FIXTURES / "mini" / "records.json").read_bytes())


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        pytest.param({"type": "person", "id": "person:x", "name": 12345}, "a str expected", id="a number for a name"),
        pytest.param({"type": "person", "id": "Person X", "name": "X"}, "not of its pattern", id="an id with a space"),
        pytest.param({"type": "person", "id": "person:x"}, "Person.name missing", id="a field missing"),
        pytest.param(
            {"type": "person", "id": "person:x", "name": "X", "age": 3},
            "a field Person does not have",
            id="a field more",
        ),
        pytest.param({"type": "robot", "id": "robot:x"}, "a record of no known type", id="an unknown type"),
    ],
)
def test_the_builder_refuses_what_validation_refuses(record: dict[str, Any], reason: str) -> None:
    """A value of another type, pattern or shape is refused with the reason, never built."""
    with pytest.raises(rebuild.Unbuildable, match=f"^{reason}$"):
        rebuild.build_file("f.json", {"records": [record]}, RECORD_TYPES)


@pytest.mark.parametrize("amount", ["NaN", "-Infinity", "1E+999999999", "-5", 6.6e9, True])
def test_the_builder_refuses_amounts_validation_refuses(amount: object) -> None:
    """An amount that is not finite, out of range, negative, a float or a flag is never built."""
    money = {"amount": amount, "currency": "USD"}
    record = {"type": "valuation", "id": "valuation:x", "company": "org:x", "amount": money}
    with pytest.raises(rebuild.Unbuildable):
        rebuild.build_file("f.json", {"records": [record]}, RECORD_TYPES)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(knowledge_bases())
def test_saved_knowledge_bases_build_as_they_validate(records: list[dict[str, Any]]) -> None:
    """A saved knowledge base of arbitrary text builds to what validation gives, or is refused."""
    kb = openai_kb.KnowledgeBase.from_records(records)
    data = store.dumps_records(list(kb))
    _agrees("kb.json", data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_minis())
def test_damaged_files_never_build_other_records(data: bytes) -> None:
    """A file with one thing damaged builds only when validation finds it valid, and then to the same records."""
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return
    _agrees("records.json", data)
