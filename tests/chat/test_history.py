"""'When did the Assembly first …', 'has the paragraph on … always been there', and the
difference said in words between two years: over the bundled series 58/59 (2003) … 72/50
(2017), in English and Chinese, every citation verbatim; honest refusals. The expectations
were read off the texts (corpus/data), and each test checks them against the store again."""

from __future__ import annotations

import re

import pytest

from chat.answer import Answer
from chat.extractive import NOT_ANSWERED, difference
from chat.service import ChatService
from series.model import Catalog, Series


@pytest.fixture
def chat(chat_with_series: ChatService) -> ChatService:
    return chat_with_series


def cited(chat: ChatService, a: Answer) -> list[tuple[str, str, str]]:
    """The answer's citations, each checked verbatim against the store and quoted in full."""
    for c in a.citations:
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]
        assert c.quote in a.text
    return [(c.symbol, str(c.pid), c.lang) for c in a.citations]


def holding(chat: ChatService, words: str) -> list[str]:
    """The members whose English text holds `words` somewhere (what the answer must say)."""
    return [
        r.symbol
        for r in chat.store.resolutions()
        if any(words in p.text.get("en", "") for p in r.paragraphs)
    ]


SERIES = [
    "A/RES/58/59",
    "A/RES/59/76",
    "A/RES/60/65",
    "A/RES/61/74",
    "A/RES/62/37",
    "A/RES/63/73",
    "A/RES/65/72",
    "A/RES/66/45",
    "A/RES/67/59",
    "A/RES/68/51",
    "A/RES/69/52",
    "A/RES/71/49",
    "A/RES/72/50",
]


# -- first mention
def test_first_mention_names_the_earliest_member_and_the_earlier_without(chat: ChatService) -> None:
    a = chat.ask(
        "When did the General Assembly first mention the catastrophic humanitarian "
        "consequences of nuclear weapons?"
    ).answer
    assert a.grounded and cited(chat, a) == [("A/RES/65/72", "PP4", "en")]
    assert a.text.startswith(
        "First in A/RES/65/72 (2010): A/RES/65/72, fourth preambular paragraph: “Expressing "
        "deep concern at the catastrophic humanitarian consequences of any use of nuclear weapons"
    )
    assert a.text.endswith(
        "The earlier members of the series held, from A/RES/58/59 (2003), do not have it."
    )
    # 68/51's "Recognizing that the catastrophic humanitarian consequences …" is the search's
    # best paragraph; 65/72 said it first, in another paragraph.
    assert holding(chat, "catastrophic humanitarian consequences")[0] == "A/RES/65/72"


def test_first_mention_of_a_recent_paragraph(chat: ChatService) -> None:
    a = chat.ask(
        "When did the Assembly first mention the visits of political leaders to Hiroshima "
        "and Nagasaki?"
    ).answer
    assert cited(chat, a) == [("A/RES/71/49", "PP17", "en")]
    assert a.text.startswith("First in A/RES/71/49 (2016): A/RES/71/49, seventeenth preambular")
    assert holding(chat, "visits of political leaders") == ["A/RES/71/49", "A/RES/72/50"]


def test_first_mention_nuclear_terrorism(chat: ChatService) -> None:
    a = chat.ask("When did the Assembly first mention nuclear terrorism?").answer
    assert cited(chat, a) == [("A/RES/59/76", "PP6", "en")]
    assert a.text.startswith(
        "First in A/RES/59/76 (2004): A/RES/59/76, sixth preambular paragraph: “Convinced that "
        "every effort should be made to avoid nuclear war and nuclear terrorism,”"
    )
    assert "A/RES/58/59" not in holding(chat, "terrorism")


def test_first_mention_in_the_earliest_held_refuses_the_claim(chat: ChatService) -> None:
    a = chat.ask(
        "When did the Assembly first call for the early entry into force of the "
        "Comprehensive Nuclear-Test-Ban Treaty?"
    ).answer
    assert cited(chat, a) == [("A/RES/58/59", "OP3(a)", "en")]
    assert a.text.startswith(
        "The earliest resolution held of this series, A/RES/58/59 (2003), already has it:"
    )
    assert a.text.endswith(
        "The series held starts there, so an earlier mention cannot be ruled out."
    )
    assert "First in" not in a.text


