"""Which lines of an English resolution are body text, footnotes or page furniture.

pdftotext prints each page whole: running heads (the symbol, the title), page
and job numbers, barcodes, "Please recycle", and the page's footnotes after a
rule of underscores. Only the body lines go on to be segmented; footnote blocks
are kept apart, each with its page, because the page number can hide among the
footnote numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.english.header import SYMBOL_LINE, Header
from corpus.errors import ParseError

# Shared with the footnote reader: a line holding only a page or footnote number.
BARE_NUMBER = re.compile(r"^\d{1,3}$")
# A long title wraps to seven lines on the first page (76/174).
_HEAD_LINES = 8
_RULE = re.compile(r"^_{5,}$")
# The date under the meeting line: "9 December 2021".
_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
# The page marker "3/5" in the footer of every page but the first.
_PAGE_MARKER = re.compile(r"^(\d{1,3})/\d{1,3}$")
# Page 1's masthead; on a later page, "United Nations" may end an annex title (76/120).
_MASTHEAD = re.compile(r"^(United Nations|General Assembly|Distr\.:.*)$")
_FURNITURE = [
    re.compile(r"^\d{2}-\d{5}(\s*\(E\))?$"),  # job number
    re.compile(r"^\d{6}$"),  # print date code
    re.compile(r"^\*\d{5,}\*$"),  # barcode
    re.compile(r"^Please\s+rec", re.I),  # "Please recycle" (sometimes "Please rec cle")
    re.compile(r"^[\u2672\u267b\u267c\u267d]$"),  # recycling symbol
    _MASTHEAD,
    re.compile(r"^\d{1,2}[A-Z]$"),  # link anchors some PDFs leave: "0F", "1F", "0H"
]


@dataclass
class FootnoteBlock:
    """The lines under one page's rule, furniture removed."""

    page: int
    lines: list[str] = field(default_factory=list)


def split_body(
    lines: list[str], h: Header, source: str, end: int | None = None
) -> tuple[list[str], list[FootnoteBlock], list[str]]:
    """Body lines in order (furniture removed), the lines of each footnote block, and the
    lines after the body (its annexes; furniture removed, bare numbers kept: a table's
    cells are numbers).

    The body ends at the meeting line, which `h` reads, and the date under it; footnote
    blocks on the pages after it are still collected, up to `end` (where the next part
    of a document adopted in parts begins).
    """
    titles = _running_title_lines(lines, h.body_start, h.title)
    body: list[str] = []
    after: list[str] = []
    blocks: list[FootnoteBlock] = []
    in_block = False
    ended = False
    # A later part starts on a page after the first: count the running heads above it
    # (the first page's symbol line is not one).
    page = max(1, sum(1 for ln in lines[: h.body_start] if SYMBOL_LINE.match(ln)))
    for i in range(h.body_start, len(lines) if end is None else end):
        ln = lines[i]
        if not ln:
            continue
        if SYMBOL_LINE.match(ln):  # running head: a new page starts
            page += 1
            in_block = False
            continue
        if _RULE.match(ln):
            in_block = True
            blocks.append(FootnoteBlock(page))
            continue
        if m := _PAGE_MARKER.match(ln):
            # The footer names the page of the block it sits in; it may come before
            # the footnote texts, so it does not close the block.
            if in_block:
                blocks[-1].page = int(m.group(1))
            continue
        if in_block and ln in titles:
            # A running head without the symbol (76/231, page 3): the next page starts.
            in_block = False
        if in_block:
            if not _is_furniture(ln, titles):
                blocks[-1].lines.append(ln)
            continue
        if ended:
            if not (not after and _DATE.match(ln)) and (
                not _is_furniture(ln, titles) or (page > 1 and _MASTHEAD.match(ln))
            ):
                after.append(ln)
            continue
        if h.read_closing(lines, i):
            ended = True
            continue
        if BARE_NUMBER.match(ln) or _is_furniture(ln, titles):
            continue
        body.append(ln)
    if not body:
        raise ParseError(source, "the resolution has no body text")
    return body, blocks, after


def _is_furniture(line: str, title_lines: set[str]) -> bool:
    return any(p.match(line) for p in _FURNITURE) or line in title_lines


def _running_title_lines(lines: list[str], start: int, title: str) -> set[str]:
    """Lines that, joined with their neighbours, spell the title: the running head."""
    norm = " ".join(title.split())
    found: set[str] = set()
    nonblank = [ln for ln in lines[start:] if ln]
    for i in range(len(nonblank)):
        joined = ""
        for j in range(i, min(i + _HEAD_LINES, len(nonblank))):
            joined = f"{joined} {nonblank[j]}".strip()
            if joined == norm:
                found.update(nonblank[i : j + 1])
                break
            if not norm.startswith(joined):
                break
    return found
