"""kb.link of organizations' short names and of titles worded otherwise than the records hold them."""

from __future__ import annotations

import pytest

import openai_kb
from openai_kb import KnowledgeBase, Links

_ORGANIZATIONS = [
    {"type": "organization", "id": "org:altimeter", "name": "Altimeter Capital"},
    {"type": "organization", "id": "org:tiger", "name": "Tiger Global Management"},
    {"type": "organization", "id": "org:softbank", "name": "SoftBank Group",
     "names": [{"text": "软银集团", "language": "zh-Hans", "kind": "alias"}]},
    {"type": "organization", "id": "org:thrive", "name": "Thrive Capital",
     "names": [{"text": "兴盛资本", "language": "zh-Hans", "kind": "translation"}]},
    {"type": "organization", "id": "org:summit-partners", "name": "Summit Partners"},
    {"type": "organization", "id": "org:summit-capital", "name": "Summit Capital"},
    {"type": "organization", "id": "org:khosla", "name": "Khosla Ventures"},
    {"type": "person", "id": "person:vinod", "name": "Vinod Khosla"},
]  # fmt: skip


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_records(_ORGANIZATIONS)


def _found(links: Links) -> list[tuple[str, str, float]]:
    """Each link as (mention, record id, score), checking its offsets on the way."""
    for link in links:
        assert links.text[link.start : link.end] == link.text
    return [(link.text, link.record.id, link.score) for link in links]


_SHORT = {
    "alone, capitalized, in mid-sentence": (
        "The round drew Altimeter and two others.", [("Altimeter", "org:altimeter", 80.0)]),
    "alone, in capitals": ("Investors include ALTIMETER.", [("ALTIMETER", "org:altimeter", 80.0)]),
    "alone, first in its sentence: the capital says nothing": ("Altimeter led the round.", []),
    "in lower case: a word": ("Pilots read the altimeter often.", []),
    "beside another capitalized word: another name": ("Shoppers like Thrive Market.", []),
    "named in full in the text": (
        "Tiger Global Management invested. Later, Tiger said so.",
        [("Tiger Global Management", "org:tiger", 100.0), ("Tiger", "org:tiger", 95.0)]),
    "in lower case though named in full: a word": (
        "Thrive Capital led. Startups thrive on cash; Thrive agreed.",
        [("Thrive Capital", "org:thrive", 100.0), ("Thrive", "org:thrive", 95.0)]),
    "shared by two organizations, alone": ("Later, Summit wrote a cheque.", []),
    "shared by two organizations, one named in full": (
        "Summit Partners invested, and Summit said more.",
        [("Summit Partners", "org:summit-partners", 100.0), ("Summit", "org:summit-partners", 95.0)]),
    "an organization's short name and a person's surname, alone": ("Investors such as Khosla joined.", []),
    "the organization named in full": (
        "Khosla Ventures joined; later Khosla said so.",
        [("Khosla Ventures", "org:khosla", 100.0), ("Khosla", "org:khosla", 95.0)]),
    "the person named in full": (
        "Vinod Khosla spoke; later Khosla said so.",
        [("Vinod Khosla", "person:vinod", 100.0), ("Khosla", "person:vinod", 95.0)]),
    "in Han, named in full": (
        "软银集团领投。软银表示看好。", [("软银集团", "org:softbank", 100.0), ("软银", "org:softbank", 95.0)]),
    "in Han, alone: below the default min_score": ("软银表示看好。", [("软银", "org:softbank", 60.0)]),
    "in Han, of a translation: a word": ("兴盛资本领投，行业兴盛。", [("兴盛资本", "org:thrive", 100.0)]),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), _SHORT.values(), ids=list(_SHORT))
def test_short_names_link_with_support(kb: KnowledgeBase, text: str, expected: list[tuple[str, str, float]]) -> None:
    """An organization's short name links when it is named in full in the text, or when no other record has
    it and it is written as a name; never as a word in lower case or beside another capitalized word."""
    assert _found(kb.link(text, min_score=0)) == expected


