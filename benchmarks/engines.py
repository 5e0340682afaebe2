"""The lookup engines compared in the benchmark, each built over the same aliases.

Every engine proposes candidates its own way and ranks its final top 10 with rapidfuzz WRatio,
so the comparison is between candidate generators: this library's n-gram index, no index at all
(brute force), SQLite FTS5 with its trigram tokenizer, and PostgreSQL pg_trgm with a GIN index.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

import openai_kb
from openai_kb.search._ngram import NgramIndex
from openai_kb.search.normalize import fold

__all__ = ["BruteForce", "Fts5Trigram", "KbExhaustive", "KbSearch", "NgramEngine", "PgTrgm", "postgres_available"]

Hit = tuple[int, float]  # (alias index, score)
RERANK = 200  # candidates the database engines hand to WRatio
LIMIT = 10  # results every engine returns


class NgramEngine:
    """openai-kb: fold, n-gram candidates, WRatio rerank of the folded candidates.

    The folded aliases are kept as one string and an offsets array (what reranking reads), not a
    million Python strings.
    """

    name = "openai-kb n-gram"

    def __init__(self, corpus: Sequence[str], candidates: int = 100) -> None:
        pieces: list[str] = []
        lengths: list[int] = []

        def folded() -> Iterator[str]:  # fold a chunk at a time: no list of a million strings
            for start in range(0, len(corpus), 16_384):
                chunk = [fold(alias) for alias in corpus[start : start + 16_384]]
                pieces.append("".join(chunk))
                lengths.extend(map(len, chunk))
                yield from chunk

        self.index = NgramIndex(folded(), size=len(corpus))
        self.text = "".join(pieces)
        self.offsets = np.cumsum([0, *lengths], dtype=np.int64)
        self.candidates = candidates

    def _folded(self, position: int) -> str:
        return self.text[self.offsets[position] : self.offsets[position + 1]]

    def search(self, query: str) -> list[Hit]:
        folded = fold(query)
        found = self.index.candidates(folded, self.candidates).tolist()
        hits = process.extract(
            folded, [self._folded(i) for i in found], scorer=fuzz.WRatio, processor=None, limit=LIMIT
        )
        return [(found[position], score) for _, score, position in hits]


class KbSearch:
    """What users call: each alias a person of a knowledge base built with ``from_records``, found by
    ``kb.search``. The build time is ``from_records`` plus the first search (which builds the index).
    """

    name = "openai-kb kb.search"

    def __init__(self, corpus: Sequence[str]) -> None:
        records = [{"type": "person", "id": f"person:a{index}", "name": alias} for index, alias in enumerate(corpus)]
        start = time.perf_counter()
        self.kb = openai_kb.KnowledgeBase.from_records(records)
        self.from_records_s = time.perf_counter() - start
        start = time.perf_counter()
        build_index = getattr(self.kb, "build_index", None)
        if build_index is not None:
            build_index()
        else:  # before build_index existed, the first search built the index
            self.kb.search("the first search builds the index")
        self.index_s = time.perf_counter() - start

    def search(self, query: str) -> list[Hit]:
        return [(int(match.record.id[len("person:a") :]), match.score) for match in self.kb.search(query, limit=LIMIT)]


class KbExhaustive(KbSearch):
    """``kb.search`` with every key a candidate: the library's own scorer with nothing left out.

    Against it, recall measures only what candidate generation loses (the scorer's calibrated
    opinion of a name differs from WRatio's by design). Slow: for the quality columns only.
    """

    name = "kb.search, every key scored"

    def __init__(self, corpus: Sequence[str]) -> None:
        super().__init__(corpus)
        large = self.kb._search_index()._large
        if large is None:  # a small index scores every key already
            return
        every = np.arange(len(large.columns.kind), dtype=np.int32)
        large._candidates = lambda query: every  # type: ignore[method-assign]


class BruteForce:
    """rapidfuzz.process.extract with WRatio over every alias: the reference.

    By default it compares folded text (the same normalization the index uses), so it measures
    what candidate generation loses and nothing else; ``raw=True`` compares the text as written,
    with rapidfuzz's ``default_process``, as a user of rapidfuzz alone would.
    """

    def __init__(self, corpus: Sequence[str], *, raw: bool = False) -> None:
        self.raw = raw
        self.name = "brute-force WRatio, raw text" if raw else "brute-force WRatio"
        self.corpus = list(corpus) if raw else [fold(alias) for alias in corpus]

    def search(self, query: str) -> list[Hit]:
        if self.raw:
            hits = process.extract(query, self.corpus, scorer=fuzz.WRatio, processor=utils.default_process, limit=LIMIT)
        else:
            hits = process.extract(fold(query), self.corpus, scorer=fuzz.WRatio, processor=None, limit=LIMIT)
        return [(position, score) for _, score, position in hits]


def _trigrams(text: str) -> list[str]:
    text = utils.default_process(text)
    return sorted({text[i : i + 3] for i in range(len(text) - 2)})


class Fts5Trigram:
    """SQLite FTS5 with the trigram tokenizer (stdlib sqlite3): OR of the query's trigrams by bm25."""

    name = "SQLite FTS5 trigram"

    def __init__(self, corpus: Sequence[str]) -> None:
        self.corpus = list(corpus)
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE aliases USING fts5(name, tokenize='trigram')")
        self.db.executemany("INSERT INTO aliases(rowid, name) VALUES (?, ?)", enumerate(self.corpus))
        self.db.commit()

    def memory_mib(self) -> float:
        """The database's size (SQLite allocates outside Python's tracing)."""
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        size = self.db.execute("PRAGMA page_size").fetchone()[0]
        return float(pages * size) / 2**20

    def search(self, query: str) -> list[Hit]:
        grams = _trigrams(query)
        if not grams:
            return []  # the trigram tokenizer cannot match fewer than three characters
        expression = " OR ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        rows = self.db.execute(
            "SELECT rowid FROM aliases WHERE aliases MATCH ? ORDER BY rank LIMIT ?", (expression, RERANK)
        ).fetchall()
        found = [row[0] for row in rows]
        hits = process.extract(
            query, [self.corpus[i] for i in found], scorer=fuzz.WRatio, processor=utils.default_process, limit=LIMIT
        )
        return [(found[position], score) for _, score, position in hits]


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    return None


