"""Paragraph numbers as questions spell them: "three", "third", "twenty-first", "十二".

Kept apart from the paragraph patterns because they are data, not rules: the words and
their values, and the regex alternation that matches them longest first.
"""

from __future__ import annotations

from collections.abc import Collection

from understanding.text import word_list

_EN_CARDINALS = word_list(
    "one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_EN_ORDINALS = word_list(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth"
)
ORDINAL_VALUE: dict[str, int] = {w: i + 1 for i, w in enumerate(_EN_ORDINALS)}
for _i, _w in enumerate(_EN_ORDINALS[:9]):
    ORDINAL_VALUE[f"twenty-{_w}"] = 21 + _i
ORDINAL_VALUE["thirtieth"] = 30
CARDINAL_VALUE: dict[str, int] = {w: i + 1 for i, w in enumerate(_EN_CARDINALS)}


def alternation(words: Collection[str]) -> str:
    """A regex group matching any of `words`."""
    # Longest first so "twenty-first" wins over "first"; "twenty first" is written both ways.
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(w.replace("-", r"[\-\s]") for w in ordered) + ")"


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
ZH_NUM = r"[一二两三四五六七八九十]{1,3}"


def zh_number(s: str) -> int:
    """Digits or a Chinese numeral up to 99 ("十二", "二十一"); 0 or less when not a number."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _ZH_DIGITS.get(s, 0) if len(s) == 1 else 0
    tens, _, units = s.partition("十")
    value = (_ZH_DIGITS.get(tens, -100) if tens else 1) * 10
    return value + (_ZH_DIGITS.get(units, -100) if units else 0)
