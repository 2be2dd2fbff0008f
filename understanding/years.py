"""Resolution years a question names: "the 2007 resolution", "in 2011", "2007年的决议".

Choices on ambiguous input (each has a test in tests/understanding/test_query.py):

* A year is a resolution year when it modifies "resolution" ("the 2007 resolution", "the 2007
  disarmament resolution", "resolutions adopted in 2007", "2007年的决议") or dates the
  question ("in 2011", "adopted on 2 December 2011", "2011年", "66/45 of 2011"), or stands for
  one in a question that speaks of resolutions ("compared with the 2016 one"); lists count
  whole ("in 2010 and 2011", "between 2010 and 2017"). A year that names another event is
  not: "the 2010 Review Conference", "the 13 practical steps agreed in 2000", "the Conference
  held in 2010", "2010年审议大会", "2000年商定的...". For the ambiguous bare "in 2011" we
  take the year unless the word before it ties it to an event: a Titlecase name other than
  the General Assembly ("the Review Conference in 2010"), or an event verb such as "held",
  "agreed", "signed", "conducted". "since 2000", "by 2020" and ranges ("2005-2010") are not
  taken.
  Years are hints: callers should not let them override an explicit symbol.
* The year of a Security Council resolution ("1540 (2004)") is not a resolution year.
"""

from __future__ import annotations

import re

from understanding.text import NOT_BEFORE_ASCII, Span, extend_left, in_range, word_set

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
    r"(?P<word>(?i:resolutions?))" + NOT_BEFORE_ASCII
)
# "compared with the 2016 one", "the 2016 text": a year that stands for a resolution
# already spoken of (the question names a resolution elsewhere, or this would be another
# "one").
_YEAR_ONE = re.compile(
    r"(?P<head>(?<![A-Za-z])(?i:the|its|that)\s+)"
    + _YS
    + r"(?P<word>\s+(?i:ones?|texts?|versions?))"
    + NOT_BEFORE_ASCII
)
# "resolutions adopted in 2007", "the resolution of 2007", "resolution adopted on 2 December
# 2011".
_YEAR_OF_RESOLUTION = re.compile(
    r"(?:(?<![A-Za-z])" + _GA_NAME + r"\s+)?"
    r"(?<![A-Za-z])(?i:resolutions?)\s+(?:(?i:adopted|passed|approved)\s+)?(?i:in|of|from|on)\s+"
    r"(?:(?:\d{1,2}\s+)?" + _MONTH + r"\s+(?:\d{1,2},?\s+)?)?" + _YS
)
# "in 2011", "adopted in 2011", "on 2 December 2011", "in December 2011"; "between 2010 and
# 2017", the two years a comparison is between.
_YEAR_IN = re.compile(
    r"(?:(?<![A-Za-z\-'])(?P<prev>[A-Za-z][A-Za-z\-]*)\s+)?"
    r"(?P<phrase>(?<![A-Za-z])(?i:in|on|between)\s+(?:(?:\d{1,2}\s+)?"
    + _MONTH
    + r"\s+(?:\d{1,2},?\s+)?)?"
    + _YS
    + r")"
)
# A word before "in YEAR" that ties the year to something other than a resolution.
_EVENT_VERBS = word_set(
    "held convened agreed signed concluded launched made reached undertaken force place opened "
    "established conducted out achieved given took started began"
)
_ADOPTION_VERBS = word_set("adopted passed approved voted decided")
_GA_WORDS = word_set("Assembly GA UNGA UN")

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


def find_years(text: str, spans: list[Span], hits: list[tuple[int, int]]) -> tuple[int, ...]:
    """Resolution years, given the (position, year) hits found beside symbols already."""
    if not _ANY_YEAR.search(text):
        return ()

    def listed(m: re.Match[str]) -> list[tuple[int, int]]:
        """The year of a match and any listed after it, those in range."""
        years = [(m.start("y"), int(m.group("y")))]
        base = m.start("more")
        years += [(base + y.start(), int(y.group())) for y in _ANY_YEAR.finditer(m.group("more"))]
        return [(pos, year) for pos, year in years if in_range(year)]

    low = text.lower()
    has_resolution = "resolution" in low
    attributive = _YEAR_ATTRIBUTIVE.finditer(text) if has_resolution else ()
    ones = _YEAR_ONE.finditer(text) if has_resolution else ()
    of_resolution = _YEAR_OF_RESOLUTION.finditer(text) if has_resolution else ()
    in_year = _YEAR_IN.finditer(text) if ("in " in low or "on " in low) else ()
    chinese = _YEAR_ZH.finditer(text) if "年" in text else ()

    for m in attributive:
        if found := listed(m):
            hits += found
            spans.append((extend_left(text, m.start("head")), m.end("head")))
            spans.append(m.span("word"))
            # The Assembly's name among the modifiers is not topic; other modifiers are.
            base = m.start("mods")
            for g in _GA_NAME_RE.finditer(m.group("mods")):
                spans.append((base + g.start(), base + g.end()))

    for m in ones:
        if found := listed(m):
            hits += found
            spans.append(m.span())

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
        if not in_range(year):
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
