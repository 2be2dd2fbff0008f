"""Parse the Chinese text of a resolution as extracted from the official PDF.

In this form a paragraph starts with a leading space and its wrapped lines
follow as fragments without one; a footnote marker sits alone on a line in
mid-sentence; footnote blocks follow a line of spaces; operative numbers are
written "1." or "3．"; the page head repeats the symbol with a page number.
"""

from __future__ import annotations

import re

from corpus.errors import ParseError
from corpus.ids import ROMAN, normalize_symbol
from corpus.segment import Segmenter, Sub
from corpus.text import LanguageVersion, ParsedParagraph, ordinal_meeting, zh_date

_TITLE = re.compile(r"^(\d{1,3})/(\d{1,4})\s*[.．]\s*(.*)$")
_OPENING = re.compile(r"^大会\s*[，,]$")
_PAGE_HEAD = re.compile(r"^A/RES/\d{1,3}/\d{1,4}$")
_DIGITS = re.compile(r"^\d{1,3}$")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_MEETING = re.compile(r"^第\s*(\d{1,3})\s*次全体会议$")
_OP = re.compile(r"^(\d{1,3})\s*[.．]\s*(.*)$")
_SUB = re.compile(r"^[(（]([a-z]{1,2}|[ivx]{1,5})[)）]\s*(.*)$")
_RULE_MIN_SPACES = 10
_FOOTNOTE_END = ("。", "）", ")")


def parse_chinese(text: str, source: str) -> LanguageVersion:
    raw = [ln.rstrip() if ln.strip() else ln for ln in text.replace("\f", "\n").splitlines()]
    stripped = [ln.strip() for ln in raw]
    opening = next((i for i, ln in enumerate(stripped) if _OPENING.match(ln)), None)
    if opening is None:
        raise ParseError(source, "no opening '大会，': not a resolution text")
    title_at = next((i for i, ln in enumerate(stripped[:opening]) if _TITLE.match(ln)), None)
    if title_at is None:
        raise ParseError(source, "no resolution number and title (like '66/45. 标题')")
    m = _TITLE.match(stripped[title_at])
    assert m
    symbol = normalize_symbol(f"{m.group(1)}/{m.group(2)}")
    title = "".join([m.group(3), *[x for x in stripped[title_at + 1 : opening] if x]]).strip()
    if not title:
        raise ParseError(source, "the resolution has no title")

    reader = _BodyReader(source)
    for ln in raw[opening + 1 :]:
        reader.feed(ln)
    paragraphs = [
        ParsedParagraph(pid, _join(lines), reader.marks.get(pid, []))
        for pid, lines in reader.seg.finish()
    ]
    return LanguageVersion(
        source=source,
        lang="zh",
        symbol=symbol,
        title=title,
        adopted=reader.adopted,
        meeting=reader.meeting,
        agenda_item=None,
        committee_report=None,
        paragraphs=paragraphs,
        footnotes={k: _join(v) for k, v in reader.footnotes.items()},
    )


class _BodyReader:
    def __init__(self, source: str) -> None:
        self.seg = Segmenter(source)
        self.marks: dict = {}
        self.footnotes: dict[str, list[str]] = {}
        self.adopted: str | None = None
        self.meeting: str | None = None
        self.in_footnotes = False
        self.footnote: str | None = None  # the footnote being read
        self.after_header = False
        self.after_marker = False  # a marker line was just read, no gap since
        self.ended = False

    def feed(self, line: str) -> None:
        text = line.strip()
        if not text:
            if len(line) >= _RULE_MIN_SPACES:
                self.in_footnotes, self.footnote = True, None
            elif line:
                self.after_marker = False  # a whitespace-only line is a gap
            return
        if _PAGE_HEAD.match(text):
            self.in_footnotes, self.after_header = False, True
            return
        if self.after_header and _DIGITS.match(text):
            self.after_header = False  # the page number under the page head
            return
        self.after_header = False
        if _DATE.match(text):
            self.adopted, self.ended = zh_date(text), True
            return
        if m := _MEETING.match(text):
            self.meeting, self.ended = ordinal_meeting(int(m.group(1))), True
            return
        indented = line.startswith(" ")
        if self.in_footnotes and self._footnote_line(text, indented):
            return
        if self.ended:
            return
        if _DIGITS.match(text):
            pid = self.seg.blocks[-1][0] if self.seg.blocks else None
            if pid is None:
                raise ParseError(self.seg.source, f"footnote marker {text} before any paragraph")
            self.marks.setdefault(pid, [])
            if text not in self.marks[pid]:
                self.marks[pid].append(text)
            self.after_marker = True
            return
        if indented and not self.after_marker:
            self._start_paragraph(text)
        else:
            self.seg.add_line(text)
        self.after_marker = False

    def _footnote_line(self, text: str, indented: bool) -> bool:
        """Read a line of a footnote block; False when the body has resumed."""
        if _DIGITS.match(text):
            self.footnote = text
            self.footnotes[text] = []
            return True
        if self.footnote is None:
            return True  # stray text in the block before any number
        current = self.footnotes[self.footnote]
        if not current:
            current.append(text)
            return True
        if not indented and not current[-1].endswith(_FOOTNOTE_END):
            current.append(text)  # the footnote's text wraps
            return True
        self.in_footnotes, self.footnote = False, None
        return False

    def _start_paragraph(self, text: str) -> None:
        if (m := _OP.match(text)) and int(m.group(1)) == self.seg.next_op:
            self.seg.start_operative(int(m.group(1)), m.group(2))
        elif self.seg.current_op and (m := _SUB.match(text)) and (sub := self._sub(m.group(1))):
            self.seg.start_sub(sub, m.group(2))
        elif not self.seg.current_op:
            self.seg.start_preambular(text)
        else:
            self.seg.add_line(text)

    def _sub(self, token: str) -> Sub | None:
        letter, roman = self.seg.current_letter, self.seg.current_roman
        next_roman = ROMAN[ROMAN.index(roman) + 1] if roman else "i"
        intro = (self.seg.last_line() or "").endswith(("：", ":"))
        if letter and (roman or intro) and token == next_roman:
            return Sub(letter, token)
        expected = chr(ord(letter) + 1) if letter and len(letter) == 1 else "a"
        return Sub(token, "") if token == expected else None


def _join(fragments: list[str]) -> str:
    """Chinese wraps join without a space, except between two Latin letters or digits."""
    out = ""
    for frag in fragments:
        frag = frag.strip()
        if out and re.match(r"[A-Za-z0-9]", frag) and re.search(r"[A-Za-z0-9,.;]$", out):
            out += " "
        out += frag
    return out
