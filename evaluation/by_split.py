"""A question set scored per language and per calibration split, with LangChain's recipe beside.

For each question, Resolute's search (the rank of the first gold paragraph) and its chat
answer, scored the way a reader would: the first citation right; grounded but with a wrong
first citation (the costly failure: a confident answer that points at the wrong text);
refused although the texts answer; for a `change` question, every year cited; for a
`refusal` question, nothing grounded and nothing cited. `report` prints the figures by
language (en, zh) and by split (seen, unseen), the recipe's rows beside Resolute's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chat.answer import Answer
from chat.service import ChatService
from corpus.store import Store
from evaluation.answers import private_chat
from evaluation.questions import Question, phrase_in, resolve_gold
from evaluation.retrieval import RECIPE, RESOLUTE, searcher_ranker
from evaluation.split import NEITHER, SEEN, UNSEEN, Split
from retriever.search import Searcher

LANGS = ("en", "zh")
SIDES = ("all", SEEN, UNSEEN)
LANG_NAMES = {"en": "English", "zh": "Chinese"}

# (first chunk holds a gold, every gold held by one of the stuffed chunks) for a question
Stuffed = Callable[[Question], tuple[bool, bool]]
Ranked = Callable[[Question], int | None]


@dataclass
class Outcome:
    """What one system did with one question."""

    id: str
    lang: str
    side: str  # seen, unseen, or "-" (a refusal question, or a resolution in neither list)
    kind: str
    rank: int | None = None  # retrieval: 1-based rank of the first gold, None if not in top 10
    grounded: bool = False
    cited: bool = False
    first_right: bool = False
    all_cited: bool = False  # every gold pair matched by some citation
    said: str = ""  # for the misses: the first citation or the answer's opening words


def matches(q: Question, symbol: str, pid: str, quote: str) -> list[bool]:
    """For each gold pair, whether this citation matches it.

    Phrase gold: the same symbol, and the quote holds the phrase (letters and digits,
    case-insensitive) or the cited paragraph is one the phrase resolved to (a Chinese quote
    of a paragraph whose English text holds it). Paragraph gold: the same paragraph.
    """
    if q.phrases:
        return [
            s == symbol
            and (phrase_in(p, quote) or (i < len(q.resolved) and (symbol, pid) in q.resolved[i]))
            for i, (s, p) in enumerate(q.phrases)
        ]
    return [(s, p) == (symbol, pid) for s, p in q.gold]


def score_answer(q: Question, answer: Answer, side: str, rank: int | None = None) -> Outcome:
    cites = answer.citations
    hits = [matches(q, c.symbol, str(c.pid), c.quote) for c in cites]
    npairs = len(q.phrases or q.gold)
    said = f"{cites[0].symbol} {cites[0].pid}" if cites else answer.text[:60]
    return Outcome(
        q.id,
        q.lang,
        side,
        q.kind,
        rank,
        grounded=answer.grounded,
        cited=bool(cites),
        first_right=bool(hits) and any(hits[0]),
        all_cited=bool(hits) and all(any(h[i] for h in hits) for i in range(npairs)),
        said=said,
    )


def run_resolute(
    questions: list[Question], service: ChatService, searcher: Searcher, split: Split | None
) -> list[Outcome]:
    rank = searcher_ranker(searcher)
    out = []
    for q in questions:
        side = split.of(q) if split else NEITHER
        r = rank(q) if q.answerable else None
        out.append(score_answer(q, service.ask(q.q).answer, side, r))
    return out


def run_recipe(
    questions: list[Question], rank: Ranked, stuffed: Stuffed, split: Split | None
) -> list[Outcome]:
    """The recipe's outcomes: it always "answers" (grounded, citing its chunks), never refuses."""
    out = []
    for q in questions:
        side = split.of(q) if split else NEITHER
        if q.kind == "refusal":
            out.append(Outcome(q.id, q.lang, side, q.kind, grounded=True, cited=True))
            continue
        first, every = stuffed(q)
        r = rank(q) if q.answerable else None
        out.append(Outcome(q.id, q.lang, side, q.kind, r, True, True, first, every))
    return out


def _pick(outcomes: Iterable[Outcome], lang: str, side: str, kind: str) -> list[Outcome]:
    return [
        o
        for o in outcomes
        if o.lang == lang and o.kind == kind and (side == "all" or o.side == side)
    ]


def _frac(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.3f}" if d else "–"


def retrieval_rows(name: str, outcomes: list[Outcome]) -> list[str]:
    rows = []
    for lang in LANGS:
        for side in SIDES:
            ranks = [o.rank for o in _pick(outcomes, lang, side, "")]
            if not ranks:
                continue
            n = len(ranks)
            hit1 = sum(r == 1 for r in ranks)
            hit5 = sum(r is not None and r <= 5 for r in ranks)
            mrr = sum(1 / r for r in ranks if r) / n
            rows.append(
                f"| {name} | {lang} | {side} | {n} | {hit1 / n:.3f} | {hit5 / n:.3f} | {mrr:.3f} |"
            )
    return rows


