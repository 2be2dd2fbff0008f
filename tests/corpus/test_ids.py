"""The identifier grammar: DESIGN.md's table row by row, round trips, order, and refusals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.errors import InvalidParagraphId, InvalidSymbol
from corpus.ids import (
    PARAGRAPH_ID_PATTERN,
    ROMAN,
    SYMBOL_PATTERN,
    Kind,
    ParagraphId,
    Symbol,
)
from corpus.labels import label

# (symbol, id as written, canonical id, kind, English label, Chinese label): DESIGN.md's
# "Paragraph identifiers" table, with a real symbol where the table has NN/NNN.
TABLE = [
    ("A/RES/66/45", "PP3", "PP3", Kind.PREAMBULAR,
     "A/RES/66/45, third preambular paragraph", "第66/45号决议序言部分第3段"),
    ("A/RES/66/45", "op8", "OP8", Kind.OPERATIVE,
     "A/RES/66/45, operative paragraph 8", "第66/45号决议执行部分第8段"),
    ("A/RES/58/59", "OP3(G)(IV)", "OP3(g)(iv)", Kind.OPERATIVE,
     "A/RES/58/59, operative paragraph 3 (g)(iv)", "第58/59号决议执行部分第3(g)(iv)段"),
    ("74/92B", "OP29", "OP29", Kind.OPERATIVE,
     "A/RES/74/92 B, operative paragraph 29", "第74/92 B号决议执行部分第29段"),
    ("A/RES/76/240", "b.op1", "B.OP1", Kind.OPERATIVE,
     "A/RES/76/240, section B, paragraph 1", "第76/240号决议B节第1段"),
    ("A/RES/76/240", "B.PP1", "B.PP1", Kind.PREAMBULAR,
     "A/RES/76/240, section B, first preambular paragraph", "第76/240号决议B节序言部分第1段"),
    ("A/RES/74/3", "DECL.30(x)", "DECL.30(x)", Kind.ANNEX,
     "A/RES/74/3, declaration, paragraph 30 (x)", "第74/3号决议宣言第30(x)段"),
    ("A/RES/70/1", "annex.12 (b)", "ANNEX.12(b)", Kind.ANNEX,
     "A/RES/70/1, annex, paragraph 12 (b)", "第70/1号决议附件第12(b)段"),
    ("A/RES/70/1", "ANNEX-II.5", "ANNEX-II.5", Kind.ANNEX,
     "A/RES/70/1, annex II, paragraph 5", "第70/1号决议附件二第5段"),
    # The extension (README, "Paragraph identifiers"): an annex's articles (76/120) and the
    # unnumbered paragraphs opening an annex or inline text (76/1).
    ("A/RES/76/120", "annex.art3.1(a)", "ANNEX.ART3.1(a)", Kind.ANNEX,
     "A/RES/76/120, annex, article 3, paragraph 1 (a)", "第76/120号决议附件第3条第1(a)段"),
    ("A/RES/76/120", "ANNEX.ART4", "ANNEX.ART4", Kind.ANNEX,
     "A/RES/76/120, annex, article 4", "第76/120号决议附件第4条"),
    ("A/RES/76/120", "ANNEX.ART10 (c)", "ANNEX.ART10(c)", Kind.ANNEX,
     "A/RES/76/120, annex, article 10 (c)", "第76/120号决议附件第10条(c)段"),
    ("A/RES/70/1", "ANNEX-II.ART2.1", "ANNEX-II.ART2.1", Kind.ANNEX,
     "A/RES/70/1, annex II, article 2, paragraph 1", "第70/1号决议附件二第2条第1段"),
    ("A/RES/76/1", "decl.pp1", "DECL.PP1", Kind.ANNEX,
     "A/RES/76/1, declaration, first preambular paragraph", "第76/1号决议宣言序言部分第1段"),
    ("A/RES/70/1", "ANNEX.PP2", "ANNEX.PP2", Kind.ANNEX,
     "A/RES/70/1, annex, second preambular paragraph", "第70/1号决议附件序言部分第2段"),
]  # fmt: skip


@pytest.mark.parametrize(("symbol", "text", "canonical", "kind", "en", "zh"), TABLE)
def test_the_design_table(symbol: str, text: str, canonical: str, kind: Kind, en: str, zh: str):
    pid = ParagraphId.parse(text)
    assert str(pid) == canonical and ParagraphId.parse(canonical) == pid
    assert pid.kind is kind
    assert label(symbol, pid, "en") == en and label(symbol, pid, "zh") == zh
    assert re.fullmatch(PARAGRAPH_ID_PATTERN, canonical)


@pytest.mark.parametrize(
    ("pid", "en", "zh"),
    [("ANNEX.1", "A/RES/74/262, annex", "第74/262号决议附件"),
     ("ANNEX-II.1", "A/RES/74/262, annex II", "第74/262号决议附件二"),
     ("DECL.1", "A/RES/74/262, declaration", "第74/262号决议宣言")],
)  # fmt: skip
def test_an_annex_that_is_one_unnumbered_unit_is_labelled_by_the_annex(
    pid: str, en: str, zh: str
) -> None:
    """A table annex (74/262) is one unit, ANNEX.1, printed without a number."""
    p = ParagraphId.parse(pid)
    assert label("74/262", p, "en", unnumbered=True) == en
    assert label("74/262", p, "zh", unnumbered=True) == zh
    assert label("74/262", p, "en") == f"A/RES/74/262, {en.split(', ')[1]}, paragraph 1"


@pytest.mark.parametrize(
    ("text", "symbol", "path"),
    [("66/45", "A/RES/66/45", "A/RES/66/45"),
     ("a/res/074/92 b", "A/RES/74/92 B", "A/RES/74/92%20B"),
     ("74/92B", "A/RES/74/92 B", "A/RES/74/92%20B"),
     ("A/RES/74/92 B", "A/RES/74/92 B", "A/RES/74/92%20B")],
)  # fmt: skip
def test_symbols_with_parts(text: str, symbol: str, path: str) -> None:
    s = Symbol.parse(text)
    assert str(s) == symbol and s.path == path and Symbol.parse(s.path.replace("%20", " ")) == s


@pytest.mark.parametrize("bad", ["", "66", "A/66/45", "74/92 BC", "74/92-B", "B 74/92"])
def test_bad_symbols_name_the_input(bad: str) -> None:
    with pytest.raises(InvalidSymbol, match=re.escape(repr(bad)) + ".*A/RES/74/92 B"):
        Symbol.parse(bad)


@pytest.mark.parametrize(
    "bad", ["B.", ".OP1", "BC.OP1", "DECL.OP1", "ANNEX-XXI.1", "ANNEX.0", "B.OP1.2",
            "ANNEX-B.1", "OP3(g)(q)", "PP1(a)", "Z9.OP1", "DECL.PP1(a)", "ANNEX.ART0",
            "ANNEX.ART3.0", "ANNEX.ART3.PP1", "ART3", "B.ART3", "OP1.ART2", "ANNEX.PP0"],
)  # fmt: skip
def test_bad_ids_name_the_input(bad: str) -> None:
    with pytest.raises(InvalidParagraphId, match=re.escape(repr(bad)) + ".*B.OP1"):
        ParagraphId.parse(bad)


def test_constructors_refuse_what_has_no_place() -> None:
    for make in (
        lambda: ParagraphId.operative(1, section="DECL"),  # DECL paragraphs are annex
        lambda: ParagraphId.annex(1, of="B"),
        lambda: ParagraphId.operative(1, section="bb"),
        lambda: ParagraphId(1, 1, article=3),  # only an annex has articles
        lambda: ParagraphId(2, 0, qualifier="ANNEX"),  # number 0 only for a whole article
        lambda: ParagraphId(2, 1, "a", qualifier="DECL", pp=True),
        lambda: ParagraphId(2, 1, qualifier="ANNEX", article=2, pp=True),
    ):
        with pytest.raises(InvalidParagraphId):
            make()


def test_reading_order() -> None:
    ids = ["ANNEX-II.1", "B.OP1", "OP2", "ANNEX-I.3", "DECL.1", "A.OP1", "PP4", "B.PP1",
           "OP2(a)", "A.PP2", "ANNEX-I.2(b)", "OP10"]  # fmt: skip
    assert [str(p) for p in sorted(map(ParagraphId.parse, ids))] == [
        "PP4", "OP2", "OP2(a)", "OP10", "A.PP2", "A.OP1", "B.PP1", "B.OP1", "DECL.1",
        "ANNEX-I.2(b)", "ANNEX-I.3", "ANNEX-II.1",
    ]  # fmt: skip
    annex = ["ANNEX.ART10(a)", "ANNEX.ART2.1", "DECL.2", "ANNEX.ART10", "ANNEX.PP1", "DECL.PP2",
             "ANNEX.ART1.2(b)", "ANNEX.ART1.10", "OP1", "DECL.PP1"]  # fmt: skip
    assert [str(p) for p in sorted(map(ParagraphId.parse, annex))] == [
        "OP1", "DECL.PP1", "DECL.PP2", "DECL.2", "ANNEX.PP1", "ANNEX.ART1.2(b)", "ANNEX.ART1.10",
        "ANNEX.ART2.1", "ANNEX.ART10", "ANNEX.ART10(a)",
    ]  # fmt: skip
    assert sorted(map(ParagraphId.parse, ["III.OP1", "II.OP4", "I.OP9"])) == [
        ParagraphId.operative(9, section="I"),
        ParagraphId.operative(4, section="II"),
        ParagraphId.operative(1, section="III"),
    ]


def test_parents_keep_their_qualifier() -> None:
    assert ParagraphId.parse("B.OP1(a)(ii)").parent == ParagraphId.parse("B.OP1(a)")
    assert ParagraphId.parse("ANNEX-II.5(c)").parent == ParagraphId.parse("ANNEX-II.5")
    assert ParagraphId.parse("DECL.30").parent is None
    assert ParagraphId.parse("ANNEX-II.ART3.1(a)(ii)").parent == ParagraphId.parse(
        "ANNEX-II.ART3.1(a)"
    )
    assert ParagraphId.parse("ANNEX.ART10(c)").parent == ParagraphId.parse("ANNEX.ART10")
    assert ParagraphId.parse("ANNEX.ART3.1").parent is None  # an article is not a paragraph
    assert ParagraphId.parse("DECL.PP1").parent is None


_letters = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=2)
_romans = st.sampled_from(ROMAN)
_sections = st.sampled_from([""] + [chr(c) for c in range(65, 91)] + [r.upper() for r in ROMAN])
_annexes = st.sampled_from(["DECL", "ANNEX"] + [f"ANNEX-{r.upper()}" for r in ROMAN])


@st.composite
def paragraph_ids(draw: st.DrawFn) -> ParagraphId:
    n = draw(st.integers(1, 999))
    letter = draw(st.one_of(st.just(""), _letters))
    roman = draw(_romans) if letter and draw(st.booleans()) else ""
    which = draw(st.integers(0, 5))
    if which == 0:
        return ParagraphId.preambular(n, draw(_sections))
    if which == 1:
        return ParagraphId.operative(n, letter, roman, draw(_sections))
    if which == 2:
        return ParagraphId.annex_preambular(n, draw(_annexes))
    if which == 3:  # ANNEX.ART3.1(a) or, for an article that is one paragraph, ANNEX.ART4(a)
        p = draw(st.integers(0, 999))
        return ParagraphId.annex(
            p, letter, roman, draw(_annexes), article=draw(st.integers(1, 999))
        )
    return ParagraphId.annex(n, letter, roman, draw(_annexes))


@given(paragraph_ids())
def test_paragraph_ids_round_trip(pid: ParagraphId) -> None:
    assert ParagraphId.parse(str(pid)) == pid
    assert re.fullmatch(PARAGRAPH_ID_PATTERN, str(pid))
    assert label("A/RES/66/45", pid, "en") and label("A/RES/66/45", pid, "zh")


@given(
    st.builds(
        Symbol, st.integers(1, 999), st.integers(1, 9999), st.sampled_from(["", "A", "B", "Z"])
    )
)
def test_symbols_round_trip(symbol: Symbol) -> None:
    assert Symbol.parse(str(symbol)) == symbol == Symbol.parse(symbol.short)
    assert re.fullmatch(SYMBOL_PATTERN, str(symbol))
