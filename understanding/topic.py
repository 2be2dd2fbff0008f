"""What is left of a question to search with once its references are cut, if anything.

Choices on ambiguous input (each has a test in tests/understanding/test_query.py):

* The topic drops each reference together with its connecting words ("of 66/45", "in OP 9",
  "第66/45号决议中") and the generic "resolution"/"决议", but keeps the question words
  ("Which paragraph ...") and another body's text ("Security Council resolution 1540
  (2004)", "决议草案"), which are substance for retrieval.
* A question is a lookup when a symbol or a paragraph is named and what remains is only
  request words ("show me", "what does ... say", "quote", "是什么", "原文", "内容"). A named
  subject ("... about verification", "关于核查的内容") makes it a search.
"""

from __future__ import annotations

import re

from understanding.text import CJK, NOT_BEFORE_ASCII, Span, word_set

# Generic reference words left after the references themselves are cut. "resolution" followed
# by a number or a name ("resolution 1540 (2004)", "resolution GC(48)/RES/14") is kept: it
# names another body's text, which is substance.
_GENERIC_EN = re.compile(
    r"(?:(?<![A-Za-z])(?i:the|this|that|its|a)\s+)?"
    r"(?:(?i:UN\s+|United\s+Nations\s+)?(?:(?i:General\s+Assembly)|GA|UNGA)\s+)?"
    r"(?<![A-Za-z])(?i:resolutions?)" + NOT_BEFORE_ASCII + r"(?!\s*(?:\d|[A-Z]{2}|[A-Z]\())"
)
_GENERIC_ZH = re.compile(
    r"的?(?:联合国)?(?:大会)?号?决议(?!草案)(?:[中里内](?=[的关对有是哪提第所，,？?]))?"
)
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[,.;:?!，。；：？！、])")
_REPEATED_COMMA = re.compile(r"([,，、])(?:\s*[,，、])+")
# Left dangling at the edges once references are cut; a final "." or "?" is kept.
_LEADING_JUNK = " ,.;:，。；：、"
_TRAILING_JUNK = " ,;:，；：、"
_HAS_WORD = re.compile(rf"[A-Za-z0-9{CJK}]")


def cut_topic(text: str, spans: list[Span]) -> str:
    """The question without the references at `spans`, tidied."""
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
    return tidy(text)


def tidy(text: str) -> str:
    """Words cut from a text leave generic words, gaps and stray punctuation: clear them.

    '' when no word is left.
    """
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


# Words that ask for a text without saying anything about its content.
_FILLER_EN = word_set(
    """show me give display print quote read cite get fetch open pull up find see let look what
    whats which does do did is was are say says said state stated tell about the a an of in on
    for to from and text full exact wording verbatim content contents please can could would
    you i want need paragraph paragraphs para subparagraph operative preambular resolution
    resolutions it this that s there here its how mean means contain contains cover covers
    again provide summarize summarise summary overview gist main points key list all were
    adopted passed"""
)
_FILLER_ZH = re.compile(
    r"请问|请|麻烦|给我|帮我|显示|展示|查看|看看|看一下|看|列出|引用|读一下|读|说了什么|讲了什么"
    r"|写了什么|说的是什么|说什么|讲什么|是什么|什么|内容|原文|全文|文本|具体|哪一段|哪段|段落"
    r"|这一段|该段|这段|一下|关于|的|了|吗|呢|是|中|里|和|及|与"
    r"|概述|总结|概括|摘要|主要内容|要点|哪些|哪几项|决议|通过"
)
_TOKEN = re.compile(rf"[A-Za-z]+|[0-9]+|[{CJK}]+")


def has_substance(topic: str) -> bool:
    """True when a topic says something beyond request words ("show me", "是什么")."""
    if not topic:
        return False
    for token in _TOKEN.findall(_FILLER_ZH.sub(" ", topic)):
        if not token.isascii() or token.lower() not in _FILLER_EN:
            return True
    return False
