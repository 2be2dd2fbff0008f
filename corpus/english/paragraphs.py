"""Body lines of an English resolution into preambular, operative and sub-item paragraphs.

The text keeps no indents or italics, so a paragraph's start is read from what
ends the line before it and what opens the line itself: an operative number
(sometimes printed on the line after the paragraph's first line), an "(a)" or
"(i)" expected next, or a participle that opens a preambular paragraph. The
Segmenter keeps the numbering honest.
"""

from __future__ import annotations

import re

from corpus.english.footnotes import strip_trailing_marker
from corpus.english.headings import Headings, read_unmarked
from corpus.english.inline import DECL, as_inline, split_inline
from corpus.english.words import is_english, join_lines
from corpus.errors import ParseError
from corpus.ids import ROMAN, ParagraphId
from corpus.segment import Segmenter, Sub

_OP_ALONE = re.compile(r"^(\d{1,3})\.$")
_OP_INLINE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_ENDS_ITEM = re.compile(r"(?:[;:.]|[;,] (?:and|or))$")
_SUB = re.compile(r"^\(([a-z]{1,2}|[ivx]{1,5})\)\s*(.*)$")
# "Re-emphasizing" opens a paragraph as "Emphasizing" does.
_OPENING_WORD = re.compile(r"^([A-Z][a-z]+(?:-[a-z]+)*)\b")
# Preambular paragraphs open with a participle or adjective in italics, lost in the text.
_PP_OPENERS = {
    "mindful",
    "aware",
    "conscious",
    "cognizant",
    "convinced",
    "concerned",
    "deeply",
    "gravely",
    "seriously",
    "determined",
    "alarmed",
    "desirous",
    "disturbed",
    "encouraged",
    "guided",
    "fully",
    "further",
    "also",
    "believing",
    "committed",
    "resolved",
    "persuaded",
    "recalling",
    "noting",
    "bearing",
    "having",
    "taking",
    "welcoming",
    "reaffirming",
    "stressing",
    "recognizing",
    "expressing",
    "emphasizing",
    "acknowledging",
    "underlining",
    "considering",
    "affirming",
    "reiterating",
    "regretting",
    "commending",
    "appreciating",
    "underscoring",
    "acting",
    "looking",
}
# English prepositions and conjunctions made from "-ing" forms: general grammar, they
# continue a sentence rather than open a preambular paragraph ("Including ...").
_ING_PREPOSITIONS = {
    "during",
    "according",
    "regarding",
    "including",
    "concerning",
    "pending",
    "following",
    "notwithstanding",
}


# id, text, (mark, heading) of its section, the inline text or annex it belongs to
# id, text, (mark, heading) of its section, the inline text it belongs to, printed unnumbered
Segment = tuple[ParagraphId, str, tuple[str, str] | None, str | None, bool]


def segment(body: list[str], source: str) -> list[Segment]:
    """Each paragraph's id, its lines joined (markers and broken words still in), the
    section heading it sits under and the inline text it belongs to.

    A text with no numbered operative paragraph is read again, taking its one
    unnumbered operative paragraph (DESIGN: `OP1`) where the preamble ends. Only
    then: in numbered texts a continuation line may open with a capitalised plural
    ("States, ..."), which this reading would take for an operative verb.
    """
    if inline := split_inline(body):
        return _segment_inline(body, source, *inline)
    seg = _segment(body, source, unnumbered=False)
    if not seg.has_operative:
        seg = _segment(body, source, unnumbered=True)
    return [
        (pid, join_lines(lines), seg.section_of.get(pid), None, _unnumbered(pid, seg))
        for pid, lines in seg.finish()
    ]


def _unnumbered(pid: ParagraphId, seg: Segmenter) -> bool:
    """Printed without a number: the paragraph, or the one its items belong to (74/92 A)."""
    top = ParagraphId(pid.kind_rank, pid.number, qualifier=pid.qualifier)
    return pid in seg.unnumbered or top in seg.unnumbered


