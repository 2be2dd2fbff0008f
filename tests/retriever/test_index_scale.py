"""bench/index_scale.py on a tiny size: the report's shape, exact flat search, HNSW recall."""

from __future__ import annotations

import json

import numpy as np

from bench import index_scale


def test_index_scale_benchmark_on_a_tiny_size() -> None:
    source = index_scale.random_vectors(200, dim=64)  # no data dir needed
    report = index_scale.run([5000], 20, source, k=10, build_threads=1)

    rows = {r["type"]: r for r in report["results"]}
    assert list(rows) == list(index_scale.TYPES)
    for r in rows.values():
        assert r["n"] == 5000
        assert r["build_s"] >= 0 and r["serialized_mb"] > 0
        assert 0 < r["p50_ms"] <= r["p95_ms"]
        assert 0.0 <= r["recall_at_k"] <= 1.0
    assert rows["flat"]["recall_at_k"] == 1.0
    assert rows["hnsw"]["recall_at_k"] >= 0.9
    assert rows["ivfpq"]["params"]["nlist"] == int(4 * np.sqrt(5000))
    assert abs(report["setup"]["mean_cosine_to_source"] - 0.8) < 0.05
    json.dumps(report)  # the JSON file is this dict
    table = index_scale.markdown(report)
    assert table.count("\n") == 1 + len(rows) and "| 5,000 | hnsw |" in table


def test_noise_gives_the_asked_cosine() -> None:
    source = index_scale.random_vectors(50, dim=384)
    sigma = index_scale.sigma_for(0.8, 384)
    rows = np.arange(1000) % 50
    copies = index_scale.noisy_copies(source, 1000, sigma, np.random.default_rng(1), rows=rows)
    assert np.allclose(np.linalg.norm(copies, axis=1), 1.0, atol=1e-5)
    assert abs(float(np.mean(np.sum(copies * source[rows], axis=1))) - 0.8) < 0.01
