"""``openai-kb verify --source FILE``: every evidence span checked against the text it quotes."""

from __future__ import annotations

import argparse
import errno
import os
import stat
from pathlib import Path

from ..outputs._render.values import counted
from ..reading._file_kinds import READ_FLAGS, not_regular
from ..reading._text_encoding import not_utf8
from ..verify import evidence_of, find_source, verify_evidence
from ._command import Command, load_from
from ._output import Output
from ._parsing import completes
from .validate import print_problems

__all__ = ["COMMAND", "MAX_SOURCE_BYTES", "read_source"]

MAX_SOURCE_BYTES = 64 << 20
"""The largest source text ``verify`` and ``cite`` read: 64 MiB, thousands of times a long news report."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    completes(
        parser.add_argument("--source", metavar="FILE", required=True, help="the text file the evidence quotes"), "file"
    )
    source_id = parser.add_argument(
        "--id",
        dest="source_id",
        metavar="ID",
        help="the source record FILE is (default: the one with its sha256, its name, or its length and quotes)",
    )
    completes(source_id, "source")


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    file = Path(args.source)
    read = read_source(file, out, "verify")
    if read is None:
        return 1
    _, text = read
    source = args.source_id or find_source(kb, text, filename=file.name, subject=file.name, pick="--id ID").id
    problems = verify_evidence(kb, source, text)
    if problems:
        return print_problems(out, problems, json=args.json)
    if args.json:
        out.json([])
    else:
        spans = sum(1 for _ in evidence_of(kb, source))
        out.line(f"{counted(spans, 'evidence span')} of {source} {'matches' if spans == 1 else 'match'} {file}")
    return 0


def read_source(file: Path, out: Output, command: str) -> tuple[bytes, str] | None:
    """The bytes of a source text file and their text, or None once ``openai-kb COMMAND`` said why not (exit 1).

    The text is the bytes decoded as they are, with no newline translation, so offsets count the
    file's code points. Only a regular UTF-8 file of at most ``MAX_SOURCE_BYTES`` is read; a UTF-16
    or UTF-32 one is named as such, even where its bytes happen to decode (ASCII letters and NULs).
    """
    data = b""
    try:
        data = _read_bytes(file)
        text = data.decode("utf-8")
        other = _other_encoding(data) if "\x00" in text else None  # UTF-16 of ASCII letters decodes, as NULs
        if other is None:
            return data, text
        out.error(f"openai-kb {command}: {file} is {other}")
    except UnicodeDecodeError as error:
        why = _other_encoding(data) or f"not UTF-8 text (byte {error.start} is not valid UTF-8)"
        out.error(f"openai-kb {command}: {file} is {why}")
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        out.error(f"openai-kb {command}: cannot read {file}: {reason}")
    return None


def _other_encoding(data: bytes) -> str | None:
    """Why ``data`` is UTF-16 or UTF-32 rather than UTF-8 (a byte-order mark, every other byte zero), or None."""
    reason = not_utf8(data)
    return reason if reason is not None and "looks like UTF-" in reason else None


def _read_bytes(file: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_SOURCE_BYTES``; anything else is an ``OSError``.

    Opened without blocking, so a named pipe with no writer cannot hang the command, and checked
    after opening (``fstat``), so what is read is what was checked: a device such as /dev/zero, a
    pipe, a socket or a folder is refused, and no more than the limit is ever read.
    """
    mode = os.stat(file).st_mode  # a socket cannot be opened at all: say what it is first
    if not stat.S_ISREG(mode):
        raise _not_regular(mode)
    descriptor = os.open(file, READ_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(status.st_mode)
        chunks, size = [], status.st_size
        if size <= MAX_SOURCE_BYTES:
            size = 0  # count what is read: a file may grow, and some report no size (/proc)
            while size <= MAX_SOURCE_BYTES and (chunk := os.read(descriptor, 1 << 20)):
                chunks.append(chunk)
                size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            raise OSError(
                errno.EFBIG,
                f"it is larger than {MAX_SOURCE_BYTES >> 20} MiB, the most a source text may be "
                "(one article is far less); check that this is the source's text file",
            )
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _not_regular(mode: int) -> OSError:
    return OSError(errno.EINVAL, f"{not_regular(mode)}; give the source's text file")


COMMAND = Command(
    name="verify",
    summary="check every evidence span against the source text it quotes",
    examples=(
        "openai-kb verify --source docs/examples/reports/note-a.txt --data docs/examples/reports/note-a.json",
        "openai-kb verify --source docs/examples/reports/note-b.txt --data docs/examples/reports/ --id source:note-b",
    ),
    add_arguments=_arguments,
    run=_run,
)
