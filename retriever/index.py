"""The retrieval index: segments of passages with their vectors, and a lexical index, on disk.

An index version is a folder under <data dir>/index/; a file CURRENT names the one in use. A
new version is written beside the old one and CURRENT is replaced in one rename, so readers
see the old index or the new one, never half of one; a server notices the new name between
requests and swaps (wiring/served.py).

A version holds one or more immutable segments (retriever/segment.py) and one lexical index
(retriever/lexical.py). A passage's id (gid) is its segment's offset plus its row, stable for
the life of the version. An ingest that changes a few resolutions writes a version that links
the old segments' files, adds one segment with the new passages and lists the replaced rows as
deleted (`update`); a rebuild (`build`, `resolute reindex`) writes one segment of everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from corpus.errors import Unavailable
from corpus.model import Resolution
from corpus.store import Store
from embeddings.base import Embedder
from retriever import dense
from retriever.lexical import LexicalIndex, LexicalWriter, Scope, tokenize
from retriever.passages import Passage
from retriever.segment import Segment

FORMAT = 4  # 4: segments memory-mapped, tantivy for words, incremental versions
CHECKSUMS = "checksums.json"
STALE_TMP_SECONDS = 3600  # a .tmp- folder this old was left by a killed save
# An ingest adds a segment while it changes at most this share of the passages and the
# version has fewer than MAX_SEGMENTS; past either, a rebuild is cheaper to search.
INCREMENTAL_SHARE = 0.2
MAX_SEGMENTS = 8
TOKEN_CACHE = 4096  # passages whose words a process keeps, for the coverage of hits
STATS_SAMPLE = 20_000  # a language pool's mean and covariance come from this many passages

log = logging.getLogger("resolute.index")


def passages_of(resolutions: list[Resolution]) -> list[Passage]:
    """One passage per paragraph per language, a paragraph's versions consecutive."""
    out = []
    for r in resolutions:
        year = int(r.adopted[:4]) if r.adopted else None
        for p in r.paragraphs:
            for lang, text in p.text.items():
                out.append(
                    Passage(
                        r.symbol,
                        str(p.pid),
                        lang,
                        p.kind.value,
                        r.session,
                        year,
                        text,
                        p.unnumbered,
                    )
                )
    return out


@dataclass(frozen=True)
class IndexInfo:
    format: int
    embedder: str
    dim: int
    index_type: str
    store_revision: int
    passages: int
    built_at: float
    segments: tuple[str, ...] = ()

    def is_current(self, store_revision: int, embedder: str) -> bool:
        """Built from this store revision, by this embedder, in this code's format."""
        return (self.store_revision, self.embedder, self.format) == (
            store_revision,
            embedder,
            FORMAT,
        )

    @classmethod
    def read(cls, folder: Path) -> IndexInfo:
        doc = json.loads((folder / "info.json").read_text())
        doc["segments"] = tuple(doc.get("segments", ()))
        return cls(**doc)


@dataclass(frozen=True)
class PoolStats:
    """A language pool's centroid and covariance: the mean and spread of a query's cosine
    over the pool are q.mean and sqrt(q' cov q) (retriever/pools.py)."""

    mean: np.ndarray
    cov: np.ndarray


