"""Query understanding: the references a question names, and what is left to search for.

Each table row is one way diplomats and researchers write a question; the ambiguous choices
are documented in the docstrings of the understanding package's modules.
"""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.ids import ParagraphId, normalize_symbol
from understanding import Understood, understand

S6645, S6237, S5976, S6730 = "A/RES/66/45", "A/RES/62/37", "A/RES/59/76", "A/RES/67/30"

# question -> symbols, years, paragraph (as "OP3(b)" or None), lang, is_lookup
CASES: list[tuple[str, tuple[str, ...], tuple[int, ...], str | None, str, bool]] = [
    # --- symbols, English ---
    ("What does 66/45 say about the NPT?", (S6645,), (), None, "en", False),
    ("What does resolution 62/37 say on the CTBT?", (S6237,), (), None, "en", False),
    ("Show me operative paragraph 4 of A/RES/66/45", (S6645,), (), "OP4", "en", True),
    ("a/res/66/45 op9", (S6645,), (), "OP9", "en", True),
    ("OP 9 of 62/37?", (S6237,), (), "OP9", "en", True),
    ("What does A/RES/66/45 say?", (S6645,), (), None, "en", True),
    ("Compare 66/45 and A/RES/67/30 on the Middle East", (S6645, S6730), (), None, "en", False),
    ("Is 66/45 the same as resolution 66/45?", (S6645,), (), None, "en", False),
    ("What does 50/245 say about the CTBT?", ("A/RES/50/245",), (), None, "en", False),
    ("What does General Assembly resolution 24/7 say?", ("A/RES/24/7",), (), None, "en", True),
    # --- not GA symbols ---
    (
        "Which paragraph of 59/76 welcomes IAEA General Conference resolution GC(48)/RES/14?",
        (S5976,),
        (),
        None,
        "en",
        False,
    ),
    (
        "Which resolution recalls Security Council resolution 1540 (2004)?",
        (),
        (),
        None,
        "en",
        False,
    ),
    (
        "Which resolution condemns the test in breach of resolution 1718(2006)?",
        (),
        (),
        None,
        "en",
        False,
    ),
    ("Which paragraph refers to the report A/57/124?", (), (), None, "en", False),
    ("Does 66/45 cite the Final Document NPT/CONF.2000/28?", (S6645,), (), None, "en", False),
    ("Which resolution takes note of CD/1674?", (), (), None, "en", False),
    ("Which resolution notes draft A/C.1/66/L.40?", (), (), None, "en", False),
    ("What does A/RES/ES-10/19 say about the wall?", (), (), None, "en", False),
    (
        "Which resolution recalls the treaty opened for signature as A/50/245?",
        (),
        (),
        None,
        "en",
        False,
    ),
    ("Is there 24/7 monitoring with a 2/3 majority?", (), (), None, "en", False),
    ("What was decided on 31/12/2011 and 2011/12?", (), (), None, "en", False),
    # --- symbols, Chinese ---
    ("第66/45号决议第8段", (S6645,), (), "OP8", "zh", True),
    ("62/37号决议第12段", (S6237,), (), "OP12", "zh", True),
    (
        "66/45号决议中关于五个核武器国家在巴黎举行后续会议的内容在哪一段？",
        (S6645,),
        (),
        None,
        "zh",
        False,
    ),
    ("A/RES/66/45号决议执行部分第13段是什么？", (S6645,), (), "OP13", "zh", True),
    ("在第62/37号决议中，序言部分第3段说了什么？", (S6237,), (), "PP3", "zh", True),
    ("A/RES/66/45号的第6段", (S6645,), (), "OP6", "zh", True),
    ("71/49号决议谴责朝鲜核试验的是哪一段？", ("A/RES/71/49",), (), None, "zh", False),
    ("安全理事会第1540(2004)号决议在哪项大会决议中被提及？", (), (), None, "zh", False),
    # --- years ---
    (
        "Which paragraph of the 2007 resolution calls for a fissile material treaty?",
        (),
        (2007,),
        None,
        "en",
        False,
    ),
    (
        "What did the General Assembly decide in 2011 about nuclear-weapon-free zones?",
        (),
        (2011,),
        None,
        "en",
        False,
    ),
    ("Which resolution adopted in 2007 mentions the CTBT?", (), (2007,), None, "en", False),
    ("Which 2007 disarmament resolution mentions de-alerting?", (), (2007,), None, "en", False),
    (
        "Which resolution adopted on 2 December 2011 concerns the CTBT?",
        (),
        (2011,),
        None,
        "en",
        False,
    ),
    ("In 2011, what did the Assembly say about Paris?", (), (2011,), None, "en", False),
    ("What did the 2010 Review Conference agree on the Middle East?", (), (), None, "en", False),
    ("Which resolution welcomes the 13 practical steps agreed in 2000?", (), (), None, "en", False),
    ("Which resolution recalls the Review Conference in 2010?", (), (), None, "en", False),
    ("Which resolution notes the Conference held in 2010 in New York?", (), (), None, "en", False),
    ("What has been done since 2000 and what is planned by 2020?", (), (), None, "en", False),
    ("What did resolutions say in 1900 or in 2150?", (), (), None, "en", False),
    ("What did resolution 66/45 of 2011 say?", (S6645,), (2011,), None, "en", True),
    ("66/45 (2011), OP 3", (S6645,), (2011,), "OP3", "en", True),
    ("Which resolutions in 2010 and 2011 mention the CTBT?", (), (2010, 2011), None, "en", False),
    (
        "Compare the 2009, 2010 or 2011 resolutions on the CTBT",
        (),
        (2009, 2010, 2011),
        None,
        "en",
        False,
    ),
    ("Which resolutions between 2005-2010 mention the CTBT?", (), (), None, "en", False),
    ("2011年的决议如何提到中东无核武器区？", (), (2011,), None, "zh", False),
    ("2011年12月2日通过的决议", (), (2011,), None, "zh", False),
    ("2007年关于核裁军的决议是哪一项？", (), (2007,), None, "zh", False),
    ("2007年大会通过的决议呼吁什么？", (), (2007,), None, "zh", False),
    ("哪项决议欢迎2010年审议大会的行动计划？", (), (), None, "zh", False),
    ("哪项决议提到2000年商定的13个实际步骤？", (), (), None, "zh", False),
    # --- paragraphs, English ---
    ("OP9", (), (), "OP9", "en", True),
    ("What does op 9 say?", (), (), "OP9", "en", True),
    ("operative paragraph 9 of 62/37", (S6237,), (), "OP9", "en", True),
    ("operative para. 9 of 62/37", (S6237,), (), "OP9", "en", True),
    ("op. 9 of 62/37", (S6237,), (), "OP9", "en", True),
    ("paragraph 3 (b) of 59/76", (S5976,), (), "OP3(b)", "en", True),
    ("Quote para 3(b) of 59/76, please.", (S5976,), (), "OP3(b)", "en", True),
    ("Show paragraph 3(g)(iv) of 59/76", (S5976,), (), "OP3(g)(iv)", "en", True),
    (
        "What does OP 3 (g) (iv) of 59/76 say about de-alerting?",
        (S5976,),
        (),
        "OP3(g)(iv)",
        "en",
        False,
    ),
    ("subparagraph 3 (a) of 59/76", (S5976,), (), "OP3(a)", "en", True),
    ("subparagraph (a) of paragraph 3 of 59/76", (S5976,), (), "OP3(a)", "en", True),
    ("paragraph 3, subparagraph (b) of 59/76", (S5976,), (), "OP3(b)", "en", True),
    ("paragraph 3b of 59/76", (S5976,), (), "OP3(b)", "en", True),
    ("PP3 of 62/37", (S6237,), (), "PP3", "en", True),
    ("preambular paragraph 3 of 62/37", (S6237,), (), "PP3", "en", True),
    ("the third preambular paragraph of 62/37", (S6237,), (), "PP3", "en", True),
    ("Show me the 3rd preambular paragraph of 62/37", (S6237,), (), "PP3", "en", True),
    ("the twenty-first preambular paragraph", (), (), "PP21", "en", True),
    ("the second operative paragraph of 66/45", (S6645,), (), "OP2", "en", True),
    ("paragraph 2 of the preamble of 66/45", (S6645,), (), "PP2", "en", True),
    ("operative paragraph three of 66/45", (S6645,), (), "OP3", "en", True),
    ("paragraphs 3 and 4 of 66/45", (S6645,), (), "OP3", "en", True),
    ("OP 3, 4 and 7 of 66/45", (S6645,), (), "OP3", "en", True),
    ("para 3(b) and (c) of 59/76", (S5976,), (), "OP3(b)", "en", True),
    ("What is in paragraph 3 of the operative part of 59/76?", (S5976,), (), "OP3", "en", True),
    (
        "Which resolution, in its operative paragraph 5, calls upon States to ratify?",
        (),
        (),
        "OP5",
        "en",
        False,
    ),
    ("第66/45号决议序言部分第二十一段", (S6645,), (), "PP21", "zh", True),
    ("62/37号决议执行部分第3段(a)项", (S6237,), (), "OP3(a)", "zh", True),
    ("62/37号决议第3段和第4段", (S6237,), (), "OP3", "zh", True),
    # --- not our paragraph ---
    ("the third paragraph of 66/45", (S6645,), (), None, "en", False),
    ("Which resolution recalls paragraph 4 of the Final Document?", (), (), None, "en", False),
    ("Which resolution cites paragraph 3 of resolution 1540 (2004)?", (), (), None, "en", False),
    ("What does paragraph 0 say?", (), (), None, "en", False),
    (
        "What did 66/45 decide about the agenda of the sixty-seventh session?",
        (S6645,),
        (),
        None,
        "en",
        False,
    ),
    # --- paragraphs, Chinese ---
    ("第13段", (), (), "OP13", "zh", True),
    ("执行部分第13段", (), (), "OP13", "zh", True),
    ("62/37号决议序言部分第3段", (S6237,), (), "PP3", "zh", True),
    ("59/76号决议第3(b)段", (S5976,), (), "OP3(b)", "zh", True),
    ("59/76号决议第3段(b)分段讲了什么", (S5976,), (), "OP3(b)", "zh", True),
    ("59/76号决议第3（g）（iv）段", (S5976,), (), "OP3(g)(iv)", "zh", True),
    ("请给我看62/37号决议序言部分第三段的原文", (S6237,), (), "PP3", "zh", True),
    ("62/37号决议第十二段", (S6237,), (), "OP12", "zh", True),
    ("62/37号决议OP12关于什么？", (S6237,), (), "OP12", "zh", True),
    ("62/37号决议第12段关于核查的内容", (S6237,), (), "OP12", "zh", False),
    ("大会第六十七届会议临时议程", (), (), None, "zh", False),
    # --- language ---
    ("What does 决议 mean?", (), (), None, "en", False),
    ("关于CTBT的段落", (), (), None, "zh", False),
    ("决议草案A/C.1/66/L.40提到了什么？", (), (), None, "zh", False),
]


