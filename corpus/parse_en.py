"""Parse the English text of a resolution as `pdftotext` prints it.

The text carries page furniture (running heads, page and job numbers, barcodes,
"Please recycle"), footnote blocks after a rule of underscores, footnote markers
inline, operative numbers printed on the line after a paragraph's first line, and
words broken by the PDF layout. Each job has its module under `corpus.english`;
this one runs them in order:

1. header: symbol, title, agenda item, adoption date, from the first page; the parts
   of a document adopted in parts (74/92 A-B), each read as a resolution of its own;
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
from corpus.english.layout import FootnoteBlock, split_body
from corpus.english.paragraphs import segment
from corpus.english.parts import find_parts
from corpus.english.words import WordMender, tidy
from corpus.errors import ParseError
from corpus.text import LanguageVersion, ParsedParagraph


def parse_english(text: str, source: str) -> LanguageVersion:
    """The one resolution an English text holds; a document adopted in parts is refused
    here (its parts come from `parse_english_parts`)."""
    versions = parse_english_parts(text, source)
    if len(versions) > 1:
        symbols = ", ".join(v.symbol for v in versions)
        raise ParseError(source, f"holds {len(versions)} resolutions ({symbols}), not one")
    return versions[0]


def parse_english_parts(text: str, source: str) -> list[LanguageVersion]:
    """Each resolution an English text holds: one, or one per part (74/92 A-B)."""
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines()]
    header = Header.read(lines, source)
    parts = find_parts(lines, header, source)
    bodies: list[tuple[Header, list[str], list[str]]] = []
    blocks: list[FootnoteBlock] = []
    for part in parts:
        body, part_blocks, after = split_body(lines, part.header, source, part.end)
        bodies.append((part.header, body, after))
        blocks += part_blocks
    # Footnotes are numbered through the whole document, whichever part cites them.
    footnotes = {m: tidy(t) for m, t in read_footnotes(blocks).items()}
    # The whole document's vocabulary mends each part's broken words.
    mender = WordMender([ln for _, body, _ in bodies for ln in body])
    versions = []
    for h, body, after in bodies:
        paragraphs = _paragraphs(body, h, footnotes, mender, source)
        paragraphs += _annexes(after, body, footnotes, mender, source)
        if h.part:  # a part keeps the footnotes it cites
            cited = {m for p in paragraphs for m in p.marks}
            kept = {m: t for m, t in footnotes.items() if m in cited}
        else:
            kept = footnotes
        versions.append(
            LanguageVersion(
                source=source,
                lang="en",
                symbol=f"{h.symbol} {h.part}" if h.part else h.symbol,
                title=h.part_title or h.title,
                adopted=h.adopted,
                meeting=h.meeting,
                agenda_item=h.agenda_item,
                committee_report=h.committee_report,
                paragraphs=paragraphs,
                footnotes=kept,
                document_title=h.title if h.part else None,
            )
        )
    return versions


def _paragraphs(
    body: list[str], h: Header, footnotes: dict[str, str], mender: WordMender, source: str
) -> list[ParsedParagraph]:
    marks = set(footnotes)
    parsed = []
    for pid, raw, section, annex, unnumbered in segment(body, source):
        # Markers out first: a marker glued to a word ("Weapons1") hides it from the mender.
        text, found = take_markers(raw, marks)
        text = mender.mend(tidy(text))
        if not text:
            raise ParseError(source, f"paragraph {pid} is empty after cleaning")
        if section is not None:  # a heading wraps and breaks words as paragraphs do
            section = (section[0], mender.mend(tidy(section[1])))
        # The adopted text's title is the resolution's (76/1, 74/3), printed above it and
        # dropped with the running heads that repeat it.
        inline = (annex, h.part_title or h.title) if annex else None
        parsed.append(ParsedParagraph(pid, text, found, section, inline, unnumbered))
    return parsed


def _annexes(
    after: list[str],
    body: list[str],
    footnotes: dict[str, str],
    mender: WordMender,
    source: str,
) -> list[ParsedParagraph]:
    """The annexes printed after the meeting line, as paragraphs of kind annex."""
    annexed = read_annexes(after, source)
    if not annexed:
        return []
    marks = set(footnotes)
    # An annex's words are learnt with the body's; the body's own mending is unchanged.
    annex_mender = WordMender(body + after)
    parsed = []
    for a in annexed:
        if a.table:  # its numbers are cells, not footnote markers
            text, found = tidy(a.text), list[str]()
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
    return parsed
