"""Faults the service must ride out: Redis going away and coming back, a damaged index or store.

Redis here is a dedicated redis-server (the session one is shared, and these tests kill
theirs), with an append-only file fsynced on every write so that what it acknowledged
survives a SIGKILL and a restart. An ingest killed half-way is in
tests/corpus/test_ingest_kill.py; SIGTERM draining requests in flight is in
tests/service/test_topology.py.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from bench.processes import RedisServer, free_port, resolute_command, resolute_env
from corpus.errors import Unavailable
from service import cli
from service.app import create_app

ROOT = Path(__file__).resolve().parents[2]
# What Redis acknowledged must survive a SIGKILL: every write fsynced to the append-only file.
DURABLE = ("--save", "", "--appendonly", "yes", "--appendfsync", "always")
CHAT = "What does 66/45 say about the Comprehensive Nuclear-Test-Ban Treaty?"
# A fault must be answered in bounded time: well under a proxy's or client's patience.
PROMPT_SECONDS = 3.5  # Redis's socket timeout is 2 s


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    workdir = tmp_path / "redis"
    workdir.mkdir()
    server = RedisServer(workdir, DURABLE)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """create_app, with its Redis connections closed at the end (not left to the collector)."""
    apps: list[Flask] = []

    def make(**settings: object) -> Flask:
        apps.append(create_app(settings))
        return apps[-1]

    yield make
    for app in apps:
        app.extensions["resolute.live"].current().chat.conversations.close()


def timed(client, path: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    resp = client.get(path) if body is None else client.post(path, json=body)
    return resp, time.perf_counter() - started


def chat_calls(cid: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [
        ("/v1/chat", {"message": CHAT, "conversation_id": cid}),
        ("/v1/chat", {"message": CHAT}),  # a new conversation needs the store too
        ("/v1/chat/stream", {"message": CHAT, "conversation_id": cid}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": CHAT}], "user": cid}),
    ]


def assert_conversation_store_down(client, calls: list[tuple[str, dict]]) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Each conversation endpoint: a prompt 503 in the one error shape, naming the store."""
    for path, body in calls:
        resp, seconds = timed(client, path, body)
        assert resp.status_code == 503, (path, resp.get_data(as_text=True))
        assert resp.mimetype == "application/json", path  # not an event stream cut short
        error = resp.get_json()["error"]
        # the API's error shape; OpenAI's (message, type, param, code) on its OpenAI face
        fields = {"message", "type", "param", "code"} if path.endswith("/completions") else set()
        assert set(resp.get_json()) == {"error"} and set(error) == {"code", "message"} | fields
        assert error["code"] == "unavailable"
        assert "conversation store" in error["message"] and "Redis" in error["message"]
        assert "127.0.0.1" not in error["message"]  # where Redis lives is the operator's
        assert seconds < PROMPT_SECONDS, (path, seconds)


def assert_search_still_works(client) -> None:  # type: ignore[no-untyped-def]
    resp, seconds = timed(client, "/v1/search", {"query": "fissile material cut-off treaty"})
    assert resp.status_code == 200 and resp.get_json()["results"]
    assert seconds < PROMPT_SECONDS
    resp = client.get("/v1/resolutions/A/RES/66/45/paragraphs/OP8")
    assert resp.status_code == 200 and resp.get_json()["id"] == "OP8"
    assert client.get("/v1/resolutions").status_code == 200


def assert_ready_but_degraded(client) -> None:  # type: ignore[no-untyped-def]
    """Still ready: every replica shares the one Redis, and search does not need it."""
    resp, seconds = timed(client, "/readyz")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ready", body
    assert any("conversation store" in d and "Redis" in d for d in body["degraded"]), body
    assert seconds < 1.5


def stored_questions(url: str, cid: str) -> list[str]:
    client = redis.Redis.from_url(url)
    try:
        return [
            json.loads(t)["question"] for t in client.lrange(f"resolute:conv:{cid}:turns", 0, -1)
        ]
    finally:
        client.close()