@pytest.mark.parametrize(("question", "symbols", "years", "paragraph", "lang", "lookup"), CASES)
def test_understand(
    question: str,
    symbols: tuple[str, ...],
    years: tuple[int, ...],
    paragraph: str | None,
    lang: str,
    lookup: bool,
) -> None:
    intent = understand(question)
    assert intent.symbols == symbols
    assert intent.years == years
    assert intent.paragraph == (ParagraphId.parse(paragraph) if paragraph else None)
    assert intent.lang == lang
    assert intent.is_lookup is lookup


TOPICS: list[tuple[str, str]] = [
    (
        "Which paragraph of 66/45 reaffirms that all States parties must comply with their "
        "obligations under the NPT?",
        "Which paragraph reaffirms that all States parties must comply with their obligations "
        "under the NPT?",
    ),
    (
        "In 63/73, which paragraph calls on the Conference on Disarmament to resume substantive "
        "work?",
        "which paragraph calls on the Conference on Disarmament to resume substantive work?",
    ),
    ("Show me operative paragraph 4 of A/RES/66/45", "Show me"),
    ("OP 9 of 62/37?", ""),
    ("62/37号决议第12段", ""),
    (
        "62/37号决议的哪一段深信应尽力避免核战争和核恐怖主义？",
        "哪一段深信应尽力避免核战争和核恐怖主义？",
    ),
    ("66/45号决议中关于巴黎会议的内容在哪一段？", "关于巴黎会议的内容在哪一段？"),
    # another body's resolution is substance and stays
    (
        "Which paragraph of 59/76 welcomes IAEA General Conference resolution GC(48)/RES/14?",
        "Which paragraph welcomes IAEA General Conference resolution GC(48)/RES/14?",
    ),
    (
        "What does 66/45 say about Security Council resolution 1540 (2004)?",
        "What does say about Security Council resolution 1540 (2004)?",
    ),
    # the year phrase goes, the subject words between year and "resolution" stay
    (
        "Which paragraph of the 2007 disarmament resolution calls for de-alerting?",
        "Which paragraph disarmament calls for de-alerting?",
    ),
    ("Which resolution adopted in 2007 mentions the CTBT?", "Which mentions the CTBT?"),
    (
        "Which resolution, adopted in 2011, welcomes the Paris conference?",
        "Which, welcomes the Paris conference?",
    ),
    (
        "Which resolution recalls paragraph 4 of the Final Document?",
        "Which recalls paragraph 4 of the Final Document?",
    ),
    ("What did the 2010 Review Conference agree?", "What did the 2010 Review Conference agree?"),
    ("2011年的决议如何提到中东无核武器区？", "如何提到中东无核武器区？"),
    (
        "What does   OP 3 (g)(iv)   of 59/76 say about  de-alerting ?",
        "What does say about de-alerting?",
    ),
]


