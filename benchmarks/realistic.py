"""A deterministic corpus of realistic names: many people share a first name or a surname, many
companies share words, and Han names share the common surnames.

Beside ``benchmarks/corpus.py``'s generated names (every one made of random syllables, so a query
rarely has more than a few good matches), these are drawn from lists of real first names, surnames
and company words with a Zipf-like frequency: "John", "Smith", "Wang", 王 and 李, "Capital",
"Ventures", "AI" and 科技 come up again and again, as in a newsroom's records, and a query finds
many names scoring well. About 60% of the names are Latin and 40% Han, as in the generated corpus:

- people with a Western first name and surname (a tail of rarer surnames made from surname parts),
  some with a middle initial: ``Maria Garcia``, ``John A. Smith``, ``Laura Ashworth``;
- Chinese people in pinyin, either order: ``Wang Xiuying``, ``Wei Zhang``;
- companies of one or two distinctive words (some a surname) and one or two shared ones:
  ``Summit Capital Partners``, ``Nova AI``, ``Walker Ventures``;
- Han people, a common surname and one or two given-name characters (王伟, 张秀英), and Han
  companies (华信科技, 上海鼎盛资本); a third of the Han names in Traditional characters (張秀英).

Queries are made from it as from the generated corpus (``corpus.queries``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

from .corpus import script_variant

__all__ = ["realistic_aliases"]

_FIRST = (
    "James Mary John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
    "Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason "
    "Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel "
    "Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Patricia Jennifer Linda Elizabeth Barbara "
    "Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol "
    "Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura Cynthia Amy Kathleen Angela Shirley "
    "Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen Debra Rachel Carolyn Janet Maria "
    "Olivia Heather Mohammed Ahmed Ali Omar Fatima Aisha Carlos Juan Jose Luis Miguel Javier Ana Sofia "
    "Lucia Priya Raj Amit Anil Sanjay Sunita Deepak Hiroshi Yuki Kenji Takashi Akira Olga Ivan Dmitri "
    "Sergei Natalia Pierre Jean Marie Claire Louis Hans Klaus Lars Ingrid Sven Giulia Marco Luca Francesca "
    "Min Ji Hyun Seo Elena Isabel Diego Mateo Noah Liam Ethan Mason Logan Lucas Chloe Grace Zoe Mia Ava "
    "Sam Alex Max Ben Dan Tom Tim Kate Jane Ellen Mira Ilya Sam Greg Dario Demis Mustafa Satya Sundar Jensen"
).split()
_SURNAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Kim Patel Singh Khan Cohen Murphy Kelly "
    "Sullivan Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Rossi Russo Ferrari Esposito "
    "Bianchi Dubois Bernard Petit Durand Ivanov Smirnov Kuznetsov Popov Sato Suzuki Takahashi Tanaka "
    "Watanabe Ito Yamamoto Nakamura Park Choi Jung Kang Cho Yoon Sharma Gupta Kumar Shah Mehta Silva "
    "Santos Oliveira Souza Pereira Costa Evans Turner Collins Stewart Morris Rogers Reed Cook Morgan Bell "
    "Cooper Richardson Cox Howard Ward Peterson Gray James Watson Brooks Sanders Price Bennett Wood Barnes "
    "Ross Henderson Coleman Jenkins Perry Powell Long Patterson Hughes Washington Butler Simmons Foster "
    "Bryant Alexander Russell Griffin Hayes Myers Ford Hamilton Graham Wallace West Cole Murray Stone"
).split()
_SURNAME_STARTS = (
    "Ash Black Brad Brook Carl Cran Daven Fair Green Hart Hol Kings Lang Lind Mar Mont Nor Ost Pem Ren Ros Sand "
    "Stan Stock Thorn Wake War Wes Whit Win Berg Eck Hoff Kirch Lau Stein Wald Wein Hal Ing Nord Pen Sel"
).split()
_SURNAME_ENDS = (
    "ley ton field wood worth ford man mann son sen berg stein er ell ham by well combe ridge hurst dale ing"
).split()
_INITIALS = "ABCDEFGHJKLMNPRSTW"
_BRANDS = (
    "Apex Summit Blue North Silver Granite Horizon Vertex Pioneer Atlas Nova Bright Red Green Golden Eagle "
    "Lion Oak River Harbor Pacific Atlantic Global First United General American National Sequoia Lightspeed "
    "Andreessen Thrive Tiger Insight Accel Benchmark Greylock Khosla Index Founders Union Square Spark Lux "
    "Emerald Cedar Maple Pine Willow Falcon Hawk Orion Polaris Quantum Fusion Nexus Vector Matrix Signal "
    "Beacon Anchor Bridge Frontier Keystone Landmark Meridian Pinnacle Sterling Titan Zenith Alpine Coastal "
    "Crescent Delta Echo Iron Liberty Lotus Mosaic Omega Paragon Prism Radiant Sage Solar Stellar Trinity "
    "Vanguard Open Deep Mistral Anthropic Cohere Scale Stability Inflection Character Perplexity Hugging "
    "Silicon Valley Boston London Tokyo Berlin Paris Austin Seattle Hudson Charles Bay Lake Rock Stone"
).split()
_SHARED = (
    "Capital Ventures AI Labs Partners Technologies Holdings Group Systems Bank Energy Media Robotics Health "
    "Therapeutics Software Networks Investments Management Fund Research Solutions Global International "
    "Inc Corporation Dynamics Analytics Security Cloud Data"
).split()
# (surname, pinyin) in about the order of their frequency
_HAN_SURNAMES = tuple(
    pair.split(":")
    for pair in (
        "王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou 徐:Xu 孙:Sun 马:Ma 朱:Zhu "
        "胡:Hu 郭:Guo 何:He 高:Gao 林:Lin 罗:Luo 郑:Zheng 梁:Liang 谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng "
        "邓:Deng 曹:Cao 彭:Peng 曾:Zeng 肖:Xiao 田:Tian 董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai 余:Yu "
        "杜:Du 叶:Ye 程:Cheng 苏:Su 魏:Wei 吕:Lu 丁:Ding 任:Ren 沈:Shen 姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong "
        "谭:Tan 陆:Lu 汪:Wang 范:Fan 金:Jin 石:Shi 廖:Liao 贾:Jia 夏:Xia 韦:Wei 付:Fu 方:Fang 白:Bai 邹:Zou "
        "孟:Meng 熊:Xiong 秦:Qin 邱:Qiu 江:Jiang 尹:Yin 薛:Xue 闫:Yan 段:Duan 雷:Lei 侯:Hou 龙:Long 史:Shi "
        "陶:Tao 黎:Li 贺:He 顾:Gu 毛:Mao 郝:Hao 龚:Gong 邵:Shao 万:Wan 钱:Qian 严:Yan 武:Wu 戴:Dai 莫:Mo "
        "孔:Kong 向:Xiang 汤:Tang"
    ).split()
)
_HAN_GIVEN = tuple(
    pair.split(":")
    for pair in (
        "伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie 娟:juan "
        "涛:tao 明:ming 超:chao 秀:xiu 英:ying 兰:lan 霞:xia 平:ping 刚:gang 桂:gui 华:hua 建:jian 国:guo "
        "志:zhi 红:hong 飞:fei 鹏:peng 辉:hui 玲:ling 晨:chen 宇:yu 浩:hao 然:ran 子:zi 轩:xuan 梓:zi 涵:han "
        "欣:xin 怡:yi 思:si 雨:yu 佳:jia 琪:qi 嘉:jia 文:wen 博:bo 天:tian 佑:you 瑞:rui 泽:ze 海:hai 林:lin "
        "峰:feng 斌:bin 波:bo 婷:ting 雪:xue 慧:hui 琳:lin 颖:ying 鑫:xin 晓:xiao 东:dong 亮:liang 成:cheng "
        "春:chun 凤:feng 梅:mei 燕:yan 玉:yu 萍:ping 俊:jun 毅:yi 昊:hao 晗:han 一:yi 诺:nuo 若:ruo 安:an "
        "心:xin 睿:rui 铭:ming 彤:tong 悦:yue 阳:yang 帆:fan 凯:kai 龙:long 德:de 荣:rong 健:jian 永:yong "
        "立:li 新:xin 振:zhen 光:guang 金:jin 宁:ning 丹:dan 秋:qiu 月:yue"
    ).split()
)
_HAN_BRANDS = tuple("华腾阿百京新中天金海星云智创联信达安恒泰盛宏鼎远源通锐博光明长和元启蓝鸿瑞")
_HAN_SHARED = "科技 资本 投资 集团 网络 传媒 智能 控股 基金 人工智能 银行 能源 实验室 软件 数据".split()
_HAN_PLACES = "北京 上海 深圳 杭州 香港 广州 南京 成都".split()


@cache
def _weights(size: int, exponent: float) -> list[float]:
    """Cumulative Zipf-like weights of ``size`` ranks: rank r is drawn in proportion to 1 / r**exponent."""
    return list(accumulate(1 / rank**exponent for rank in range(1, size + 1)))


def _pick(rng: random.Random, items: Sequence[str], exponent: float = 1.0) -> str:
    return rng.choices(items, cum_weights=_weights(len(items), exponent))[0]


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.3:  # the long tail of rarer surnames
        return rng.choice(_SURNAME_STARTS) + rng.choice(_SURNAME_ENDS)
    return _pick(rng, _SURNAMES, 0.9)


def _person(rng: random.Random) -> str:
    first = _pick(rng, _FIRST, 0.9)
    if rng.random() < 0.1:
        return f"{first} {rng.choice(_INITIALS)}. {_surname(rng)}"
    return f"{first} {_surname(rng)}"


def _han_pair(rng: random.Random) -> tuple[str, str, str]:
    """A Han surname, given name, and the given name in pinyin."""
    surname = _HAN_SURNAMES[rng.choices(range(len(_HAN_SURNAMES)), cum_weights=_weights(len(_HAN_SURNAMES), 0.7))[0]]
    chars = [_HAN_GIVEN[rng.choices(range(len(_HAN_GIVEN)), cum_weights=_weights(len(_HAN_GIVEN), 0.8))[0]]]
    if rng.random() < 0.6:
        chars.append(rng.choice(_HAN_GIVEN))
    given = "".join(han for han, _ in chars)
    return surname[0], given, surname[1] + " " + "".join(latin for _, latin in chars).capitalize()


def _pinyin_person(rng: random.Random) -> str:
    _, _, pinyin = _han_pair(rng)
    surname, given = pinyin.split(" ")
    return f"{given} {surname}" if rng.random() < 0.4 else pinyin


def _company(rng: random.Random) -> str:
    words = [_surname(rng) if rng.random() < 0.2 else _pick(rng, _BRANDS, 0.8)]
    if rng.random() < 0.25:
        words.append(_pick(rng, _BRANDS, 0.8))
    words.append(_pick(rng, _SHARED, 1.0))
    if rng.random() < 0.2:
        words.append(_pick(rng, _SHARED, 1.0))
    return " ".join(dict.fromkeys(words))


def _han(rng: random.Random) -> str:
    if rng.random() < 0.2:
        name = "".join(rng.choice(_HAN_BRANDS) for _ in range(2)) + _pick(rng, _HAN_SHARED, 1.0)
        if rng.random() < 0.3:
            name = _pick(rng, _HAN_PLACES, 1.0) + name
    else:
        surname, given, _ = _han_pair(rng)
        name = surname + given
    return script_variant(name) if rng.random() < 0.33 else name


def realistic_aliases(count: int, seed: int = 20241014) -> list[str]:
    """``count`` realistic aliases, the same for the same arguments."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.40:
            made.append(_person(rng))
        elif roll < 0.48:
            made.append(_pinyin_person(rng))
        elif roll < 0.60:
            made.append(_company(rng))
        else:
            made.append(_han(rng))
    return made
