"""openai-kb: one news article about OpenAI's US$6.6 billion round as a typed, sourced knowledge base.

>>> import openai_kb
>>> kb = openai_kb.load()
>>> kb.search("Murati")[0].record.id
'person:mira-murati'
"""

from __future__ import annotations

from .errors import DataError, KBError, NotFoundError, Problem, QueryError
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
from .schema import json_schema

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
    "Source",
    "StatusChange",
    "Valuation",
    "json_schema",
    "load",
    "parse_amount",
]
