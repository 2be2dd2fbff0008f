"""Shared test data and helpers for the embedding tests."""

from __future__ import annotations

import numpy as np

from embeddings.base import Embedder

# Same meaning in both languages, in the register of the corpus; no two pairs share a topic.
EN = [
    "The General Assembly condemns terrorism in all its forms and manifestations.",
    "Calls upon all States to eliminate nuclear weapons completely.",
    "Encourages Member States to improve access to clean drinking water and sanitation.",
    "Decides to include this item in the provisional agenda of its next session.",
]
ZH = [
    "大会谴责一切形式和表现的恐怖主义。",
    "吁请所有国家彻底消除核武器。",
    "鼓励会员国改善获得清洁饮用水和卫生设施的机会。",
    "决定将该项目列入下届会议临时议程。",
]


class CountingEmbedder:
    """Wraps a real embedder and records every text it is asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.passages: list[str] = []
        self.queries: list[str] = []
        self.passage_calls = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.queries.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passage_calls += 1
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int = 384) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (n, dim)
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
