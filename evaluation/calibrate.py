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


def best_bars(evidence: list[Evidence]) -> Bars:
    """The grid point of highest utility; on a tie, the higher (safer) bars."""
    best: tuple[tuple[int, tuple[float, ...]], Bars] | None = None
    for values in itertools.product(*GRID.values()):
        bars = Bars(**dict(zip(GRID, values, strict=True)))
        key = (tally(evidence, bars).utility, values)
        if best is None or key > best[0]:
            best = (key, bars)
    assert best is not None
    return best[1]


def calibrate(
    evidence: list[Evidence], embedder: str, out: Path | None = None
) -> tuple[dict[str, Bars], dict[str, dict[str, dict[str, float | int]]]]:
    """Bars per language and scope (a question naming its resolutions or not) from the
    seen side; the figures of both sides with them. Off-topic questions name nothing, so
    they count in both scopes of their language: a named question can be off-topic too."""
    bars: dict[str, Bars] = {}
    figures: dict[str, dict[str, dict[str, float | int]]] = {}
    for g in GROUPS:
        mine = [
            e
            for e in evidence
            if group(e.lang, e.named) == g or (e.refusal and e.lang == g.split(":")[0])
        ]
        seen = [e for e in mine if e.side == SEEN]
        unseen = [e for e in mine if e.side == UNSEEN]
        bars[g] = best_bars(seen)
        figures[g] = {
            "seen": tally(seen, bars[g]).as_dict(),
            "unseen": tally(unseen, bars[g]).as_dict(),
        }
    path = out or calibration_file(embedder)
    report = {
        "measured_on": "seen side of the split (resolutions) and half the refusal questions",
        "wrong_cost": WRONG_COST,
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
