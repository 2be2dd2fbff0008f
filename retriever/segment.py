"""One immutable slice of the index: its passages as columns, their vectors, their FAISS indexes.

A million passages as Python objects cost each worker about a gigabyte. Here every column is
a .npy file opened memory-mapped, and the FAISS indexes are read with FAISS's own mapping, so
the workers of one host share a single copy in the page cache and a worker's start reads only
the small files. A segment is written once and never changed: an incremental ingest adds a
segment and marks the replaced passages of older ones as deleted (retriever/index.py).

Within a segment the language versions of a paragraph are consecutive rows, so a paragraph is
named by the row of its first version (`first`) and its versions are `first .. first+n-1`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from retriever import dense
from retriever.passages import Passage

# Every corpus.ids.Kind, by its code in the "kind" column: a new kind goes at the end, so
# the codes of segments already saved keep their meaning.
KINDS = ("preambular", "operative", "annex")
NO_YEAR = -1
CHECKSUMS = "checksums.json"
# Columns and their dtypes; each is <name>.npy in the segment's folder.
COLUMNS = {
    "symbol": np.int32,  # code into meta["symbols"]
    "pid": np.int32,  # code into meta["pids"]
    "lang": np.int8,  # code into meta["langs"]
    "kind": np.int8,  # code into KINDS
    "session": np.int16,
    "year": np.int16,  # NO_YEAR when the adoption date is unknown
    "unnumbered": np.bool_,
    "first": np.int32,  # row of the paragraph's first language version
    "versions": np.int8,  # how many language versions the paragraph has
    "text_end": np.int64,  # texts.bin[text_end[i-1]:text_end[i]] is row i's text (UTF-8)
    "by_symbol": np.int32,  # rows ordered by symbol code (then row)
    "symbol_start": np.int64,  # by_symbol[symbol_start[c]:symbol_start[c+1]]: rows of code c
    "by_key": np.int32,  # rows ordered by (symbol, pid) code
    "key_sorted": np.int64,  # the (symbol, pid) code of each row in `by_key` order
}


def _key_code(symbol: np.ndarray | int, pid: np.ndarray | int) -> np.ndarray | int:
    return np.asarray(symbol, dtype=np.int64) * (1 << 24) + pid


@dataclass
class Segment:
    name: str
    folder: Path
    symbols: list[str]
    pids: list[str]
    langs: list[str]
    columns: dict[str, np.ndarray]
    texts: np.ndarray  # uint8, memory-mapped
    vectors: np.ndarray  # float32 n x dim, memory-mapped
    dense: dict[str, tuple[faiss.Index, np.ndarray]]  # lang -> (index, its rows ascending)
    symbol_code: dict[str, int]
    pid_code: dict[str, int]

    def __len__(self) -> int:
        return len(self.columns["symbol"])

    # -- reading one row
    def text(self, row: int) -> str:
        end = self.columns["text_end"]
        start = int(end[row - 1]) if row else 0
        return bytes(self.texts[start : int(end[row])]).decode("utf-8")

    def passage(self, row: int) -> Passage:
        c = self.columns
        year = int(c["year"][row])
        return Passage(
            self.symbols[int(c["symbol"][row])],
            self.pids[int(c["pid"][row])],
            self.langs[int(c["lang"][row])],
            KINDS[int(c["kind"][row])],
            int(c["session"][row]),
            None if year == NO_YEAR else year,
            self.text(row),
            bool(c["unnumbered"][row]),
        )

    def key(self, row: int) -> tuple[str, str]:
        c = self.columns
        return self.symbols[int(c["symbol"][row])], self.pids[int(c["pid"][row])]

    def lang(self, row: int) -> str:
        return self.langs[int(self.columns["lang"][row])]

    # -- rows by what they are
    def rows_of_symbols(self, symbols: Sequence[str]) -> np.ndarray:
        start, order = self.columns["symbol_start"], self.columns["by_symbol"]
        parts = [
            order[start[c] : start[c + 1]]
            for s in symbols
            if (c := self.symbol_code.get(s)) is not None
        ]
        if not parts:
            return np.zeros(0, np.int64)
        return np.sort(np.concatenate(parts)).astype(np.int64)

    def rows_of_key(self, symbol: str, pid: str) -> np.ndarray:
        s, p = self.symbol_code.get(symbol), self.pid_code.get(pid)
        if s is None or p is None:
            return np.zeros(0, np.int64)
        code = _key_code(s, p)
        keys = self.columns["key_sorted"]
        lo, hi = np.searchsorted(keys, code, "left"), np.searchsorted(keys, code, "right")
        return np.sort(self.columns["by_key"][lo:hi]).astype(np.int64)

    def rows_where(self, years: Sequence[int], kind: str | None) -> np.ndarray:
        """Rows adopted in one of `years` (any, if none given) and of `kind` (any if None)."""
        mask = np.ones(len(self), dtype=bool)
        if years:
            mask &= np.isin(self.columns["year"], np.asarray(years, dtype=np.int16))
        if kind:
            mask &= self.columns["kind"] == KINDS.index(kind)
        return np.flatnonzero(mask)

    # -- persistence
    @classmethod
    def write(
        cls, folder: Path, passages: Sequence[Passage], vectors: np.ndarray, index_type: str
    ) -> None:
        """Write a segment's files into `folder` (which must not exist yet)."""
        folder.mkdir(parents=True)
        symbols = sorted({p.symbol for p in passages})
        pids = sorted({p.pid for p in passages})
        langs = sorted({p.lang for p in passages})
        s_code = {s: i for i, s in enumerate(symbols)}
        p_code = {p: i for i, p in enumerate(pids)}
        l_code = {lang: i for i, lang in enumerate(langs)}
        n = len(passages)
        cols: dict[str, np.ndarray] = {
            "symbol": np.fromiter((s_code[p.symbol] for p in passages), np.int32, n),
            "pid": np.fromiter((p_code[p.pid] for p in passages), np.int32, n),
            "lang": np.fromiter((l_code[p.lang] for p in passages), np.int8, n),
            "kind": np.fromiter((KINDS.index(p.kind) for p in passages), np.int8, n),
            "session": np.fromiter((p.session for p in passages), np.int16, n),
            "year": np.fromiter(
                (NO_YEAR if p.year is None else p.year for p in passages), np.int16, n
            ),
            "unnumbered": np.fromiter((p.unnumbered for p in passages), np.bool_, n),
        }
        first = np.zeros(n, np.int32)
        versions = np.zeros(n, np.int8)
        start = 0
        for i in range(1, n + 1):  # versions of a paragraph are consecutive rows
            if i == n or passages[i].key != passages[start].key:
                first[start:i] = start
                versions[start:i] = i - start
                start = i
        cols["first"], cols["versions"] = first, versions
        encoded = [p.text.encode("utf-8") for p in passages]
        cols["text_end"] = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        order = np.argsort(cols["symbol"], kind="stable").astype(np.int32)
        cols["by_symbol"] = order
        cols["symbol_start"] = np.searchsorted(
            cols["symbol"][order], np.arange(len(symbols) + 1)
        ).astype(np.int64)
        keys = _key_code(cols["symbol"], cols["pid"])
        assert isinstance(keys, np.ndarray)
        by_key = np.argsort(keys, kind="stable").astype(np.int32)
        cols["by_key"], cols["key_sorted"] = by_key, keys[by_key]
        for name, values in cols.items():
            np.save(folder / f"{name}.npy", values.astype(COLUMNS[name], copy=False))
        (folder / "texts.bin").write_bytes(b"".join(encoded))
        np.save(folder / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32))
        for lang, code in l_code.items():
            rows = np.flatnonzero(cols["lang"] == code).astype(np.int64)
            np.save(folder / f"rows-{lang}.npy", rows)
            dense.save(dense.build(vectors[rows], index_type), folder / f"dense-{lang}.faiss")
        meta = {"symbols": symbols, "pids": pids, "langs": langs, "passages": n}
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
        sums = {f.name: [f.stat().st_size, _sha256(f)] for f in sorted(folder.iterdir())}
        (folder / CHECKSUMS).write_text(json.dumps(sums, indent=1))

    @classmethod
    def open(cls, folder: Path, verify: bool = False) -> Segment:
        """Open a segment memory-mapped. Every file must have its saved size; with `verify`,
        its saved checksum too (reads every byte: done once by the process that prepares a
        start, not by each worker). Raises OSError/ValueError naming the file."""
        sums = json.loads((folder / CHECKSUMS).read_text())
        for name, (size, digest) in sums.items():
            path = folder / name
            if not path.exists():
                raise ValueError(f"{folder.name}/{name} is missing")
            if path.stat().st_size != size or (verify and _sha256(path) != digest):
                raise ValueError(f"{folder.name}/{name} has changed since it was saved")
        meta = json.loads((folder / "meta.json").read_text())
        columns = {name: _mapped(folder / f"{name}.npy") for name in COLUMNS}
        n = meta["passages"]
        for name, values in columns.items():
            expected = {"symbol_start": len(meta["symbols"]) + 1}.get(name, n)
            if len(values) != expected:
                raise ValueError(
                    f"{folder.name}/{name}.npy holds {len(values)} rows, not {expected}"
                )
        texts = (
            np.memmap(folder / "texts.bin", dtype=np.uint8, mode="r")
            if (folder / "texts.bin").stat().st_size
            else np.zeros(0, np.uint8)
        )
        vectors = _mapped(folder / "vectors.npy")
        if len(vectors) != n:
            raise ValueError(f"{folder.name}/vectors.npy holds {len(vectors)} rows, not {n}")
        indexes = {}
        for lang in meta["langs"]:
            rows = _mapped(folder / f"rows-{lang}.npy")
            index = dense.load(folder / f"dense-{lang}.faiss")
            if index.ntotal != len(rows):
                raise ValueError(f"{folder.name}/dense-{lang}.faiss does not match its rows")
            indexes[lang] = (index, rows)
        return cls(
            folder.name,
            folder,
            meta["symbols"],
            meta["pids"],
            meta["langs"],
            columns,
            texts,
            vectors,
            indexes,
            {s: i for i, s in enumerate(meta["symbols"])},
            {p: i for i, p in enumerate(meta["pids"])},
        )


def _mapped(path: Path) -> np.ndarray:
    """A saved array, memory-mapped (numpy cannot map an empty one: that is read)."""
    try:
        return np.load(path, mmap_mode="r")
    except ValueError:
        return np.load(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
