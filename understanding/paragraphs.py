"""The paragraph a question names: "OP 9", "paragraph 3 (g) (iv)", "执行部分第13段".

Also "operative paragraph 9", "the third preambular paragraph", "subparagraph (a) of
paragraph 3", "序言部分第三段", "第3段(b)分段"; and where it sits (understanding/locators.py):
"paragraph 1 of section B", "B节第1段", "annex paragraph 7", "宣言第30(x)段".

Choices on ambiguous input (each has a test in tests/understanding/test_query.py):

* "paragraph N" with no qualifier is operative N (the UN numbers only operative paragraphs);
  Chinese "第N段" likewise. Ordinals need a kind: "the third preambular paragraph" is PP3,
  "the third operative paragraph" is OP3, but a bare "the third paragraph" is left alone
  (it could mean the third paragraph in reading order, which is preambular).
* A paragraph reference that belongs to another document ("paragraph 4 of the Final
  Document", "paragraph 3 of Security Council resolution 1540 (2004)") is not taken.
* When a question names several paragraphs, the paragraph is the first one; the rest of a
  list ("paragraphs 3 and 4", "3 (b) and (c)") is cut from the topic with it.
"""

from __future__ import annotations

import re

from corpus.ids import ROMAN, ParagraphId
from understanding.locators import find_articles, qualify
from understanding.numerals import CARDINAL_VALUE, ORDINAL_VALUE, ZH_NUM, alternation, zh_number
from understanding.text import LPAR, NOT_AFTER_ASCII, NOT_BEFORE_ASCII, RPAR, Span, extend_left

_ORDINAL = r"(?P<ord>" + alternation(ORDINAL_VALUE) + r"|\d{1,2}(?:st|nd|rd|th))"


def _sub_items(tag: str = "") -> str:
    """ "(b)" then optionally "(iv)", as groups l<tag> and r<tag>.

    A letter is single or doubled: (a) ... (z), then (aa), (bb) in long lists, so "(iv)" right
    after the number is not a letter.
    """
    return (
        LPAR
        + rf"\s?(?P<l{tag}>(?P<l0{tag}>[a-zA-Z])(?P=l0{tag})?)\s?"
        + RPAR
        + r"(?:\s?"
        + LPAR
        + rf"\s?(?P<r{tag}>[ivxlIVXL]{{1,6}})\s?"
        + RPAR
        + r")?"
    )


# "(b)", " (b)", ", subparagraph (b)", then "(iv)".
_SUB = r"(?:,?\s?(?:(?i:sub-?paragraph)\s?)?" + _sub_items() + r")?"

# "OP9", "op 9", "OP 3(b)(iv)", "PP3".
_PARA_ABBREV = re.compile(
    NOT_AFTER_ASCII + r"(?P<kind>(?i:OP|PP))\.?\s?(?P<n>\d{1,3})" + NOT_BEFORE_ASCII + _SUB
)
# "operative paragraph 9", "preambular para. 3", "paragraph 3 (b)", "para 3(g)(iv)",
# "subparagraph 3 (a)", "paragraph 3b", "§ 3", "paragraph three", "paragraph 3 of the preamble",
# "paragraph 3 of the operative part".
_PARA_NUMBERED = re.compile(
    NOT_AFTER_ASCII + r"(?:(?P<kind>(?i:operative|preambular))\s+)?"
    r"(?:(?i:sub-?paragraph|paragraph|para)(?P<plural>s)?\.?\s*|§\s?)"
    r"(?:(?P<n>\d{1,3})(?:(?P<lb>[a-z])" + NOT_BEFORE_ASCII + r")?"
    r"|(?P<word>" + alternation(CARDINAL_VALUE) + r")" + NOT_BEFORE_ASCII + r")"
    r"(?![\d/])" + _SUB + r"(?:\s+(?i:of\s+the\s+)(?P<part>(?i:preamble|operative\s+part)))?"
)
# "paragraphs 3, 4 and 7", "paragraphs 3 to 5", "paragraph 3 (b) and (c)": the first is the
# reference; the rest of the list is cut from the topic with it.
_LIST_ITEM = r"(?:\d{1,3}(?!\d)|" + LPAR + r"[a-zA-Z]{1,4}" + RPAR + r")"
_LIST_TAIL = re.compile(
    r"(?:\s*(?:,|(?i:and|or|to)(?![A-Za-z])|-|\u2013)\s*"
    + _LIST_ITEM
    + r"(?:\s?"
    + LPAR
    + r"[a-zA-Z]{1,4}"
    + RPAR
    + r")*)+"
)
# "subparagraph (a) of paragraph 3", "sub-paragraph (b) of operative paragraph 3".
_PARA_SUB_OF = re.compile(
    NOT_AFTER_ASCII
    + r"(?i:sub-?paragraph)\s?"
    + _sub_items()
    + r"\s+(?i:of)\s+(?:(?i:operative)\s+)?(?i:paragraph)\s?(?P<n>\d{1,3})"
    + NOT_BEFORE_ASCII
)
# "the third preambular paragraph", "the 3rd operative paragraph", "third paragraph of the
# preamble".
_PARA_ORDINAL = re.compile(
    r"(?:(?<![A-Za-z])(?i:the)\s+)?" + NOT_AFTER_ASCII + r"(?i:" + _ORDINAL + r")\s+"
    r"(?:(?P<kind>(?i:preambular|operative))\s+(?i:paragraph)"
    r"|(?i:paragraph\s+of\s+the\s+)(?P<part>(?i:preamble|operative\s+part)))" + NOT_BEFORE_ASCII
)
# A reference followed by "of" + another document is that document's paragraph:
# "paragraph 4 of the Final Document", "paragraph 3 of Security Council resolution 1540
# (2004)", "paragraph 3 of resolution 1540 (2004)". Ours: "of the resolution", "of 66/45",
# "of A/RES/66/45", "of General Assembly resolution 66/45", "of the 2007 resolution", "of the
# Middle East resolution".
_OF_PHRASE = re.compile(r"\s+(?i:of)\s+(?:(?i:the|its)\s+)?(?P<np>[^?.,;!？。，；！]{0,60})")
_TITLECASE_START = re.compile(r"(?!General\s+Assembly|United\s+Nations|UN\s)[A-Z][a-z]")
_SC_STYLE = re.compile(r"Security\s+Council|\d+\s*\(\d{4}\)")
_RESOLUTION_WORD = re.compile(r"(?<![A-Za-z])resolution")


