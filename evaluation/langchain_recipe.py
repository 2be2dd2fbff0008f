"""LangChain's default recipe, the baseline Resolute is measured beside.

Each resolution's text split by `RecursiveCharacterTextSplitter` (1000/200) into chunks in
LangChain's FAISS store, with the same embedding model as Resolute. A chunk carries a
resolution, never a paragraph: it counts as a hit when it holds the gold paragraph (paragraph
gold: the paragraph's first 120 characters) or the gold phrase (phrase gold: letters and
digits, as `evaluation.questions` compares them). Its "answer" stuffs the top 4 chunks and
quotes the first, as an extractive stuff-documents chain would; it never refuses.

Needs langchain-community and langchain-text-splitters, which the product does not install
(`pip install -e '.[bench]'`); `resolute eval` says so and goes on without it.
"""

from __future__ import annotations

from collections.abc import Callable

from langchain_community.vectorstores import FAISS
from langchain_text_splitters import RecursiveCharacterTextSplitter

from corpus.store import Store
from embeddings.base import Embedder
from embeddings.langchain_adapter import LangChainEmbeddings
from evaluation.questions import Key, Question, letters_digits
from evaluation.retrieval import Ranker

# Whether a chunk's text holds a paragraph's text (in any of its languages).
Contains = Callable[[str, Key], bool]
Recipe = tuple[FAISS, Contains]


def langchain_store(store: Store, embedder: Embedder) -> Recipe:
    """LangChain's default recipe: each resolution text split into chunks, in LangChain's FAISS."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    texts, metas = [], []
    gold_text: dict[Key, list[str]] = {}
    for r in store.resolutions():
        for lang in r.languages:
            body = "\n\n".join(p.text[lang] for p in r.paragraphs if lang in p.text)
            for chunk in splitter.split_text(body):
                texts.append(chunk)
                metas.append({"symbol": r.symbol})
        for p in r.paragraphs:
            gold_text[(r.symbol, str(p.pid))] = list(p.text.values())
    vs = FAISS.from_texts(texts, LangChainEmbeddings(embedder), metadatas=metas)

    def contains(chunk: str, key: Key) -> bool:
        return any(t[:120] in chunk for t in gold_text.get(key, []))

    return vs, contains


def holds(symbol: str, chunk: str, q: Question, contains: Contains) -> list[bool]:
    """For each gold pair of the question, whether this chunk (of `symbol`) holds it."""
    if q.phrases:
        text = letters_digits(chunk)
        return [s == symbol and letters_digits(p) in text for s, p in q.phrases]
    return [s == symbol and contains(chunk, (s, p)) for s, p in q.gold]


def langchain_ranker(vs: FAISS, contains: Contains) -> Ranker:
    def rank(q: Question) -> int | None:
        docs = vs.similarity_search(q.q, k=10)
        for i, d in enumerate(docs):
            if any(holds(d.metadata["symbol"], d.page_content, q, contains)):
                return i + 1
        return None

    return rank


def stuffed_answer(recipe: Recipe, q: Question) -> tuple[bool, bool]:
    """(first chunk holds a gold, every gold held by one of the 4 stuffed chunks)."""
    vs, contains = recipe
    docs = vs.similarity_search(q.q, k=4)
    if not docs:
        return False, False
    held = [holds(d.metadata["symbol"], d.page_content, q, contains) for d in docs]
    first = any(held[0])
    every = bool(held[0]) and all(any(h[i] for h in held) for i in range(len(held[0])))
    return first, every
