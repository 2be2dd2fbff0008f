"""The catalog kept current by updates equals the catalog computed from scratch: the store
filled in random orders and batches (language versions apart, an earlier year after later
ones, a missing year found), a text changed, resolutions gone; an update reads only the
resolutions it needs, never all of them, and aligns only links it has not aligned before."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from corpus.bundled import bundled_files
from corpus.store import Store, ingest_paths
from series import book
from series.book import NAME, STATE, SeriesBook, compute, compute_all, update
from series.linking import link
from series.model import Catalog, Evidence
from tests.series.conftest import FIXTURES, SERIES_FIXTURES


def every_file() -> list[Path]:
    return sorted(
        [
            *bundled_files(),
            *SERIES_FIXTURES.glob("*.txt"),
            *(FIXTURES / "corpus-extra").glob("*.txt"),
            *FIXTURES.glob("A_RES_64_47.*.txt"),
        ]
    )


def from_scratch(store: Store, previous: dict[str, Any] | None) -> Catalog:
    """What the catalog must be: computed from every resolution, named after `previous`."""
    return compute(store.resolutions(), store.revision, previous)


def same(got: Catalog, expected: Catalog) -> bool:
    """Equal series and links, and every link's alignment (read from the store when the
    catalog does not hold it in memory) as computed from scratch."""
    return got == expected and got.every_alignment() == expected.every_alignment()


def candidates(state: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {tuple(c) for c in state["candidates"]}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_updates_equal_a_computation_from_scratch(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    files = every_file()
    rng.shuffle(files)
    store = Store(tmp_path / "store.sqlite3")
    updates = 0
    while files:
        k = rng.randint(1, 6)
        batch, files = files[:k], files[k:]
        previous = store.derived(NAME)
        if not ingest_paths(store, batch).added:
            continue
        got = SeriesBook(Store(store.path)).sync()  # another process, as an ingest runs it
        updates += previous is not None
        assert same(got, from_scratch(store, previous and previous[1]))
        state = store.derived(STATE)
        assert state is not None and state[0] == store.revision
        _, full = compute_all(store, store.revision)
        assert candidates(state[1]) == candidates(full)  # the candidates kept, as found anew
    assert updates > 3
    everything = SeriesBook(store).catalog()
    assert list(everything.links) == link(store.resolutions())
    assert len([s for s in everything.series if len(s.members) > 1]) >= 2


def test_a_changed_text_links_again(tmp_path: Path) -> None:
    """65/72 recalls 64/47, not held: a missing year. Rewritten to recall nothing, it has
    no evidence left for 63/73 but the title, which changed that year: it links to nothing."""
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths(store, list(bundled_files()))
    before = SeriesBook(store).sync()
    assert before.link("A/RES/65/72").evidence is Evidence.MISSING_YEAR  # type: ignore[union-attr]
    original = next(f for f in bundled_files() if f.name == "A_RES_65_72.en.txt")
    changed = tmp_path / "in" / original.name
    changed.parent.mkdir()
    changed.write_text(original.read_text(encoding="utf-8").replace("resolution 64/47", "it"))
    previous = store.derived(NAME)
    assert ingest_paths(store, [changed.parent]).added
    after = SeriesBook(store).sync()
    assert same(after, from_scratch(store, previous and previous[1]))
    assert after.link("A/RES/65/72") != before.link("A/RES/65/72")
    assert after.series_of("A/RES/65/72") != before.series_of("A/RES/65/72")


def test_resolutions_gone_leave_as_from_scratch(tmp_path: Path) -> None:
    """The store drops nothing today; an update still follows one that holds less: the
    catalog of everything brought to a store of fewer resolutions (the same files)."""
    files = every_file()
    gone = {"A_RES_64_47.en.txt", "A_RES_64_47.zh.txt", "A_RES_66_45.en.txt"}
    gone |= {"A_RES_66_45.zh.txt", "A_RES_74_158.en.txt"}
    full = Store(tmp_path / "full.sqlite3")
    ingest_paths(full, files)
    catalog, state = compute_all(full, full.revision)
    doc = book._to_doc(catalog, state)
    fewer = Store(tmp_path / "fewer.sqlite3")
    ingest_paths(fewer, [f for f in files if f.name not in gone])
    got, new_state = update(fewer, fewer.revision, doc, state)
    expected = from_scratch(fewer, doc)
    assert got == expected
    assert got.alignments and all(a in expected.every_alignment() for a in got.alignments)
    assert candidates(new_state) == candidates(compute_all(fewer, fewer.revision)[1])
    assert "A/RES/66/45" not in new_state["fingerprints"]


def test_an_update_reads_only_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [f for f in every_file() if f.name != "A_RES_76_176.en.txt"]
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths(store, files)
    before = SeriesBook(store).sync()
    held = len(before.links) + len(before.series)

    reader = Store(store.path)  # a fresh store: nothing read yet, nothing cached

    def everything() -> None:
        raise AssertionError("an update read every resolution")

    got: list[str] = []
    one = reader.get
    monkeypatch.setattr(reader, "resolutions", everything)
    monkeypatch.setattr(reader, "symbols", everything)
    monkeypatch.setattr(reader, "get", lambda s: got.append(str(s)) or one(s))
    aligned: list[tuple[str, str]] = []
    real_align = book.align
    monkeypatch.setattr(
        book,
        "align",
        lambda old, new: aligned.append((old.symbol, new.symbol)) or real_align(old, new),
    )
    ingest_paths(reader, [SERIES_FIXTURES / "A_RES_76_176.en.txt"])
    after = SeriesBook(reader).sync()

    assert after.predecessor("A/RES/76/176") == "A/RES/74/158"
    assert "A/RES/76/176" in got and "A/RES/74/158" in got
    assert len(set(got)) < held // 4, got  # its candidates' texts, not the store's
    assert aligned == [
        (lk.predecessor, lk.successor) for lk in after.links if lk not in before.links
    ]
    monkeypatch.undo()
    assert same(after, from_scratch(reader, store.derived(NAME)[1]))  # type: ignore[index]


def test_a_catalog_of_an_older_format_is_computed_once_and_keeps_its_ids(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths(store, [SERIES_FIXTURES])
    first = SeriesBook(store).sync()
    saved = store.derived(NAME)
    assert saved is not None
    old = {k: v for k, v in saved[1].items() if k in ("series", "links")} | {"format": 1}
    old["series"] = [
        s | {"id": "74-158.3"} if s["members"][0] == "A/RES/74/158" else s for s in old["series"]
    ]
    store.put_derived(NAME, saved[0], old)
    ingest_paths(store, list(bundled_files()))
    again = SeriesBook(store).sync()
    assert again.get("74-158.3") is not None  # the id read from the older catalog, kept
    assert same(again, from_scratch(store, old))
    assert store.derived(NAME)[1]["format"] == book.FORMAT  # type: ignore[index]
    assert first.get("74-158") is not None


def test_a_reader_reads_an_alignment_when_asked_for_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths(store, list(bundled_files()))
    SeriesBook(store).sync()
    reader = SeriesBook(Store(store.path)).catalog()  # another process: a saved catalog
    assert reader.alignments == () and reader.links
    lk = reader.links[0]
    expected = from_scratch(store, None).alignment(lk.predecessor, lk.successor)
    assert expected is not None
    assert reader.alignment(lk.predecessor, lk.successor) == expected
    assert reader.alignment(lk.successor, lk.predecessor) is None  # not a link
    # A saved alignment of other texts than the catalog's (another process synced since)
    # is not taken for this catalog's.
    row = f"{book.ALIGNMENT} {lk.predecessor} > {lk.successor}"
    saved = store.derived(row)
    assert saved is not None
    store.put_derived(row, saved[0], saved[1] | {"fingerprint": "other:texts"})
    fresh = SeriesBook(Store(store.path)).catalog()
    assert fresh.alignment(lk.predecessor, lk.successor) is None
