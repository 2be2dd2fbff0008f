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

import base64
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from corpus.errors import InvalidInput, NotFound, Unavailable
from corpus.ids import Symbol
from corpus.model import Resolution
from corpus.store import Store
from series.alignment import align
from series.changes import changes
from series.linking import Linker, Profile, Table, chains, link
from series.model import Alignment, Catalog, Changes, Evidence, Link, Match, Series, Status

log = logging.getLogger("resolute")

NAME = "series"  # the catalog, what readers load
STATE = "series-state"  # what an update starts from: fingerprints, profiles, candidates
FORMAT = 3  # 3: each alignment a document of its own (ALIGNMENT), read when asked for
ALIGNMENT = "series-alignment"  # + " OLD > NEW": one link's alignment and its fingerprint


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
                keys = doc["alignments"]
            else:
                state = self.store.derived(STATE)
                if (
                    saved is not None
                    and doc is not None
                    and state is not None
                    and state[0] == saved[0]  # written together: else one of them is stale
                    and state[1].get("format") == FORMAT
                ):
                    catalog, new_state = update(self.store, revision, doc, state[1])
                else:  # nothing saved, or by an older release: once, everything
                    catalog, new_state = compute_all(self.store, revision, saved and saved[1])
                new_doc = _to_doc(catalog, new_state)
                keys = new_doc["alignments"]
                fresh = {
                    _row(a.old, a.new): _alignment_doc(a, new_state) for a in catalog.alignments
                }
                linked = {(o, n) for o, n, _ in keys}
                gone = [_row(o, n) for o, n, _ in (doc or {}).get("alignments", [])
                        if (o, n) not in linked]  # fmt: skip
                try:  # together: a catalog never stands beside an older state or alignment
                    self.store.put_derived_many(
                        revision, {STATE: new_state, NAME: new_doc, **fresh}, gone
                    )
                except Unavailable as exc:  # a read-only store still answers, from memory
                    log.warning("series not saved: %s", exc)
            catalog = replace(catalog, load=self._reader(keys))
            self._catalog = catalog
            return catalog

    def _reader(self, keys: list[list[str]]) -> Callable[[str, str], Alignment | None]:
        """Reads one link's saved alignment; None when the one saved is not what this catalog
        was computed with (another process synced since): the caller then aligns anew."""
        prints = {(o, n): fp for o, n, fp in keys}

        def read(old: str, new: str) -> Alignment | None:
            row = self.store.derived(_row(old, new))
            if row is None or row[1].get("fingerprint") != prints.get((old, new)):
                return None
            return _alignment_from_doc({"old": old, "new": new, "matches": row[1]["matches"]})

        return read

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
    """Links, series (named as before where they were seen before) and alignments, from the
    resolutions alone: what `SeriesBook` keeps current, computed from scratch."""
    by_symbol = {r.symbol: r for r in resolutions}
    links = link(resolutions)
    return _catalog(revision, by_symbol, links, previous, {}, by_symbol.__getitem__)


def compute_all(
    store: Store, revision: int, previous: dict[str, Any] | None = None
) -> tuple[Catalog, dict[str, Any]]:
    """The catalog from every resolution held, and the state an update starts from."""
    by_symbol = {r.symbol: r for r in store.resolutions()}
    fingerprints = store.fingerprints()
    profiles = {s: Profile.of(r) for s, r in by_symbol.items()}
    linker = Linker(profiles, by_symbol.__getitem__)
    table = Table.of([c for s in by_symbol for c in linker.as_successor(s)], fingerprints)
    catalog = _catalog(
        revision,
        by_symbol,
        table.assign(),
        previous,
        fingerprints if previous and previous.get("format") == FORMAT else {},
        by_symbol.__getitem__,
    )
    return catalog, _state(fingerprints, profiles, table)


def update(
    store: Store, revision: int, doc: dict[str, Any], state: dict[str, Any]
) -> tuple[Catalog, dict[str, Any]]:
    """The catalog `doc` (with its `state`) brought to the store as it is now, reading only
    the resolutions that changed and those a candidate needs the text of.

    A candidate is a function of its two resolutions and of which of the symbols its
    successor names are held (a missing year), so only these are found again: those of a
    resolution added, changed or gone, and those of a resolution whose text names one added
    or gone. The others are kept; the best-first assignment runs again over all of them."""
    fingerprints = store.fingerprints()
    before: dict[str, str] = state["fingerprints"]
    added = fingerprints.keys() - before.keys()
    gone = before.keys() - fingerprints.keys()
    changed = {s for s in fingerprints.keys() & before.keys() if fingerprints[s] != before[s]}
    read: dict[str, Resolution] = {s: store.get(s) for s in sorted(added | changed)}

    def text(symbol: str) -> Resolution:
        if symbol not in read:
            read[symbol] = store.get(symbol)
        return read[symbol]

    saved = state["profiles"]
    profiles = {
        s: Profile.of(read[s]) if s in read else _profile_from_doc(s, saved[s])
        for s in fingerprints
    }
    linker = Linker(profiles, text)
    dirty = added | changed | gone
    citing = {p.symbol for s in added | gone for p in linker.citing(s)} - dirty
    found = [c for s in sorted(added | changed) for c in linker.as_successor(s)]
    found += [c for s in sorted(added | changed) for c in linker.as_predecessor(s)]
    found += [c for s in sorted(citing) for c in linker.as_successor(s)]
    fresh = {(c.predecessor, c.successor): c for c in found}  # a pair may be found twice
    symbols = sorted(fingerprints)
    kept = _table_from_doc(sorted(before), state["candidates"])
    table = kept.moved_to(symbols, dirty, dirty | citing).plus(
        Table.of(list(fresh.values()), symbols)
    )
    catalog = _catalog(revision, fingerprints, table.assign(), doc, fingerprints, text)
    log.info(
        "series: %d added, %d changed, %d gone, %d citing them; %d candidates found again, "
        "%d in all; %d texts read",
        len(added), len(changed), len(gone), len(citing), len(fresh), len(table), len(read),
    )  # fmt: skip
    return catalog, _state(fingerprints, profiles, table)


