"""The words a sentence names a kind of fact by: a type's topic words (``估值``, ``valued``), the verbs its figure
is given with (``raised``, ``committed``, 出资: ``GIVING_WORDS``) and a metric's measure.

A metric names its measure in one language (``revenue``, ``active users``, ``营收``); reports name it in
theirs, and with the synonyms their trade uses (``sales``, ``營業額``, ``收入``). ``METRIC_KINDS`` lists, for
each measure reports give figures for, the words English and Chinese news write it with: a metric whose
name holds a word of a kind (``annual revenue``, ``net loss``) is named by every word of that kind. The
Chinese words are written in Simplified; folding reads Traditional text as Simplified (營收 as 营收), and
where Taiwan or Hong Kong use another word (使用者, 纯益, 溢利, 亏蚀) it is listed too. Words that name
another measure as often as this one are left out: 收益 is revenue in Hong Kong filings and a return
elsewhere; "income" alone is revenue to some and profit to others.
"""

from __future__ import annotations

import re
from functools import cache

from ..models import Record
from ..models.registry import type_name
from ..search.normalize import fold, has_han

__all__ = ["GIVING_WORDS", "METRIC_KINDS", "measured", "other_measure_in", "topic_in"]

#: Each line one measure: the words reports write it with, English and Chinese (see the module docstring).
METRIC_KINDS: tuple[frozenset[str], ...] = tuple(
    frozenset(fold(word) for word in line.split(","))
    for line in """
    revenue, revenues, sales, turnover, top line, 营收, 收入, 营业收入, 营业额, 销售额
    loss, losses, net loss, 亏损, 净亏损, 亏蚀
    profit, profits, net income, earnings, 利润, 净利, 净利润, 盈利, 获利, 纯益, 溢利
    users, 用户, 使用者
    subscribers, 订阅者, 订户, 订阅用户
    credit facility, credit line, revolving credit, 信贷, 授信
    costs, expenses, spending, 成本, 支出, 开支
    employees, staff, headcount, 员工, 雇员
    """.strip().splitlines()
)

#: The words a clause gives a fact's own figure with, beyond its type's topic words: the verbs of investing
#: and raising in their forms ("it committed $1.2 billion", "其出资5亿美元", "it raised $6.6 billion"). They
#: name the kind of fact as its topic words do (a type's topic words serve search, where "raised" would not).
GIVING_WORDS: dict[str, tuple[str, ...]] = {
    "investment": ("invest", "invested", "invests", "commit", "committed", "commits", "put in", "puts in",
                   "contribute", "contributed", "contributes", "stake", "投资", "出资", "注资", "投入", "认购"),
    "funding_round": ("raise", "raised", "raises", "raising", "融资", "募资", "集资", "筹资"),
}  # fmt: skip


def topic_in(record: Record, folded_sentence: str) -> bool:
    """Whether the sentence (folded) names the kind of fact (``估值``, ``valuation``), says how its figure is
    given (``raised``, ``committed``, 出资) or, for a metric, names its measure (``revenue``, ``营收``, ``sales``)."""
    name = _name(record)
    pattern = _topic_pattern(type(record), name if isinstance(name, str) else None)
    return pattern is not None and pattern.search(folded_sentence) is not None


@cache
def _topic_pattern(model: type[Record], name: str | None) -> re.Pattern[str] | None:
    """One pattern for a type's topic words and the words of a metric's name (compiled once per name)."""
    own = (*model.topic_words, *GIVING_WORDS.get(type_name(model), ()))
    words = {fold(word) for word in own} | (_measure_words(fold(name)) if name else set())
    forms = [_form(word) for word in sorted(words, key=len, reverse=True) if word]
    return re.compile("|".join(forms)) if forms else None


def _measure_words(name: str) -> set[str]:
    """A metric's name and the words of every measure it holds a word of."""
    words = {name}
    for kind in METRIC_KINDS:
        if any(re.search(_form(word), name) for word in kind):
            words |= kind
    return words


def _form(word: str) -> str:
    """A word as a pattern: a Han word anywhere; a Latin one as a word of its own (between Han characters
    too: 的revenue约), plural or not, and a verb in -ed as its noun too (valued, valuation)."""
    if has_han(word):
        return re.escape(word)
    forms = re.escape(word) + (f"|{re.escape(word[:-2])}ation" if word.endswith("ed") else "")
    return f"(?<![a-z0-9])(?:{forms})s?(?![a-z0-9])"


def measured(record: Record) -> bool:
    """Whether a fact names its measure (a metric's ``name``): its figure is that measure's, no other's."""
    return isinstance(_name(record), str)


def other_measure_in(record: Record, folded_clause: str) -> bool:
    """Whether the clause (folded) names a measure (``revenue``, 亏损) and not the one this metric measures:
    "its revenue run rate hit $4 billion" is no figure of a US$4 billion credit line."""
    return _any_measure().search(folded_clause) is not None and not topic_in(record, folded_clause)


@cache
def _any_measure() -> re.Pattern[str]:
    return re.compile("|".join(_form(word) for word in sorted(set().union(*METRIC_KINDS), key=len, reverse=True)))


def _name(record: Record) -> object:
    """The record's ``name`` field, or None: asked of the type first (a missing attribute is slow to ask)."""
    return getattr(record, "name", None) if "name" in type(record).model_fields else None
