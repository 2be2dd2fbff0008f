"""The soak's proof: every turn a client was answered for is stored once, in order.

Kept apart from the clients so that it can be tested against a store with turns lost,
doubled or reordered on purpose (tests/bench/test_soak.py), and so that it reads the
store only through the product's own RedisConversations: key names are the store's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.soak_clients import ConversationLog
from chat.conversation import RedisConversations
from corpus.errors import NotFound


@dataclass
class TurnCheck:
    lost: int = 0  # sent and answered, not stored
    doubled: int = 0  # stored more often than sent
    extra: int = 0  # stored, never sent on this conversation
    reordered: int = 0  # stored out of place (turns to move to restore the order)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.extra or self.reordered)


def compare_turns(expected: list[str], stored: list[str]) -> TurnCheck:
    """How `stored` differs from `expected`, both lists of questions in order."""
    want, have = Counter(expected), Counter(stored)
    surplus = have - want
    check = TurnCheck(
        lost=sum((want - have).values()),
        doubled=sum(v for m, v in surplus.items() if m in want),
        extra=sum(v for m, v in surplus.items() if m not in want),
    )
    common = want & have  # keep the first occurrences both sides share, then compare order
    a = _first(expected, common)
    b = _first(stored, common)
    check.reordered = len(a) - _lcs(a, b)
    return check


def _first(items: list[str], limit: Counter[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for m in items:
        if seen[m] < limit[m]:
            seen[m] += 1
            out.append(m)
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@dataclass
class Verification:
    conversations: int = 0  # with a known id, checked against the store
    turns_sent: int = 0  # answered 200
    turns_verified: int = 0  # stored once, in place, with the answer the client got
    lost: int = 0
    doubled: int = 0
    extra: int = 0
    reordered: int = 0
    answer_mismatch: int = 0
    missing_conversations: int = 0  # a known id the store does not have
    uncertain: int = 0  # turns that failed after the server may have stored them
    uncertain_stored: int = 0
    uncertain_unverifiable: int = 0  # failed on the first turn: no id to look up
    bad: list[dict[str, Any]] = field(default_factory=list)  # the first few failures

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.doubled
            or self.extra
            or self.reordered
            or self.answer_mismatch
            or self.missing_conversations
        )


def verify(logs: list[ConversationLog], store: RedisConversations) -> Verification:
    """Each conversation a client knows of, against what the store holds for it."""
    v = Verification()
    for log in logs:
        v.turns_sent += len(log.sent)
        v.uncertain += log.uncertain is not None
        if log.cid is None:
            v.uncertain_unverifiable += log.uncertain is not None
            continue
        v.conversations += 1
        try:
            turns = store.turns(log.cid)
        except NotFound:
            v.missing_conversations += 1
            v.lost += len(log.sent)
            v.bad.append({"conversation": log.cid, "missing": True})
            continue
        stored = [t.question for t in turns]
        expected = list(log.sent)
        # the uncertain last message counts as sent if the store holds it at the end
        u = log.uncertain
        if u is not None and stored[-1:] == [u] and stored.count(u) > expected.count(u):
            expected.append(u)
            v.uncertain_stored += 1
        check = compare_turns(expected, stored)
        v.lost += check.lost
        v.doubled += check.doubled
        v.extra += check.extra
        v.reordered += check.reordered
        mismatched = 0
        if check.ok:
            answers = [t.answer for t in turns[: len(log.sent)]]
            mismatched = sum(a != b for a, b in zip(answers, log.answers, strict=True))
            v.answer_mismatch += mismatched
            v.turns_verified += len(log.sent) - mismatched
        if (not check.ok or mismatched) and len(v.bad) < 10:
            v.bad.append(
                {"conversation": log.cid, "sent": expected, "stored": stored, **asdict(check)}
            )
    return v


def stored_and_orphans(logs: list[ConversationLog], store: RedisConversations) -> tuple[int, int]:
    """How many conversations the store holds, and how many of them no client knows of."""
    stored = store.ids()
    return len(stored), len(stored - {log.cid for log in logs if log.cid})
