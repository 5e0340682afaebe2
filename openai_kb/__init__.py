"""openai-kb: one news article about OpenAI's US$6.6 billion round as a typed, sourced knowledge base.

>>> import openai_kb
>>> kb = openai_kb.load()
>>> kb.search("Murati")[0].record.id
'person:mira-murati'
"""

from __future__ import annotations

from . import render  # noqa: F401  (registers the text and HTML views)
from .amounts import ParsedAmount, parse_amount
from .citing import cite
from .combining import Disagreement, Value
from .errors import (
    AmbiguousQueryError,
    AmbiguousQuoteError,
    DataError,
    KBError,
    NoMatchError,
    NotFoundError,
    Problem,
    QueryError,
    QuoteNotFoundError,
    SaveError,
)
from .kb import BUNDLED, KnowledgeBase, load
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
from .profile import Profile
from .results import Match, Matched, SearchResults
from .schema import json_schema
from .verify import verify_evidence

__all__ = [
    "BUNDLED",
    "AmbiguousQueryError",
    "AmbiguousQuoteError",
    "Claim",
    "Competition",
    "DataError",
    "Departure",
    "Disagreement",
    "Entity",
    "Evidence",
    "ExclusivityClause",
    "Fact",
    "FundingRound",
    "FundingUse",
    "Investment",
    "KBError",
    "KnowledgeBase",
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
    "Valuation",
    "Value",
    "cite",
    "json_schema",
    "load",
    "parse_amount",
    "verify_evidence",
]
