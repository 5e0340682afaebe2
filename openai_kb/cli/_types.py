"""``--types package.module:Class``: record types of the user's own, imported by name from the command line.

The class is imported as ``load(..., types=[Class])`` takes it: any subclass of ``openai_kb.Record``
with its own ``type`` tag. The current folder is searched first, as ``python -m`` searches it, so
``--types mytypes:Acquisition`` finds ``./mytypes.py``. Every way the option can be wrong is wrong
usage (exit 2) naming the value given: a value that is not ``module:Class``, a module that is not
found, a class the module does not define, an object that is not a record type. An error raised
inside the user's module while it is imported is theirs, and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TypeGuard

from ..errors import KBError
from ..models import RECORD_TYPES, Record
from ._parsing import did_you_mean

__all__ = ["TYPES_HELP", "record_type", "types_on_line"]

TYPES_HELP = (
    "a record type of your own, as package.module:Class (a subclass of openai_kb.Record; the current "
    "folder is searched first); repeat it for several"
)


def record_type(spec: str) -> type[Record]:
    """The record class ``spec`` (``package.module:Class``) names, imported; an ``ArgumentTypeError`` saying why not."""
    module_name, colon, name = spec.partition(":")
    module_name, name = module_name.strip(), name.strip()
    if not colon or not module_name or not name:
        known = RECORD_TYPES.resolve(spec) is not None  # --type person, read as --types (argparse takes prefixes)
        hint = f"; {spec!r} is a built-in type, which needs no --types" if known else ""
        raise argparse.ArgumentTypeError(
            f"{spec!r} is not package.module:Class: give the module, a colon, then the class "
            f"(mytypes:Acquisition){hint}"
        )
    module = _module(spec, module_name)
    found = module.__dict__.get(name) if name.isidentifier() else None
    if found is None:
        records = [key for key, value in vars(module).items() if _is_record_class(value)]
        hint = did_you_mean(name, records) or (f" (its record types: {', '.join(records)})" if records else "")
        raise argparse.ArgumentTypeError(f"{spec!r}: module {module_name!r} has no attribute {name!r}{hint}")
    if not _is_record_class(found):
        kind = type(found).__name__
        article = "an" if kind[:1] in tuple("aeiou") else "a"
        what = f"the class {found.__name__}" if isinstance(found, type) else f"{article} {kind}"
        raise argparse.ArgumentTypeError(
            f"{spec!r} is {what}, not a record type: give a subclass of openai_kb.Record with its own type tag"
        )
    try:
        RECORD_TYPES.with_models([found])
    except (TypeError, KBError) as error:  # no type tag of its own, or a tag or family already taken
        raise argparse.ArgumentTypeError(f"{spec!r}: {error}") from None
    return found


def _module(spec: str, module_name: str) -> ModuleType:
    here = os.getcwd()
    added = here not in sys.path and "" not in sys.path
    if added:  # for this import only: the process's path stays as it was
        sys.path.insert(0, here)
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if module_name != missing and not module_name.startswith(missing + "."):
            raise  # the module was found, and something it imports is missing: the user's module's error
        raise argparse.ArgumentTypeError(
            f"{spec!r}: no module named {missing!r} in the current folder or on Python's path; "
            "check the spelling, or run openai-kb from the folder that holds it"
        ) from None
    except ImportError as error:  # a relative name (.types), or "import of ... halted"
        raise argparse.ArgumentTypeError(f"{spec!r}: {error}") from None
    finally:
        if added:
            sys.path.remove(here)


def _is_record_class(value: object) -> TypeGuard[type[Record]]:
    return isinstance(value, type) and issubclass(value, Record)


def types_on_line(argv: Sequence[str]) -> list[type[Record]]:
    """The types every ``--types`` of ``argv`` names, before the line is parsed, so its kind words know them.

    ``list acquisitions --types mytypes:Acquisition`` reads the word ``acquisitions`` before the
    option that declares it. A value that names no record type raises ``ArgumentTypeError``.
    """
    found: list[type[Record]] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word == "--types":
            value = next(words, None)
            if value is not None:
                found.append(record_type(value))
        elif word.startswith("--types="):
            found.append(record_type(word.removeprefix("--types=")))
    return found
