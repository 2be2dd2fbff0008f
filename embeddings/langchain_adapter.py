"""Our embedder as a LangChain ``Embeddings``, so LangChain pipelines reuse the same model.

Kept out of ``embeddings/__init__`` because langchain_core is slow to import.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from embeddings.base import Embedder


class LangChainEmbeddings(Embeddings):
    """Documents go through ``embed_passages`` and queries through ``embed_queries``.

    The distinction matters for E5, which embeds the two with different prefixes.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()
