"""The Embedder protocol: what the retriever needs from any embedding model."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors of size ``dim``.

    Queries and passages are embedded separately because asymmetric models
    (E5) expect different prefixes for each.
    """

    name: str  # stable identifier of model + settings; part of the embedding cache key
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...
