"""Resolute against baselines, on the same questions and the same embedding model.

    python -m bench.baselines bench/data/questions.jsonl [--chat bench/data/chat.jsonl]

Prints `resolute eval`'s figures beside those of dense only, lexical only, and LangChain's
default recipe (RecursiveCharacterTextSplitter chunks in LangChain's FAISS store), where a
chunk counts as a hit when it contains the gold paragraph. With --chat, Resolute's chat
figures too, and its chat against the recipe's stuffed chunks. The recipe needs
langchain-community and langchain-text-splitters, which the product does not install
(`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from langchain_community.vectorstores import FAISS

from chat.service import ChatService
from corpus.errors import ResoluteError
from evaluation.answers import chat_metrics, chat_report, first_citation, private_chat
from evaluation.langchain_recipe import Contains, langchain_ranker, langchain_store
from evaluation.questions import Question, load_questions
from evaluation.resources import open_evaluated
from evaluation.retrieval import Score, report, run_ranker, score_retrieval, searcher_ranker
from retriever.search import Searcher
from wiring.settings import load_settings


def retrieval_scores(
    questions: list[Question], searcher: Searcher, recipe: tuple[FAISS, Contains]
) -> list[Score]:
    """Resolute's search, then each baseline's, in the order of the README's table."""
    scores = [score_retrieval(questions, searcher)]
    for mode in ("dense", "lexical"):
        alone = Searcher(searcher.index, searcher.embedder, mode)
        scores.append(run_ranker(f"{mode} only", questions, searcher_ranker(alone)))
    scores.append(run_ranker("LangChain default recipe", questions, langchain_ranker(*recipe)))
    return scores


def versus_langchain(
    service: ChatService, questions: list[Question], recipe: tuple[FAISS, Contains]
) -> str:
    """Latency and citation exactness: Resolute's chat against a stuff-the-chunks answer.

    The LangChain answer stuffs the top 4 chunks and quotes the first, as an extractive
    "stuff documents" chain would; a chunk carries a resolution, never a paragraph.
    """
    vs, contains = recipe
    ours, theirs = [], []
    exact = chunk_has_gold = 0
    for q in questions:
        t = time.perf_counter()
        reply = service.ask(q.q)
        ours.append(time.perf_counter() - t)
        exact += first_citation(reply) in q.gold
        t = time.perf_counter()
        docs = vs.similarity_search(q.q, k=4)
        answer = "\n\n".join(d.page_content for d in docs)  # the stuffed context
        theirs.append(time.perf_counter() - t)
        chunk_has_gold += bool(answer) and any(
            docs[0].metadata["symbol"] == s and contains(docs[0].page_content, (s, p))
            for s, p in q.gold
        )
    n = len(questions)
    p50_ours, p50_theirs = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    return "\n".join(
        [
            "| | Resolute chat | LangChain recipe |",
            "|---|---|---|",
            f"| p50 ms | {p50_ours:.1f} | {p50_theirs:.1f} |",
            f"| latency ratio (Resolute / LangChain) | {p50_ours / p50_theirs:.2f} | |",
            f"| answers naming the exact paragraph | {exact}/{n} | 0/{n} (chunks have no id) |",
            f"| first cited text holds the gold paragraph | {exact}/{n} | {chunk_has_gold}/{n} |",
        ]
    )


def run(questions_path: Path, chat_path: Path | None) -> None:
    questions = load_questions(questions_path)
    store, searcher = open_evaluated(load_settings())
    recipe = langchain_store(store, searcher.embedder)  # built once, for retrieval and chat
    print(f"Retrieval on {len(questions)} questions ({questions_path}):\n")
    print(report(retrieval_scores(questions, searcher, recipe)))
    if chat_path:
        with private_chat(store, searcher) as service:
            print("\nChat:\n")
            print(chat_report(chat_metrics(service, questions, chat_path)))
            print("\nAgainst LangChain's default recipe (same questions, same model):\n")
            print(versus_langchain(service, questions, recipe))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.baselines", description=__doc__)
    p.add_argument("questions", type=Path, help="questions.jsonl (see bench/data)")
    p.add_argument("--chat", type=Path, help="chat.jsonl: follow-ups, refusals, metadata")
    args = p.parse_args(argv)
    try:
        run(args.questions, args.chat)
    except ResoluteError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
