"""kb.link reading a report as people write them: sentences around abbreviations, titles of posts left,
ranges, and figures beside a fact that are not about it."""

from __future__ import annotations

import pytest

from openai_kb import KnowledgeBase
from openai_kb.linking._text import sentence_bounds


def _sentences(text: str) -> list[str]:
    """The text cut where ``sentence_bounds`` says sentences begin (none after a final full stop)."""
    bounds = [bound for bound in sentence_bounds(text) if bound < len(text)]
    return [text[start:end] for start, end in zip([0, *bounds], [*bounds, len(text)], strict=True)]


def _found(kb: KnowledgeBase, text: str) -> list[tuple[str, str, float]]:
    return [(link.text, link.record.id, link.score) for link in kb.link(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OpenAI Inc. has raised money. It grew.", ["OpenAI Inc. has raised money.", " It grew."]),
        ("The U.S. lab said so. Then it left.", ["The U.S. lab said so.", " Then it left."]),
        ("It is based in the U.S. The company grew.", ["It is based in the U.S.", " The company grew."]),
        ("Mr. Altman spoke. Ms. Murati left.", ["Mr. Altman spoke.", " Ms. Murati left."]),
        ("It rose 6.6 percent. No. 2 is J. Smith.", ["It rose 6.6 percent.", " No. 2 is J. Smith."]),
        ("Oct. 2 (staff) - Microsoft Corp., a backer.", ["Oct. 2 (staff) - Microsoft Corp., a backer."]),
        ("它成立于2015年。它增长了！是吗？", ["它成立于2015年。", "它增长了！", "是吗？"]),
    ],
)
def test_a_full_stop_after_an_honorific_initial_or_abbreviation_ends_no_sentence(
    text: str, expected: list[str]
) -> None:
    """'Mr.', 'J.', 'No.' never end a sentence; 'Inc.', 'U.S.', 'Oct.' do only before a capital."""
    assert _sentences(text) == expected


def test_an_honorific_keeps_a_surname_in_the_sentence_of_its_figure(kb: KnowledgeBase) -> None:
    """'Mr. Altman' is read in one sentence: the surname links after the full name is given elsewhere."""
    text = "Sam Altman runs OpenAI. Mr. Altman said so."
    assert _found(kb, text) == [
        ("Sam Altman", "person:sam-altman", 100.0),
        ("OpenAI", "org:openai", 100.0),
        ("Altman", "person:sam-altman", 95.0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI has not named a new chief technology officer. Mira Murati left in September.",
        "Mira Murati left in September; OpenAI has not named a new CTO.",
        "米拉·穆拉蒂离职后，OpenAI尚未任命新的首席技术官。",
        "目前首席技术官一职空缺。米拉·穆拉蒂已离开OpenAI。",
        "The company will name a chief technology officer soon. Mira Murati has left.",
    ],
)
def test_a_title_said_of_the_post_or_a_new_holder_does_not_name_who_left_it(kb: KnowledgeBase, text: str) -> None:
    """A departure's title alone in a sentence not naming its holder, or after 'new'/新, is the post: no link."""
    titles = [link.text for link in kb.link(text) if link.record.id == "person:mira-murati"]
    assert titles == [name for name in ("Mira Murati", "米拉·穆拉蒂") if name in text]


@pytest.mark.parametrize(
    ("text", "title", "score"),
    [
        ("Chief Technology Officer Mira Murati left.", "Chief Technology Officer", 90.0),
        ("Murati, the CTO, left. Mira Murati had joined in 2018.", "CTO", 90.0),
        ("Mira Murati left in September. The former CTO had run research.", "CTO", 90.0),
        ("Mira Murati left. OpenAI CTO posts are hard to fill.", "OpenAI CTO", 100.0),
    ],
)
def test_a_title_names_its_holder_in_her_sentence_or_as_a_past_post(
    kb: KnowledgeBase, text: str, title: str, score: float
) -> None:
    """A title links to its holder named in its sentence (in full or by surname), or anywhere when it is
    written with the organization or after 'former'."""
    assert (title, "person:mira-murati", score) in _found(kb, text)


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("今年以来，联合创始人伊利亚·苏茨克维、约翰·舒尔曼先后离开。", "person:ilya-sutskever"),
        ("John Schulman, a co-founder, and Ilya Sutskever left.", "person:john-schulman"),
    ],
)
def test_a_title_two_people_held_names_the_one_written_nearest(kb: KnowledgeBase, text: str, holder: str) -> None:
    """Both co-founders named in the sentence: the title is the one beside it, decided at the title's score."""
    (link,) = [link for link in kb.link(text) if link.text in ("联合创始人", "co-founder")]
    assert (link.record.id, link.score, link.ambiguous) == (holder, 90.0, ())