@pytest.mark.parametrize(("question", "topic"), TOPICS)
def test_topic(question: str, topic: str) -> None:
    assert understand(question).topic == topic


def test_known_symbols_admit_a_low_session_bare_symbol() -> None:
    # "24/7" is not a GA symbol on its own (slash numbering began at the 31st session) ...
    assert understand("What does 24/7 say?").symbols == ()
    # ... unless the corpus holds it.
    assert understand("What does 24/7 say?", {"A/RES/24/7"}).symbols == ("A/RES/24/7",)


def test_unknown_symbols_are_still_reported() -> None:
    intent = understand("What does 99/999 say about the CTBT?", known_symbols={S6645})
    assert intent.symbols == ("A/RES/99/999",)


def test_intent_is_frozen() -> None:
    intent = understand("OP 9 of 62/37")
    assert isinstance(intent, Understood)
    with pytest.raises(dataclasses.FrozenInstanceError):
        intent.topic = "x"  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789/().,-: abOPpr年第段号决议序言（）"))
        | st.characters(),
        max_size=80,
    )
)
def test_never_raises_and_symbols_are_normalized(text: str) -> None:
    intent = understand(text)
    assert all(normalize_symbol(s) == s for s in intent.symbols)
    assert all(1946 <= y <= 2100 for y in intent.years)
    assert intent.lang in ("en", "zh")


