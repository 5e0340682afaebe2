"""Other wordings of names a knowledge base holds: an organization's short name, a title's other forms.

**Short names.** News names an organization without the generic words that end its name: Altimeter
for Altimeter Capital, Tiger for Tiger Global Management, Nvidia for Nvidia Corporation, 软银 for
软银集团. ``short_names`` strips such words (``GENERIC_WORDS``, ``GENERIC_HAN``; a leading ``The``
goes with them: Carlyle for The Carlyle Group) from all names at once. A short name that is itself
a generic word (``Capital`` of ``Capital Group``) is none. ``_names`` links a short name only with
support, as it does a surname.

**Titles.** A report words a post its own way: ``research vice president`` or ``research VP`` for
``Vice President of Research``, ``CRO`` or ``research chief`` for ``Chief Research Officer``, 研究長
(Taiwan) for 首席研究官. ``title_wordings`` gives the other wordings of a title by rules, never a
list of posts:

- ``VP``, ``SVP`` and ``EVP`` and ``Vice President``, ``Senior Vice President`` and ``Executive Vice
  President`` stand for each other.
- ``Chief X Officer`` is also written with its initials (``CXO``) and as ``X chief``; the four
  initials that stand for one post only (``CEO``, ``CFO``, ``COO``, ``CTO``) are also written out.
  ``CRO`` (research, revenue, risk), ``CPO`` (product, people), ``CIO`` and ``CMO`` are not: the
  initials do not say which post.
- A post of something, ``P of Y`` (``Head of the Safety Team``), is also ``Y P`` (``Safety Team
  Head``); ``P Y`` and ``Y P`` of a post written with initials (``VP Research``, ``Research VP``) are
  also ``P of Y``. The posts: ``Vice President`` and its initials, ``President``, ``Head``,
  ``Director``, ``Manager``, ``Lead``.
- In Chinese, ``首席X官`` (mainland) and ``X长`` (``X長``, Taiwan and Hong Kong) are one post:
  首席技术官 and 技术长, 首席执行官 and 执行长, 首席研究官 and 研究长. ``X`` is two characters or more,
  so a ``长`` after one character (部长, a minister) is not read as a chief officer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, repeat
from operator import ne

__all__ = ["GENERIC_HAN", "GENERIC_WORDS", "short_name", "short_names", "title_wordings"]

#: Words that end an organization's name and say only what kind of organization it is.
GENERIC_WORDS = frozenset(
    "capital ventures venture partners management group holdings holding global investments fund funds advisors "
    "inc incorporated corp corporation co company ltd limited llc llp lp plc ag sa gmbh nv "
    "technologies technology labs laboratories".split()
)
#: The same in Chinese, in both scripts (folding makes them one key; the name keeps its script).
GENERIC_HAN = frozenset("集团 集團 公司 有限 责任 責任 股份 资本 資本 控股 科技 投资 投資 基金".split())

# In ASCII letters of any case: no other letter matches one of them (``ſ``, the Kelvin sign).
_LATIN_TAIL = f"[ ,&]+(?:{'|'.join(sorted(GENERIC_WORDS, key=len, reverse=True))})\\.?"
_HAN_TAIL = f"[ \u3000]*(?:{'|'.join(sorted(GENERIC_HAN))})"
_FLAGS = re.IGNORECASE | re.ASCII | re.MULTILINE
#: A name (one a line) and its generic tail: the short name is what is left, a leading "The" dropped.
_SHORT = re.compile(f"^(?:the[ ]+)?(?P<short>[^\\n]*?[^\\s\u3000,&])(?:{_LATIN_TAIL}|{_HAN_TAIL})+[ .\u3000]*$", _FLAGS)
_GENERIC_ONLY = re.compile(f"(?:{_LATIN_TAIL}|{_HAN_TAIL})+[ .\u3000]*", _FLAGS)
#: How a name with a generic tail ends, lower-cased, trailing spaces and full stops stripped: the names
#: worth the expression.
_ENDINGS = tuple(sorted(GENERIC_WORDS | GENERIC_HAN))
_TRAILING = " .\u3000"


def short_name(name: str) -> str:
    """An organization's name without its generic tail (``Altimeter`` of ``Altimeter Capital``), or ``""``.
    A name holding a line break has none."""
    found = _SHORT.match(name) if "\n" not in name else None
    if found is None:
        return ""
    short = found["short"]
    return "" if _GENERIC_ONLY.fullmatch(" " + short) else short


def short_names(names: Sequence[str]) -> list[str]:
    """``[short_name(name) for name in names]``: the names ending with a generic word found in one pass
    of C calls, and the expression run once over them joined."""
    ending = list(map(str.endswith, map(str.lower, map(str.rstrip, names, repeat(_TRAILING))), repeat(_ENDINGS)))
    candidates = list(compress(names, ending))
    if not candidates:
        return [""] * len(names)
    joined = "\n".join(candidates)
    if joined.count("\n") != len(candidates) - 1:  # a name holds a newline: each alone
        shorts = list(map(short_name, candidates))
    else:
        stripped = _SHORT.sub(r"\g<short>", joined).split("\n")
        shorts = [
            "" if not changed or _GENERIC_ONLY.fullmatch(" " + short) else short
            for short, changed in zip(stripped, map(ne, stripped, candidates), strict=True)
        ]
    found = iter(shorts)
    return [next(found) if is_candidate else "" for is_candidate in ending]


_INITIALS = {"VP": "Vice President", "SVP": "Senior Vice President", "EVP": "Executive Vice President"}
_WRITTEN_OUT = {"CEO": "Executive", "CFO": "Financial", "COO": "Operating", "CTO": "Technology"}
_POSTS = (
    "senior vice president|executive vice president|vice president|senior vp|executive vp|vp|svp|evp|president|"
    "head|director|manager|lead"
)
_OF = re.compile(f"^(?P<post>{_POSTS}) of (?:the )?(?P<of>.+)$", re.IGNORECASE)
_INITIALS_FIRST = re.compile(r"^(?P<post>s?vp|evp) (?!of )(?P<of>.+)$", re.IGNORECASE)
_AFTER = re.compile(f"^(?P<of>.+?) (?P<post>{_POSTS})$", re.IGNORECASE)
_CHIEF = re.compile(r"^chief (?P<post>[a-z]+) officer$", re.IGNORECASE)
_HAN_CHIEF = re.compile(r"^首席(?P<post>\w{2,})官$")
_HAN_HEAD = re.compile(r"^(?P<post>\w{2,})[长長]$")


def title_wordings(title: str, language: str | None) -> list[str]:
    """Other wordings of a title, by the rules of the module's docstring, each once, the title not among them."""
    text = " ".join(title.split())
    found = _english(text) if text.isascii() else _chinese(text, traditional=language == "zh-Hant")
    wordings = dict.fromkeys(found)
    wordings.pop(text, None)
    return list(wordings)


