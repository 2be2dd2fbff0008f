"""How the FAISS index types scale: build time, memory, single-query latency and recall@10.

    .venv/bin/python -m bench.index_scale [--sizes 100000 1000000] [--queries 200]

The corpus is far too small to show scale, so the vectors are made from the real paragraph
embeddings of a data dir's index: each is a random real vector plus Gaussian noise (sigma
chosen so its cosine to the source is ~0.8), re-normalized. Queries are other noisy copies
of real vectors, with noise of their own. Every index is built by `retriever.dense.build`
and searched by `retriever.dense.search`, so this measures what the product runs. Recall@10
is against exact search (a batched brute-force k-NN) on the same queries; source@1 is how
often the first hit is a copy of the same real paragraph as the query. Search timing is
single-threaded; builds use --build-threads. Indexes are built one at a time and freed
before the next. Results go to stdout (markdown) and bench/out/index_scale.json.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from retriever import dense

TYPES = ("flat", "hnsw", "ivfpq")
OUT = Path(__file__).parent / "out" / "index_scale.json"
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024


# -- the vectors


def real_vectors(data_dir: Path) -> np.ndarray:
    """The paragraph embeddings of the index in `data_dir` (float32, n x dim, unit length)."""
    from corpus.errors import Unavailable
    from retriever.index import RetrievalIndex

    if not (data_dir / "index" / "CURRENT").exists():
        raise SystemExit(
            f"no search index in {data_dir}; run `resolute ingest --bundled` first "
            "(or pass --data-dir)"
        )
    try:
        index = RetrievalIndex.load(data_dir)
        vectors = np.concatenate([np.asarray(s.vectors) for s in index.segments])
    except Unavailable as exc:
        raise SystemExit(str(exc)) from exc
    if len(vectors) == 0:
        raise SystemExit(f"the index in {data_dir} is empty; run `resolute ingest --bundled`")
    return np.ascontiguousarray(vectors, dtype=np.float32)


def random_vectors(n: int = 500, dim: int = 384, seed: int = 0) -> np.ndarray:
    """Unit-length random vectors: a stand-in source when no data dir is at hand (tests)."""
    v = np.random.default_rng(seed).standard_normal((n, dim), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def sigma_for(cosine: float, dim: int) -> float:
    """Per-dimension noise sigma giving an expected cosine `cosine` to a unit source vector."""
    return float(np.sqrt((1.0 / cosine**2 - 1.0) / dim))


def noisy_copies(
    source: np.ndarray,
    n: int,
    sigma: float,
    rng: np.random.Generator,
    rows: np.ndarray | None = None,
    chunk: int = 100_000,
) -> np.ndarray:
    """`n` re-normalized copies of random rows (or the given `rows`) of `source`, each with
    its own noise."""
    dim = source.shape[1]
    if rows is None:
        rows = rng.integers(0, len(source), n)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        block = rng.standard_normal((stop - start, dim), dtype=np.float32)
        block *= sigma
        block += source[rows[start:stop]]
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def _mean_cosine(source: np.ndarray, sigma: float, seed: int, n: int = 2000) -> float:
    rng = np.random.default_rng([seed, 2])
    rows = rng.integers(0, len(source), n)
    copies = noisy_copies(source, n, sigma, rng, rows=rows)
    return float(np.mean(np.sum(copies * source[rows], axis=1)))


# -- measuring


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _trim() -> None:
    """Free what Python and malloc hold, so the next RSS delta is the next index's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class CPU:
    """Wall time, our CPU time and the whole machine's busy time between two points."""

    def __init__(self) -> None:
        self.t, self.mine, self.busy = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        with open("/proc/self/stat") as f:
            stat = f.read().rsplit(")", 1)[1].split()
        mine = (int(stat[11]) + int(stat[12])) / _TICK  # utime + stime
        return time.perf_counter(), mine, (sum(fields[:8]) - idle) / _TICK

    def since(self) -> dict[str, float | None]:
        """Cores used by us and by everything else; None when too short to count in ticks."""
        t, mine, busy = self._now()
        wall = t - self.t
        if wall < 1.0:
            return {"wall_s": round(wall, 3), "our_cores": None, "other_cores": None}
        return {
            "wall_s": round(wall, 3),
            "our_cores": round((mine - self.mine) / wall, 2),
            "other_cores": round(max(0.0, (busy - self.busy) - (mine - self.mine)) / wall, 2),
        }


def _params(index: faiss.Index) -> dict[str, Any]:
    if isinstance(index, faiss.IndexHNSW):
        h = index.hnsw
        return {"M": h.nb_neighbors(1), "efConstruction": h.efConstruction,
                "efSearch": h.efSearch}  # fmt: skip
    if isinstance(index, faiss.IndexIVFPQ):
        return {"nlist": index.nlist, "nprobe": index.nprobe, "pq_m": index.pq.M,
                "pq_bits": index.pq.nbits}  # fmt: skip
    return {}


