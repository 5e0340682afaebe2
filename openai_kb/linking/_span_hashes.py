"""Hashes of many spans of a text at once, in numpy: the lookups of names held outside the automaton.

A name that begins and ends where words do can fill any of a few thousand spans of a 5,000-character
text. Python's ``hash`` of each would cost a slice and a hash a span; a polynomial hash of the code
points, modulo two primes of 31 bits, costs a handful of array operations for all of them (prefix
sums over the text, then two look-ups a span). The keys get the very same hashes when the gazetteer
is built, a position at a time over all keys at once. The bases are drawn when the module is
imported, so no data can be written to collide on purpose; a collision costs a comparison of the
span with the key, never a wrong link.
"""

from __future__ import annotations

import secrets
import threading

import numpy as np

__all__ = ["SpanHashes", "code_points", "key_hashes"]

_PRIMES = (2_147_483_647, 2_147_483_629)  # below 2**31: a product of two residues fits in an int64
_BASES = tuple(0x110000 + secrets.randbelow(prime - 0x110000) for prime in _PRIMES)  # above every code point
_INVERSES = tuple(pow(base, -1, prime) for base, prime in zip(_BASES, _PRIMES, strict=True))
_KEPT_POWERS = 1 << 20  # powers kept for texts of up to a million characters (after folding)
_powers: dict[tuple[int, int], np.ndarray] = {}  # (base, prime) -> base**i % prime for i below its length
_growing = threading.Lock()


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates too), as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def key_hashes(points: np.ndarray, begins: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The hash of each key ``points[begins[i] : begins[i] + lengths[i]]`` (``lengths`` at least 1)."""
    order = np.argsort(-lengths, kind="stable")  # longest first: the keys still growing are a prefix
    firsts, sizes = begins[order], lengths[order]
    alive = len(sizes) - np.searchsorted(
        sizes[::-1], np.arange(int(sizes.max(initial=0))), side="right"
    )  # longer than i
    combined = np.zeros(len(order), dtype=np.int64)
    for base, prime in zip(_BASES, _PRIMES, strict=True):
        hashes = np.zeros(len(order), dtype=np.int64)
        power = 1
        for position, count in enumerate(alive.tolist()):
            hashes[:count] = (hashes[:count] + points[firsts[:count] + position].astype(np.int64) * power) % prime
            power = power * base % prime
        combined = (combined << 31) | hashes
    result = np.empty_like(combined)
    result[order] = combined
    return result


class SpanHashes:
    """The hashes of spans of one text, as ``key_hashes`` gives them: prefix sums of its code points
    times the powers of each base, made once; then a span's hash is two look-ups and a product."""

    __slots__ = ("_prefixes",)

    def __init__(self, text: str) -> None:
        points, count = code_points(text).astype(np.int64), len(text)
        self._prefixes = []
        for base, prime in zip(_BASES, _PRIMES, strict=True):
            prefix = np.zeros(count + 1, dtype=np.int64)  # sum of points[j] * base**j below each position
            np.cumsum(points * _power_table(base, prime, count) % prime, out=prefix[1:])  # < 2**31 a term
            prefix %= prime
            self._prefixes.append(prefix)

    def of(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The hash of each span ``text[starts[i] : ends[i]]``."""
        combined = np.zeros(len(starts), dtype=np.int64)
        for prefix, inverse, prime in zip(self._prefixes, _INVERSES, _PRIMES, strict=True):
            shift = _power_table(inverse, prime, len(prefix))[starts]
            combined = (combined << 31) | ((prefix[ends] - prefix[starts]) % prime * shift % prime)
        return combined


def _power_table(base: int, prime: int, count: int) -> np.ndarray:
    """``base**i % prime`` for ``i`` below ``count``: kept and doubled as longer texts need, up to
    ``_KEPT_POWERS`` (8 MiB a table); a longer text's table is made for it alone."""
    table = _powers.get((base, prime))
    if table is None or len(table) < count:
        with _growing:
            table = _powers.get((base, prime), np.ones(1, dtype=np.int64))
            while len(table) < count:
                step = pow(base, len(table), prime)
                table = np.concatenate([table, table * step % prime])
            if len(table) <= _KEPT_POWERS:
                _powers[(base, prime)] = table
    return table[:count]
