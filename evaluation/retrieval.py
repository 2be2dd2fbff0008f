"""Retrieval quality and latency on a question set: hit@1, hit@5, MRR, p50 and p95.

Scores are paragraph-exact: a hit is the gold (symbol, paragraph), nothing nearer.
Any system that ranks paragraphs for a question can be scored the same way
(`run_ranker`); `bench.baselines` scores other systems beside Resolute's with it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from evaluation.questions import Question
from retriever.search import Query, Searcher
from understanding import understand

# The 1-based rank of the first gold hit among a system's top results, None if absent.
Ranker = Callable[[Question], int | None]

RESOLUTE = "resolute (hybrid)"
RECIPE = "LangChain default recipe"  # the baseline (`evaluation.langchain_recipe`)


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


def run_ranker(name: str, questions: list[Question], rank: Ranker) -> Score:
    score = Score(name)
    for q in questions:
        t = time.perf_counter()
        r = rank(q)
        score.add(q, r, time.perf_counter() - t)
    return score


def searcher_ranker(searcher: Searcher) -> Ranker:
    def rank(q: Question) -> int | None:
        query = Query.of(understand(q.q, searcher.symbols))
        keys = [h.passage.key for h in searcher.search(query, 10)]
        return next((i + 1 for i, k in enumerate(keys) if k in q.gold), None)

    return rank


def score_retrieval(questions: list[Question], searcher: Searcher) -> Score:
    """Resolute's own search, as the service runs it, on the questions."""
    return run_ranker(RESOLUTE, questions, searcher_ranker(searcher))


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