def test_redis_down_and_back(data_dir: Path, own_redis: RedisServer, make_app) -> None:  # type: ignore[no-untyped-def]
    # Started while Redis is not up yet: the app starts, and search serves from the start.
    app = make_app(DATA_DIR=data_dir, REDIS_URL=own_redis.url, RATE_LIMIT="")
    client = app.test_client()
    assert_conversation_store_down(client, chat_calls("nope"))
    assert_search_still_works(client)
    assert_ready_but_degraded(client)

    own_redis.start()  # it comes up: no restart of the app
    first = client.post("/v1/chat", json={"message": "show me OP 8 of 66/45"})
    assert first.status_code == 200, first.get_json()
    cid = first.get_json()["conversation_id"]
    second = client.post("/v1/chat", json={"message": "And OP 9 of it?", "conversation_id": cid})
    assert second.get_json()["citations"][0]["paragraph"] == "OP9"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["degraded"] == []

    own_redis.kill()  # a crash: the pooled connections die with it
    assert_conversation_store_down(client, chat_calls(cid))
    assert_search_still_works(client)
    assert_ready_but_degraded(client)

    own_redis.start()  # same port, same folder: what it acknowledged is back
    third = client.post("/v1/chat", json={"message": "And OP 10 of it?", "conversation_id": cid})
    assert third.status_code == 200, third.get_json()
    assert third.get_json()["citations"][0]["paragraph"] == "OP10"  # it knew "it" was 66/45
    assert stored_questions(own_redis.url, cid) == [
        "show me OP 8 of 66/45",
        "And OP 9 of it?",
        "And OP 10 of it?",
    ]
    assert client.get("/readyz").get_json()["degraded"] == []

    own_redis.kill()  # down and up again between two requests: the pool holds dead connections
    own_redis.start()
    fourth = client.post("/v1/chat", json={"message": "And OP 11 of it?", "conversation_id": cid})
    assert fourth.status_code == 200, fourth.get_json()  # reconnected, no 503 for the first
    assert len(stored_questions(own_redis.url, cid)) == 4


def test_redis_hung_is_a_prompt_503_not_a_hang(
    data_dir: Path, own_redis: RedisServer, make_app
) -> None:  # type: ignore[no-untyped-def]
    """A paused Redis (as behind a network partition) accepts connections and never answers."""
    own_redis.start()
    app = make_app(DATA_DIR=data_dir, REDIS_URL=own_redis.url, RATE_LIMIT="")
    client = app.test_client()
    cid = client.post("/v1/chat", json={"message": CHAT}).get_json()["conversation_id"]

    own_redis.signal(signal.SIGSTOP)
    calls = chat_calls(cid)
    assert_conversation_store_down(client, [calls[0], calls[3]])  # each costs one timeout
    assert_search_still_works(client)
    assert_ready_but_degraded(client)

    own_redis.signal(signal.SIGCONT)
    again = client.post("/v1/chat", json={"message": "And OP 9 of it?", "conversation_id": cid})
    assert again.status_code == 200 and again.get_json()["citations"][0]["paragraph"] == "OP9"
    assert stored_questions(own_redis.url, cid) == [CHAT, "And OP 9 of it?"]  # none doubled


