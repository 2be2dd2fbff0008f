"""Layouts the first series never showed, each on a small made-up text.

The real texts are in test_parse_extra.py; these pin down one rule each, so a
failure names the rule: "(resumed)" meetings, a committee report wrapped onto a
second line, a running head without the symbol, a sole unnumbered operative
paragraph, several resolutions in one file, and annexes after the meeting line.
"""

from __future__ import annotations

import pytest

from corpus.errors import ParseError
from corpus.parse_en import parse_english

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


def test_several_resolutions_in_one_file_are_refused() -> None:
    body = (
        "Recalling it,\n1.\nDecides.\n47th plenary meeting\n13 December 2019\n"
        "B\nSecond part\nThe General Assembly,\nRecalling it,\n1.\nDecides.\n"
        "47th plenary meeting\n13 December 2019\n"
    )
    with pytest.raises(ParseError, match="several resolutions"):
        parse_english(HEAD.format(report=REPORT) + body, "x.en.txt")


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
