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

Only candidates are compared, never every pair: an uncited link needs the same Main
Committee within `MAX_GAP` sessions, so a resolution is weighed against the resolutions of
its committee in the `MAX_GAP` sessions before it and against those its text names; the
texts are read last, for the pairs that pass every other test. `Linker` finds the
candidates of some resolutions among all those held (from their `Profile`s, which a saved
catalog keeps, so an ingest reads only the texts it needs); `assign` takes them best first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

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
_RANK = {e: i for i, e in enumerate(Evidence)}  # cited, missing year, same title: best first


def cited_symbols(r: Resolution) -> set[str]:
    """The resolution symbols R's text names ("49/75 H", "72/50"), normalized; its own aside."""
    found: set[str] = set()
    # one pass over all the texts (a line break neither starts nor continues a symbol)
    text = "\n".join(t for p in r.paragraphs for t in p.text.values())
    for session, number, part in set(_CITED.findall(text)):
        if 0 < int(session) < r.session + 1:
            found.add(str(Symbol(int(session), int(number), part or "")))
            found.add(str(Symbol(int(session), int(number), "")))
    found.discard(r.symbol)
    return found


def committee(r: Resolution) -> str | None:
    m = _COMMITTEE.search(r.committee_report or "")
    return m.group(0) if m else None


def title_similarity(a: Resolution, b: Resolution) -> float:
    return _titles(a.title, b.title)


def _titles(a: Mapping[str, str], b: Mapping[str, str]) -> float:
    lang = "en" if "en" in a and "en" in b else next(iter(a), "")
    return _title_dice(a.get(lang, ""), b.get(lang, ""))


@lru_cache(maxsize=1 << 16)
def _title_dice(a: str, b: str) -> float:
    # a resolution is weighed against hundreds of others of its committee: its title's words
    # are read once, and a title met again (a series keeps its title for years) costs nothing
    return dice(_title_words(a), _title_words(b))


@lru_cache(maxsize=1 << 16)
def _title_words(text: str) -> Counter[str]:
    return similarity_tokens(text)  # shared between calls: `dice` only reads it


def words(r: Resolution) -> list[str]:
    """The words (Chinese: characters) of the text in its first language, lower-cased."""
    lang = "en" if "en" in r.languages else (r.languages or ["en"])[0]
    # the paragraphs one after another (a line break is no word, so none joins across)
    text = "\n".join(p.text[lang] for p in r.paragraphs if lang in p.text).casefold()
    return [c for c in text if c.isalnum()] if lang == "zh" else _WORD.findall(text)


def shingles(r: Resolution) -> set[tuple[str, ...]]:
    """Word trigrams (Chinese: character trigrams) of the text in its first language."""
    w = words(r)
    return set(zip(w, w[1:], w[2:], strict=False))


def overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


_BITS = 21  # a word's number in a packed trigram: three fit in an int64


class Shingler:
    """Word trigrams as sorted arrays of ints, a tenth of the memory of a set of string
    tuples and compared without Python objects. Each word is numbered when first seen
    (numbers are this instance's own) and a trigram is its three numbers packed, so two
    trigrams are one int only when they are the same words (a hash could collide, and
    the links must not depend on chance)."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def __call__(self, r: Resolution) -> np.ndarray:
        numbers = self._numbers
        ws = words(r)
        for w in dict.fromkeys(ws).keys() - numbers.keys():  # new words, in a stable order
            numbers[w] = len(numbers)
        ids = list(map(numbers.__getitem__, ws))
        if len(numbers) <= 1 << _BITS:
            a = np.array(ids, dtype=np.int64)
            return np.unique((a[:-2] << 2 * _BITS) | (a[1:-1] << _BITS) | a[2:])
        # over two million words: Python ints, still one per trigram and distinct from
        # every packed one (those stay below 2**63), compared as objects
        wide = 1 << 63
        return np.unique(
            np.array(
                [
                    (a << 2 * _BITS) | (b << _BITS) | c
                    if max(a, b, c) < 1 << _BITS
                    else wide + (a | b << 32 | c << 64)
                    for a, b, c in zip(ids, ids[1:], ids[2:], strict=False)
                ],
                dtype=object,
            )
        )


def shared_count(a: np.ndarray, b: np.ndarray) -> int:
    """Trigrams in both of two `Shingler` arrays (each sorted, no repeats)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


@dataclass(frozen=True)
class Profile:
    """What linking reads of a resolution besides its words: small enough to keep for every
    resolution held, so that finding a new one's candidates reads no other text."""

    symbol: str
    session: int
    committee: str | None
    title: dict[str, str]
    cites: frozenset[str]

    @staticmethod
    def of(r: Resolution) -> Profile:
        cites = frozenset(cited_symbols(r))
        return Profile(r.symbol, r.session, committee(r), dict(r.title), cites)


