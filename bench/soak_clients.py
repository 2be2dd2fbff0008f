"""The soak's clients: the workload they draw from and the threads that drive the server.

Each client is a thread with one kept-alive HTTP connection; it times every request,
counts every failure by kind, and keeps a ConversationLog of what it sent and was
answered, which bench/soak_verify.py later checks against the store.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


# -- workload

# Follow-ups that lean on the conversation, in the style of bench/data/chat.jsonl.
FOLLOW_UPS = (
    "And what did the 2013 resolution say about that?",
    "What about the 2008 resolution?",
    "And in 65/72?",
    "And 69/52?",
    "And the 2017 one?",
    "And OP 9 of it?",
    "What does it say about the Comprehensive Nuclear-Test-Ban Treaty?",
    "Does the 2016 resolution take this up in its operative part?",
    "那2010年的决议呢？",
    "72/50号决议对应的段落是哪一段？",
)


@dataclass
class Workload:
    queries: list[str]  # search queries
    openers: list[str]  # first turns of a conversation
    scripts: list[list[str]]  # whole follow-up conversations from chat.jsonl
    follow_ups: list[str]

    def conversation(self, rng: random.Random) -> list[str]:
        """2-5 messages: a scripted follow-up chat or an opener, padded with follow-ups."""
        length = rng.randint(2, 5)
        if rng.random() < 0.5:
            messages = list(rng.choice(self.scripts))[:length]
        else:
            messages = [rng.choice(self.openers)]
        while len(messages) < length:
            messages.append(rng.choice(self.follow_ups))
        return messages


def load_workload(data: Path = DATA) -> Workload:
    questions = _jsonl(data / "questions.jsonl")
    chat = _jsonl(data / "chat.jsonl")
    queries = [d["q"] for d in questions]
    scripts = [[t["q"] for t in d["turns"]] for d in chat if d["type"] == "followup"]
    openers = queries + [d["q"] for d in chat if d["type"] != "followup"]
    return Workload(queries, openers, scripts, list(FOLLOW_UPS))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# -- what the clients saw


@dataclass
class Sample:
    endpoint: str
    status: int  # 0: no response (an exception)
    seconds: float
    error: str | None = None  # None for a success; else "http_503", "timeout", ...
    connected: bool = False  # opened a new connection (keep-alive was not kept)


@dataclass
class ConversationLog:
    """One conversation as its client knows it."""

    cid: str | None = None
    sent: list[str] = field(default_factory=list)  # messages answered 200, in order
    answers: list[str] = field(default_factory=list)  # the answer received for each
    uncertain: str | None = None  # the last message, if it failed after maybe being stored


class Failed(Exception):
    """A request that got no 200; `maybe_stored` if the server may have stored the turn."""

    def __init__(self, kind: str, status: int = 0, maybe_stored: bool = True) -> None:
        super().__init__(kind)
        self.kind = kind
        self.status = status
        self.maybe_stored = maybe_stored


class Client:
    """One thread's kept-alive connection."""

    def __init__(self, port: int, timeout: float) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.samples: list[Sample] = []
        self.connected = False

    def call(self, path: str, body: dict[str, Any]) -> Any:
        """POST and return the JSON (or the stream's answer and `done`); raise Failed."""
        start = time.perf_counter()
        status = 0
        self.connected = self.conn.sock is None
        try:
            self.conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
            resp = self.conn.getresponse()
            status = resp.status
            if status != 200:
                resp.read()
                # refused before ask() ran (4xx) is not stored; a 5xx may come after it
                raise Failed(f"http_{status}", status, maybe_stored=status >= 500)
            result = read_sse(resp) if path.endswith("/stream") else json.loads(resp.read())
        except Failed as exc:
            self._record(path, exc.status, start, exc.kind)
            raise
        except Exception as exc:  # every failure is counted, by kind
            self.conn.close()  # a fresh connection for the next request
            kind = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
            self._record(path, status, start, kind)
            raise Failed(kind, status) from exc
        self._record(path, status, start, None)
        return result

    def _record(self, path: str, status: int, start: float, error: str | None) -> None:
        elapsed = time.perf_counter() - start
        self.samples.append(Sample(path, status, elapsed, error, self.connected))


def read_sse(resp: http.client.HTTPResponse) -> dict[str, Any]:
    """Read a /v1/chat/stream response to its end: {"answer", "conversation_id", ...}."""
    pieces: list[str] = []
    done: dict[str, Any] | None = None
    event = None
    for raw in resp:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data = json.loads(line[5:])
            if event == "token":
                pieces.append(data["text"])
            elif event == "done":
                done = data
    if done is None:
        raise ValueError("the stream ended without a done event")
    return {"answer": "".join(pieces), **done}


def client_loop(
    n: int,
    port: int,
    deadline: float,
    workload: Workload,
    conversations: list[ConversationLog],
    timeout: float = 60,
    search_share: float = 0.3,
    stream_share: float = 0.3,
    seed: int = 0,
) -> list[Sample]:
    rng = random.Random(seed * 100_003 + n)
    client = Client(port, timeout)
    try:
        while time.monotonic() < deadline:
            if rng.random() < search_share:
                body = {"query": rng.choice(workload.queries), "k": rng.randint(3, 10)}
                with suppress(Failed):  # counted in the samples
                    client.call("/v1/search", body)
                continue
            log = ConversationLog()
            conversations.append(log)  # list.append is atomic
            for message in workload.conversation(rng):
                if time.monotonic() >= deadline:
                    break
                path = "/v1/chat/stream" if rng.random() < stream_share else "/v1/chat"
                body = {"message": message}
                if log.cid:
                    body["conversation_id"] = log.cid
                try:
                    reply = client.call(path, body)
                except Failed as exc:
                    if exc.maybe_stored:
                        log.uncertain = message
                    break  # the conversation is abandoned at its first failure
                if log.cid and reply["conversation_id"] != log.cid:
                    client.samples[-1].error = "wrong_conversation_id"
                    log.uncertain = message
                    break
                log.cid = reply["conversation_id"]
                log.sent.append(message)
                log.answers.append(reply["answer"])
    finally:
        client.conn.close()
    return client.samples


def drive(
    port: int,
    workload: Workload,
    clients: int,
    seconds: float,
    timeout: float = 60,
    seed: int = 0,
) -> tuple[list[Sample], list[ConversationLog], float]:
    """Run the clients for `seconds`; the samples, conversations and the elapsed time."""
    deadline = time.monotonic() + seconds
    conversations: list[ConversationLog] = []
    per_client: list[list[Sample]] = [[] for _ in range(clients)]

    def run(n: int) -> None:
        per_client[n] = client_loop(
            n, port, deadline, workload, conversations, timeout=timeout, seed=seed
        )

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    return [s for samples in per_client for s in samples], conversations, elapsed
