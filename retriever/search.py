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
from retriever.glossary import Glossary
from retriever.index import RetrievalIndex
from retriever.lexical import Scope, tokenize
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
    kind: str | None = None  # "preambular" | "operative" | "annex" (corpus.ids.Kind)
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
        self.symbols = index.symbols()
        self.pools = LanguagePools(index)

    def over(self, index: RetrievalIndex) -> Searcher:
        """The same search (embedder, mode, glossary) over another version of the index."""
        return Searcher(index, self.embedder, self.mode, self.glossary)

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
        scope = Scope(symbols, years, filters.kind)
        want = filters.lang or query.lang
        hits: list[Hit] = []
        if query.paragraph is not None and symbols:
            if query.is_lookup:
                return self.lookup(symbols, query.paragraph, want)[:k]
            # "which item of paragraph 3 ..." searches within paragraph 3 and its items
            family = self.index.scoped(Scope(symbols, family=str(query.paragraph)))
            if family is not None and len(family) > 1:
                scope = Scope(symbols, years, filters.kind, family=str(query.paragraph))
            else:
                hits = self.lookup(symbols, query.paragraph, want)
        allowed = self.index.scoped(scope)
        if allowed is not None and len(allowed) == 0:
            return hits[:k]
        text = self.glossary.expand(query.text)
        fused, qvec, qtokens = self._fuse(text, query.lang, scope, allowed, like)
        seen = {h.passage.key for h in hits}
        norms = self.pools.calibrations(qvec) if qvec is not None else {}
        for paragraph, score in fused:
            versions = list(self.index.versions(paragraph))
            passage = self._in_language(versions, want)
            if passage.key in seen:
                continue
            seen.add(passage.key)
            cosine, coverage, standing = self._strength(versions, qvec, qtokens, norms)
            hits.append(Hit(passage, score, False, cosine, coverage, standing))
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
            if ids := self.index.key_ids(symbol, str(pid)):
                out.append(Hit(self._in_language(ids, lang), EXPLICIT_SCORE, True))
        return out

    def _strength(
        self,
        ids: list[int],
        qvec: np.ndarray | None,
        qtokens: set[str],
        norms: dict[str, tuple[float, float]],
    ) -> tuple[float, float, float]:
        """How strongly a paragraph answers the query, for grounding: its best cosine, the
        share of the query's words it holds, and its best standing in its language's pool."""
        cosine = standing = 0.0
        if qvec is not None:
            cosines = [float(self.index.vector(i) @ qvec) for i in ids]
            cosine = max(cosines)
            standing = max(
                _standing(c, norms.get(self.index.lang(i)))
                for i, c in zip(ids, cosines, strict=True)
            )
        if not qtokens:
            return cosine, 0.0, standing
        found = max(len(qtokens & set(self.index.tokens(i))) for i in ids)
        return cosine, found / len(qtokens), standing

    def similarity(self, a: tuple[str, str], b: tuple[str, str]) -> float:
        """Cosine of two paragraphs, best over their language versions."""
        ids_a, ids_b = self.index.key_ids(*a), self.index.key_ids(*b)
        if not ids_a or not ids_b:
            return 0.0
        va = np.stack([self.index.vector(i) for i in ids_a])
        vb = np.stack([self.index.vector(i) for i in ids_b])
        return float((va @ vb.T).max())

    def known_share(self, text: str) -> float:
        """Share of the query's words that occur anywhere in the corpus: low for off-topic."""
        tokens = set(tokenize(self.glossary.expand(text)))
        if not tokens:
            return 0.0
        return sum(self.index.lexical.doc_freq(t) > 0 for t in tokens) / len(tokens)

    def _fuse(
        self,
        text: str,
        lang: str,
        scope: Scope,
        allowed: np.ndarray | None,
        like: tuple[str, str] | None = None,
    ) -> tuple[list[tuple[int, float]], np.ndarray | None, set[str]]:
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
        like_ids = self.index.key_ids(*like) if like else []
        if self.mode != "lexical":
            qvec = self.embedder.embed_queries([text])[0]
            rankings.append((self.pools.ranking(qvec, CANDIDATES, allowed), 1.0))
            for i in like_ids:  # each language version of the paragraph, as a query
                rankings.append((self._dense_any_language(self.index.vector(i), allowed), 1.0))
        if self.mode != "dense":
            reach = 1.0 if self.mode == "lexical" else self.pools.held_share(lang, allowed)
            if reach > 0:
                rankings.append(
                    (self.index.lexical.search(qtokens, CANDIDATES, scope), LEXICAL_WEIGHT * reach)
                )
            for i in like_ids:
                ranking = self.index.lexical.search(self.index.tokens(i), CANDIDATES, scope)
                rankings.append((ranking, LEXICAL_WEIGHT))
        scores: dict[int, float] = {}
        for ranking, weight in rankings:
            seen: set[int] = set()
            rank = 0
            for i in ranking:
                paragraph = self.index.paragraph(i)
                if paragraph in seen:  # a paragraph's other language counts once per ranker
                    continue
                seen.add(paragraph)
                rank += 1
                scores[paragraph] = scores.get(paragraph, 0.0) + weight / (RRF_K + rank)
        return sorted(scores.items(), key=lambda kv: -kv[1]), qvec, set(qtokens)

    def _dense_any_language(self, vector: np.ndarray, allowed: np.ndarray | None) -> list[int]:
        """Ids by raw cosine to `vector` over every language (a paragraph as the query)."""
        found = [
            self.index.search_dense(lang, vector, CANDIDATES, allowed)
            for lang in self.index.languages
        ]
        if not found:
            return []
        scores = np.concatenate([s for s, _ in found])
        ids = np.concatenate([i for _, i in found])
        return ids[np.argsort(-scores, kind="stable")][:CANDIDATES].tolist()

    def _in_language(self, ids: list[int], lang: str) -> Passage:
        """The paragraph in the wanted language when held, else in the one it has."""
        for i in ids:
            if self.index.lang(i) == lang:
                return self.index.passage(i)
        return self.index.passage(ids[0])


def _standing(cosine: float, norm: tuple[float, float] | None) -> float:
    """Standard deviations above the pool's mean cosine to the query (0 with no pool)."""
    if norm is None:
        return 0.0
    mean, std = norm
    return (cosine - mean) / std
