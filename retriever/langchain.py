"""The paragraph search as a LangChain retriever: Documents whose metadata is a citation."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from corpus.ids import ParagraphId
from corpus.labels import label
from retriever.search import Filters, Query, Searcher
from understanding import understand


class ResoluteRetriever(BaseRetriever):
    """`ResoluteRetriever(searcher=..., k=5)`; optional `symbol` and `lang` narrow the search."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Searcher
    k: int = 5
    symbol: str | None = None
    lang: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        filters = Filters(symbols=(self.symbol,) if self.symbol else (), lang=self.lang)
        understood = understand(query, self.searcher.symbols)
        docs = []
        for hit in self.searcher.search(Query.of(understood), self.k, filters):
            p = hit.passage
            docs.append(
                Document(
                    page_content=p.text,
                    metadata={
                        "symbol": p.symbol,
                        "paragraph": p.pid,
                        "kind": p.kind,
                        "lang": p.lang,
                        "label": label(p.symbol, ParagraphId.parse(p.pid), p.lang),
                        "score": hit.score,
                    },
                )
            )
        return docs
