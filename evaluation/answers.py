"""Chat quality on a question set: first-citation hits, follow-ups, refusals, metadata answers,
comparisons, verbatim quotes and latency.

The single questions are the retrieval questions; a chat set (one JSON object a line, with a
``type`` of ``followup``, ``refusal``, ``metadata`` or ``compare``) adds what only a
conversation can get right or wrong.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chat.conversation import SQLiteConversations
from chat.grounding import load_bars
from chat.service import ChatService, Reply
from corpus.store import Store
from evaluation.questions import Key, Question
from retriever.search import Searcher
from wiring.resources import open_series
from wiring.settings import load_settings

# (right, asked) for the counts, milliseconds for the latencies, and the misses when asked for.
ChatMetric = tuple[int, int] | float | list[str]


@contextmanager
def private_chat(store: Store, searcher: Searcher) -> Iterator[ChatService]:
    """Resolute's chat with the extractive answerer, its conversations in a folder of its own.

    The figures describe the extractive answerer whatever RESOLUTE_LLM says, and an
    evaluation leaves no conversations behind in the user's store or Redis.
    """
    with tempfile.TemporaryDirectory() as tmp:
        # The bars the service itself would load for this embedder (its calibration).
        bars = load_bars(load_settings().embeddings)
        conversations = SQLiteConversations(Path(tmp) / "c.sqlite3")
        # and its series, for "what changed" and "when first" as the service answers them
        yield ChatService(store, searcher, conversations, bars=bars, series=open_series(store))


def first_citation(reply: Reply) -> Key | None:
    c = reply.answer.citations
    return (c[0].symbol, str(c[0].pid)) if c else None


def chat_metrics(
    service: ChatService,
    questions: list[Question],
    chat_path: Path,
    show_misses: bool = False,
) -> dict[str, ChatMetric]:
    latencies: list[float] = []
    quotes = verbatim = 0
    missed: list[str] = []

    def ask(q: str, cid: str | None = None) -> Reply:
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
        hit = first_citation(ask(q.q)) in q.gold
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
                    ok = first_citation(reply) in {tuple(g) for g in turn["gold"]}
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
    out: dict[str, ChatMetric] = {
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


def chat_report(m: dict[str, ChatMetric]) -> str:
    lines = ["| metric | value |", "|---|---|"]
    missed: list[str] = []
    for k, v in m.items():
        if isinstance(v, list):  # "missed": listed after the table
            missed = v
        elif isinstance(v, tuple):
            n, d = v
            lines.append(f"| {k} | {n}/{d} = {n / max(d, 1):.3f} |")
        else:
            lines.append(f"| {k} | {v:.1f} |")
    if "missed" in m:
        lines += ["", *missed]
    return "\n".join(lines)
