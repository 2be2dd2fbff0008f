"""Which resolutions calibration may look at ("seen") and which are held out ("unseen").

A split file (e.g. ``bench/data/calibration_split.json``) lists whole documents under
``seen`` and ``unseen`` and states the fixed rule that chose them (a seeded hash order, never
a score). A document adopted in parts is one document: ``A/RES/74/92 B`` falls where
``A/RES/74/92`` does. A question is unseen when any of its gold resolutions is; a refusal
question has no resolution and belongs to neither side.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import InvalidInput
from evaluation.questions import Question

SEEN, UNSEEN, NEITHER = "seen", "unseen", "-"


def document_of(symbol: str) -> str:
    """'A/RES/74/92 B' -> 'A/RES/74/92': the document a part belongs to."""
    return symbol.split(" ")[0]


def hash_order(salt: str, symbols: list[str]) -> list[str]:
    """The documents in the order the split rule takes them: sha256(salt + ':' + symbol)."""
    return sorted(symbols, key=lambda s: hashlib.sha256(f"{salt}:{s}".encode()).hexdigest())


@dataclass(frozen=True)
class Split:
    rule: str
    seen: frozenset[str]
    unseen: frozenset[str]

    def of_symbol(self, symbol: str) -> str:
        doc = document_of(symbol)
        if doc in self.unseen:
            return UNSEEN
        if doc in self.seen:
            return SEEN
        return NEITHER

    def of(self, q: Question) -> str:
        symbols = [s for s, _ in q.phrases] or [s for s, _ in q.gold]
        sides = {self.of_symbol(s) for s in symbols}
        if UNSEEN in sides:
            return UNSEEN
        if SEEN in sides:
            return SEEN
        return NEITHER


def load_split(path: Path) -> Split:
    """The split file; InvalidInput naming it if unreadable or if a document is on both sides."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        seen = frozenset(document_of(s) for s in d["seen"])
        unseen = frozenset(document_of(s) for s in d["unseen"])
        rule = str(d.get("rule", ""))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            f"cannot read the split file {path} (a JSON object with 'seen' and 'unseen' "
            f"lists of symbols): {exc!r}"
        ) from None
    if seen & unseen:
        raise InvalidInput(f"{path}: on both sides of the split: {sorted(seen & unseen)}")
    return Split(rule, seen, unseen)
