"""Footnotes of an English resolution: their texts, and their markers in the body.

pdftotext separates a footnote's number from its text, and prints a marker as
a bare number glued to or spaced after a word, where it looks like a number
in the text ("paragraph 3", "2 December"). Both sides are decided here: the
texts are paired with their numbers first, and only those numbers are taken
as markers.
"""

from __future__ import annotations

import re

from corpus.english.layout import BARE_NUMBER, FootnoteBlock
from corpus.english.words import is_english, join_lines

_ENDS_NOTE = re.compile(r"[.)]$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# Words after which a small number is content, not a footnote marker.
_COUNTING_WORDS = {
    "paragraph",
    "paragraphs",
    "para",
    "article",
    "articles",
    "no",
    "no.",
    "from",
    "to",
    "and",
    "of",
    "on",
    "vol",
    "vol.",
    "session",
    "resolution",
    "resolutions",
    "decision",
    "item",
    "items",
    "page",
    "part",
    "chapter",
    "annex",
    "section",
    "protocol",
    "between",
    "the",
    "a",
    "an",
    "its",
    "their",
    "all",
    "these",
    "those",
    "some",
    "over",
    "about",
    "least",
    "than",
    "first",
    "last",
    "past",
    "next",
    "action",
    "actions",
    "step",
    "steps",
    "rule",
    "principle",
    "goal",
    "target",
    "phase",
    "stage",
    "level",
    "group",
    "category",
    "amendment",
    "year",
    "years",
    "by",
    "for",
    "with",
    "at",
    "in",
    "or",
    "per",
    "until",
    "supplement",
    "corr",
    "add",
    "rev",
    "table",
    "figure",
    "box",
    "op",
    "pp",
}


def read_footnotes(blocks: list[FootnoteBlock]) -> dict[str, str]:
    """Pair footnote numbers with their texts.

    pdftotext does not keep a number next to its text: numbers may come all
    first, or after the texts. A text right after a number belongs to it; texts
    with no number before them and numbers with no text after them pair up in
    order.
    """
    notes: dict[str, str] = {}
    for block in blocks:
        lines = block.lines
        numbers = [i for i, ln in enumerate(lines) if BARE_NUMBER.match(ln)]
        texts = sum(
            1
            for i, ln in enumerate(lines)
            if i not in numbers and (i == 0 or i - 1 in numbers or _ENDS_NOTE.search(lines[i - 1]))
        )
        # The page number is the last bare number, when it equals the page and
        # there are more numbers than footnote texts.
        page_at = None
        if (
            numbers
            and block.page > 1
            and lines[numbers[-1]] == str(block.page)
            and len(numbers) > texts
        ):
            page_at = numbers[-1]
        pending: list[str] = []
        items: list[tuple[str | None, list[str]]] = []
        current: list[str] | None = None
        for i, ln in enumerate(lines):
            if i == page_at:
                continue
            if BARE_NUMBER.match(ln):
                pending.append(ln)
                current = None
            elif current is None or _ENDS_NOTE.search(current[-1]):
                current = [ln]
                items.append((pending.pop(0) if pending else None, current))
            else:
                current.append(ln)
        for owner, text in items:
            if owner is None and pending:
                owner = pending.pop(0)
            if owner is not None:
                notes[owner] = join_lines(text)
    return notes


def _word_before_marker(before: str) -> bool:
    """The letters right before a glued number make a word a footnote can follow."""
    stem = re.search(r"[A-Za-z]+$", before)
    letters = stem.group(0) if stem else ""
    if len(letters) < 2:
        return False
    if letters.isupper():  # "WEAPONS1" in a heading, not "NPT1" or "CO2"
        return len(letters) >= 3 and is_english(letters)
    return True


def strip_trailing_marker(line: str) -> str:
    """The line without a footnote marker at its end, so its punctuation shows."""
    return re.sub(r"(?<=[^\d\s])\s?\d{1,2}$", "", line).rstrip()


def take_markers(text: str, marks: set[str]) -> tuple[str, list[str]]:
    """The text without its footnote markers, and the markers in order of appearance.

    Only numbers in `marks` (the document's footnotes) are taken, so a number
    with no footnote stays text. A number glued to letters is a marker only when
    the letters are a word ("Weapons1"): glued to a single letter or to a
    capitalised abbreviation that is no word, it is part of a name ("P5", "G20",
    "CO2").
    """
    found: list[str] = []

    def keep(mark: str) -> bool:
        if mark in marks:
            if mark not in found:
                found.append(mark)
            return True
        return False

    def glued(m: re.Match[str]) -> str:  # "Weapons1 complying", "States,2"
        if m.group(1).isalpha() and not _word_before_marker(m.string[: m.end(1)]):
            return m.group(0)
        return m.group(1) if keep(m.group(2)) else m.group(0)

    text = re.sub(r"([A-Za-z)\]’”][,;:]?)(\d{1,2})(?=[\s,;:.]|$)", glued, text)

    def standalone(m: re.Match[str]) -> str:  # "Weapons 1 as", "2000 3 and 2010 4"
        before, mark = m.group(1), m.group(2)
        after = m.string[m.end() : m.end() + 24]
        prev_word = before.lower().strip("(")
        if prev_word in _COUNTING_WORDS:
            return m.group(0)
        if re.match(
            rf"^\s*(?:{_MONTH}|(?:and|to|or|-|–)\s+\d{{1,2}}\s+{_MONTH}|per\b|%|\()", after
        ):
            return m.group(0)  # a date or a range: "12 and 13 April", "3 to 28 May"
        if re.search(r"\d$", prev_word) and not re.fullmatch(r"\d{4},?", prev_word):
            return m.group(0)
        return before if keep(mark) else m.group(0)

    text = re.sub(r"(\S+) (\d{1,2})(?= |$)", standalone, text)
    return text, found