def test_search_with_rate_limits_while_redis_is_down(data_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    """Rate limits are counted in Redis when it is set: its absence must not stop search."""
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = make_app(DATA_DIR=data_dir, REDIS_URL=url, RATE_LIMIT="1000/minute")
    client = app.test_client()
    for _ in range(3):
        assert_search_still_works(client)
    assert client.post("/v1/chat", json={"message": CHAT}).status_code == 503


# -- a damaged index or store: a clear error at start, and the repair it names

QUESTION = "What does 62/37 say about a fissile material cut-off treaty?"


def current_folder(data: Path) -> Path:
    return data / "index" / (data / "index" / "CURRENT").read_text().strip()


def garble(path: Path) -> None:
    """Flip bytes in the middle, keeping the length: it may still parse."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, min(middle + 64, len(data))):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def segment_folder(data: Path) -> Path:
    """The first segment of the current version: where the passages' own files are."""
    return sorted(current_folder(data).glob("seg-*"))[0]


DAMAGE = {
    "dense-en.faiss truncated": (
        lambda d: truncate(segment_folder(d) / "dense-en.faiss"),
        "dense-en.faiss",
    ),
    "vectors.npy garbled": (lambda d: garble(segment_folder(d) / "vectors.npy"), "vectors.npy"),
    "texts.bin garbled": (lambda d: garble(segment_folder(d) / "texts.bin"), "texts.bin"),
    "texts.bin deleted": (lambda d: (segment_folder(d) / "texts.bin").unlink(), "texts.bin"),
    "segment checksums deleted": (
        lambda d: (segment_folder(d) / "checksums.json").unlink(),
        "checksums.json",
    ),
    "info.json deleted": (lambda d: (current_folder(d) / "info.json").unlink(), "info.json"),
    "checksums.json deleted": (
        lambda d: (current_folder(d) / "checksums.json").unlink(),
        "checksums.json",
    ),
    "pools.npz garbled": (lambda d: garble(current_folder(d) / "pools.npz"), "pools.npz"),
    "CURRENT names a missing folder": (
        lambda d: shutil.rmtree(current_folder(d)),
        "CURRENT names",
    ),
}


def assert_answers_from_the_store(data: Path) -> None:
    """Started and searching: the right paragraph, quoted exactly as the store holds it."""
    app = create_app({"DATA_DIR": data, "RATE_LIMIT": ""})
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    top = client.post("/v1/search", json={"query": QUESTION, "k": 3}).get_json()["results"][0]
    assert (top["citation"]["symbol"], top["citation"]["paragraph"]) == ("A/RES/62/37", "OP11")
    store = app.extensions["resolute.store"]
    _, para = store.paragraph("62/37", "OP11")
    assert top["citation"]["quote"] == para.text["en"]
    assert len(app.extensions["resolute.live"].current().searcher.index) == 538
    store.close()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_a_clear_error_and_reindex_repairs_it(
    damage: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    do, named = DAMAGE[damage]
    damaged = current_folder(data_dir).name
    do(data_dir)
    with pytest.raises(Unavailable) as err:
        create_app({"DATA_DIR": data_dir, "RATE_LIMIT": ""})
    assert named in err.value.message and "run `resolute reindex`" in err.value.message
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data_dir))
    assert cli.main(["reindex"]) == 0  # the command's own main, in this process
    assert "indexed 538 passages" in capsys.readouterr().out
    assert_answers_from_the_store(data_dir)
    # The version before the current one stays until the next (a server may be opening it
    # now); the one after that removes the damaged folder.
    assert current_folder(data_dir).name != damaged
    assert cli.main(["reindex"]) == 0
    assert damaged not in {p.name for p in (data_dir / "index").iterdir()}


def resolute(data: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        resolute_command(*args),
        cwd=ROOT,
        env=resolute_env(data),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_refuses_to_serve(data: Path, *messages: str) -> None:
    """`resolute serve`, threaded and with gunicorn workers: a prompt exit, one clear line."""
    for workers in ("0", "2"):
        started = time.perf_counter()
        done = resolute(data, "serve", "--port", str(free_port()), "--workers", workers)
        assert done.returncode == 2, (workers, done.stderr[-2000:])
        assert time.perf_counter() - started < 30
        assert "Traceback" not in done.stderr
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("error: "), last
        for message in messages:
            assert message in last, last


def test_serve_refuses_a_damaged_index_until_reindexed(data_dir: Path) -> None:
    garble(segment_folder(data_dir) / "vectors.npy")
    assert_refuses_to_serve(data_dir, "vectors.npy", "run `resolute reindex`")
    done = resolute(data_dir, "reindex")
    assert done.returncode == 0, done.stderr
    assert "indexed 538 passages" in done.stdout
    assert_answers_from_the_store(data_dir)


@pytest.mark.parametrize("damage", ["garbage", "pages garbled"])
def test_damaged_store_is_a_clear_error(damage: str, data_dir: Path) -> None:
    db = data_dir / "resolute.sqlite3"
    if damage == "garbage":
        db.write_bytes(os.urandom(db.stat().st_size))
    else:  # the header intact, every page after the first garbled
        data = bytearray(db.read_bytes())
        for page in range(4096, len(data), 4096):
            for i in range(page + 8, page + 200):
                data[i] ^= 0x5A
        db.write_bytes(bytes(data))
    with pytest.raises(Unavailable) as err:
        create_app({"DATA_DIR": data_dir, "RATE_LIMIT": ""})
    assert str(db) in err.value.message and "damaged" in err.value.message
    assert "backup" in err.value.message  # the index cannot rebuild the store: say what can
    assert_refuses_to_serve(data_dir, str(db), "damaged")
