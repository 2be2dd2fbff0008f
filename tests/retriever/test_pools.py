"""Language pools: cosines calibrated per language, so a question's own language is no advantage."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retriever.index import RetrievalIndex
from retriever.lexical import Scope
from retriever.passages import Passage
from retriever.pools import LanguagePools

DIM = 32


def _passage(n: int, lang: str, symbol: str = "A/RES/1/1") -> Passage:
    return Passage(symbol, f"OP{n}", lang, "operative", 1, 2000, f"text {n}")


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _two_pools() -> tuple[list[Passage], np.ndarray, np.ndarray, int]:
    """A query whose own-language pool sits near it throughout, and one foreign paragraph that
    stands far above the rest of its pool: raw cosine prefers the crowd, calibration the one."""
    rng = np.random.default_rng(0)
    query = np.zeros(DIM, np.float32)
    query[0] = 1.0
    near = rng.normal(0, 0.2, (40, DIM))
    near[:, 0] = 1.0  # cosine to the query about 0.67, all alike
    far = rng.normal(0, 0.35, (40, DIM))
    far[:, 0] = 0.2  # about 0.1
    far[7, 0] = 0.9  # about 0.4: far above its own pool, still below the crowd
    vectors = _unit(np.vstack([near, far]))
    passages = [_passage(i, "zh", "A/RES/1/1") for i in range(40)]
    passages += [_passage(i, "en", "A/RES/2/2") for i in range(40)]
    return passages, vectors, query, 40 + 7


def _index(tmp_path: Path, passages: list[Passage], vectors: np.ndarray) -> RetrievalIndex:
    return RetrievalIndex.create(tmp_path, passages, vectors, embedder="test")


def test_calibration_is_the_pools_mean_and_spread(tmp_path: Path) -> None:
    passages, vectors, query, _ = _two_pools()
    index = _index(tmp_path, passages, vectors)
    pools = LanguagePools(index)
    for lang, (mean, std) in pools.calibrations(query).items():
        ids = [i for i, p in enumerate(passages) if p.lang == lang]
        cosines = vectors[ids] @ query
        assert abs(mean - cosines.mean()) < 1e-5
        assert abs(std - cosines.std()) < 1e-5


def test_a_paragraph_standing_out_in_another_language_comes_first(tmp_path: Path) -> None:
    passages, vectors, query, standout = _two_pools()
    raw = int(np.argmax(vectors @ query))
    assert passages[raw].lang == "zh"  # by raw cosine the crowd wins
    pools = LanguagePools(_index(tmp_path, passages, vectors))
    assert pools.ranking(query, 10, None)[0] == standout
    only_zh = np.arange(0, 40)
    assert set(pools.ranking(query, 5, only_zh)) <= set(only_zh.tolist())


def test_one_language_is_the_cosine_order(tmp_path: Path) -> None:
    passages, vectors, query, _ = _two_pools()
    english = [
        Passage(f"A/RES/{i}/1", "OP1", "en", "operative", 1, 2000, p.text)
        for i, p in enumerate(passages)
    ]
    pools = LanguagePools(_index(tmp_path, english, vectors))
    assert pools.ranking(query, 10, None) == np.argsort(-(vectors @ query))[:10].tolist()


def test_share_of_paragraphs_held_in_a_language(tmp_path: Path) -> None:
    passages = [_passage(1, "en"), _passage(1, "zh"), _passage(2, "en"), _passage(2, "zh")]
    passages += [_passage(1, "en", "A/RES/2/2"), _passage(2, "en", "A/RES/2/2")]
    vectors = _unit(np.random.default_rng(1).normal(size=(6, DIM)))
    pools = LanguagePools(_index(tmp_path, passages, vectors))
    assert pools.held_share("en", None) == 1.0
    assert pools.held_share("zh", None) == 0.5
    assert pools.held_share("zh", np.array([0, 1, 2, 3])) == 1.0  # a filter to the bilingual text
    assert pools.held_share("zh", np.array([4, 5])) == 0.0
    assert pools.held_share("fr", None) == 0.0


def test_bundled_corpus_pools(searcher) -> None:  # type: ignore[no-untyped-def]
    """Every bundled paragraph is in English, a few resolutions also in Chinese: Chinese words
    reach their paragraphs only, so BM25 weighs in for a fraction; an English one's fully."""
    pools = searcher.pools
    assert searcher.index.languages == ["en", "zh"]
    assert pools.held_share("en", None) == 1.0
    assert 0.0 < pools.held_share("zh", None) < 0.5
    both = searcher.index.scoped(Scope(("A/RES/66/45",)))
    assert pools.held_share("zh", both) == 1.0