def _segment_inline(body: list[str], source: str, start: int, text: int) -> list[Segment]:
    """The preamble, the adopting sentence as OP1, then the adopted text as DECL.<n>."""
    seg = _segment(body[:start], source, unnumbered=False) if start else Segmenter(source)
    seg.start_unnumbered(body[start])
    for ln in body[start + 1 : text]:
        seg.add_line(ln)
    adopted = _segment(body[text:], source, unnumbered=False)
    if not adopted.has_operative:
        raise ParseError(source, "the text adopted inline has no numbered paragraphs")
    own: list[Segment] = [
        (pid, join_lines(lines), None, None, _unnumbered(pid, seg)) for pid, lines in seg.finish()
    ]
    inline: list[Segment] = [
        (as_inline(pid, source), join_lines(lines), adopted.section_of.get(pid), DECL, False)
        for pid, lines in adopted.finish()
    ]
    return own + inline


def segment_text(
    lines: list[str], source: str
) -> list[tuple[ParagraphId, str, tuple[str, str] | None]]:
    """A text of its own (an annex, an article) read as a body is: unnumbered opening
    paragraphs as PP<n>, numbered ones as OP<n>; ids, joined lines, section."""
    seg = _segment(lines, source, unnumbered=False)
    return [(pid, join_lines(ls), seg.section_of.get(pid)) for pid, ls in seg.finish()]


def _segment(body: list[str], source: str, unnumbered: bool) -> Segmenter:
    seg = Segmenter(source)
    preamble = True
    headings = Headings()
    i = 0
    while i < len(body):
        heading = headings.read(body, i, seg.last_line())
        unmarked = None
        if heading is None and seg.has_operative:
            unmarked = read_unmarked(body, i, seg.last_line(), seg.next_op)
        if unmarked:
            seg.start_subheading(unmarked.text)
            i = unmarked.end
            continue
        if heading:
            seg.start_heading(heading.mark, heading.text)
            i = heading.end
            if i < len(body) and not _OP_ALONE.match(body[i]) and not _OP_INLINE.match(body[i]):
                # A section's own preamble, or its one unnumbered operative paragraph.
                if _preambular_opener(body[i]):
                    seg.start_preambular(body[i])
                else:
                    preamble = False
                    seg.start_unnumbered(body[i])
                i += 1
            continue
        ln = body[i]
        i += 1
        if unnumbered and preamble and _opens_unnumbered_operative(ln, seg.last_line()):
            preamble = False
            seg.start_unnumbered(ln)
            continue
        if m := _OP_ALONE.match(ln):
            n = int(m.group(1))
            if n == seg.next_op:
                if preamble:
                    _take_chapeau(seg)
                preamble = False
                first = seg.last_line()
                # A table's last cell ("3 073 830 500") is not a first line: those open
                # with a word.
                if (
                    first is not None
                    and not _ends_paragraph(first, in_operative=n > 1)
                    and not _is_table_cell(first)
                ):
                    seg.pop_last_line()  # the number was printed after the first line
                    seg.start_operative(n, first)
                else:
                    seg.start_operative(n, "")
                continue
        if (
            (m := _OP_INLINE.match(ln))
            and int(m.group(1)) == seg.next_op
            and not _is_table_row(m.group(2), body[i] if i < len(body) else "")
        ):
            if preamble:
                _take_chapeau(seg)
            preamble = False
            seg.start_operative(int(m.group(1)), m.group(2))
            continue
        if not preamble and (m := _SUB.match(ln)) and seg.current_op:
            seg.mend_last_line_first(_ends_item)
            sub = _sub_item(m.group(1), seg, seg.last_line())
            if sub:
                seg.start_sub(sub, m.group(2))
                continue
        if preamble and _opens_preambular(ln, seg.last_line()):
            seg.start_preambular(ln)
            continue
        seg.add_line(ln)
    return seg


def _take_chapeau(seg: Segmenter) -> None:
    """ "Resolves that, for 2020:" right before paragraph 1 (74/264) introduces the operative
    paragraphs; it is not a preambular paragraph (those open with a participle or an
    adjective and end with a comma), so it travels with them as their heading."""
    if not seg.blocks:
        return
    pid, lines = seg.blocks[-1]
    if pid.kind_rank != 0 or not lines or _preambular_opener(lines[0]):
        return
    text = join_lines(lines)
    if not strip_trailing_marker(text).endswith(":"):
        return
    seg.blocks.pop()
    seg.start_heading("", text)