def test_first_mention_in_chinese(chat: ChatService) -> None:
    a = chat.ask("大会何时首次提到核武器的灾难性人道主义后果？").answer
    # 65/72 is held in English only: its paragraph is quoted in English.
    assert cited(chat, a) == [("A/RES/65/72", "PP4", "en")]
    assert a.text.startswith("首次出现在第65/72号决议（2010年）：第65/72号决议序言部分第4段：“")
    assert a.text.endswith("所收录的该系列更早的决议（自2003年第58/59号决议起）中没有这一内容。")


# -- always there
def test_always_there_yes(chat: ChatService) -> None:
    a = chat.ask(
        "Has the paragraph on International Atomic Energy Agency safeguards always been there?"
    ).answer
    assert cited(chat, a) == [("A/RES/58/59", "OP11", "en"), ("A/RES/72/50", "OP28", "en")]
    assert a.text.startswith(
        "Yes: all 13 resolutions of the series held, from A/RES/58/59 (2003) to A/RES/72/50 "
        "(2017), have it."
    )
    for r in chat.store.resolutions():
        assert any(
            "International Atomic Energy Agency" in p.text["en"] and "safeguards" in p.text["en"]
            for p in r.paragraphs
        )


def test_always_there_no_names_the_first_and_the_members_without(chat: ChatService) -> None:
    a = chat.ask("Has the paragraph on nuclear-weapon-free zones always been there?").answer
    assert cited(chat, a) == [("A/RES/65/72", "OP13", "en"), ("A/RES/72/50", "OP16", "en")]
    assert a.text.startswith(
        "No: it is first in A/RES/65/72 (2010); of the series held, from A/RES/58/59 (2003) to "
        "A/RES/72/50 (2017), these do not have it: A/RES/58/59 (2003), A/RES/59/76 (2004), "
        "A/RES/60/65 (2005), A/RES/61/74 (2006), A/RES/62/37 (2007), A/RES/63/73 (2008)."
    )
    assert holding(chat, "further nuclear-weapon-free zones") == SERIES[6:]


def test_always_there_in_chinese(chat: ChatService) -> None:
    a = chat.ask("关于核恐怖主义的段落一直都有吗？").answer
    assert cited(chat, a) == [("A/RES/59/76", "PP6", "en"), ("A/RES/67/59", "PP4", "en")]
    assert a.text.startswith(
        "不是：该段落首次出现在第59/76号决议（2004年）；所收录的该系列决议（自2003年第58/59号决议"
        "至2017年第72/50号决议）中，第58/59号决议（2003年）、第68/51号决议（2013年）、"
        "第69/52号决议（2014年）、第71/49号决议（2016年）、第72/50号决议（2017年）没有这一段落。"
    )
    # The paragraph "avoid nuclear war and nuclear terrorism" ran from 59/76 to 67/59; 68/51
    # reworded it (keeping 92% of its words, not these).
    assert holding(chat, "avoid nuclear war and nuclear terrorism") == SERIES[1:9]


# -- refusals
def test_a_topic_the_corpus_does_not_speak_to(chat: ChatService) -> None:
    a = chat.ask("When did the Assembly first call for action on climate change?").answer
    assert not a.grounded and not a.citations and a.text == NOT_ANSWERED[0]


def test_no_series_held_for_the_topic(chat: ChatService, monkeypatch: pytest.MonkeyPatch) -> None:
    assert chat.series is not None
    alone = Catalog(0, tuple(Series(s, (s,)) for s in SERIES), ())  # each its own series
    monkeypatch.setattr(chat.series, "catalog", lambda: alone)
    a = chat.ask("Has the paragraph on nuclear-weapon-free zones always been there?").answer
    assert not a.grounded and not a.citations
    assert re.fullmatch(
        r"Only A/RES/\d\d/\d\d \(\d{4}\) of its series is held, so when this first appeared "
        r"or whether it was always there cannot be said\.",
        a.text,
    )
    zh = chat.ask("大会何时首次提到核武器的灾难性人道主义后果？").answer
    assert not zh.grounded and zh.text.startswith("所收录的该系列决议只有第")


