"""Section headings in the body of an English resolution: "B" or "II" on a line alone.

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

# A lone capital letter or a roman numeral up to XX (I, IV, XII).
_MARK = re.compile(r"^(?:[A-Z]|X{0,2}(?:IX|IV|V?I{0,3}))$")
# What ends a paragraph: operative ";", ":" or "."; the last preambular one ",".
_ENDS = (";", ":", ".", ",")
# Between a heading over a run of sections and the heading of one of them.
_JOIN = " — "


@dataclass(frozen=True)
class Heading:
    mark: str
    text: str
    end: int  # index of the first body line after the heading


def _ends_paragraph(line: str | None) -> bool:
    return line is None or strip_trailing_marker(line).endswith(_ENDS)


def _is_mark(line: str) -> bool:
    return bool(line) and bool(_MARK.match(line))


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
    return Heading(body[i], f"{over}{_JOIN}{text}" if over else text, j)


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