def test_a_short_name_says_why(kb: KnowledgeBase) -> None:
    """The link of a short name says what it is of and why it stands alone; one below min_score is left out."""
    (link,) = kb.link("The round drew Altimeter and two others.")
    assert link.why == "short name 'Altimeter' (en) of org:altimeter: no one else in the knowledge base has it"
    assert list(kb.link("软银表示看好。")) == []


_TITLES = {
    "X of Y as Y X": ("Bob McGrew and research vice president Barret Zoph left.",
                      [("Bob McGrew", "person:bob-mcgrew", 100.0),
                       ("research vice president", "person:barret-zoph", 90.0),
                       ("Barret Zoph", "person:barret-zoph", 100.0)]),
    "initials after the field": ("Barret Zoph, a research VP, resigned.",
                                 [("Barret Zoph", "person:barret-zoph", 100.0),
                                  ("research VP", "person:barret-zoph", 90.0)]),
    "with the organization": ("OpenAI research VP Barret Zoph resigned.",
                              [("OpenAI research VP", "person:barret-zoph", 100.0),
                               ("Barret Zoph", "person:barret-zoph", 100.0)]),
    "X chief": ("Technology chief Mira Murati left.",
                [("Technology chief", "person:mira-murati", 90.0), ("Mira Murati", "person:mira-murati", 100.0)]),
    "a new holder's post": ("A new research VP will join. Zoph left.", [("Zoph", "person:barret-zoph", 80.0)]),
    "Taiwan's X長 of 首席X官": ("研究長鮑勃·麥格魯離職。",
                              [("研究長", "person:bob-mcgrew", 90.0), ("鮑勃·麥格魯", "person:bob-mcgrew", 100.0)]),
    "长 of a word of long": ("麦格鲁说团队研究长期记忆。", [("麦格鲁", "person:bob-mcgrew", 80.0)]),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), _TITLES.values(), ids=list(_TITLES))
def test_titles_worded_otherwise(text: str, expected: list[tuple[str, str, float]]) -> None:
    """A title worded otherwise than the records hold it names its holder under the rules a title's own wording does."""
    assert _found(openai_kb.load().link(text)) == expected


def test_a_title_worded_otherwise_says_its_wording() -> None:
    """The link of another wording of a title says which title the records hold."""
    links = openai_kb.load().link("Barret Zoph, a research VP, resigned.")
    assert links[1].why == (
        "title 'Research VP' (en), a wording of 'Vice President of Research', of person:barret-zoph "
        "(departure:barret-zoph)"
    )


def test_a_surname_an_organization_shares_still_names_a_title_holder() -> None:
    """A surname that is also an organization's short name names the person beside a title when the text names
    her in full, and the organization when the text names it in full."""
    kb = KnowledgeBase.from_records([
        {"type": "source", "id": "source:s", "title": "A note", "language": "en"},
        {"type": "organization", "id": "org:khosla", "name": "Khosla Ventures"},
        {"type": "organization", "id": "org:acme", "name": "Acme"},
        {"type": "person", "id": "person:vinod", "name": "Vinod Khosla"},
        {"type": "departure", "id": "departure:vinod", "person": "person:vinod", "organization": "org:acme",
         "title": "Chief Science Officer", "evidence": [{"source": "source:s", "quote": "A", "start": 0, "end": 1}]},
    ])  # fmt: skip
    assert _found(kb.link("Vinod Khosla left Acme. The science chief Khosla said so.")) == [
        ("Vinod Khosla", "person:vinod", 100.0),
        ("Acme", "org:acme", 100.0),
        ("science chief", "person:vinod", 90.0),
        ("Khosla", "person:vinod", 95.0),
    ]
    assert _found(kb.link("Khosla Ventures invested. The science chief Khosla said so.")) == [
        ("Khosla Ventures", "org:khosla", 100.0),
        ("Khosla", "org:khosla", 95.0),
    ]
