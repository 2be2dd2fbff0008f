"""Documents adopted in parts (74/92 A-B, 74/264 A-C): one resolution per part.

Values read from the texts (see ../shared/corpus-extra/SOURCES.md), not printed from
the parser: each part's letter and title, its paragraphs, the shared heading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.ids import ParagraphId
from corpus.labels import label
from corpus.parser import merge, parse_file
from corpus.text import LanguageVersion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra"
INFORMATION = "on the report of the Special Political and Decolonization Committee"


def parts(stem: str) -> list[LanguageVersion]:
    return parse_file(FIXTURES / f"{stem}.en.txt")


def test_74_92_has_two_parts_with_their_own_preambles() -> None:
    a, b = parts("A_RES_74_92A-B")
    assert (a.symbol, a.title) == ("A/RES/74/92 A", "Information in the service of humanity")
    assert (b.symbol, b.title) == (
        "A/RES/74/92 B",
        "United Nations global communications policies and activities",
    )
    for v in (a, b):
        assert v.document_title == "Questions relating to information"
        assert (v.adopted, v.meeting) == ("2019-12-13", "47th plenary meeting")
        assert v.committee_report and v.committee_report.startswith(INFORMATION)
    ra, rb = merge([a]), merge([b])
    assert ra.counts() == {"preambular": 2, "operative": 1, "subparagraphs": 10, "annex": 0}
    assert rb.counts() == {"preambular": 8, "operative": 116, "subparagraphs": 0, "annex": 0}
    # Part A's one operative paragraph is unnumbered, with items (i)-(iv) under (e).
    ids = [str(p.pid) for p in a.paragraphs]
    assert ids[2:4] == ["OP1", "OP1(a)"] and "OP1(e)(iv)" in ids and ids[-1] == "OP1(f)"
    assert a.paragraphs[2].text.startswith("Urges all countries, organizations")
    # Footnotes run through the document: part A cites 1 and 2, part B the rest.
    assert sorted(a.footnotes, key=int) == ["1", "2"]
    assert sorted(b.footnotes, key=int)[0] == "3"
    assert b.paragraphs[0].text.startswith("Emphasizing that the Committee on Information")


def test_74_92_b_sections_run_on_and_keep_their_subheadings() -> None:
    _, b = parts("A_RES_74_92A-B")
    section = {str(p.pid): p.section for p in b.paragraphs}
    assert section["OP1"] == ("I", "Introduction")
    assert section["OP116"] == ("VII", "Final remarks")
    # "Multilingualism and global communications" is a heading inside section II.
    mark, heading = section["OP24"] or ("", "")
    assert mark == "II" and heading.endswith("— Multilingualism and global communications")
    assert heading.startswith("General activities of the Department of Global Communications")


@pytest.mark.parametrize(
    ("letter", "title", "ops", "subs"),
    [
        ("A", "Budget appropriations for 2020", 3, 0),
        ("B", "Income estimates for 2020", 3, 0),
        ("C", "Financing of appropriations for the year 2020", 2, 6),
    ],
)
def test_74_264_parts(letter: str, title: str, ops: int, subs: int) -> None:
    v = next(p for p in parts("A_RES_74_264A-C") if p.symbol == f"A/RES/74/264 {letter}")
    assert v.title == title and v.document_title == "Programme budget for 2020"
    assert (v.adopted, v.meeting) == ("2019-12-27", "52nd (resumed) plenary meeting")
    counts = merge([v]).counts()
    assert counts == {"preambular": 0, "operative": ops, "subparagraphs": subs, "annex": 0}
    # "Resolves that, for 2020:" introduces each part's paragraphs.
    assert all(p.section == ("", "Resolves that, for 2020:") for p in v.paragraphs)


def test_74_264_budget_tables_stay_in_the_paragraph_that_introduces_them() -> None:
    a, b, _ = parts("A_RES_74_264A-C")
    op1, op2 = a.paragraphs[0].text, a.paragraphs[1].text
    assert op1.startswith("Appropriations totalling 3,073,830,500 United States dollars")
    assert "Subtotal, part II" in op1 and op1.endswith("Total 3 073 830 500")
    assert op2.startswith("The Secretary-General shall be authorized to transfer credits")
    # Part B's income rows "1. Income from staff assessment" are rows, not paragraphs.
    assert "1. Income from staff assessment 273 171 400" in b.paragraphs[0].text
    assert b.paragraphs[1].text.startswith("The income from staff assessment shall be")


def test_the_items_of_an_unnumbered_paragraph_are_labelled_by_their_letter() -> None:
    a = merge([parts("A_RES_74_92A-B")[0]])
    item = a.paragraph(ParagraphId.parse("OP1(e)(iv)"))
    assert item is not None and item.unnumbered
    assert label(a.symbol, item.pid, "en", True) == "A/RES/74/92 A, operative paragraph (e)(iv)"
    assert label(a.symbol, item.pid, "zh", True) == "第74/92 A号决议执行部分(e)(iv)段"
