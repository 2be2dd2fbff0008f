"""The annexes after the meeting line of an English resolution.

What follows the meeting line (and the date under it), footnote blocks and furniture
apart, is the resolution's annexes. Each opens with a heading alone on its line,
"Annex" or "Annex I", "Annex II", ..., then its title. Three layouts are read:

- articles (76/120): "Article <n>" alone on a line opens an article, "Part One" and the
  line after it ("Registration") a part heading, carried as the articles' section. An
  article numbering its paragraphs from "1." has ids ANNEX.ART<n>.<p>[(a)]; one that is
  a single unnumbered paragraph, ANNEX.ART<n>[(a)];
- paragraphs: numbered as a resolution's ("1.", "(a)"): ANNEX.<n>[(a)], and the
  unnumbered paragraphs that open it ANNEX.PP<n>;
- a table (74/262's staffing table): no line ends a sentence (".", ";", ":"). Its rows
  are not paragraphs: the annex is one unit, ANNEX.1, labelled by the annex alone; its
  text is the cells in reading order joined by single spaces, since pdftotext does not
  keep a row's cells together. A text with no paragraph numbered "1." is one such
  unnumbered unit too.

Several annexes ("Annex I", "Annex II") qualify their ids ANNEX-I, ANNEX-II.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.english.footnotes import strip_trailing_marker
from corpus.english.inline import as_inline
from corpus.english.layout import BARE_NUMBER
from corpus.english.paragraphs import segment_text
from corpus.english.words import join_lines
from corpus.errors import ParseError
from corpus.ids import ROMAN, ParagraphId

_ANNEX = re.compile(r"^Annex(?: ([IVX]{1,5}))?$")
_ARTICLE = re.compile(r"^Article (\d{1,3})$")
_PART = re.compile(
    r"^Part (?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|[IVX]{1,5}|\d{1,2})$"
)
_FIRST = re.compile(r"^1\.(?:\s+\S.*)?$")
# A title line broken after one of these words runs on to the next line.
_RUNS_ON = {"the", "of", "and", "to", "for", "on", "in", "a", "an", "with", "by", "at", "or"}
_SENTENCE_END = (".", ";", ":")


@dataclass(frozen=True)
class AnnexParagraph:
    pid: ParagraphId
    text: str  # lines joined, markers and broken words still in
    section: tuple[str, str] | None  # ("Part One", "Registration")
    annex: tuple[str, str]  # (id, title): ("ANNEX", "Regulations to give effect ...")
    unnumbered: bool = False  # the annex's one unit, printed without a number
    table: bool = False  # its text is a table's cells: numbers are cells, not markers


def read_annexes(after: list[str], source: str) -> list[AnnexParagraph]:
    """The paragraphs of every annex in the lines after the meeting line."""
    lines = list(after)
    while lines and BARE_NUMBER.match(lines[0]):  # the last page's number
        lines.pop(0)
    if not lines:
        return []
    if not _ANNEX.match(lines[0]):
        raise ParseError(source, f"text after the meeting line is not an annex: {lines[0][:60]!r}")
    starts = [i for i, ln in enumerate(lines) if _ANNEX.match(ln)]
    numerals = [_ANNEX.match(lines[i]).group(1) for i in starts]  # type: ignore[union-attr]
    if len(starts) > 1 and not all(numerals):
        raise ParseError(source, "several annexes, not all numbered (Annex I, Annex II, ...)")
    out: list[AnnexParagraph] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        numeral = numerals[k]
        if numeral and numeral.lower() not in ROMAN:
            raise ParseError(source, f"annex numeral {numeral!r} has no id (I to XX)")
        of = f"ANNEX-{numeral}" if numeral else "ANNEX"
        out += _read_annex(lines[start + 1 : end], of, source)
    return out


def _read_annex(lines: list[str], of: str, source: str) -> list[AnnexParagraph]:
    title_end = _title_end(lines)
    if title_end == 0 or title_end >= len(lines):
        raise ParseError(source, f"{of} has no title or no text")
    annex = (of, " ".join(lines[:title_end]))
    rest = lines[title_end:]
    if any(_ARTICLE.match(ln) for ln in rest):
        return _articles(rest, annex, source)
    text = [ln for ln in rest if not BARE_NUMBER.match(ln)]
    one = ParagraphId.annex(1, of=of)
    if not any(strip_trailing_marker(ln).endswith(_SENTENCE_END) for ln in text):
        # A table: its cells, bare numbers included, as one unit.
        return [AnnexParagraph(one, " ".join(rest), None, annex, unnumbered=True, table=True)]
    if not any(_FIRST.match(ln) for ln in text):
        # No numbered paragraph: the annex is one unnumbered unit, as a table is.
        return [AnnexParagraph(one, join_lines(text), None, annex, unnumbered=True)]
    return [
        AnnexParagraph(as_inline(pid, source, of), body, section, annex)
        for pid, body, section in segment_text(text, source)
    ]


def _title_end(lines: list[str]) -> int:
    """The title is the first line, running on while a line breaks after a word that
    cannot end a title ("... of the" / "United Nations") or the next opens in lower case."""
    i = 1
    while i < len(lines) and not _PART.match(lines[i]) and not _ARTICLE.match(lines[i]):
        last = lines[i - 1].rsplit(" ", 1)[-1]
        if last not in _RUNS_ON and not lines[i][:1].islower():
            break
        i += 1
    return i


def _articles(lines: list[str], annex: tuple[str, str], source: str) -> list[AnnexParagraph]:
    """Part headings and the articles under them."""
    of = annex[0]
    out: list[AnnexParagraph] = []
    section: tuple[str, str] | None = None
    article = last = 0
    chunk: list[str] = []

    def flush() -> None:
        if article:
            out.extend(_article(article, chunk, of, annex, section, source))

    i = 0
    while i < len(lines):
        ln = lines[i]
        if _PART.match(ln) and i + 1 < len(lines) and not _ARTICLE.match(lines[i + 1]):
            flush()
            article, chunk = 0, []
            j = i + 2  # the part's heading, wrapping onto lines in lower case
            while j < len(lines) and lines[j][:1].islower():
                j += 1
            section = (ln, " ".join(lines[i + 1 : j]))
            i = j
            continue
        if m := _ARTICLE.match(ln):
            flush()
            n = int(m.group(1))
            if n != last + 1:
                raise ParseError(source, f"{of}: article {n} follows article {last}")
            article = last = n
            chunk = []
        elif not article:
            raise ParseError(source, f"{of}: text before its first article: {ln[:60]!r}")
        elif not BARE_NUMBER.match(ln):
            chunk.append(ln)
        i += 1
    flush()
    return out


def _article(
    n: int,
    lines: list[str],
    of: str,
    annex: tuple[str, str],
    section: tuple[str, str] | None,
    source: str,
) -> list[AnnexParagraph]:
    """An article numbering its paragraphs from "1." (ART<n>.<p>), or one unnumbered
    paragraph (ART<n>), read as its paragraph 1 would be."""
    if not lines:
        raise ParseError(source, f"{of}: article {n} has no text")
    numbered = bool(_FIRST.match(lines[0]))
    out = []
    for pid, body, _ in segment_text(lines if numbered else ["1.", *lines], source):
        if pid.kind_rank != 1 or pid.qualifier or (not numbered and pid.number > 1):
            raise ParseError(source, f"{of}: article {n} has a paragraph read as {pid}")
        p = pid.number if numbered else 0
        out.append(
            AnnexParagraph(
                ParagraphId.annex(p, pid.letter, pid.roman, of, article=n), body, section, annex
            )
        )
    return out
