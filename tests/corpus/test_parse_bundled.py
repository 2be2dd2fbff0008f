"""Golden structure of every bundled resolution, written by reading the texts."""

from __future__ import annotations

import re

import pytest

from corpus.ids import ParagraphId
from corpus.model import Resolution

# symbol: (preambular, operative, sub-paragraphs, adopted, meeting, footnotes)
GOLDEN = {
    "A/RES/58/59": (16, 12, 14, "2003-12-08", "71st plenary meeting", 10),
    "A/RES/59/76": (20, 13, 14, "2004-12-03", "66th plenary meeting", 10),
    "A/RES/60/65": (10, 13, 0, "2005-12-08", "61st plenary meeting", 9),
    "A/RES/61/74": (10, 15, 0, "2006-12-06", "67th plenary meeting", 8),
    "A/RES/62/37": (10, 15, 0, "2007-12-05", "61st plenary meeting", 8),
    "A/RES/63/73": (11, 17, 0, "2008-12-02", "61st plenary meeting", 9),
    "A/RES/65/72": (15, 19, 0, "2010-12-08", "60th plenary meeting", 6),
    "A/RES/66/45": (15, 19, 0, "2011-12-02", "71st plenary meeting", 9),
    "A/RES/67/59": (16, 20, 0, "2012-12-03", "48th plenary meeting", 8),
    "A/RES/68/51": (19, 21, 0, "2013-12-05", "60th plenary meeting", 8),
    "A/RES/69/52": (17, 25, 0, "2014-12-02", "62nd plenary meeting", 8),
    "A/RES/71/49": (20, 30, 0, "2016-12-05", "51st plenary meeting", 8),
    "A/RES/72/50": (22, 31, 0, "2017-12-04", "62nd plenary meeting", 8),
}

# (symbol, paragraph, language, first words)
FIRST_WORDS = [
    ("A/RES/66/45", "PP1", "en", "Recalling the need for all States"),
    ("A/RES/66/45", "PP15", "en", "Recognizing also the importance of the implementation"),
    ("A/RES/66/45", "OP3", "en", "Further reaffirms the unequivocal undertaking"),
    ("A/RES/66/45", "OP5", "en", "Emphasizes the importance of applying the principles"),
    ("A/RES/66/45", "OP19", "en", "Decides to include in the provisional agenda"),
    ("A/RES/66/45", "OP6", "zh", "确认核裁军和实现无核武器"),
    ("A/RES/66/45", "PP8", "zh", "回顾不扩散核武器条约缔约国 1995 年"),
    ("A/RES/62/37", "PP7", "zh", "认识到加强国际和平与安全"),
    ("A/RES/62/37", "OP9", "zh", "敦促所有尚未签署和批准"),
    ("A/RES/62/37", "OP11", "en", "Emphasizes the importance of the immediate commencement"),
    ("A/RES/59/76", "PP10", "en", "Welcoming the ongoing efforts aimed at the reduction"),
    ("A/RES/59/76", "OP1", "en", "Reaffirms the importance of achieving the universality"),
    ("A/RES/59/76", "OP3(a)", "en", "The importance and urgency of signatures"),
    ("A/RES/59/76", "OP3(g)", "en", "Steps by all the nuclear-weapon States"),
    ("A/RES/59/76", "OP3(g)(iv)", "en", "Concrete agreed measures to reduce further"),
    ("A/RES/59/76", "OP3(h)", "en", "Reaffirmation that the ultimate objective"),
    ("A/RES/58/59", "OP3(g)(vi)", "en", "The engagement, as soon as appropriate"),
    ("A/RES/71/49", "OP19", "en", "Urges all States, in particular the eight remaining States"),
    ("A/RES/72/50", "OP31", "en", "Decides to include in the provisional agenda"),
    ("A/RES/63/73", "PP6", "en", "Recalling the decisions and the resolution of the 1995"),
    ("A/RES/63/73", "PP7", "en", "Recognizing that the enhancement of international peace"),
    ("A/RES/65/72", "PP9", "en", "Welcoming also this year"),
    ("A/RES/65/72", "OP2", "en", "Also reaffirms the vital importance of the universality"),
]

# (symbol, paragraph, footnote marks attached to it)
FOOTNOTES = [
    ("A/RES/66/45", "PP7", ("1",)),
    ("A/RES/66/45", "PP8", ("2", "3", "4")),
    ("A/RES/66/45", "OP1", ("1",)),
    ("A/RES/66/45", "OP6", ("5",)),
    ("A/RES/66/45", "OP17", ("9",)),
    ("A/RES/59/76", "OP3(a)", ("5",)),
    ("A/RES/59/76", "PP16", ("2",)),
    ("A/RES/59/76", "OP11", ("8", "9")),
    ("A/RES/72/50", "PP5", ("2", "3", "4")),
    ("A/RES/66/45", "OP2", ()),
]

