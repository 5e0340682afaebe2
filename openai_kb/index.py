"""The search index: every name, alias, title, label, id and amount of a knowledge base.

Keys are folded once, when the index is built (lazily, on the first search). A query is first
tried as an amount (``66亿``, ``US$6.6bn``), then as an exact key (a dict lookup), then scored
against candidate keys: all of them in a small knowledge base, or those an n-gram index proposes
in a large one (see ``ngram``). Each result explains itself: what matched, in which language,
through which steps, with which raw scores, and whether the runner-up is too close to call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, NamedTuple, get_args

from rapidfuzz import fuzz, process

from .amounts import ParsedAmount, format_amount, parse_amount
from .models import Departure, Entity, Money, Quantity, Record
from .normalize import has_han, script_runs
from .pinyin import pinyin_keys
from .results import Match, Matched
from .scoring import KeyKind, Text, similarity

if TYPE_CHECKING:
    from .ngram import NgramIndex

__all__ = [
    "AMBIGUITY_MARGIN",
    "BRUTE_FORCE_LIMIT",
    "DEFAULT_CUTOFF",
    "SearchIndex",
]

#: Matches scoring below this are not results: a query that matches nothing well finds nothing.
DEFAULT_CUTOFF = 70.0
#: Two results of different records closer than this are too close to call: both are ``ambiguous``.
AMBIGUITY_MARGIN = 2.0
#: Up to this many keys, every key is scored; above it, an n-gram index proposes candidates.
BRUTE_FORCE_LIMIT = 5_000
CANDIDATES = 200  # keys the n-gram index proposes per query form

_ENTITY_TYPES = frozenset({"person", "organization"})
_PINYIN_WEIGHT = 0.95  # a spelling of the name, not the name
_INITIALS_WEIGHT = 0.9  # "mld": short and shared by many names
_LABEL_WEIGHT = 0.9  # a fact found through its English label ranks below the entities it names
_FACT_TITLE_WEIGHT = 0.97  # "CTO" names the person first, the departure second
_HAN_PARTICLES = "的之和与及是在"  # joining words in a mixed query: "OpenAI的CTO"
_PINYIN_ONLY: frozenset[KeyKind] = frozenset({"pinyin"})
# No numeral and no scale word: no amount to parse. Traditional (兩 萬 億) and financial (壹 ... 仟)
# numerals count, and so do English scale words, for "a billion" and "half a million".
_NUMERALS = re.compile(
    "[0-9０-９零〇一二两兩三四五六七八九十百千万萬亿億兆壹贰貳叁参參肆伍陆陸柒捌玖拾佰仟]|thousand|million|billion|trillion",
    re.IGNORECASE,
)
# Legal forms that names often carry and often drop: "OpenAI Inc" is OpenAI, 微软公司 is 微软.
_LEGAL_FORMS = frozenset("inc incorporated corp corporation co ltd limited llc plc gmbh ag lp llp company".split())
_HAN_LEGAL_FORMS = ("股份有限公司", "有限公司", "公司", "集团")
_BARE_WEIGHT = 0.98


class _Key(NamedTuple):
    record: Record
    matched: Matched
    text: Text
    kind: KeyKind
    weight: float
    prior: float


class _Amount(NamedTuple):
    record: Record
    value: Decimal
    currency: str | None
    weight: float
    matched: Matched


def _titles(departure: Departure) -> Iterator[tuple[str, str]]:
    yield departure.title, "en"
    if departure.title_zh:
        yield departure.title_zh, "zh-Hans"
    for name in departure.title_names:
        yield name.text, name.language


@cache
def _amount_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record type that may hold a Money or Quantity, worked out once per type."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(kind in (Money, Quantity) for kind in (info.annotation, *get_args(info.annotation)))
    )


def _amounts_of(record: Record) -> Iterator[_Amount]:
    for name in _amount_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, (Money, Quantity)):
            primary = name in ("amount", "value")
            number = value.amount if isinstance(value, Money) else value.value
            currency = value.currency if isinstance(value, Money) else None
            text = value.text or format_amount(value)
            yield _Amount(record, number, currency, 1.0 if primary else 0.95, Matched(text, None, "amount"))


# a way to read the query, the key kinds it may meet, and the weight of a match made through it
_Form = tuple[Text, frozenset[KeyKind] | None, float]
_HOMOPHONE_WEIGHT = 0.9  # 英伟大 sounds like 英伟达 but is written otherwise: likely, not certain


def _query_forms(query: str, typed: Text) -> list[_Form]:
    """The query as typed; for a mixed query ("OpenAI的CTO"), its script runs; for Han, its pinyin.

    The pinyin reading meets pinyin keys only: it finds names written with other characters of the
    same sound (穆拉提 for 穆拉蒂), the commonest slip in Chinese input.
    """
    forms: list[_Form] = [(typed, None, 1.0)]
    runs = script_runs(typed.folded)
    if len({script for script, _ in runs}) > 1:
        parts = [run.strip(_HAN_PARTICLES) if script == "han" else run for script, run in runs]
        forms.append((Text.of(" ".join(part for part in parts if part), raw=query), None, 1.0))
    bare = _without_legal_form(typed.folded)
    if bare != typed.folded:
        forms.append((Text.of(bare, raw=query), None, _BARE_WEIGHT))
    if typed.han:
        forms.extend(
            (Text.of(spelled, raw=query), _PINYIN_ONLY, _HOMOPHONE_WEIGHT) for spelled, _ in pinyin_keys(query)[:1]
        )
    return forms


def _without_legal_form(folded: str) -> str:
    words = folded.split()
    if len(words) > 1 and words[-1] in _LEGAL_FORMS:
        return " ".join(words[:-1])
    for suffix in _HAN_LEGAL_FORMS:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded.removesuffix(suffix).strip()
    return folded


class SearchIndex:
    """Keys and amounts of a set of records, and the ranking of records against a query."""

    def __init__(self, records: Iterable[Record], label_of: Callable[[Record], str]) -> None:
        self._keys: list[_Key] = []
        self._amounts: dict[Decimal, list[_Amount]] = {}  # by value: a numeric query is one lookup
        self._seen: dict[str, set[tuple[str, KeyKind, str]]] = {}
        by_id = {record.id: record for record in records}
        for record in by_id.values():
            self._add_record(record, label_of(record), by_id)
            for amount in _amounts_of(record):
                self._amounts.setdefault(amount.value, []).append(amount)
        del self._seen
        self._ids = {record_id.casefold(): record for record_id, record in by_id.items()}
        self._id_list = list(self._ids)
        self._exact: dict[str, list[int]] = {}
        for number, key in enumerate(self._keys):
            self._exact.setdefault(key.text.compact, []).append(number)
        self._ngrams: NgramIndex | None = None
        if len(self._keys) > BRUTE_FORCE_LIMIT:
            from .ngram import NgramIndex  # numpy is imported only for a large index

            self._ngrams = NgramIndex([key.text.folded for key in self._keys])

    # -- building ------------------------------------------------------------------------------

    def _add(
        self,
        record: Record,
        text: str,
        language: str | None,
        field: str,
        weight: float,
        prior: float,
        kind: KeyKind = "text",
    ) -> None:
        raw = text.lower().strip() if text.isascii() else unicodedata.normalize("NFKC", text).casefold().strip()
        seen = self._seen.setdefault(record.id, set())
        if (raw, kind, field) in seen:
            return  # "MIRA MURATI" adds nothing to "Mira Murati"
        seen.add((raw, kind, field))
        folded = Text.of(text)
        matched = Matched(text, language, field)
        self._keys.append(_Key(record, matched, folded, kind, weight, prior))
        if kind != "text" or field == "label" or not has_han(text):
            return
        for spelled, initials in pinyin_keys(text):
            self._keys.append(_Key(record, matched, Text.of(spelled), "pinyin", weight * _PINYIN_WEIGHT, prior))
            if len(initials) >= 2:
                key = _Key(record, matched, Text.of(initials), "initials", weight * _INITIALS_WEIGHT, prior)
                self._keys.append(key)

    def _add_record(self, record: Record, label: str, by_id: Mapping[str, Record]) -> None:
        if isinstance(record, Entity):
            self._add(record, record.name, "en", "name", 1.0, 1.0)
            for name in record.names:
                self._add(record, name.text, name.language, "name", 1.0, 1.0 if name.prior is None else name.prior)
        else:
            self._add(record, label, "en", "label", _LABEL_WEIGHT, 1.0)
        if isinstance(record, Departure):
            # a title finds the departure and the person who held it, alone or with the
            # organization's name: "CTO", "OpenAI CTO", "OpenAI的首席技术官"
            holder = by_id.get(record.person)
            organization = by_id.get(record.organization)
            org_names = _org_names(organization) if isinstance(organization, Entity) else []
            for owner, weight in ((record, _FACT_TITLE_WEIGHT), (holder, 1.0)):
                if owner is None:
                    continue
                for text, language in _titles(record):
                    self._add(owner, text, language, "title", weight, 1.0)
                    for org_name in org_names:
                        self._add(owner, f"{org_name} {text}", language, "title", weight, 1.0, "phrase")

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, *, limit: int, types: frozenset[str] | None, cutoff: float) -> list[Match]:
        """The best match per record, best first; ties by prior, then people and organizations, then id."""
        if not query.strip() or limit == 0:
            return []
        amount = parse_amount(query) if _NUMERALS.search(query) else None
        found = self._by_amount(amount, types) if amount is not None else {}
        if not found:
            typed = Text.of(query)
            found = (
                self._by_id(query, types, cutoff)
                or self._by_exact_key(query, typed, types)
                or self._by_similarity(query, _query_forms(query, typed), types, cutoff)
            )
        ranked = sorted(found.values(), key=_rank)
        return _flag_ambiguous(ranked)[:limit]

    def _by_amount(self, amount: ParsedAmount, types: frozenset[str] | None) -> dict[str, Match]:
        best: dict[str, Match] = {}
        for item in self._amounts.get(amount.amount, ()):
            if types is not None and item.record.type not in types:
                continue
            if amount.currency is not None and item.currency not in (None, amount.currency):
                continue
            score = 100.0 * item.weight
            current = best.get(item.record.id)
            if current is None or score > current.score:
                scores = {"amount": float(amount.amount), "weight": item.weight}
                best[item.record.id] = Match(item.record, score, item.matched, ("money",), scores)
        return best

    def _by_id(self, query: str, types: frozenset[str] | None, cutoff: float) -> dict[str, Match]:
        """An id, as typed or one slip off: ``org:openai``, ``person:ilya-sutskevr``."""
        typed = query.strip().casefold()
        if ":" not in typed or " " in typed:
            return {}
        exact = self._ids.get(typed)
        if exact is not None:
            hits = [(exact.id.casefold(), 100.0)]
            steps: tuple[str, ...] = ("exact",)
        else:
            hits = [
                (hit, score)
                for hit, score, _ in process.extract(
                    typed, self._id_list, scorer=fuzz.ratio, limit=5, score_cutoff=cutoff
                )
            ]
            steps = ("fuzzy",)
        found: dict[str, Match] = {}
        for hit, score in hits:
            record = self._ids[hit]
            if types is None or record.type in types:
                matched = Matched(record.id, None, "id")
                found[record.id] = Match(record, round(score, 1), matched, steps, {"similarity": round(score, 1)})
        return found

    def _by_exact_key(self, typed: str, query: Text, types: frozenset[str] | None) -> dict[str, Match]:
        """A query equal to a key after folding: a dict lookup, no scoring, whatever the size."""
        best: dict[str, tuple[tuple[float, bool, float], Match]] = {}
        for number in self._exact.get(query.compact, ()):
            key = self._keys[number]
            if types is None or key.record.type in types:
                _keep(best, key, query, 100.0, typed)
        return {record_id: match for record_id, (_, match) in best.items()}

    def _by_similarity(
        self, typed: str, forms: list[_Form], types: frozenset[str] | None, cutoff: float
    ) -> dict[str, Match]:
        best: dict[str, tuple[tuple[float, bool, float], Match]] = {}
        for query, kinds, form_weight in forms:
            if not query.compact:
                continue
            for number in self._candidates(query):
                key = self._keys[number]
                if (types is not None and key.record.type not in types) or (
                    kinds is not None and key.kind not in kinds
                ):
                    continue
                raw = similarity(query, key.text, key.kind) * form_weight
                if raw * key.weight >= cutoff:
                    _keep(best, key, query, raw, typed)
        return {record_id: match for record_id, (_, match) in best.items()}

    def _candidates(self, query: Text) -> Iterable[int]:
        if self._ngrams is None:
            return range(len(self._keys))
        found = set(self._ngrams.candidates(query.folded, CANDIDATES).tolist())
        if query.compact != query.folded:  # "mu la di" meets the pinyin key "muladi" too
            found.update(self._ngrams.candidates(query.compact, CANDIDATES).tolist())
        return sorted(found)


def _org_names(organization: Entity) -> list[str]:
    """The organization's English name and its first name in each Chinese script."""
    names = [organization.name]
    for language in ("zh-Hans", "zh-Hant"):
        first = next((n.text for n in organization.names if n.language == language), None)
        if first is not None and first not in names:
            names.append(first)
    return names


