"""Small text facts shared by the parsers: language, dates, ordinals, symbols in headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.ids import ParagraphId

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


def detect_language(text: str) -> str | None:
    """'zh' when CJK characters dominate the letters, 'en' when Latin ones do, else None."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return None
    # A Chinese text still carries Latin symbols (NPT/CONF...); each CJK character is a word.
    return "zh" if cjk * 3 >= latin else "en"


def en_date(text: str) -> str | None:
    """'2 December 2011' -> '2011-12-02'."""
    m = re.search(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b", text)
    if not m or m.group(2).lower() not in MONTHS:
        return None
    return f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"


def zh_date(text: str) -> str | None:
    """'2011 年 12 月 2 日' -> '2011-12-02'."""
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if not m:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def ordinal_meeting(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} plenary meeting"


@dataclass
class ParsedParagraph:
    pid: ParagraphId
    text: str
    marks: list[str] = field(default_factory=list)
    section: tuple[str, str] | None = None  # (mark, heading) of the heading it sits under
    annex: tuple[str, str] | None = None  # (id, title) of the annex or inline text it is in
    unnumbered: bool = False  # an annex's one unit printed without a number (a table)


@dataclass
class LanguageVersion:
    """One language's text of one resolution, as parsed from one file."""

    source: str
    lang: str
    symbol: str
    title: str
    adopted: str | None
    meeting: str | None
    agenda_item: str | None
    committee_report: str | None
    paragraphs: list[ParsedParagraph]
    footnotes: dict[str, str]
    # The whole document's title when this is one part of a document adopted in parts
    # ("Questions relating to information" above 74/92 A and B); `title` is the part's.
    document_title: str | None = None
