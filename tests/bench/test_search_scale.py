"""`python -m bench.search_scale`: a store and index of exactly N passages, built and measured."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import search_scale as S
from corpus.bundled import bundled_files
from corpus.parser import merge, parse_text
from corpus.store import Store
from retriever.index import RetrievalIndex, passages_of

# Small sources keep the real embeddings to a few seconds: 60/65, and 62/37 in two languages.
SMALL = ["A_RES_60_65.en.txt", "A_RES_62_37.en.txt", "A_RES_62_37.zh.txt"]
LAST = re.compile(
    r"search_scale: passages=(\d+) p50_ms=(\d+\.\d\d) floor_ms=(\d+\.\d\d) "
    r"ratio=(\d+\.\d\d) rss_mb=(\d+)"
)


@pytest.fixture(scope="module")
def sources() -> list[S.Source]:
    return S.load_sources(bundled_files())


def test_a_variant_parses_as_its_source_renumbered(sources: list[S.Source]) -> None:
    for i, src in enumerate(sources):
        held = S.Held(i, 12, 401)
        versions = [
            v for name, data in S.texts_of(held, sources) for v in parse_text(data.decode(), name)
        ]
        variant = merge(versions)
        real = merge([v for name, t in src.texts for v in parse_text(t, name)])
        assert variant.symbol == "A/RES/12/401" and variant.session == 12
        assert variant.adopted is not None and variant.adopted.startswith("1957-")
        assert [(p.pid, p.text) for p in variant.paragraphs] == [
            (p.pid, p.text) for p in real.paragraphs
        ]


@pytest.mark.parametrize("n", [100, 2000, 12_345, 100_000])
def test_the_plan_holds_exactly_n_passages(sources: list[S.Source], n: int) -> None:
    held = S.plan(sources, n)
    assert sum(sources[h.source].passages for h in held) == n
    symbols = [s for h in held for s in h.symbols(sources[h.source])]
    assert len(set(symbols)) == len(symbols)
    real = [h for h in held if h.number < S.FIRST_NUMBER]
    assert len(real) == len({h.source for h in real})  # each real document once at most


def test_end_to_end_at_2000_passages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, out = tmp_path / "data", tmp_path / "report.json"
    files = [str(f) for f in bundled_files() if f.name in SMALL]
    argv = ["--passages", "2000", "--data-dir", str(data), "--sources", *files]
    argv += ["--questions", "12", "--cache", str(tmp_path / "vectors.sqlite3"), "--out", str(out)]
    assert S.main(argv) == 0

    last = capsys.readouterr().out.strip().splitlines()[-1]
    m = LAST.fullmatch(last)
    assert m, last
    assert m.group(1) == "2000" and all(float(x) > 0 for x in m.groups()[1:])
    r = json.loads(out.read_text())["2000"]
    w = r["worker"]
    assert float(m.group(2)) == w["search"]["p50_ms"] and int(m.group(5)) > 0
    for kind, n in (("search", 12), ("chat", 12), ("floor", 24)):
        assert w[kind]["n"] == n and 0 < w[kind]["p50_ms"] <= w[kind]["p95_ms"]
    assert w["chat"]["errors"] == {} and w["chat"]["series"]
    assert w["cold_start_s"] > 0 and r["build"]["index_build_s"] > 0
    mem = w["memory_mb"]["after_chat"]
    assert 0 < mem["RssAnon"] < mem["VmRSS"] and mem["Private"] > 0
    assert r["disk"]["index_mb"] > 0 and r["add_one"]["index_update_s"] > 0

    # The store and the index hold 2000 passages, then the one resolution added.
    added = r["add_one"]["passages_added"]
    assert r["setup"]["variants"] > 0 and added > 0
    assert r["build"]["store_passages"] == r["build"]["index_passages"] == 2000
    assert w["index"]["passages"] == w["index"]["lexical_docs"] == 2000
    store = Store(data / "resolute.sqlite3")
    try:
        resolutions = store.resolutions()
    finally:
        store.close()
    assert len(passages_of(resolutions)) == 2000 + added
    variants = [res for res in resolutions if int(res.symbol.split("/")[3]) >= S.FIRST_NUMBER]
    assert len({res.session for res in variants}) > 1
    assert all(res.adopted and int(res.adopted[:4]) == 1945 + res.session for res in variants)
    assert len(RetrievalIndex.load(data)) == 2000 + added


def test_a_store_of_another_plan_is_refused(tmp_path: Path) -> None:
    # A store of 2000 passages (the end-to-end run's, built here) is not a 3000-passage plan's.
    files = [str(f) for f in bundled_files() if f.name in SMALL]
    sources = S.load_sources([Path(f) for f in files])
    store_path = tmp_path / "given.sqlite3"
    store = Store(store_path)
    try:
        S.ingest(store, S.plan(sources, 2000), sources)
    finally:
        store.close()
    argv = ["--passages", "3000", "--data-dir", str(tmp_path / "data"), "--sources", *files]
    argv += ["--store", str(store_path), "--cache", str(tmp_path / "v.sqlite3")]
    argv += ["--out", str(tmp_path / "r.json")]
    with pytest.raises(SystemExit, match="does not hold this plan's resolutions"):
        S.main(argv)
