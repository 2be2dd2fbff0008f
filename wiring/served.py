"""The index version a serving process answers from, swapped in between requests.

An ingest beside a running server (`resolute ingest`, the compose `ingest` job) saves a new
index version and points `index/CURRENT` at it. Each serving process — a gunicorn worker,
the threaded server, Slack's Socket Mode — looks at that one small file at most every
`RELOAD_SECONDS` and, when it names another version, opens it memory-mapped (sizes checked,
as a worker's start does) and swaps it in whole. A request takes one `Served` at its start
and keeps it to its end, so no answer mixes two versions; the store is SQLite, whose reads
always see the last committed ingest, and the index is saved only after the store commits.

A new version that cannot be opened (damaged, or half-written by a killed ingest) is
logged and the one in service goes on serving: a broken ingest never takes a server down.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from chat.service import ChatService
from corpus.errors import Unavailable
from retriever.index import RetrievalIndex, current_version
from retriever.search import Searcher

log = logging.getLogger("resolute")


@dataclass(frozen=True)
class Served:
    """One index version and the search and chat over it."""

    version: str
    searcher: Searcher
    chat: ChatService


class LiveIndex:
    """The `Served` of the newest saved index version, checked every `every` seconds."""

    def __init__(self, data_dir: Path, first: Served, every: float) -> None:
        self.data_dir = data_dir
        self.every = every
        self._served = first
        self._checked = time.monotonic()
        self._refused: str | None = None  # a version that failed to open, not retried
        self._lock = threading.Lock()  # one thread of a worker opens a new version

    def current(self) -> Served:
        """What a request is served from; a newer saved version first, when there is one."""
        if time.monotonic() - self._checked < self.every:
            return self._served
        with self._lock:
            if time.monotonic() - self._checked >= self.every:
                self._checked = time.monotonic()
                version = current_version(self.data_dir)
                if version not in (None, self._served.version, self._refused):
                    self._swap(version)
        return self._served

    def _swap(self, version: str) -> None:
        try:
            index = RetrievalIndex.load(self.data_dir)
        except Unavailable as exc:
            log.error("index version %s not taken into service: %s", version, exc.message)
            self._refused = version
            return
        searcher = self._served.searcher.over(index)
        self._served = Served(index.folder.name, searcher, self._served.chat.over(searcher))
        log.info("now serving index version %s (%d passages)", index.folder.name, len(index))