def measure(
    kind: str,
    base: np.ndarray,
    queries: np.ndarray,
    truth: np.ndarray,
    base_rows: np.ndarray,
    query_rows: np.ndarray,
    k: int,
    build_threads: int,
    warmup: int = 5,
) -> dict[str, Any]:
    """Build one index of `kind` over `base`, time single queries, score recall; then free it.

    `truth` holds the exact top-k ids of each query; `base_rows` and `query_rows` the real
    vector each base vector and query was copied from (source@1: the first hit shares it)."""
    _trim()
    peak_ok = _reset_peak()
    rss0 = _rss()
    faiss.omp_set_num_threads(build_threads)
    cpu = CPU()
    t0 = time.perf_counter()
    index = dense.build(base, kind)
    build_s = time.perf_counter() - t0
    build_cpu = cpu.since()
    rss1 = _rss()
    peak = _peak() if peak_ok else 0
    serialized = int(faiss.serialize_index(index).nbytes)

    faiss.omp_set_num_threads(1)
    for q in queries[:warmup]:
        dense.search(index, q, k)
    latencies = np.empty(len(queries))
    hits = source_hits = 0
    cpu = CPU()
    for i, q in enumerate(queries):
        t = time.perf_counter_ns()
        _, ids = dense.search(index, q, k)
        latencies[i] = (time.perf_counter_ns() - t) / 1e6
        hits += len(set(ids.tolist()) & set(truth[i].tolist()))
        source_hits += len(ids) > 0 and base_rows[ids[0]] == query_rows[i]
    search_cpu = cpu.since()
    result = {
        "n": len(base),
        "type": kind,
        "params": _params(index),
        "build_s": round(build_s, 2),
        "rss_delta_mb": round((rss1 - rss0) / MB, 1),
        "build_peak_delta_mb": round((peak - rss0) / MB, 1) if peak_ok else None,
        "serialized_mb": round(serialized / MB, 1),
        "vectors_mb": round(base.nbytes / MB, 1),
        "p50_ms": round(float(np.percentile(latencies, 50)), 3),
        "p95_ms": round(float(np.percentile(latencies, 95)), 3),
        "mean_ms": round(float(latencies.mean()), 3),
        "recall_at_k": round(hits / (len(queries) * k), 4),
        "source_at_1": round(source_hits / len(queries), 4),
        "build_cpu": build_cpu,
        "search_cpu": search_cpu,
    }
    del index
    _trim()
    return result


def run(
    sizes: Sequence[int],
    n_queries: int,
    source: np.ndarray,
    types: Sequence[str] = TYPES,
    k: int = 10,
    cosine: float = 0.8,
    seed: int = 0,
    build_threads: int = 2,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Measure every index type at every size; vectors are noisy copies of `source` rows."""
    started = time.perf_counter()
    whole = CPU()
    load0 = os.getloadavg()
    dim = source.shape[1]
    sigma = sigma_for(cosine, dim)
    rng = np.random.default_rng([seed, 1])
    query_rows = rng.integers(0, len(source), n_queries)
    queries = noisy_copies(source, n_queries, sigma, rng, rows=query_rows)
    results = []
    for n in sizes:
        log(f"n={n:,}: generating vectors")
        rng = np.random.default_rng([seed, 0, n])
        base_rows = rng.integers(0, len(source), n)
        base = noisy_copies(source, n, sigma, rng, rows=base_rows)
        faiss.omp_set_num_threads(build_threads)
        _, truth = faiss.knn(queries, base, k, metric=faiss.METRIC_INNER_PRODUCT)
        for kind in types:
            log(f"n={n:,}: {kind}")
            r = measure(kind, base, queries, truth, base_rows, query_rows, k, build_threads)
            log(
                f"  build {r['build_s']} s, rss +{r['rss_delta_mb']} MB, p50 {r['p50_ms']} ms, "
                f"recall {r['recall_at_k']}, source@1 {r['source_at_1']}; other processes used "
                f"{r['build_cpu']['other_cores']} / {r['search_cpu']['other_cores']} cores "
                "during build / search"
            )
            results.append(r)
        del base, base_rows, truth
        _trim()
    return {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "faiss": faiss.__version__,
            "loadavg_start": [round(x, 2) for x in load0],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "cpu_over_run": whole.since(),
        },
        "setup": {
            "source_vectors": len(source),
            "dim": dim,
            "target_cosine": cosine,
            "sigma": round(sigma, 5),
            "mean_cosine_to_source": round(_mean_cosine(source, sigma, seed), 3),
            "queries": n_queries,
            "k": k,
            "seed": seed,
            "build_threads": build_threads,
            "search_threads": 1,
        },
        "results": results,
        "total_s": round(time.perf_counter() - started, 1),
    }


def markdown(report: dict[str, Any]) -> str:
    k = report["setup"]["k"]
    lines = [
        f"| n | index | build s | RSS MB | serialized MB | p50 ms | p95 ms | recall@{k} "
        "| source@1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['n']:,} | {r['type']} | {r['build_s']:.1f} | {r['rss_delta_mb']:.0f} "
            f"| {r['serialized_mb']:.0f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} "
            f"| {r['recall_at_k']:.3f} | {r['source_at_1']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.index_scale", description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--types", nargs="+", choices=TYPES, default=list(TYPES))
    ap.add_argument("--data-dir", type=Path, default=Path("var"))
    ap.add_argument("--cosine", type=float, default=0.8, help="cosine of a copy to its source")
    ap.add_argument("--build-threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    source = real_vectors(args.data_dir)
    report = run(
        args.sizes,
        args.queries,
        source,
        args.types,
        cosine=args.cosine,
        seed=args.seed,
        build_threads=args.build_threads,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
    )
    report["setup"]["data_dir"] = str(args.data_dir)
    print(markdown(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.out} ({report['total_s']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
