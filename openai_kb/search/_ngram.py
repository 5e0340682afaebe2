"""Candidate generation for large indexes: an inverted index of character n-grams, in numpy.

Each folded key is padded with a space at both ends and cut into grams: a bigram wherever a Han
character is involved (a Chinese name is two to four characters: trigrams would share almost
nothing after one wrong character) and a trigram elsewhere, as pg_trgm does for Latin words.
Grams are hashed to 32 bits; a rare collision only adds a candidate, which reranking then drops.
A query counts, for every key that shares a gram with it, how many it shares, and keeps the keys
most similar by the Jaccard index of their gram sets. Reranking those few with a real string
scorer gives nearly the answers of scoring every key, at a small fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from functools import cache
from itertools import islice

import numpy as np
import numpy.typing as npt

from .normalize import HAN_CHARACTER, HAN_RANGES, has_han

__all__ = ["NgramIndex", "grams"]

_POSTINGS_BUDGET = 20_000  # postings a query reads beyond the ones prefix filtering needs
_PER_WORD = 20  # keys holding a whole query word added to the candidates, per word
_MIX_INT = 0x9E3779B97F4A7C15
_MIX = np.uint64(_MIX_INT)
_MASK64 = (1 << 64) - 1

U32 = npt.NDArray[np.uint32]
I32 = npt.NDArray[np.int32]
_EMPTY: I32 = np.empty(0, dtype=np.int32)


@cache
def _han_blocks() -> npt.NDArray[np.bool_]:
    """Whether each block of 16 code points holds Han characters (every Han range starts and ends on one)."""
    blocks = np.zeros((0x10FFFF >> 4) + 1, dtype=bool)
    for first, last in HAN_RANGES:
        blocks[first >> 4 : (last >> 4) + 1] = True
    return blocks


def _gram_ids(texts: Sequence[str]) -> tuple[U32, I32]:
    """Hashed grams of each text and the index of the text each came from."""
    if not texts:
        return np.empty(0, dtype=np.uint32), _EMPTY
    # each text padded with a space at both ends, a NUL between two texts: grams never span two texts
    joined = " " + " \x00 ".join(texts) + " \x00\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    wide = codes.astype(np.uint64)
    c0, c1, c2 = wide[:-2], wide[1:-1], wide[2:]
    han = _han_blocks()[codes >> 4]
    bigram = han[:-2] | han[1:-1]
    held = codes != 0
    valid = held[:-2] & held[1:-1] & (bigram | held[2:])
    with np.errstate(over="ignore"):
        keys = (c0 << np.uint64(42)) | (c1 << np.uint64(21)) | c2
        if bigram.any():
            keys[bigram] = (c0[bigram] << np.uint64(21)) | c1[bigram] | np.uint64(1 << 63)
        keys *= _MIX
    ids = (keys >> np.uint64(32)).astype(np.uint32)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 3
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[: len(ids)]
    return ids[valid], owner[valid]


def grams(text: str, *, padded: bool = True) -> list[int]:
    """The distinct hashed grams of one (folded) text: the same ids a build gives, computed in Python.

    A query is short, so plain Python is faster here than numpy's per-call overhead. Unpadded, only
    the grams inside the text are given: those any longer text containing it shares.
    """
    codes = [32, *map(ord, text), 32] if padded else list(map(ord, text))
    if text.isascii():  # trigrams only
        return sorted(
            {
                ((((a << 42) | (b << 21) | c) * _MIX_INT) & _MASK64) >> 32
                for a, b, c in zip(codes, codes[1:], codes[2:], strict=False)
            }  # the last two start no trigram
        )
    han = [False] * len(codes)
    offset = 1 if padded else 0  # the code of text[i] is codes[i + offset]
    for char in HAN_CHARACTER.finditer(text):
        han[char.start() + offset] = True
    found = set()
    for i in range(len(codes) - 1):
        if han[i] or han[i + 1]:
            key = (codes[i] << 21) | codes[i + 1] | (1 << 63)
        elif i + 2 < len(codes):
            key = (codes[i] << 42) | (codes[i + 1] << 21) | codes[i + 2]
        else:
            continue
        found.add(((key * _MIX_INT) & _MASK64) >> 32)
    return sorted(found)


_CHUNK = 16_384  # texts turned into grams at once: bounds the temporaries of a build
_KEYS_PER_BUCKET = 131_072  # grams are split by hash into one sorted table per this many keys ...
_MAX_BUCKETS = 8  # ... and into this many tables at most
_LOW32 = np.uint64(0xFFFFFFFF)
_BINCOUNT_RATIO = 2  # count with a bincount (size of the index) when it is at most this many times the postings


def _chunks(texts: Iterable[str]) -> Iterator[Sequence[str]]:
    """``texts`` a chunk at a time: slices of a sequence, lists read from a stream."""
    if isinstance(texts, Sequence):
        for start in range(0, len(texts), _CHUNK):
            yield texts[start : start + _CHUNK]
        return
    stream = iter(texts)
    while chunk := list(islice(stream, _CHUNK)):
        yield chunk


class _Table:
    """The postings of the grams whose hash falls in one bucket, sorted by gram then key."""

    __slots__ = ("grams", "postings", "starts")

    def __init__(self, packed: npt.NDArray[np.uint64]) -> None:
        packed.sort()  # gram in the high 32 bits, key in the low: one sort orders both
        ids = (packed >> np.uint64(32)).astype(np.uint32)
        self.postings: I32 = (packed & _LOW32).astype(np.int32)
        boundaries = np.flatnonzero(ids[1:] != ids[:-1]) + 1
        self.grams: U32 = ids[np.concatenate(([0], boundaries))] if len(ids) else ids
        self.starts = np.concatenate(([0], boundaries, [len(ids)])).astype(np.int64)


_SET_POSTINGS = 512  # postings up to which an intersection is cheaper with Python sets than numpy calls


def _intersection(parts: Sequence[I32]) -> I32:
    """The keys in every one of ``parts`` (sorted postings, shortest first), in ascending order."""
    if sum(map(len, parts)) <= _SET_POSTINGS:
        common = set(parts[0].tolist())
        for posting in parts[1:]:
            common.intersection_update(posting.tolist())
        return np.array(sorted(common), dtype=np.int32)
    result = parts[0]
    for posting in parts[1:]:
        if not len(result):
            break
        at = np.searchsorted(posting, result)
        result = result[posting[np.minimum(at, len(posting) - 1)] == result]
    return result


def _distinct(pieces: Sequence[I32]) -> I32:
    """The keys in any of ``pieces``, each once, ascending."""
    if not pieces:
        return _EMPTY
    keys = np.sort(np.concatenate(pieces))
    first = np.empty(len(keys), dtype=bool)
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return keys[first]


def _sorted_counts(postings: I32) -> tuple[I32, npt.NDArray[np.int64]]:
    """The distinct keys of ``postings`` and how often each occurs: ``np.unique`` without its overhead."""
    postings = np.sort(postings, kind="stable")  # sorted runs, one per gram: timsort merges them
    first = np.empty(len(postings), dtype=bool)
    first[:1] = True
    np.not_equal(postings[1:], postings[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return postings[starts], np.diff(starts, append=len(postings))


class NgramIndex:
    """Find the keys most likely to match a query without scoring every key."""

    def __init__(
        self, texts: Iterable[str], size: int | None = None, progress: Callable[[float], None] | None = None
    ) -> None:
        """Index ``texts`` (folded keys), read a chunk at a time so a stream needs no list.

        ``size`` is how many texts a stream will give (a sequence's length is known): it sets how
        many tables the grams are split into, which bounds the memory one sort needs. ``progress``
        is told the share of the texts read, from 0 to 1.
        """
        expected = (
            size if size is not None else len(texts) if isinstance(texts, Sized) else _MAX_BUCKETS * _KEYS_PER_BUCKET
        )
        self._buckets = min(_MAX_BUCKETS, max(1, -(-expected // _KEYS_PER_BUCKET)))
        pieces: list[list[npt.NDArray[np.uint64]]] = [[] for _ in range(self._buckets)]
        counts: list[npt.NDArray[np.uint16]] = []
        start = 0
        for chunk in _chunks(texts):
            if progress is not None:
                progress(min(1.0, start / max(expected, 1)))
            ids, owner = _gram_ids(chunk)
            counts.append(np.minimum(np.bincount(owner, minlength=len(chunk)), 65535).astype(np.uint16))
            packed = (ids.astype(np.uint64) << np.uint64(32)) | (owner + start).astype(np.uint64)
            if self._buckets == 1:
                pieces[0].append(packed)
            else:
                bucket = ids % np.uint32(self._buckets)
                for number in range(self._buckets):
                    pieces[number].append(packed[bucket == number])
            start += len(chunk)
        self.size = start
        self._gram_counts = np.concatenate(counts) if counts else np.empty(0, dtype=np.uint16)
        self._tables: list[_Table] = []
        for number in range(self._buckets):
            merged = np.concatenate(pieces[number]) if pieces[number] else np.empty(0, dtype=np.uint64)
            pieces[number] = []
            self._tables.append(_Table(merged))

    def _postings(self, query: list[int]) -> dict[int, I32]:
        """The posting of each gram of ``query`` (ascending) that some key holds, by bucket then gram."""
        found: dict[int, I32] = {}
        if self._buckets == 1:
            groups = [(0, query)]
        else:
            by_bucket: dict[int, list[int]] = {}
            for gram in query:
                by_bucket.setdefault(gram % self._buckets, []).append(gram)
            groups = sorted(by_bucket.items())
        for number, mine in groups:
            table = self._tables[number]
            last = len(table.grams) - 1
            if last < 0:
                continue
            at = np.minimum(np.searchsorted(table.grams, np.array(mine, dtype=np.uint32)), last)
            held = table.grams[at].tolist()
            bounds = table.starts[at].tolist()
            ends = table.starts[at + 1].tolist()
            for gram, there, start, end in zip(mine, held, bounds, ends, strict=True):
                if gram == there:
                    found[gram] = table.postings[start:end]
        return found

    def _counted(self, postings: I32) -> tuple[I32, npt.NDArray[np.int64]]:
        """The distinct keys of ``postings`` with their counts: a bincount when the index is small next to
        the postings (it walks every key), else a sort (it walks only the postings)."""
        if self.size > _BINCOUNT_RATIO * len(postings):
            return _sorted_counts(postings)
        counts = np.bincount(postings)
        keys = np.flatnonzero(counts).astype(np.int32)
        return keys, counts[keys]

    def candidates(self, text: str, limit: int) -> I32:
        """Indexes of up to ``limit`` keys most similar to ``text`` by their grams, best first.

        The query's rarest grams are read first: enough of them that every key sharing at least
        half of the query's grams shares one (prefix filtering), and more while the postings stay
        short. The keys found most often there make a pool; the pool's overlap with the remaining,
        common grams is then looked up by binary search instead of read in full. The pool is
        ranked by the Jaccard index of the gram sets; keys holding a whole query word are added.
        """
        query = grams(text)
        if not query or not self.size:
            return _EMPTY
        found = self._postings(query)
        if not found:
            return _EMPTY
        keys, similarity = self._nearest(found, len(query), limit)
        best = keys[np.argsort(-similarity, kind="stable")]
        extra = self._holders(text, found, len(query))
        if not extra:
            return best
        merged = dict.fromkeys(best.tolist())  # first place kept: the best first, then the extras
        for holders in extra:
            merged.update(dict.fromkeys(holders.tolist()))
        return np.fromiter(merged, dtype=np.int32, count=len(merged))

    def proposals(self, asked: Sequence[tuple[str, int]]) -> I32:
        """The keys ``candidates(text, limit)`` gives for each text and limit asked, together, ascending.

        What a search scores, made with less work: the grams of all the texts are looked up at once,
        and the keys are not ranked (the scorer ranks them).
        """
        queries = [(text, limit, grams(text)) for text, limit in asked]
        every = sorted({gram for _, _, query in queries for gram in query})
        if not every or not self.size:
            return _EMPTY
        found_any = self._postings(every)
        pieces: list[I32] = []
        for text, limit, query in queries:
            wanted = set(query)
            found = {gram: posting for gram, posting in found_any.items() if gram in wanted}
            if found:
                pieces.append(self._nearest(found, len(query), limit)[0])
                pieces.extend(self._holders(text, found, len(query)))
        return _distinct(pieces)

    def _nearest(self, found: dict[int, I32], query_grams: int, limit: int) -> tuple[I32, npt.NDArray[np.float64]]:
        """Up to ``limit`` keys most similar to the query by the Jaccard index of their grams, unordered,
        with that index."""
        by_rarity = sorted(found.values(), key=len)
        if sum(map(len, by_rarity)) <= _POSTINGS_BUDGET:  # short postings: count every gram exactly
            keys, shared = self._counted(np.concatenate(by_rarity))
        else:
            needed = query_grams // 2 + 1
            read, total = 0, 0
            for posting in by_rarity:
                if read >= needed and total + len(posting) > _POSTINGS_BUDGET:
                    break
                read, total = read + 1, total + len(posting)
            keys, shared = self._counted(np.concatenate(by_rarity[:read]))
            pool = max(limit * 4, 400)
            if len(keys) > pool:
                keep = np.argpartition(-shared, pool)[:pool]
                keys, shared = keys[keep], shared[keep]
            for posting in by_rarity[read:]:
                at = np.searchsorted(posting, keys)
                shared += posting[np.minimum(at, len(posting) - 1)] == keys
        similarity = shared / (query_grams + self._gram_counts[keys].astype(np.float32) - shared)
        if len(keys) > limit:
            top = np.argpartition(-similarity, limit)[:limit]
            keys, similarity = keys[top], similarity[top]
        return keys, similarity

    def _holders(self, text: str, found: dict[int, I32], query_grams: int) -> list[I32]:
        """The keys holding a word of the query, and the short Han keys it holds: partial matches."""
        extra = [self._containing(word, found, query_grams) for word in text.split()]
        extra.append(self._contained(text, found))
        return [holders for holders in extra if len(holders)]

    def _contained(self, text: str, found: dict[int, I32]) -> I32:
        """Short Han keys the query contains: 安邱 in 陶安邱王, a name inside a longer one.

        A two-character key has one inner bigram and three grams in all; a key with that bigram
        and that gram count is the bigram itself. Three-character keys are found the same way.
        """
        if not has_han(text):
            return _EMPTY
        hits: list[I32] = []
        for size in (2, 3):
            for start in range(len(text) - size + 1):
                piece = text[start : start + size]
                inner = grams(piece, padded=False)
                if " " in piece or not inner or any(gram not in found for gram in inner):
                    continue
                holders = found[inner[0]]
                for gram in inner[1:]:
                    at = np.searchsorted(found[gram], holders)
                    holders = holders[found[gram][np.minimum(at, len(found[gram]) - 1)] == holders]
                hits.append(holders[self._gram_counts[holders] == size + 1][:_PER_WORD])
        return np.concatenate(hits) if hits else _EMPTY

    def _containing(self, word: str, found: dict[int, I32], query_grams: int) -> I32:
        """Up to ``_PER_WORD`` keys that contain ``word``: first those holding it as a whole word, then any.

        Jaccard ranking favours keys as long as the query; a key that holds a word of the query
        ("Mime" of "Mime Hamirure") or the whole query inside a longer name (何郭 in 丽何郭唐) is a
        partial match worth scoring too. A key holding the word whole (all its padded grams: "Feka"
        in "Feka Lomi") is looked for first: a key holding it inside a longer word ("Enfefeka") scores
        far lower, and in a large index there are many such. Among either kind, keys from 1.5 to 8
        times the query's length come first (the query is a real part of them), then the shortest.
        """
        whole = self._holding(grams(word), found, query_grams, _PER_WORD)
        if len(whole) >= _PER_WORD:
            return whole
        inside = self._holding(grams(word, padded=False), found, query_grams, _PER_WORD + len(whole))
        if not len(whole):
            return inside[:_PER_WORD]
        taken = set(whole.tolist())
        extra = [key for key in inside.tolist() if key not in taken][: _PER_WORD - len(whole)]
        return np.concatenate((whole, np.array(extra, dtype=np.int32)))

    def _holding(self, wanted: list[int], found: dict[int, I32], query_grams: int, count: int) -> I32:
        """Up to ``count`` keys holding every gram of ``wanted``, the best placed first."""
        if not wanted or any(gram not in found for gram in wanted):
            return _EMPTY
        common = _intersection(sorted((found[gram] for gram in wanted), key=len))
        if len(common) > count:
            lengths = self._gram_counts[common].astype(np.int64)
            inside = (lengths * 2 >= query_grams * 3) & (lengths < query_grams * 8)
            priority = np.where(inside, lengths, lengths + 1_000_000)
            common = common[np.argpartition(priority, count)[:count]]
        return common
