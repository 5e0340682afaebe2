"""openai-kb: one news article about OpenAI's US$6.6 billion round as a typed, sourced knowledge base.

>>> import openai_kb
>>> kb = openai_kb.load()
>>> kb.search("Murati")[0].record.id
'person:mira-murati'
"""

from __future__ import annotations

from .amounts import ParsedAmount, parse_amount
from .citing import cite
from .errors import (
    AmbiguousQueryError,
    AmbiguousQuoteError,
    AmbiguousSourceError,
    DataError,
    KBError,
    NoMatchError,
    NotFoundError,
    Problem,
    QueryError,
    QuoteNotFoundError,
    SaveError,
    UnknownKindError,
)
from .kb import BUNDLED, KnowledgeBase, load
from .linking import Draft, Link, Links
from .models import (
    Claim,
    Competition,
    Departure,
    Entity,
    Evidence,
    ExclusivityClause,
    Fact,
    FundingRound,
    FundingUse,
    Investment,
    Metric,
    Money,
    Name,
    Organization,
    OtherTerm,
    Partnership,
    Person,
    Quantity,
    Record,
    Source,
    StatusChange,
    Valuation,
)
from .outputs import _render  # noqa: F401  (registers the text and HTML views)
from .profile import Profile
from .reading._checks import Located
from .reading._combining import Disagreement, Holding, Value
from .schema import json_schema
from .search._results import Match, Matched, SearchResults
from .verify import verify_evidence

__all__ = [
    "BUNDLED",
    "AmbiguousQueryError",
    "AmbiguousQuoteError",
    "AmbiguousSourceError",
    "Claim",
    "Competition",
    "DataError",
    "Departure",
    "Disagreement",
    "Draft",
    "Entity",
    "Evidence",
    "ExclusivityClause",
    "Fact",
    "FundingRound",
    "FundingUse",
    "Holding",
    "Investment",
    "KBError",
    "KnowledgeBase",
    "Link",
    "Links",
    "Located",
    "Match",
    "Matched",
    "Metric",
    "Money",
    "Name",
    "NoMatchError",
    "NotFoundError",
    "Organization",
    "OtherTerm",
    "ParsedAmount",
    "Partnership",
    "Person",
    "Problem",
    "Profile",
    "Quantity",
    "QueryError",
    "QuoteNotFoundError",
    "Record",
    "SaveError",
    "SearchResults",
    "Source",
    "StatusChange",
    "UnknownKindError",
    "Valuation",
    "Value",
    "__version__",
    "cite",
    "json_schema",
    "load",
    "parse_amount",
    "verify_evidence",
]

__version__: str  # the package's version, as ``openai-kb --version`` prints it: set by ``__getattr__`` when asked


def __getattr__(name: str) -> str:
    """``openai_kb.__version__``, worked out when first asked: ``importlib.metadata`` costs start time."""
    if name != "__version__":
        raise AttributeError(f"module 'openai_kb' has no attribute {name!r}")
    version = _version()
    globals()["__version__"] = version  # asked once: the next lookup finds it without this function
    return version


def _version() -> str:
    """The installed package's version; in a source checkout never installed, its ``pyproject.toml``'s.

    ``0+unknown`` (a valid version that sorts before any release) when neither says: a copy of the
    package folder alone.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("openai-kb")
    except PackageNotFoundError:
        pass
    import tomllib
    from pathlib import Path

    try:
        with (Path(__file__).resolve().parents[1] / "pyproject.toml").open("rb") as file:
            project = tomllib.load(file).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return "0+unknown"
    given = project.get("version")
    return given if project.get("name") == "openai-kb" and isinstance(given, str) else "0+unknown"
