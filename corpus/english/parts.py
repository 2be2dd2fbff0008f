"""The parts of a document adopted in parts (74/92 A-B, 74/264 A-C).

Such a document prints one heading for all its parts ("Resolutions adopted by the
General Assembly", the document's title), then each part: its letter alone on a line,
its own title, "The General Assembly", its paragraphs, and its own meeting line. The
heading reader finds the first part's letter above the first opening; each later part
starts with the next letter after the previous part's meeting line. A letter heading
without a meeting line before it (76/240's sections A-D) is a section, not a part.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from corpus.english.header import OPENING, PART_LETTER, Header
from corpus.errors import ParseError

# A part's letter and its title (which may wrap) come just before its opening.
_TITLE_LINES = 6


@dataclass(frozen=True)
class Part:
    """One part's heading, read into its own copy of the document's header, and where its
    body ends (the next part's letter, or the end of the file)."""

    header: Header
    end: int


def find_parts(lines: list[str], h: Header, source: str) -> list[Part]:
    """The parts of the document; a document not adopted in parts is one part."""
    closings = [i for i, ln in enumerate(lines) if Header.is_closing(ln)]
    if not h.part:
        if len(closings) > 1:
            # Several meeting lines but no part letters: not a layout we can cut safely.
            raise ParseError(
                source, "several meeting lines but no part letters (A, B, ...) above them"
            )
        return [Part(h, len(lines))]
    parts: list[Part] = []
    current = h
    for n, closing in enumerate(closings):
        following = _next_part(lines, closing, current.part)
        if following is None:
            if n < len(closings) - 1:
                raise ParseError(
                    source,
                    f"part {current.part} ends at line {closing + 1}, but no part "
                    f"{_next_letter(current.part)} follows it",
                )
            parts.append(Part(current, len(lines)))
            break
        letter_at, title, opening = following
        parts.append(Part(current, letter_at))
        current = copy.copy(h)
        current.part, current.part_title = lines[letter_at], title
        current.body_start = opening + 1
    return parts


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1)


def _next_part(lines: list[str], closing: int, letter: str) -> tuple[int, str, int] | None:
    """(letter line, title, opening line) of the part after the one closed at `closing`."""
    wanted = _next_letter(letter)
    for i in range(closing + 1, len(lines)):
        if Header.is_closing(lines[i]):
            return None
        if lines[i] != wanted or not PART_LETTER.match(lines[i]):
            continue
        title: list[str] = []
        for j in range(i + 1, len(lines)):
            if OPENING.match(lines[j]):
                return (i, " ".join(title), j) if title else None
            if lines[j]:
                title.append(lines[j])
            if len(title) > _TITLE_LINES:
                break
        return None
    return None
