"""The soak, short: gunicorn + Redis under concurrent search and chat lose and double no turn.

And the verifier can fail: a store with a doubled, a missing, a reordered turn is caught.
"""

from __future__ import annotations

from pathlib import Path

from bench.soak import soak
from bench.soak_clients import ConversationLog
from bench.soak_report import format_report
from bench.soak_verify import compare_turns, verify
from chat.conversation import RedisConversations, Turn


def test_short_soak_loses_and_doubles_no_turn(data_dir: Path) -> None:
    report = soak(data_dir, clients=8, seconds=8, workers=2)
    v = report["verification"]
    assert report["load"]["errors"] == {}, format_report(report)
    assert report["load"]["overall"]["errors"] == 0
    for endpoint in ("/v1/search", "/v1/chat", "/v1/chat/stream"):
        assert report["load"]["endpoints"][endpoint]["requests"] > 0, endpoint
    assert (v["lost"], v["doubled"], v["reordered"], v["extra"]) == (0, 0, 0, 0)
    assert v["answer_mismatch"] == v["missing_conversations"] == 0
    assert v["turns_verified"] == v["turns_sent"] >= 10  # few under a heavy machine load
    assert v["conversations"] >= 4
    assert report["orphans"] == 0
    assert report["passed"], format_report(report)
    assert "PASS" in format_report(report)


def test_compare_turns() -> None:
    assert compare_turns(["a", "b", "a"], ["a", "b", "a"]).ok
    assert compare_turns(["a", "b", "c"], ["a", "b", "b", "c"]).doubled == 1
    assert compare_turns(["a", "b", "c"], ["a", "c"]).lost == 1
    assert compare_turns(["a", "b", "c"], ["a", "c", "b"]).reordered == 1
    assert compare_turns(["a", "b"], ["a", "x", "b"]).extra == 1
    # a message legitimately sent twice, stored twice but out of place
    check = compare_turns(["a", "b", "a"], ["a", "a", "b"])
    assert (check.lost, check.doubled, check.reordered) == (0, 0, 1)


def _conversation(store: RedisConversations, questions: list[str]) -> str:
    cid = store.create()
    for q in questions:
        store.append(cid, Turn(question=q, answer=f"answer to {q}", lang="en", topic=q))
    return cid


def _sent(cid: str, questions: list[str], uncertain: str | None = None) -> ConversationLog:
    return ConversationLog(cid, list(questions), [f"answer to {q}" for q in questions], uncertain)


def test_the_verifier_catches_doubled_lost_and_reordered_turns(redis_url: str) -> None:
    store = RedisConversations(redis_url)
    sent = ["What does 66/45 say about the CTBT?", "And the 2007 resolution?", "And 69/52?"]
    a, b, c = sent
    good = _conversation(store, sent)
    doubled = _conversation(store, [a, b, b, c])
    lost = _conversation(store, [a, c])
    reordered = _conversation(store, [a, c, b])
    extra = _conversation(store, [a, "What is the capital of France?", b, c])
    maybe = _conversation(store, [a, b])  # the client's second turn timed out
    trailing = _conversation(store, sent)
    store.append(trailing, Turn(question="x", answer="x", lang="en", topic="x"))

    def check(log: ConversationLog) -> dict[str, int]:
        v = verify([log], store)
        return {
            k: getattr(v, k)
            for k in ("lost", "doubled", "reordered", "extra", "answer_mismatch")
            if getattr(v, k)
        }

    assert check(_sent(good, sent)) == {}
    assert verify([_sent(good, sent)], store).turns_verified == 3
    assert check(_sent(doubled, sent)) == {"doubled": 1}
    assert check(_sent(lost, sent)) == {"lost": 1}
    assert check(_sent(reordered, sent)) == {"reordered": 1}
    assert check(_sent(extra, sent)) == {"extra": 1}
    assert check(_sent(trailing, sent)) == {"extra": 1}

    # an answer stored that differs from the one the client got
    log = _sent(good, sent)
    log.answers[1] = "something else"
    assert check(log) == {"answer_mismatch": 1}

    # an uncertain last turn may or may not be stored, but only once and at the end
    v = verify([_sent(maybe, [a], uncertain=b)], store)
    assert v.ok and (v.uncertain, v.uncertain_stored, v.turns_verified) == (1, 1, 1)
    v = verify([_sent(good, sent, uncertain="And 72/50?")], store)
    assert v.ok and (v.uncertain, v.uncertain_stored) == (1, 0)
    assert check(_sent(doubled, [a, b], uncertain=c)) == {"doubled": 1}

    # a conversation the store never heard of loses all its turns
    v = verify([_sent("0" * 32, sent)], store)
    assert (v.missing_conversations, v.lost, v.ok) == (1, 3, False)

    # all of it together, as the soak reports it
    logs = [_sent(cid, sent) for cid in (good, doubled, lost, reordered)]
    v = verify(logs, store)
    assert (v.doubled, v.lost, v.reordered, v.turns_verified) == (1, 1, 1, 3)
    assert not v.ok and len(v.bad) == 3
