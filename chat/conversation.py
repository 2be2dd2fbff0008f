"""Conversations: the turns of a chat, stored in SQLite by default or Redis for many processes.

A turn keeps what follow-ups need: what was asked, which resolutions and paragraph
it was about, and the search topic it resolved to. Turns are appended with a
sequence number under the store's own atomicity (a SQLite transaction, a Redis
list push), so concurrent requests to one conversation never lose or double a turn.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from corpus.errors import NotFound, Unavailable

T = TypeVar("T")

log = logging.getLogger("resolute.chat")

TTL_SECONDS = 30 * 24 * 3600  # Redis conversations expire after a month of silence


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str
    lang: str
    topic: str  # the substantive search text this turn resolved to
    symbols: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    paragraph: str | None = None
    citations: tuple[tuple[str, str], ...] = ()  # (symbol, pid)
    grounded: bool = False
    at: float = field(default_factory=time.time)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Turn:
        d = json.loads(raw)
        d["symbols"] = tuple(d["symbols"])
        d["years"] = tuple(d["years"])
        d["citations"] = tuple(tuple(c) for c in d["citations"])
        return cls(**d)


def new_conversation_id() -> str:
    return uuid.uuid4().hex


class ConversationStore(Protocol):
    def create(self, conversation_id: str | None = None) -> str: ...

    def exists(self, conversation_id: str) -> bool: ...

    def turns(self, conversation_id: str) -> list[Turn]: ...

    def append(self, conversation_id: str, turn: Turn) -> int: ...

    def ping(self) -> None: ...  # Unavailable when the store does not answer


class SQLiteConversations:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, created REAL);"
            "CREATE TABLE IF NOT EXISTS turns (conversation TEXT NOT NULL, seq INTEGER NOT NULL,"
            " turn TEXT NOT NULL, PRIMARY KEY (conversation, seq));"
        )
        self._lock = threading.Lock()

    def create(self, conversation_id: str | None = None) -> str:
        cid = conversation_id or new_conversation_id()
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO conversations VALUES (?, ?)", (cid, time.time())
            )
        return cid

    def exists(self, conversation_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM conversations WHERE id=?", (conversation_id,))
        return row.fetchone() is not None

    def turns(self, conversation_id: str) -> list[Turn]:
        if not self.exists(conversation_id):
            raise NotFound(f"no conversation {conversation_id!r}")
        rows = self._db.execute(
            "SELECT turn FROM turns WHERE conversation=? ORDER BY seq", (conversation_id,)
        )
        return [Turn.from_json(r[0]) for r in rows]

    def ping(self) -> None:
        try:
            self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error as exc:
            log.warning("the conversation store (SQLite) is unavailable: %s", exc)
            raise Unavailable("the conversation store (SQLite) is unavailable") from None

    def append(self, conversation_id: str, turn: Turn) -> int:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                seq = db.execute(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE conversation=?",
                    (conversation_id,),
                ).fetchone()[0]
                db.execute(
                    "INSERT INTO turns VALUES (?, ?, ?)", (conversation_id, seq, turn.to_json())
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return int(seq)


class RedisConversations:
    """Conversations in Redis: a key marks the conversation, a list holds its turns."""

    def __init__(self, url: str, prefix: str = "resolute:conv:") -> None:
        import redis

        # No retries (from_url's default): a hung Redis costs a request one socket_timeout.
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        # /readyz asks through its own client with a shorter fuse, so that a health check
        # stays quick (under a load balancer's timeout) whatever state Redis is in.
        self._probe = redis.Redis.from_url(
            url,
            socket_timeout=0.25,
            socket_connect_timeout=0.25,
        )
        self._prefix = prefix
        self._errors = (redis.ConnectionError, redis.TimeoutError)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except self._errors as exc:
            # The cause (host, port, errno) is for the operator's log, not for API clients.
            log.warning("the conversation store (Redis) is unavailable: %s", exc)
            raise Unavailable(
                "the conversation store (Redis) is unavailable; chat resumes when it is back"
            ) from None

    def ping(self) -> None:
        """Unavailable unless Redis answers at once."""
        self._call(self._probe.ping)

    def close(self) -> None:
        self._redis.close()
        self._probe.close()

    def create(self, conversation_id: str | None = None) -> str:
        cid = conversation_id or new_conversation_id()
        key = self._prefix + cid
        # nx: creating an existing conversation (a Slack thread seen again) never resets it
        self._call(lambda: self._redis.set(key, str(time.time()), ex=TTL_SECONDS, nx=True))
        return cid

    def exists(self, conversation_id: str) -> bool:
        return bool(self._call(self._redis.exists, self._prefix + conversation_id))

    def turns(self, conversation_id: str) -> list[Turn]:
        if not self.exists(conversation_id):
            raise NotFound(f"no conversation {conversation_id!r}")
        raw = self._call(self._redis.lrange, self._prefix + conversation_id + ":turns", 0, -1)
        return [Turn.from_json(r) for r in raw]

    def ids(self) -> set[str]:
        """The ids of the conversations held under this store's prefix."""
        # SCAN, not KEYS: it walks the keyspace in steps instead of blocking Redis for all
        # its clients at once. The prefix is escaped so that it matches only itself.
        pattern = "".join("\\" + c if c in "*?[]\\" else c for c in self._prefix) + "*"
        keys: list[bytes] = self._call(
            lambda: list(self._redis.scan_iter(match=pattern, count=1000))
        )
        names = (k.decode() for k in keys)  # each marker key, and its list of turns beside it
        return {n[len(self._prefix) :] for n in names if not n.endswith(":turns")}

    def append(self, conversation_id: str, turn: Turn) -> int:
        key = self._prefix + conversation_id
        pipe = self._redis.pipeline(transaction=True)
        pipe.rpush(key + ":turns", turn.to_json())
        pipe.expire(key + ":turns", TTL_SECONDS)
        pipe.expire(key, TTL_SECONDS)
        seq, _, _ = self._call(pipe.execute)
        return int(seq)


def open_conversations(redis_url: str, data_dir: Path) -> ConversationStore:
    if redis_url:
        return RedisConversations(redis_url)
    return SQLiteConversations(data_dir / "conversations.sqlite3")
