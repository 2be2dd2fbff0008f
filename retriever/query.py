"""Query understanding: what a question names explicitly, and what is left to search for.

Diplomats and researchers refer to General Assembly texts in a handful of stable ways:
"66/45", "A/RES/66/45", "resolution 66/45", "第66/45号决议"; "OP 9", "operative paragraph
3 (g) (iv)", "the third preambular paragraph", "执行部分第13段", "序言部分第三段"; "the 2007
resolution", "2007年的决议". ``understand`` pulls those references out of a question so the
retriever can filter or fetch directly, and hands back the rest (``topic``) as the text to
search with.

It runs on every query, so every pattern is compiled once at import and the work per call is
a few regex scans over a short string (well under 0.2 ms for a typical question).

Choices on ambiguous input (each has a test in tests/retriever/test_query.py):

* A bare "N/M" is a resolution symbol only when it is not part of a longer document symbol
  ("A/57/124", "NPT/CONF.2000/28", "A/C.1/66/L.40", "ES-10/19"), not part of a date
  ("31/12/2011") and has a session of 31 or more: the General Assembly has numbered its
  resolutions "session/number" only since its 31st session (1976), so "24/7", "2/3" or
  "12/2011" are not GA symbols. A lower session is accepted when the question marks it as a
  resolution ("resolution 24/7", "第24/7号决议", "A/RES/24/7") or when it is in
  ``known_symbols``. Symbols not in ``known_symbols`` are still reported: the caller decides
  to say "not in the corpus".
* Security Council style "resolution 1540 (2004)" and IAEA "GC(48)/RES/14" are never GA
  symbols, and their years are not resolution years.
* A year is a resolution year when it modifies "resolution" ("the 2007 resolution", "the 2007
  disarmament resolution", "resolutions adopted in 2007", "2007年的决议") or dates the
  question ("in 2011", "adopted on 2 December 2011", "2011年", "66/45 of 2011"); lists count
  whole ("in 2010 and 2011"). A year that names another event is not: "the 2010 Review
  Conference", "the 13 practical steps agreed in 2000", "the Conference held in 2010",
  "2010年审议大会", "2000年商定的...". For the ambiguous bare "in 2011" we take the year
  unless the word before it ties it to an event: a Titlecase name other than the General
  Assembly ("the Review Conference in 2010"), or an event verb such as "held", "agreed",
  "signed", "conducted". "since 2000", "by 2020" and ranges ("2005-2010") are not taken.
  Years are hints: callers should not let them override an explicit symbol.
* "paragraph N" with no qualifier is operative N (the UN numbers only operative paragraphs);
  Chinese "第N段" likewise. Ordinals need a kind: "the third preambular paragraph" is PP3,
  "the third operative paragraph" is OP3, but a bare "the third paragraph" is left alone
  (it could mean the third paragraph in reading order, which is preambular).
* A paragraph reference that belongs to another document ("paragraph 4 of the Final
  Document", "paragraph 3 of Security Council resolution 1540 (2004)") is not taken.
* When a question names several paragraphs, ``paragraph`` is the first one; the rest of a
  list ("paragraphs 3 and 4", "3 (b) and (c)") is cut from the topic with it.
* ``topic`` drops each reference together with its connecting words ("of 66/45", "in OP 9",
  "第66/45号决议中") and the generic "resolution"/"决议", but keeps the question words
  ("Which paragraph ...") and another body's text ("Security Council resolution 1540
  (2004)", "决议草案"), which are substance for retrieval.
* ``is_lookup`` is True when a symbol or a paragraph is named and what remains is only request
  words ("show me", "what does ... say", "quote", "是什么", "原文", "内容"). A named subject
  ("... about verification", "关于核查的内容") makes it a search.
* ``lang`` is "zh" when the CJK characters, counted as words of 1.5 characters, are at least
  as many as the Latin words that have a lowercase letter (acronyms and symbols such as
  "CTBT", "A/C.1/66/L.40" are no language): "What does 决议 mean?" is English,
  "关于CTBT的段落" and "决议草案A/C.1/66/L.40" are Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from corpus.model import ROMAN, ParagraphId

__all__ = ["QueryIntent", "understand"]

_YEAR_MIN, _YEAR_MAX = 1946, 2100


def _list(words: str) -> list[str]:
    return words.split()


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Resolutions were numbered "session/number" from the 31st session (1976) on.
_FIRST_SLASH_SESSION = 31


@dataclass(frozen=True)
class QueryIntent:
    """What a question asks for explicitly, and the text left to search with."""

    symbols: tuple[str, ...]  # normalized "A/RES/66/45", in order of mention, no duplicates
    years: tuple[int, ...]  # resolution years named, in order of mention, no duplicates
    paragraph: ParagraphId | None  # the first explicit paragraph reference
    lang: str  # "zh" or "en"
    topic: str  # the question minus the references, for the retrieval query

    @property
    def is_lookup(self) -> bool:
        """True when the question is just a reference: nothing substantive to search for.

        "62/37号决议第12段", "Show me operative paragraph 4 of A/RES/66/45", "OP 9 of 62/37?".
        A lookup without a symbol ("OP 9?") is still a lookup; the caller decides what a
        paragraph with no resolution means.
        """
        return bool(self.symbols or self.paragraph) and not _has_substance(self.topic)


# --- character classes --------------------------------------------------------------------
# Python's \w and \b are Unicode-aware, so "议" counts as a word character and "决议OP3" has
# no \b before "OP". Boundaries are therefore spelled out in ASCII.
_NOT_AFTER_ASCII = r"(?<![A-Za-z0-9_])"
_NOT_BEFORE_ASCII = r"(?![A-Za-z0-9_])"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LPAR, _RPAR = "[(\uff08]", "[)\uff09]"  # ASCII and full-width parentheses

# --- symbols ------------------------------------------------------------------------------
# The symbol itself, then what may follow it. The words before it are matched separately
# (_SYMBOL_LEAD) so that this pattern fails fast at every position that is not a digit or
# "A": an optional leading group would be tried at every character of the question.
_SYMBOL = re.compile(
    r"""
    (?:
        # a preceding letter, digit, "/", "." or "-" means a longer symbol: A/57/124,
        # NPT/CONF.2000/28, A/C.1/66/L.40, A/RES/ES-10/19
        (?<![A-Za-z0-9_./\-])(?P<full>(?i:A\s?/\s?RES\s?/\s?))(?P<fs>\d{1,3})\s?/\s?(?P<fn>\d{1,4})
      | (?<![A-Za-z0-9_./\-])(?P<bs>[1-9]\d{0,2})/(?P<bn>[1-9]\d{0,3})
    )
    (?![A-Za-z0-9_/]|\.\d)                       # nor "66/45/2", "66/45A", "66/45.3"
    (?:\s?\((?P<py>(?:19|20)\d\d)\)                  # "66/45 (2011)", "66/45 of 2011"
      | \s+(?i:of|from|adopted\s+in)\s+(?P<oy>(?:19|20)\d\d)(?![0-9/]|\.\d) )?
    (?P<tail>
        \s?号
        (?:(?:大会)?决议
            (?:[中里内](?=[的关对有是哪提第所：:，,？?\s]|$))?
            的?
        )?
    )?
    """,
    re.VERBOSE,
)
# Searched in the few characters before a symbol, up to it: "of 66/45", "in the resolution
# 66/45", "General Assembly resolution 66/45", "在第66/45号决议".
_SYMBOL_LEAD = re.compile(
    r"""
    (?:(?<![A-Za-z])(?i:of|in|from|under|by|see)\s+)?     # "of 66/45" goes with it
    (?:(?<![A-Za-z])(?i:the|its)\s+)?
    (?P<ctx>
        (?:(?i:UN\s+|United\s+Nations\s+)?(?:(?i:General\s+Assembly)|GA|UNGA)\s+)?
        (?<![A-Za-z])(?i:resolutions?|res\.)\s*(?:(?i:no)\.\s*)?
      | (?:在|于)?第\s?
    )?
    $
    """,
    re.VERBOSE,
)
_LEAD_WINDOW = 64  # "of the United Nations General Assembly resolution No. " fits


def _symbols(
    text: str,
    known: Collection[str] | None,
    spans: list[tuple[int, int]],
    year_hits: list[tuple[int, int]],
) -> tuple[str, ...]:
    found: list[str] = []
    if "/" not in text:
        return ()
    for m in _SYMBOL.finditer(text):
        if m.group("full"):
            session, number = int(m.group("fs")), int(m.group("fn"))
        else:
            session, number = int(m.group("bs")), int(m.group("bn"))
        if session < 1 or number < 1:
            continue
        symbol = f"A/RES/{session}/{number}"
        lead = _SYMBOL_LEAD.search(text, max(0, m.start() - _LEAD_WINDOW), m.start())
        start = lead.start() if lead else m.start()
        marked = bool(m.group("full") or m.group("tail") or (lead and lead.group("ctx")))
        if not marked and session < _FIRST_SLASH_SESSION and (known is None or symbol not in known):
            continue  # "24/7", "2/3 majority", "12/2011": not GA symbols
        spans.append((start, m.end()))
        for g in ("py", "oy"):
            if m.group(g) and _in_range(int(m.group(g))):
                year_hits.append((m.start(g), int(m.group(g))))
        if symbol not in found:
            found.append(symbol)
    return tuple(found)


# --- years --------------------------------------------------------------------------------
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
# A year not inside a document symbol ("NPT/CONF.2000/28"), not parenthesized after a
# Security Council number ("1540 (2004)") and not an end of a range ("2005-2010").
_Y = r"(?<![A-Za-z0-9_/.(\-\u2013])(?P<y>(?:19|20|21)\d\d)(?![0-9/]|\.\d|\s?[\-\u2013]\s?\d)"
# "2010 and 2011", "2009, 2010 or 2011": every year of the list counts.
_YS = _Y + r"(?P<more>(?:\s*(?:,|(?i:and|or))\s*(?:19|20|21)\d\d(?![0-9/]|\.\d))*)"
_GA_NAME = r"(?:General\s+Assembly|GA|UNGA|UN)"
_GA_NAME_RE = re.compile(_GA_NAME)
_FUNCTION_WORDS = (
    r"(?:the|a|an|and|or|of|in|on|at|by|to|for|was|were|is|are|has|have|had"
    r"|that|which|adopted|passed)"
)

# "the 2007 resolution", "2007's resolution", "the 2007 disarmament resolutions",
# "the 2007 GA resolution", "the 2007 NPT resolution". Only lowercase words, acronyms and the
# Assembly's own name may stand between: a Titlecase name ("the 2010 Review Conference
# resolution") is another body.
_YEAR_ATTRIBUTIVE = re.compile(
    r"(?P<head>(?:(?<![A-Za-z])(?i:the|a|its|which|what|this)\s+)?" + _YS + r"(?:'s)?\s+)"
    r"(?P<mods>(?:(?:" + _GA_NAME + r"|(?!" + _FUNCTION_WORDS + r"\b)[a-z][a-z\-]*|[A-Z]{2,6})"
    r"\s+){0,3}?)"
    r"(?P<word>(?i:resolutions?))" + _NOT_BEFORE_ASCII
)
# "resolutions adopted in 2007", "the resolution of 2007", "resolution adopted on 2 December
# 2011".
_YEAR_OF_RESOLUTION = re.compile(
    r"(?:(?<![A-Za-z])" + _GA_NAME + r"\s+)?"
    r"(?<![A-Za-z])(?i:resolutions?)\s+(?:(?i:adopted|passed|approved)\s+)?(?i:in|of|from|on)\s+"
    r"(?:(?:\d{1,2}\s+)?" + _MONTH + r"\s+(?:\d{1,2},?\s+)?)?" + _YS
)
# "in 2011", "adopted in 2011", "on 2 December 2011", "in December 2011".
_YEAR_IN = re.compile(
    r"(?:(?<![A-Za-z\-'])(?P<prev>[A-Za-z][A-Za-z\-]*)\s+)?"
    r"(?P<phrase>(?<![A-Za-z])(?i:in|on)\s+(?:(?:\d{1,2}\s+)?"
    + _MONTH
    + r"\s+(?:\d{1,2},?\s+)?)?"
    + _YS
    + r")"
)
# A word before "in YEAR" that ties the year to something other than a resolution.
_EVENT_VERBS = _words(
    "held convened agreed signed concluded launched made reached undertaken force place opened "
    "established conducted out achieved given took started began"
)
_ADOPTION_VERBS = _words("adopted passed approved voted decided")
_GA_WORDS = _words("Assembly GA UNGA UN")

# Chinese: "2011年", "在2011年", "2011年12月2日", each then judged by what follows it.
_YEAR_ZH = re.compile(
    r"(?P<lead>[在于])?" + _Y + r"\s?年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"(?P<res>的?(?:联合国)?(?:大会|联大)?(?:通过的?)?决议)?"
)
# After "2011年", the first of these nouns within the clause says whose year it is: the
# Assembly's (决议, 大会, 联大, 届会议) or another event's (审议大会, 首脑会议, 条约...).
_ZH_CLAUSE_END = re.compile(r"[，,。？?！!；;：:\s]")
_ZH_WHOSE = re.compile(
    r"(?P<ga>决议|届会议|联大|大会)|(?P<event>审议|审查|会议|峰会|首脑|条约|公约|议定书|宣言|论坛|成果)"
)
_ZH_EVENT_VERB = re.compile(r"的?(?:举行|召开|商定|签署|缔结|达成|生效|开展|进行|作出|做出)")

_ANY_YEAR = re.compile(r"(?:19|20|21)\d\d")


def _in_range(year: int) -> bool:
    return _YEAR_MIN <= year <= _YEAR_MAX


def _years(text: str, spans: list[tuple[int, int]], hits: list[tuple[int, int]]) -> tuple[int, ...]:
    """Resolution years, given the (position, year) hits found beside symbols already."""
    if not _ANY_YEAR.search(text):
        return ()

    def listed(m: re.Match[str]) -> list[tuple[int, int]]:
        """The year of a match and any listed after it, those in range."""
        years = [(m.start("y"), int(m.group("y")))]
        base = m.start("more")
        years += [(base + y.start(), int(y.group())) for y in _ANY_YEAR.finditer(m.group("more"))]
        return [(pos, year) for pos, year in years if _in_range(year)]

    low = text.lower()
    has_resolution = "resolution" in low
    attributive = _YEAR_ATTRIBUTIVE.finditer(text) if has_resolution else ()
    of_resolution = _YEAR_OF_RESOLUTION.finditer(text) if has_resolution else ()
    in_year = _YEAR_IN.finditer(text) if ("in " in low or "on " in low) else ()
    chinese = _YEAR_ZH.finditer(text) if "年" in text else ()

    for m in attributive:
        if found := listed(m):
            hits += found
            spans.append((_extend_left(text, m.start("head")), m.end("head")))
            spans.append(m.span("word"))
            # The Assembly's name among the modifiers is not topic; other modifiers are.
            base = m.start("mods")
            for g in _GA_NAME_RE.finditer(m.group("mods")):
                spans.append((base + g.start(), base + g.end()))

    for m in of_resolution:
        if found := listed(m):
            hits += found
            spans.append(m.span())

    for m in in_year:
        prev = m.group("prev") or ""
        if prev.lower() in _EVENT_VERBS:
            continue  # "the 13 practical steps agreed in 2000"
        if prev[:1].isupper() and prev not in _GA_WORDS and m.start() > 0:
            continue  # "the Review Conference in 2010"; a capital at the start is just a capital
        if found := listed(m):
            hits += found
            if prev.lower() in _ADOPTION_VERBS:
                spans.append((m.start("prev"), m.end("phrase")))
            else:
                spans.append(m.span("phrase"))

    for m in chinese:
        year = int(m.group("y"))
        if not _in_range(year):
            continue
        if not m.group("res"):
            end = _ZH_CLAUSE_END.search(text, m.end())
            clause = text[m.end() : end.start() if end else len(text)][:16]
            if _ZH_EVENT_VERB.match(clause):
                continue  # "2000年商定的13个实际步骤"
            whose = _ZH_WHOSE.search(clause)
            if whose and whose.group("event"):
                continue  # "2010年审议大会"
        hits.append((m.start("y"), year))
        spans.append(m.span())

    out: list[int] = []
    for _, year in sorted(hits):
        if year not in out:
            out.append(year)
    return tuple(out)


# --- paragraphs ---------------------------------------------------------------------------
_EN_CARDINALS = _list(
    "one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_EN_ORDINALS = _list(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth"
)
_ORDINAL_VALUE: dict[str, int] = {w: i + 1 for i, w in enumerate(_EN_ORDINALS)}
for _i, _w in enumerate(_EN_ORDINALS[:9]):
    _ORDINAL_VALUE[f"twenty-{_w}"] = 21 + _i
_ORDINAL_VALUE["thirtieth"] = 30
_CARDINAL_VALUE: dict[str, int] = {w: i + 1 for i, w in enumerate(_EN_CARDINALS)}


def _alternation(words: Collection[str]) -> str:
    # Longest first so "twenty-first" wins over "first"; "twenty first" is written both ways.
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(w.replace("-", r"[\-\s]") for w in ordered) + ")"


_ORDINAL = r"(?P<ord>" + _alternation(_ORDINAL_VALUE) + r"|\d{1,2}(?:st|nd|rd|th))"


def _sub_items(tag: str = "") -> str:
    """ "(b)" then optionally "(iv)", as groups l<tag> and r<tag>.

    A letter is single or doubled: (a) ... (z), then (aa), (bb) in long lists, so "(iv)" right
    after the number is not a letter.
    """
    return (
        _LPAR
        + rf"\s?(?P<l{tag}>(?P<l0{tag}>[a-zA-Z])(?P=l0{tag})?)\s?"
        + _RPAR
        + r"(?:\s?"
        + _LPAR
        + rf"\s?(?P<r{tag}>[ivxlIVXL]{{1,6}})\s?"
        + _RPAR
        + r")?"
    )


# "(b)", " (b)", ", subparagraph (b)", then "(iv)".
_SUB = r"(?:,?\s?(?:(?i:sub-?paragraph)\s?)?" + _sub_items() + r")?"

# "OP9", "op 9", "OP 3(b)(iv)", "PP3".
_PARA_ABBREV = re.compile(
    _NOT_AFTER_ASCII + r"(?P<kind>(?i:OP|PP))\.?\s?(?P<n>\d{1,3})" + _NOT_BEFORE_ASCII + _SUB
)
# "operative paragraph 9", "preambular para. 3", "paragraph 3 (b)", "para 3(g)(iv)",
# "subparagraph 3 (a)", "paragraph 3b", "§ 3", "paragraph three", "paragraph 3 of the preamble",
# "paragraph 3 of the operative part".
_PARA_NUMBERED = re.compile(
    _NOT_AFTER_ASCII + r"(?:(?P<kind>(?i:operative|preambular))\s+)?"
    r"(?:(?i:sub-?paragraph|paragraph|para)(?P<plural>s)?\.?\s*|§\s?)"
    r"(?:(?P<n>\d{1,3})(?:(?P<lb>[a-z])" + _NOT_BEFORE_ASCII + r")?"
    r"|(?P<word>" + _alternation(_CARDINAL_VALUE) + r")" + _NOT_BEFORE_ASCII + r")"
    r"(?![\d/])" + _SUB + r"(?:\s+(?i:of\s+the\s+)(?P<part>(?i:preamble|operative\s+part)))?"
)
# "paragraphs 3, 4 and 7", "paragraphs 3 to 5", "paragraph 3 (b) and (c)": the first is the
# reference; the rest of the list is cut from the topic with it.
_LIST_ITEM = r"(?:\d{1,3}(?!\d)|" + _LPAR + r"[a-zA-Z]{1,4}" + _RPAR + r")"
_LIST_TAIL = re.compile(
    r"(?:\s*(?:,|(?i:and|or|to)(?![A-Za-z])|-|\u2013)\s*"
    + _LIST_ITEM
    + r"(?:\s?"
    + _LPAR
    + r"[a-zA-Z]{1,4}"
    + _RPAR
    + r")*)+"
)
# "subparagraph (a) of paragraph 3", "sub-paragraph (b) of operative paragraph 3".
_PARA_SUB_OF = re.compile(
    _NOT_AFTER_ASCII
    + r"(?i:sub-?paragraph)\s?"
    + _sub_items()
    + r"\s+(?i:of)\s+(?:(?i:operative)\s+)?(?i:paragraph)\s?(?P<n>\d{1,3})"
    + _NOT_BEFORE_ASCII
)
# "the third preambular paragraph", "the 3rd operative paragraph", "third paragraph of the
# preamble".
_PARA_ORDINAL = re.compile(
    r"(?:(?<![A-Za-z])(?i:the)\s+)?" + _NOT_AFTER_ASCII + r"(?i:" + _ORDINAL + r")\s+"
    r"(?:(?P<kind>(?i:preambular|operative))\s+(?i:paragraph)"
    r"|(?i:paragraph\s+of\s+the\s+)(?P<part>(?i:preamble|operative\s+part)))" + _NOT_BEFORE_ASCII
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


_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_NUM = r"[一二两三四五六七八九十]{1,3}"
# "第13段", "执行部分第13段", "序言部分第三段", "第3(b)段", "第3段(b)分段", "第3(g)(iv)段".
_PARA_ZH = re.compile(
    r"(?P<kind>执行部分|执行段落|序言部分|序言段落|序言)?的?"
    r"第\s?(?P<n>\d{1,3}|" + _ZH_NUM + r")\s?"
    r"(?:" + _sub_items("1") + r"\s?段落?"
    r"|段落?(?:\s?第?\s?" + _sub_items("2") + r"(?:分段|小段|项)?)?)"
)


def _zh_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _ZH_DIGITS.get(s, 0) if len(s) == 1 else 0
    tens, _, units = s.partition("十")
    value = (_ZH_DIGITS.get(tens, -100) if tens else 1) * 10
    return value + (_ZH_DIGITS.get(units, -100) if units else 0)


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


def _paragraph(text: str, spans: list[tuple[int, int]]) -> ParagraphId | None:
    found: list[tuple[int, int, ParagraphId]] = []  # (start, end, pid)

    def add(m: re.Match[str], pid: ParagraphId | None, end: int | None = None) -> None:
        end = m.end() if end is None else end
        if pid is not None and not _belongs_elsewhere(text, end):
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
        n = int(m.group("n")) if m.group("n") else _CARDINAL_VALUE[m.group("word").lower()]
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
        n = _ORDINAL_VALUE.get(word) or int(re.sub(r"\D", "", word) or 0)
        kind = (m.group("kind") or m.group("part") or "").lower()
        add(m, _make_pid(kind.startswith("pre"), n, None, None))

    for m in chinese:
        add(
            m,
            _make_pid(
                (m.group("kind") or "").startswith("序言"),
                _zh_number(m.group("n")),
                m.group("l1") or m.group("l2"),
                m.group("r1") or m.group("r2"),
            ),
        )

    if not found:
        return None
    # Overlapping matches ("subparagraph (a) of paragraph 3" also holds "paragraph 3") are one
    # reference; the first in the text wins, the widest where two start together.
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    for start, end, _pid in found:
        spans.append((_extend_left(text, start), end))
    return found[0][2]


# "in OP 9", "of the third preambular paragraph": the connector goes with the reference.
_LEFT_CONNECTOR = re.compile(r"(?<![A-Za-z])(?i:in|of|under|from|at)\s+(?:(?i:the|its)\s+)?$")


def _extend_left(text: str, start: int) -> int:
    m = _LEFT_CONNECTOR.search(text, max(0, start - 12), start)
    return m.start() if m else start


# --- language -----------------------------------------------------------------------------
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Words with a lowercase letter: acronyms and symbol parts ("NPT", "A/RES") are no language.
_LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


def _lang(text: str) -> str:
    cjk = len(_CJK_CHAR.findall(text))
    if not cjk:
        return "en"
    # A Chinese word averages about 1.5 characters.
    return "zh" if cjk / 1.5 >= len(_LATIN_WORD.findall(text)) else "en"


# --- topic --------------------------------------------------------------------------------
# Generic reference words left after the references themselves are cut. "resolution" followed
# by a number or a name ("resolution 1540 (2004)", "resolution GC(48)/RES/14") is kept: it
# names another body's text, which is substance.
_GENERIC_EN = re.compile(
    r"(?:(?<![A-Za-z])(?i:the|this|that|its|a)\s+)?"
    r"(?:(?i:UN\s+|United\s+Nations\s+)?(?:(?i:General\s+Assembly)|GA|UNGA)\s+)?"
    r"(?<![A-Za-z])(?i:resolutions?)" + _NOT_BEFORE_ASCII + r"(?!\s*(?:\d|[A-Z]{2}|[A-Z]\())"
)
_GENERIC_ZH = re.compile(
    r"的?(?:联合国)?(?:大会)?号?决议(?!草案)(?:[中里内](?=[的关对有是哪提第所，,？?]))?"
)
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[,.;:?!，。；：？！、])")
_REPEATED_COMMA = re.compile(r"([,，、])(?:\s*[,，、])+")
# Left dangling at the edges once references are cut; a final "." or "?" is kept.
_LEADING_JUNK = " ,.;:，。；：、"
_TRAILING_JUNK = " ,;:，；：、"
_HAS_WORD = re.compile(rf"[A-Za-z0-9{_CJK}]")


def _topic(text: str, spans: list[tuple[int, int]]) -> str:
    if spans:
        spans.sort()
        parts: list[str] = []
        pos = 0
        for start, end in spans:
            if start > pos:
                parts.append(text[pos:start])
            pos = max(pos, end)
        parts.append(text[pos:])
        text = " ".join(parts)
    if "resolution" in text.lower():
        text = _GENERIC_EN.sub(" ", text)
    if "决议" in text:
        text = _GENERIC_ZH.sub(" ", text)
    text = _SPACE.sub(" ", text)
    text = _CJK_GAP.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    text = _REPEATED_COMMA.sub(r"\1", text)
    text = text.lstrip(_LEADING_JUNK).rstrip(_TRAILING_JUNK)
    return text if _HAS_WORD.search(text) else ""


# --- lookup -------------------------------------------------------------------------------
# Words that ask for a text without saying anything about its content.
_FILLER_EN = _words(
    """show me give display print quote read cite get fetch open pull up find see let look what
    whats which does do did is was are say says said state stated tell about the a an of in on
    for to from and text full exact wording verbatim content contents please can could would
    you i want need paragraph paragraphs para subparagraph operative preambular resolution
    resolutions it this that s there here its how mean means contain contains cover covers
    again provide"""
)
_FILLER_ZH = re.compile(
    r"请问|请|麻烦|给我|帮我|显示|展示|查看|看看|看一下|看|列出|引用|读一下|读|说了什么|讲了什么"
    r"|写了什么|说的是什么|说什么|讲什么|是什么|什么|内容|原文|全文|文本|具体|哪一段|哪段|段落"
    r"|这一段|该段|这段|一下|关于|的|了|吗|呢|是|中|里|和|及|与"
)
_TOKEN = re.compile(rf"[A-Za-z]+|[0-9]+|[{_CJK}]+")


def _has_substance(topic: str) -> bool:
    if not topic:
        return False
    for token in _TOKEN.findall(_FILLER_ZH.sub(" ", topic)):
        if not token.isascii() or token.lower() not in _FILLER_EN:
            return True
    return False


# --- entry point --------------------------------------------------------------------------
def understand(question: str, known_symbols: Collection[str] | None = None) -> QueryIntent:
    """Split a question into its explicit references and the topic to search for.

    ``known_symbols`` (normalized "A/RES/66/45" strings; pass a set for speed) lets a bare
    low-session "24/7" count as a symbol when the corpus has it; symbols it does not contain
    are still reported.
    """
    text = question.strip()
    spans: list[tuple[int, int]] = []  # what to cut from the topic
    year_hits: list[tuple[int, int]] = []  # (position, year), to report years in text order
    symbols = _symbols(text, known_symbols, spans, year_hits)
    years = _years(text, spans, year_hits)
    paragraph = _paragraph(text, spans)
    return QueryIntent(
        symbols=symbols,
        years=years,
        paragraph=paragraph,
        lang=_lang(text),
        topic=_topic(text, spans),
    )