def postgres_available() -> str | None:
    """None when a local PostgreSQL server and psycopg can be used, else the reason why not."""
    if _pg_bin() is None:
        return "no PostgreSQL server binaries (pg_ctl) on this machine"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[bench]')"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as another user"
    return None


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 and a free port; yields its connection string."""
    bin_dir = _pg_bin()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="openai-kb-pg-"))
    data = folder / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"], **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "start"], **run)
    try:
        yield f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], **run)
        shutil.rmtree(folder, ignore_errors=True)


class PgTrgm:
    """PostgreSQL pg_trgm with a GIN index: name % query ordered by similarity."""

    name = "PostgreSQL pg_trgm (GIN)"

    def __init__(self, corpus: Sequence[str], dsn: str) -> None:
        import psycopg

        self.corpus = list(corpus)
        self.db = psycopg.connect(dsn, autocommit=True)
        self.db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.db.execute("DROP TABLE IF EXISTS aliases")
        self.db.execute("CREATE TABLE aliases (id integer PRIMARY KEY, name text NOT NULL)")
        with self.db.cursor().copy("COPY aliases (id, name) FROM STDIN") as copy:
            for position, alias in enumerate(self.corpus):
                copy.write_row((position, alias))
        self.db.execute("CREATE INDEX ON aliases USING gin (name gin_trgm_ops)")
        self.db.execute("ANALYZE aliases")
        self.db.execute("SET pg_trgm.similarity_threshold = 0.2")

    def memory_mib(self) -> float:
        """The table's and its GIN index's size on disk."""
        row = self.db.execute("SELECT pg_total_relation_size('aliases')").fetchone()
        return float(row[0]) / 2**20 if row else float("nan")

    def search(self, query: str) -> list[Hit]:
        rows = self.db.execute(
            "SELECT id FROM aliases WHERE name %% %s ORDER BY similarity(name, %s) DESC LIMIT %s",
            (query, query, RERANK),
        ).fetchall()
        found = [row[0] for row in rows]
        hits = process.extract(
            query, [self.corpus[i] for i in found], scorer=fuzz.WRatio, processor=utils.default_process, limit=LIMIT
        )
        return [(found[position], score) for _, score, position in hits]

    def close(self) -> None:
        self.db.close()
