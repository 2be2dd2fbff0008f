"""The language a question is asked in, which is the language its answer quotes.

``lang`` is "zh" when the CJK characters, counted as words of 1.5 characters, are at least as
many as the Latin words that have a lowercase letter (acronyms and symbols such as "CTBT",
"A/C.1/66/L.40" are no language): "What does 决议 mean?" is English, "关于CTBT的段落" and
"决议草案A/C.1/66/L.40" are Chinese.
"""

from __future__ import annotations

import re

from understanding.text import CJK

_CJK_CHAR = re.compile(f"[{CJK}]")
# Words with a lowercase letter: acronyms and symbol parts ("NPT", "A/RES") are no language.
_LATIN_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


def language_of(text: str) -> str:
    """ "zh" or "en"."""
    cjk = len(_CJK_CHAR.findall(text))
    if not cjk:
        return "en"
    # A Chinese word averages about 1.5 characters.
    return "zh" if cjk / 1.5 >= len(_LATIN_WORD.findall(text)) else "en"
