"""The argument parser's manners: "did you mean" for a misspelt word, and the words each argument takes.

A usage error (exit 2) always shows the usage of the command that was typed: argparse would show
the top-level one for an option it does not know after a subcommand (``search x --bogus``), and
``main`` passes those to the subcommand's parser instead.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Literal, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from ..errors import UnknownKindError
from ..models import RECORD_TYPES, Record, RecordTypes
from ..outputs._tabular import EVIDENCE, FIELD_VALUES, table_name

__all__ = [
    "KINDS",
    "TABLES",
    "Parser",
    "VersionAction",
    "completes",
    "did_you_mean",
    "knowing",
    "record_kind",
    "table_kind",
    "whole_number",
]

Completes = Literal["file", "folder", "id", "source", "data"]


def completes(action: argparse.Action, what: Completes) -> argparse.Action:
    """Mark what an argument takes, for the completion scripts: a file or folder, a folder, an id, a source's
    id, or what ``--data`` takes (a file or folder, or ``bundled``)."""
    action.completes = what  # type: ignore[attr-defined]  # read by cli/completion.py
    return action


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'search'?"`` for the choice closest to a misspelt ``word``, or ``""`` when none is close."""
    close = difflib.get_close_matches(word.lower(), [str(choice) for choice in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose "invalid choice" suggests the closest one (``serch``: did you mean 'search'?)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        listed = ", ".join(map(repr, choices))
        hint = did_you_mean(str(value), choices)
        raise argparse.ArgumentError(action, f"invalid choice: {value!r}{hint} (choose from {listed})")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """As argparse's, but a failure to write standard output (the help on a full disk) is not swallowed.

        ``main`` reports it (exit 1) as for any other output; a failure to write standard error still
        is, as there is nowhere left to say it.
        """
        if not message:
            return
        stream = file if file is not None else sys.stderr
        if stream is sys.stderr:
            with suppress(OSError):
                stream.write(message)
        else:
            stream.write(message)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """As argparse's, after reading a text argument as UTF-8 (see ``utf8_argument``); paths stay as given."""
        is_path = getattr(action, "completes", None) in ("file", "folder", "data")
        if not is_path and not isinstance(action, argparse._SubParsersAction):  # a command's words: its parser's
            arg_string = utf8_argument(action, arg_string)
        return super()._get_value(action, arg_string)

    strict = False  # a subcommand's: an argument it does not take is an error under its own usage

    def parse_known_args(  # type: ignore[override]  # typeshed's overloads; the same arguments
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extra = super().parse_known_args(args, namespace)
        if extra and self.strict:
            self.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed, extra


def utf8_argument(action: argparse.Action, text: str) -> str:
    """A text argument as the UTF-8 it was typed in, whatever the locale; wrong usage when it is not UTF-8.

    Under the C locale (``LC_ALL=C PYTHONUTF8=0``) Python reads each byte of ``英伟达`` that is not
    ASCII as a lone surrogate (surrogateescape), which ``os.fsencode`` turns back into the bytes. A
    path is not read this way: as given, it names the same file to the system in any locale.
    """
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    try:
        raw = os.fsencode(text)
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        shown, reason = repr(raw), f"byte 0x{raw[error.start]:02x} at position {error.start}: {error.reason}"
    except UnicodeEncodeError:  # not bytes Python read (a string given to main() in code)
        shown, reason = ascii(text), "it holds a lone surrogate"
    raise argparse.ArgumentError(
        action, f"{shown} is not UTF-8 text ({reason}); give it in UTF-8, as a terminal set to UTF-8 does"
    )


class VersionAction(argparse.Action):
    """``--version``: ``openai_kb.__version__``, read only when asked (importlib.metadata costs start time)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        import openai_kb

        sys.stdout.write(f"{parser.prog} {openai_kb.__version__}\n")  # argparse's own version action prints to stdout
        parser.exit()


def whole_number(text: str) -> int:
    """A count of at least 1 (``--limit``, ``--max-problems``): 0 or a negative is wrong usage, not an empty answer."""
    if not re.fullmatch(r"\d{1,15}", text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


class _Known:
    """The record types the command line being parsed knows: the built-in ones and those its ``--types`` name."""

    types: RecordTypes = RECORD_TYPES


_KNOWN = _Known()


@contextmanager
def knowing(models: Sequence[type[Record]]) -> Iterator[RecordTypes]:
    """Within: the kind words (``list TYPE``, ``-t``, ``--kind``) know ``models`` too, as ``load(types=...)`` does."""
    before = _KNOWN.types
    _KNOWN.types = RECORD_TYPES.with_models(models) if models else RECORD_TYPES
    try:
        yield _KNOWN.types
    finally:
        _KNOWN.types = before


class _Words:
    """The words a kind argument takes, as ``choices``: completion offers them all, the help does not list them.

    ``in`` checks the value after conversion (``record_kind``, ``table_kind``), which is a type tag
    or a table's name, not the word typed. Both follow the types known when asked (``knowing``).
    """

    def __init__(self, *extra: str) -> None:
        self.extra = extra

    def __contains__(self, value: object) -> bool:
        types = _KNOWN.types
        converted = types.families if self.extra else types  # table names, or type tags
        return value in converted or value in self.extra

    def __iter__(self) -> Iterator[str]:
        return iter([*_KNOWN.types.words, *self.extra])


KINDS = _Words()
"""What ``list``, ``search -t`` and ``schema --type`` take: a record type or family, singular or plural."""
TABLES = _Words(EVIDENCE, FIELD_VALUES)
"""What ``export --kind`` takes: as ``KINDS``, ``evidence`` and ``field_values``; converted to a table's name."""


def record_kind(word: str) -> str:
    """The type tag a word on the command line names (``people``, ``person``, ``persons``: ``person``).

    An unknown word is wrong usage, with the closest known word and the lists to choose from.
    """
    try:
        return _KNOWN.types.kind(word)
    except UnknownKindError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_types_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``-t/--type TYPE``, repeatable, read as ``record_kind`` reads a word, into ``args.types``."""
    parser.add_argument(
        "-t", "--type", action="append", dest="types", metavar="TYPE", type=record_kind, choices=KINDS, help=help
    )


def table_kind(word: str) -> str:
    """The table a word on the command line names: a family (``person``: ``people``), ``evidence``, ``field_values``."""
    try:
        return table_name(word, "--kind", _KNOWN.types)
    except UnknownKindError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
