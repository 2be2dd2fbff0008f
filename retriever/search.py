"""Hybrid paragraph search: filter, fetch what is named, dense + lexical, fuse, deduplicate.

Every hit is a paragraph of a resolution, so every hit is already a citation. The searcher
reads no question's words: its caller understands the question once (`understanding`) and
says in a `Query` what it names and what is left to search with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpus.errors import ConfigError, InvalidInput
from corpus.ids import ParagraphId
from embeddings.base import Embedder
from retriever import dense
from retriever.glossary import Glossary
from retriever.index import RetrievalIndex
from retriever.lexical import tokenize
from retriever.passages import Passage
from retriever.pools import LanguagePools
from understanding import Understood

RRF_K = 60  # reciprocal rank fusion constant
# Weighted RRF: BM25's ranking counts 1.5x. Measured (bench/data/questions.jsonl, 96 q):
# hit@1 0.958 at 1.0, 0.969 at 1.5 and at 2.0; the dev set 0.933 -> 1.000 at 1.5.
LEXICAL_WEIGHT = 1.5
# ... times the share of the candidate paragraphs held in the question's language, which its
# words can match at all (1 for English; `retriever.pools`, README "Benchmarks").
CANDIDATES = 50  # per ranker, before fusion
EXPLICIT_SCORE = 1.0  # an explicitly named paragraph outranks anything fused


@dataclass(frozen=True)
class Filters:
    symbols: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kind: str | None = None  # "preambular" | "operative"
    lang: str | None = None  # quote language the caller wants


@dataclass(frozen=True)
class Query:
    """What to search for: the words, and the references the question named.

    A chat follow-up resolves these against its conversation (symbols the previous turn was
    about, its topic) before searching, so they need not be the question's own.
    """

    text: str  # the words to search with: the topic, or the question when nothing else is left
    lang: str  # the question's language, which the quotes are wanted in: "en" | "zh"
    symbols: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    paragraph: ParagraphId | None = None
    is_lookup: bool = False  # only a reference: fetch the paragraph, search for nothing

    @classmethod
    def of(cls, understood: Understood) -> Query:
        """A question's query, as its words alone say."""
        u = understood
        return cls(u.topic or u.question, u.lang, u.symbols, u.years, u.paragraph, u.is_lookup)


@dataclass(frozen=True)
class Hit:
    passage: Passage  # the paragraph in the language it is quoted in
    score: float
    explicit: bool = False  # the query named this paragraph
    cosine: float = 0.0  # query-paragraph similarity, best over the paragraph's languages
    coverage: float = 0.0  # share of the query's words found in the paragraph
    # How far the cosine stands above its language pool's usual cosine to this query, in
    # standard deviations (retriever/pools.py): comparable across languages, unlike `cosine`.
    standing: float = 0.0


MODES = ("hybrid", "dense", "lexical")


