"""`resolute calibrate`: the grounding bars (chat/grounding.py) measured, not fitted.

Per language, on the questions whose resolutions the split lets calibration see (and half
of the refusal questions, by a seeded hash of their ids), each question's evidence is read
once: the five hits the chat would answer from, their cosine and coverage, whether each
matches the gold, and the share of the question's words the corpus knows. Every
combination of bars on a grid is then scored offline: a right first citation counts +1, a
wrong one -WRONG_COST (a confident wrong citation is the worst outcome), an off-topic
question answered -WRONG_COST, an off-topic question refused +1, an answerable question
refused 0. The best combination (the higher bars on a tie) is written for the embedder;
the held-out questions are then scored with it, so the figures say what calibration did
not see.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chat.conversation import SQLiteConversations
from chat.grounding import GROUPS, Bars, calibration_file, group, save_bars
from chat.service import ChatService
from corpus.store import Store
from evaluation.by_split import matches
from evaluation.questions import Question, resolve_gold
from evaluation.split import SEEN, UNSEEN, Split
from retriever.search import Searcher

WRONG_COST = 3
REFUSAL_SALT = "resolute-calibration-refusals-v1"
GRID = {
    "min_cosine": [round(0.70 + 0.01 * i, 3) for i in range(26)],  # 0.70 … 0.95
    "min_known": [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
    "min_coverage": [0.3, 0.5, 0.7, 1.01],  # 1.01: never by coverage
    "min_coverage_cosine": [0.80, 0.85, 0.88],
    # standard deviations above the pool: 2 … 8, or never
    "min_standing": [2.0 + 0.5 * i for i in range(13)] + [float("inf")],
}


@dataclass(frozen=True)
class Evidence:
    """One question's evidence as the chat sees it, read once."""

    id: str
    lang: str
    named: bool  # the question names the resolutions it is searched within
    side: str  # seen / unseen
    refusal: bool
    known: float
    # (explicit, cosine, coverage, standing, right)
    hits: tuple[tuple[bool, float, float, float, bool], ...]


def refusal_side(q: Question) -> str:
    """Half the refusal questions go to calibration, by a fixed hash of their ids."""
    digest = hashlib.sha256(f"{REFUSAL_SALT}:{q.id}".encode()).digest()
    return SEEN if digest[0] % 2 == 0 else UNSEEN


def gather(
    questions: list[Question], store: Store, searcher: Searcher, split: Split, tmp: Path
) -> list[Evidence]:
    """The evidence of every topic question on either side (lookups and facts are not
    judged by the bars, so they are left out)."""
    resolve_gold(questions, store)
    service = ChatService(store, searcher, SQLiteConversations(tmp / "c.sqlite3"))
    out = []
    for q in questions:
        if q.kind not in ("", "refusal"):
            continue
        side = refusal_side(q) if q.kind == "refusal" else split.of(q)
        if side not in (SEEN, UNSEEN):
            continue
        asked = service.resolve(q.q, [])
        if not service.answered_by_search(asked):
            continue
        hits, known = service.searched(asked)
        feats = tuple(
            (
                h.explicit,
                h.cosine,
                h.coverage,
                h.standing,
                q.kind == "" and any(matches(q, h.passage.symbol, h.passage.pid, h.passage.text)),
            )
            for h in hits
        )
        named = bool(asked.symbols)
        out.append(Evidence(q.id, q.lang, named, side, q.kind == "refusal", known, feats))
    return out


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0  # grounded, first citation wrong
    refused: int = 0  # answerable, refused
    answerable: int = 0
    offtopic: int = 0
    offtopic_refused: int = 0

    @property
    def utility(self) -> int:
        answered_offtopic = self.offtopic - self.offtopic_refused
        return (
            self.right
            - WRONG_COST * self.wrong
            + self.offtopic_refused
            - WRONG_COST * answered_offtopic
        )

    def as_dict(self) -> dict[str, float | int]:
        n = self.answerable or 1
        return {
            "answerable": self.answerable,
            "first_citation_right": self.right,
            "wrong_citation_rate": round(self.wrong / n, 3),
            "refused_answerable_rate": round(self.refused / n, 3),
            "offtopic": self.offtopic,
            "offtopic_refused": self.offtopic_refused,
        }


def tally(evidence: list[Evidence], bars: Bars) -> Tally:
    t = Tally()
    for e in evidence:
        first = next(
            (
                right
                for explicit, cosine, coverage, standing, right in e.hits
                if explicit
                or (coverage >= bars.min_coverage and cosine >= bars.min_coverage_cosine)
                or (
                    e.known >= bars.min_known
                    and (cosine >= bars.min_cosine or standing >= bars.min_standing)
                )
            ),
            None,
        )
        if e.refusal:
            t.offtopic += 1
            t.offtopic_refused += first is None
        else:
            t.answerable += 1
            if first is None:
                t.refused += 1
            elif first:
                t.right += 1
            else:
                t.wrong += 1
    return t


FOLDS = 5  # cross-validation inside the seen side, to choose which bars to fit
# The bar sets: the cosine-only one, and the one that may also ground on the standing.
BAR_SETS = {
    "cosine": {**GRID, "min_standing": [float("inf")]},
    "cosine+standing": GRID,
}


