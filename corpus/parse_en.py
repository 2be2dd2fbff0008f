"""Parse the English text of a resolution as `pdftotext` prints it.

The text carries page furniture (running heads, page and job numbers, barcodes,
"Please recycle"), footnote blocks after a rule of underscores, footnote markers
inline, operative numbers printed on the line after a paragraph's first line, and
words broken by the PDF layout. Each job has its module under `corpus.english`;
this one runs them in order:

1. header: symbol, title, agenda item, adoption date, from the first page;
2. layout: body lines apart from footnote blocks and furniture (and the meeting
   line that closes the body, read back into the header), and the lines after it;
3. footnotes: each footnote's number paired with its text;
4. paragraphs: body lines segmented (preambular, operative, (a) letters, (i) romans);
5. each paragraph's text cleaned: footnote markers out, layout spaces tidied,
   broken words mended;
6. annexes: the lines after the meeting line, read as annexes (articles, paragraphs
   or a table), cleaned the same way.
"""

from __future__ import annotations

from corpus.english.annex import read_annexes
from corpus.english.footnotes import read_footnotes, take_markers
from corpus.english.header import Header
from corpus.english.layout import split_body
from corpus.english.paragraphs import segment
from corpus.english.words import WordMender, tidy
from corpus.errors import ParseError
from corpus.text import LanguageVersion, ParsedParagraph


def parse_english(text: str, source: str) -> LanguageVersion:
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines()]
    header = Header.read(lines, source)
    body, footnote_blocks, after = split_body(lines, header, source)
    footnotes = read_footnotes(footnote_blocks)
    paragraphs = segment(body, source)
    annexed = read_annexes(after, source)
    marks = set(footnotes)
    mender = WordMender(body)
    parsed = []
    for pid, raw, section, annex in paragraphs:
        # Markers out first: a marker glued to a word ("Weapons1") hides it from the mender.
        text, found = take_markers(raw, marks)
        text = mender.mend(tidy(text))
        if not text:
            raise ParseError(source, f"paragraph {pid} is empty after cleaning")
        if section is not None:  # a heading wraps and breaks words as paragraphs do
            section = (section[0], mender.mend(tidy(section[1])))
        # The adopted text's title is the resolution's (76/1, 74/3), printed above it and
        # dropped with the running heads that repeat it.
        inline = (annex, header.title) if annex else None
        parsed.append(ParsedParagraph(pid, text, found, section, inline))
    # An annex's words are learnt with the body's; the body's own mending is unchanged.
    annex_mender = WordMender(body + after) if annexed else mender
    for a in annexed:
        if a.table:  # its numbers are cells, not footnote markers
            text, found = tidy(a.text), []
        else:
            text, found = take_markers(a.text, marks)
            text = annex_mender.mend(tidy(text))
        if not text:
            raise ParseError(source, f"paragraph {a.pid} is empty after cleaning")
        section = (a.section[0], annex_mender.mend(tidy(a.section[1]))) if a.section else None
        title = annex_mender.mend(tidy(a.annex[1]))
        parsed.append(
            ParsedParagraph(a.pid, text, found, section, (a.annex[0], title), a.unnumbered)
        )
    return LanguageVersion(
        source=source,
        lang="en",
        symbol=header.symbol,
        title=header.title,
        adopted=header.adopted,
        meeting=header.meeting,
        agenda_item=header.agenda_item,
        committee_report=header.committee_report,
        paragraphs=parsed,
        footnotes={m: tidy(t) for m, t in footnotes.items()},
    )
