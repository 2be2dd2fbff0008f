"""A segment holds every kind of paragraph the parser makes, annexes included."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus.ids import Kind
from corpus.parser import merge, parse_file
from retriever.index import RetrievalIndex, passages_of
from retriever.lexical import Scope
from retriever.segment import KINDS

DECLARATION = (
    Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra" / "A_RES_74_3.en.txt"
)


def test_every_kind_has_a_code() -> None:
    assert set(KINDS) == {k.value for k in Kind}
    assert KINDS[:2] == ("preambular", "operative")  # the codes of saved segments


def test_a_resolution_with_an_annex_is_indexed(tmp_path: Path) -> None:
    passages = passages_of([merge(parse_file(DECLARATION))])
    kinds = {p.kind for p in passages}
    assert "annex" in kinds and "operative" in kinds  # 74/3: a declaration adopted inline
    vectors = np.random.default_rng(0).standard_normal((len(passages), 8), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = RetrievalIndex.create(tmp_path, passages, vectors, embedder="test")
    assert [p.kind for p in index.passages()] == [p.kind for p in passages]
    operative = index.scoped(Scope(kind="operative"))
    assert operative is not None and len(operative) == sum(p.kind == "operative" for p in passages)
    assert all(index.passage(int(i)).kind == "operative" for i in operative)
