"""Where in a resolution a named paragraph sits: a section, its annex, a declaration.

"paragraph 1 of section B" / "section B, paragraph 1" / "B节第1段" is B.OP1; "annex
paragraph 7" / "paragraph 7 of annex II" / "附件第7段" / "附件二第7段" is ANNEX.7 or
ANNEX-II.7; "paragraph 30 (x) of the declaration" / "宣言第30(x)段" is DECL.30(x). The
paragraph itself is found by understanding/paragraphs.py; this only reads the words just
before or after it and qualifies the id through corpus/ids.py, so a question's "section
B" and a stored "B.OP1" are one id.

Choices: "of the Declaration on ..." / "of the Declaration of ..." names another text and
is left alone, as is a section named by anything but a capital letter or numeral.
"""

from __future__ import annotations

import re

from corpus.errors import InvalidParagraphId
from corpus.ids import ROMAN, Kind, ParagraphId
from understanding.numerals import ZH_NUM, zh_number

_WHERE = (
    r"(?:(?i:section)\s+(?P<sec>[A-Z]|[IVX]{1,5})"
    r"|(?P<annex>(?i:annex))(?:\s+(?P<anum>[IVX]{1,5}))?"
    r"|(?P<decl>(?i:declaration))(?!\s+(?i:on|of)\s))(?![A-Za-z0-9])"
)
# after the paragraph: "paragraph 1 of section B", "paragraph 7 in annex II"
_AFTER = re.compile(r",?\s+(?i:of|in)\s+(?:(?i:the|its)\s+)?" + _WHERE)
# before it: "section B, paragraph 1", "annex paragraph 7", "the declaration's paragraph 30"
_BEFORE = re.compile(_WHERE + r"(?:'s)?,?\s+$")
# Chinese, before it: "B节第1段", "附件二第7段", "宣言第30(x)段", "附件的第7段"
_BEFORE_ZH = re.compile(
    r"(?:(?P<sec>[A-Z]|[IVX]{1,5})\s?节|(?P<annex>附件)(?P<anum>" + ZH_NUM + r")?"
    r"|(?P<decl>宣言))的?\s?$"
)
_WINDOW = 24  # "the declaration's " and "section XVIII, " fit


def qualify(
    text: str, start: int, end: int, pid: ParagraphId
) -> tuple[int, int, ParagraphId] | None:
    """(start, end, qualified id) when words around text[start:end] place the paragraph."""
    if pid.qualifier:
        return None
    after = _AFTER.match(text, end)
    if after and (placed := _placed(pid, after)):
        return start, after.end(), placed
    window = max(0, start - _WINDOW)
    for pattern in (_BEFORE, _BEFORE_ZH):
        before = pattern.search(text, window, start)
        if before and (placed := _placed(pid, before)):
            return before.start(), end, placed
    return None


def _placed(pid: ParagraphId, m: re.Match[str]) -> ParagraphId | None:
    """`pid` in the section, annex or declaration `m` names; None for one no text has."""
    try:
        if m.group("sec"):
            return ParagraphId(pid.kind_rank, pid.number, pid.letter, pid.roman, m.group("sec"))
        if pid.kind is Kind.PREAMBULAR:
            return None  # annexes and declarations are numbered without PP/OP
        if m.group("decl"):
            return ParagraphId.annex(pid.number, pid.letter, pid.roman, "DECL")
        return ParagraphId.annex(pid.number, pid.letter, pid.roman, _annex(m.group("anum")))
    except InvalidParagraphId:
        return None


def _annex(numeral: str | None) -> str:
    """'II' or '二' -> 'ANNEX-II'; none -> 'ANNEX'."""
    if not numeral:
        return "ANNEX"
    if numeral.isascii():
        return f"ANNEX-{numeral}"
    n = zh_number(numeral)
    return f"ANNEX-{ROMAN[n - 1].upper()}" if 1 <= n <= len(ROMAN) else f"ANNEX-{numeral}"