def chat_rows(name: str, outcomes: list[Outcome]) -> list[str]:
    rows = []
    for lang in LANGS:
        for side in SIDES:
            answerable = _pick(outcomes, lang, side, "")
            change = _pick(outcomes, lang, side, "change")
            refusal = _pick(outcomes, lang, "all", "refusal") if side == "all" else []
            if not (answerable or change or refusal):
                continue
            n = len(answerable)
            right = sum(o.first_right for o in answerable)
            wrong = sum(o.grounded and o.cited and not o.first_right for o in answerable)
            refused = sum(not o.grounded for o in answerable)
            both = sum(o.all_cited for o in change)
            ok = sum(not o.grounded and not o.cited for o in refusal)
            rows.append(
                f"| {name} | {lang} | {side} | {n} | {_frac(right, n)} | {_frac(wrong, n)} | "
                f"{_frac(refused, n)} | {_frac(both, len(change))} | "
                f"{_frac(ok, len(refusal))} |"
            )
    return rows


def summary(outcomes: list[Outcome]) -> str:
    """The figures in one sentence, as the issue asks for them."""
    parts, top5, wrong = [], [], []
    for lang in LANGS:
        ans = _pick(outcomes, lang, "all", "")
        if not ans:
            continue
        name = LANG_NAMES[lang]
        parts.append(f"{sum(o.first_right for o in ans)} of {len(ans)} {name}")
        top5.append(f"{sum(o.rank is not None and o.rank <= 5 for o in ans)} of {len(ans)} {name}")
        wrong.append(f"{sum(o.grounded and o.cited and not o.first_right for o in ans)} {name}")
    return (
        f"The first citation is right for {' and '.join(parts)} questions; the right paragraph "
        f"is in the top five for {' and '.join(top5)}; answers grounded with a wrong first "
        f"citation: {', '.join(wrong)}."
    )


RETRIEVAL_HEAD = [
    "| system | lang | split | n | hit@1 | hit@5 | MRR |",
    "|---|---|---|---|---|---|---|",
]
CHAT_HEAD = [
    "| system | lang | split | answerable | first citation right | grounded, wrong first "
    "citation | refused (answerable) | change: every year cited | refusal questions refused |",
    "|---|---|---|---|---|---|---|---|---|",
]


def report(ours: list[Outcome], recipe: list[Outcome] | None) -> str:
    """Retrieval, then chat, per language and split; the recipe's rows after Resolute's."""
    retrieval = RETRIEVAL_HEAD + retrieval_rows(RESOLUTE, ours)
    chat = CHAT_HEAD + chat_rows("resolute (extractive chat)", ours)
    if recipe is not None:
        retrieval += retrieval_rows(RECIPE, recipe)
        chat += chat_rows(f"{RECIPE} (top chunk quoted)", recipe)
    return "\n".join(
        [
            "Retrieval, answerable questions (a hit: a paragraph holding the gold):",
            "",
            *retrieval,
            "",
            "Chat (rates over answerable questions; change and refusal questions apart):",
            "",
            *chat,
            "",
            summary(ours),
        ]
    )


def misses(ours: list[Outcome], questions: list[Question]) -> list[str]:
    by_id = {q.id: q for q in questions}
    out = []
    for o in ours:
        ok = {"": o.first_right, "change": o.all_cited, "refusal": not o.grounded and not o.cited}
        if not ok[o.kind]:
            where = f"{o.kind or 'single'} {o.id} [{o.lang}, {o.side}]"
            out.append(f"{where} -> {o.said}: {by_id[o.id].q}")
    return out


def describe(questions: list[Question]) -> str:
    kinds = Counter(q.kind or "answerable" for q in questions)
    langs = Counter(q.lang for q in questions)
    return "; ".join(
        [
            ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())),
            ", ".join(f"{n} {LANG_NAMES.get(lang, lang)}" for lang, n in sorted(langs.items())),
        ]
    )


def recipe_outcomes(
    questions: list[Question], store: Store, searcher: Searcher, split: Split | None
) -> list[Outcome] | None:
    """LangChain's recipe on the questions, or None when LangChain is not installed."""
    try:
        from evaluation import langchain_recipe as lc
    except ImportError:
        return None
    built = lc.langchain_store(store, searcher.embedder)
    rank = lc.langchain_ranker(*built)
    return run_recipe(questions, rank, lambda q: lc.stuffed_answer(built, q), split)


def evaluate(
    questions: list[Question],
    store: Store,
    searcher: Searcher,
    split: Split | None,
    langchain: bool = True,
    show_misses: bool = False,
) -> str:
    """The report `resolute eval` prints for phrase gold, kinds or a split."""
    unresolved = resolve_gold(questions, store)
    recipe = recipe_outcomes(questions, store, searcher, split) if langchain else None
    with private_chat(store, searcher) as service:
        ours = run_resolute(questions, service, searcher, split)
    lines = [report(ours, recipe)]
    if langchain and recipe is None:
        lines.append("\n(LangChain's recipe needs `pip install -e '.[bench]'`: not shown.)")
    if unresolved:
        lines.append(f"\nGold phrases no stored paragraph holds ({len(unresolved)}):")
        lines += unresolved
    if show_misses:
        lines.append("\nMissed:")
        lines += misses(ours, questions)
    return "\n".join(lines)