def test_fast_enough_to_run_on_every_query() -> None:
    questions = [row[0] for row in CASES]
    understand(questions[0])  # warm
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for q in questions:
            understand(q)
    per_call = (time.perf_counter() - start) / (rounds * len(questions))
    assert per_call < 1e-3  # typical is well under 0.2 ms; the margin is for slow CI machines


def test_no_catastrophic_backtracking() -> None:
    nasty = "1/" * 2000 + " resolution " * 200 + "第" * 500 + "2011 " * 500 + "(a)" * 500
    start = time.perf_counter()
    understand(nasty)
    assert time.perf_counter() - start < 0.5


KNOWN_PARTS = {"A/RES/74/92 A", "A/RES/74/92 B", "A/RES/66/45"}


@pytest.mark.parametrize(
    ("question", "symbols"),
    [
        ("What does paragraph 29 of part B of 74/92 say?", ("A/RES/74/92 B",)),
        ("part A of resolution 74/92", ("A/RES/74/92 A",)),
        ("74/92, part B, paragraph 3", ("A/RES/74/92 B",)),
        ("74/92号决议B部分第3段", ("A/RES/74/92 B",)),
        # named without a letter: every part held
        ("What does 74/92 say about multilingualism?", ("A/RES/74/92 A", "A/RES/74/92 B")),
        # a document held whole stays whole; one not held is reported as named
        ("What does 66/45 say?", ("A/RES/66/45",)),
        ("What does 75/1 say?", ("A/RES/75/1",)),
        # "B节" is a section of the resolution, not a part
        ("76/240 B节第1段", ("A/RES/76/240",)),
    ],
)
def test_parts_named_in_words_and_documents_named_bare(
    question: str, symbols: tuple[str, ...]
) -> None:
    assert understand(question, KNOWN_PARTS).symbols == symbols
