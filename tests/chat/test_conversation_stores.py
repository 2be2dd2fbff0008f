"""Conversation stores: SQLite by default, Redis against a real redis-server."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bench.processes import free_port
from chat.conversation import RedisConversations, SQLiteConversations, Turn
from corpus.errors import NotFound, Unavailable


def turn(n: int) -> Turn:
    return Turn(
        question=f"q{n}",
        answer=f"a{n}",
        lang="en",
        topic=f"t{n}",
        symbols=("A/RES/66/45",),
        citations=(("A/RES/66/45", "OP8"),),
        grounded=True,
    )


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return SQLiteConversations(tmp_path / "c.sqlite3")
    return RedisConversations(request.getfixturevalue("redis_url"), prefix=f"test:{tmp_path.name}:")


def test_turns_round_trip_in_order(store) -> None:  # type: ignore[no-untyped-def]
    cid = store.create()
    assert store.exists(cid) and store.turns(cid) == []
    for n in range(3):
        assert store.append(cid, turn(n)) == n + 1
    assert [t.question for t in store.turns(cid)] == ["q0", "q1", "q2"]
    assert store.turns(cid)[0] == turn(0).__class__(
        **{**turn(0).__dict__, "at": store.turns(cid)[0].at}
    )


def test_unknown_conversation(store) -> None:  # type: ignore[no-untyped-def]
    assert not store.exists("nope")
    with pytest.raises(NotFound):
        store.turns("nope")


def test_create_with_an_id_is_idempotent(store) -> None:  # type: ignore[no-untyped-def]
    store.create("slack:T1:C1:1700000000.1")
    store.append("slack:T1:C1:1700000000.1", turn(1))
    store.create("slack:T1:C1:1700000000.1")
    assert len(store.turns("slack:T1:C1:1700000000.1")) == 1


def test_concurrent_turns_are_stored_once_each(store) -> None:  # type: ignore[no-untyped-def]
    cid = store.create()

    def worker(base: int) -> None:
        for n in range(base, base + 20):
            store.append(cid, turn(n))

    threads = [threading.Thread(target=worker, args=(b,)) for b in (0, 100, 200, 300)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    questions = [t.question for t in store.turns(cid)]
    assert len(questions) == 80 and len(set(questions)) == 80


def test_redis_down_is_a_clear_503() -> None:
    down = RedisConversations(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(Unavailable, match="Redis"):
        down.create()
