"""BM25 over paragraphs: jieba words for Chinese, word tokens for English.

Chinese is also indexed by character bigrams, because jieba may cut a term in
the question differently from the same term in the paragraph.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter

import numpy as np

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


class BM25:
    """Okapi BM25; scores for all documents at once, as a numpy array."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(docs)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.avg = float(self.lengths.mean()) if self.n else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        self.idf = {
            t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self.postings.items()
        }

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg, 1e-9))
        for term in set(query):
            postings = self.postings.get(term)
            if not postings:
                continue
            ids = np.fromiter((i for i, _ in postings), dtype=np.int64, count=len(postings))
            tfs = np.fromiter((tf for _, tf in postings), dtype=np.float32, count=len(postings))
            out[ids] += self.idf[term] * tfs * (self.k1 + 1) / (tfs + norm[ids])
        return out
