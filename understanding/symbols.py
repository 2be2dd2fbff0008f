"""Resolution symbols a question names: "66/45", "A/RES/66/45", "resolution 66/45", "第66/45号决议".

A resolution adopted in parts is named with its part letter: "74/92 B", "74/92B",
"A/RES/74/92 B", "第74/92 B号决议", "part B of 74/92", "74/92号决议B部分" (normalized as
corpus/ids.py writes it); named without one ("74/92"), it means every part held.

Choices on ambiguous input (each has a test in tests/understanding/test_query.py):

* A bare "N/M" is a resolution symbol only when it is not part of a longer document symbol
  ("A/57/124", "NPT/CONF.2000/28", "A/C.1/66/L.40", "ES-10/19"), not part of a date
  ("31/12/2011") and has a session of 31 or more: the General Assembly has numbered its
  resolutions "session/number" only since its 31st session (1976), so "24/7", "2/3" or
  "12/2011" are not GA symbols. A lower session is accepted when the question marks it as a
  resolution ("resolution 24/7", "第24/7号决议", "A/RES/24/7") or when it is in
  ``known_symbols``. Symbols not in ``known_symbols`` are still reported: the caller decides
  to say "not in the corpus".
* A capital "A" or "I" after a bare symbol and before a lower-case word is English ("Is
  66/45 A resolution on..."), not a part letter.
* Security Council style "resolution 1540 (2004)" and IAEA "GC(48)/RES/14" are never GA
  symbols, and their years are not resolution years.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from corpus.ids import Symbol
from understanding.text import Span, in_range

# Resolutions were numbered "session/number" from the 31st session (1976) on.
_FIRST_SLASH_SESSION = 31

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
    (?:\s?(?P<part>[A-Z])(?![A-Za-z0-9_/]|\.\d|\s?节))?  # a part: "74/92 B", not "B节"
    (?![A-Za-z0-9_/]|\.\d)                       # nor "66/45/2", "66/45Ab", "66/45.3"
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
# A part named in words around the symbol: "part B of 74/92", "74/92, part B", "74/92号决议B部分".
_PART_BEFORE = re.compile(r"\b[Pp]art\s+(?P<part>[A-Z])(?:\s+of)?\s*$")
_PART_AFTER = re.compile(r"\s*,?\s*(?:[Pp]art\s+(?P<part>[A-Z])\b|的?\s?(?P<zh>[A-Z])\s?部分)")
# After a lone capital "A" or "I": a lower-case word means the letter was English, bar the
# words that join symbols ("74/92 A and 74/92 B").
_ENGLISH_WORD_AFTER = re.compile(r"\s+(?!(?:and|or|to|vs)(?![a-z]))[a-z]")


def find_symbols(
    text: str,
    known: Collection[str] | None,
    spans: list[Span],
    year_hits: list[tuple[int, int]],
) -> tuple[str, ...]:
    """Normalized symbols in order of mention; their spans and any "(2011)" years recorded."""
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
        part, end = m.group("part") or "", m.end()
        if part in ("A", "I") and _ENGLISH_WORD_AFTER.match(text, m.end("part")):
            # "Is 66/45 A resolution on...", "In 66/45 I read": an English word, no part
            part, end = "", m.start("part")
        lead = _SYMBOL_LEAD.search(text, max(0, m.start() - _LEAD_WINDOW), m.start())
        start = lead.start() if lead else m.start()
        if not part and (before := _PART_BEFORE.search(text, 0, start)):
            part, start = before.group("part"), before.start()
        elif not part and (after := _PART_AFTER.match(text, end)):
            part, end = after.group("part") or after.group("zh"), after.end()
        symbol = str(Symbol(session, number, part))
        marked = bool(m.group("full") or m.group("tail") or (lead and lead.group("ctx")))
        if not marked and session < _FIRST_SLASH_SESSION and (known is None or symbol not in known):
            continue  # "24/7", "2/3 majority", "12/2011": not GA symbols
        spans.append((start, end))
        for g in ("py", "oy"):
            if m.group(g) and in_range(int(m.group(g))):
                year_hits.append((m.start(g), int(m.group(g))))
        # A document adopted in parts, named without a letter ("74/92"), means its parts.
        for one in _parts_held(symbol, known) or [symbol]:
            if one not in found:
                found.append(one)
    return tuple(found)


def _parts_held(symbol: str, known: Collection[str] | None) -> list[str]:
    """'A/RES/74/92' -> the known 'A/RES/74/92 A', 'A/RES/74/92 B', unless it is known whole."""
    if known is None or symbol in known or Symbol.parse(symbol).part:
        return []
    return sorted(k for k in known if k.startswith(f"{symbol} "))
