"""The retrieval index: passages, their vectors in FAISS, and BM25, saved beside the store.

An index lives in its own folder under <data dir>/index/; a file CURRENT names the
folder in use. A rebuild writes a new folder and then replaces CURRENT in one
rename, so readers see the old index or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from corpus.errors import Unavailable
from corpus.model import Resolution
from corpus.store import Store
from embeddings.base import Embedder
from retriever import dense
from retriever.lexical import BM25, tokenize
from retriever.passages import Passage

# 2: a checksums.json beside the files, checked at load (a file garbled in place may still
# parse, and would serve wrong vectors or misquote paragraphs). A format-1 index still
# loads, and the wiring's sync_index replaces it.
FORMAT = 3  # 3: passages say whether they were printed unnumbered
CHECKSUMS = "checksums.json"
FILES = ("vectors.npy", "dense.faiss", "passages.jsonl", "info.json")
STALE_TMP_SECONDS = 3600  # a .tmp- folder this old was left by a killed save

log = logging.getLogger("resolute.index")


def passages_of(resolutions: list[Resolution]) -> list[Passage]:
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

    def is_current(self, store_revision: int, embedder: str) -> bool:
        """Built from this store revision, by this embedder, in this code's format."""
        return (self.store_revision, self.embedder, self.format) == (
            store_revision,
            embedder,
            FORMAT,
        )


class RetrievalIndex:
    def __init__(
        self,
        passages: list[Passage],
        vectors: np.ndarray,
        faiss_index: faiss.Index,
        tokens: list[list[str]],
        info: IndexInfo,
    ) -> None:
        self.passages = passages
        self.vectors = vectors
        self.faiss = faiss_index
        self.bm25 = BM25(tokens)
        self.tokens = tokens
        self.info = info
        self.version = ""  # the folder name under <data dir>/index once saved or loaded
        self.by_key: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(passages):
            self.by_key.setdefault(p.key, []).append(i)

    def __len__(self) -> int:
        return len(self.passages)

    @classmethod
    def build(cls, store: Store, embedder: Embedder, index_type: str = "auto") -> RetrievalIndex:
        revision = store.revision
        passages = passages_of(store.resolutions())
        vectors = embedder.embed_passages([p.text for p in passages])
        if len(passages) == 0:
            vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        faiss_index = dense.build(vectors, index_type)
        info = IndexInfo(
            FORMAT,
            embedder.name,
            embedder.dim,
            dense.choose_type(index_type, len(passages)),
            revision,
            len(passages),
            time.time(),
        )
        return cls(passages, vectors, faiss_index, [tokenize(p.text) for p in passages], info)

    # -- persistence
    def save(self, data_dir: Path) -> Path:
        root = data_dir / "index"
        root.mkdir(parents=True, exist_ok=True)
        stamp = hashlib.sha256(f"{self.info}".encode()).hexdigest()[:12]
        folder = root / f"r{self.info.store_revision}-{stamp}"
        tmp = root / f".tmp-{folder.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        np.save(tmp / "vectors.npy", self.vectors)
        dense.save(self.faiss, tmp / "dense.faiss")
        with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
            for p, toks in zip(self.passages, self.tokens, strict=True):
                f.write(json.dumps({**asdict(p), "tokens": toks}, ensure_ascii=False) + "\n")
        (tmp / "info.json").write_text(json.dumps(asdict(self.info)))
        sums = {name: _sha256(tmp / name) for name in FILES}
        (tmp / CHECKSUMS).write_text(json.dumps(sums, indent=1))
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        pointer = root / f".CURRENT-{os.getpid()}"
        pointer.write_text(folder.name)
        os.replace(pointer, root / "CURRENT")
        _prune(root, keep=folder.name)
        self.version = folder.name
        return folder

    @classmethod
    def load(cls, data_dir: Path) -> RetrievalIndex:
        """Load the current index; a missing or corrupt one is a clear Unavailable error."""
        root = data_dir / "index"
        try:
            name = (root / "CURRENT").read_text().strip()
            folder = root / name
            if not name or "/" in name or not folder.is_dir():
                raise FileNotFoundError(f"CURRENT names {name!r}, which is not a folder in {root}")
            info = IndexInfo(**json.loads((folder / "info.json").read_text()))
            _verify(folder, info)
            passages, tokens = [], []
            with open(folder / "passages.jsonl", encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    tokens.append(d.pop("tokens"))
                    passages.append(Passage(**d))
            vectors = np.load(folder / "vectors.npy")
            faiss_index = dense.load(folder / "dense.faiss")
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise Unavailable(
                f"the search index in {root} is missing or damaged ({exc.__class__.__name__}: "
                f"{exc}); run `resolute reindex` to rebuild it from the store"
            ) from exc
        if faiss_index.ntotal != len(passages) or len(vectors) != len(passages):
            raise Unavailable(
                f"the search index in {folder} is inconsistent; run `resolute reindex`"
            )
        index = cls(passages, vectors, faiss_index, tokens, info)
        index.version = name
        return index


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
        folder = root / (root / "CURRENT").read_text().strip()
        return IndexInfo(**json.loads((folder / "info.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(folder: Path, info: IndexInfo) -> None:
    """Every file as saved, byte for byte; ValueError naming the first that is not."""
    sums_file = folder / CHECKSUMS
    if not sums_file.exists() and info.format == 1:
        return  # saved before checksums; sync_index rebuilds it as out of date
    sums = json.loads(sums_file.read_text())
    for name in FILES:
        if _sha256(folder / name) != sums.get(name):
            raise ValueError(f"{folder.name}/{name} has changed since it was saved")


def _prune(root: Path, keep: str) -> None:
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
        elif old.is_dir() and old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
