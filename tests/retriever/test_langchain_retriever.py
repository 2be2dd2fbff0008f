"""The search as a LangChain BaseRetriever."""

from __future__ import annotations

from langchain_core.retrievers import BaseRetriever

from retriever.langchain import ResoluteRetriever
from retriever.search import Searcher


def test_documents_carry_symbol_and_paragraph(searcher: Searcher) -> None:
    retriever = ResoluteRetriever(searcher=searcher, k=3, symbol="A/RES/62/37")
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("fissile material cut-off treaty")
    assert len(docs) == 3
    assert docs[0].metadata["symbol"] == "A/RES/62/37" and docs[0].metadata["paragraph"] == "OP11"
    assert docs[0].metadata["label"] == "A/RES/62/37, operative paragraph 11"
    assert docs[0].page_content.startswith("Emphasizes the importance of the immediate")
