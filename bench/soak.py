"""A bounded soak over gunicorn + Redis: load numbers, then proof that no turn was lost or doubled.

    python -m bench.soak --data-dir DIR [--clients 50] [--seconds 60] [--workers 2] [--json]

Starts its own redis-server (loopback, free port, no persistence, temp dir) and
`resolute serve --workers N` on DIR with rate limiting off (every client is 127.0.0.1);
an empty DIR is ingested and indexed on first start. Each client is a thread with one
kept-alive HTTP connection that, until time is up, mixes `POST /v1/search` with
conversations of 2-5 turns: a question from bench/data, then follow-ups on the returned
conversation_id, some turns through `POST /v1/chat/stream` (read to its `done` event).

Every request is timed; any non-2xx status or exception (timeout, reset) is an error,
broken down by kind. Afterwards each conversation is read back from Redis and the stored
questions must be exactly the messages the client sent and got a 200 for, in order:
lost, doubled, reordered and foreign ("extra") turns are counted, and each stored answer
must be the one the client received. A turn whose request failed after the server may
have stored it (a reset, a timeout, a 5xx) is "uncertain": allowed once, at the end of
its conversation (the client abandons a conversation at its first failure), and counted
apart. Conversations in Redis that no client knows of are "orphans". Exits 1 unless
there were no errors and no lost, doubled, reordered or extra turns.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

DATA = Path(__file__).parent / "data"
REDIS_SERVER = "/usr/bin/redis-server"
ENDPOINTS = ("/v1/search", "/v1/chat", "/v1/chat/stream")

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


# -- workload


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


# -- verification against the store


class TurnSource(Protocol):
    def turns(self, conversation_id: str) -> list[Any]: ...


@dataclass
class TurnCheck:
    lost: int = 0  # sent and answered, not stored
    doubled: int = 0  # stored more often than sent
    extra: int = 0  # stored, never sent on this conversation
    reordered: int = 0  # stored out of place (turns to move to restore the order)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.extra or self.reordered)


def compare_turns(expected: list[str], stored: list[str]) -> TurnCheck:
    """How `stored` differs from `expected`, both lists of questions in order."""
    want, have = Counter(expected), Counter(stored)
    surplus = have - want
    check = TurnCheck(
        lost=sum((want - have).values()),
        doubled=sum(v for m, v in surplus.items() if m in want),
        extra=sum(v for m, v in surplus.items() if m not in want),
    )
    common = want & have  # keep the first occurrences both sides share, then compare order
    a = _first(expected, common)
    b = _first(stored, common)
    check.reordered = len(a) - _lcs(a, b)
    return check


def _first(items: list[str], limit: Counter[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for m in items:
        if seen[m] < limit[m]:
            seen[m] += 1
            out.append(m)
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@dataclass
class Verification:
    conversations: int = 0  # with a known id, checked against the store
    turns_sent: int = 0  # answered 200
    turns_verified: int = 0  # stored once, in place, with the answer the client got
    lost: int = 0
    doubled: int = 0
    extra: int = 0
    reordered: int = 0
    answer_mismatch: int = 0
    missing_conversations: int = 0  # a known id the store does not have
    uncertain: int = 0  # turns that failed after the server may have stored them
    uncertain_stored: int = 0
    uncertain_unverifiable: int = 0  # failed on the first turn: no id to look up
    bad: list[dict[str, Any]] = field(default_factory=list)  # the first few failures

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.doubled
            or self.extra
            or self.reordered
            or self.answer_mismatch
            or self.missing_conversations
        )


def verify(logs: list[ConversationLog], store: TurnSource) -> Verification:
    from corpus.errors import NotFound

    v = Verification()
    for log in logs:
        v.turns_sent += len(log.sent)
        v.uncertain += log.uncertain is not None
        if log.cid is None:
            v.uncertain_unverifiable += log.uncertain is not None
            continue
        v.conversations += 1
        try:
            turns = store.turns(log.cid)
        except NotFound:
            v.missing_conversations += 1
            v.lost += len(log.sent)
            v.bad.append({"conversation": log.cid, "missing": True})
            continue
        stored = [t.question for t in turns]
        expected = list(log.sent)
        # the uncertain last message counts as sent if the store holds it at the end
        u = log.uncertain
        if u is not None and stored[-1:] == [u] and stored.count(u) > expected.count(u):
            expected.append(u)
            v.uncertain_stored += 1
        check = compare_turns(expected, stored)
        v.lost += check.lost
        v.doubled += check.doubled
        v.extra += check.extra
        v.reordered += check.reordered
        mismatched = 0
        if check.ok:
            answers = [t.answer for t in turns[: len(log.sent)]]
            mismatched = sum(a != b for a, b in zip(answers, log.answers, strict=True))
            v.answer_mismatch += mismatched
            v.turns_verified += len(log.sent) - mismatched
        if (not check.ok or mismatched) and len(v.bad) < 10:
            v.bad.append(
                {"conversation": log.cid, "sent": expected, "stored": stored, **asdict(check)}
            )
    return v


# -- the report


def percentile(values: list[float], p: float) -> float:
    """Nearest rank, in milliseconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return 1000 * ordered[int(rank) - 1]