@pytest.mark.parametrize(
    "text",
    [
        "Before it closed, accounts put the OpenAI round at between $6.5 billion and $7 billion.",
        "Accounts put the OpenAI round at $6.5 billion to $7 billion.",
        "Accounts put the OpenAI round at $6.5 billion-$7 billion.",
        "OpenAI本轮融资规模为65亿至70亿美元。",
    ],
)
def test_the_ends_of_a_range_are_no_disagreement(kb: KnowledgeBase, text: str) -> None:
    """Neither end of a range beside a fact is linked as differing from it: the range says no other figure."""
    assert [link.record.id for link in kb.link(text)] == ["org:openai"]


def test_an_end_of_a_range_the_knowledge_base_holds_still_links(kb: KnowledgeBase) -> None:
    """'$6.6 billion to $7 billion': the held end links to the round, the other end to nothing."""
    text = "Accounts put the OpenAI round at $6.6 billion to $7 billion."
    assert _found(kb, text) == [("OpenAI", "org:openai", 100.0), ("$6.6 billion", "round:openai-2024-10", 100.0)]


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI was valued at $86 billion in a share sale earlier this year.",
        "今年初OpenAI在一次员工股份出售中的估值约为860亿美元。",
        "OpenAI's round of $5 billion last year was smaller.",
    ],
)
def test_a_figure_far_from_every_value_held_is_another_figure_not_a_disagreement(kb: KnowledgeBase, text: str) -> None:
    """A figure more than 15% from every value a source gives for the fact beside it is not linked to it."""
    assert [link.kind for link in kb.link(text)] == ["name"]


def test_a_figure_within_15_percent_differs(kb: KnowledgeBase) -> None:
    """US$135 billion beside OpenAI's valuation is 14% under US$157 billion: a disagreement, linked and marked."""
    (link,) = [link for link in kb.link("OpenAI was valued at US$135 billion.") if link.kind == "amount"]
    assert (link.record.id, link.score, [value.text for value in link.differs]) == (
        "valuation:openai-2024-10-post-money",
        80.0,
        ["1,570 亿美元"],
    )


@pytest.mark.parametrize(
    "text", ["转型后OpenAI的估值约为1500亿美元。", "Earlier, OpenAI was valued at about $150 billion."]
)
def test_about_a_figure_is_nearer_an_exact_fact_than_a_more_than_one(kb: KnowledgeBase, text: str) -> None:
    """'About US$150 billion' links to the valuation of exactly 150, not to the one of more than 150."""
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score, link.ambiguous) == ("valuation:openai-for-profit-conversion", 100.0, ())


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("OpenAI closed its round on Wednesday. The company is now valued at $157 billion.", 100.0),
        ("OpenAI和微软。该公司估值达1570亿美元。", 100.0),
        ("Microsoft backs OpenAI. OpenAI said so. The company is valued at $157 billion.", 100.0),
        ("OpenAI closed its round on Wednesday. It is now valued at $157 billion.", 75.0),
    ],
)
def test_the_company_is_the_organization_named_most_often_before_it(kb: KnowledgeBase, text: str, score: float) -> None:
    """'The company' (该公司) is the organization named most often before it, the first named of equals: a
    figure in its sentence links as surely as beside the name; 'it' is not read, and keeps the lower score."""
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score) == ("valuation:openai-2024-10-post-money", score)


