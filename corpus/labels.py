"""Human citations of a paragraph, in English and Chinese, as DESIGN.md's table gives them.

"A/RES/66/45, operative paragraph 8" / "第66/45号决议执行部分第8段"; a section whose
numbering restarts, a declaration adopted inline and an annex are named before the
paragraph ("A/RES/76/240, section B, paragraph 1" / "第76/240号决议B节第1段"). Kept apart
from the grammar (corpus/ids.py) because it is wording, not reading.
"""

from __future__ import annotations

from corpus.ids import ROMAN, Kind, ParagraphId, Symbol

_EN_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_EN_ORDINALS += [f"twenty-{o}" for o in _EN_ORDINALS[:9]] + ["thirtieth"]

_ZH_DIGITS = "零一二三四五六七八九"


def en_ordinal(n: int) -> str:
    if 1 <= n <= len(_EN_ORDINALS):
        return _EN_ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def zh_numeral(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (annexes and sections stay well under 100)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _ZH_DIGITS[ones]
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def _sub(pid: ParagraphId) -> str:
    return (f"({pid.letter})" if pid.letter else "") + (f"({pid.roman})" if pid.roman else "")


def _annex_numeral(pid: ParagraphId) -> int:
    """2 for ANNEX-II, 0 for a lone ANNEX."""
    numeral = pid.qualifier.removeprefix("ANNEX").removeprefix("-").lower()
    return ROMAN.index(numeral) + 1 if numeral else 0


def label_en(pid: ParagraphId, unnumbered: bool = False) -> str:
    """'operative paragraph 3 (g)(iv)', 'section B, paragraph 1', 'annex II, paragraph 5',
    'annex, article 3, paragraph 1 (a)', 'declaration, first preambular paragraph'.

    `unnumbered`: printed without a number: an annex's one unit (a table annex, 74/262: the
    annex alone names it, "annex"), or the sole operative paragraph of a resolution or
    section (76/15: "operative paragraph"; 76/240: "section C"; its items "(a)").
    """
    sub = f" {_sub(pid)}" if pid.letter else ""
    if pid.kind is Kind.ANNEX:
        numeral = pid.qualifier.removeprefix("ANNEX").removeprefix("-")
        where = "declaration" if pid.qualifier == "DECL" else f"annex {numeral}".strip()
        if pid.pp:
            return f"{where}, {en_ordinal(pid.number)} preambular paragraph"
        if pid.article:
            own = f", paragraph {pid.number}" if pid.number else ""
            return f"{where}, article {pid.article}{own}{sub}"
        if unnumbered and not pid.letter:
            return where
        return f"{where}, paragraph {pid.number}{sub}"
    if pid.kind is Kind.PREAMBULAR:
        own = f"{en_ordinal(pid.number)} preambular paragraph"
    elif unnumbered:  # the sole operative paragraph, printed without a number (76/15)
        if pid.qualifier:
            return f"section {pid.qualifier}" + (f", {_sub(pid)}" if pid.letter else "")
        return f"operative paragraph{sub}"
    else:
        # within a section the UN says "paragraph 1": "operative" is understood
        own = f"{'' if pid.qualifier else 'operative '}paragraph {pid.number}{sub}"
    return f"section {pid.qualifier}, {own}" if pid.qualifier else own


def label_zh(pid: ParagraphId, unnumbered: bool = False) -> str:
    """'执行部分第3(g)(iv)段', 'B节第1段', 'B节序言部分第1段', '宣言第30(x)段', '附件二第5段',
    '附件第3条第1(a)段', '附件第4条', '宣言序言部分第1段'; `unnumbered` as in label_en."""
    own = f"第{pid.number}{_sub(pid)}段"
    if pid.kind is Kind.ANNEX:
        if pid.qualifier == "DECL":
            where = "宣言"
        else:
            numeral = _annex_numeral(pid)
            where = f"附件{zh_numeral(numeral) if numeral else ''}"
        if pid.pp:
            return f"{where}序言部分{own}"
        if pid.article:
            # an unnumbered article's items: "附件第10条(a)段"
            rest = own if pid.number else (f"{_sub(pid)}段" if pid.letter else "")
            return f"{where}第{pid.article}条{rest}"
        if unnumbered and not pid.letter:
            return where
        return f"{where}{own}"
    section = f"{pid.qualifier}节" if pid.qualifier else ""
    if pid.kind is Kind.PREAMBULAR:
        return f"{section}序言部分{own}"
    if unnumbered:  # the sole operative paragraph, printed without a number
        return (section or "执行部分") + (f"{_sub(pid)}段" if pid.letter else "")
    return f"{section}{own}" if section else f"执行部分{own}"


def label(symbol: str | Symbol, pid: ParagraphId, lang: str, unnumbered: bool = False) -> str:
    """The human citation: 'A/RES/66/45, operative paragraph 8' / '第66/45号决议执行部分第8段';
    with `unnumbered` (Paragraph.unnumbered): 'A/RES/74/262, annex', 'A/RES/76/240, section C'."""
    sym = symbol if isinstance(symbol, Symbol) else Symbol.parse(symbol)
    if lang == "zh":
        return f"第{sym.short}号决议{label_zh(pid, unnumbered)}"
    return f"{sym}, {label_en(pid, unnumbered)}"
