"""Deterministic generated corpora of aliases (Latin and Han names) and queries against them.

Names are built from syllables and common characters with a seeded generator, so every run of a
benchmark or a test sees the same corpus. About 60% of the aliases are Latin (people and
companies: "Kabe Lomi", "Tosuna Capital"), 40% Han (2-4 characters, a third of them written in
Traditional characters). Queries are aliases with the slips people make: a typo, a dropped or
doubled letter, a swapped pair, a changed case, one word of several, the other Chinese script.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

__all__ = ["Query", "aliases", "queries", "script_variant"]

_SYLLABLES = (
    "ba be bi bo bu ca ce ci co da de di do du fa fe fi ga ge go ha he hi ja jo ka ke ki ko la le li lo "
    "lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi "
    "wa we xi ya yo za ze zo an en in on ar er or al el il"
).split()
_COMPANY_WORDS = "Capital Labs Systems Holdings Ventures Partners Robotics Foods Energy Media Bank Group AI".split()
# common characters of Chinese names and of transliterations
_HAN = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红飞鹏辉玲晨宇浩然子轩梓涵欣怡思雨佳琪嘉文博天佑瑞泽"
    "米拉穆蒂斯克维尔舒曼奥特扬莱约翰伊利亚萨姆鲍勃麦格鲁巴雷佐夫安东尼达森罗伯卡洛琳娅德"
)


@dataclass(frozen=True, slots=True)
class Query:
    """A query, the alias it was made from, and how it was made."""

    text: str
    target: int  # index of the intended alias
    kind: str  # exact, case, typo, partial, script


@cache
def _to_traditional() -> dict[str, str]:
    from openai_kb.search.normalize import t2s_pairs

    inverse: dict[str, str] = {}
    for traditional, simplified in sorted(t2s_pairs()):
        inverse.setdefault(simplified, traditional)
    return inverse


def script_variant(text: str) -> str:
    """The text with every character that has a Traditional form written in it."""
    table = _to_traditional()
    return "".join(table.get(ch, ch) for ch in text)


def _latin(rng: random.Random) -> str:
    words = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(rng.randint(2, 3))
    ]
    if rng.random() < 0.25:
        words[-1] = rng.choice(_COMPANY_WORDS)
    return " ".join(words)


def _han(rng: random.Random) -> str:
    name = "".join(rng.choice(_HAN) for _ in range(rng.randint(2, 4)))
    return script_variant(name) if rng.random() < 0.33 else name


def aliases(count: int, seed: int = 20241014) -> list[str]:
    """``count`` generated aliases, the same for the same arguments."""
    rng = random.Random(seed)
    return [_latin(rng) if rng.random() < 0.6 else _han(rng) for _ in range(count)]


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    slip = rng.choice(("replace", "drop", "double", "swap"))
    if slip == "replace":
        return text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
    if slip == "drop" and len(text) > 3:
        return text[:i] + text[i + 1 :]
    if slip == "swap" and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i] + text[i:]


def queries(corpus: list[str], count: int, seed: int = 7) -> list[Query]:
    """``count`` queries against ``corpus``, each made from one of its aliases."""
    rng = random.Random(seed)
    made: list[Query] = []
    while len(made) < count:
        target = rng.randrange(len(corpus))
        alias = corpus[target]
        latin = alias.isascii()
        kind = rng.choice(("exact", "case", "typo", "typo", "partial") if latin else ("exact", "script", "script"))
        if kind == "case":
            text = alias.upper()
        elif kind == "typo":
            text = _typo(rng, alias)
        elif kind == "partial" and " " in alias:
            text = rng.choice(alias.split())
        elif kind == "script":
            flipped = script_variant(alias)
            if flipped == alias:  # written in Traditional already, or no character differs
                from openai_kb.search.normalize import to_simplified

                flipped = to_simplified(alias)
            if flipped == alias:
                continue
            text = flipped
        else:
            kind, text = "exact", alias
        made.append(Query(text, target, kind))
    return made
