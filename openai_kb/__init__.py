"""openai-kb: one news article about OpenAI's US$6.6 billion round as a typed, sourced knowledge base.

>>> import openai_kb
>>> kb = openai_kb.load()
>>> kb.search("Murati")[0].record.id
'person:mira-murati'
"""

from __future__ import annotations

from .errors import DataError, KBError, NotFoundError, Problem, QueryError, SaveError
from .index import Match, Matched
from .kb import KnowledgeBase, load
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
from .money import ParsedAmount, parse_amount
from .verify import verify_evidence

__all__ = [
    "Claim",
    "Competition",
    "DataError",
    "Departure",
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
    "NotFoundError",
    "Organization",
    "OtherTerm",
    "ParsedAmount",
    "Partnership",
    "Person",
    "Problem",
    "Quantity",
    "QueryError",
    "Record",
    "SaveError",
    "Source",
    "StatusChange",
    "Valuation",
    "load",
    "parse_amount",
    "verify_evidence",
]
