"""The metadata of an English resolution: what it is, when and where it was adopted.

Most of it sits on the first page above "The General Assembly,"; the meeting
and its date close the body instead, so the layout pass hands that line back
here when it meets it.
"""

from __future__ import annotations

import re

from corpus.errors import ParseError
from corpus.ids import normalize_symbol
from corpus.text import en_date

# Also the running head of every later page, which is why the layout pass shares it. A
# document adopted in parts prints its range ("A/RES/74/92 A–B", "A/RES/74/264 A-C").
SYMBOL_LINE = re.compile(r"^A/RES/(\d{1,3})/(\d{1,4})(?:\s?[A-Z](?:\s?[-–]\s?[A-Z])?)?$")
# The letter heading one part of a document adopted in parts: "A", then the part's title.
PART_LETTER = re.compile(r"^[A-Z]$")
_TITLE_START = re.compile(r"^(\d{1,3})/(\d{1,4})\.\s*(.*)$")
OPENING = re.compile(r"^The General Assembly\s*,?$")
_ADOPTED = re.compile(r"^Resolutions? adopted by the General Assembly")
# A meeting taken up again on a later day prints "54th (resumed) plenary meeting".
_MEETING = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?plenary\s+meeting$", re.I)


class Header:
    """Metadata from the first page, and where the body starts."""

    def __init__(self) -> None:
        self.symbol = ""
        self.title = ""
        self.adopted: str | None = None
        self.meeting: str | None = None
        self.agenda_item: str | None = None
        self.committee_report: str | None = None
        self.body_start = 0
        # A document adopted in parts (74/92 A-B): the first part's letter and title; the
        # title above is the document's, which the running heads repeat.
        self.part = ""
        self.part_title = ""

    @classmethod
    def read(cls, lines: list[str], source: str) -> Header:
        h = cls()
        opening = next((i for i, ln in enumerate(lines) if OPENING.match(ln)), None)
        if opening is None:
            raise ParseError(source, 'no "The General Assembly," opening: not a resolution text')
        head = lines[:opening]
        for i, ln in enumerate(head):
            if not h.symbol and (sym := SYMBOL_LINE.match(ln)):
                h.symbol = normalize_symbol(f"{sym.group(1)}/{sym.group(2)}")
            elif ln.startswith("Agenda item"):
                h.agenda_item = ln.removeprefix("Agenda item").strip()
            elif _ADOPTED.match(ln):
                # The date may wrap onto the next lines of the heading.
                h.adopted = en_date(" ".join(head[i : i + 3]))
            elif ln.startswith("[") and h.committee_report is None:
                h.committee_report = _bracketed(head[i:])
        title_at = next((i for i, ln in enumerate(head) if _TITLE_START.match(ln)), None)
        if title_at is None:
            raise ParseError(source, "no resolution number and title (like '66/45. Title')")
        m = _TITLE_START.match(head[title_at])
        assert m
        number_symbol = normalize_symbol(f"{m.group(1)}/{m.group(2)}")
        if h.symbol and h.symbol != number_symbol:
            raise ParseError(source, f"symbol {h.symbol} disagrees with number {number_symbol}")
        h.symbol = number_symbol
        title = [x for x in [m.group(3), *head[title_at + 1 :]] if x]
        letter = next((i for i, x in enumerate(title) if PART_LETTER.match(x)), None)
        if letter is not None:
            h.part, h.part_title = title[letter], " ".join(title[letter + 1 :])
            title = title[:letter]
            if not h.part_title:
                raise ParseError(source, f"part {h.part} has no title")
        h.title = " ".join(title).strip()
        if not h.title:
            raise ParseError(source, "the resolution has no title")
        h.body_start = opening + 1
        return h

    @staticmethod
    def is_closing(line: str) -> bool:
        """A meeting line: the end of one resolution (a second one means several in the file)."""
        return _MEETING.match(line) is not None

    def read_closing(self, lines: list[str], at: int) -> bool:
        """Take the meeting (and the date under it) if `lines[at]` closes the body.

        The heading's adoption date wins: the closing date only fills a gap.
        """
        m = _MEETING.match(lines[at])
        if not m:
            return False
        line = " ".join(lines[at].split())
        self.meeting = f"{int(m.group(1))}{line[len(m.group(1)) :]}"
        date_line = next((x for x in lines[at + 1 : at + 3] if x), "")
        self.adopted = self.adopted or en_date(date_line)
        return True


def _bracketed(lines: list[str]) -> str | None:
    """The text between "[" and "]", which a long list of documents wraps onto a second line."""
    parts: list[str] = []
    for ln in lines[:3]:
        parts.append(ln)
        if ln.endswith("]"):
            return " ".join(parts)[1:-1].strip()
    return None
