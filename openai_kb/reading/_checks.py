"""Checks that span records: unique ids, references that resolve, offsets within their source."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import Problem, ProblemLog, a_type
from ..models import RECORD_TYPES, Evidence, FundingRound, Investment, Record, Reference, Source
from ..models.base import AnyRef

__all__ = [
    "Located",
    "Unvalidated",
    "check_once_each",
    "check_records",
    "iter_references",
    "mentions_of",
    "walk_values",
]


@dataclass(frozen=True, slots=True)
class Located:
    """One version of a record and where it was read from, so problems can name the file and the JSON path.

    ``kb.origins()`` lists them: ``file`` is the data file (``<records>`` for records built in code),
    ``path`` the record's JSON path in it (``$.records[3]``).
    """

    record: Record
    file: str
    path: str

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources this version speaks for: those its evidence cites (a source, itself)."""
        if isinstance(self.record, Source):
            return (self.record.id,)
        found = (value.source for _, value in walk_values(self.record) if isinstance(value, Evidence))
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Unvalidated:
    """A record that failed validation, kept raw: its references are still checked, where readable."""

    raw: dict[str, Any]
    file: str
    path: str


def _find_reference(annotation: Any) -> Reference | None:
    if get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Reference):
                return meta
    for arg in get_args(annotation):
        found = _find_reference(arg)
        if found is not None:
            return found
    return None


def _nested_models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _nested_models(arg)


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Reference | None], ...]:
    """The fields of ``model`` worth walking: references, and models that hold references.

    Worked out once per class, so checking a record reads only the fields that matter (a
    person's names hold no reference and are never visited).
    """
    plan: list[tuple[str, Reference | None]] = []
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Reference)), None)
        marker = marker or _find_reference(info.annotation)
        nested = any(_plan(inner) for inner in _nested_models(info.annotation) if inner is not model)
        if marker is not None or nested:
            plan.append((name, marker))
    return tuple(plan)


def _walk(model: BaseModel, path: str) -> Iterator[tuple[str, Reference | None, Any]]:
    """Yield (JSON path, reference marker or None, value) for every planned value, nested ones too."""
    for name, marker in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                item_path = f"{path}.{name}[{index}]"
                yield item_path, marker, item
                if isinstance(item, BaseModel):
                    yield from _walk(item, item_path)
        else:
            yield f"{path}.{name}", marker, value
            if isinstance(value, BaseModel):
                yield from _walk(value, f"{path}.{name}")


def walk_values(model: BaseModel, path: str = "$") -> Iterator[tuple[str, Any]]:
    """Yield (JSON path, value) for every reference in ``model`` and every model around one (evidence, terms)."""
    for item_path, _, value in _walk(model, path):
        yield item_path, value


def iter_references(model: BaseModel, path: str = "$") -> Iterator[tuple[str, str, Reference]]:
    """Yield (JSON path, referenced id, the reference's allowed types) for every reference in ``model``."""
    for item_path, marker, value in _walk(model, path):
        if marker is not None and isinstance(value, str):
            yield item_path, value, marker


def _raw_references(item: Unvalidated) -> Iterator[tuple[str, str, Reference]]:
    """The references of a record that failed validation, read where its raw data still holds an id.

    Its ``type`` says which fields are references. A value that is no valid id is skipped: the
    record's validation reported it already.
    """
    model = RECORD_TYPES.get(item.raw["type"]) if isinstance(item.raw.get("type"), str) else None
    if model is not None:
        for path, target, marker in _walk_raw(model, item.raw, item.path):
            if _is_id(target):
                yield path, target, marker