def test_a_differing_figure_beside_the_company_differs_at_the_score_of_a_named_one(kb: KnowledgeBase) -> None:
    """'The company said its valuation was $160 billion', OpenAI named first: a disagreement, scored 80 not 70."""
    text = "OpenAI grew. Microsoft and Nvidia joined Thrive Capital. The company said its valuation was $160 billion."
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score, link.ambiguous) == ("valuation:openai-2024-10-post-money", 80.0, ())


def test_the_company_before_any_organization_is_named_means_none(kb: KnowledgeBase) -> None:
    """'The company' with no organization named before it supports no fact: the figure keeps its lower score."""
    text = "The company is now valued at $157 billion. OpenAI said so on Wednesday."
    (link,) = [link for link in kb.link(text) if link.kind == "amount"]
    assert (link.record.id, link.score) == ("valuation:openai-2024-10-post-money", 75.0)


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft has put about $13 billion into OpenAI over the years.",
        "微軟過去幾年已累計投資約130億美元，並將OpenAI的模型整合進產品。",
    ],
)
def test_a_figure_over_the_round_gives_no_investor_its_part_of_it(kb: KnowledgeBase, text: str) -> None:
    """An investor's part of a round is no more than the round: US$13 billion beside Microsoft is not its part."""
    assert [link.kind for link in kb.link(text)] == ["name", "name"]


def test_a_figure_within_the_round_gives_an_investor_its_unstated_part(kb: KnowledgeBase) -> None:
    """US$1 billion beside Microsoft, whose part of the US$6.6 billion round no source gives, is that part."""
    (link,) = [link for link in kb.link("Microsoft put in $1 billion.") if link.kind == "amount"]
    assert (link.record.id, link.score, link.why) == (
        "investment:microsoft-openai-2024-10",
        80.0,
        "amount of investment:microsoft-openai-2024-10 is not stated: this figure gives it",
    )


@pytest.mark.parametrize(
    ("text", "mention", "record"),
    [
        ("Open\u00adAI raised money.", "Open\u00adAI", "org:openai"),
        ("Mi\u00adra Mu\u00adra\u00adti left.", "Mi\u00adra Mu\u00adra\u00adti", "person:mira-murati"),
        ("微\u200b软投资了。", "微\u200b软", "org:microsoft"),
    ],
)
def test_a_soft_hyphen_or_zero_width_space_inside_a_name_is_part_of_it(
    kb: KnowledgeBase, text: str, mention: str, record: str
) -> None:
    """Invisible format characters a web page leaves inside words do not split a name; the span keeps them."""
    assert _found(kb, text)[0] == (mention, record, 100.0)


@pytest.mark.parametrize(
    "text", ["Jan Leike left in May. On Jan. 5, OpenAI said more.", "Jan Leike left. In Jan 2024 it grew."]
)
def test_a_given_name_before_a_number_is_a_month(kb: KnowledgeBase, text: str) -> None:
    """'Jan. 5' and 'Jan 2024' are dates, though Jan Leike is named in full: only the full name links to him."""
    assert [link.text for link in kb.link(text) if link.record.id == "person:jan-leike"] == ["Jan Leike"]


def test_a_given_name_before_a_word_still_names_the_person(kb: KnowledgeBase) -> None:
    """'Jan said more' after 'Jan Leike': the given name names him, at the score of a part named in full."""
    assert _found(kb, "Jan Leike left. Jan said more.")[1] == ("Jan", "person:jan-leike", 95.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "其後首席研究官麥格魯及研究副總裁佐夫亦相繼離開。",
            [
                ("首席研究官", "person:bob-mcgrew"),
                ("麥格魯", "person:bob-mcgrew"),
                ("研究副總裁", "person:barret-zoph"),
                ("佐夫", "person:barret-zoph"),
            ],
        ),
        (
            "Chief research officer McGrew left too.",
            [("Chief research officer", "person:bob-mcgrew"), ("McGrew", "person:bob-mcgrew")],
        ),
    ],
)
def test_a_title_names_its_holder_written_by_a_surname_no_one_else_has(
    kb: KnowledgeBase, text: str, expected: list[tuple[str, str]]
) -> None:
    """A title beside a surname that only its holder has (Hong Kong and Taiwan reports name people so) links."""
    assert [(link.text, link.record.id) for link in kb.link(text)] == expected
