"""Every failure to write is a SaveError naming the path and the cause, and the old file stays as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
from pydantic import BaseModel, ConfigDict

import openai_kb
from openai_kb import KnowledgeBase, Organization, Record, SaveError
from openai_kb.outputs import exports
from openai_kb.outputs.exports import json_ld
from openai_kb.reading import _atomic as atomic_module
from openai_kb.reading._checks import Located

from .conftest import FIXTURES


class Detail(BaseModel):
    """A plain pydantic model of one's own, frozen as a record's parts must be: its text is not checked."""

    model_config = ConfigDict(frozen=True)
    note: str


class Gadget(Record):
    """A record type of one's own whose values validation lets through and no file can hold."""

    type: Literal["gadget"] = "gadget"
    family: ClassVar[str] = "gadgets"
    name: str
    detail: Detail | None = None
    count: int | None = None


SURROGATE = (
    "record 'gadget:one' at $.detail.note: '\\udcff' at position 3 is a lone surrogate: half of a character, "
    "not text, so no file or export can hold it; give text decoded from UTF-8"
)
HUGE = 2**64
BEYOND = (
    f"record 'gadget:one' at $.count: {HUGE} is beyond the 64-bit integers JSON readers and SQLite hold; "
    "give a smaller number, or hold it as a Decimal"
)
OLD = b"the old file\n"

# Each way of writing a knowledge base to a path, and the file it writes there (None: the path itself).
WRITERS: dict[str, tuple[Callable[[KnowledgeBase, Path], object], str | None]] = {
    "save": (lambda kb, path: kb.save(path), None),
    "json": (lambda kb, path: kb.export("json", path), None),
    "jsonl": (lambda kb, path: kb.export("jsonl", path), None),
    "jsonld": (lambda kb, path: kb.export("jsonld", path), None),
    "sqlite": (lambda kb, path: kb.export("sqlite", path), None),
    "csv": (lambda kb, path: kb.export("csv", path, kind="gadgets"), None),
    "csv-folder": (lambda kb, path: kb.export("csv", path), "gadgets.csv"),
    "datasette": (lambda kb, path: kb.export("sqlite", path, datasette=True), "openai-kb.db"),
}


def _gadget(**fields: Any) -> KnowledgeBase:
    return KnowledgeBase.from_records([Gadget(id="gadget:one", name="One", **fields)])


def _old_file(tmp_path: Path, inside: str | None) -> tuple[Path, Path]:
    """The path to write to and the file it replaces, holding ``OLD``."""
    path = tmp_path / "out"
    if inside is None:
        path.write_bytes(OLD)
        return path, path
    path.mkdir()
    (path / inside).write_bytes(OLD)
    return path, path / inside


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_lone_surrogate_validation_let_through_is_a_save_error(tmp_path: Path, writer: str) -> None:
    """Text in a plain model of one's own holding a lone surrogate: SaveError naming path, record and field."""
    write, inside = WRITERS[writer]
    path, old = _old_file(tmp_path, inside)
    before = _everything_under(tmp_path)
    with pytest.raises(SaveError) as caught:
        write(_gadget(detail=Detail(note="abc\udcff")), path)
    assert str(caught.value) == f"cannot save to {old}: {SURROGATE}; nothing was written"
    assert old.read_bytes() == OLD
    assert _everything_under(tmp_path) == before  # no temporary file left, nothing else made


@pytest.mark.parametrize("writer", ["save", "json", "jsonl", "jsonld", "sqlite", "datasette"])
def test_an_integer_beyond_64_bits_is_a_save_error(tmp_path: Path, writer: str) -> None:
    """An int field of one's own holding 2**64: orjson and SQLite refuse it, and the SaveError says where."""
    write, inside = WRITERS[writer]
    path, old = _old_file(tmp_path, inside)
    with pytest.raises(SaveError) as caught:
        write(_gadget(count=HUGE), path)
    assert str(caught.value) == f"cannot save to {old}: {BEYOND}; nothing was written"
    assert old.read_bytes() == OLD


def test_sqlite_refuses_what_json_still_holds(tmp_path: Path) -> None:
    """2**63 fits orjson's unsigned 64 bits but not SQLite's signed ones: json is written, sqlite says why not."""
    kb = _gadget(count=2**63)
    kb.export("json", tmp_path / "kb.json")
    assert openai_kb.load(tmp_path / "kb.json", types=[Gadget]) == kb
    with pytest.raises(SaveError) as caught:
        kb.export("sqlite", tmp_path / "kb.sqlite")
    assert str(caught.value) == (
        f"cannot save to {tmp_path / 'kb.sqlite'}: {BEYOND.replace(str(HUGE), str(2**63))}; nothing was written"
    )


