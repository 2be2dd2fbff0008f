"""Language pools: cosines calibrated per language, so a question's own language is no advantage."""

from __future__ import annotations

import numpy as np

from retriever import dense
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


def test_calibration_is_the_pools_mean_and_spread() -> None:
    passages, vectors, query, _ = _two_pools()
    for pool in LanguagePools(passages, vectors).pools:
        cosines = vectors[pool.ids] @ query
        mean, std = pool.calibration(query)
        assert np.isclose(mean, cosines.mean(), atol=1e-5)
        assert np.isclose(std, cosines.std(), atol=1e-5)


def test_a_paragraph_standing_out_in_another_language_comes_first() -> None:
    passages, vectors, query, standout = _two_pools()
    index = dense.build(vectors, "flat")
    assert dense.search(index, query, 1)[1][0] != standout  # raw cosine: the own-language crowd
    pools = LanguagePools(passages, vectors)
    assert pools.ranking(index, query, 10, None)[0] == standout
    only_zh = np.arange(40, dtype=np.int64)  # a filter leaving one pool: its own order
    assert (
        pools.ranking(index, query, 5, only_zh)
        == dense.search(index, query, 5, only_zh)[1].tolist()
    )


def test_one_language_is_the_cosine_order() -> None:
    passages, vectors, query, _ = _two_pools()
    english = [Passage(p.symbol, p.pid, "en", p.kind, p.session, p.year, p.text) for p in passages]
    index = dense.build(vectors, "flat")
    pools = LanguagePools(english, vectors)
    assert pools.ranking(index, query, 10, None) == dense.search(index, query, 10)[1].tolist()


def test_share_of_paragraphs_held_in_a_language() -> None:
    # Two paragraphs in both languages, two in English only: each paragraph counts once.
    passages = [_passage(1, "en"), _passage(1, "zh"), _passage(2, "en"), _passage(2, "zh")]
    passages += [_passage(3, "en", "A/RES/2/2"), _passage(4, "en", "A/RES/2/2")]
    pools = LanguagePools(passages, _unit(np.random.default_rng(1).normal(size=(6, DIM))))
    assert pools.held_share("en", None) == 1.0
    assert pools.held_share("zh", None) == 0.5
    assert pools.held_share("zh", np.array([0, 1, 2, 3])) == 1.0  # a filter to the bilingual text
    assert pools.held_share("zh", np.array([4, 5])) == 0.0
    assert pools.held_share("fr", None) == 0.0


def test_bundled_corpus_pools(searcher) -> None:  # type: ignore[no-untyped-def]
    """Two of the bundled 13 resolutions are held in Chinese: a Chinese question's words can
    reach their paragraphs only, so BM25 weighs in for a fraction; an English one's fully."""
    pools = searcher.pools
    assert [p.lang for p in pools.pools] == ["en", "zh"]
    assert pools.held_share("en", None) == 1.0
    assert 0.0 < pools.held_share("zh", None) < 0.5
    both = np.array([i for i, p in enumerate(searcher.index.passages) if p.symbol == "A/RES/66/45"])
    assert pools.held_share("zh", both) == 1.0