def _walk_raw(model: type[BaseModel], raw: dict[str, Any], path: str) -> Iterator[tuple[str, str, Reference]]:
    for name, marker in _plan(model):
        value = raw.get(name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            item_path = f"{path}.{name}" if index is None else f"{path}.{name}[{index}]"
            if marker is not None and isinstance(item, str):
                yield item_path, item, marker
            elif isinstance(item, dict):
                inner = _raw_model(model.model_fields[name].annotation, item)
                if inner is not None:
                    yield from _walk_raw(inner, item, item_path)


def _raw_model(annotation: Any, raw: dict[str, Any]) -> type[BaseModel] | None:
    """The model a raw object of a field stands for: the only one, or the one its ``kind`` names."""
    models = [inner for inner in _nested_models(annotation) if _plan(inner)]
    if len(models) > 1:
        models = [inner for inner in models if _kind(inner) == raw.get("kind")]
    return models[0] if len(models) == 1 else None


def _kind(model: type[BaseModel]) -> object:
    field = model.model_fields.get("kind")
    return None if field is None else field.default


@cache
def _id_adapter() -> TypeAdapter[str]:
    return TypeAdapter(AnyRef)


def _is_id(value: str) -> bool:
    try:
        _id_adapter().validate_python(value)
    except ValidationError:
        return False
    return True


def check_records(
    located: Sequence[Located],
    log: ProblemLog,
    unvalidated: Sequence[Unvalidated] = (),
    combined: Mapping[str, Record] | None = None,
) -> None:
    """Every problem between records, added to ``log``: one id for two types, dangling or mistyped
    references, bad offsets.

    Several records with one id and one type are versions of one record (see ``combining``):
    ``combined`` holds the record shown for each id, which cross-record checks read.

    Records with a problem already (``log.records``) are known ids: references to them are not
    reported again as dangling. Records that failed validation (``unvalidated``) have their
    references checked too, so one pass finds those problems as well. Data with nothing wrong (the
    common case) is checked a field at a time across all records of a class (``_all_sound``); when
    that finds anything, the records are walked one by one and each problem is placed.
    """
    records = list(map(_RECORD, located))
    by_id: dict[str, Located] = dict(zip(map(_ID, reversed(records)), reversed(located), strict=True))  # firsts
    two_types: set[str] = set()  # reported once: references to them are not judged by either type
    if len(by_id) < len(located):  # versions of one record, or records of two types under one id
        for item in located:
            first = by_id[item.record.id]
            if first is not item and first.record.type != item.record.type:
                two_types.add(item.record.id)
                message = (
                    f"id already used by {a_type(first.record.type)} in {first.file} at {first.path}; records of "
                    f"two types cannot be combined: give one of them another id"
                )
                log.add(_problem(item, f"{item.path}.id", message))
    groups = _by_class(records)
    if log or not _all_sound(groups, by_id, _ids_by_type(groups, by_id, len(by_id) == len(records))):
        for item in located:
            for path, marker, value in _walk(item.record, item.path):
                if isinstance(value, Evidence):
                    log.extend(_check_offsets(item, path, value, by_id))
                elif marker is not None and isinstance(value, str) and value not in two_types:
                    log.extend(_check_reference(item.file, item.record.id, path, value, marker, by_id, log.records))
    for raw in unvalidated:
        record_id = raw.raw.get("id")
        record_id = record_id if isinstance(record_id, str) else None
        for path, target, marker in _raw_references(raw):
            log.extend(_check_reference(raw.file, record_id, path, target, marker, by_id, log.records))
    shown = {record_id: item.record for record_id, item in by_id.items()} if combined is None else combined
    log.extend(_check_investments(located, shown))


def check_once_each(located: Sequence[Located], log: ProblemLog, unvalidated: Sequence[Unvalidated] = ()) -> None:
    """Every id that one file, or the records of one call, gives twice for one type, added to ``log``.

    Versions of a record come from different reports, so from different files or calls; one id twice
    in one file or one call is a slip (a record pasted twice, an id left unchanged), reported with
    both places. Records that failed validation (``unvalidated``) count, so the slip is found in the
    same pass as their problems. An id given to two types is ``check_records``'s problem, named there.
    """
    given: list[tuple[object, object, str, str]] = [(i.record.id, i.record.type, i.file, i.path) for i in located]
    given += [(raw.raw.get("id"), raw.raw.get("type"), raw.file, raw.path) for raw in unvalidated]
    ids = [record_id for record_id, *_ in given if isinstance(record_id, str)]
    if len(set(ids)) == len(ids):  # the common case, at the speed of a set
        return
    given.sort(key=lambda entry: _index(entry[3]))
    first: dict[str, tuple[object, object, str, str]] = {}
    for entry in given:
        record_id, type_name, file, path = entry
        if not isinstance(record_id, str):
            continue
        earlier = first.setdefault(record_id, entry)
        if earlier is not entry and earlier[1] == type_name:
            whole = "call" if file == "<records>" else "file"
            message = (
                f"duplicate id: also given in {earlier[2]} at {earlier[3]}; one {whole} describes a record "
                f"once (another report's version goes in a {whole} of its own): give one of them another id, or "
                "join the two into one record"
            )
            log.add(Problem(file, record_id, f"{path}.id", message))


def _index(path: str) -> int:
    """The position of a record in its file or call, from its JSON path (``$.records[3]``, ``$[3]``)."""
    return int(path[path.rindex("[") + 1 : -1])


_RECORD = attrgetter("record")
_ID = attrgetter("id")
_TYPE = attrgetter("type")


def mentions_of(located: Sequence[Located], combined: Mapping[str, Record]) -> dict[str, list[Record]]:
    """Who refers to whom: target id -> the records (as ``combined`` shows them) that refer to it, in order."""
    mentions: dict[str, list[Record]] = {}
    for item in located:
        record = item.record
        targets = {value for _, marker, value in _walk(record, "") if marker is not None and isinstance(value, str)}
        shown = combined.get(record.id, record)
        for target in sorted(targets):
            referring = mentions.get(target)
            if referring is None:
                mentions[target] = [shown]
            else:
                referring.append(shown)
    if len(combined) == len(located):  # one version of each record: no record can refer twice
        return mentions
    return {
        target: list({record.id: record for record in referring}.values()) for target, referring in mentions.items()
    }


def _ids_by_type(
    groups: Mapping[type[BaseModel], list[Any]], by_id: Mapping[str, Located], unique: bool
) -> dict[str, set[str]]:
    """The ids of the first version of each id, by type: what a reference's allowed types are checked against.

    ``unique`` says that no id is given twice, so every record is the first of its id.
    """
    found: dict[str, set[str]] = {}
    for group in groups.values():
        for type_name in set(map(_TYPE, group)):
            ids = found.setdefault(type_name, set())
            if unique and len(set(map(_TYPE, group))) == 1:
                ids.update(map(_ID, group))
            else:
                ids.update(r.id for r in group if r.type == type_name and by_id[r.id].record is r)
    return found


def _all_sound(
    groups: Mapping[type[BaseModel], list[Any]], by_id: Mapping[str, Located], ids_by_type: dict[str, set[str]]
) -> bool:
    """Whether every reference in ``models`` resolves to a record of an allowed type and every
    evidence span ends within its source: whether the walk of ``check_records`` would find nothing.

    One field at a time across all models of a class, with set operations, rather than a Python
    walk per value: 100,000 records are checked several times faster.
    """
    for kind, group in groups.items():
        for name, marker in _plan(kind):
            values = list(map(attrgetter(name), group))
            items = [value for value in values if value is not None and not isinstance(value, tuple)]
            items.extend(chain.from_iterable(value for value in values if isinstance(value, tuple)))
            if marker is not None:
                ids = {item for item in items if isinstance(item, str)}
                if not ids <= by_id.keys():
                    return False
                for type_name in marker.types:
                    ids -= ids_by_type.get(type_name, set())
                if marker.types and ids:  # some refer to a record of another type
                    return False
            if not _holds_models(kind, name):
                continue
            inner = [item for item in items if isinstance(item, BaseModel)]
            if not all(_within_source(item, by_id) for item in inner if isinstance(item, Evidence)):
                return False
            if inner and not _all_sound(_by_class(inner), by_id, ids_by_type):
                return False
    return True


@cache
def _holds_models(model: type[BaseModel], name: str) -> bool:
    """Whether a field's annotation names a model: the others hold no evidence and no nested references."""
    return any(True for _ in _nested_models(model.model_fields[name].annotation))


def _by_class(models: Sequence[Any]) -> dict[type[BaseModel], list[Any]]:
    """The models grouped by class, each group in order."""
    kinds = set(map(type, models))
    if len(kinds) == 1:
        return {kinds.pop(): list(models)}
    grouped: dict[type[BaseModel], list[Any]] = {kind: [] for kind in kinds}
    for model in models:
        grouped[type(model)].append(model)
    return grouped


def _within_source(evidence: Evidence, by_id: Mapping[str, Located]) -> bool:
    """Whether ``_check_offsets`` would find nothing wrong with ``evidence``."""
    found = by_id.get(evidence.source)
    source = found.record if found is not None else None
    if not isinstance(source, Source) or source.length is None:
        return True
    if evidence.end > source.length:
        return False
    if evidence.suffix is not None and evidence.end + len(evidence.suffix) > source.length:
        return False
    return not (evidence.suffix == "" and evidence.end < source.length)


def _problem(item: Located, path: str, message: str) -> Problem:
    return Problem(file=item.file, record=item.record.id, path=path, message=message)


def _check_reference(
    file: str,
    record: str | None,
    path: str,
    target: str,
    marker: Reference,
    by_id: dict[str, Located],
    invalid_ids: Set[str],
) -> Iterator[Problem]:
    found = by_id.get(target)
    if found is None and target not in invalid_ids:
        yield Problem(file, record, path, f"reference to unknown id {target!r}")
    elif found is not None and marker.types and found.record.type not in marker.types:
        expected = " or ".join(sorted(marker.types))
        yield Problem(file, record, path, f"{target!r} is {a_type(found.record.type)}, expected {expected}")


def _check_offsets(item: Located, path: str, evidence: Evidence, by_id: dict[str, Located]) -> Iterator[Problem]:
    found = by_id.get(evidence.source)
    source = found.record if found is not None else None
    if not isinstance(source, Source) or source.length is None:
        return
    if evidence.end > source.length:
        yield _problem(
            item,
            f"{path}.end",
            f"offset {evidence.end} is past the end of source {source.id!r} ({source.length} characters)",
        )
    elif evidence.suffix is not None and evidence.end + len(evidence.suffix) > source.length:
        yield _problem(
            item,
            f"{path}.suffix",
            f"the suffix is {len(evidence.suffix)} characters long but only {source.length - evidence.end} "
            f"follow the quote in source {source.id!r} ({source.length} characters)",
        )
    elif evidence.suffix == "" and evidence.end < source.length:
        yield _problem(
            item,
            f"{path}.suffix",
            f"an empty suffix says the quote ends the text, but source {source.id!r} has "
            f"{source.length - evidence.end} characters more; give the characters just after it, or leave it out",
        )


def _check_investments(located: Sequence[Located], shown: Mapping[str, Record]) -> Iterator[Problem]:
    for item in located:
        investment = item.record
        if not isinstance(investment, Investment):
            continue
        round_ = shown.get(investment.round)
        if not isinstance(round_, FundingRound):
            continue
        listed, other = round_.lead_investors, round_.participants
        role = "lead_investors"
        if not investment.lead:
            listed, other, role = other, listed, "participants"
        complete = investment.lead or round_.participants_complete
        if investment.organization not in listed and (complete or investment.organization in other):
            yield _problem(
                item,
                f"{item.path}.lead",
                f"lead is {str(investment.lead).lower()} but {investment.organization!r} is not in "
                f"{investment.round!r}'s {role}",
            )
