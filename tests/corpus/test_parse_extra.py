"""Golden structure of real resolutions of other kinds (../shared/corpus-extra).

Counts were written by reading each text, not by printing the parser's output.
The files the passing tests need are copied into tests/fixtures/corpus-extra so a
clean clone runs them; the rest are read from ../shared/corpus-extra when present.
Where the parser disagrees with the reading, the test states the reading and is a
strict xfail naming the layout it does not handle yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.ids import Kind, ParagraphId
from corpus.labels import label
from corpus.model import Resolution
from corpus.parse_en import parse_english
from corpus.parser import merge
from corpus.text import ParsedParagraph

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus-extra"
SHARED = ROOT.parent / "shared" / "corpus-extra"

FIRST = "on the report of the First Committee"
# file stem: (symbol, adopted, meeting, committee report, preambular, operative, sub-paragraphs)
GOLDEN = {
    "A_RES_74_17": (
        "A/RES/74/17",
        "2019-12-09",
        "41st plenary meeting",
        "without reference to a Main Committee (A/74/L.12/Rev.1 and A/74/L.12/Rev.1/Add.1)",
        15,
        18,
        0,
    ),
    "A_RES_74_53": (
        "A/RES/74/53",
        "2019-12-12",
        "46th plenary meeting",
        f"{FIRST} (A/74/368)",
        9,
        12,
        0,
    ),
    "A_RES_74_200": (
        "A/RES/74/200",
        "2019-12-19",
        "52nd plenary meeting",
        "on the report of the Second Committee (A/74/379/Add.1)",
        6,
        5,
        0,
    ),
    "A_RES_74_303": (
        "A/RES/74/303",
        "2020-09-04",
        "63rd plenary meeting",
        "without reference to a Main Committee (A/74/L.90)",
        5,
        7,
        2,
    ),
    "A_RES_76_15": (
        "A/RES/76/15",
        "2021-12-06",
        "44th plenary meeting",
        "without reference to a Main Committee (A/76/550, para. 15)",
        1,
        1,
        0,
    ),
    "A_RES_76_19": (
        "A/RES/76/19",
        "2021-12-06",
        "45th plenary meeting",
        f"{FIRST} (A/76/439, para. 7)",
        13,
        7,
        2,
    ),
    "A_RES_76_20": (
        "A/RES/76/20",
        "2021-12-06",
        "45th plenary meeting",
        f"{FIRST} (A/76/440, para. 7)",
        12,
        12,
        0,
    ),
    "A_RES_76_120": (
        "A/RES/76/120",
        "2021-12-09",
        "49th plenary meeting",
        "on the report of the Sixth Committee (A/76/496, para. 8)",
        12,
        15,
        0,
    ),
    "A_RES_76_178": (
        "A/RES/76/178",
        "2021-12-16",
        "53rd plenary meeting",
        "on the report of the Third Committee (A/76/462/Add.3, para. 34)",
        2,
        33,
        6,
    ),
    "A_RES_76_231": (
        "A/RES/76/231",
        "2021-12-24",
        "54th (resumed) plenary meeting",
        f"{FIRST} (A/76/442, para. 15)",
        19,
        9,
        4,
    ),
    "A_RES_74_40": (
        "A/RES/74/40",
        "2019-12-12",
        "46th plenary meeting",
        f"{FIRST} (A/74/368)",
        9,
        24,
        2,
    ),
}
XFAIL: dict[str, str] = {}


def _path(stem: str) -> Path:
    for folder in (FIXTURES, SHARED):
        if (folder / f"{stem}.en.txt").exists():
            return folder / f"{stem}.en.txt"
    pytest.skip(f"{stem}.en.txt is in neither tests/fixtures/corpus-extra nor ../shared")


def _case(stem: str) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[stem])] if stem in XFAIL else []
    return pytest.param(stem, id=stem, marks=marks)


@pytest.mark.parametrize("stem", [_case(s) for s in GOLDEN])
def test_structure(stem: str) -> None:
    symbol, adopted, meeting, report, pp, op, sub = GOLDEN[stem]
    path = _path(stem)
    v = parse_english(path.read_text(encoding="utf-8"), path.name)
    ids = [p.pid for p in v.paragraphs]
    counts = (
        sum(1 for i in ids if i.kind_rank == 0),
        sum(1 for i in ids if i.kind_rank == 1 and not (i.letter or i.roman)),
        sum(1 for i in ids if i.kind_rank == 1 and (i.letter or i.roman)),
    )
    assert (v.symbol, v.adopted, v.meeting, v.committee_report) == (
        symbol,
        adopted,
        meeting,
        report,
    )
    assert counts == (pp, op, sub)


# -- sections. Counts per section read from the texts: (section mark or "" for the body,
# qualifier of the ids) -> (preambular, operative, sub-paragraphs).
SECTIONS = {
    # 76/240: the body (PP1-4, OP1-21), then A to D under "Conditions of service ...",
    # each numbered from 1; C and D hold one unnumbered operative paragraph each.
    "A_RES_76_240": {
        ("", ""): (4, 21, 0),
        ("A", "A"): (1, 2, 0),
        ("B", "B"): (1, 4, 0),
        ("C", "C"): (0, 1, 0),
        ("D", "D"): (0, 1, 0),
    },
    # 76/237: numbering runs on across I to V (1-12, 13-36, 37-47, 48-88, 89-125).
    "A_RES_76_237": {
        ("", ""): (7, 0, 0),
        ("I", ""): (0, 12, 0),
        ("II", ""): (0, 24, 0),
        ("III", ""): (0, 11, 0),
        ("IV", ""): (0, 41, 3),
        ("V", ""): (0, 37, 0),
    },
    # 74/262: "Part I" ... "Part XII" each above "Section <n>" headings, numbering running
    # on (OP1-33 before Part I); "Income section 3" is under no Part.
    "A_RES_74_262": {
        ("", ""): (7, 33, 0),
        **{
            (f"Section {n}", ""): (0, count, 0)
            for n, count in [
                ("1", 3),
                ("2", 2),
                ("3", 1),
                ("5", 1),
                ("6", 1),
                ("7", 2),
                ("8", 3),
                ("10", 2),
                ("11", 2),
                ("14", 1),
                ("16", 1),
                ("20", 2),
                ("21", 3),
                ("24", 2),
                ("28", 6),
                ("29A", 1),
                ("29B", 2),
                ("29C", 1),
                ("29E", 2),
                ("29G", 2),
                ("30", 1),
                ("34", 2),
            ]
        },  # fmt: skip
        ("Income section 3", ""): (0, 1, 0),
        ("", "ANNEX"): (0, 1, 0),  # the staffing table after the meeting line: one unit
    },
}
# A few paragraphs with their first words and the heading they sit under.
SECTION_FIRST_WORDS = [
    ("A_RES_76_240", "OP21", "Requests the Commission to review the scope", None),
    ("A_RES_76_240", "A.PP1", "Recalling its resolution 44/198", "Base/floor salary scale"),
    ("A_RES_76_240", "A.OP2", "Requests the Commission to report", "Base/floor salary scale"),
    ("A_RES_76_240", "B.OP1", "Reaffirms that the range of 110", "around the desirable midpoint"),
    ("A_RES_76_240", "C.OP1", "Decides, for implementation", "boarding lump sum"),
    ("A_RES_76_240", "D.OP1", "Recalls section III of its resolution 73/273", "non-family"),
    ("A_RES_76_237", "PP7", "Recalling its resolution 14 (I)", None),
    ("A_RES_76_237", "OP1", "Welcomes the report of the Committee", "conferences and meetings"),
    ("A_RES_76_237", "OP13", "Reaffirms the practice that", "conference-servicing resources"),
    ("A_RES_76_237", "OP75(c)", "", "documentation and publications"),
    ("A_RES_76_237", "OP89", "Requests the Secretary-General to continue", "language services"),
    ("A_RES_74_262", "OP33", "Decides to reduce resources for document printing", None),
    (
        "A_RES_74_262",
        "OP34",
        "Decides that answers provided",
        "— Overall policymaking, direction and coordination",
    ),
    (
        "A_RES_74_262",
        "OP39",
        "Recalls paragraphs 87, 88 and II.15",
        "Part II Political affairs — Political affairs",
    ),
    ("A_RES_74_262", "OP77", "Decides to reduce non-post resources", "Services to the public"),
]


def _parse(stem: str) -> list[ParsedParagraph]:
    path = _path(stem)
    return parse_english(path.read_text(encoding="utf-8"), path.name).paragraphs


@pytest.mark.parametrize("stem", list(SECTIONS))
def test_section_structure(stem: str) -> None:
    counts: dict[tuple[str, str], list[int]] = {}
    for p in _parse(stem):
        key = (p.section[0] if p.section else "", p.pid.qualifier)
        row = counts.setdefault(key, [0, 0, 0])
        row[0 if p.pid.kind_rank == 0 else 2 if p.pid.letter else 1] += 1
    assert {k: tuple(v) for k, v in counts.items()} == SECTIONS[stem]


@pytest.mark.parametrize(("stem", "pid", "start", "heading_end"), SECTION_FIRST_WORDS)
def test_section_paragraphs(stem: str, pid: str, start: str, heading_end: str | None) -> None:
    p = next(p for p in _parse(stem) if str(p.pid) == pid)
    assert p.text.startswith(start)
    if heading_end is None:
        assert p.section is None
    else:
        assert p.section is not None and p.section[1].endswith(heading_end)


def test_a_heading_over_a_run_of_sections_is_in_each_heading_and_no_paragraph() -> None:
    over = "Conditions of service of staff in the Professional and higher categories"
    paragraphs = _parse("A_RES_76_240")
    assert all(over not in p.text for p in paragraphs)
    headings = {p.section[0]: p.section[1] for p in paragraphs if p.section}
    assert headings == {
        "A": f"{over} — Base/floor salary scale",
        "B": f"{over} — Evolution of the margin and margin management around the desirable "
        "midpoint",
        "C": f"{over} — Education grant: review of scale and level of the boarding lump sum",
        "D": f"{over} — Payment of amount in lieu of settling-in grant at category E duty "
        "stations that are not designated as non-family",
    }


def test_merged_paragraphs_carry_their_section() -> None:
    path = _path("A_RES_76_240")
    r = merge([parse_english(path.read_text(encoding="utf-8"), path.name)])
    p = r.paragraph(ParagraphId.parse("B.OP1"))
    assert p is not None and p.section is not None and p.section.id == "B"
    assert p.section.heading["en"].endswith("around the desirable midpoint")
    assert r.counts() == {"preambular": 6, "operative": 29, "subparagraphs": 0, "annex": 0}


# -- a text adopted inline. 74/3: "Adopts the following political declaration ...:" is
# the resolution's one operative paragraph; the declaration has 31 numbered paragraphs,
# (a) to (x) under 30 and (a) to (l) under 31 (counted in the text).
def test_a_declaration_adopted_inline_is_decl() -> None:
    path = _path("A_RES_74_3")
    r = merge([parse_english(path.read_text(encoding="utf-8"), path.name)])
    assert r.counts() == {"preambular": 0, "operative": 1, "subparagraphs": 36, "annex": 31}
    op1 = r.paragraph(ParagraphId.parse("OP1"))
    assert op1 is not None and op1.text["en"].startswith("Adopts the following political")
    assert op1.annex is None
    for pid, start in [
        ("DECL.1", "We, Heads of State and Government, Ministers"),
        ("DECL.10", "We call upon the international community"),
        ("DECL.30", "Having noted the progress made"),
        ("DECL.30(x)", ""),
        ("DECL.31(l)", "The Secretary-General to mobilize the resources"),
    ]:
        p = r.paragraph(ParagraphId.parse(pid))
        assert p is not None and p.text["en"].startswith(start), pid
        assert p.annex is not None and p.annex.id == "DECL"
        assert p.annex.title["en"].startswith("Political declaration of the high-level")


def test_an_inline_text_opening_unnumbered_has_preambular_ids_of_its_own() -> None:
    """76/1: "The General Assembly" / "Adopts the following political declaration ...: 1"
    is the resolution's one operative paragraph; the declaration opens with one unnumbered
    paragraph ("We, Heads of State ... Programme of Action,"), DECL.PP1, then 1. to 18.
    (1.-9. with the number alone, 10.-18. inline), no items."""
    r = _merged("A_RES_76_1")
    assert r.counts() == {"preambular": 0, "operative": 1, "subparagraphs": 0, "annex": 19}
    ids = [str(p.pid) for p in r.paragraphs]
    assert ids == ["OP1", "DECL.PP1"] + [f"DECL.{n}" for n in range(1, 19)]
    op1 = r.paragraph(ParagraphId.parse("OP1"))
    assert op1 is not None and op1.annex is None and op1.footnotes == ("1",)
    assert op1.text["en"] == (
        "Adopts the following political declaration of the high-level meeting of the General "
        "Assembly to commemorate the twentieth anniversary of the adoption of the Durban "
        "Declaration and Programme of Action:"
    )
    pp1 = r.paragraph(ParagraphId.parse("DECL.PP1"))
    assert pp1 is not None and pp1.kind is Kind.ANNEX
    assert pp1.text["en"] == (
        "We, Heads of State and Government and representatives of States and Governments, "
        "gathered at United Nations Headquarters in New York on 22 September 2021, on the "
        "occasion of the high-level meeting of the General Assembly to commemorate the "
        "twentieth anniversary of the adoption of the Durban Declaration and Programme of "
        "Action,"
    )
    assert pp1.annex is not None and pp1.annex.id == "DECL"
    assert pp1.annex.title["en"] == (
        "United against racism, racial discrimination, xenophobia and related intolerance"
    )
    assert label(r.symbol, pp1.pid, "en") == "A/RES/76/1, declaration, first preambular paragraph"
    assert label(r.symbol, pp1.pid, "zh") == "第76/1号决议宣言序言部分第1段"
    for pid, start in [
        ("DECL.1", "Reaffirm that the Durban Declaration and Programme of Action, adopted"),
        ("DECL.2", "Also reaffirm that racism"),
        ("DECL.10", "Recall the proclamation of 21 March"),
        ("DECL.18", "Proclaim together our strong determination"),
    ]:
        p = r.paragraph(ParagraphId.parse(pid))
        assert p is not None and p.text["en"].startswith(start), pid
        assert p.annex is not None and p.annex.id == "DECL"


def _merged(stem: str) -> Resolution:
    path = _path(stem)
    return merge([parse_english(path.read_text(encoding="utf-8"), path.name)])


# -- annexes after the meeting line. 76/120: "Annex" / "Regulations to give effect to
# Article 102 of the Charter of the United Nations", Part One (articles 1-9, "Registration"),
# Part Two (10-11, "Filing and recording"), Part Three (12-13, "Publication"). Paragraphs
# per article, counted in the text (0: one unnumbered paragraph), and items (a)... under
# each paragraph.
ARTICLES_76_120 = {1: 4, 2: 2, 3: 2, 4: 2, 5: 6, 6: 0, 7: 0, 8: 3, 9: 0, 10: 0, 11: 0, 12: 5, 13: 0}
ITEMS_76_120 = {"ART4.1": 3, "ART4.2": 3, "ART5.4": 6, "ART5.5": 2, "ART8.1": 8, "ART10": 3,
                "ART12.2": 5}  # fmt: skip
PARTS_76_120 = {"Part One": ("Registration", range(1, 10)),
                "Part Two": ("Filing and recording", range(10, 12)),
                "Part Three": ("Publication", range(12, 14))}  # fmt: skip


def test_an_annex_of_articles_under_parts() -> None:
    r = _merged("A_RES_76_120")
    body = [p for p in r.paragraphs if p.kind is not Kind.ANNEX]
    annexed = [p for p in r.paragraphs if p.kind is Kind.ANNEX]
    assert [str(p.pid) for p in body][-1] == "OP15"  # the annex's "1." are not operative
    assert r.counts() == {"preambular": 12, "operative": 15, "subparagraphs": 30, "annex": 30}
    expected = []
    for article, paragraphs in ARTICLES_76_120.items():
        for n in range(1, paragraphs + 1) if paragraphs else [0]:
            own = f"ART{article}.{n}" if n else f"ART{article}"
            expected.append(f"ANNEX.{own}")
            letters = "abcdefgh"[: ITEMS_76_120.get(own, 0)]
            expected += [f"ANNEX.{own}({letter})" for letter in letters]
    assert [str(p.pid) for p in annexed] == expected
    title = "Regulations to give effect to Article 102 of the Charter of the United Nations"
    for p in annexed:
        assert p.annex is not None and p.annex.id == "ANNEX" and p.annex.title["en"] == title
        assert p.section is not None
        heading, articles = PARTS_76_120[p.section.id]
        assert p.section.heading["en"] == heading and p.pid.article in articles, p.pid


@pytest.mark.parametrize(
    ("pid", "text", "en", "zh"),
    [
        ("ANNEX.ART1.1", "Every treaty or international agreement, whatever its form and "
         "descriptive name, entered into by one or more Members of the United Nations after 24 "
         "October 1945, the date of the coming into force of the Charter, shall as soon as "
         "possible be registered with the Secretariat in accordance with these regulations.",
         "A/RES/76/120, annex, article 1, paragraph 1", "第76/120号决议附件第1条第1段"),
        ("ANNEX.ART3.1", "Registration by a party, in accordance with article 1 of these "
         "regulations, relieves all other parties of the obligation to register. Registration "
         "by a depositary, in accordance with article 1 of these regulations, relieves all "
         "parties of the obligation to register.",
         "A/RES/76/120, annex, article 3, paragraph 1", "第76/120号决议附件第3条第1段"),
        ("ANNEX.ART4.1(a)", "Where the United Nations is a party to the treaty or "
         "international agreement;",
         "A/RES/76/120, annex, article 4, paragraph 1 (a)", "第76/120号决议附件第4条第1(a)段"),
        # printed "(c)", "force;", then the rest: the last line came first
        ("ANNEX.ART5.4(c)", "The date on which the treaty or international agreement has "
         "come into force;",
         "A/RES/76/120, annex, article 5, paragraph 4 (c)", "第76/120号决议附件第5条第4(c)段"),
        ("ANNEX.ART5.5(b)", "A certification that it includes all reservations or "
         "declarations made by parties thereto.",
         "A/RES/76/120, annex, article 5, paragraph 5 (b)", "第76/120号决议附件第5条第5(b)段"),
        ("ANNEX.ART6", "The date of receipt by the Secretariat of the United Nations of the "
         "treaty or international agreement registered shall be deemed to be the date of "
         "registration, provided that the date of registration of a treaty or agreement "
         "registered ex officio by the United Nations shall be the date on which the treaty or "
         "agreement first came into force between two or more of the parties thereto.",
         "A/RES/76/120, annex, article 6", "第76/120号决议附件第6条"),
        ("ANNEX.ART10(c)", "Treaties or international agreements transmitted by a party not "
         "a member of the United Nations which were entered into before or after the coming "
         "into force of the Charter which were not included in the treaty series of the League "
         "of Nations.",
         "A/RES/76/120, annex, article 10 (c)", "第76/120号决议附件第10条(c)段"),
        ("ANNEX.ART13", "The Secretariat shall make available the series referred to in "
         "article 12 of these regulations through any electronic means that may be available. "
         "The text of a registered treaty or international agreement, as submitted, and "
         "unofficial translations into English and French prepared by the Secretariat shall "
         "also be made available online, as soon as possible after registration and prior to "
         "publication in the series. The Secretariat shall send printed copies of the series "
         "to Members of the United Nations, upon request.",
         "A/RES/76/120, annex, article 13", "第76/120号决议附件第13条"),
    ],
)  # fmt: skip
def test_annex_articles_texts_and_labels(pid: str, text: str, en: str, zh: str) -> None:
    r = _merged("A_RES_76_120")
    p = r.paragraph(ParagraphId.parse(pid))
    assert p is not None and p.text["en"] == text
    assert label(r.symbol, p.pid, "en") == en and label(r.symbol, p.pid, "zh") == zh


def test_a_table_annex_is_one_unnumbered_unit() -> None:
    """74/262: "Annex" / "Staffing table for 2020", one cell per line after the meeting
    line; the page marker "10/10" and the job number between cells are furniture."""
    r = _merged("A_RES_74_262")
    assert r.counts() == {"preambular": 7, "operative": 77, "subparagraphs": 0, "annex": 1}
    table = r.paragraphs[-1]
    assert [str(p.pid) for p in r.paragraphs[-2:]] == ["OP77", "ANNEX.1"]
    assert table.kind is Kind.ANNEX and table.unnumbered and table.footnotes == ()
    assert table.annex is not None and table.annex.id == "ANNEX"
    assert table.annex.title["en"] == "Staffing table for 2020"
    assert table.section is None
    text = table.text["en"]
    assert text.startswith("Category Number of posts Professional and higher Deputy "
                           "Secretary-General 1 Under-Secretary-General 36 ")  # fmt: skip
    assert "P-4 1 532 P-3 1 445 P-2/1 522 Subtotal 4 884 General Service and related" in text
    assert "Other Security Service 307 Local level 1 908" in text
    assert text.endswith("Trades and Crafts 95 Subtotal 2 504 Total 9 972")
    assert "10/10" not in text and "19-22728" not in text
    assert label(r.symbol, table.pid, "en", table.unnumbered) == "A/RES/74/262, annex"
    assert label(r.symbol, table.pid, "zh", table.unnumbered) == "第74/262号决议附件"
    op77 = r.paragraph(ParagraphId.parse("OP77"))
    assert op77 is not None and op77.text["en"].endswith("renovation of the Vienna Café.")


def test_a_heading_over_sections_is_kept_for_that_kind_of_section_only() -> None:
    headings = {p.section[0]: p.section[1] for p in _parse("A_RES_74_262") if p.section}
    assert headings["Section 29G"] == "Part VIII Common support services — Administration, Nairobi"
    assert headings["Income section 3"] == "Services to the public"  # not under Part XII


def test_unmarked_headings_of_a_declaration_travel_with_its_paragraphs() -> None:
    """74/3: "Progress, gaps and challenges" above 15., "Call for action" above 30."""
    under = {str(p.pid): p.section for p in _parse("A_RES_74_3")}
    assert under["DECL.14"] is None and under["DECL.15"] == ("", "Progress, gaps and challenges")
    assert under["DECL.29"] == ("", "Progress, gaps and challenges")
    assert under["DECL.30(x)"] == ("", "Call for action") == under["DECL.31"]
    texts = {str(p.pid): p.text for p in _parse("A_RES_74_3")}
    assert texts["DECL.14"].endswith(
        "small island developing States and other developing countries."
    )
    assert texts["DECL.29"].endswith("modern and environmentally sound technologies.")


@pytest.mark.parametrize(
    ("stem", "pid", "en", "zh"),
    [
        ("A_RES_76_15", "OP1", "A/RES/76/15, operative paragraph", "第76/15号决议执行部分"),
        ("A_RES_76_240", "C.OP1", "A/RES/76/240, section C", "第76/240号决议C节"),
        ("A_RES_76_240", "B.OP1", "A/RES/76/240, section B, paragraph 1", "第76/240号决议B节第1段"),
        ("A_RES_74_3", "OP1", "A/RES/74/3, operative paragraph", "第74/3号决议执行部分"),
        ("A_RES_76_20", "OP1", "A/RES/76/20, operative paragraph 1", "第76/20号决议执行部分第1段"),
    ],
)
def test_an_unnumbered_operative_paragraph_is_labelled_without_a_number(
    stem: str, pid: str, en: str, zh: str
) -> None:
    """DESIGN: a sole operative text printed without a number is OP1, labelled without one."""
    path = _path(stem)
    r = merge([parse_english(path.read_text(encoding="utf-8"), path.name)])
    p = r.paragraph(ParagraphId.parse(pid))
    assert p is not None
    assert (
        label(r.symbol, p.pid, "en", p.unnumbered),
        label(r.symbol, p.pid, "zh", p.unnumbered),
    ) == (en, zh)
