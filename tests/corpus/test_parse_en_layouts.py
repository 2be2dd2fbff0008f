"""Layouts the first series never showed, each on a small made-up text.

The real texts are in test_parse_extra.py; these pin down one rule each, so a
failure names the rule: "(resumed)" meetings, a committee report wrapped onto a
second line, a running head without the symbol, a sole unnumbered operative
paragraph, a document adopted in parts, a budget table, a chapeau, and annexes after the
meeting line.
"""

from __future__ import annotations

import pytest

from corpus.errors import ParseError
from corpus.parse_en import parse_english, parse_english_parts

HEAD = """A/RES/76/9

United Nations

General Assembly

Seventy-sixth session
Agenda item 9

Resolution adopted by the General Assembly
on 6 December 2021
{report}

76/9.

Made-up title of the text
The General Assembly,
"""
REPORT = "[on the report of the First Committee (A/76/1, para. 5)]"


def test_resumed_meeting_is_read_as_printed() -> None:
    v = parse_english(
        HEAD.format(report=REPORT)
        + "Recalling its resolutions,\n1.\nDecides to act.\n"
        + "54th (resumed) plenary meeting\n24 December 2021\n",
        "x.en.txt",
    )
    assert v.meeting == "54th (resumed) plenary meeting"
    assert [str(p.pid) for p in v.paragraphs] == ["PP1", "OP1"]
    assert v.paragraphs[-1].text == "Decides to act."


def test_committee_report_wrapped_onto_two_lines() -> None:
    report = "[without reference to a Main Committee (A/74/L.12/Rev.1 and\nA/74/L.12/Rev.1/Add.1)]"
    v = parse_english(
        HEAD.format(report=report) + "Recalling it,\n1.\nDecides.\n41st plenary meeting\n",
        "x.en.txt",
    )
    assert v.committee_report == (
        "without reference to a Main Committee (A/74/L.12/Rev.1 and A/74/L.12/Rev.1/Add.1)"
    )


def test_sole_unnumbered_operative_paragraph_is_op1() -> None:
    v = parse_english(
        HEAD.format(report=REPORT)
        + "Having considered the report of the Committee and the\n"
        + "recommendation contained therein,\n"
        + "Approves the report of the Committee.\n44th plenary meeting\n6 December 2021\n",
        "x.en.txt",
    )
    assert [(str(p.pid), p.text) for p in v.paragraphs] == [
        (
            "PP1",
            "Having considered the report of the Committee and the recommendation"
            " contained therein,",
        ),
        ("OP1", "Approves the report of the Committee."),
    ]


def test_running_head_without_symbol_ends_the_footnote_block() -> None:
    body = (
        "Recalling the Treaty, 1\n"
        "Noting the report,\n"
        "__________________\n1\n\nUnited Nations, Treaty Series.\n2/2\n\n21-19662\n\n"
        "Made-up title of the text\n\n"
        "1.\nDecides to act;\n2.\nRequests a report.\n45th plenary meeting\n"
    )
    v = parse_english(HEAD.format(report=REPORT) + body, "x.en.txt")
    assert [str(p.pid) for p in v.paragraphs] == ["PP1", "PP2", "OP1", "OP2"]
    assert v.footnotes == {"1": "United Nations, Treaty Series."}


PARTS_HEAD = """A/RES/76/9 A-B

United Nations

General Assembly

Seventy-sixth session
Agenda item 9

Resolutions adopted by the General Assembly
on 6 December 2021
[on the report of the First Committee (A/76/1)]

76/9.

Made-up document title
A
First part title
The General Assembly,
"""
PART_B = (
    "B\nSecond part title\nwrapping on\nThe General Assembly\nResolves that, for 2022:\n"
    "1.\nDecides to act; 2\n2.\nDecides again.\n48th (resumed) plenary meeting\n"
    "20 December 2021\n__________________\n1\n\nA footnote.\n2\n\nAnother one.\n"
)


def test_a_document_adopted_in_parts_is_one_resolution_per_part() -> None:
    text = PARTS_HEAD + "Recalling it, 1\nDecides.\n47th plenary meeting\n6 December 2021\n"
    a, b = parse_english_parts(text + PART_B, "x.en.txt")
    assert (a.symbol, b.symbol) == ("A/RES/76/9 A", "A/RES/76/9 B")
    assert (a.title, b.title) == ("First part title", "Second part title wrapping on")
    assert a.document_title == b.document_title == "Made-up document title"
    assert (a.meeting, b.meeting) == ("47th plenary meeting", "48th (resumed) plenary meeting")
    assert a.adopted == b.adopted == "2021-12-06"  # the heading's date is the document's
    report = "on the report of the First Committee (A/76/1)"
    assert a.committee_report == b.committee_report == report
    assert [str(p.pid) for p in a.paragraphs] == ["PP1", "OP1"]  # a sole unnumbered one
    assert [str(p.pid) for p in b.paragraphs] == ["OP1", "OP2"]
    # Footnotes are numbered through the document; each part keeps those it cites.
    assert a.footnotes == {"1": "A footnote."} and b.footnotes == {"2": "Another one."}
    # "Resolves that, for 2022:" introduces the paragraphs: their heading, not a PP.
    assert b.paragraphs[0].section == ("", "Resolves that, for 2022:")
    assert b.paragraphs[0].text == "Decides to act;"
    with pytest.raises(ParseError, match="holds 2 resolutions"):
        parse_english(text + PART_B, "x.en.txt")


