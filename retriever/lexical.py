"""BM25 over paragraphs, on disk in a tantivy index: our tokens, tantivy's scoring and storage.

Tokens are ours, the same for indexing and questions: English word tokens; Chinese jieba
words plus character bigrams, because jieba may cut a term in the question differently from
the same term in the paragraph. They reach tantivy joined by spaces and split on whitespace,
so its own analyzers never re-cut them.

Why tantivy (bench/lexical_libs.py, README "Scaling"): an on-disk, memory-mapped index that
the workers of a host share; documents added and deleted without a rebuild; BM25 with
statistics over the whole index; filters by symbol, year, kind and paragraph family as
indexed terms, so no query loops over passages in Python.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from retriever.passages import Passage

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_EN_STOP = frozenset(
    """a an and are as at be by for from has have in is it its of on or that the this to was
    were which with what where who how does did do about say says said paragraph resolution
    resolutions show me tell""".split()
)
_ZH_STOP = frozenset(
    "的 了 在 是 和 与 及 或 对 中 关于 哪 哪一 哪一段 一段 段 什么 内容 决议 号 说".split()
)
TOKENIZER = "resolute-tokens"  # whitespace: the text indexed is our tokens joined by spaces
WRITER_HEAP = 200_000_000  # bytes tantivy buffers before it writes a segment

_jieba = None


def _cut(text: str) -> list[str]:
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba.lcut(text)


def tokenize(text: str) -> list[str]:
    low = text.lower()
    tokens = [w for w in _WORD.findall(low) if w not in _EN_STOP]
    for run in _CJK_RUN.findall(low):
        tokens += [w for w in _cut(run) if w.strip() and w not in _ZH_STOP]
        tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    return tokens


def family_of(symbol: str, pid: str) -> str:
    """The term naming a paragraph and its items: 'A/RES/66/45|OP3' for OP3, OP3(a), OP3(a)(i)."""
    return f"{symbol}|{pid.split('(')[0]}"


@dataclass(frozen=True)
class Scope:
    """Which passages a search may return; empty fields do not restrict."""

    symbols: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kind: str | None = None
    family: str | None = None  # a paragraph id: it and its items, of `symbols`

    @property
    def restricts(self) -> bool:
        return bool(self.symbols or self.years or self.kind or self.family)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("body", stored=False, tokenizer_name=TOKENIZER, index_option="freq")
    for name in ("symbol", "family", "kind"):
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", indexed=True)
    b.add_integer_field("gid", fast=True)  # the passage's id in the retrieval index
    return b.build()


def _open(folder: Path, create: bool = False) -> tantivy.Index:
    index = tantivy.Index(_schema(), path=str(folder), reuse=not create)
    index.register_tokenizer(
        TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    return index


class LexicalIndex:
    """A reader over one saved lexical index: a fixed snapshot until the process opens a new
    retrieval index (a reload opens a new folder, never this one changed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index = _open(folder)
        self._searcher = self._index.searcher()
        self._schema = self._index.schema

    def __len__(self) -> int:
        return int(self._searcher.num_docs)

    def doc_freq(self, token: str) -> int:
        return int(self._searcher.doc_freq("body", token))

    def search(self, tokens: Iterable[str], k: int, scope: Scope | None = None) -> list[int]:
        """Passage ids by BM25, best first, at most `k`, only those `scope` allows."""
        terms = sorted(set(tokens))
        if not terms or k <= 0:
            return []
        q = tantivy.Query
        query = q.boolean_query(
            [(tantivy.Occur.Should, q.term_query(self._schema, "body", t, "freq")) for t in terms]
        )
        if scope is not None and scope.restricts:
            query = q.boolean_query(
                [(tantivy.Occur.Must, query)]
                + [(tantivy.Occur.Must, q.const_score_query(f, 0.0)) for f in self._filters(scope)]
            )
        hits = self._searcher.search(query, k).hits
        if not hits:
            return []
        gids = self._searcher.fast_field_values("gid", [address for _, address in hits])
        return [int(g) for g in gids if g is not None]

    def _filters(self, scope: Scope) -> list[tantivy.Query]:
        q, schema = tantivy.Query, self._schema
        out = []
        if scope.family is not None:
            fams = [family_of(s, scope.family) for s in scope.symbols]
            out.append(q.term_set_query(schema, "family", fams))
        elif scope.symbols:
            out.append(q.term_set_query(schema, "symbol", list(scope.symbols)))
        if scope.years:
            out.append(q.term_set_query(schema, "year", list(scope.years)))
        if scope.kind:
            out.append(q.term_query(schema, "kind", scope.kind))
        return out


class LexicalWriter:
    """Writes a lexical index into a new folder: from nothing, or from an earlier folder
    whose files are linked, not copied (tantivy never changes a file it has written)."""

    def __init__(self, folder: Path, base: Path | None = None) -> None:
        folder.mkdir(parents=True)
        if base is not None:
            for f in base.iterdir():
                if f.is_file() and not f.name.endswith(".lock"):
                    _link_or_copy(f, folder / f.name)
        self._index = _open(folder, create=base is None)
        self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)

    def add(self, gid: int, passage: Passage, tokens: list[str]) -> None:
        doc = tantivy.Document()
        doc.add_text("body", " ".join(tokens))
        doc.add_text("symbol", passage.symbol)
        doc.add_text("family", family_of(passage.symbol, passage.pid))
        doc.add_text("kind", passage.kind)
        if passage.year is not None:
            doc.add_integer("year", passage.year)
        doc.add_integer("gid", gid)
        self._writer.add_document(doc)

    def delete_symbol(self, symbol: str) -> None:
        self._writer.delete_documents_by_term("symbol", symbol)

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        # Files of merged-away segments: not needed by this folder's index any more.
        self._index.writer(heap_size=15_000_000, num_threads=1).garbage_collect_files()


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)
