"""``openai-kb verify --source FILE``: every evidence span checked against the text it quotes."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from ..errors import QueryError
from ..kb import KnowledgeBase
from ..verify import evidence_of, verify_evidence
from ._command import Command, load_from
from ._output import Output
from .validate import print_problems

__all__ = ["COMMAND"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="FILE", required=True, help="the text file the evidence quotes")
    parser.add_argument(
        "--id", dest="source_id", metavar="ID", help="the source record FILE is (default: found by sha256 or name)"
    )


def _run(args: argparse.Namespace, out: Output) -> int:
    kb = load_from(args)
    file = Path(args.source)
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")  # bytes as they are: no newline translation, offsets count code points
    except OSError as error:
        out.error(f"openai-kb verify: cannot read {file}: {error.strerror or error}")
        return 1
    except UnicodeDecodeError as error:
        out.error(f"openai-kb verify: {file} is not UTF-8 text (byte {error.start} is not valid UTF-8)")
        return 1
    source = args.source_id or _find_source(kb, file, data)
    problems = verify_evidence(kb, source, text)
    if problems:
        return print_problems(out, problems, json=args.json)
    if args.json:
        out.json([])
    else:
        spans = sum(1 for _ in evidence_of(kb, source))
        out.line(f"{spans} evidence spans of {source} match {file}")
    return 0


def _find_source(kb: KnowledgeBase, file: Path, data: bytes) -> str:
    """The source record ``file`` is: the one with its sha256, else its file name, else the only one."""
    digest = hashlib.sha256(data).hexdigest()
    sources = kb.sources
    for matches in (
        [s for s in sources if s.sha256 == digest],
        [s for s in sources if s.filename == file.name],
        sources if len(sources) == 1 else [],
    ):
        if len(matches) == 1:
            return matches[0].id
    known = ", ".join(source.id for source in sources) or "none"
    raise QueryError(f"cannot tell which source {file.name} is; pass --id (sources: {known})")


COMMAND = Command(
    name="verify",
    summary="check every evidence span against the source text it quotes",
    examples=(
        "openai-kb verify --source 000_998db688bafa6070.txt",
        "openai-kb verify --source article.txt --data my-data/ --id source:my-article",
    ),
    add_arguments=_arguments,
    run=_run,
)
