"""`resolute eval`: retrieval quality and latency on a question set, against baselines.

Scores are paragraph-exact: a hit is the gold (symbol, paragraph), nothing nearer.
Baselines run on the same questions and the same embedding model: dense only,
lexical only, and LangChain's default recipe (RecursiveCharacterTextSplitter
chunks in LangChain's FAISS store), where a chunk counts as a hit when it
contains the gold paragraph.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.store import Store
from embeddings.base import Embedder
from retriever.index import RetrievalIndex
from retriever.search import Searcher

Key = tuple[str, str]


@dataclass
class Question:
    id: str
    q: str
    gold: list[Key]
    lang: str


@dataclass
class Score:
    name: str
    ranks: dict[str, int | None] = field(default_factory=dict)  # question id -> rank or None
    langs: dict[str, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)

    def add(self, q: Question, rank: int | None, seconds: float) -> None:
        self.ranks[q.id] = rank
        self.langs[q.id] = q.lang
        self.latencies.append(seconds)

    def metrics(self, lang: str | None = None) -> dict[str, float]:
        ranks = [r for qid, r in self.ranks.items() if lang is None or self.langs[qid] == lang]
        n = max(len(ranks), 1)
        return {
            "n": len(ranks),
            "hit@1": sum(r == 1 for r in ranks) / n,
            "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n,
        }

    def latency_ms(self) -> dict[str, float]:
        lat = sorted(self.latencies)
        if not lat:
            return {"p50": 0.0, "p95": 0.0}
        return {
            "p50": 1000 * statistics.median(lat),
            "p95": 1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))],
        }


def load_questions(path: Path) -> list[Question]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        gold = [(s, p) for s, p in d["gold"]]
        lang = d.get("lang") or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in d["q"]) else "en")
        out.append(Question(d.get("id", f"line-{n}"), d["q"], gold, lang))
    return out


def run_ranker(
    name: str, questions: list[Question], rank: Callable[[Question], int | None]
) -> Score:
    score = Score(name)
    for q in questions:
        t = time.perf_counter()
        r = rank(q)
        score.add(q, r, time.perf_counter() - t)
    return score


def searcher_ranker(searcher: Searcher) -> Callable[[Question], int | None]:
    def rank(q: Question) -> int | None:
        keys = [h.passage.key for h in searcher.search(q.q, 10)]
        return next((i + 1 for i, k in enumerate(keys) if k in q.gold), None)

    return rank


def langchain_store(store: Store, embedder: Embedder):  # type: ignore[no-untyped-def]
    """LangChain's default recipe: each resolution text split into chunks, in LangChain's FAISS."""
    from langchain_community.vectorstores import FAISS
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from embeddings.langchain_adapter import LangChainEmbeddings

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


def langchain_ranker(store: Store, embedder: Embedder) -> Callable[[Question], int | None]:
    vs, contains = langchain_store(store, embedder)

    def rank(q: Question) -> int | None:
        docs = vs.similarity_search(q.q, k=10)
        for i, d in enumerate(docs):
            if any(
                d.metadata["symbol"] == s and contains(d.page_content, (s, p)) for s, p in q.gold
            ):
                return i + 1
        return None

    return rank


def evaluate(
    questions: list[Question],
    index: RetrievalIndex,
    embedder: Embedder,
    store: Store,
    baselines: bool = True,
) -> list[Score]:
    scores = [
        run_ranker("resolute (hybrid)", questions, searcher_ranker(Searcher(index, embedder)))
    ]
    if baselines:
        for mode in ("dense", "lexical"):
            scores.append(
                run_ranker(
                    f"{mode} only", questions, searcher_ranker(Searcher(index, embedder, mode))
                )
            )
        scores.append(
            run_ranker("LangChain default recipe", questions, langchain_ranker(store, embedder))
        )
    return scores


def report(scores: list[Score]) -> str:
    lines = [
        "| system | lang | n | hit@1 | hit@5 | MRR | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lat = s.latency_ms()
        for lang in (None, "en", "zh"):
            m = s.metrics(lang)
            if not m["n"]:
                continue
            timing = f"{lat['p50']:.1f} | {lat['p95']:.1f}" if lang is None else " | "
            lines.append(
                f"| {s.name} | {lang or 'all'} | {m['n']} | {m['hit@1']:.3f} | "
                f"{m['hit@5']:.3f} | {m['mrr']:.3f} | {timing} |"
            )
    return "\n".join(lines)


def misses(score: Score, questions: list[Question]) -> list[str]:
    by_id = {q.id: q for q in questions}
    return [f"{qid} (rank {r}): {by_id[qid].q}" for qid, r in score.ranks.items() if r != 1]
