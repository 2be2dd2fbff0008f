"""Incremental ingest: a few changed resolutions become a new segment, not a rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.bundled import bundled_files
from corpus.store import Store, ingest_paths
from retriever import index as index_module
from retriever.index import RetrievalIndex
from retriever.search import Filters, Query, Searcher
from wiring.resources import open_embedder, sync_index
from wiring.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra"
ICT = FIXTURES / "A_RES_76_19.en.txt"  # developments in ICT, not in the bundled corpus


def _sync(data_dir: Path, rebuild: bool = False) -> RetrievalIndex:
    settings = load_settings({"DATA_DIR": data_dir})
    store = Store(data_dir / "resolute.sqlite3")
    try:
        index = sync_index(settings, store, open_embedder(settings), rebuild=rebuild).index
    finally:
        store.close()
    assert index is not None
    return index


def _ingest(data_dir: Path, *paths: Path) -> None:
    store = Store(data_dir / "resolute.sqlite3")
    try:
        report = ingest_paths(store, list(paths))
    finally:
        store.close()
    assert report.added and not report.refused


def _searcher(index: RetrievalIndex, data_dir: Path) -> Searcher:
    return Searcher(index, open_embedder(load_settings({"DATA_DIR": data_dir})))


def test_a_new_resolution_is_added_as_a_segment(data_dir: Path) -> None:
    before = RetrievalIndex.load(data_dir)
    _ingest(data_dir, ICT)
    after = _sync(data_dir)
    assert after.info.segments[0] == before.info.segments[0]  # the old one kept, linked
    assert len(after.info.segments) == 2
    assert "A/RES/76/19" in after.symbols() and "A/RES/76/19" not in before.symbols()
    added = [p for p in after.passages() if p.symbol == "A/RES/76/19"]
    assert added and len(after) == len(before) + len(added)
    hits = _searcher(after, data_dir).search(
        Query("information and communications technologies in the context of security", "en"),
        5,
    )
    assert hits[0].passage.symbol == "A/RES/76/19"
    # The version a running server still holds keeps answering from its own files.
    old_hits = _searcher(before, data_dir).search(Query("fissile material", "en"), 3)
    assert old_hits and all(h.passage.symbol != "A/RES/76/19" for h in old_hits)
    assert _sync(data_dir).version == after.version  # nothing more to do


def test_every_kind_of_paragraph_is_indexed_and_filtered(data_dir: Path) -> None:
    """A declaration's paragraphs (76/1) are of the annex kind, beside a preamble and
    operative paragraphs: each is stored with its kind, and a kind filter keeps to it."""
    _ingest(data_dir, FIXTURES / "A_RES_76_1.en.txt")
    index = _sync(data_dir)
    kinds = {p.kind for p in index.passages() if p.symbol == "A/RES/76/1"}
    assert "annex" in kinds
    searcher = _searcher(index, data_dir)
    query = Query("commemoration of the anniversary", "en")
    for kind in ("annex", "operative"):
        hits = searcher.search(query, 5, Filters(symbols=("A/RES/76/1",), kind=kind))
        assert hits and {h.passage.kind for h in hits} == {kind}
    assert len(_sync(data_dir, rebuild=True)) == len(index)  # and a rebuild holds them too


def test_a_changed_resolution_replaces_its_passages(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 66/45 is a fifth of the small bundled index; at scale one resolution is far less.
    monkeypatch.setattr(index_module, "INCREMENTAL_SHARE", 1.0)
    source = next(f for f in bundled_files() if f.name == "A_RES_66_45.en.txt")
    text = source.read_text(encoding="utf-8")
    assert "Calls upon" in text
    changed = tmp_path / source.name
    changed.write_text(text.replace("Calls upon", "Strongly calls upon", 1), encoding="utf-8")
    before = RetrievalIndex.load(data_dir)
    _ingest(data_dir, changed)
    after = _sync(data_dir)
    assert len(after.info.segments) == 2 and len(after) == len(before)
    texts = [p.text for p in after.passages() if p.symbol == "A/RES/66/45" and p.lang == "en"]
    assert sum("Strongly calls upon" in t for t in texts) == 1
    keys = [(p.symbol, p.pid, p.lang) for p in after.passages()]
    assert len(keys) == len(set(keys))  # the replaced rows are gone, not doubled
    hits = _searcher(after, data_dir).search(Query("strongly calls upon", "en"), 10)
    assert len({h.passage.key for h in hits}) == len(hits)
    assert any("Strongly calls upon" in h.passage.text for h in hits)
    assert after.lexical.doc_freq("strongly") >= 1


def test_too_much_change_rebuilds(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "INCREMENTAL_SHARE", 0.0)
    _ingest(data_dir, ICT)
    after = _sync(data_dir)
    assert len(after.info.segments) == 1
    assert "A/RES/76/19" in after.symbols()


def test_reindex_merges_segments(data_dir: Path) -> None:
    _ingest(data_dir, ICT)
    assert len(_sync(data_dir).info.segments) == 2
    rebuilt = _sync(data_dir, rebuild=True)
    assert len(rebuilt.info.segments) == 1
    assert "A/RES/76/19" in rebuilt.symbols()