@dataclass(frozen=True)
class Candidate:
    """A link that could be: `successor` renews `predecessor` on `evidence`; `assign` picks."""

    predecessor: str
    successor: str
    evidence: Evidence
    gap: int  # sessions
    shared: int  # trigrams in both texts
    smaller: int  # trigrams of the shorter text
    titles: float  # title similarity

    @property
    def overlap(self) -> float:
        return self.shared / self.smaller

    def key(self) -> tuple[int, int, float, str, str]:
        """Best first: evidence, nearest session, greater overlap; then by symbols, so that
        the order never depends on the order candidates were found in."""
        return (_RANK[self.evidence], self.gap, -self.overlap, self.successor, self.predecessor)

    def link(self) -> Link:
        return Link(
            self.predecessor,
            self.successor,
            self.evidence,
            round(self.overlap, 4),
            round(self.titles, 4),
        )


class Linker:
    """The candidates of some resolutions among all `held` (their profiles); `text(symbol)`
    reads a resolution, only for a pair that passed every test but the overlap."""

    def __init__(self, held: Mapping[str, Profile], text: Callable[[str], Resolution]) -> None:
        self.held = held
        self._text = text
        self._shingler = Shingler()
        self._shingles: dict[str, np.ndarray] = {}
        self._buckets: dict[tuple[str | None, int], list[Profile]] = {}
        self._citing: dict[str, list[Profile]] = {}
        for p in held.values():
            self._buckets.setdefault((p.committee, p.session), []).append(p)
            for s in p.cites:
                self._citing.setdefault(s, []).append(p)

    def citing(self, symbol: str) -> list[Profile]:
        """The resolutions held whose texts name `symbol`."""
        return self._citing.get(symbol, [])

    def as_successor(self, symbol: str) -> list[Candidate]:
        """Every candidate renewed by `symbol`: its committee's resolutions of the `MAX_GAP`
        sessions before it, and the earlier ones it names (cited: any gap, any committee)."""
        new = self.held[symbol]
        olds = {s: self.held[s] for s in new.cites if s in self.held}
        for session in range(new.session - MAX_GAP, new.session):
            olds.update((p.symbol, p) for p in self._buckets.get((new.committee, session), []))
        missing = self._missing(new)
        return [c for old in olds.values() if (c := self._pair(old, new, missing))]

    def as_predecessor(self, symbol: str) -> list[Candidate]:
        """Every candidate renewing `symbol`: its committee's resolutions of the `MAX_GAP`
        sessions after it, and the later ones naming it."""
        old = self.held[symbol]
        news = {p.symbol: p for p in self.citing(symbol)}
        for session in range(old.session + 1, old.session + MAX_GAP + 1):
            news.update((p.symbol, p) for p in self._buckets.get((old.committee, session), []))
        return [c for new in news.values() if (c := self._pair(old, new, self._missing(new)))]

    def _missing(self, new: Profile) -> set[int]:
        """The sessions of the resolutions `new` names that are not held."""
        return {Symbol.parse(s).session for s in new.cites if s not in self.held}

    def _pair(self, old: Profile, new: Profile, missing: set[int]) -> Candidate | None:
        if old.session >= new.session:
            return None
        gap = new.session - old.session
        cited = old.symbol in new.cites
        if not cited and (gap > MAX_GAP or old.committee != new.committee):
            return None
        titles = _titles(old.title, new.title)  # cheap, and often decides: before the texts
        if cited:
            evidence = Evidence.CITED
        elif any(old.session < s < new.session for s in missing):
            evidence = Evidence.MISSING_YEAR
        elif titles >= SAME_TITLE:
            evidence = Evidence.SAME_TITLE
        else:
            return None
        a, b = self._trigrams(old.symbol), self._trigrams(new.symbol)
        smaller = min(len(a), len(b))
        if not smaller:
            return None  # an empty text overlaps nothing (0.0 < MIN_OVERLAP)
        shared = shared_count(a, b)
        if shared / smaller < MIN_OVERLAP:
            return None
        return Candidate(old.symbol, new.symbol, evidence, gap, shared, smaller, titles)

    def _trigrams(self, symbol: str) -> np.ndarray:
        found = self._shingles.get(symbol)
        if found is None:
            found = self._shingles[symbol] = self._shingler(self._text(symbol))
        return found


def assign(candidates: Iterable[Candidate]) -> list[Link]:
    """The candidates taken best first, each resolution in at most one link as successor
    and one as predecessor; by successor."""
    return Table.of(list(candidates)).assign()


_EVIDENCE = list(Evidence)


