"""The citation check: every cited paragraph was retrieved, every quote is verbatim.

It runs on every answer. For the extractive answerer it must never remove
anything (a test holds it to that); for an LLM it is the guard between what a
model wrote and what a diplomat will quote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from chat.answer import Answer, Citation
from corpus.errors import ResoluteError
from corpus.ids import ParagraphId, normalize_symbol

Key = tuple[str, str]  # (symbol, pid)
Evidence = Mapping[Key, Mapping[str, str]]  # paragraph -> language -> verbatim text

# [A/RES/66/45 OP8], [66/45 OP3(g)(iv)], [A/RES/66/45, PP3], [A/RES/74/92 B OP29],
# [A/RES/76/240 B.OP1], [A/RES/74/3 DECL.30(x)], [A/RES/76/120 ANNEX.ART3.1(a)]. This only
# finds what is shaped like a marker; corpus/ids.py's parsers decide what it names. A part
# letter is a lone letter ("B OP29"), so the "B" of "B.OP1" goes with the paragraph.
MARKER = re.compile(
    r"\[\s*((?:A/RES/)?\d{1,3}/\d{1,4}(?:\s?[A-Z](?![A-Z.]))?)\s*,?\s*"
    r"((?:[A-Z][A-Z-]*\.)?(?:ART\d{1,3}(?:\.\d{1,3})?|(?:[A-Z]{2}\s?)?\d{1,3})"
    r"(?:\([A-Z]{1,2}\))?(?:\([A-Z]{1,6}\))?)\s*\]",
    re.I,
)
QUOTE = re.compile(r"[\"“「『]([^\"”」』]{12,})[\"”」』]")
MIN_QUOTE_WORDS = 3


@dataclass(frozen=True)
class Checked:
    answer: Answer
    removed: tuple[str, ...]  # what the check took out, and why


def check_citations(answer: Answer, evidence: Evidence) -> Checked:
    """Keep only citations of retrieved paragraphs whose quote occurs verbatim in them."""
    kept, removed = [], []
    for c in answer.citations:
        key = (c.symbol, str(c.pid))
        if key not in evidence:
            removed.append(f"{c.symbol} {c.pid}: not among the retrieved paragraphs")
        elif not c.quote or c.quote not in evidence[key].get(c.lang, ""):
            removed.append(f"{c.symbol} {c.pid}: quote is not verbatim in the {c.lang} text")
        else:
            kept.append(c)
    # An answer from the structure (a date, a count) cites no paragraph; one whose every
    # citation was removed no longer rests on anything.
    grounded = answer.grounded and (bool(kept) or not answer.citations)
    # A change is shown only with both its sides still cited.
    changes = tuple(
        ch for ch in answer.changes if all(s is None or s in kept for s in (ch.before, ch.after))
    )
    checked = replace(answer, citations=tuple(kept), grounded=grounded, changes=changes)
    return Checked(checked, tuple(removed))


def parse_marked_answer(text: str, evidence: Evidence, lang: str) -> Checked:
    """Turn an LLM's text with [symbol pid] markers and quoted spans into a checked Answer.

    A marker naming a paragraph that was not retrieved is removed; a sentence that
    quotes words found in none of its valid cited paragraphs is removed with its
    markers. The citation's quote is the paragraph's verbatim text.
    """
    removed: list[str] = []
    kept_sentences: list[str] = []
    order: list[Key] = []
    for sentence in _sentences(text):
        keys, valid = [], []
        for m in MARKER.finditer(sentence):
            key = _key(m.group(1), m.group(2))
            keys.append(key)
            if key is None or key not in evidence:
                removed.append(f"{m.group(0)}: not among the retrieved paragraphs")
            else:
                valid.append(key)
        bad_quote = None
        for q in QUOTE.findall(sentence):
            if len(q.split()) < MIN_QUOTE_WORDS and lang == "en":
                continue
            sources = valid or list(evidence)
            if not any(_verbatim(q, evidence[k]) for k in sources):
                bad_quote = q
                break
        if bad_quote is not None:
            removed.append(f"quote not verbatim in the cited paragraphs: {bad_quote[:60]!r}")
            continue
        clean = MARKER.sub(lambda m: _keep_marker(m, evidence), sentence)
        kept_sentences.append(clean)
        order += [k for k in valid if k not in order]
    citations = tuple(
        Citation(
            s,
            ParagraphId.parse(p),
            _quote_lang(evidence[(s, p)], lang),
            evidence[(s, p)][_quote_lang(evidence[(s, p)], lang)],
        )
        for s, p in order
    )
    body = re.sub(r"\s+", " ", " ".join(kept_sentences)).strip()
    answer = Answer(body, bool(citations), citations if citations else (), lang)
    return Checked(answer, tuple(removed))


def marker(symbol: str, pid: str) -> str:
    return f"[{symbol} {pid}]"


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?。！？])\s+|\n+", text.strip())
    return [p for p in parts if p.strip()]


def _key(symbol: str, pid: str) -> Key | None:
    try:
        return normalize_symbol(symbol), str(ParagraphId.parse(pid))
    except ResoluteError:
        return None


def _keep_marker(m: re.Match[str], evidence: Evidence) -> str:
    key = _key(m.group(1), m.group(2))
    return marker(*key) if key is not None and key in evidence else ""


def _verbatim(quote: str, texts: Mapping[str, str]) -> bool:
    q = quote.strip().strip(".,;:，。；：")
    return any(q and q in t for t in texts.values())


def _quote_lang(texts: Mapping[str, str], lang: str) -> str:
    return lang if lang in texts else next(iter(texts))