class RetrievalIndex:
    def __init__(
        self,
        folder: Path,
        info: IndexInfo,
        segments: list[Segment],
        deleted: dict[str, np.ndarray],
        lexical: LexicalIndex,
        stats: dict[str, PoolStats],
    ) -> None:
        self.folder = folder
        self.version = folder.name
        self.info = info
        self.segments = segments
        self.lexical = lexical
        self.stats = stats
        self.offsets = np.cumsum([0] + [len(s) for s in segments]).astype(np.int64)
        self.languages = sorted({lang for s in segments for lang in s.langs})
        # Per segment: which rows are alive (None: all), and FAISS's filter for them.
        self.alive: list[np.ndarray | None] = []
        self._alive_filter: list[tuple[np.ndarray, faiss.IDSelector] | None] = []
        for s in segments:
            gone = deleted.get(s.name)
            if gone is None or len(gone) == 0:
                self.alive.append(None)
                continue
            alive = np.ones(len(s), dtype=bool)
            alive[gone] = False
            self.alive.append(alive)
        self._selectors: dict[tuple[int, str], faiss.IDSelector] = {}
        self._held: dict[str, np.ndarray] = {}
        self._tokens: dict[int, list[str]] = {}
        self._weight: np.ndarray | None = None

    def __len__(self) -> int:
        return self.info.passages

    # -- a passage by id
    def locate(self, gid: int) -> tuple[Segment, int]:
        i = int(np.searchsorted(self.offsets, gid, "right")) - 1
        return self.segments[i], int(gid - self.offsets[i])

    def passage(self, gid: int) -> Passage:
        seg, row = self.locate(gid)
        return seg.passage(row)

    def key(self, gid: int) -> tuple[str, str]:
        seg, row = self.locate(gid)
        return seg.key(row)

    def lang(self, gid: int) -> str:
        seg, row = self.locate(gid)
        return seg.lang(row)

    def paragraph(self, gid: int) -> int:
        """The id of the paragraph's first language version: one number per paragraph."""
        seg, row = self.locate(gid)
        return int(gid - row + seg.columns["first"][row])

    def versions(self, gid: int) -> range:
        """The ids of every language version of the passage's paragraph."""
        seg, row = self.locate(gid)
        first = int(gid - row + seg.columns["first"][row])
        return range(first, first + int(seg.columns["versions"][row]))

    def vector(self, gid: int) -> np.ndarray:
        seg, row = self.locate(gid)
        return np.asarray(seg.vectors[row])

    def tokens(self, gid: int) -> list[str]:
        """The passage's words as the lexical index holds them (the hits of a query ask for
        the same few paragraphs again and again: kept, a few thousand at most)."""
        found = self._tokens.get(gid)
        if found is None:
            seg, row = self.locate(gid)
            found = tokenize(seg.text(row))
            if len(self._tokens) >= TOKEN_CACHE:
                self._tokens.pop(next(iter(self._tokens)))
            self._tokens[gid] = found
        return found

    def passages(self) -> Iterator[Passage]:
        """Every live passage, in id order (for tests and exports, not for queries)."""
        for s, seg in enumerate(self.segments):
            alive = self.alive[s]
            for row in range(len(seg)):
                if alive is None or alive[row]:
                    yield seg.passage(row)

    def symbols(self) -> set[str]:
        """The resolutions the index holds."""
        out: set[str] = set()
        for s, seg in enumerate(self.segments):
            alive = self.alive[s]
            if alive is None:
                out.update(seg.symbols)
            else:
                codes = np.unique(seg.columns["symbol"][alive])
                out.update(seg.symbols[int(c)] for c in codes)
        return out

    # -- ids by what they are
    def key_ids(self, symbol: str, pid: str) -> list[int]:
        """The live ids of a paragraph's language versions (none when not held)."""
        out: list[int] = []
        for s, seg in enumerate(self.segments):
            rows = self._live(s, seg.rows_of_key(symbol, pid))
            out += (rows + self.offsets[s]).tolist()
        return out

    def scoped(self, scope: Scope) -> np.ndarray | None:
        """The live ids `scope` allows, ascending; None when it allows everything."""
        if not scope.restricts:
            return None
        parts = []
        for s, seg in enumerate(self.segments):
            if scope.symbols:
                rows = seg.rows_of_symbols(scope.symbols)
                if scope.years or scope.kind:
                    rows = np.intersect1d(rows, seg.rows_where(scope.years, scope.kind))
            else:
                rows = seg.rows_where(scope.years, scope.kind)
            if scope.family is not None and len(rows):
                root = scope.family
                pids = seg.columns["pid"][rows]
                keep = [
                    i
                    for i, code in enumerate(pids.tolist())
                    if (p := seg.pids[code]) == root or p.startswith(root + "(")
                ]
                rows = rows[keep]
            parts.append(self._live(s, rows) + self.offsets[s])
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)

    def _live(self, s: int, rows: np.ndarray) -> np.ndarray:
        alive = self.alive[s]
        rows = np.asarray(rows, dtype=np.int64)
        return rows if alive is None else rows[alive[rows]]

    # -- dense search within one language
    def search_dense(
        self, lang: str, qvec: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The top `k` (cosines, ids) among the live passages in `lang` (and `allowed`)."""
        scores: list[np.ndarray] = []
        ids: list[np.ndarray] = []
        for s, seg in enumerate(self.segments):
            if lang not in seg.dense:
                continue
            index, rows = seg.dense[lang]
            start, end = self.offsets[s], self.offsets[s + 1]
            if allowed is not None:
                local = allowed[(allowed >= start) & (allowed < end)] - start
                local = local[np.isin(local, rows, assume_unique=True)]
                if len(local) == 0:
                    continue
                within = np.searchsorted(rows, local)
                found_s, found_i = dense.search(index, qvec, k, within)
            else:
                found_s, found_i = dense.search(index, qvec, k, None, self._alive_selector(s, lang))
            scores.append(found_s)
            ids.append(np.asarray(rows)[found_i] + start)
        if not scores:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        all_s, all_i = np.concatenate(scores), np.concatenate(ids)
        top = np.argsort(-all_s, kind="stable")[:k]
        return all_s[top], all_i[top]

    def _alive_selector(self, s: int, lang: str) -> faiss.IDSelector | None:
        """FAISS's filter for the live rows of segment `s` in `lang`; None if all live."""
        alive = self.alive[s]
        if alive is None:
            return None
        cache = self._selectors
        if (s, lang) not in cache:
            rows = self.segments[s].dense[lang][1]
            live = np.flatnonzero(alive[rows]).astype(np.int64)
            # IDSelectorBatch keeps its own copy of the ids; the array may go.
            cache[(s, lang)] = faiss.IDSelectorBatch(live)
        return cache[(s, lang)]

    # -- how much of the corpus each language holds
    def held(self, lang: str) -> np.ndarray:
        """Per id: is the passage's paragraph held in `lang` (computed once, vectorised)."""
        if lang not in self._held:
            parts = []
            for seg in self.segments:
                code = seg.langs.index(lang) if lang in seg.langs else -1
                is_lang = (np.asarray(seg.columns["lang"]) == code).astype(np.int32)
                first = np.asarray(seg.columns["first"])
                per_paragraph = np.bincount(first, weights=is_lang, minlength=len(seg))
                parts.append(per_paragraph[first] > 0)
            self._held[lang] = np.concatenate(parts) if parts else np.zeros(0, bool)
        return self._held[lang]

    def weights(self) -> np.ndarray:
        """Per id: 1 / its paragraph's versions, 0 when deleted, so each paragraph counts once."""
        if self._weight is None:
            parts = []
            for s, seg in enumerate(self.segments):
                w = 1.0 / np.asarray(seg.columns["versions"], dtype=np.float64)
                alive = self.alive[s]
                parts.append(w if alive is None else np.where(alive, w, 0.0))
            self._weight = np.concatenate(parts) if parts else np.zeros(0)
        return self._weight

    # -- building and saving
    @classmethod
    def build(
        cls, store: Store, embedder: Embedder, data_dir: Path, index_type: str = "auto"
    ) -> RetrievalIndex:
        """Every resolution of the store in one new segment; saved and made current."""
        revision = store.revision
        passages = passages_of(store.resolutions())
        vectors = _embedded(embedder, passages)
        return cls.create(
            data_dir,
            passages,
            vectors,
            embedder=embedder.name,
            index_type=index_type,
            store_revision=revision,
            fingerprints=store.fingerprints(),
        )

    @classmethod
    def create(
        cls,
        data_dir: Path,
        passages: list[Passage],
        vectors: np.ndarray,
        *,
        embedder: str,
        index_type: str = "auto",
        store_revision: int = 0,
        fingerprints: dict[str, str] | None = None,
    ) -> RetrievalIndex:
        """An index of these passages and their vectors (a paragraph's language versions
        consecutive, as `passages_of` gives them), saved and made current."""
        with _Draft(data_dir) as draft:
            segment = draft.add_segment(passages, vectors, index_type)
            writer = LexicalWriter(draft.folder / "lexical")
            for gid, p in enumerate(passages):
                writer.add(gid, p, tokenize(p.text))
            writer.commit()
            return draft.finish(
                (embedder, int(vectors.shape[1])),
                index_type,
                store_revision,
                [segment],
                {},
                fingerprints or {},
                len(passages),
            )

    @classmethod
    def update(
        cls, store: Store, embedder: Embedder, data_dir: Path, index_type: str = "auto"
    ) -> RetrievalIndex | None:
        """The current version plus what the store changed since, as a new version; None
        when that is not worth it (another embedder or format, too much changed, too many
        segments): the caller rebuilds."""
        old = saved_info(data_dir)
        if old is None or old.format != FORMAT or old.embedder != embedder.name:
            return None
        folder = data_dir / "index" / (current_version(data_dir) or "")
        revision = store.revision
        before = json.loads((folder / "fingerprints.json").read_text())
        now = store.fingerprints()
        changed = sorted(s for s, fp in now.items() if before.get(s) != fp)
        removed = sorted(set(before) - set(now))
        current = cls.load(data_dir)
        gone = {
            seg.name: rows
            for s, seg in enumerate(current.segments)
            if len(rows := current._live(s, seg.rows_of_symbols(changed + removed)))
        }
        resolutions = [store.get(s) for s in changed]
        passages = passages_of(resolutions)
        churn = sum(len(r) for r in gone.values()) + len(passages)
        if len(current.segments) >= MAX_SEGMENTS or churn > INCREMENTAL_SHARE * max(
            len(current), 1
        ):
            return None
        with _Draft(data_dir) as draft:
            segments = [draft.link_segment(seg.folder) for seg in current.segments]
            deleted = {}
            for s, seg in enumerate(current.segments):
                alive = current.alive[s]
                dead = np.flatnonzero(~alive) if alive is not None else np.zeros(0, np.int64)
                if seg.name in gone:
                    dead = np.union1d(dead, gone[seg.name])
                if len(dead):
                    deleted[seg.name] = dead
            start = int(current.offsets[-1])
            writer = LexicalWriter(draft.folder / "lexical", base=current.lexical.folder)
            for symbol in changed + removed:
                writer.delete_symbol(symbol)
            if passages:
                vectors = _embedded(embedder, passages)
                segments.append(draft.add_segment(passages, vectors, index_type))
                for i, p in enumerate(passages):
                    writer.add(start + i, p, tokenize(p.text))
            writer.commit()
            live = len(current) - sum(len(r) for r in gone.values()) + len(passages)
            return draft.finish(
                (embedder.name, embedder.dim), index_type, revision, segments, deleted, now, live
            )

    @classmethod
    def load(cls, data_dir: Path, verify: bool = False) -> RetrievalIndex:
        """The current version, memory-mapped; a missing or damaged one is a clear Unavailable
        error. Every file is checked for its saved size; `verify` reads every byte against
        its checksum too (seconds at a million passages: once a start, not once a worker)."""
        root = data_dir / "index"
        try:
            name = (root / "CURRENT").read_text().strip()
            folder = root / name
            if not name or "/" in name or not folder.is_dir():
                raise FileNotFoundError(f"CURRENT names {name!r}, which is not a folder in {root}")
            info = IndexInfo.read(folder)
            if info.format != FORMAT:
                raise ValueError(f"format {info.format}, this release reads {FORMAT}")
            _check(folder, verify=True)  # the version's own files are small
            segments = [Segment.open(folder / s, verify=verify) for s in info.segments]
            deleted = {
                s: np.load(folder / f"deleted-{s}.npy")
                for s in info.segments
                if (folder / f"deleted-{s}.npy").exists()
            }
            stats = _read_stats(folder)
            lexical = LexicalIndex(folder / "lexical")
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise Unavailable(
                f"the search index in {root} is missing or damaged ({exc.__class__.__name__}: "
                f"{exc}); run `resolute reindex` to rebuild it from the store"
            ) from exc
        index = cls(folder, info, segments, deleted, lexical, stats)
        if len(lexical) != len(index) or sum(len(s) for s in segments) - sum(
            len(d) for d in deleted.values()
        ) != len(index):
            raise Unavailable(
                f"the search index in {folder} is inconsistent; run `resolute reindex`"
            )
        return index


class _Draft:
    """A version being written in a .tmp- folder; `finish` makes it current."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "index"
        self.root.mkdir(parents=True, exist_ok=True)
        self.folder = self.root / f".tmp-{os.getpid()}-{time.time_ns()}"

    def __enter__(self) -> _Draft:
        self.folder.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # gone already when finished

    def add_segment(self, passages: list[Passage], vectors: np.ndarray, index_type: str) -> str:
        name = f"seg-{time.time_ns():x}"
        Segment.write(self.folder / name, passages, vectors, index_type)
        return name

    def link_segment(self, source: Path) -> str:
        """An older version's segment, its files linked: written once, never changed."""
        (self.folder / source.name).mkdir()
        for f in source.iterdir():
            _link_or_copy(f, self.folder / source.name / f.name)
        return source.name

    def finish(
        self,
        embedder: tuple[str, int],  # name, dimensions
        index_type: str,
        revision: int,
        segments: list[str],
        deleted: dict[str, np.ndarray],
        fingerprints: dict[str, str],
        live: int,
    ) -> RetrievalIndex:
        for name, rows in deleted.items():
            np.save(self.folder / f"deleted-{name}.npy", rows.astype(np.int64))
        (self.folder / "fingerprints.json").write_text(json.dumps(fingerprints))
        opened = [Segment.open(self.folder / s) for s in segments]
        _write_stats(self.folder, opened, deleted)
        info = IndexInfo(
            FORMAT,
            embedder[0],
            embedder[1],
            dense.choose_type(index_type, live),
            revision,
            live,
            time.time(),
            tuple(segments),
        )
        (self.folder / "info.json").write_text(json.dumps(asdict(info)))
        sums = {f.name: _sha256(f) for f in sorted(self.folder.iterdir()) if f.is_file()}
        (self.folder / CHECKSUMS).write_text(json.dumps(sums, indent=1))
        stamp = hashlib.sha256(f"{info}".encode()).hexdigest()[:12]
        final = self.root / f"r{revision}-{stamp}"
        shutil.rmtree(final, ignore_errors=True)
        os.replace(self.folder, final)
        previous = current_version(self.root.parent)
        pointer = self.root / f".CURRENT-{os.getpid()}"
        pointer.write_text(final.name)
        os.replace(pointer, self.root / "CURRENT")
        # The previous version stays until the next one: a server may be opening it now.
        _prune(self.root, keep={final.name, previous or final.name})
        return RetrievalIndex.load(self.root.parent)


def _embedded(embedder: Embedder, passages: list[Passage]) -> np.ndarray:
    if not passages:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return embedder.embed_passages([p.text for p in passages])


def current_version(data_dir: Path) -> str | None:
    """The version (folder name) of the index CURRENT names; None without one. One small
    file read: cheap enough for a server to ask between requests."""
    try:
        return (data_dir / "index" / "CURRENT").read_text().strip() or None
    except OSError:
        return None


def saved_info(data_dir: Path) -> IndexInfo | None:
    """What the saved index was built from (store revision, embedder, format); None
    without a readable one. Cheap: the files themselves are not read or checked."""
    root = data_dir / "index"
    try:
        return IndexInfo.read(root / (root / "CURRENT").read_text().strip())
    except (OSError, ValueError, TypeError):
        return None


def _write_stats(folder: Path, segments: list[Segment], deleted: dict[str, np.ndarray]) -> None:
    """Each language pool's centroid and covariance, from a fixed sample of live passages."""
    by_lang: dict[str, list[np.ndarray]] = {}
    for seg in segments:
        alive = np.ones(len(seg), dtype=bool)
        if seg.name in deleted:
            alive[deleted[seg.name]] = False
        for lang, (_, rows) in seg.dense.items():
            live = np.asarray(rows)[alive[rows]]
            by_lang.setdefault(lang, []).append(
                np.asarray(seg.vectors[_sample(live)], dtype=np.float64)
            )
    arrays = {}
    for lang, chunks in by_lang.items():
        sample = np.concatenate(chunks)
        sample = sample[_sample(np.arange(len(sample)))]
        if len(sample) == 0:
            continue
        mean = sample.mean(axis=0)
        cov = np.cov(sample, rowvar=False, bias=True) if len(sample) > 1 else np.eye(len(mean))
        arrays[f"{lang}.mean"], arrays[f"{lang}.cov"] = mean, np.atleast_2d(cov)
    with open(folder / "pools.npz", "wb") as f:
        np.savez(f, **arrays)


def _read_stats(folder: Path) -> dict[str, PoolStats]:
    with np.load(folder / "pools.npz") as data:
        langs = {name.split(".")[0] for name in data.files}
        return {lang: PoolStats(data[f"{lang}.mean"], data[f"{lang}.cov"]) for lang in langs}


def _sample(ids: np.ndarray) -> np.ndarray:
    if len(ids) <= STATS_SAMPLE:
        return ids
    rows = np.random.default_rng(0).choice(len(ids), STATS_SAMPLE, replace=False)
    return ids[np.sort(rows)]


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check(folder: Path, verify: bool) -> None:
    """The version's own files as saved; ValueError naming the first that is not."""
    sums = json.loads((folder / CHECKSUMS).read_text())
    for name, digest in sums.items():
        path = folder / name
        if not path.exists():
            raise ValueError(f"{folder.name}/{name} is missing")
        if verify and _sha256(path) != digest:
            raise ValueError(f"{folder.name}/{name} has changed since it was saved")


def _prune(root: Path, keep: set[str]) -> None:
    now = time.time()
    for old in root.iterdir():
        if old.name.startswith((".tmp-", ".CURRENT-")):
            # What a save killed half-way left behind. Not a fresh one: another process
            # (a reindex beside a starting server) may be writing it right now.
            try:
                fresh = now - old.stat().st_mtime < STALE_TMP_SECONDS
            except OSError:  # gone already
                continue
            if not fresh:
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
        elif old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
