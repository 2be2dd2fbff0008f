"""Runs `resolute eval`: retrieval table (with baselines) and, with --chat, chat metrics."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.evaluate import evaluate, load_questions, misses, report
from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.store import Store


def run(args: argparse.Namespace, settings: dict[str, Any], store: Store) -> int:
    from wiring.resources import open_searcher

    searcher = open_searcher(settings, store)
    questions = load_questions(args.questions)
    scores = evaluate(
        questions, searcher.index, searcher.embedder, store, baselines=not args.no_baselines
    )
    print(f"Retrieval on {len(questions)} questions ({args.questions}):\n")
    print(report(scores))
    if args.misses:
        print("\nMissed at 1:\n" + "\n".join(misses(scores[0], questions)))
    if args.chat:
        with tempfile.TemporaryDirectory() as tmp:
            service = ChatService(store, searcher, SQLiteConversations(Path(tmp) / "c.sqlite3"))
            print("\nChat:\n")
            print(chat_report(chat_metrics(service, questions, args.chat, args.misses)))
            if not args.no_baselines:
                print("\nAgainst LangChain's default recipe (same questions, same model):\n")
                print(versus_langchain(service, questions, store, searcher.embedder))
    return 0


def versus_langchain(service: ChatService, questions, store: Store, embedder) -> str:  # type: ignore[no-untyped-def]
    """Latency and citation exactness: Resolute's chat against a stuff-the-chunks answer.

    The LangChain answer stuffs the top 4 chunks and quotes the first, as an extractive
    "stuff documents" chain would; a chunk carries a resolution, never a paragraph.
    """
    from bench.evaluate import langchain_store

    vs, contains = langchain_store(store, embedder)
    ours, theirs = [], []
    exact = chunk_has_gold = 0
    for q in questions:
        t = time.perf_counter()
        reply = service.ask(q.q)
        ours.append(time.perf_counter() - t)
        exact += _first(reply) in q.gold
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


def _first(reply) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    c = reply.answer.citations
    return (c[0].symbol, str(c[0].pid)) if c else None


def chat_metrics(
    service: ChatService,
    questions,
    chat_path: Path,  # type: ignore[no-untyped-def]
    show_misses: bool = False,
) -> dict[str, Any]:
    latencies: list[float] = []
    quotes = verbatim = 0
    missed: list[str] = []

    def ask(q: str, cid: str | None = None):  # type: ignore[no-untyped-def]
        nonlocal quotes, verbatim
        t = time.perf_counter()
        reply = service.ask(q, cid)
        latencies.append(time.perf_counter() - t)
        for c in reply.answer.citations:
            quotes += 1
            _, para = service.store.paragraph(c.symbol, str(c.pid))
            verbatim += c.quote == para.text.get(c.lang)
        return reply

    single = 0
    for q in questions:
        hit = _first(ask(q.q)) in q.gold
        single += hit
        if not hit:
            missed.append(f"single {q.id}: {q.q}")
    items = [json.loads(x) for x in chat_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    followups = followup_ok = refusals = refusal_ok = meta = meta_ok = comp = comp_ok = 0
    for item in items:
        if item["type"] == "followup":
            cid = None
            for i, turn in enumerate(item["turns"]):
                reply = ask(turn["q"], cid)
                cid = reply.conversation_id
                if i > 0:
                    followups += 1
                    ok = _first(reply) in {tuple(g) for g in turn["gold"]}
                    followup_ok += ok
                    if not ok:
                        missed.append(f"followup {item['id']} turn {i}: {turn['q']}")
        elif item["type"] == "refusal":
            refusals += 1
            reply = ask(item["q"])
            ok = not reply.answer.grounded and not reply.answer.citations
            refusal_ok += ok
            if not ok:
                missed.append(f"refusal {item['id']}: {item['q']} -> {reply.answer.text[:80]}")
        elif item["type"] == "metadata":
            meta += 1
            reply = ask(item["q"])
            ok = item["expect"] in reply.answer.text
            meta_ok += ok
            if not ok:
                missed.append(f"metadata {item['id']}: {item['q']} -> {reply.answer.text[:80]}")
        elif item["type"] == "compare":
            comp += 1
            reply = ask(item["q"])
            cited = {(c.symbol, str(c.pid)) for c in reply.answer.citations}
            ok = {tuple(g) for g in item["gold"]} <= cited
            comp_ok += ok
            if not ok:
                missed.append(f"compare {item['id']}: {item['q']} -> {sorted(cited)}")
    lat = sorted(latencies)
    out = {
        "single hit@1": (single, len(questions)),
        "follow-up hit@1": (followup_ok, followups),
        "refusals": (refusal_ok, refusals),
        "metadata": (meta_ok, meta),
        "comparisons": (comp_ok, comp),
        "verbatim quotes": (verbatim, quotes),
        "p50 ms": 1000 * statistics.median(lat),
        "p95 ms": 1000 * lat[int(0.95 * (len(lat) - 1))],
    }
    if show_misses:
        out["missed"] = missed
    return out


def chat_report(m: dict[str, Any]) -> str:
    lines = ["| metric | value |", "|---|---|"]
    for k, v in m.items():
        if k == "missed":
            continue
        if isinstance(v, tuple):
            n, d = v
            lines.append(f"| {k} | {n}/{d} = {n / max(d, 1):.3f} |")
        else:
            lines.append(f"| {k} | {v:.1f} |")
    if "missed" in m:
        lines += ["", *m["missed"]]
    return "\n".join(lines)