class Searcher:
    def __init__(
        self,
        index: RetrievalIndex,
        embedder: Embedder,
        mode: str = "hybrid",
        glossary: Glossary | None = None,
    ) -> None:
        if mode not in MODES:
            raise ConfigError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        self.index = index
        self.embedder = embedder
        self.mode = mode
        self.glossary = glossary or Glossary({})
        self.symbols = {p.symbol for p in index.passages}
        self.pools = LanguagePools(index.passages, index.vectors)

    def search(
        self,
        query: Query,
        k: int = 5,
        filters: Filters | None = None,
        like: tuple[str, str] | None = None,
    ) -> list[Hit]:
        """Paragraphs for `query`, best first; `filters` win over what the query names.

        `like` names a paragraph the answer should resemble: a follow-up asking
        for "the same" in another resolution of the series searches with that
        paragraph's own vectors and words as well.
        """
        if not 1 <= k <= 100:
            raise InvalidInput(f"k must be between 1 and 100, got {k}")
        filters = filters or Filters()
        symbols = filters.symbols or query.symbols
        years = filters.years or (() if symbols else query.years)
        allowed = self._allowed(symbols, years, filters.kind)
        want = filters.lang or query.lang
        hits: list[Hit] = []
        if query.paragraph is not None and symbols:
            if query.is_lookup:
                return self.lookup(symbols, query.paragraph, want)[:k]
            # "which item of paragraph 3 ..." searches within paragraph 3 and its items
            family = self._family(symbols, query.paragraph)
            if len(family) > 1:
                allowed = family if allowed is None else np.intersect1d(allowed, family)
            else:
                hits = self.lookup(symbols, query.paragraph, want)
        if allowed is not None and len(allowed) == 0:
            return hits[:k]
        text = self.glossary.expand(query.text)
        fused, qvec, qtokens = self._fuse(text, query.lang, allowed, like)
        seen = {h.passage.key for h in hits}
        norms = self.pools.calibrations(qvec) if qvec is not None else {}
        for key, score in fused:
            if key in seen:
                continue
            seen.add(key)
            cosine, coverage, standing = self._strength(key, qvec, qtokens, norms)
            hits.append(Hit(self._in_language(key, want), score, False, cosine, coverage, standing))
            if len(hits) >= k:
                break
        return hits[:k]

    def lookup(self, symbols: tuple[str, ...], pid: ParagraphId, lang: str) -> list[Hit]:
        """The named paragraph of each resolution that has it, in the order named.

        Each in `lang` when held. The one lookup of a named paragraph: the search puts it
        first, and the chat quotes it for "OP 9 of 62/37".
        """
        out = []
        for symbol in symbols:
            if (symbol, str(pid)) in self.index.by_key:
                out.append(Hit(self._in_language((symbol, str(pid)), lang), EXPLICIT_SCORE, True))
        return out

    def _strength(
        self,
        key: tuple[str, str],
        qvec: np.ndarray | None,
        qtokens: set[str],
        norms: dict[str, tuple[float, float]],
    ) -> tuple[float, float, float]:
        """How strongly a paragraph answers the query, for grounding: its best cosine, the
        share of the query's words it holds, and its best standing in its language's pool."""
        ids = self.index.by_key[key]
        cosine = standing = 0.0
        if qvec is not None:
            cosines = [float(self.index.vectors[i] @ qvec) for i in ids]
            cosine = max(cosines)
            standing = max(
                _standing(c, norms.get(self.index.passages[i].lang))
                for i, c in zip(ids, cosines, strict=True)
            )
        if not qtokens:
            return cosine, 0.0, standing
        found = max(len(qtokens & set(self.index.tokens[i])) for i in ids)
        return cosine, found / len(qtokens), standing

    # -- steps
    def _allowed(
        self, symbols: tuple[str, ...], years: tuple[int, ...], kind: str | None
    ) -> np.ndarray | None:
        if not (symbols or years or kind):
            return None
        ids = [
            i
            for i, p in enumerate(self.index.passages)
            if (not symbols or p.symbol in symbols)
            and (not years or p.year in years)
            and (not kind or p.kind == kind)
        ]
        return np.array(ids, dtype=np.int64)

    def similarity(self, a: tuple[str, str], b: tuple[str, str]) -> float:
        """Cosine of two paragraphs, best over their language versions."""
        va = self.index.vectors[self.index.by_key.get(a, [])]
        vb = self.index.vectors[self.index.by_key.get(b, [])]
        if len(va) == 0 or len(vb) == 0:
            return 0.0
        return float((va @ vb.T).max())

    def known_share(self, text: str) -> float:
        """Share of the query's words that occur anywhere in the corpus: low for off-topic."""
        tokens = set(tokenize(self.glossary.expand(text)))
        if not tokens:
            return 0.0
        return sum(t in self.index.bm25.postings for t in tokens) / len(tokens)

    def _family(self, symbols: tuple[str, ...], pid: ParagraphId) -> np.ndarray:
        """Ids of the passages of a paragraph and of its sub-paragraphs."""
        root = str(pid)
        return np.array(
            [
                i
                for i, p in enumerate(self.index.passages)
                if p.symbol in symbols and (p.pid == root or p.pid.startswith(root + "("))
            ],
            dtype=np.int64,
        )

    def _fuse(
        self,
        text: str,
        lang: str,
        allowed: np.ndarray | None,
        like: tuple[str, str] | None = None,
    ) -> tuple[list[tuple[tuple[str, str], float]], np.ndarray | None, set[str]]:
        """Reciprocal rank fusion of the dense and lexical rankings, by paragraph.

        Dense: cosines calibrated per language pool (`retriever.pools`), so a question does
        not favour the texts held in its own language. Lexical: the query's words can only
        match paragraphs held in its language `lang`, so BM25's ranking weighs in by the
        share of candidate paragraphs held in that language (all of them for an English
        question, few for a Chinese one while most texts are English only).
        """
        rankings: list[tuple[list[int], float]] = []
        qvec = None
        qtokens = tokenize(text)
        like_ids = self.index.by_key.get(like, []) if like else []
        if self.mode != "lexical":
            qvec = self.embedder.embed_queries([text])[0]
            rankings.append((self.pools.ranking(self.index.faiss, qvec, CANDIDATES, allowed), 1.0))
            for i in like_ids:  # each language version of the paragraph, as a query
                _, ids = dense.search(self.index.faiss, self.index.vectors[i], CANDIDATES, allowed)
                rankings.append((ids.tolist(), 1.0))
        if self.mode != "dense":
            reach = 1.0 if self.mode == "lexical" else self.pools.held_share(lang, allowed)
            if reach > 0:
                rankings.append((self._lexical(qtokens, allowed), LEXICAL_WEIGHT * reach))
            for i in like_ids:
                rankings.append((self._lexical(self.index.tokens[i], allowed), LEXICAL_WEIGHT))
        scores: dict[tuple[str, str], float] = {}
        for ranking, weight in rankings:
            seen: set[tuple[str, str]] = set()
            rank = 0
            for i in ranking:
                key = self.index.passages[i].key
                if key in seen:  # a paragraph's other language counts once per ranker
                    continue
                seen.add(key)
                rank += 1
                scores[key] = scores.get(key, 0.0) + weight / (RRF_K + rank)
        return sorted(scores.items(), key=lambda kv: -kv[1]), qvec, set(qtokens)

    def _lexical(self, tokens: list[str], allowed: np.ndarray | None) -> list[int]:
        lexical = self.index.bm25.scores(tokens)
        if allowed is not None:
            mask = np.full(len(lexical), -np.inf, dtype=np.float32)
            mask[allowed] = 0
            lexical = lexical + mask
        top = np.argsort(-lexical)[:CANDIDATES]
        return [int(i) for i in top if lexical[i] > 0]

    def _in_language(self, key: tuple[str, str], lang: str) -> Passage:
        """The paragraph in the wanted language when held, else in the one it has."""
        ids = self.index.by_key[key]
        for i in ids:
            if self.index.passages[i].lang == lang:
                return self.index.passages[i]
        return self.index.passages[ids[0]]


def _standing(cosine: float, norm: tuple[float, float] | None) -> float:
    """Standard deviations above the pool's mean cosine to the query (0 with no pool)."""
    if norm is None:
        return 0.0
    mean, std = norm
    return (cosine - mean) / std
