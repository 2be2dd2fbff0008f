"""The deployed topology natively: gunicorn with two workers sharing a real redis-server.

A conversation continues whichever worker answers; SIGTERM lets a request in flight finish.
"""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.processes import Process, start_resolute, stop_process
from tests.openai_stub import Script, openai_stub


def post(port: int, path: str, body: dict, timeout: float = 30) -> tuple[dict, dict]:  # type: ignore[type-arg]
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read()), dict(resp.headers)


@pytest.fixture
def slow_llm() -> Iterator[str]:
    """A model server that takes 3 s to answer: a request surely in flight."""
    with openai_stub(Script(reply="NOT_IN_CORPUS", delay=3)) as script:
        yield script.url


def start_server(data_dir: Path, redis_url: str, llm_url: str) -> tuple[int, Process]:
    env = {
        "RESOLUTE_REDIS_URL": redis_url,
        "RESOLUTE_LLM": "openai:slow",
        "OPENAI_BASE_URL": llm_url,
        "OPENAI_API_KEY": "x",
    }
    return start_resolute(data_dir, env, workers=2, ready_seconds=120)


@pytest.fixture
def two_hosts(data_dir: Path, redis_url: str, slow_llm: str) -> Iterator[list[tuple[int, Process]]]:
    """Two gunicorn servers of two workers each, as two hosts behind a load balancer."""
    servers = []
    try:
        for _ in range(2):
            servers.append(start_server(data_dir, redis_url, slow_llm))
        yield servers
    finally:
        for _, proc in servers:
            stop_process(proc, 60)


def test_conversation_continues_across_processes(two_hosts) -> None:  # type: ignore[no-untyped-def]
    (a, _), (b, _) = two_hosts
    first, first_headers = post(a, "/v1/chat", {"message": "show me OP 8 of 66/45"})
    cid = first["conversation_id"]
    body, headers = post(b, "/v1/chat", {"message": "And OP 9 of it?", "conversation_id": cid})
    assert body["citations"][0]["paragraph"] == "OP9"  # the other host knew the resolution
    assert headers["X-Worker"] != first_headers["X-Worker"]
    workers = {first_headers["X-Worker"], headers["X-Worker"]}
    for i in range(6):  # lookups skip the (slow) model
        port = (a, b)[i % 2]
        body, headers = post(
            port, "/v1/chat", {"message": "And OP 10 of it?", "conversation_id": cid}
        )
        assert body["citations"][0]["paragraph"] == "OP10"
        workers.add(headers["X-Worker"])
    assert len(workers) >= 2
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{a}/metrics").read().decode()
    assert 'resolute_requests_total{endpoint="/v1/chat",method="POST",status="200"} 4.0' in metrics


@pytest.fixture
def gunicorn(data_dir: Path, redis_url: str, slow_llm: str) -> Iterator[tuple[int, Process]]:
    port, proc = start_server(data_dir, redis_url, slow_llm)
    try:
        yield port, proc
    finally:
        stop_process(proc, 60)


def test_sigterm_lets_the_request_in_flight_finish(gunicorn) -> None:  # type: ignore[no-untyped-def]
    port, proc = gunicorn
    result: dict = {}

    def ask() -> None:
        result["body"], _ = post(
            port,
            "/v1/chat",
            {"message": "What does 62/37 say about a fissile material cut-off treaty?"},
        )

    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(1.0)  # the slow model is still thinking
    proc.send_signal(signal.SIGTERM)
    thread.join(30)
    assert result["body"]["citations"][0]["paragraph"] == "OP11"  # answered in full
    assert proc.wait(60) == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
