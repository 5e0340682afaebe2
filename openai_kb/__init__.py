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
    "cite",
    "json_schema",
    "load",
    "parse_amount",
    "verify_evidence",
]
