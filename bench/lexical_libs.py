"""Three on-disk BM25 libraries as candidates for retriever.lexical: bm25s, tantivy, SQLite FTS5.

    python -m bench.lexical_libs [--docs 100000 1000000] [--queries 200]

Documents are real paragraph texts (every language of ../shared/corpus and corpus-extra),
tokenised once each by `retriever.lexical.tokenize`, sampled with a seeded RNG and perturbed
(about a tenth of the tokens dropped, three borrowed from another paragraph) so the copies
differ. Each gets a synthetic symbol (25 docs a symbol), year, kind and paragraph family.
Every library is fed OUR tokens, whitespace-joined, through a whitespace tokenizer, so the
Chinese words and bigrams are exactly today's. Queries are the tokens of the real questions.

Per library and size: build time, size on disk, open time and memory in a fresh process
(RssAnon is what each worker pays alone; RssFile is page cache, shared between workers),
query p50/p95 for the top 50 unfiltered, filtered to 3 symbols and to one year, the time to
add 50 docs and see them from the already-open reader (bm25s cannot add: a full rebuild),
and, up to --reference-max docs, agreement of the top 10 with exact Lucene BM25 (bm25s
scoring every document; the hand-written BM25 this replaced agreed with it to a constant).
Results go to stdout (markdown) and bench/out/lexical_libs.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = Path(__file__).parent / "out" / "lexical_libs.json"
QUESTIONS = [ROOT / "bench/data/questions.jsonl", ROOT / "bench/data/questions_extra.jsonl"]
LIBS = ("bm25s", "tantivy", "fts5")
DOCS_PER_SYMBOL, YEARS, K = 25, range(1990, 2026), 50
MODES = ("unfiltered", "3 symbols", "year")


@dataclass
class Docs:
    tokens: list[list[str]] = field(default_factory=list)
    symbol: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)  # a paragraph and its sub-items

    def meta(self, i: int) -> dict[str, Any]:
        return {k: getattr(self, k)[i] for k in ("symbol", "year", "kind", "family")}


@dataclass(frozen=True)
class Filter:
    symbols: tuple[str, ...] = ()
    year: int | None = None
    kind: str | None = None
    family: str | None = None


def source_tokens(paths: Sequence[Path]) -> list[list[str]]:
    """Our tokens of every distinct paragraph text of these files, in every language."""
    from corpus.parser import parse_file
    from retriever.lexical import tokenize

    texts = [p.text for path in paths for v in parse_file(path) for p in v.paragraphs]
    return [t for t in (tokenize(x) for x in dict.fromkeys(texts)) if t]


def make_docs(sources: list[list[str]], n: int, seed: int = 0, first: int = 0) -> Docs:
    rnd, docs = random.Random(seed), Docs()
    for i in range(first, first + n):
        toks = list(rnd.choice(sources))
        for j in sorted(rnd.sample(range(len(toks)), len(toks) // 10), reverse=True):
            del toks[j]
        toks += rnd.choices(rnd.choice(sources), k=3)
        docs.tokens.append(toks)
        sym = i // DOCS_PER_SYMBOL
        docs.symbol.append(f"A/RES/{sym}")
        docs.year.append(YEARS[sym % len(YEARS)])
        docs.kind.append("preambular" if i % DOCS_PER_SYMBOL < 6 else "operative")
        docs.family.append(f"A/RES/{sym}#{i % DOCS_PER_SYMBOL // 3}")
    return docs


# -- the three libraries: build(docs, dir), Reader(dir).search(tokens, k, filter), add, reload


class Bm25s:
    @staticmethod
    def build(docs: Docs, path: Path) -> None:
        """Into a new folder named by CURRENT: readers have the old files mapped, and
        overwriting a mapped file kills them (SIGBUS)."""
        import bm25s

        version = path / f"v{time.time_ns()}"
        r = bm25s.BM25(k1=1.2, b=0.75, method="lucene")  # lucene idf = ours; no (k1+1) factor
        r.index(docs.tokens, show_progress=False)
        r.save(str(version), show_progress=False)
        meta = {k: getattr(docs, k) for k in ("symbol", "year", "kind", "family")}
        (version / "meta.json").write_text(json.dumps(meta))
        (path / "CURRENT.tmp").write_text(version.name)
        (path / "CURRENT.tmp").replace(path / "CURRENT")

    @staticmethod
    def add(path: Path, docs: Docs, new: Docs) -> None:  # no incremental add: rebuild it all
        merged = Docs(*(getattr(docs, f) + getattr(new, f) for f in Docs.__dataclass_fields__))
        Bm25s.build(merged, path)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reload()

    def reload(self) -> None:
        import bm25s

        version = self.path / (self.path / "CURRENT").read_text()
        self.r = bm25s.BM25.load(str(version), mmap=True)
        meta = json.loads((version / "meta.json").read_text())
        self.meta = {k: np.array(v) for k, v in meta.items()}  # filters: one mask a query

    def search(self, tokens: list[str], k: int, flt: Filter) -> list[int]:
        mask = np.ones(len(self.meta["year"]), dtype=bool)
        if flt.symbols:
            mask &= np.isin(self.meta["symbol"], flt.symbols)
        for key in ("year", "kind", "family"):
            if getattr(flt, key) is not None:
                mask &= self.meta[key] == getattr(flt, key)
        q = list(dict.fromkeys(tokens))  # a repeated query token would count twice
        ids, scores = self.r.retrieve(
            [q], k=k, weight_mask=mask.astype(np.float32), show_progress=False, n_threads=0
        )
        return [int(i) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]  # 0 = masked


class Tantivy:
    @staticmethod
    def schema() -> Any:
        import tantivy as tv

        sb = tv.SchemaBuilder()
        sb.add_text_field("body", tokenizer_name="ws", index_option="freq")  # no positions
        for name in ("symbol", "kind", "family"):
            sb.add_text_field(name, tokenizer_name="raw")
        sb.add_integer_field("year", indexed=True, fast=True)
        sb.add_integer_field("id", indexed=True, fast=True)  # integer: a u64 field refuses int
        return sb.build()

    @staticmethod
    def open_index(path: Path, schema: Any = None) -> Any:
        import tantivy as tv

        index = tv.Index(schema, path=str(path)) if schema else tv.Index.open(str(path))
        # Not stored in the index: every process that writes must register it again.
        index.register_tokenizer("ws", tv.TextAnalyzerBuilder(tv.Tokenizer.whitespace()).build())
        return index

    @staticmethod
    def write(index: Any, docs: Docs, first: int, heap: int) -> None:
        import tantivy as tv

        writer = index.writer(heap_size=heap, num_threads=1)
        for i, toks in enumerate(docs.tokens):
            writer.add_document(tv.Document(body=" ".join(toks), id=first + i, **docs.meta(i)))
        writer.commit()  # searchable from here; merges go on in background threads
        writer.wait_merging_threads()  # ... which this waits for, releasing the writer lock

    @staticmethod
    def build(docs: Docs, path: Path) -> None:
        Tantivy.write(Tantivy.open_index(path, Tantivy.schema()), docs, 0, 512_000_000)

    @staticmethod
    def add(path: Path, docs: Docs, new: Docs) -> None:
        Tantivy.write(Tantivy.open_index(path), new, len(docs.tokens), 50_000_000)

    def __init__(self, path: Path) -> None:
        self.index = Tantivy.open_index(path)
        self.schema_ = self.index.schema
        self.reload()

    def reload(self) -> None:
        self.index.reload()  # explicit: the default policy reloads a little after a commit
        self.searcher = self.index.searcher()

    def search(self, tokens: list[str], k: int, flt: Filter) -> list[int]:
        import tantivy as tv

        s, must = self.schema_, tv.Occur.Must
        terms = [tv.Query.term_query(s, "body", t, "freq") for t in dict.fromkeys(tokens)]
        if not terms:
            return []
        query = tv.Query.boolean_query([(tv.Occur.Should, t) for t in terms])
        filters = [tv.Query.term_set_query(s, "symbol", list(flt.symbols))] if flt.symbols else []
        filters += [
            tv.Query.term_query(s, key, getattr(flt, key))
            for key in ("year", "kind", "family")
            if getattr(flt, key) is not None
        ]
        if filters:  # score 0: a filter must not add its own BM25 to the text's
            only = tv.Query.const_score_query(
                tv.Query.boolean_query([(must, f) for f in filters]), 0.0
            )
            query = tv.Query.boolean_query([(must, query), (must, only)])
        hits = self.searcher.search(query, k).hits
        return [int(i) for i in self.searcher.fast_field_values("id", [a for _, a in hits])]


class Fts5:
    # unicode61 splits at '-', "'" and '/' unless told they are part of a token.
    TABLE = """CREATE VIRTUAL TABLE docs USING fts5(body, symbol, year, kind, family,
        content='', tokenize="unicode61 tokenchars '-''/'")"""

    @staticmethod
    def write(path: Path, docs: Docs, first: int) -> None:
        db = sqlite3.connect(path / "fts.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")  # readers in other processes keep reading
        if first == 0:
            db.execute(Fts5.TABLE)
            db.execute("INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(1, 0, 0, 0, 0)')")
        rows = (
            {**docs.meta(i), "rowid": first + i, "body": " ".join(t)}
            for i, t in enumerate(docs.tokens)
        )
        sql = """INSERT INTO docs(rowid, body, symbol, year, kind, family)
            VALUES (:rowid, :body, :symbol, 'y' || :year, :kind, :family)"""  # y2003: a token
        with db:
            db.executemany(sql, rows)
        if first == 0:
            with db:
                db.execute("INSERT INTO docs(docs) VALUES('optimize')")  # one b-tree a term
        db.close()

    @staticmethod
    def build(docs: Docs, path: Path) -> None:
        Fts5.write(path, docs, 0)

    @staticmethod
    def add(path: Path, docs: Docs, new: Docs) -> None:
        Fts5.write(path, new, len(docs.tokens))

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path / "fts.sqlite3")
        self.db.execute("PRAGMA mmap_size=68719476736")  # pages from the shared page cache

    def reload(self) -> None:
        pass  # each statement reads the latest commit

    def search(self, tokens: list[str], k: int, flt: Filter) -> list[int]:
        def any_of(col: str, values: Sequence[object]) -> str:
            quoted = " OR ".join('"' + str(v) + '"' for v in values)  # our tokens hold no '"'
            return f"{col}: ({quoted})"

        if not tokens:
            return []
        parts = [any_of("body", list(dict.fromkeys(tokens)))]
        parts += [any_of("symbol", flt.symbols)] if flt.symbols else []
        parts += [any_of("year", [f"y{flt.year}"])] if flt.year is not None else []
        parts += [any_of(c, [getattr(flt, c)]) for c in ("kind", "family") if getattr(flt, c)]
        sql = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"
        return [r[0] for r in self.db.execute(sql, (" AND ".join(parts), k))]


READERS: dict[str, Any] = {"bm25s": Bm25s, "tantivy": Tantivy, "fts5": Fts5}


# -- measuring: the reader lives in a fresh (spawned) process, driven over a pipe


def memory_mb() -> dict[str, float]:
    """This process's resident memory: anonymous (its own) and file-backed (shareable)."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "RssAnon:", "RssFile:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            out["Private"] = out.get("Private", 0) + int(line.split()[1]) / 1024
    return out