def _steps(query: Text, key: _Key, raw: float, typed: str) -> tuple[str, ...]:
    if key.kind in ("pinyin", "initials"):
        return ("pinyin",) if raw == 100.0 else ("pinyin", "fuzzy")
    if typed.strip() == key.matched.text:
        return ("exact",)
    steps = ["normalized"]
    if query.traditional or key.text.traditional:
        steps.append("script-folded")
    if raw < 100.0:
        steps.append("fuzzy")
    return tuple(steps)


def _keep(
    best: dict[str, tuple[tuple[float, bool, float], Match]], key: _Key, query: Text, raw: float, typed: str
) -> None:
    """Keep ``key``'s match if it beats its record's best so far (score, then as written, then prior)."""
    score = round(raw * key.weight, 1)
    rank = (score, query.raw == key.text.raw, key.prior)
    current = best.get(key.record.id)
    if current is not None and current[0] >= rank:
        return
    scores = {"similarity": round(raw, 1), "weight": key.weight, "prior": key.prior}
    best[key.record.id] = (rank, Match(key.record, score, key.matched, _steps(query, key, raw, typed), scores))


def _rank(match: Match) -> tuple[float, float, bool, str]:
    return (-match.score, -match.scores.get("prior", 1.0), match.record.type not in _ENTITY_TYPES, match.record.id)


def _flag_ambiguous(ranked: list[Match]) -> list[Match]:
    flagged = []
    for position, match in enumerate(ranked):
        neighbours = ranked[max(position - 1, 0) : position] + ranked[position + 1 : position + 2]
        close = any(abs(match.score - other.score) < AMBIGUITY_MARGIN for other in neighbours)
        flagged.append(
            Match(match.record, match.score, match.matched, match.steps, match.scores, close) if close else match
        )
    return flagged
