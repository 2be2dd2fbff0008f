"""The words of a paragraph, for comparing two texts: tokens for similarity and for diffs.

English is compared by words; Chinese, which has no spaces, by jieba's words (the
segmenter BM25 uses).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

_WORD = re.compile(r"\w+")
_DIFF_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_jieba: Any = None


def normalized(text: str) -> str:
    """Text as compared for "unchanged": case, runs of spaces and closing punctuation aside."""
    return _SPACES.sub(" ", text).strip().rstrip(",;:.").casefold()


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def similarity_tokens(text: str) -> Counter[str]:
    """Words, lower-cased, with their counts: jieba's for Chinese, punctuation aside."""
    if is_chinese(text):
        return Counter(w for w in _segmenter().lcut(text) if any(c.isalnum() for c in w))
    return Counter(_WORD.findall(text.casefold()))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """2|a ∩ b| / (|a| + |b|) over token counts: 1 for the same words, 0 for none shared."""
    total = a.total() + b.total()
    return 2 * (a & b).total() / total if total else 0.0


def _segmenter() -> Any:
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def diff_tokens(text: str) -> list[str]:
    """Tokens that join back into `text` exactly: words, runs of spaces and punctuation for
    English; jieba's words for Chinese."""
    if is_chinese(text):
        return list(_segmenter().lcut(text))
    return _DIFF_TOKEN.findall(text)