def reader_process(lib: str, path: str, conn: Any) -> None:
    before = memory_mb()
    t = time.perf_counter()
    reader = READERS[lib](Path(path))
    conn.send({"open_s": time.perf_counter() - t, "mem_base": before, "mem_open": memory_mb()})
    while (msg := conn.recv()) is not None:
        if msg[0] == "queries":  # (tokens, filter) pairs of one mode
            times, hits = [], []
            for tokens, flt in msg[1]:
                t = time.perf_counter()
                hits.append(reader.search(tokens, K, flt))
                times.append(time.perf_counter() - t)
            conn.send({"ms": [1000 * x for x in times], "hits": hits, "mem": memory_mb()})
        else:  # ("find", tokens, id): reload, then is the added doc found?
            t = time.perf_counter()
            reader.reload()
            found = msg[2] in reader.search(msg[1], K, Filter())
            conn.send({"reload_s": time.perf_counter() - t, "found": found})


def overlap10(ref_scores: np.ndarray, ids: list[int]) -> tuple[float, float]:
    """(overlap with the reference's top 10, share of the top 10 scoring at least the
    reference's 10th: ties broken otherwise), over the docs the reference finds at all."""
    top = [int(i) for i in np.argsort(-ref_scores, kind="stable")[:10] if ref_scores[i] > 0]
    if not top:
        return (0.0, 0.0) if ids else (1.0, 1.0)
    least, n = ref_scores[top[-1]] * (1 - 1e-5), len(top)
    ties = sum(bool(ref_scores[i] >= least) for i in ids[:n])
    return len(set(top) & set(ids[:n])) / n, ties / n