def _belongs_elsewhere(text: str, end: int) -> bool:
    m = _OF_PHRASE.match(text, end)
    if not m:
        return False
    np = m.group("np")
    if _SC_STYLE.search(np):
        return True
    return bool(_TITLECASE_START.match(np)) and not _RESOLUTION_WORD.search(np)


# "第13段", "执行部分第13段", "序言部分第三段", "第3(b)段", "第3段(b)分段", "第3(g)(iv)段".
_PARA_ZH = re.compile(
    r"(?P<kind>执行部分|执行段落|序言部分|序言段落|序言)?的?"
    r"第\s?(?P<n>\d{1,3}|" + ZH_NUM + r")\s?"
    r"(?:" + _sub_items("1") + r"\s?段落?"
    r"|段落?(?:\s?第?\s?" + _sub_items("2") + r"(?:分段|小段|项)?)?)"
)


def _make_pid(
    preambular: bool, n: int, letter: str | None, roman: str | None
) -> ParagraphId | None:
    """A valid ParagraphId, or None for numbers and items no resolution has."""
    if n < 1:
        return None
    if preambular:
        return ParagraphId.preambular(n)  # preambular paragraphs have no sub-items
    letter = (letter or "").lower()
    roman = (roman or "").lower()
    if roman not in ROMAN:
        roman = ""
    if not letter:
        roman = ""
    return ParagraphId.operative(n, letter, roman)


def find_paragraph(text: str, spans: list[Span]) -> ParagraphId | None:
    """The first paragraph named; every paragraph reference's span recorded."""
    found: list[tuple[int, int, ParagraphId]] = []  # (start, end, pid)

    def add(m: re.Match[str], pid: ParagraphId | None, end: int | None = None) -> None:
        end = m.end() if end is None else end
        if pid is None:
            return
        # "paragraph 1 of section B", "annex paragraph 7": ours, in a part of the text
        placed = qualify(text, m.start(), end, pid)
        if placed is not None:
            found.append(placed)
        elif not _belongs_elsewhere(text, end):
            found.append((m.start(), end, pid))

    # Cheap substring tests first: most questions name no paragraph at all.
    low = text.lower()
    abbrev = _PARA_ABBREV.finditer(text) if ("op" in low or "pp" in low) else ()
    numbered = _PARA_NUMBERED.finditer(text) if ("para" in low or "§" in text) else ()
    sub_of = _PARA_SUB_OF.finditer(text) if "sub" in low else ()
    ordinal = _PARA_ORDINAL.finditer(text) if "paragraph" in low else ()
    chinese = _PARA_ZH.finditer(text) if "第" in text else ()

    for m in abbrev:
        tail = _LIST_TAIL.match(text, m.end())
        add(
            m,
            _make_pid(
                m.group("kind").upper() == "PP", int(m.group("n")), m.group("l"), m.group("r")
            ),
            tail.end() if tail else None,
        )

    for m in sub_of:
        add(m, _make_pid(False, int(m.group("n")), m.group("l"), m.group("r")))

    for m in numbered:
        kind = (m.group("kind") or "").lower()
        n = int(m.group("n")) if m.group("n") else CARDINAL_VALUE[m.group("word").lower()]
        if m.group("l"):
            letter, roman = m.group("l"), m.group("r")
        else:
            letter, roman = m.group("lb"), None
        tail = _LIST_TAIL.match(text, m.end())
        part = (m.group("part") or "").lower()
        add(
            m,
            _make_pid(kind == "preambular" or part == "preamble", n, letter, roman),
            tail.end() if tail else None,
        )

    for m in ordinal:
        word = re.sub(r"[\-\s]+", "-", m.group("ord").lower())
        n = ORDINAL_VALUE.get(word) or int(re.sub(r"\D", "", word) or 0)
        kind = (m.group("kind") or m.group("part") or "").lower()
        add(m, _make_pid(kind.startswith("pre"), n, None, None))

    for m in chinese:
        add(
            m,
            _make_pid(
                (m.group("kind") or "").startswith("序言"),
                zh_number(m.group("n")),
                m.group("l1") or m.group("l2"),
                m.group("r1") or m.group("r2"),
            ),
        )

    if "rticle" in text or "条" in text:
        found += find_articles(text)
    if not found:
        return None
    # Overlapping matches ("subparagraph (a) of paragraph 3" also holds "paragraph 3") are one
    # reference; the first in the text wins, the widest where two start together.
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    for start, end, _pid in found:
        spans.append((extend_left(text, start), end))
    return found[0][2]
