"""Dense ranking across languages: each language's passages a pool, their cosines calibrated.

A multilingual model puts a question nearer to any paragraph in its own language than to one
in another: a Chinese question's cosine to a Chinese paragraph on another subject often beats
its cosine to the English paragraph that answers it. Ranked by raw cosine, the few texts held
in the question's language win almost every question. So the passages of each language are a
pool of their own, and a passage's cosine counts by how far it stands above its pool's usual
cosine to this query: ``(cosine - mean) / std`` over the pool. The mean and spread come from
the pool's centroid and covariance (``q . mu`` and ``sqrt(q' C q)``), saved with the index
(retriever/index.py), so no query scores the whole pool. One language held, one pool: the
order is the cosine's. Measured in README "Benchmarks" (cross-language retrieval).
"""

from __future__ import annotations

import numpy as np

from retriever.index import PoolStats, RetrievalIndex


def calibration(stats: PoolStats, qvec: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the query's cosine over the pool."""
    q = qvec.astype(np.float64)
    return float(q @ stats.mean), float(np.sqrt(max(q @ stats.cov @ q, 1e-12)))


class LanguagePools:
    def __init__(self, index: RetrievalIndex) -> None:
        self.index = index
        weights = index.weights()
        total = max(float(weights.sum()), 1e-12)
        self._share = {
            lang: float(weights[index.held(lang)].sum()) / total for lang in index.languages
        }

    def calibrations(self, qvec: np.ndarray) -> dict[str, tuple[float, float]]:
        """Each pool's mean and standard deviation of the query's cosine: computed once a
        query, so that a hit's standing is (cosine - mean) / std of its language's pool."""
        return {lang: calibration(s, qvec) for lang, s in self.index.stats.items()}

    def held_share(self, lang: str, allowed: np.ndarray | None) -> float:
        """The share of the candidate paragraphs (all, or the `allowed` ones) held in `lang`."""
        if lang not in self._share:
            return 0.0
        if allowed is None:
            return self._share[lang]
        w = self.index.weights()[allowed]
        return float(w[self.index.held(lang)[allowed]].sum() / max(w.sum(), 1e-12))

    def ranking(self, qvec: np.ndarray, k: int, allowed: np.ndarray | None) -> list[int]:
        """Passage ids by calibrated cosine, best first: the top `k` of each pool, merged."""
        langs = self.index.languages
        if len(langs) == 1:
            return self.index.search_dense(langs[0], qvec, k, allowed)[1].tolist()
        scored: list[tuple[float, int]] = []
        norms = self.calibrations(qvec)
        for lang in langs:
            scores, ids = self.index.search_dense(lang, qvec, k, allowed)
            mean, std = norms.get(lang, (0.0, 1.0))
            scored += [((float(s) - mean) / std, int(i)) for s, i in zip(scores, ids, strict=True)]
        scored.sort(key=lambda si: -si[0])
        return [i for _, i in scored[:k]]
