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

# An article of an annex (76/120's regulations): "article 8, paragraph 1 of the annex",
# "paragraph 1 of article 8 of the annex", "annex, article 8 (b)", "附件第8条第1段".
# "Article 102 of the Charter" names another text: only an annex placed by the words
# around the article makes it ours.
_ANNEX_EN = r"(?i:annex)(?:\s+(?P<anum>[IVX]{1,5}))?(?![A-Za-z])"
_SUB = r"(?:\s?\((?P<l>[a-z]{1,2})\))?(?:\s?\((?P<r>[ivx]{1,5})\))?"
_ARTICLE_EN = [
    re.compile(
        r"(?i:paragraph)\s+(?P<n>\d{1,3})" + _SUB + r"\s+(?i:of)\s+(?i:article)\s+(?P<a>\d{1,3})"
        r",?\s+(?i:of|in)\s+(?:(?i:the|its)\s+)?" + _ANNEX_EN
    ),
    re.compile(
        r"(?i:article)\s+(?P<a>\d{1,3})(?:,?\s+(?i:paragraph)\s+(?P<n>\d{1,3}))?"
        + _SUB
        + r",?\s+(?i:of|in)\s+(?:(?i:the|its)\s+)?"
        + _ANNEX_EN
    ),
    re.compile(
        _ANNEX_EN + r"(?:'s)?,?\s+(?i:article)\s+(?P<a>\d{1,3})"
        r"(?:,?\s+(?i:paragraph)\s+(?P<n>\d{1,3}))?" + _SUB
    ),
]
_ARTICLE_ZH = re.compile(
    r"附件(?P<anum>" + ZH_NUM + r")?的?第(?P<a>\d{1,3}|" + ZH_NUM + r")条"
    r"(?:第(?P<n>\d{1,3}|" + ZH_NUM + r")(?:款|段))?" + _SUB + r"(?:项|段)?"
)


def find_articles(text: str) -> list[tuple[int, int, ParagraphId]]:
    """(start, end, id) of each annex article named: ANNEX.ART8.1, ANNEX-II.ART3(b)."""
    found = []
    matches = [m for pattern in _ARTICLE_EN for m in pattern.finditer(text)]
    if "附件" in text:
        matches += list(_ARTICLE_ZH.finditer(text))
    for m in matches:
        article = _number(m.group("a"))
        n = _number(m.group("n")) if m.group("n") else 0
        try:
            pid = ParagraphId.annex(
                n, m.group("l") or "", m.group("r") or "", _annex(m.group("anum")), article
            )
        except InvalidParagraphId:
            continue
        found.append((m.start(), m.end(), pid))
    return found


def _number(text: str) -> int:
    return int(text) if text.isdigit() else zh_number(text)


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
        where = "DECL" if m.group("decl") else _annex(m.group("anum"))
        if pid.kind is Kind.PREAMBULAR:  # the unnumbered paragraphs opening it (76/1)
            return ParagraphId.annex_preambular(pid.number, where)
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