@dataclass(frozen=True)
class _Arrays:
    """The evidence as arrays, so that a grid point is scored in a few numpy operations."""

    explicit: np.ndarray
    cosine: np.ndarray
    coverage: np.ndarray
    standing: np.ndarray
    right: np.ndarray
    valid: np.ndarray
    known: np.ndarray
    refusal: np.ndarray

    @classmethod
    def of(cls, evidence: list[Evidence]) -> _Arrays:
        n, k = len(evidence), max((len(e.hits) for e in evidence), default=0) or 1
        a = {f: np.zeros((n, k)) for f in ("explicit", "cosine", "coverage", "standing", "right")}
        valid = np.zeros((n, k), dtype=bool)
        for i, e in enumerate(evidence):
            for j, (explicit, cosine, coverage, standing, right) in enumerate(e.hits):
                a["explicit"][i, j], a["cosine"][i, j] = explicit, cosine
                a["coverage"][i, j], a["standing"][i, j] = coverage, standing
                a["right"][i, j], valid[i, j] = right, True
        return cls(
            a["explicit"].astype(bool),
            a["cosine"],
            a["coverage"],
            a["standing"],
            a["right"].astype(bool),
            valid,
            np.array([e.known for e in evidence]),
            np.array([e.refusal for e in evidence], dtype=bool),
        )

    def utility(self, b: Bars) -> int:
        strong = self.valid & (
            self.explicit
            | ((self.coverage >= b.min_coverage) & (self.cosine >= b.min_coverage_cosine))
            | (
                (self.known >= b.min_known)[:, None]
                & ((self.cosine >= b.min_cosine) | (self.standing >= b.min_standing))
            )
        )
        answered = strong.any(axis=1)
        first = strong.argmax(axis=1)
        first_right = answered & self.right[np.arange(len(first)), first]
        answerable = ~self.refusal
        right = int((first_right & answerable).sum())
        wrong = int((answered & ~first_right & answerable).sum())
        offtopic_refused = int((~answered & self.refusal).sum())
        offtopic_answered = int((answered & self.refusal).sum())
        return right - WRONG_COST * wrong + offtopic_refused - WRONG_COST * offtopic_answered


def best_bars(evidence: list[Evidence], grid: dict[str, list[float]] | None = None) -> Bars:
    """The grid point of highest utility; on a tie, the higher (safer) bars."""
    arrays = _Arrays.of(evidence)
    best: tuple[tuple[int, tuple[float, ...]], Bars] | None = None
    grid = grid or GRID
    for values in itertools.product(*grid.values()):
        bars = Bars(**dict(zip(grid, values, strict=True)))
        key = (arrays.utility(bars), values)
        if best is None or key > best[0]:
            best = (key, bars)
    assert best is not None
    return best[1]


def fold_of(e: Evidence) -> int:
    return hashlib.sha256(f"{REFUSAL_SALT}:fold:{e.id}".encode()).digest()[0] % FOLDS


def cross_validated(evidence: list[Evidence], grid: dict[str, list[float]]) -> int:
    """The utility a bar set earns on each fold when fitted on the others, summed."""
    total = 0
    for k in range(FOLDS):
        fit = [e for e in evidence if fold_of(e) != k]
        held = [e for e in evidence if fold_of(e) == k]
        if fit and held:
            total += _Arrays.of(held).utility(best_bars(fit, grid))
    return total


def chosen_bars(evidence: list[Evidence]) -> tuple[str, Bars]:
    """The bar set that generalizes best inside the seen side (the simpler one on a tie),
    fitted on all of it."""
    scores = {name: cross_validated(evidence, grid) for name, grid in BAR_SETS.items()}
    name = max(BAR_SETS, key=lambda n: (scores[n], -list(BAR_SETS).index(n)))
    return name, best_bars(evidence, BAR_SETS[name])


def calibrate(
    evidence: list[Evidence], embedder: str, out: Path | None = None
) -> tuple[dict[str, Bars], dict[str, dict[str, dict[str, float | int]]]]:
    """Bars per language and scope (a question naming its resolutions or not) from the
    seen side; the figures of both sides with them. Off-topic questions name nothing, so
    they count in both scopes of their language: a named question can be off-topic too."""
    bars: dict[str, Bars] = {}
    chosen: dict[str, str] = {}  # which bar set cross-validation chose, per group
    figures: dict[str, dict[str, dict[str, float | int]]] = {}
    for g in GROUPS:
        mine = [
            e
            for e in evidence
            if group(e.lang, e.named) == g or (e.refusal and e.lang == g.split(":")[0])
        ]
        seen = [e for e in mine if e.side == SEEN]
        unseen = [e for e in mine if e.side == UNSEEN]
        chosen[g], bars[g] = chosen_bars(seen)
        figures[g] = {
            "seen": tally(seen, bars[g]).as_dict(),
            "unseen": tally(unseen, bars[g]).as_dict(),
        }
    path = out or calibration_file(embedder)
    report = {
        "measured_on": "seen side of the split (resolutions) and half the refusal questions",
        "wrong_cost": WRONG_COST,
        "bar_sets": chosen,
        "figures": figures,
    }
    save_bars(path, embedder, bars, report)
    return bars, figures


def report(bars: dict[str, Bars], figures: dict[str, dict[str, dict[str, float | int]]]) -> str:
    lines = [
        "| group | bars (cosine / known / coverage / coverage cosine / standing) | side | "
        "answerable | first right | wrong-citation rate | refused (answerable) | "
        "off-topic refused |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for lang, b in bars.items():
        for side in (SEEN, UNSEEN):
            f = figures[lang][side]
            lines.append(
                f"| {lang} | {b.min_cosine} / {b.min_known} / {b.min_coverage} / "
                f"{b.min_coverage_cosine} / {b.min_standing} | {side} | {f['answerable']} | "
                f"{f['first_citation_right']} | {f['wrong_citation_rate']} | "
                f"{f['refused_answerable_rate']} | {f['offtopic_refused']}/{f['offtopic']} |"
            )
    return "\n".join(lines)
