"""Section headings in the body of an English resolution: "B", "II" or "Section 29A"
on a line alone.

A section mark stands alone on its line after a paragraph has ended, and its heading
follows on the next line, wrapping onto lines that open in lower case ("Evolution of
the margin ... around the" / "desirable midpoint"). A heading printed above a run of
sections (76/240: "Conditions of service of staff ..." above A to D) sits on lines
between the paragraph's end and the mark; it is kept as part of each of those sections'
headings, since the paragraphs under them are under it as well. Lines that are not a
paragraph are never appended to one: a heading left in a paragraph's text would make a
verbatim quote of that paragraph wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.english.footnotes import strip_trailing_marker

# A lone capital letter or a roman numeral up to XX (I, IV, XII): these can qualify ids.
LETTER_MARK = re.compile(r"^(?=.)(?:[A-Z]|X{0,2}(?:IX|IV|V?I{0,3}))$")
# A mark spelt out, as budget texts print theirs (74/262: "Section 29A", "Part II" above
# it, "Income section 3"): carried with the paragraphs, never an id's qualifier.
_WORD_MARK = re.compile(
    r"^(?:[A-Z][a-z]+ )?(?:[Ss]ection|Part|Chapter) (?:\d{1,3}[A-Z]?|[IVX]{1,5})$"
)
# What ends a paragraph: operative ";", ":" or "."; the last preambular one ",".
_ENDS = (";", ":", ".", ",")
# A paragraph whose number starts its first line: "30. Having noted ...".
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+\S")
# Between a heading over a run of sections and the heading of one of them, and between a
# section's heading and an unmarked heading inside it.
JOIN = " — "


@dataclass(frozen=True)
class Heading:
    mark: str
    text: str  # as the paragraphs carry it: with the heading over it, if any
    own: str  # its own lines only
    end: int  # index of the first body line after the heading


def _ends_paragraph(line: str | None) -> bool:
    return line is None or strip_trailing_marker(line).endswith(_ENDS)


def _is_mark(line: str) -> bool:
    return bool(LETTER_MARK.match(line) or _WORD_MARK.match(line))


def read_heading(body: list[str], i: int, previous: str | None, over: str) -> Heading | None:
    """The section heading whose mark is at `body[i]`, or None if there is none there.

    `over` is the heading printed above a run of sections, if one was read; the mark
    must follow a paragraph's end, and a heading line must follow the mark.
    """
    if not _is_mark(body[i]) or not _ends_paragraph(previous) or i + 1 >= len(body):
        return None
    lines = [body[i + 1]]
    j = i + 2
    while j < len(body) and body[j][:1].islower():
        lines.append(body[j])
        j += 1
    text = " ".join(lines)
    return Heading(body[i], f"{over}{JOIN}{text}" if over else text, text, j)


class Headings:
    """The section headings of one body, read in order, with the heading over them."""

    def __init__(self) -> None:
        self.over = ""  # a heading printed above a run of sections
        self.over_kind: str | None = None  # the kind of mark of the sections under it

    def read(self, body: list[str], i: int, previous: str | None) -> Heading | None:
        """The section heading at or just after `body[i]` (past a heading over it)."""
        if found := read_heading_over(body, i, previous):
            self.over, i = found
            self.over_kind = None
        heading = read_heading(body, i, previous, self.over)
        if heading is None:
            return None
        if heading.end < len(body) and _is_mark(body[heading.end]):
            # A heading straight above another is over it (74/262: "Part II" above
            # "Section 3") and over the sections of that kind after it.
            self.over, self.over_kind = f"{heading.mark} {heading.own}", None
            return self.read(body, heading.end, previous)
        kind = mark_kind(heading.mark)
        if self.over and self.over_kind not in (None, kind):  # "Income section 3"
            self.over = ""
            heading = read_heading(body, i, previous, "") or heading
        self.over_kind = kind
        return heading


def mark_kind(mark: str) -> str:
    """'Section' of "Section 29A", 'Income section' of "Income section 3", '' of "B"."""
    return mark.rpartition(" ")[0]


def read_heading_over(body: list[str], i: int, previous: str | None) -> tuple[str, int] | None:
    """A heading above a run of sections: lines after a paragraph's end, up to a mark.

    They end with no punctuation, as headings do, so a paragraph's own text (which ends
    with ";", ":", "." or ",") is never taken for one.
    """
    if previous is None or not _ends_paragraph(previous):
        return None
    j = i
    while j < len(body) and j - i < 3 and not _is_mark(body[j]):
        if _ends_paragraph(body[j]):
            return None
        j += 1
    if j == i or j >= len(body) or not _is_mark(body[j]):
        return None
    return " ".join(body[i:j]), j


def read_unmarked(body: list[str], i: int, previous: str | None, number: int) -> Heading | None:
    """A heading with no mark (74/3's declaration: "Call for action"): one or two lines
    after a paragraph's end, without closing punctuation, right before paragraph `number`
    printed on the same line as its text. A number alone on its line is not enough: the
    layout also prints a paragraph's first line before its number (see paragraphs.py)."""
    if previous is None or not strip_trailing_marker(previous).endswith((";", ":", ".")):
        return None
    for j in (i + 1, i + 2):
        if j >= len(body) or _ends_paragraph(body[j - 1]) or _is_mark(body[j - 1]):
            return None
        if (m := _NUMBERED.match(body[j])) and int(m.group(1)) == number:
            text = " ".join(body[i:j])
            return Heading("", text, text, j)
    return None