# -- the difference between two years, in words
def test_comparison_between_two_years_says_the_verb_that_changed(chat: ChatService) -> None:
    a = chat.ask(
        "How did the paragraph on regular meetings of the nuclear-weapon States change "
        "between 2014 and 2016?"
    ).answer
    assert cited(chat, a) == [("A/RES/69/52", "OP8", "en"), ("A/RES/71/49", "OP12", "en")]
    assert re.search(
        r"From 2014 to 2016: ‘Welcomes’ became ‘Encourages’; \d+ words added, \d+ removed\.$",
        a.text,
    )


def test_comparison_in_chinese_says_the_verb_that_changed(chat: ChatService) -> None:
    a = chat.ask("比较2007年和2011年决议中关于裂变材料禁产条约的段落").answer
    assert cited(chat, a) == [("A/RES/62/37", "OP11", "zh"), ("A/RES/66/45", "OP9", "zh")]
    assert re.search(
        r"2007年至2011年的变化：“强调”改为“再次呼吁”；新增\d+字词，删除\d+字词。$", a.text
    )


def test_comparison_of_years_the_series_does_not_reach(chat: ChatService) -> None:
    a = chat.ask(
        "How did the paragraph on nuclear-weapon-free zones change between 2009 and 2011?"
    ).answer
    assert not a.grounded and not a.citations
    assert a.text == (
        "The series held for this, A/RES/58/59 (2003) to A/RES/72/50 (2017), has no "
        "resolution adopted in 2009, so the change cannot be said."
    )
    zh = chat.ask("比较2009年和2011年决议中关于裂变材料禁产条约的段落").answer
    assert zh.text == (
        "所收录的该系列决议（2003年第58/59号决议至2017年第72/50号决议）中没有2009年通过的决议，"
        "无法说明其变化。"
    )
    none = chat.ask(
        "How did the paragraph on nuclear-weapon-free zones change between 2018 and 2021?"
    )
    assert none.answer.text == "The corpus holds no resolution adopted in 2018, 2021."


def test_difference_in_words() -> None:
    said = difference(
        "Encourages all States to exert efforts, in good faith",
        "Urges all States to exert their utmost efforts",
        "2016",
        "2017",
        "en",
    )
    assert said == "From 2016 to 2017: ‘Encourages’ became ‘Urges’; 3 words added, 4 removed."
    assert difference("Same text.", "Same text.", "2016", "2017", "en") == (
        "From 2016 to 2017: the same words."
    )


def test_a_named_treaty_is_met_only_by_its_name(chat: ChatService) -> None:
    """The series held (to 2017) never names the Treaty on the Prohibition of Nuclear
    Weapons; paragraphs holding its words apart (the NPT's "Treaty on the Non-Proliferation
    of Nuclear Weapons" beside a "prohibition") must not be cited as its first mention."""
    a = chat.ask(
        "When did the Assembly first mention the Treaty on the Prohibition of Nuclear Weapons?"
    ).answer
    assert not a.grounded and not a.citations


def test_a_name_is_read_as_the_question_writes_it(chat: ChatService) -> None:
    # The cue words go ("when", "first", "on", "the"), but the name keeps its "on": the
    # paragraph holds "Conference on Disarmament", not "Conference Disarmament".
    a = chat.ask(
        "When did the resolutions first refer to the plenary meeting of the General Assembly "
        "that followed up on the high-level meeting on revitalizing the work of the "
        "Conference on Disarmament?"
    ).answer
    assert a.grounded and cited(chat, a)[0][0] == "A/RES/66/45"
    assert "Conference on Disarmament" in a.citations[0].quote
