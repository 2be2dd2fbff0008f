"""Query understanding: what a question names, what it asks, and what is left to search for.

Diplomats and researchers refer to General Assembly texts in a handful of stable ways:
"66/45", "A/RES/66/45", "resolution 66/45", "第66/45号决议"; "OP 9", "operative paragraph
3 (g) (iv)", "the third preambular paragraph", "执行部分第13段", "序言部分第三段"; "the 2007
resolution", "2007年的决议". ``understand`` pulls those references out of a question so the
retriever can filter or fetch directly, and hands back the rest (``topic``) as the text to
search with; for the chat it also reads what the message asks beyond a topic (a fact, a
comparison, a follow-up). Everything that reads a question's words lives in this package,
one reader per job (symbols, years, paragraphs, language, topic, intents), and runs once per
question: its callers pass the ``Understood`` down rather than reading the words again.

It runs on every query, so every pattern is compiled once at import and the work per call is
a few regex scans over a short string (well under 0.2 ms for a typical question). Each
module's docstring gives its choices on ambiguous input.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from corpus.ids import ParagraphId
from understanding.intents import (
    Metadata,
    asks_always_there,
    asks_first_mention,
    asks_summary,
    asks_which_resolutions,
    bare_years,
    is_comparison,
    lacks_topic,
    metadata_intent,
    part_named,
    refers_back,
    without_comparison_words,
    without_history_words,
)
from understanding.language import language_of
from understanding.paragraphs import find_paragraph
from understanding.symbols import find_symbols
from understanding.text import Span
from understanding.topic import cut_topic, has_substance, tidy
from understanding.years import find_years

__all__ = [
    "Metadata",
    "Understood",
    "has_substance",
    "tidy",
    "understand",
    "without_comparison_words",
]


@dataclass(frozen=True)
class Understood:
    """A question read once: its explicit references, its topic, and what it asks for."""

    question: str  # as asked
    symbols: tuple[str, ...]  # normalized "A/RES/66/45", in order of mention, no duplicates
    years: tuple[int, ...]  # resolution years named, in order of mention, no duplicates
    paragraph: ParagraphId | None  # the first explicit paragraph reference
    lang: str  # "zh" or "en"
    topic: str  # the question minus the references, for the retrieval query
    # Just a reference, nothing substantive to search for: "62/37号决议第12段", "Show me
    # operative paragraph 4 of A/RES/66/45", "OP 9 of 62/37?". A lookup without a symbol
    # ("OP 9?") is still a lookup; the caller decides what a paragraph with no resolution means.
    is_lookup: bool
    metadata: Metadata | None  # a fact the resolution's structure answers: a date, a count
    is_comparison: bool  # "compare", "how did ... change", "比较"
    comparison_topic: str  # the topic without the comparison words: what is compared
    refers_back: bool  # "it", "the same paragraph", "对应的段落": points at an earlier turn
    bare_years: tuple[int, ...]  # any year written, as a short follow-up names one
    lacks_topic: bool  # only follow-up filler is left: "And what about it?"
    part: str | None  # "operative" or "preambular" when the question names a part
    asks_which: bool  # "which resolutions mention X": a list across resolutions
    asks_summary: bool  # "summarize 66/45": title, date, operative opening clauses
    first_mention: bool  # "when did the Assembly first call for X", "首次"
    always_there: bool  # "has the paragraph on Z always been there", "一直都有吗"
    history_topic: str  # the topic without those words: what the series is searched for


def understand(question: str, known_symbols: Collection[str] | None = None) -> Understood:
    """Read a question: its explicit references, the topic to search for, what it asks.

    ``known_symbols`` (normalized "A/RES/66/45" strings; pass a set for speed) lets a bare
    low-session "24/7" count as a symbol when the corpus has it; symbols it does not contain
    are still reported.
    """
    text = question.strip()
    spans: list[Span] = []  # what to cut from the topic
    year_hits: list[tuple[int, int]] = []  # (position, year), to report years in text order
    symbols = find_symbols(text, known_symbols, spans, year_hits)
    years = find_years(text, spans, year_hits)
    paragraph = find_paragraph(text, spans)
    topic = cut_topic(text, spans)
    return Understood(
        question=question,
        symbols=symbols,
        years=years,
        paragraph=paragraph,
        lang=language_of(text),
        topic=topic,
        is_lookup=bool(symbols or paragraph) and not has_substance(topic),
        metadata=metadata_intent(question),
        is_comparison=is_comparison(question),
        comparison_topic=without_comparison_words(topic),
        refers_back=refers_back(question),
        bare_years=bare_years(question),
        lacks_topic=lacks_topic(topic),
        part=part_named(question),
        asks_which=asks_which_resolutions(question),
        asks_summary=asks_summary(question),
        first_mention=asks_first_mention(question),
        always_there=asks_always_there(question),
        history_topic=without_history_words(topic),
    )