def _english(title: str) -> list[str]:
    wordings = [title]
    for wording in wordings:  # grows as it goes: each new wording is worded again, a few at most
        for other in _english_once(wording):
            if other.lower() not in map(str.lower, wordings):
                wordings.append(other)
    return wordings[1:]


def _english_once(title: str) -> list[str]:
    found: list[str] = []
    for short, long in _INITIALS.items():
        swapped = re.sub(f"\\b{short}\\b", long, title, flags=re.IGNORECASE)
        if swapped == title:
            swapped = re.sub(f"\\b{long}\\b", short, title, flags=re.IGNORECASE)
        if swapped != title:
            found.append(swapped)
    chief = _CHIEF.match(title)
    if chief:
        found += [f"C{chief['post'][0].upper()}O", f"{chief['post']} chief"]
    if title.upper() in _WRITTEN_OUT:
        post = _WRITTEN_OUT[title.upper()]
        found += [f"Chief {post} Officer", f"{post} chief"]
    of = _OF.match(title) or _INITIALS_FIRST.match(title)
    if of:
        found.append(f"{of['of']} {of['post']}")
        if of["post"].upper() in _INITIALS and " of " not in title.lower():
            found.append(f"{of['post']} of {of['of']}")
    after = _AFTER.match(title)
    if after and after["post"].upper() in _INITIALS and " of " not in after["of"].lower():
        found.append(f"{after['post']} of {after['of']}")
    return found


def _chinese(title: str, *, traditional: bool) -> list[str]:
    chief = _HAN_CHIEF.match(title)
    if chief:
        return [f"{chief['post']}{'長' if traditional else '长'}"]
    head = _HAN_HEAD.match(title)
    if head:
        return [f"首席{head['post']}官"]
    return []