@pytest.mark.parametrize("format", ["json", "jsonl", "jsonld", "sqlite", "csv"])
def test_an_export_returned_as_text_says_so_too(format: str) -> None:
    """Without a path, the export that cannot be encoded is a SaveError naming the format and the cause."""
    with pytest.raises(SaveError) as caught:
        _gadget(detail=Detail(note="abc\udcff")).export(format)  # type: ignore[call-overload]
    assert str(caught.value) == f"cannot export as {format}: {SURROGATE}"


@dataclasses.dataclass
class Unchecked:
    """A record view of one's own over a knowledge base, with a record built by ``model_construct`` in place
    of its namesake: what no knowledge base would take, handed straight to the exports."""

    kb: KnowledgeBase
    record: Record

    def _swap(self, record: Record) -> Record:
        return self.record if record.id == self.record.id else record

    def __getattr__(self, name: str) -> Any:
        return getattr(self.kb, name)

    def __iter__(self) -> Iterator[Record]:
        return (self._swap(record) for record in self.kb)

    def __len__(self) -> int:
        return len(self.kb)

    def records(self, kind: type[Record]) -> list[Record]:
        return [self._swap(record) for record in self.kb.records(kind)]

    def get(self, key: str | Record) -> Record | None:
        found = self.kb.get(key)
        return None if found is None else self._swap(found)

    def origins(self) -> Sequence[Located]:
        return [dataclasses.replace(item, record=self._swap(item.record)) for item in self.kb.origins()]

    def versions(self, key: str | Record) -> tuple[Record, ...]:
        return tuple(self._swap(record) for record in self.kb.versions(key))


@pytest.mark.parametrize("format", ["json", "jsonl", "jsonld", "sqlite", "csv"])
def test_records_built_without_validation_are_a_save_error(tmp_path: Path, format: str) -> None:
    """A model_construct record with a lone surrogate in its description, in a view of one's own: a SaveError."""
    kb = openai_kb.load(FIXTURES / "mini")
    first = kb.records(Organization)[0]
    raw = Organization.model_construct(**{**dict(first), "description": "made \ud800 here"})
    path = tmp_path / f"kb.{format}"
    path.write_bytes(OLD)
    with pytest.raises(SaveError) as caught:
        exports.export(Unchecked(kb, raw), format, path, kind="organizations" if format == "csv" else None)
    assert str(caught.value) == (
        f"cannot save to {path}: record {first.id!r} at $.description: '\\ud800' at position 5 is a lone surrogate: "
        "half of a character, not text, so no file or export can hold it; give text decoded from UTF-8; "
        "nothing was written"
    )
    assert isinstance(caught.value.__cause__, (TypeError, ValueError))  # what the encoder raised, kept
    assert path.read_bytes() == OLD
    assert sorted(tmp_path.iterdir()) == [path]


def test_any_other_failure_of_an_encoder_is_a_save_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An encoder failing for a reason no record explains: a SaveError with the error's own words."""

    def broken(kb: object) -> dict[str, object]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(json_ld, "jsonld_document", broken)
    path = tmp_path / "kb.jsonld"
    with pytest.raises(SaveError) as caught:
        openai_kb.load(FIXTURES / "mini").export("jsonld", path)
    assert str(caught.value) == (
        f"cannot save to {path}: the data cannot be encoded (RecursionError: maximum recursion depth exceeded); "
        "nothing was written"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_to_a_new_name_does_not_speak_of_an_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while saving to a name where there was no file: no file was made, and it says so."""

    def full(descriptor: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module, "_write_all", full)
    target = tmp_path / "new.json"
    with pytest.raises(SaveError) as caught:
        openai_kb.load(FIXTURES / "mini").save(target)
    assert str(caught.value) == f"cannot save to {target}: no space left on device; no file was made"
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(OLD)
    with pytest.raises(SaveError) as caught:
        openai_kb.load(FIXTURES / "mini").save(target)
    assert str(caught.value) == f"cannot save to {target}: no space left on device; the old file is unchanged"
    assert target.read_bytes() == OLD


def test_the_library_own_errors_pass_as_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A KBError raised while encoding is the library's own word on it: it is not turned into a SaveError."""

    def refused(kb: object) -> dict[str, object]:
        raise openai_kb.QueryError("no such view")

    monkeypatch.setattr(json_ld, "jsonld_document", refused)
    with pytest.raises(openai_kb.QueryError, match=r"^no such view$"):
        openai_kb.load(FIXTURES / "mini").export("jsonld", tmp_path / "x.jsonld")
    assert list(tmp_path.iterdir()) == []
