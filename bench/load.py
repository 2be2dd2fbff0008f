"""Query latency under load through gunicorn, against the in-process floor.

    python -m bench.load --data-dir var [--seconds 10] [--workers 1 2]

The floor is one query embedding plus one FAISS search, in-process. For each worker
count, `/v1/search` and `/v1/chat` are driven by 1, 8 and 32 concurrent clients
(Python threads, a new connection per request) for a fixed time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import urllib.request
from pathlib import Path

from bench.processes import Process, ProcessError, start_resolute, stop_process
from evaluation.questions import load_questions

QUESTIONS = Path(__file__).parent / "data" / "questions.jsonl"


def floor_ms(data_dir: Path, texts: list[str]) -> float:
    from corpus.store import Store
    from retriever import dense
    from wiring.resources import open_searcher
    from wiring.settings import load_settings

    searcher = open_searcher(
        load_settings({"DATA_DIR": data_dir}), Store(data_dir / "resolute.sqlite3")
    )
    searcher.embedder.embed_queries(["warm up"])
    times = []
    for text in texts:
        t = time.perf_counter()
        q = searcher.embedder.embed_queries([text])[0]
        dense.search(searcher.index.faiss, q, 5)
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def drive(port: int, path: str, bodies: list[dict], clients: int, seconds: float) -> dict:  # type: ignore[type-arg]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.time() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        i = offset
        while time.time() < stop:
            body = json.dumps(bodies[i % len(bodies)]).encode()
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", body, {"Content-Type": "application/json"}
            )
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
                ok = True
            except OSError:
                ok = False
            elapsed = time.perf_counter() - t
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1
            i += clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat = sorted(latencies)
    return {
        "requests": len(lat),
        "errors": errors,
        "rps": len(lat) / seconds,
        "p50": 1000 * lat[len(lat) // 2] if lat else 0.0,
        "p95": 1000 * lat[int(0.95 * (len(lat) - 1))] if lat else 0.0,
    }


def serve(data_dir: Path, workers: int, port: int) -> Process:
    try:
        _, proc = start_resolute(
            data_dir,
            {
                "RESOLUTE_LOG_LEVEL": "WARNING",
                "RESOLUTE_RATE_LIMIT": "",  # every client here is 127.0.0.1
            },
            workers=workers,
            port=port,
        )
    except ProcessError as exc:
        raise SystemExit(str(exc)) from None
    return proc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=Path("var"))
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    questions = [q.q for q in load_questions(QUESTIONS)]
    floor = floor_ms(args.data_dir, questions)
    print(f"floor (one query embedding + one FAISS search, in-process): p50 {floor:.1f} ms\n")
    print(
        "| workers | endpoint | clients | requests | errors | req/s | p50 ms | p95 ms | "
        "p50 / floor |\n|---|---|---|---|---|---|---|---|---|"
    )
    for workers in args.workers:
        proc = serve(args.data_dir, workers, args.port)
        try:
            for path, key in (("/v1/search", "query"), ("/v1/chat", "message")):
                bodies = [{key: q} for q in questions]
                for clients in (1, 8, 32):
                    r = drive(args.port, path, bodies, clients, args.seconds)
                    print(
                        f"| {workers} | {path} | {clients} | {r['requests']} | {r['errors']} "
                        f"| {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                        f"{r['p50'] / floor:.2f} |",
                        flush=True,
                    )
        finally:
            stop_process(proc, 60)


if __name__ == "__main__":
    main()
