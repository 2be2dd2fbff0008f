"""Question understanding reads part symbols and qualified paragraphs through corpus/ids.py."""

from __future__ import annotations

import pytest

from corpus.ids import ParagraphId
from understanding import understand


@pytest.mark.parametrize(
    ("question", "symbols", "paragraph"),
    [
        ("What does 74/92 B say about outer space?", ("A/RES/74/92 B",), None),
        ("A/RES/74/92 B operative paragraph 29", ("A/RES/74/92 B",), "OP29"),
        ("74/92B?", ("A/RES/74/92 B",), None),
        ("第74/92 B号决议执行部分第29段", ("A/RES/74/92 B",), "OP29"),
        ("Compare 74/92 A and 74/92 B.", ("A/RES/74/92 A", "A/RES/74/92 B"), None),
        # a capital A or I before a lower-case word is English, not a part
        ("Is 66/45 A resolution on the CTBT?", ("A/RES/66/45",), None),
        ("paragraph 1 of section B of 76/240", ("A/RES/76/240",), "B.OP1"),
        ("76/240, section B, first preambular paragraph", ("A/RES/76/240",), "B.PP1"),
        ("76/240 B节第1段", ("A/RES/76/240",), "B.OP1"),  # "B节" is a section, not a part
        ("76/240 B节序言部分第1段", ("A/RES/76/240",), "B.PP1"),
        ("annex paragraph 7 of 70/1", ("A/RES/70/1",), "ANNEX.7"),
        ("paragraph 12 (b) of annex II", (), "ANNEX-II.12(b)"),
        ("70/1附件第7段", ("A/RES/70/1",), "ANNEX.7"),
        ("70/1附件二第5段", ("A/RES/70/1",), "ANNEX-II.5"),
        ("What does paragraph 30 (x) of the declaration say?", (), "DECL.30(x)"),
        ("74/3 宣言第30(x)段", ("A/RES/74/3",), "DECL.30(x)"),
        # another text's paragraph stays another text's
        ("paragraph 3 of the Declaration on the Right to Development", (), None),
        # the unnumbered paragraphs opening a declaration (76/1)
        ("the first preambular paragraph of the declaration in 76/1", ("A/RES/76/1",), "DECL.PP1"),
        ("76/1号决议宣言序言部分第1段", ("A/RES/76/1",), "DECL.PP1"),
        # an annex's articles (76/120's regulations)
        ("article 8, paragraph 1 of the annex to 76/120", ("A/RES/76/120",), "ANNEX.ART8.1"),
        ("paragraph 2 (b) of article 12 of the annex", (), "ANNEX.ART12.2(b)"),
        ("76/120 annex, article 4", ("A/RES/76/120",), "ANNEX.ART4"),
        ("article 3 of annex II", (), "ANNEX-II.ART3"),
        ("76/120号决议附件第8条第1段", ("A/RES/76/120",), "ANNEX.ART8.1"),
        ("附件第4条", (), "ANNEX.ART4"),
        # an article of another text is not ours
        ("What does Article 102 of the Charter say?", (), None),
    ],
)
def test_parts_and_locators(question: str, symbols: tuple[str, ...], paragraph: str | None):
    u = understand(question)
    assert u.symbols == symbols
    assert u.paragraph == (ParagraphId.parse(paragraph) if paragraph else None)
