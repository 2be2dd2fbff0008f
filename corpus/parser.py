"""From files to Resolutions: read, detect the language, parse, merge language versions."""

from __future__ import annotations

from pathlib import Path

from corpus.errors import ParseError
from corpus.ids import session_of
from corpus.model import Annex, Footnote, Paragraph, Resolution, Section
from corpus.parse_en import parse_english_parts
from corpus.parse_zh import parse_chinese
from corpus.text import LanguageVersion, detect_language

MAX_BYTES = 5_000_000
# Raised whenever what the parser makes of a text changes (ids, texts, structure): a store
# written by an older parser is read again from its stored texts when it is opened.
# 2: documents in parts, annexes after the meeting line, unnumbered paragraphs' labels.
PARSER_VERSION = 2


def read_text(data: bytes, source: str) -> str:
    """Decode a text file, refusing binaries and empty files with a reason."""
    if not data.strip():
        raise ParseError(source, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ParseError(source, f"the file is larger than {MAX_BYTES} bytes")
    if b"\x00" in data:
        raise ParseError(source, "a binary file, not a text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(source, f"not UTF-8 text (byte {exc.start})") from None


def parse_text(text: str, source: str) -> list[LanguageVersion]:
    """The resolutions a text holds, one language version each: one, or one per part of a
    document adopted in parts. Any failure is a ParseError naming the source."""
    lang = detect_language(text)
    if lang is None:
        raise ParseError(source, "no text in a known language (English or Chinese)")
    try:
        if lang == "zh":
            return [parse_chinese(text, source)]
        return parse_english_parts(text, source)
    except ParseError:
        raise
    except (ValueError, IndexError, KeyError) as exc:  # a defect in our reading, named plainly
        raise ParseError(source, f"could not parse the {lang} text: {exc}") from exc


def parse_file(path: Path) -> list[LanguageVersion]:
    return parse_text(read_text(path.read_bytes(), str(path)), str(path))


def merge(versions: list[LanguageVersion]) -> Resolution:
    """Merge the language versions of one resolution; their paragraphs must align."""
    if not versions:
        raise ValueError("nothing to merge")
    symbol = versions[0].symbol
    by_lang: dict[str, LanguageVersion] = {}
    for v in versions:
        if v.symbol != symbol:
            raise ParseError(v.source, f"is {v.symbol}, not {symbol}")
        by_lang[v.lang] = v  # a later file of the same language replaces an earlier one
    order = [p.pid for p in next(iter(by_lang.values())).paragraphs]
    for v in by_lang.values():
        ids = [p.pid for p in v.paragraphs]
        if ids != order:
            missing = sorted(set(order) ^ set(ids))
            raise ParseError(
                v.source,
                f"paragraphs do not align with the other language version"
                f" of {symbol} (differ at {', '.join(map(str, missing[:5]))})",
            )
    paragraphs = []
    for i, pid in enumerate(order):
        texts = {lang: v.paragraphs[i].text for lang, v in by_lang.items()}
        marks: list[str] = []
        for v in by_lang.values():
            marks += [m for m in v.paragraphs[i].marks if m not in marks]
        # The mark is the same in every language (the ids align); the heading is translated.
        under = {lang: s for lang, v in by_lang.items() if (s := v.paragraphs[i].section)}
        section = None
        if under:
            mark = next(iter(under.values()))[0]
            section = Section(mark, {lang: heading for lang, (_, heading) in under.items()})
        in_annex = {lang: a for lang, v in by_lang.items() if (a := v.paragraphs[i].annex)}
        annex = None
        if in_annex:
            of = next(iter(in_annex.values()))[0]
            annex = Annex(of, {lang: title for lang, (_, title) in in_annex.items()})
        unnumbered = any(v.paragraphs[i].unnumbered for v in by_lang.values())
        paragraphs.append(
            Paragraph(pid, texts, tuple(marks), section, annex, unnumbered=unnumbered)
        )
    all_marks = sorted({m for v in by_lang.values() for m in v.footnotes}, key=int)
    footnotes = tuple(
        Footnote(m, {lang: v.footnotes[m] for lang, v in by_lang.items() if m in v.footnotes})
        for m in all_marks
    )
    first = by_lang.get("en") or next(iter(by_lang.values()))
    return Resolution(
        symbol=symbol,
        session=session_of(symbol),
        title={lang: v.title for lang, v in by_lang.items()},
        adopted=_agreed(by_lang, "adopted"),
        meeting=_agreed(by_lang, "meeting"),
        agenda_item=first.agenda_item,
        committee_report=first.committee_report,
        paragraphs=tuple(paragraphs),
        footnotes=footnotes,
        document_title={lang: t for lang, v in by_lang.items() if (t := v.document_title)},
    )


def _agreed(by_lang: dict[str, LanguageVersion], field: str) -> str | None:
    values = {getattr(v, field) for v in by_lang.values()} - {None}
    if len(values) > 1:
        sources = ", ".join(v.source for v in by_lang.values())
        raise ParseError(sources, f"language versions disagree on {field}: {sorted(values)}")
    return values.pop() if values else None
