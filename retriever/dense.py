"""The FAISS vector index: exact inner product for small corpora, HNSW or IVF-PQ for large ones."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from corpus.errors import ConfigError

INDEX_TYPES = ("auto", "flat", "hnsw", "ivfpq")
# Sizes at which `auto` leaves exact search, chosen from bench/index_scale.py measurements
# (384-d, 2 vCPUs, 24 GiB; single-query p50 at k=10, recall@10 against exact search):
# - flat while its p50 stays under ~5 ms: 3.4 ms at 50k, 4.1 at 75k, 5.8 at 90k, 6.5-7.5 at
#   100k, 54-65 at 1M. HNSW at 100k: 0.2 ms, recall 0.95, built in 15 s.
# - HNSW while memory fits: at 1M it takes 1.74 GB (flat 1.47 GB), builds in 6.6 min, p50
#   0.7 ms, recall 0.78. IVF-PQ at 1M: 0.11 GB, builds in 53 s, p50 0.7 ms, but recall 0.18,
#   so only where memory forces it. A loaded index holds ~10 KB per passage in all
#   (vectors, passages, BM25 tokens); at 2M that is ~20 GB with HNSW on a 24 GiB machine.
HNSW_FROM = 80_000
IVFPQ_FROM = 2_000_000
IVFPQ_TRAIN_MAX = 100_000  # IVF-PQ trains on a random sample of at most this many vectors


def choose_type(index_type: str, n: int) -> str:
    if index_type not in INDEX_TYPES:
        raise ConfigError(f"unknown index type {index_type!r}; use one of {', '.join(INDEX_TYPES)}")
    if index_type != "auto":
        return index_type
    if n >= IVFPQ_FROM:
        return "ivfpq"
    return "hnsw" if n >= HNSW_FROM else "flat"


def build(vectors: np.ndarray, index_type: str = "auto") -> faiss.Index:
    n, dim = vectors.shape
    kind = choose_type(index_type, n)
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    else:
        nlist = max(1, min(4096, int(4 * np.sqrt(n))))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFPQ(quantizer, dim, nlist, _pq_m(dim), 8, faiss.METRIC_INNER_PRODUCT)
        index.train(_training_sample(vectors))
        index.nprobe = min(nlist, 32)
    index.add(vectors)
    return index


def _training_sample(vectors: np.ndarray) -> np.ndarray:
    """At most IVFPQ_TRAIN_MAX rows, a fixed random sample. At 1M vectors, training on all
    of them took 193 s on 2 cores against ~30 s on the sample, for recall@10 0.185 vs 0.175."""
    if len(vectors) <= IVFPQ_TRAIN_MAX:
        return vectors
    rows = np.random.default_rng(0).choice(len(vectors), IVFPQ_TRAIN_MAX, replace=False)
    return vectors[np.sort(rows)]


def _pq_m(dim: int) -> int:
    for m in (48, 32, 24, 16, 8, 4, 2, 1):
        if dim % m == 0:
            return m
    return 1


def search(
    index: faiss.Index,
    query: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    selector: faiss.IDSelector | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, ids) for one query vector, optionally only among `allowed` ids.

    `selector`, when given, is `allowed` already made a FAISS filter (kept by a caller that
    filters by the same ids on every query).
    """
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int64)
    if allowed is None:
        scores, ids = index.search(q, k)
    else:
        sel = selector or faiss.IDSelectorBatch(allowed.astype(np.int64))
        scores, ids = index.search(q, min(k, len(allowed)), params=_params_for(index, sel))
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]


def _params_for(index: faiss.Index, selector: faiss.IDSelector) -> faiss.SearchParameters:
    if isinstance(index, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
    return faiss.SearchParameters(sel=selector)


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    """Read memory-mapped: the vectors and graph stay in the page cache, shared by every
    process of the host that reads the same file (measured: a 200k-vector flat, HNSW or
    IVF index adds ~3 MB of private memory to a process this way, ~300 MB read whole)."""
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
