"""What series are made of: links between resolutions, series, paragraph alignments, and
the changes from one member to another. Plain data: `linking`, `alignment` and `changes`
compute them, `book` keeps them current with the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Evidence(StrEnum):
    """Why a resolution is taken to renew another."""

    CITED = "cited"  # its text names the other ("Recalling its resolution 72/50 …")
    MISSING_YEAR = "missing-year"  # it names one not held, adopted between the two
    SAME_TITLE = "same-title"  # same title and committee, nothing cited


@dataclass(frozen=True)
class Link:
    """`successor` renews `predecessor` (both symbols)."""

    predecessor: str
    successor: str
    evidence: Evidence
    overlap: float  # shared word trigrams over those of the shorter text, 0..1
    title_similarity: float  # Dice of the titles' words, 0..1


class Status(StrEnum):
    """What became of a paragraph from one member to the next."""

    SAME = "same"  # same text (bar spacing, case, closing punctuation), same id
    REWORDED = "reworded"  # same id, text changed
    RENUMBERED = "renumbered"  # in order, another id (inserted or removed paragraphs before it)
    MOVED = "moved"  # out of order: it changed places with others
    NEW = "new"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Match:
    """One paragraph's fate: `old` (in the earlier text) is `new` (in the later one)."""

    old: str | None  # paragraph id, None for a new paragraph
    new: str | None  # paragraph id, None for a dropped one
    status: Status
    similarity: float  # 0..1; 1 for the same text
    reworded: bool = False  # the text changed (also for renumbered and moved paragraphs)


@dataclass(frozen=True)
class Alignment:
    old: str  # symbols
    new: str
    matches: tuple[Match, ...]

    def of_old(self, pid: str) -> Match | None:
        return next((m for m in self.matches if m.old == pid), None)

    def of_new(self, pid: str) -> Match | None:
        return next((m for m in self.matches if m.new == pid), None)


@dataclass(frozen=True)
class Series:
    id: str
    members: tuple[str, ...]  # symbols, oldest first
    aliases: tuple[str, ...] = ()  # ids of series that have since joined this one

    def position(self, symbol: str) -> int:
        return self.members.index(symbol)


@dataclass(frozen=True)
class Catalog:
    """Every resolution's series and links, at one store revision."""

    revision: int
    series: tuple[Series, ...]
    links: tuple[Link, ...]
    # Alignments held in memory (one per link, old to new, when computed here); the others
    # are read one by one through `load` when asked for: at a million passages the 22,000
    # links' alignments took ~350 MB and ~4 s to read whole, and a chat needs a few.
    alignments: tuple[Alignment, ...] = field(default=(), compare=False)
    load: Callable[[str, str], Alignment | None] | None = field(
        default=None, compare=False, repr=False
    )
    # Lookups by key, made once: a chat follows a paragraph through a series with one
    # `alignment` call a member, and a million passages hold some 22,000 links.
    _by_symbol: dict[str, Series] = field(default_factory=dict, compare=False, repr=False)
    _by_id: dict[str, Series] = field(default_factory=dict, compare=False, repr=False)
    _links: dict[str, Link] = field(default_factory=dict, compare=False, repr=False)
    _alignments: dict[tuple[str, str], Alignment] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for s in self.series:
            for m in s.members:
                self._by_symbol[m] = s
        for s in self.series:  # an alias never shadows a series' own id
            for alias in s.aliases:
                self._by_id.setdefault(alias, s)
        for s in self.series:
            self._by_id[s.id] = s
        for lk in self.links:
            self._links.setdefault(lk.successor, lk)
        for a in self.alignments:
            self._alignments.setdefault((a.old, a.new), a)

    def series_of(self, symbol: str) -> Series | None:
        return self._by_symbol.get(symbol)

    def get(self, series_id: str) -> Series | None:
        return self._by_id.get(series_id)

    def predecessor(self, symbol: str) -> str | None:
        s = self.series_of(symbol)
        if s is None:
            return None
        i = s.position(symbol)
        return s.members[i - 1] if i > 0 else None

    def successor(self, symbol: str) -> str | None:
        s = self.series_of(symbol)
        if s is None:
            return None
        i = s.position(symbol)
        return s.members[i + 1] if i + 1 < len(s.members) else None

    def link(self, successor: str) -> Link | None:
        return self._links.get(successor)

    def alignment(self, old: str, new: str) -> Alignment | None:
        found = self._alignments.get((old, new))
        linked = self._links.get(new)
        if found is None and self.load is not None and linked and linked.predecessor == old:
            found = self.load(old, new)
            if found is not None:
                self._alignments.setdefault((old, new), found)
        return found

    def every_alignment(self) -> list[Alignment | None]:
        """Each link's alignment, in the links' order (reads every one not in memory)."""
        return [self.alignment(lk.predecessor, lk.successor) for lk in self.links]


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Piece:
    """A run of a redline: `equal` text in both, `delete` only in the old, `insert` only in
    the new. The equal and deleted pieces join into the old text, equal and inserted into
    the new."""

    op: Op
    text: str


class Change(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class ParagraphChange:
    change: Change
    old: str | None  # paragraph ids
    new: str | None
    alignment: Status
    similarity: float
    diff: dict[str, tuple[Piece, ...]]  # language -> pieces


@dataclass(frozen=True)
class Changes:
    """`new` against `old`, two members of one series, paragraph by paragraph."""

    series: str
    old: str
    new: str
    paragraphs: tuple[ParagraphChange, ...]

    def counts(self) -> dict[str, int]:
        return {c.value: sum(p.change is c for p in self.paragraphs) for c in Change}
