"""Cross-language retrieval: variants of the fusion measured against each other, retrieval only.

    RESOLUTE_DATA_DIR=... python -m bench.xlang bench/data/questions_extra.jsonl \
        --split bench/data/calibration_split.json --side seen [--variants NAME ...]

Prints hit@1 and hit@5 per language for each variant on the answerable questions of one side
of the split (choose on "seen"; read "unseen" once, for the choice and the baseline). The
variants, all over the same index and query vectors:

- ``before``: raw cosine over every passage, BM25 at full weight (the fusion until this change);
- ``pools``: cosines calibrated per language pool (`retriever.pools`), BM25 at full weight;
- ``reach``: raw cosine, BM25 weighed by the share of paragraphs held in the question's language;
- ``shipped``: both, as `retriever.search.Searcher` runs (the product);
- ``dense``: the calibrated pools alone;
- ``terms-lex`` / ``aligned-lex``: shipped, plus the question's Chinese terms translated through
  a bilingual list (`bench/data/un_terms_zh_en.toml`, or one aligned from the zh/en paragraph
  pairs the store holds) as a lexical ranker of their own; ``terms-dense``: the same English
  terms appended to the dense query instead.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from corpus.store import Store
from evaluation.questions import Question, load_questions, resolve_gold
from evaluation.resources import open_evaluated
from evaluation.split import load_split
from retriever import search as S
from retriever.lexical import Scope, tokenize
from understanding import understand
from wiring.settings import load_settings

TERMS = Path(__file__).parent / "data" / "un_terms_zh_en.toml"
Terms = dict[str, str]


class Memo:
    """The embedder, each query embedded once across variants."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.seen: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        for t in texts:
            if t not in self.seen:
                self.seen[t] = self.inner.embed_queries([t])[0]  # type: ignore[attr-defined]
        return np.array([self.seen[t] for t in texts])


class Variant(S.Searcher):
    def __init__(
        self,
        base: S.Searcher,
        pools: bool = True,
        reach: bool = True,
        terms: Terms | None = None,
        terms_dense: bool = False,
    ) -> None:
        super().__init__(base.index, base.embedder, base.mode, base.glossary)
        self.use_pools, self.use_reach, self.terms_dense = pools, reach, terms_dense
        self.terms = terms or {}
        keys = sorted(self.terms, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(k) for k in keys) or r"(?!)")

    def _fuse(
        self,
        text: str,
        lang: str,
        scope: Scope,
        allowed: np.ndarray | None,
        like: tuple[str, str] | None = None,
    ) -> tuple[list[tuple[int, float]], np.ndarray | None, set[str]]:
        qtokens = tokenize(text)
        english = [] if lang == "en" else [self.terms[m] for m in self.pattern.findall(text)]
        english = list(dict.fromkeys(english))
        dtext = f"{text} ({'; '.join(english)})" if english and self.terms_dense else text
        qvec = self.embedder.embed_queries([dtext])[0]
        if self.use_pools:
            ids = self.pools.ranking(qvec, S.CANDIDATES, allowed)
        else:
            ids = self._dense_any_language(qvec, allowed)
        rankings = [(ids, 1.0)]
        reach = self.pools.held_share(lang, allowed) if self.use_reach else 1.0
        lexical = self.index.lexical
        if reach > 0:
            rankings.append(
                (lexical.search(qtokens, S.CANDIDATES, scope), S.LEXICAL_WEIGHT * reach)
            )
        if english and not self.terms_dense:
            found = lexical.search(tokenize(" ".join(english)), S.CANDIDATES, scope)
            rankings.append((found, S.LEXICAL_WEIGHT))
        scores: dict[int, float] = {}
        for ranking, weight in rankings:
            seen: set[int] = set()
            for i in ranking:
                paragraph = self.index.paragraph(i)
                if paragraph not in seen:
                    seen.add(paragraph)
                    scores[paragraph] = scores.get(paragraph, 0.0) + weight / (S.RRF_K + len(seen))
        return sorted(scores.items(), key=lambda kv: -kv[1]), qvec, set(qtokens)


def aligned_terms(store: Store, min_pairs: int = 3, min_dice: float = 0.6) -> Terms:
    """A zh -> en word list from the paragraphs held in both languages (Dice co-occurrence)."""
    zc: Counter[str] = Counter()
    ec: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for r in store.resolutions():
        for p in r.paragraphs:
            if "zh" in p.text and "en" in p.text:
                zt = {t for t in tokenize(p.text["zh"]) if len(t) >= 2 and not t.isascii()}
                et = set(tokenize(p.text["en"]))
                zc.update(zt)
                ec.update(et)
                both.update((z, e) for z in zt for e in et)
    best: dict[str, tuple[str, float]] = {}
    for (z, e), c in both.items():
        dice = 2 * c / (zc[z] + ec[e])
        if c >= min_pairs and dice >= min_dice and dice > best.get(z, ("", 0.0))[1]:
            best[z] = (e, dice)
    return {z: e for z, (e, _) in best.items()}


def variants(base: S.Searcher, store: Store) -> dict[str, Callable[[], S.Searcher]]:
    un = tomllib.loads(TERMS.read_text(encoding="utf-8"))["bilingual"]
    return {
        "before": lambda: Variant(base, pools=False, reach=False),
        "pools": lambda: Variant(base, reach=False),
        "reach": lambda: Variant(base, pools=False),
        "shipped": lambda: S.Searcher(base.index, base.embedder, base.mode, base.glossary),
        "dense": lambda: S.Searcher(base.index, base.embedder, "dense", base.glossary),
        "terms-lex": lambda: Variant(base, terms=un),
        "aligned-lex": lambda: Variant(base, terms=aligned_terms(store)),
        "terms-dense": lambda: Variant(base, terms=un, terms_dense=True),
    }


def rank(searcher: S.Searcher, q: Question) -> int | None:
    keys = [h.passage.key for h in searcher.search(S.Query.of(understand(q.q, searcher.symbols)))]
    return next((i + 1 for i, k in enumerate(keys) if k in q.gold), None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--split", type=Path)
    ap.add_argument("--side", default="all", choices=("all", "seen", "unseen"))
    ap.add_argument("--variants", nargs="*")
    args = ap.parse_args(argv)
    questions = [q for q in load_questions(args.questions) if q.answerable]
    split = load_split(args.split) if args.split else None
    if split and args.side != "all":
        questions = [q for q in questions if split.of(q) == args.side]
    store, base = open_evaluated(load_settings())
    resolve_gold(questions, store)
    base.embedder = Memo(base.embedder)  # type: ignore[assignment]
    table = variants(base, store)
    print(f"{args.questions}, side {args.side}: answerable questions, retrieval top 5\n")
    print("| variant | lang | n | hit@1 | hit@5 |\n|---|---|---|---|---|")
    for name in args.variants or list(table):
        searcher = table[name]()
        ranks = {q.id: rank(searcher, q) for q in questions}
        for lang in ("en", "zh"):
            rs = [ranks[q.id] for q in questions if q.lang == lang]
            if rs:
                h1 = sum(r == 1 for r in rs) / len(rs)
                h5 = sum(r is not None and r <= 5 for r in rs) / len(rs)
                print(f"| {name} | {lang} | {len(rs)} | {h1:.3f} | {h5:.3f} |", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