def measure(
    lib: str,
    docs: Docs,
    new: Docs,
    modes: dict[str, list[Any]],
    work: Path,
    ref: list[np.ndarray] | None,
) -> dict[str, Any]:
    path = work / lib
    path.mkdir()
    t = time.perf_counter()
    READERS[lib].build(docs, path)
    res: dict[str, Any] = {"build_s": time.perf_counter() - t}
    res["disk_mb"] = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
    parent, child = mp.get_context("spawn").Pipe()
    proc = mp.get_context("spawn").Process(target=reader_process, args=(lib, str(path), child))
    proc.start()
    res.update(parent.recv())
    for mode, queries in modes.items():
        parent.send(("queries", queries))
        got = parent.recv()
        res[mode] = {
            "p50_ms": float(np.percentile(got["ms"], 50)),
            "p95_ms": float(np.percentile(got["ms"], 95)),
            "empty": sum(not h for h in got["hits"]),
        }
        res["mem_after_queries"] = got["mem"]
        if mode == "unfiltered" and ref is not None:
            pairs = [overlap10(r, h) for r, h in zip(ref, got["hits"], strict=True)]
            res["overlap10"], res["overlap10_ties"] = np.mean(pairs, axis=0).tolist()
    t = time.perf_counter()
    READERS[lib].add(path, docs, new)
    res["add50_s"] = time.perf_counter() - t
    parent.send(("find", ["zzmarker"], len(docs.tokens) + len(new.tokens) - 1))
    res.update(parent.recv())
    parent.send(None)
    proc.join()
    return res