def _catalog(
    revision: int,
    symbols: Iterable[str],
    links: list[Link],
    previous: dict[str, Any] | None,
    fingerprints: Mapping[str, str],
    text: Callable[[str], Resolution],
) -> Catalog:
    """Series of the links (named as in `previous`) and the alignments of the links whose
    saved one cannot serve: the saved one stays (a document of its own, read when asked for)
    when neither text changed since (`fingerprints`: none given, none reused)."""
    series = _named(chains(symbols, links), [] if previous is None else previous.get("series", []))
    reusable = {tuple(key) for key in (previous or {}).get("alignments", []) if fingerprints}
    alignments = [
        align(text(lk.predecessor), text(lk.successor))
        for lk in links
        if (lk.predecessor, lk.successor, _pair_print(fingerprints, lk.predecessor, lk.successor))
        not in reusable
    ]
    return Catalog(revision, tuple(series), tuple(links), tuple(alignments))


def _pair_print(fingerprints: Mapping[str, str], old: str, new: str) -> str:
    """What an alignment was computed from: the two resolutions' sources, and the parser."""
    return f"{fingerprints.get(old, '')}:{fingerprints.get(new, '')}"


def _named(groups: list[tuple[str, ...]], before: list[dict[str, Any]]) -> list[Series]:
    """Each group keeps the id of the earlier series it shares most members with (ties: the
    one named first); the others it absorbs become its aliases; a new group is named after
    its first member."""
    # a resolution is a member of one series at a time: count shared members through it,
    # not by comparing every group with every earlier series
    was_in = {m: order for order, old in enumerate(before) for m in old["members"]}
    claims = []
    for g, members in enumerate(groups):
        shared = Counter(was_in[m] for m in members if m in was_in)
        claims += [(-n, order, g, before[order]) for order, n in shared.items()]
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


def _to_doc(catalog: Catalog, state: dict[str, Any]) -> dict[str, Any]:
    fingerprints = state["fingerprints"]
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
        "alignments": [  # every link's: its alignment is the document `_row` names
            [lk.predecessor, lk.successor, _pair_print(fingerprints, lk.predecessor, lk.successor)]
            for lk in catalog.links
        ],
    }


def _state(
    fingerprints: dict[str, str], profiles: Mapping[str, Profile], table: Table
) -> dict[str, Any]:
    """What the next update starts from: each resolution's sources (`Store.fingerprints`)
    and profile, and every candidate with what ranks it, a column each (the rows name
    symbols by their place among the fingerprints' symbols, sorted)."""
    assert table.symbols == sorted(fingerprints)
    return {
        "format": FORMAT,
        "fingerprints": fingerprints,
        "profiles": {
            s: [p.session, p.committee, p.title, sorted(p.cites)] for s, p in profiles.items()
        },
        "candidates": {
            k: base64.b64encode(v.astype(v.dtype.newbyteorder("<")).tobytes()).decode("ascii")
            for k, v in table.columns.items()
        },
    }


def _profile_from_doc(symbol: str, p: list[Any]) -> Profile:
    return Profile(symbol, p[0], p[1], p[2], frozenset(p[3]))


def _table_from_doc(symbols: list[str], columns: dict[str, str]) -> Table:
    return Table(
        symbols,
        {
            k: np.frombuffer(base64.b64decode(columns[k]), dtype=np.dtype(t).newbyteorder("<"))
            for k, t in Table.COLUMNS.items()
        },
    )


def _row(old: str, new: str) -> str:
    return f"{ALIGNMENT} {old} > {new}"


def _alignment_doc(a: Alignment, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "fingerprint": _pair_print(state["fingerprints"], a.old, a.new),
        "matches": [[m.old, m.new, m.status.value, m.similarity, m.reworded] for m in a.matches],
    }


_STATUS = {s.value: s for s in Status}  # a lookup: calling the enum costs 5 µs a paragraph


def _alignment_from_doc(a: dict[str, Any]) -> Alignment:
    return Alignment(
        a["old"],
        a["new"],
        tuple(Match(o, n, _STATUS[s], sim, rew) for o, n, s, sim, rew in a["matches"]),
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
    )
