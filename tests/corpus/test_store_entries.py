"""The store's entries (what a list shows of each resolution) and the few resolutions
`Store.get` keeps: written with the resolutions, filled in once for an older store, never
out of step with what is held."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import corpus.store
from corpus.bundled import BUNDLED_DIR
from corpus.model import Resolution
from corpus.store import Store, ingest_paths
from tests.conftest import FIXTURES

EXTRA = FIXTURES / "corpus-extra"
FILES = [
    BUNDLED_DIR / "A_RES_62_37.en.txt",
    BUNDLED_DIR / "A_RES_62_37.zh.txt",
    BUNDLED_DIR / "A_RES_66_45.en.txt",
    EXTRA / "A_RES_74_92A-B.en.txt",  # a document adopted in parts
    EXTRA / "A_RES_76_120.en.txt",  # an annex
]


def rows(store: Store) -> dict[str, list[tuple]]:
    """The tables an ingest writes, as stored."""
    return {
        table: store._db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("sources", "resolutions", "entries")
    }


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "resolute.sqlite3"


def test_entries_come_back_as_the_resolutions_list_them(path: Path) -> None:
    store = Store(path)
    ingest_paths(store, FILES)
    store.close()
    again = Store(path)  # read from the table, not from what the ingest had in memory
    entries = again.entries()
    assert [e.symbol for e in entries] == [
        "A/RES/62/37",
        "A/RES/66/45",
        "A/RES/74/92 A",
        "A/RES/74/92 B",
        "A/RES/76/120",
    ]
    assert again.symbols() == [e.symbol for e in entries]
    every = again.resolutions()
    assert entries == [r.entry() for r in every]
    one = again.entries_by_symbol()["A/RES/62/37"]
    assert one.languages == ("en", "zh") and one.title["zh"] == "重申决心彻底消除核武器"
    assert one.counts == again.get("62/37").counts() and one.counts["operative"] > 0
    b = again.entries_by_symbol()["A/RES/74/92 B"]
    assert b.part == "B" and b.document == "A/RES/74/92" and b.document_title
    assert [e.symbol for e in again.parts("74/92")] == ["A/RES/74/92 A", "A/RES/74/92 B"]
    assert again.parts("66/45") == [] and again.parts("74/92 A") == []


def test_a_store_written_before_entries_gets_them_once(path: Path) -> None:
    store = Store(path)
    ingest_paths(store, FILES)
    expected = [r.entry() for r in store.resolutions()]
    store._db.execute("DROP TABLE entries")  # as a store of the previous release
    revision = store.revision
    store.close()

    again = Store(path)
    assert again.entries() == expected
    assert again.revision == revision  # the same resolutions: the index has nothing to follow
    written = rows(again)["entries"]
    again.close()
    assert rows(Store(path))["entries"] == written  # once: opening it again changes nothing


def test_a_backfill_that_fails_leaves_none_and_the_next_open_fills_them(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: an open that fails half-way writes no entry, and is not mistaken
    for one that finished."""
    store = Store(path)
    ingest_paths(store, FILES)
    store._db.execute("DELETE FROM entries")
    store.close()
    real, calls = Store._write_entry, [0]

    def fail_on_the_third(self: Store, res: Resolution) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise RuntimeError("killed")
        real(self, res)

    monkeypatch.setattr(Store, "_write_entry", fail_on_the_third)
    with pytest.raises(RuntimeError, match="killed"):
        Store(path)
    monkeypatch.undo()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM entries").fetchone() == (0,)
    db.close()
    assert len(Store(path).entries()) == 5


def test_a_failed_ingest_leaves_entries_and_resolutions_as_they_were(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(path)
    ingest_paths(store, FILES[:3])
    entries = store.entries()

    # A language version that does not align is refused alone (its savepoint rolled back).
    ingest_paths(store, [FIXTURES / "A_RES_64_47.en.txt"])
    with_64_47 = rows(store)
    report = ingest_paths(store, [FIXTURES / "A_RES_64_47.zh.txt"])
    assert report.refused and not report.added
    assert rows(store) == with_64_47

    # An entry that cannot be written takes its resolution and the whole batch with it.
    def broken(self: Store, res: Resolution) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    fresh = Store(path.parent / "fresh.sqlite3")
    ingest_paths(fresh, FILES[:3])
    before = rows(fresh)
    monkeypatch.setattr(Store, "_write_entry", broken)
    with pytest.raises(sqlite3.OperationalError):
        ingest_paths(fresh, FILES[3:])
    monkeypatch.undo()
    assert rows(fresh) == before
    assert fresh.entries() == entries == [r.entry() for r in fresh.resolutions()]

    # A parse that fails after some resolutions of the batch were merged: none of them stays.
    real, calls = corpus.store.merge, [0]

    def merge_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 2:
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus.store, "merge", merge_once)
    with pytest.raises(RuntimeError, match="killed"):
        ingest_paths(fresh, FILES[3:])
    monkeypatch.undo()
    assert rows(fresh) == before
    ingest_paths(fresh, FILES[3:])
    assert fresh.entries() == [r.entry() for r in fresh.resolutions()]
    assert len(fresh.entries()) == 5


def test_get_keeps_what_it_read_until_an_ingest(path: Path) -> None:
    store = Store(path)
    ingest_paths(store, [BUNDLED_DIR / "A_RES_62_37.en.txt", BUNDLED_DIR / "A_RES_66_45.en.txt"])
    first = store.get("62/37")
    assert first.languages == ["en"]
    assert store.get("A/RES/62/37") is first  # parsed once, whatever form names it
    ingest_paths(store, [BUNDLED_DIR / "A_RES_62_37.zh.txt"])
    merged = store.get("62/37")
    assert merged is not first and merged.languages == ["en", "zh"]
    assert store.entries_by_symbol()["A/RES/62/37"].languages == ("en", "zh")
    assert store.get("62/37") is merged


def test_get_keeps_only_the_latest_few(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus.store, "RECENT", 2)
    store = Store(path)
    ingest_paths(store, FILES)
    a, b = store.get("62/37"), store.get("66/45")
    assert store.get("62/37") is a  # used again: now the latest
    store.get("76/120")  # pushes out the least recently read, 66/45
    assert store.get("62/37") is a
    again = store.get("66/45")
    assert again is not b and again == b


def test_threads_reading_one_store_get_whole_resolutions(path: Path) -> None:
    store = Store(path)
    ingest_paths(store, FILES)
    symbols = store.symbols() * 20
    with ThreadPoolExecutor(8) as pool:
        read = list(pool.map(store.get, symbols))
    assert [r.symbol for r in read] == symbols
    assert all(r == store.get(r.symbol) for r in read)
    assert len(store._recent) == 5