class Table:
    """Candidates as columns, for the many: a store of a million passages has millions
    (a text renewed unchanged has every year of its committee's last `MAX_GAP` sessions
    for candidates), too many to keep, sort and take as objects. `symbols` are sorted, so
    a symbol's row number orders as the symbol does."""

    COLUMNS = {
        "predecessor": np.int32,  # row in `symbols`
        "successor": np.int32,
        "rank": np.int8,  # of the evidence: cited, missing year, same title
        "gap": np.int16,
        "shared": np.int32,
        "smaller": np.int32,
        "titles": np.float64,
    }

    def __init__(self, symbols: list[str], columns: Mapping[str, Any]) -> None:
        self.symbols = symbols
        self.columns = {k: np.asarray(columns[k], dtype=t) for k, t in self.COLUMNS.items()}

    def __len__(self) -> int:
        return len(self.columns["gap"])

    @staticmethod
    def of(candidates: list[Candidate], symbols: Iterable[str] = ()) -> Table:
        names = sorted({*symbols, *(s for c in candidates for s in (c.predecessor, c.successor))})
        row = {s: i for i, s in enumerate(names)}
        return Table(
            names,
            {
                "predecessor": [row[c.predecessor] for c in candidates],
                "successor": [row[c.successor] for c in candidates],
                "rank": [_RANK[c.evidence] for c in candidates],
                "gap": [c.gap for c in candidates],
                "shared": [c.shared for c in candidates],
                "smaller": [c.smaller for c in candidates],
                "titles": [c.titles for c in candidates],
            },
        )

    def moved_to(self, symbols: list[str], predecessors: set[str], successors: set[str]) -> Table:
        """The rows left when those of `predecessors` (as predecessor) and of `successors`
        (as successor) are dropped, renumbered for `symbols` (sorted, holding every symbol
        of a row left)."""
        row = {s: i for i, s in enumerate(symbols)}
        to = np.array([row.get(s, -1) for s in self.symbols], dtype=np.int32)
        as_old = np.array([s in predecessors for s in self.symbols], dtype=bool)
        as_new = np.array([s in successors for s in self.symbols], dtype=bool)
        c = self.columns
        mask = ~(as_old[c["predecessor"]] | as_new[c["successor"]])
        out = {k: v[mask] for k, v in c.items()}
        out["predecessor"] = to[out["predecessor"]]
        out["successor"] = to[out["successor"]]
        assert (out["predecessor"] >= 0).all() and (out["successor"] >= 0).all()
        return Table(symbols, out)

    def plus(self, other: Table) -> Table:
        """Both tables' rows, over the same `symbols`."""
        assert other.symbols == self.symbols
        return Table(
            self.symbols,
            {k: np.concatenate([v, other.columns[k]]) for k, v in self.columns.items()},
        )

    def rows(self) -> list[Candidate]:
        c, names = self.columns, self.symbols
        return [
            Candidate(names[p], names[s], _EVIDENCE[r], g, sh, sm, t)
            for p, s, r, g, sh, sm, t in zip(*(c[k].tolist() for k in self.COLUMNS), strict=True)
        ]

    def assign(self) -> list[Link]:
        """`Candidate.key` order, taken greedily: a candidate is a link when neither its
        predecessor has a successor nor its successor a predecessor yet."""
        c = self.columns
        overlap = c["shared"] / np.maximum(c["smaller"], 1)  # as Candidate.overlap: float64
        order = np.lexsort((c["predecessor"], c["successor"], -overlap, c["gap"], c["rank"]))
        has_successor = bytearray(len(self.symbols))
        has_predecessor = bytearray(len(self.symbols))
        taken = []
        for i, p, s in zip(
            order.tolist(), c["predecessor"][order].tolist(), c["successor"][order].tolist(),
            strict=True,
        ):  # fmt: skip
            if has_successor[p] or has_predecessor[s]:
                continue
            has_successor[p] = has_predecessor[s] = 1
            taken.append(i)
        names = self.symbols
        links = [
            Link(
                names[int(c["predecessor"][i])],
                names[int(c["successor"][i])],
                _EVIDENCE[int(c["rank"][i])],
                round(float(overlap[i]), 4),
                round(float(c["titles"][i]), 4),
            )
            for i in taken
        ]
        return sorted(links, key=lambda lk: (Symbol.parse(lk.successor), lk.predecessor))


def candidates(resolutions: Iterable[Resolution]) -> list[Candidate]:
    """Every candidate among `resolutions`."""
    by_symbol = {r.symbol: r for r in resolutions}
    linker = Linker({s: Profile.of(r) for s, r in by_symbol.items()}, by_symbol.__getitem__)
    return [c for s in by_symbol for c in linker.as_successor(s)]


def link(resolutions: Iterable[Resolution]) -> list[Link]:
    """Every link found among `resolutions`, each resolution in at most one as successor
    and one as predecessor."""
    return assign(candidates(resolutions))


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
