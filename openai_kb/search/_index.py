"""The search index: every name, alias, title, label, id and amount of a knowledge base.

Keys are folded once, when the index is built (lazily, on the first search). A query is first
tried as an amount (``66亿``, ``US$6.6bn``), then as an exact key (a dict lookup), then scored
against candidate keys: all of them in a small knowledge base, or those an n-gram index proposes
in a large one (see ``ngram``). Each result explains itself: what matched, in which language,
through which steps, with which raw scores, and whether the runner-up is too close to call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import replace
from itertools import repeat
from operator import attrgetter, mul
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process

from ..models import Record
from ._figures import Figures, figure_in
from ._keys import ARRAYS_ABOVE, KeyTable
from ._pinyin import pinyin_keys, reads_as_pinyin
from ._progress import ProgressBar
from ._query import function_words_only, merge_parts, plausibly_meant, query_parts, spaced_parts
from ._results import Match, Matched
from ._scoring import EXACT, KeyKind, Text, similarity
from ._topics import Topic, Topics
from ._versions import Version
from .normalize import script_runs

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "AMBIGUITY_MARGIN",
    "BRUTE_FORCE_LIMIT",
    "DEFAULT_CUTOFF",
    "DEFAULT_LIMIT",
    "SearchIndex",
    "built_index",
    "plausibly_meant",
]

#: How many results a search gives unless asked for more or fewer: the same in Python and on the command line.
DEFAULT_LIMIT = 10
#: Matches scoring below this are not results: a query that matches nothing well finds nothing.
DEFAULT_CUTOFF = 70.0
#: Two results of different records closer than this are too close to call: both are ``ambiguous``.
AMBIGUITY_MARGIN = 2.0
#: Up to this many keys, every key is scored; above it, an n-gram index proposes candidates.
BRUTE_FORCE_LIMIT = ARRAYS_ABOVE
CANDIDATES = 200  # keys the n-gram index proposes per query form
COMPACT_CANDIDATES = 50  # and for its spaceless form when its words read as pinyin ("mu la di": "muladi")

_ENTITY_TYPES = frozenset({"person", "organization"})
_HAN_PARTICLES = "的之和与及是在"  # joining words in a mixed query: "OpenAI的CTO"
_PINYIN_ONLY: frozenset[KeyKind] = frozenset({"pinyin"})
# Legal forms that names often carry and often drop: "OpenAI Inc" is OpenAI, 微软公司 is 微软.
_LEGAL_FORMS = frozenset("inc incorporated corp corporation co ltd limited llc plc gmbh ag lp llp company".split())
_HAN_LEGAL_FORMS = ("股份有限公司", "有限公司", "公司", "集团")
_BARE_WEIGHT = 0.98
_ONE_NAME = 90.0  # a whole query matching this well names one thing, whatever its spaces
_WEAK = 80.0  # a best match below this is only plausible: a query of names with other words may do better in parts
_NAMED_FOR_TOPIC = 50  # the matches of the rest of a topic query (OpenAI, of "OpenAI valuation") followed to records


# a way to read the query, the key kinds it may meet, and the weight of a match made through it
_Form = tuple[Text, frozenset[KeyKind] | None, float]
_HOMOPHONE_WEIGHT = 0.9  # 英伟大 sounds like 英伟达 but is written otherwise: likely, not certain


def _query_forms(query: str, typed: Text) -> list[_Form]:
    """The query as typed; for a mixed query ("OpenAI的CTO"), its script runs; for Han, its pinyin.

    The pinyin reading meets pinyin keys only: it finds names written with other characters of the
    same sound (穆拉提 for 穆拉蒂), the commonest slip in Chinese input.
    """
    forms: list[_Form] = [(typed, None, 1.0)]
    runs = script_runs(typed.folded) if typed.han else []  # a query without Han is one script
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


_Order = tuple[float, bool, float]  # a key's standing within its record: score, written as typed, prior
_ID = attrgetter("id")
_TYPE = attrgetter("type")
_KEYS_SHARE = 0.5  # of a large build's progress: the key table; the rest is the arrays and n-grams


class _Found(NamedTuple):
    """A key that cleared the cutoff: its row, its raw similarity, and the query form that met it."""

    row: int
    raw: float
    form: int


class SearchIndex:
    """Keys and amounts of a set of records, and the ranking of records against a query."""

    def __init__(
        self,
        records: Iterable[Record] | Mapping[str, Record],
        label_of: Callable[[Record], str],
        progress: Callable[[float], None] | None = None,
        versions: Sequence[Version] = (),
    ) -> None:
        """Build the index of ``records`` (or of a mapping of records by id); ``progress`` is told
        the share of the build done, from 0 to 1. ``versions`` are every version of every record
        (``kb.origins()``): those of a record with several are keyed too, each match through one
        naming its sources (``Matched.sources``)."""
        report = progress if progress is not None else _ignore
        table = self._table = KeyTable(records, label_of, lambda done: report(done * _KEYS_SHARE), versions)
        self._figures = Figures(table.records, table.several)
        self._ids = dict(zip(_casefold_all(list(map(_ID, table.records))), table.records, strict=True))
        self._id_list = list(self._ids)
        self._texts: list[Text] = []
        self._topics: Topics | None = None  # made on the first query that may name a topic
        self._large: _Large | None = None
        if len(table) > BRUTE_FORCE_LIMIT:
            self._large = _Large(table, lambda done: report(_KEYS_SHARE + done * (1 - _KEYS_SHARE)))
        else:
            self._texts = [table.text(row) for row in range(len(table))]
        report(1.0)

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, *, limit: int, types: frozenset[str] | None, cutoff: float) -> list[Match]:
        """The best match per record, best first; a query naming several things, each of them.

        A query of function words alone (``the``, ``和``) finds nothing. One naming a topic
        (``OpenAI valuation``, ``离职``) finds the records of that topic, ranked by the rest of it
        (see ``topics``). ``Thrive, SoftBank``, ``Microsoft and Nvidia``, ``微软和英伟达`` or
        ``Microsoft Nvidia`` (names separated by spaces alone, each exactly a name) is searched
        whole and part by part; when a part matches better than the whole query, each part's best
        match leads (in the query's order), every match says which part it matched, and the
        others follow by score.
        """
        if not query.strip() or limit == 0 or function_words_only(query):
            return []
        named = _looks_like_id(query) or self._is_name(query)  # person:ilya-sutskevr is an id, not "person"
        topic = None if named else self._topics_of().read(query)
        if topic is not None:
            found = self._by_topic(topic, query, limit, types, cutoff)
            if found:
                return found
        return self._by_names(query, limit, types, cutoff)

    def _by_names(self, query: str, limit: int, types: frozenset[str] | None, cutoff: float) -> list[Match]:
        whole = self._search_one(query, limit, types, cutoff)
        if whole and whole[0].score >= EXACT:
            return whole
        parts = query_parts(query)
        if len(parts) < 2:
            if whole and whole[0].score >= _ONE_NAME:
                return whole  # "Mira Muratti" names one thing well: not a list of names
            parts = spaced_parts(query, self._is_name, loose=not whole or whole[0].score < _WEAK)
            if len(parts) < 2:
                return whole
        found = [(part, self._search_one(part, limit, types, cutoff)) for part in parts]
        found = [(part, matches) for part, matches in found if matches]
        best_whole = whole[0].score if whole else 0.0
        if all(matches[0].score <= best_whole for _, matches in found):
            return whole  # the query names one thing better whole than in parts
        return merge_parts(found, whole, limit, _rank)

    def _by_topic(
        self, topic: Topic, query: str, limit: int, types: frozenset[str] | None, cutoff: float
    ) -> list[Match]:
        """The records of a topic the rest of the query names (all of them when it names nothing
        else), then what the whole query matches as a name (an opinion that says "departures")."""
        topics = self._topics_of()
        if topic.rest:
            named = self._by_names(topic.rest, _NAMED_FOR_TOPIC, None, cutoff)
            found = topics.matches(topic, named, types)
        else:
            found = topics.alone(topic, types, limit)
        if not found:
            return []
        seen = {match.record.id for match in found}
        found += [match for match in self._search_one(query, limit, types, cutoff) if match.record.id not in seen]
        kept = sorted((match for match in found if match.score >= cutoff), key=_rank)[:limit]
        return [replace(match, ambiguous=False) if match.ambiguous else match for match in kept]  # a list, not a guess

    def _is_name(self, text: str) -> bool:
        """Whether ``text`` is exactly a key of the index (a name, alias, title or label), folded."""
        return bool(self._table.exact(Text.of(text).compact))

    def _topics_of(self) -> Topics:
        if self._topics is None:
            self._topics = Topics(self._table.records)
        return self._topics

    def _search_one(self, query: str, limit: int, types: frozenset[str] | None, cutoff: float) -> list[Match]:
        """The best match per record for one name: an amount, an id, or exact hits first and then similar keys."""
        figure = figure_in(query)
        if figure is not None:  # a figure finds what holds it, never a name that spells it out
            return _flag_ambiguous(sorted(self._figures.find(figure, types), key=_rank))[:limit]
        by_id = self._by_id(query, types, cutoff)
        if by_id:
            return _flag_ambiguous(sorted(by_id.values(), key=_rank))[:limit]
        typed = Text.of(query)
        exact = self._best([_Found(row, EXACT, 0) for row in self._table.exact(typed.compact)], typed, types)
        if len(exact) >= limit + 1:  # enough exact hits: no need to look further
            return _flag_ambiguous(self._matches(exact, query, [typed], limit + 1))[:limit]
        forms = _query_forms(query, typed)
        similar = self._best(self._similar(forms, types, cutoff), typed, None)
        for record in exact:
            similar.pop(record, None)
        ranked = self._matches(exact, query, [typed], len(exact))
        ranked += self._matches(similar, query, [form for form, _, _ in forms], limit + 1 - len(ranked))
        return _flag_ambiguous(ranked)[:limit]

    def _by_id(self, query: str, types: frozenset[str] | None, cutoff: float) -> dict[str, Match]:
        """An id, as typed or one slip off: ``org:openai``, ``person:ilya-sutskevr``."""
        if not _looks_like_id(query):
            return {}
        typed = query.strip().casefold()
        exact = self._ids.get(typed)
        if exact is not None:
            hits = [(exact.id.casefold(), EXACT)]
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

    def _similar(self, forms: list[_Form], types: frozenset[str] | None, cutoff: float) -> list[_Found]:
        """Every key that meets a form of the query at least ``cutoff`` well (after its weight)."""
        if self._large is not None:
            return self._large.similar(forms, types, cutoff)
        table, found = self._table, []
        for number, (query, kinds, form_weight) in enumerate(forms):
            if not query.compact:
                continue
            for row, text in enumerate(self._texts):
                kind = table.kind[row]
                if (kinds is not None and kind not in kinds) or (
                    types is not None and table.records[table.record[row]].type not in types
                ):
                    continue
                raw = similarity(query, text, kind) * form_weight
                if raw * table.weight[row] >= cutoff:
                    found.append(_Found(row, raw, number))
        return found

    def _best(self, found: list[_Found], typed: Text, types: frozenset[str] | None) -> dict[int, tuple[_Order, _Found]]:
        """Each record's best key: by score, then written as typed, then prior; the first found of equals."""
        table = self._table
        best: dict[int, tuple[_Order, _Found]] = {}
        for item in found:
            record = table.record[item.row]
            if types is not None and table.records[record].type not in types:
                continue
            written = item.raw == EXACT and table.raw(item.row) == typed.raw
            order = (round(item.raw * table.weight[item.row], 1), written, table.prior[item.row])
            current = best.get(record)
            if current is None or order > current[0]:
                best[record] = (order, item)
        return best

    def _matches(
        self, best: dict[int, tuple[_Order, _Found]], typed: str, forms: list[Text], count: int
    ) -> list[Match]:
        """The ``count`` best records as matches, ranked: only these get a ``Match`` made."""
        if count <= 0 or not best:
            return []
        table = self._table
        order = sorted(best.items(), key=lambda entry: self._rank_of(entry[0], entry[1][0]))
        matches = []
        for record, ((score, _, prior), item) in order[:count]:
            row = item.row
            source, shown = table.source[row], table.source[table.matched[row]]
            traditional = not source.isascii() and table.text(row).traditional  # folding ASCII changes no script
            steps = _steps(forms[item.form], traditional, table.kind[row], shown, item.raw, typed)
            scores = {"similarity": round(item.raw, 1), "weight": table.weight[row], "prior": prior}
            matches.append(Match(table.records[record], score, table.matched_of(row), steps, scores))
        return matches

    def _rank_of(self, record: int, order: _Order) -> tuple[float, float, bool, str]:
        found = self._table.records[record]
        return (-order[0], -order[2], found.type not in _ENTITY_TYPES, found.id)


class _Large:
    """What a large index adds: the key table as arrays, and an n-gram index proposing candidates."""

    def __init__(self, table: KeyTable, progress: Callable[[float], None]) -> None:
        import numpy as np  # numpy is imported only for a large index

        from ._batch_scoring import KINDS, Columns
        from ._near_words import NearWords
        from ._ngram import NgramIndex

        self._np = np
        self._kinds = KINDS
        self.columns = Columns(table)
        progress(0.35)
        types = list(map(_TYPE, table.records))
        type_codes = {name: code for code, name in enumerate(dict.fromkeys(types))}
        self._type_codes = type_codes
        record_type = np.fromiter(map(type_codes.__getitem__, types), dtype=np.int16, count=len(types))
        self._row_type = record_type[np.frombuffer(table.record, dtype=np.intc)]
        self._weight = np.frombuffer(table.weight, dtype=np.float64)  # shared with the table: no copy
        # initials are equal or nothing: the exact lookup finds them, the n-gram index need not
        # (a text times False is empty, times True itself: every other key's text, in one C-level pass)
        texts = list(map(mul, table.folded, (self.columns.kind != KINDS["initials"]).tolist()))
        self._ngrams = NgramIndex(texts, progress=lambda done: progress(0.4 + 0.6 * done))
        table.forget_folded()
        columns = self.columns
        looked_up = ((columns.kind == KINDS["text"]) | (columns.kind == KINDS["pinyin"])) & ~columns.han
        self._near = NearWords(columns.words, columns.word_count, columns.vocabulary, looked_up, columns.length)

    def similar(self, forms: list[_Form], types: frozenset[str] | None, cutoff: float) -> list[_Found]:
        """Every candidate key that meets a form of the query at least ``cutoff`` well, scored in one batch."""
        np = self._np
        found: list[_Found] = []
        for number, (query, kinds, form_weight) in enumerate(forms):
            if not query.compact:
                continue
            rows = self._candidates(query)
            if kinds is not None:
                rows = rows[np.isin(self.columns.kind[rows], [self._kinds[kind] for kind in kinds])]
            if types is not None:
                wanted = [code for name, code in self._type_codes.items() if name in types]
                rows = rows[np.isin(self._row_type[rows], wanted)]
            raw = self.columns.similarities(query, rows)
            if form_weight != 1.0:
                raw *= form_weight
            keep = raw * self._weight.take(rows) >= cutoff
            found.extend(map(_Found, rows[keep].tolist(), raw[keep].tolist(), repeat(number)))
        return found

    def _candidates(self, query: Text) -> npt.NDArray[np.int32]:
        """The keys the n-gram index proposes for the query, in the table's order."""
        asked = [(query.folded, CANDIDATES)]
        if query.compact != query.folded and reads_as_pinyin(query.words):  # "mu la di" meets the key "muladi" too
            asked.append((query.compact, COMPACT_CANDIDATES))
        proposed = self._ngrams.proposals(asked)
        if len(query.words) != 1 or query.han:
            return proposed
        near = self._near.keys(query.words[0])  # "Onelrasi" meets "Nelasi" in "Nelasi Pavesoon Alvi"
        return self._np.union1d(proposed, near) if len(near) else proposed


def _casefold_all(texts: list[str]) -> list[str]:
    """``[text.casefold() for text in texts]``, in one call on the texts joined (a newline ends a text)."""
    joined = "\n".join(texts)
    folded = joined.casefold()
    if folded == joined:  # ids in lower case already, as most are: the same strings, no new ones held
        return texts
    split = folded.split("\n")
    return split if len(split) == len(texts) else [text.casefold() for text in texts]


def _looks_like_id(query: str) -> bool:
    """Whether a query is written as an id is (``org:openai``): a colon, and no space."""
    typed = query.strip()
    return ":" in typed and " " not in typed


def _ignore(done: float) -> None:
    """No progress to show."""


def _steps(query: Text, traditional: bool, kind: KeyKind, shown: str, raw: float, typed: str) -> tuple[str, ...]:
    """How the query met a key (``traditional``: the key is written in Traditional characters)."""
    if kind in ("pinyin", "initials"):
        return ("pinyin",) if raw == EXACT else ("pinyin", "fuzzy")
    if typed.strip() == shown:
        return ("exact",)
    steps = ["normalized"]
    if query.traditional or traditional:
        steps.append("script-folded")
    if raw < EXACT:
        steps.append("fuzzy")
    return tuple(steps)


def _rank(match: Match) -> tuple[float, float, bool, str]:
    return (-match.score, -match.scores.get("prior", 1.0), match.record.type not in _ENTITY_TYPES, match.record.id)


def _flag_ambiguous(ranked: list[Match]) -> list[Match]:
    flagged = []
    for position, match in enumerate(ranked):
        neighbours = ranked[max(position - 1, 0) : position] + ranked[position + 1 : position + 2]
        close = any(abs(match.score - other.score) < AMBIGUITY_MARGIN for other in neighbours)
        if close:  # made directly: dataclasses.replace costs more than the rest of this loop
            match = Match(match.record, match.score, match.matched, match.steps, match.scores, True, match.query_part)
        flagged.append(match)
    return flagged


def built_index(
    records: Mapping[str, Record], label_of: Callable[[Record], str], versions: Sequence[Version]
) -> SearchIndex:
    """The search index of these records, a progress bar on a terminal showing a build of over a second."""
    with closing(ProgressBar("Building the search index")) as bar:
        return SearchIndex(records, label_of, bar, versions)
