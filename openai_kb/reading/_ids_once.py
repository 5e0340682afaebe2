"""One id once per file or call: versions of a record come from different reports, so from different
files or calls, and one id twice in one of them is a slip (a record pasted twice, an id left unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Problem, ProblemLog
from ._checks import Located, Unvalidated

__all__ = ["check_once_each"]


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
