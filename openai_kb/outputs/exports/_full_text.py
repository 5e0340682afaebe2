"""The SQLite export's full-text search over ``texts``: two FTS5 indexes, kept current by triggers.

- ``texts_fts``, trigram tokenizer (``content="texts"``): any run of three characters or more
  inside a text, in any script and any case; SQLite's ``LIKE`` uses it too.
- ``texts_words_fts``, unicode61 tokenizer, contentless (counting its rows reads no text), fed from
  the view ``texts_words``: each text followed by
  its search words, which SQL computes from the text: its runs of letters and digits apart from
  its Chinese characters (``OpenAI`` out of ``OpenAI正处于``), and every run of one to
  ``CHINESE_WORD_LENGTH`` consecutive Chinese characters (``微软``, ``辉达``, ``軟銀``). A query the
  unicode61 tokenizer reads as one word (``微软``, ``Thrive``) matches a text holding it, so a
  two-character name, which the trigram index never finds, is found. Datasette's search box uses it.

Triggers (as ``sqlite-utils enable-fts --create-triggers`` makes them: ``texts_ai``, ``texts_ad``,
``texts_au``, and ``texts_bd``, ``texts_bu`` for the words) index every row inserted, deleted or
updated later, with plain SQL. The export indexes its own rows in one statement each (``FILL``), then
adds the triggers.
"""

from __future__ import annotations

from ._sql import quote

__all__ = ["CHINESE_WORD_LENGTH", "FILL", "FTS", "WORDS", "WORDS_FTS", "full_text_statements", "full_text_triggers"]

FTS = "texts_fts"
"""The trigram index of ``texts``."""
WORDS = "texts_words"
"""The view of each text's search words (``id``, ``words``)."""
WORDS_FTS = "texts_words_fts"
"""The unicode61 index of ``texts_words``: what Datasette's search box on ``texts`` queries."""
CHINESE_WORD_LENGTH = 8
"""The longest run of Chinese characters inside a text that ``texts_words_fts`` finds (a whole run, any length)."""

_CHINESE = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
"""Kana and the CJK ideograph blocks: characters written without spaces between words."""


def _is_chinese(character: str) -> str:
    code = f"unicode({character})"
    return "(" + " OR ".join(f"{code} BETWEEN {low} AND {high}" for low, high in _CHINESE) + ")"


def _words_select() -> str:
    """Each text and its search words: the text, its other runs apart from Chinese characters, its Chinese runs."""
    glob = "*[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _CHINESE) + "]*"  # no Chinese: the text
    return f"""SELECT t."id", CASE WHEN t."text" NOT GLOB '{glob}' THEN t."text" ELSE t."text" || ' ' || coalesce((
  WITH RECURSIVE
    chars(i, c) AS (
      SELECT 1, substr(t."text", 1, 1) WHERE length(t."text") > 0
      UNION ALL SELECT i + 1, substr(t."text", i + 1, 1) FROM chars WHERE i < length(t."text")
    ),
    grams(i, n, g) AS (
      SELECT i, 1, c FROM chars WHERE {_is_chinese("c")}
      UNION ALL
      SELECT i, n + 1, substr(t."text", i, n + 1) FROM grams
      WHERE n < {CHINESE_WORD_LENGTH} AND {_is_chinese('substr(t."text", i + n, 1)')}
    )
  SELECT (SELECT group_concat(w, '') FROM (SELECT CASE WHEN {_is_chinese("c")} THEN ' ' ELSE c END AS w
                                           FROM chars ORDER BY i))
         || ' ' || coalesce((SELECT group_concat(g, ' ') FROM (SELECT g FROM grams ORDER BY i, n)), '')
), '') END AS "words"
FROM "texts" AS t"""


def full_text_statements(*, triggers: bool = True) -> list[str]:
    """The indexes, the words view and (unless not ``triggers``) the triggers, to run after ``texts`` is created.

    The export fills ``texts`` first, then runs ``FILL`` and ``full_text_triggers()``: one statement
    indexes every text many times faster than a trigger a row.
    """
    fts, words, words_fts = quote(FTS), quote(WORDS), quote(WORDS_FTS)
    tables = [
        f'CREATE VIRTUAL TABLE {fts} USING fts5("text", content="texts", content_rowid="id", tokenize="trigram");',
        f"CREATE VIEW {words} AS\n{_words_select()};",
        f'CREATE VIRTUAL TABLE {words_fts} USING fts5("words", content="", tokenize="unicode61");',
    ]
    return tables + (full_text_triggers() if triggers else [])


FILL = (
    f"INSERT INTO {quote(FTS)} ({quote(FTS)}) VALUES ('rebuild');\n"
    f'INSERT INTO {quote(WORDS_FTS)} (rowid, "words") SELECT "id", "words" FROM {quote(WORDS)};'
)
"""Index every row of ``texts`` at once (before the triggers exist)."""


def full_text_triggers() -> list[str]:
    """The triggers that keep both indexes current as rows of ``texts`` are added, changed or deleted."""
    fts, words, words_fts = quote(FTS), quote(WORDS), quote(WORDS_FTS)
    add_words = f'INSERT INTO {words_fts} (rowid, "words") SELECT "id", "words" FROM {words} WHERE "id" = new."id";'
    drop_words = (
        f'INSERT INTO {words_fts} ({words_fts}, rowid, "words") SELECT \'delete\', "id", "words" FROM {words}'
        ' WHERE "id" = old."id";'
    )
    add_text = f'INSERT INTO {fts} (rowid, "text") VALUES (new."id", new."text");'
    drop_text = f'INSERT INTO {fts} ({fts}, rowid, "text") VALUES (\'delete\', old."id", old."text");'
    return [
        _trigger("texts_ai", "AFTER INSERT", add_text, add_words),
        _trigger("texts_bd", "BEFORE DELETE", drop_words),
        _trigger("texts_ad", "AFTER DELETE", drop_text),
        _trigger("texts_bu", "BEFORE UPDATE", drop_words),
        _trigger("texts_au", "AFTER UPDATE", drop_text, add_text, add_words),
    ]


def _trigger(name: str, when: str, *statements: str) -> str:
    body = "\n  ".join(statements)
    return f'CREATE TRIGGER {quote(name)} {when} ON "texts" BEGIN\n  {body}\nEND;'
