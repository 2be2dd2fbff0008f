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

The jobs live apart: bench/soak_clients.py (workload and clients), bench/soak_verify.py
(the turn check), bench/soak_report.py (the numbers and their layout) and
bench/processes.py (redis-server and gunicorn, shared with the tests); this module runs
them in order.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.processes import EPHEMERAL, ProcessError, redis_server, resolute_server
from bench.soak_clients import drive, load_workload
from bench.soak_report import format_report, summarize
from bench.soak_verify import stored_and_orphans, verify
from chat.conversation import RedisConversations


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
    workload = load_workload()
    with tempfile.TemporaryDirectory(prefix="resolute-soak-") as tmp:
        log = server_log or Path(tmp) / "server.log"
        with (
            redis_server(Path(tmp), (*EPHEMERAL, "--maxclients", "1000")) as url,
            resolute_server(
                data_dir,
                {
                    "RESOLUTE_REDIS_URL": url,
                    "RESOLUTE_RATE_LIMIT": "",  # every soak client is 127.0.0.1
                    "RESOLUTE_LLM": "",
                },
                workers=workers,
                log=log,
                ready_seconds=600,  # an empty data dir is ingested and indexed first
            ) as port,
        ):
            samples, logs, elapsed = drive(port, workload, clients, seconds, timeout, seed)
            loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())
            store = RedisConversations(url)
            try:
                verification = verify(logs, store)
                in_redis, orphaned = stored_and_orphans(logs, store)
            finally:
                store.close()
        server_errors = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if any(mark in line for mark in ("ERROR", "CRITICAL", "Traceback"))
        ]
    load = summarize(samples, elapsed)
    passed = (
        load["overall"]["errors"] == 0
        and verification.ok
        and verification.turns_verified > 0
        and orphaned <= verification.uncertain_unverifiable
    )
    return {
        "config": {"clients": clients, "seconds": seconds, "workers": workers},
        "elapsed_s": round(elapsed, 2),
        "loadavg": loadavg,
        "load": load,
        "verification": asdict(verification),
        "redis_conversations": in_redis,
        "orphans": orphaned,
        "server_error_lines": server_errors[:20],
        "passed": passed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
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
    try:
        report = soak(
            args.data_dir,
            args.clients,
            args.seconds,
            args.workers,
            args.timeout,
            args.seed,
            args.server_log,
        )
    except ProcessError as exc:  # redis-server or the server would not start: say why
        raise SystemExit(str(exc)) from None
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
        for line in report["server_error_lines"]:
            print(f"  server: {line}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
