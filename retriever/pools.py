"""Dense ranking across languages: each language's passages a pool, their cosines calibrated.

A multilingual model puts a question nearer to any paragraph in its own language than to one
in another: a Chinese question's cosine to a Chinese paragraph on another subject often beats
its cosine to the English paragraph that answers it. Ranked by raw cosine, the few texts held
in the question's language win almost every question. So the passages of each language are a
pool of their own, and a passage's cosine counts by how far it stands above its pool's usual
cosine to this query: ``(cosine - mean) / std`` over the pool. The mean and spread come from
the pool's centroid and covariance (``q . mu`` and ``sqrt(q' C q)``), kept once per pool, so
no query scores the whole pool. One language held, one pool: the order is the cosine's.
Measured in README "Benchmarks" (cross-language retrieval).
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from retriever import dense
from retriever.passages import Passage

STATS_SAMPLE = 20_000  # a pool's mean and covariance come from at most this many passages


@dataclass(frozen=True)
class Pool:
    lang: str
    ids: np.ndarray  # the pool's passage ids, ascending
    mean: np.ndarray  # centroid of the pool's vectors
    cov: np.ndarray  # covariance of the pool's vectors
    selector: faiss.IDSelector | None  # the pool as a FAISS filter; None when it is everything

    def calibration(self, qvec: np.ndarray) -> tuple[float, float]:
        """Mean and standard deviation of the query's cosine over the pool."""
        q = qvec.astype(np.float64)
        return float(q @ self.mean), float(np.sqrt(max(q @ self.cov @ q, 1e-12)))


class LanguagePools:
    def calibrations(self, qvec: np.ndarray) -> dict[str, tuple[float, float]]:
        """Each pool's mean and standard deviation of the query's cosine: computed once a
        query, so that a hit's standing is (cosine - mean) / std of its language's pool."""
        return {pool.lang: pool.calibration(qvec) for pool in self.pools}

    def __init__(self, passages: list[Passage], vectors: np.ndarray) -> None:
        langs = np.array([p.lang for p in passages])
        self.pools: list[Pool] = []
        for lang in sorted(set(langs.tolist())):
            ids = np.flatnonzero(langs == lang).astype(np.int64)
            sample = vectors[_sample(ids)].astype(np.float64)
            mean = sample.mean(axis=0)
            cov = np.cov(sample, rowvar=False, bias=True) if len(sample) > 1 else np.eye(len(mean))
            whole = len(ids) == len(passages)
            selector = None if whole else faiss.IDSelectorBatch(ids)
            self.pools.append(Pool(lang, ids, mean, np.atleast_2d(cov), selector))
        # Each passage weighs 1 / (its paragraph's versions), so each paragraph counts once.
        keys_in: dict[str, set[tuple[str, str]]] = {}
        versions: dict[tuple[str, str], int] = {}
        for p in passages:
            keys_in.setdefault(p.lang, set()).add(p.key)
            versions[p.key] = versions.get(p.key, 0) + 1
        self._weight = np.array([1 / versions[p.key] for p in passages], dtype=np.float64)
        self._held = {
            lang: np.array([p.key in keys for p in passages], dtype=bool)
            for lang, keys in keys_in.items()
        }
        total = max(float(self._weight.sum()), 1e-12)
        self._share = {lang: float(self._weight[h].sum()) / total for lang, h in self._held.items()}

    def held_share(self, lang: str, allowed: np.ndarray | None) -> float:
        """The share of the candidate paragraphs (all, or the `allowed` ones) held in `lang`."""
        held = self._held.get(lang)
        if held is None:
            return 0.0
        if allowed is None:
            return self._share[lang]
        w = self._weight[allowed]
        return float(w[held[allowed]].sum() / max(w.sum(), 1e-12))

    def ranking(
        self, index: faiss.Index, qvec: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> list[int]:
        """Passage ids by calibrated cosine, best first: the top `k` of each pool, merged."""
        if len(self.pools) <= 1:
            return dense.search(index, qvec, k, allowed)[1].tolist()
        scored: list[tuple[float, int]] = []
        for pool in self.pools:
            if allowed is None:
                scores, ids = dense.search(index, qvec, k, pool.ids, pool.selector)
            else:
                within = np.intersect1d(allowed, pool.ids, assume_unique=True)
                if len(within) == 0:
                    continue
                scores, ids = dense.search(index, qvec, k, within)
            mean, std = pool.calibration(qvec)
            scored += [((float(s) - mean) / std, int(i)) for s, i in zip(scores, ids, strict=True)]
        scored.sort(key=lambda si: -si[0])
        return [i for _, i in scored[:k]]


def _sample(ids: np.ndarray) -> np.ndarray:
    if len(ids) <= STATS_SAMPLE:
        return ids
    rows = np.random.default_rng(0).choice(len(ids), STATS_SAMPLE, replace=False)
    return ids[np.sort(rows)]