def test_a_part_that_does_not_follow_its_meeting_line_is_refused() -> None:
    text = PARTS_HEAD + "Recalling it,\nDecides.\n47th plenary meeting\n6 December 2021\n"
    with pytest.raises(ParseError, match="part A ends at line 22, but no part B follows"):
        parse_english_parts(text + PART_B.replace("B\n", "C\n", 1), "x.en.txt")


def test_several_meeting_lines_without_part_letters_are_refused() -> None:
    body = (
        "Recalling it,\n1.\nDecides.\n47th plenary meeting\n13 December 2019\n"
        "Second part\nThe General Assembly,\nRecalling it,\n1.\nDecides.\n"
        "47th plenary meeting\n13 December 2019\n"
    )
    with pytest.raises(ParseError, match="several meeting lines but no part letters"):
        parse_english(HEAD.format(report=REPORT) + body, "x.en.txt")


def test_a_table_cell_before_a_number_is_not_the_paragraphs_first_line() -> None:
    body = (
        "Recalling it,\n1.\nApproves the following:\nSection\nAmount\n1\n"
        "Policymaking\n77 087 600\nTotal\n3 073 830 500\n2.\nDecides to act.\n"
        "45th plenary meeting\n"
    )
    v = parse_english(HEAD.format(report=REPORT) + body, "x.en.txt")
    assert v.paragraphs[1].text.endswith("Total 3 073 830 500")
    assert v.paragraphs[2].text == "Decides to act."


def test_an_unmarked_heading_inside_a_marked_section_stays_in_it() -> None:
    body = (
        "Recalling it,\nI\nIntroduction\n1.\nDecides to act;\nII\nGeneral activities\n"
        "2. Requests a report;\nMultilingualism\n3. Stresses languages;\n"
        "4. Decides to continue.\n45th plenary meeting\n"
    )
    v = parse_english(HEAD.format(report=REPORT) + body, "x.en.txt")
    sections = {str(p.pid): p.section for p in v.paragraphs}
    assert sections["OP2"] == ("II", "General activities")
    assert sections["OP3"] == sections["OP4"] == ("II", "General activities — Multilingualism")


ANNEXES = """
A/RES/76/9
Annex I
Principles of the made-up kind agreed at the meeting of the
United Nations
The States parties,
Recalling the Charter,
1.
Decide that:
(a) One thing;
(b) Another thing.
2. Agree on it.
Annex II
Second text
Everything here is one paragraph
that ends.
"""


def test_numbered_annexes_after_the_meeting_line() -> None:
    """After the meeting line and its date: "Annex I" and "Annex II", each with its title
    (wrapped after "of the"; "United Nations" on a later page is no masthead). Annex I opens
    with unnumbered paragraphs (PP<n>) before its numbered ones; Annex II, with no paragraph
    numbered "1.", is one unnumbered unit."""
    v = parse_english(
        HEAD.format(report=REPORT)
        + "Recalling its resolutions,\n1.\nDecides to act.\n"
        + "45th plenary meeting\n6 December 2021\n"
        + ANNEXES,
        "annexes.txt",
    )
    got = [(str(p.pid), p.text, p.annex, p.unnumbered) for p in v.paragraphs]
    title = "Principles of the made-up kind agreed at the meeting of the United Nations"
    assert got == [
        ("PP1", "Recalling its resolutions,", None, False),
        ("OP1", "Decides to act.", None, False),
        ("ANNEX-I.PP1", "The States parties,", ("ANNEX-I", title), False),
        ("ANNEX-I.PP2", "Recalling the Charter,", ("ANNEX-I", title), False),
        ("ANNEX-I.1", "Decide that:", ("ANNEX-I", title), False),
        ("ANNEX-I.1(a)", "One thing;", ("ANNEX-I", title), False),
        ("ANNEX-I.1(b)", "Another thing.", ("ANNEX-I", title), False),
        ("ANNEX-I.2", "Agree on it.", ("ANNEX-I", title), False),
        (
            "ANNEX-II.1",
            "Everything here is one paragraph that ends.",
            ("ANNEX-II", "Second text"),
            True,
        ),
    ]


def test_text_after_the_meeting_line_that_is_no_annex_is_refused() -> None:
    """Dropping it silently would lose text a citation could need."""
    with pytest.raises(ParseError, match="not an annex"):
        parse_english(
            HEAD.format(report=REPORT)
            + "Recalling its resolutions,\n1.\nDecides to act.\n"
            + "45th plenary meeting\n6 December 2021\n\nA/RES/76/9\nSomething else entirely.\n",
            "stray.txt",
        )