def summarize(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    def stats(group: list[Sample]) -> dict[str, Any]:
        ok = [s.seconds for s in group if s.error is None]
        return {
            "requests": len(group),
            "errors": sum(s.error is not None for s in group),
            "rps": round(len(group) / elapsed, 2) if elapsed else 0.0,
            "p50_ms": round(percentile(ok, 50), 1),
            "p95_ms": round(percentile(ok, 95), 1),
            "p99_ms": round(percentile(ok, 99), 1),
            "max_ms": round(1000 * max(ok), 1) if ok else 0.0,
        }

    return {
        "overall": stats(samples),
        "endpoints": {e: stats([s for s in samples if s.endpoint == e]) for e in ENDPOINTS},
        "connections": sum(s.connected for s in samples),
        "errors": dict(Counter(f"{s.endpoint} {s.error}" for s in samples if s.error is not None)),
    }


def format_report(report: dict[str, Any]) -> str:
    cfg, load, v = report["config"], report["load"], report["verification"]
    lines = [
        f"soak: {cfg['clients']} clients, {cfg['seconds']:g} s, {cfg['workers']} gunicorn "
        f"workers + redis; ran {report['elapsed_s']:.1f} s; load average {report['loadavg']}",
        "",
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [*load["endpoints"].items(), ("all", load["overall"])]
    for name, s in rows:
        lines.append(
            f"| {name} | {s['requests']} | {s['errors']} | {s['rps']} | {s['p50_ms']} "
            f"| {s['p95_ms']} | {s['p99_ms']} | {s['max_ms']} |"
        )
    lines.append("")
    errors = load["errors"]
    lines.append("errors: " + (", ".join(f"{k}: {n}" for k, n in errors.items()) or "none"))
    lines.append(f"connections opened: {load['connections']} (one per client when all keep alive)")
    lines += [
        f"conversations: {v['conversations']} (in Redis: {report['redis_conversations']}, "
        f"orphans: {report['orphans']})",
        f"turns sent (200): {v['turns_sent']}; verified stored once, in order, same answer: "
        f"{v['turns_verified']}",
        f"lost {v['lost']}, doubled {v['doubled']}, reordered {v['reordered']}, "
        f"extra {v['extra']}, answer mismatch {v['answer_mismatch']}, "
        f"missing conversations {v['missing_conversations']}",
        f"uncertain (failed after the server may have stored them): {v['uncertain']} "
        f"({v['uncertain_stored']} found stored, {v['uncertain_unverifiable']} first turns "
        "without an id)",
    ]
    for bad in v["bad"]:
        lines.append(f"  ! {json.dumps(bad, ensure_ascii=False)}")
    lines.append("PASS" if report["passed"] else "FAIL")
    return "\n".join(lines)


# -- the processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port; yields its URL."""
    import redis

    binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(workdir), "--maxclients", "1000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url, socket_timeout=1).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        _stop(proc, 10)


@contextmanager
def resolute_server(
    data_dir: Path, redis_url: str, workers: int, log: Path, ready_seconds: float = 600
) -> Iterator[int]:
    """`resolute serve --workers N` over `data_dir`, ready; yields its port."""
    port = free_port()
    env = {
        **os.environ,
        "RESOLUTE_DATA_DIR": str(data_dir),
        "RESOLUTE_REDIS_URL": redis_url,
        "RESOLUTE_RATE_LIMIT": "",  # every soak client is 127.0.0.1
        "RESOLUTE_LLM": "",
    }
    cmd = [sys.executable, "-m", "service.cli", "serve", "--workers", str(workers)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cmd, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + ready_seconds
        while not _ready(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise SystemExit(f"the server did not become ready:\n{tail}")
            time.sleep(0.5)
        yield port
    finally:
        _stop(proc, 60)


def _ready(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/readyz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _stop(proc: subprocess.Popen[bytes], seconds: float) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def redis_conversation_ids(url: str, prefix: str = "resolute:conv:") -> set[str]:
    import redis

    r = redis.Redis.from_url(url, decode_responses=True)
    return {k[len(prefix) :] for k in r.scan_iter(prefix + "*") if not k.endswith(":turns")}


# -- the whole soak


def soak(
    data_dir: Path,
    clients: int = 50,
    seconds: float = 60,
    workers: int = 2,
    timeout: float = 60,
    seed: int = 0,
    server_log: Path | None = None,
) -> dict[str, Any]:
    """Start redis and gunicorn, drive them, verify every conversation; the report."""
    from chat.conversation import RedisConversations

    workload = load_workload()
    with tempfile.TemporaryDirectory(prefix="resolute-soak-") as tmp:
        log = server_log or Path(tmp) / "server.log"
        with (
            redis_server(Path(tmp)) as url,
            resolute_server(data_dir, url, workers, log) as port,
        ):
            samples, logs, elapsed = drive(port, workload, clients, seconds, timeout, seed)
            loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())
            verification = verify(logs, RedisConversations(url))
            known = {c.cid for c in logs if c.cid}
            in_redis = redis_conversation_ids(url)
        server_errors = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if any(mark in line for mark in ("ERROR", "CRITICAL", "Traceback"))
        ]
    load = summarize(samples, elapsed)
    orphans = len(in_redis - known)
    passed = (
        load["overall"]["errors"] == 0
        and verification.ok
        and verification.turns_verified > 0
        and orphans <= verification.uncertain_unverifiable
    )
    return {
        "config": {"clients": clients, "seconds": seconds, "workers": workers},
        "elapsed_s": round(elapsed, 2),
        "loadavg": loadavg,
        "load": load,
        "verification": asdict(verification),
        "redis_conversations": len(in_redis),
        "orphans": orphans,
        "server_error_lines": server_errors[:20],
        "passed": passed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60, help="client timeout per request, s")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--server-log", type=Path, help="keep gunicorn's output in this file")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so gunicorn and redis are stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = soak(
        args.data_dir,
        args.clients,
        args.seconds,
        args.workers,
        args.timeout,
        args.seed,
        args.server_log,
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
        for line in report["server_error_lines"]:
            print(f"  server: {line}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