def query_tokens(n: int) -> list[list[str]]:
    from retriever.lexical import tokenize

    rows = [json.loads(line) for p in QUESTIONS for line in p.read_text().splitlines() if line]
    qs = [t for t in (tokenize(r["q"]) for r in rows) if t]
    return random.Random(1).sample(qs, min(n, len(qs)))


def run(
    sizes: list[int], n_queries: int, libs: Sequence[str], reference_max: int
) -> dict[str, Any]:
    folders = [SHARED / "corpus", SHARED / "corpus-extra"]
    sources = source_tokens([p for f in folders for p in sorted(f.glob("*.txt"))])
    queries, results = query_tokens(n_queries), {}
    for n in sizes:
        docs = make_docs(sources, n)
        new = make_docs(sources, 50, seed=n, first=n)
        new.tokens[-1].append("zzmarker")  # the one token only the last added doc has
        rnd = random.Random(n)
        syms = sorted(set(docs.symbol))
        modes = {
            "unfiltered": [(q, Filter()) for q in queries],
            "3 symbols": [(q, Filter(symbols=tuple(rnd.sample(syms, 3)))) for q in queries],
            "year": [(q, Filter(year=rnd.choice(YEARS))) for q in queries],
        }
        ref = None
        if n <= reference_max:
            import bm25s  # exact Lucene BM25 over every document: the reference ranking

            bm = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
            bm.index(docs.tokens, show_progress=False)
            ref = [np.asarray(bm.get_scores(list(dict.fromkeys(q)))) for q in queries]
        for lib in libs:
            with tempfile.TemporaryDirectory(prefix=f"lexlibs-{lib}-") as work:
                results[f"{lib}@{n}"] = r = measure(lib, docs, new, modes, Path(work), ref)
                print(f"{lib}@{n}: {json.dumps(r)}", flush=True)
    return results


def table(results: dict[str, Any]) -> str:
    cols = ["lib@docs", "build s", "disk MB", "open s", "RSS MB", "anon MB", "file MB"]
    cols += [f"{m} p50/p95 ms" for m in MODES] + ["add 50 s", "reload s", "overlap@10 (ties)"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for key, r in results.items():
        m, b = r["mem_after_queries"], r["mem_base"]
        cells = [key, f"{r['build_s']:.1f}", f"{r['disk_mb']:.0f}", f"{r['open_s']:.2f}"]
        cells += [f"{m['VmRSS']:.0f}"] + [f"{m[k] - b[k]:.0f}" for k in ("RssAnon", "RssFile")]
        cells += [f"{r[mode]['p50_ms']:.1f}/{r[mode]['p95_ms']:.1f}" for mode in MODES]
        cells += [f"{r['add50_s']:.2f}", f"{r['reload_s']:.2f}"]
        cells += [f"{r['overlap10']:.2f} ({r['overlap10_ties']:.2f})" if "overlap10" in r else "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.lexical_libs", description=__doc__)
    p.add_argument("--docs", type=int, nargs="+", default=[100_000])
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--libs", nargs="+", choices=LIBS, default=list(LIBS))
    p.add_argument(
        "--reference-max",
        type=int,
        default=200_000,
        help="compare with exact BM25 up to this many docs",
    )
    args = p.parse_args(argv)
    results = run(args.docs, args.queries, args.libs, args.reference_max)
    print(table(results))
    OUT.parent.mkdir(exist_ok=True)
    kept = json.loads(OUT.read_text()) if OUT.exists() else {}  # other sizes' runs stay
    OUT.write_text(json.dumps(kept | results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
