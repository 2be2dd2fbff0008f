"""An ingest beside a running server is served without a restart, by every worker.

The ingest is the real command in its own process; the server is `resolute serve` with two
gunicorn workers, then the app in this process for what a bad new version does.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

from bench.processes import resolute_command, resolute_env, resolute_server
from service.app import create_app

ROOT = Path(__file__).resolve().parents[2]
ICT = ROOT / "tests" / "fixtures" / "corpus-extra" / "A_RES_76_19.en.txt"
QUESTION = "What does resolution 76/19 say about information and communications technologies?"


def get(port: int, path: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as resp:
        return json.loads(resp.read()), resp.headers["X-Worker"]


def post(port: int, path: str, body: dict) -> tuple[dict, str]:  # type: ignore[type-arg]
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read()), resp.headers["X-Worker"]


def ingest(data: Path, *files: Path) -> None:
    done = subprocess.run(
        resolute_command("ingest", *map(str, files)),
        cwd=ROOT,
        env=resolute_env(data),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def current(data: Path) -> str:
    return (data / "index" / "CURRENT").read_text().strip()


def every_worker(port: int, ask: object, workers: int = 2, tries: int = 60) -> dict[str, dict]:  # type: ignore[type-arg]
    """Ask until each worker has answered once; each one's answer."""
    seen: dict[str, dict] = {}  # type: ignore[type-arg]
    for _ in range(tries):
        body, worker = ask()  # type: ignore[operator]
        seen.setdefault(worker, body)
        if len(seen) == workers:
            return seen
    raise AssertionError(f"only workers {sorted(seen)} answered in {tries} requests")


def test_an_ingest_beside_a_running_multi_worker_server_is_served(data_dir: Path) -> None:
    before = current(data_dir)
    with resolute_server(data_dir, {"RESOLUTE_RELOAD_SECONDS": "0"}, workers=2) as port:
        ready = every_worker(port, lambda: get(port, "/readyz"))
        assert {r["index_version"] for r in ready.values()} == {before}
        found, _ = post(
            port, "/v1/search", {"query": "information and telecommunications", "k": 10}
        )
        assert "A/RES/76/19" not in {r["citation"]["symbol"] for r in found["results"]}

        ingest(data_dir, ICT)  # its own process, beside the server, as an operator runs it
        after = current(data_dir)
        assert after != before

        ready = every_worker(port, lambda: get(port, "/readyz"))
        assert {r["index_version"] for r in ready.values()} == {after}
        searched = every_worker(
            port,
            lambda: post(
                port, "/v1/search", {"query": "information and telecommunications", "k": 5}
            ),
        )
        for body in searched.values():
            assert body["results"][0]["citation"]["symbol"] == "A/RES/76/19"
        chats = every_worker(port, lambda: post(port, "/v1/chat", {"message": QUESTION}))
        for reply in chats.values():
            assert reply["grounded"], reply
            assert {c["symbol"] for c in reply["citations"]} == {"A/RES/76/19"}


def test_a_new_version_that_cannot_be_opened_leaves_the_one_in_service(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": data_dir, "RATE_LIMIT": "", "RELOAD_SECONDS": 0})
    client = app.test_client()
    before = client.get("/readyz").get_json()["index_version"]
    broken = data_dir / "index" / "r999-broken"
    broken.mkdir()  # a version folder without its files, as a killed copy might leave
    (data_dir / "index" / "CURRENT").write_text(broken.name)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["index_version"] == before
    top = client.post("/v1/search", json={"query": "fissile material", "k": 1}).get_json()
    assert top["results"][0]["citation"]["symbol"].startswith("A/RES/")
    app.extensions["resolute.store"].close()


def test_a_request_keeps_the_version_it_began_with(data_dir: Path) -> None:
    """Two looks within one request give the same version, even when a newer one lands."""
    from flask import g

    from service.serving import served

    app = create_app({"DATA_DIR": data_dir, "RATE_LIMIT": "", "RELOAD_SECONDS": 0})
    with app.test_request_context("/v1/search"):
        first = served()
        ingest(data_dir, ICT)
        assert served() is first and g.served.version != current(data_dir)
    with app.test_request_context("/v1/search"):
        assert served().version == current(data_dir)
        assert "A/RES/76/19" in served().searcher.symbols
    app.extensions["resolute.store"].close()
