"""A generated knowledge base of any size, for the loading benchmark and the tests of large loads.

People with a few names each (their English name, an upper-case alias, a Han transliteration),
organizations, and facts that refer to them (departures and competitions, each with evidence from
one generated source), so loading exercises nested models, references and their checks. Names
come from the benchmarks' deterministic corpus: the same arguments give the same records.
"""

from __future__ import annotations

import random
from typing import Any

from .corpus import aliases

__all__ = ["generated_records"]

_TITLES = ("Chief Technology Officer", "Head of Research", "Vice President of Sales", "Co-founder", "Engineer")
_SOURCE_LENGTH = 1_000_000


def generated_records(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """``count`` records as a data file holds them: a source, 10% organizations, 60% people, 30% facts."""
    rng = random.Random(seed)
    names = aliases(count, seed=seed)
    organizations = max(2, count // 10)
    people = max(1, count * 6 // 10)
    records: list[dict[str, Any]] = [
        {
            "type": "source",
            "id": "source:gen",
            "title": "A generated report",
            "language": "en",
            "length": _SOURCE_LENGTH,
        }
    ]
    for number in range(organizations):
        name = names[number]
        records.append(
            {
                "type": "organization",
                "id": f"org:o{number}",
                "name": name,
                "names": [{"text": name.upper(), "language": "en", "kind": "abbreviation"}],
                "kind": rng.choice(("company", "investment_firm", "nonprofit")),
            }
        )
    for number in range(people):
        name = names[organizations + number]
        records.append(
            {
                "type": "person",
                "id": f"person:p{number}",
                "name": name,
                "names": [
                    {"text": name, "language": "en", "kind": "canonical"},
                    {"text": name.upper(), "language": "en"},
                    {"text": names[(number * 7) % count], "language": "zh-Hans", "kind": "transliteration"},
                ],
                "description": f"Person number {number} of the generated set.",
            }
        )
    number = 0
    while len(records) < count:
        start = rng.randrange(_SOURCE_LENGTH - 40)
        quote = names[number % count][:30] or "x"
        evidence = [{"source": "source:gen", "quote": quote, "start": start, "end": start + len(quote)}]
        if number % 3:
            records.append(
                {
                    "type": "departure",
                    "id": f"departure:d{number}",
                    "person": f"person:p{rng.randrange(people)}",
                    "organization": f"org:o{rng.randrange(organizations)}",
                    "title": rng.choice(_TITLES),
                    "recent_wave": rng.random() < 0.5,
                    "date": f"2024-{rng.randint(1, 12):02d}",
                    "evidence": evidence,
                }
            )
        else:
            first = rng.randrange(organizations)
            records.append(
                {
                    "type": "competition",
                    "id": f"competition:c{number}",
                    "organization": f"org:o{first}",
                    "competitor_of": f"org:o{(first + 1) % organizations}",
                    "primary": rng.random() < 0.2,
                    "evidence": evidence,
                }
            )
        number += 1
    return records[:count]
