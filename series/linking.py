"""Which resolution renews which: the links that chain resolutions into series.

A later resolution R renews an earlier one C (C's session before R's) when their texts
share enough (`MIN_OVERLAP`, word trigrams shared over those of the shorter text) and one of:

- R's text names C ("Recalling its resolution 72/50 …"): evidence `cited`;
- R names a resolution adopted between C and R that the store does not hold (its
  predecessor, a missing year: 65/72 recalls 64/47, so the series runs on from 63/73):
  `missing-year`;
- nothing is cited, but the titles match (`SAME_TITLE`, Dice of their words) under the same
  Main Committee: `same-title`.

Candidates are taken best first: cited before missing year before same title, then the
nearest session, then the greater overlap; each resolution gets at most one predecessor
and one successor, so two resolutions of one session never share a series (a chain has one
member a session). Agenda item numbers are renumbered every session, so they cannot link
two sessions; the Main Committee (from the report line) must agree for an uncited link.

The bars, measured over the 40 resolutions of the bundled corpus and ../shared/corpus-extra
(README, "Series"): consecutive members of a series overlap 0.46 to 0.97 (a renamed, rewritten
year: 69/52 -> 71/49 0.46; 63/73 -> 65/72 0.50), texts of different series at most 0.21
(a two-paragraph text against a long one). `MIN_OVERLAP` 0.35 sits between the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corpus.ids import Symbol
from corpus.model import Resolution
from series.model import Evidence, Link
from series.text import dice, similarity_tokens

MIN_OVERLAP = 0.35
SAME_TITLE = 0.8
MAX_GAP = 5  # sessions between a resolution and the one it renews, when it cites none

# "resolution 72/50", "resolutions 49/75 H of …, 50/70 C … and 58/59", "第72/50号决议"
_CITED = re.compile(r"(?<![\d/])(\d{1,3})/(\d{1,4})(?: ?([A-Z])\b)?")
_WORD = re.compile(r"\w+")
_COMMITTEE = re.compile(
    r"(First|Second|Third|Fourth|Fifth|Sixth) Committee|without reference to a Main Committee"
)


def cited_symbols(r: Resolution) -> set[str]:
    """The resolution symbols R's text names ("49/75 H", "72/50"), normalized; its own aside."""
    found: set[str] = set()
    for p in r.paragraphs:
        for text in p.text.values():
            for session, number, part in _CITED.findall(text):
                if 0 < int(session) < r.session + 1:
                    found.add(str(Symbol(int(session), int(number), part or "")))
                    found.add(str(Symbol(int(session), int(number), "")))
    found.discard(r.symbol)
    return found


def committee(r: Resolution) -> str | None:
    m = _COMMITTEE.search(r.committee_report or "")
    return m.group(0) if m else None


def title_similarity(a: Resolution, b: Resolution) -> float:
    lang = "en" if "en" in a.title and "en" in b.title else next(iter(a.title), "")
    return dice(similarity_tokens(a.title.get(lang, "")), similarity_tokens(b.title.get(lang, "")))


def shingles(r: Resolution) -> set[tuple[str, ...]]:
    """Word trigrams (Chinese: character trigrams) of the text in its first language."""
    lang = "en" if "en" in r.languages else (r.languages or ["en"])[0]
    words: list[str] = []
    for p in r.paragraphs:
        if lang in p.text:
            text = p.text[lang].casefold()
            words += [c for c in text if c.isalnum()] if lang == "zh" else _WORD.findall(text)
    return set(zip(words, words[1:], words[2:], strict=False))


def overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


def link(resolutions: Iterable[Resolution]) -> list[Link]:
    """Every link found among `resolutions`, each resolution in at most one as successor
    and one as predecessor."""
    held = sorted(resolutions, key=lambda r: (r.session, r.symbol))
    symbols = {r.symbol for r in held}
    cites = {r.symbol: cited_symbols(r) for r in held}
    texts = {r.symbol: shingles(r) for r in held}
    committees = {r.symbol: committee(r) for r in held}
    candidates: list[tuple[tuple[int, int, float], Link]] = []
    for new in held:
        missing_sessions = {Symbol.parse(s).session for s in cites[new.symbol] if s not in symbols}
        for old in held:
            if old.session >= new.session:
                break
            gap = new.session - old.session
            cited = old.symbol in cites[new.symbol]
            if not cited and gap > MAX_GAP:
                continue
            if not cited and committees[old.symbol] != committees[new.symbol]:
                continue
            shared = overlap(texts[old.symbol], texts[new.symbol])
            if shared < MIN_OVERLAP:
                continue
            titles = title_similarity(old, new)
            if cited:
                evidence = Evidence.CITED
            elif any(old.session < s < new.session for s in missing_sessions):
                evidence = Evidence.MISSING_YEAR
            elif titles >= SAME_TITLE:
                evidence = Evidence.SAME_TITLE
            else:
                continue
            rank = list(Evidence).index(evidence)
            candidates.append(
                ((rank, gap, -shared), Link(old.symbol, new.symbol, evidence, round(shared, 4),
                                            round(titles, 4)))
            )  # fmt: skip
    links: list[Link] = []
    has_successor: set[str] = set()
    has_predecessor: set[str] = set()
    for _, lk in sorted(candidates, key=lambda c: (c[0], c[1].successor)):
        if lk.predecessor in has_successor or lk.successor in has_predecessor:
            continue
        has_successor.add(lk.predecessor)
        has_predecessor.add(lk.successor)
        links.append(lk)
    return sorted(links, key=lambda lk: (Symbol.parse(lk.successor), lk.predecessor))


def chains(symbols: Iterable[str], links: Iterable[Link]) -> list[tuple[str, ...]]:
    """The series the links make of `symbols`, each oldest first; a resolution linked to
    nothing is a series of one."""
    after = {lk.predecessor: lk.successor for lk in links}
    before = set(after.values())
    out = []
    for s in sorted(symbols, key=Symbol.parse):
        if s in before:
            continue
        chain = [s]
        while chain[-1] in after:
            chain.append(after[chain[-1]])
        out.append(tuple(chain))
    return out