FURNITURE = [
    re.compile(r"\b\d{2}-\d{5}\b"),  # job number
    re.compile(r"\*\d{5,}\*"),  # barcode
    re.compile(r"Please\s+rec", re.I),
    re.compile(r"[\u2672\u267b]"),
    re.compile(r"_{3,}"),
    re.compile(r"\b[1-9]/[1-9]\b"),  # page "2/6" (not symbols like 65/72)
    re.compile(r"Treaty Series|Official Records|INFCIRC|联合国，《条约汇编》"),  # footnote text
    re.compile(r"[A-Za-z]\d{1,2}\b(?![/(])"),  # a marker glued to a word: "Weapons1"
    re.compile(r"Weapons \d{1,2} as\b"),
    re.compile(r"\b\d{1,2}[A-Z]\b(?!\()"),  # link anchors "0F", "1F"
]


def test_every_bundled_resolution_is_golden(bundled: dict[str, Resolution]) -> None:
    assert set(bundled) == set(GOLDEN)
    for symbol, (pp, op, subs, adopted, meeting, notes) in GOLDEN.items():
        r = bundled[symbol]
        assert r.counts() == {
            "preambular": pp,
            "operative": op,
            "subparagraphs": subs,
            "annex": 0,
        }, symbol
        assert (r.adopted, r.meeting, len(r.footnotes)) == (adopted, meeting, notes), symbol


@pytest.mark.parametrize(("symbol", "pid", "lang", "start"), FIRST_WORDS)
def test_first_words(
    bundled: dict[str, Resolution], symbol: str, pid: str, lang: str, start: str
) -> None:
    para = bundled[symbol].paragraph(ParagraphId.parse(pid))
    assert para is not None
    assert para.text[lang].startswith(start), para.text[lang][:80]


@pytest.mark.parametrize(("symbol", "pid", "marks"), FOOTNOTES)
def test_footnotes_attached_where_marked(
    bundled: dict[str, Resolution], symbol: str, pid: str, marks: tuple[str, ...]
) -> None:
    res = bundled[symbol]
    para = res.paragraph(ParagraphId.parse(pid))
    assert para is not None and para.footnotes == marks
    for m in marks:
        assert res.footnote(m) is not None


def test_footnote_texts_are_paired_with_their_numbers(bundled: dict[str, Resolution]) -> None:
    r = bundled["A/RES/66/45"]
    assert r.footnote("1").text["en"] == "United Nations, Treaty Series, vol. 729, No. 10485."
    assert r.footnote("6").text == {"en": "See resolution 50/245.", "zh": "见第 50/245 号决议。"}
    # 59/76 prints footnote 3's number after its text
    assert bundled["A/RES/59/76"].footnote("3").text["en"].startswith("2000 Review Conference")
    # 72/50 prints numbers 1 and 2 after all the texts
    assert bundled["A/RES/72/50"].footnote("2").text["en"].startswith("1995 Review")


def test_no_furniture_or_footnote_text_in_any_paragraph(bundled: dict[str, Resolution]) -> None:
    for r in bundled.values():
        for p in r.paragraphs:
            for lang, text in p.text.items():
                assert r.symbol not in text
                for pattern in FURNITURE:
                    assert not pattern.search(text), (r.symbol, str(p.pid), lang, pattern)


def test_broken_words_are_mended(bundled: dict[str, Resolution]) -> None:
    text = " ".join(p.text["en"] for r in bundled.values() for p in r.paragraphs)
    for broken in [
        "St ates",
        "nuc lear",
        "regi me",
        "tes t ",
        "People ’s",
        "Non -Proliferation",
        "nuclearweapon",
        "NonProliferation",
        "sub -item",
        "weapons ,",
    ]:
        assert broken not in text
    assert "ballistic missile" in text and "nuclear-weapon States" in text


def test_numbers_printed_after_the_first_line_start_the_right_paragraph(
    bundled: dict[str, Resolution],
) -> None:
    r = bundled["A/RES/66/45"]
    op4 = r.paragraph(ParagraphId.operative(4)).text["en"]
    assert op4.endswith("multilateral measures;")
    assert "Emphasizes" not in op4


def test_roman_i_after_g_and_letter_i_after_h(bundled: dict[str, Resolution]) -> None:
    ids = [
        str(p.pid)
        for p in bundled["A/RES/59/76"].paragraphs
        if p.pid.number == 3 and p.kind.value == "operative"
    ]
    assert ids == [
        "OP3",
        "OP3(a)",
        "OP3(b)",
        "OP3(c)",
        "OP3(d)",
        "OP3(e)",
        "OP3(f)",
        "OP3(g)",
        "OP3(g)(i)",
        "OP3(g)(ii)",
        "OP3(g)(iii)",
        "OP3(g)(iv)",
        "OP3(g)(v)",
        "OP3(g)(vi)",
        "OP3(h)",
    ]


def test_metadata(bundled: dict[str, Resolution]) -> None:
    r = bundled["A/RES/66/45"]
    assert r.title == {
        "en": "United action towards the total elimination of nuclear weapons",
        "zh": "采取联合行动彻底消除核武器",
    }
    assert r.session == 66 and r.agenda_item == "98 (w)"
    assert r.committee_report == "on the report of the First Committee (A/66/412)"
    assert r.languages == ["en", "zh"]
