"""The series catalog kept in the store, current with its revision.

`SeriesBook(store).catalog()` is what every reader asks: the catalog saved beside the
resolutions when it was computed at the store's current revision, else computed now (the
links, the series, each link's paragraph alignment) and saved. Ingest goes through the
wiring, which calls `sync()` after the store changes, so readers find it done.

Series ids are kept from one computation to the next: a series is named once, after its
first member when it is first seen ("58-59" for A/RES/58/59), and keeps that name when
members join it (an earlier year, a missing year); a series that merges into another stays
reachable by its old id, as an alias.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from typing import Any

from corpus.errors import InvalidInput, NotFound, Unavailable
from corpus.ids import Symbol
from corpus.model import Resolution
from corpus.store import Store
from series.alignment import align
from series.changes import changes
from series.linking import chains, link
from series.model import Alignment, Catalog, Changes, Evidence, Link, Match, Series, Status

log = logging.getLogger("resolute")

NAME = "series"
FORMAT = 1


# A series id: its first member's session and number when first seen (and a part letter,
# and a ".2" should that name have been taken by another series), e.g. "58-59", "74-92B".
SERIES_ID_PATTERN = r"^[0-9]{1,3}-[0-9]{1,4}[A-Za-z]?(?:\.[0-9]{1,3})?$"
_SERIES_ID = re.compile(SERIES_ID_PATTERN)


class InvalidSeriesId(InvalidInput):
    code = "invalid_series_id"


def slug(symbol: str) -> str:
    """'A/RES/58/59' -> '58-59'; 'A/RES/74/92 B' -> '74-92B'."""
    s = Symbol.parse(symbol)
    return f"{s.session}-{s.number}{s.part}"


class SeriesBook:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def catalog(self) -> Catalog:
        revision = self.store.revision
        cached = self._catalog
        if cached is not None and cached.revision == revision:
            return cached
        with self._lock:
            saved = self.store.derived(NAME)
            doc = saved[1] if saved and saved[1].get("format") == FORMAT else None
            if saved is not None and doc is not None and saved[0] == revision:
                catalog = _from_doc(revision, doc)
            else:
                catalog = compute(self.store.resolutions(), revision, doc)
                try:
                    self.store.put_derived(NAME, revision, _to_doc(catalog, self.store))
                except Unavailable as exc:  # a read-only store still answers, from memory
                    log.warning("series not saved: %s", exc)
            self._catalog = catalog
            return catalog

    def sync(self) -> Catalog:
        """After an ingest: the catalog made current with the store, and saved."""
        return self.catalog()

    # -- what readers ask
    def series(self, series_id: str) -> Series:
        if not _SERIES_ID.match(series_id):
            raise InvalidSeriesId(f"not a series id: {series_id!r} (expected e.g. 58-59)")
        found = self.catalog().get(series_id)
        if found is None:
            raise NotFound(f"series {series_id} is not in the corpus")
        return found

    def changes(self, symbol: str, since: str | None = None) -> Changes:
        """`symbol` against its predecessor, or against `since`, any member of its series."""
        new = self.store.get(symbol)
        catalog = self.catalog()
        series = catalog.series_of(new.symbol)
        assert series is not None  # every resolution held is in a series, maybe of one
        if since is None:
            previous = catalog.predecessor(new.symbol)
            if previous is None:
                raise NotFound(
                    f"{new.symbol} has no predecessor in the corpus: it is the first held "
                    f"of series {series.id} ({len(series.members)} held)"
                )
            old = self.store.get(previous)
        else:
            old = self.store.get(since)
            if old.symbol not in series.members:
                raise InvalidInput(
                    f"{old.symbol} is not in the series of {new.symbol} (series {series.id}: "
                    f"{', '.join(series.members)})"
                )
        alignment = catalog.alignment(old.symbol, new.symbol) or align(old, new)
        return changes(series.id, old, new, alignment)

    def history(self, symbol: str, pid: str) -> list[tuple[str, Match]]:
        """One paragraph through its series, oldest first: each member's match with the
        next, as far as the paragraph is kept (for "how did this paragraph change")."""
        catalog = self.catalog()
        res = self.store.get(symbol)
        series = catalog.series_of(res.symbol)
        assert series is not None
        out: list[tuple[str, Match]] = []
        current: str | None = pid
        k = series.position(res.symbol)
        while k > 0 and current is not None:  # backwards
            a = catalog.alignment(series.members[k - 1], series.members[k])
            m = a.of_new(current) if a else None
            if m is None or m.old is None:
                break
            out.insert(0, (series.members[k - 1], m))
            k, current = k - 1, m.old
        k, current = series.position(res.symbol), pid
        while k + 1 < len(series.members) and current is not None:  # forwards
            a = catalog.alignment(series.members[k], series.members[k + 1])
            m = a.of_old(current) if a else None
            if m is None:
                break
            out.append((series.members[k], m))
            k, current = k + 1, m.new
        return out


def compute(
    resolutions: list[Resolution], revision: int, previous: dict[str, Any] | None = None
) -> Catalog:
    """Links, series (named as before where they were seen before) and alignments."""
    by_symbol = {r.symbol: r for r in resolutions}
    links = link(resolutions)
    groups = chains(by_symbol, links)
    series = _named(groups, [] if previous is None else previous.get("series", []))
    reusable = {
        (a["old"], a["new"], a["fingerprint"]): a for a in (previous or {}).get("alignments", [])
    }
    alignments = []
    for lk in links:
        old, new = by_symbol[lk.predecessor], by_symbol[lk.successor]
        saved = reusable.get((old.symbol, new.symbol, fingerprint(old, new)))
        alignments.append(_alignment_from_doc(saved) if saved else align(old, new))
    return Catalog(revision, tuple(series), tuple(links), tuple(alignments))


def _named(groups: list[tuple[str, ...]], before: list[dict[str, Any]]) -> list[Series]:
    """Each group keeps the id of the earlier series it shares most members with (ties: the
    one named first); the others it absorbs become its aliases; a new group is named after
    its first member."""
    claims = []
    for g, members in enumerate(groups):
        for order, old in enumerate(before):
            shared = len(set(members) & set(old["members"]))
            if shared:
                claims.append((-shared, order, g, old))
    names: dict[int, str] = {}
    aliases: dict[int, list[str]] = {g: [] for g in range(len(groups))}
    taken: set[str] = set()
    for _, _, g, old in sorted(claims, key=lambda c: (c[0], c[1], c[2])):
        if g not in names and old["id"] not in taken:
            names[g] = old["id"]
            taken.add(old["id"])
            aliases[g] += old.get("aliases", [])
        elif old["id"] not in taken:  # absorbed into a series named otherwise
            aliases[g] += [old["id"], *old.get("aliases", [])]
            taken.add(old["id"])
    out = []
    for g, members in enumerate(groups):
        name = names.get(g)
        if name is None:
            name = slug(members[0])
            n = 2
            while name in taken:
                name = f"{slug(members[0])}.{n}"
                n += 1
            taken.add(name)
        out.append(Series(name, members, tuple(a for a in aliases[g] if a != name)))
    return out


def fingerprint(old: Resolution, new: Resolution) -> str:
    texts = [[str(p.pid), p.text] for r in (old, new) for p in r.paragraphs]
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()[:16]


def _to_doc(catalog: Catalog, store: Store) -> dict[str, Any]:
    held = {r.symbol: r for r in store.resolutions()}
    return {
        "format": FORMAT,
        "series": [
            {"id": s.id, "members": list(s.members), "aliases": list(s.aliases)}
            for s in catalog.series
        ],
        "links": [
            {
                "predecessor": lk.predecessor,
                "successor": lk.successor,
                "evidence": lk.evidence.value,
                "overlap": lk.overlap,
                "title_similarity": lk.title_similarity,
            }
            for lk in catalog.links
        ],
        "alignments": [
            {
                "old": a.old,
                "new": a.new,
                "fingerprint": fingerprint(held[a.old], held[a.new]),
                "matches": [
                    [m.old, m.new, m.status.value, m.similarity, m.reworded] for m in a.matches
                ],
            }
            for a in catalog.alignments
            if a.old in held and a.new in held
        ],
    }


def _alignment_from_doc(a: dict[str, Any]) -> Alignment:
    return Alignment(
        a["old"],
        a["new"],
        tuple(Match(o, n, Status(s), sim, rew) for o, n, s, sim, rew in a["matches"]),
    )


def _from_doc(revision: int, doc: dict[str, Any]) -> Catalog:
    return Catalog(
        revision,
        tuple(Series(s["id"], tuple(s["members"]), tuple(s["aliases"])) for s in doc["series"]),
        tuple(
            Link(
                lk["predecessor"],
                lk["successor"],
                Evidence(lk["evidence"]),
                lk["overlap"],
                lk["title_similarity"],
            )
            for lk in doc["links"]
        ),
        tuple(_alignment_from_doc(a) for a in doc["alignments"]),
    )
