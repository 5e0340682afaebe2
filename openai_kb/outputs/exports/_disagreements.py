"""The SQLite export's ``disagreements`` view: the fields on which sources differ, from ``field_values``.

One row per record, field and value, in the order ``kb.disagreements()`` gives them: ``record_id``,
``record_label``, ``field``, ``position`` (0 is the value the record shows), ``value`` (its JSON, as
the first source giving it has it), ``sources`` (the ids of the sources that give it, joined with
``"; "``) and ``holdings`` (each source and how it holds the value, as ``openai-kb disagreements``
writes them: ``source:note-c (attributed to people familiar with the matter)``). A field is a
disagreement when it has values at more than one position, unless it is a list (its values are
JSON arrays): lists are unioned, never disagree. Being a view, it follows rows added to
``field_values`` later.
"""

from __future__ import annotations

__all__ = ["DISAGREEMENTS", "disagreements_view"]

DISAGREEMENTS = "disagreements"
"""The view's name."""

_SAME = 'f."record_id" = v."record_id" AND f."field" = v."field"'
_HOLDING = """coalesce(f."source_id", 'no source') || CASE
      WHEN f."assertion" IS NULL OR f."assertion" = 'stated' THEN ''
      WHEN f."assertion" <> 'attributed' THEN ' (' || f."assertion" || ')'
      WHEN f."attributed_to" IS NULL AND f."attribution" IS NULL THEN ' (attributed)'
      ELSE ' (attributed to ' || coalesce(coalesce(a."label", f."attributed_to") || ', ' || f."attribution",
                                          a."label", f."attributed_to", f."attribution") || ')'
    END"""


def disagreements_view() -> str:
    """The ``CREATE VIEW`` statement."""
    in_value = f'{_SAME} AND f."position" = v."position"'
    return f"""CREATE VIEW "{DISAGREEMENTS}" AS
SELECT v."record_id", r."label" AS "record_label", v."field", v."position",
  (SELECT f."value" FROM "field_values" AS f WHERE {in_value} ORDER BY f.rowid LIMIT 1) AS "value",
  (SELECT group_concat(s, '; ') FROM (
    SELECT f."source_id" AS s FROM "field_values" AS f WHERE {in_value} AND f."source_id" IS NOT NULL
    GROUP BY f."source_id" ORDER BY min(f.rowid))) AS "sources",
  (SELECT group_concat(h, '; ') FROM (
    SELECT {_HOLDING} AS h
    FROM "field_values" AS f LEFT JOIN "records" AS a ON a."id" = f."attributed_to"
    WHERE {in_value} GROUP BY h ORDER BY min(f.rowid))) AS "holdings"
FROM (
  SELECT "record_id", "field", "position", min(rowid) AS "first" FROM "field_values"
  GROUP BY "record_id", "field", "position"
) AS v
JOIN "records" AS r ON r."id" = v."record_id"
WHERE EXISTS (SELECT 1 FROM "field_values" AS f WHERE {_SAME} AND f."position" > 0)
  AND NOT EXISTS (SELECT 1 FROM "field_values" AS f WHERE {_SAME} AND substr(f."value", 1, 1) = '[')
ORDER BY v."first";"""