def _is_table_row(text: str, following: str) -> bool:
    """ "2. General income" over "21 744 000" (74/264 B's income table): a numbered row label,
    without the punctuation a paragraph's line ends with, over its amount."""
    return not _ends_paragraph(text, in_operative=True) and _is_table_cell(following)


def _is_table_cell(line: str) -> bool:
    """An amount or a number alone ("3 073 830 500", "1,234"): a cell of a budget table."""
    return re.fullmatch(r"[\d\s.,–-]+", line) is not None


def _ends_paragraph(line: str, in_operative: bool) -> bool:
    """Operative paragraphs end with ';', ':' or '.'; the last preambular one with ','."""
    ends = (";", ":", ".") if in_operative else (";", ":", ".", ",")
    return strip_trailing_marker(line).endswith(ends)


def _opens_preambular(line: str, previous: str | None) -> bool:
    if previous is None:
        return True
    if not strip_trailing_marker(previous).endswith((",", ";", ":")):
        return False
    return _preambular_opener(line)


def _preambular_opener(line: str) -> bool:
    """The line opens with a participle or adjective, as a preambular paragraph does.

    An unlisted word ending in "-ing" is a participle when the general English word
    list knows it as a lower-case word made from a verb it also knows ("welcoming",
    "welcome"); a proper noun ("Beijing", "Wyoming") or a pronoun ("Nothing") is not.
    """
    word = _OPENING_WORD.match(line)
    if not word:
        return False
    w = word.group(1).lower()
    if w in _PP_OPENERS:
        return True
    if w in _ING_PREPOSITIONS or not (w.endswith("ing") and len(w) > 5):
        return False
    return _is_participle(w)


def _is_participle(w: str) -> bool:
    """'reaffirming' (reaffirm), 'welcoming' (welcome), 'committing' (commit)."""
    stem = w.removesuffix("ing").split("-")[-1]
    verbs = (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "")
    return is_english(w.split("-")[-1]) and any(v and is_english(v) for v in verbs)


def _opens_unnumbered_operative(line: str, previous: str | None) -> bool:
    """An operative clause opens with a verb in the third person ("Approves", "Urges")
    right after a preambular paragraph's closing comma; a preambular one with a
    participle or adjective."""
    if previous is None or not strip_trailing_marker(previous).endswith(","):
        return False
    word = _OPENING_WORD.match(line)
    if not word:
        return False
    w = word.group(1).lower()
    return w.endswith("s") and not w.endswith("ss") and w not in _PP_OPENERS


def _ends_item(line: str) -> bool:
    return strip_trailing_marker(line).endswith((";", ":", "."))


def _sub_item(token: str, seg: Segmenter, previous: str | None) -> Sub | None:
    """Decide whether '(x)' at a line start opens a letter or a roman item.

    '(i)' after '(h)' is the letter i; after a letter whose text ends in ':' it
    is the first roman item. The token must be the next one expected, and the
    line before must end a clause, so '(c) of the decision' in a wrap is text.
    """
    # An item ends its clause with ";", ":" or ".", or joins the next with "; and" / "; or"
    # (74/40 OP2 (a), 76/120 annex article 5.5 (a)).
    if previous is None or not _ENDS_ITEM.search(strip_trailing_marker(previous)):
        return None
    intro = strip_trailing_marker(previous).endswith(":")
    letter, roman = seg.current_letter, seg.current_roman
    next_roman = ROMAN[ROMAN.index(roman) + 1] if roman else "i"
    if letter and (roman or intro) and token == next_roman:
        return Sub(letter, token)
    expected_letter = _next_letter(letter) if letter else "a"
    if token == expected_letter and (letter or intro):
        return Sub(token, "")
    return None


def _next_letter(letter: str) -> str:
    """Letters run on past 'z' doubled: 'aa', 'bb', ..."""
    if letter == "z":
        return "aa"
    if len(letter) == 2:
        return chr(ord(letter[0]) + 1) * 2
    return chr(ord(letter) + 1)
