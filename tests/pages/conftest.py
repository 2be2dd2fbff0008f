"""A data dir for the reader pages: the bundled corpus, a document adopted in parts
(74/92 A-B), a resolution with sections whose numbering restarts (76/240: B.OP1), and a
resolution whose text holds markup, to show it stays text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.store import Store, ingest_paths

EXTRA = Path(__file__).parents[1] / "fixtures" / "corpus-extra"
MARKUP = "<img src=x onerror=alert(1)>"


def markup_text() -> bytes:
    """74/17 with markup in its title and its first preambular paragraph."""
    text = (EXTRA / "A_RES_74_17.en.txt").read_text(encoding="utf-8")
    text = text.replace("Problem of the militarization", f"Problem {MARKUP} of the militarization")
    text = text.replace("Recalling the Charter of", f"Recalling the Charter {MARKUP} of", 1)
    return text.encode()


@pytest.fixture(scope="session")
def reader_data(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("reader") / "data"
    shutil.copytree(bundled_store_dir, data)
    store = Store(data / "resolute.sqlite3")
    report = ingest_paths(store, [EXTRA / "A_RES_74_92A-B.en.txt", EXTRA / "A_RES_76_240.en.txt"])
    assert not report.refused
    marked = store.ingest_texts([("A_RES_74_17.en.txt", markup_text())])
    assert marked.added == ["A/RES/74/17 (en)"], marked
    store.close()
    return data
