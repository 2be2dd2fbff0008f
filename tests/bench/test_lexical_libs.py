"""`python -m bench.lexical_libs`: each library, fed our tokens, finds, filters and adds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from bench import lexical_libs as L
from corpus.bundled import bundled_files

UNIQUE = ["zqxjk", "non-proliferation-zq", "测试词语"]  # in doc 123 only: an English, a hyphen, CJK


@pytest.fixture(scope="module")
def docs() -> L.Docs:
    docs = L.make_docs(L.source_tokens(bundled_files()), 300)
    docs.tokens[123] += UNIQUE
    return docs


def _available(lib: str) -> bool:
    return lib == "fts5" or importlib.util.find_spec(lib) is not None


LIBS = [
    pytest.param(lib, marks=pytest.mark.skipif(not _available(lib), reason=f"{lib} not installed"))
    for lib in L.LIBS
]


@pytest.mark.parametrize("lib", LIBS)
def test_finds_filters_and_adds(lib: str, docs: L.Docs, tmp_path: Path) -> None:
    cls = L.READERS[lib]
    cls.build(docs, tmp_path)
    reader = cls(tmp_path)
    assert reader.search(UNIQUE[1:2] + ["nuclear"], 10, L.Filter())[0] == 123
    assert reader.search(UNIQUE[2:], 10, L.Filter()) == [123]
    assert reader.search(["proliferation-zq"], 10, L.Filter()) == []  # tokens stay whole

    common = docs.tokens[123][:5]
    own = L.Filter(symbols=(docs.symbol[123],))
    other = L.Filter(symbols=(docs.symbol[0], docs.symbol[60]))
    assert reader.search(UNIQUE + common, 50, own)[0] == 123
    assert 123 not in reader.search(UNIQUE + common, 50, other)
    for flt, key in ((other, "symbol"), (L.Filter(year=docs.year[123]), "year")):
        hits = reader.search(common, 50, flt)
        allowed = set(flt.symbols) if key == "symbol" else {flt.year}
        assert hits and all(getattr(docs, key)[i] in allowed for i in hits)
    family = L.Filter(family=docs.family[123], kind=docs.kind[123])
    hits = reader.search(common, 50, family)
    assert 123 in hits and all(docs.family[i] == docs.family[123] for i in hits)

    new = L.make_docs(L.source_tokens(bundled_files()[:1]), 50, seed=1, first=300)
    new.tokens[-1].append("zzmarker")
    cls.add(tmp_path, docs, new)
    assert reader.search(["zzmarker"], 10, L.Filter()) in ([], [349])  # not before a reload
    reader.reload()
    assert reader.search(["zzmarker"], 10, L.Filter()) == [349]


def test_overlap_counts_ties_and_short_lists() -> None:
    scores = np.array([3.0, 2.0, 2.0, 0.0, 0.0], dtype=np.float32)
    assert L.overlap10(scores, [0, 1, 2]) == (1.0, 1.0)
    assert L.overlap10(scores, [0, 2, 3]) == (2 / 3, 2 / 3)
    assert L.overlap10(np.zeros(3, dtype=np.float32), []) == (1.0, 1.0)


def test_measure_runs_a_reader_in_another_process(docs: L.Docs, tmp_path: Path) -> None:
    new = L.make_docs(L.source_tokens(bundled_files()[:1]), 50, seed=1, first=300)
    new.tokens[-1].append("zzmarker")
    modes = {m: [(UNIQUE, L.Filter())] for m in L.MODES}
    ref = [np.array([1.0 if i == 123 else 0.0 for i in range(300)], dtype=np.float32)]
    res = L.measure("fts5", docs, new, modes, tmp_path, ref)
    assert res["found"] and res["overlap10"] == 1.0 and res["unfiltered"]["empty"] == 0
    assert res["mem_open"]["VmRSS"] > 0 and res["disk_mb"] > 0
