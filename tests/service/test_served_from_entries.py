"""A serving process never reads every resolution (`Store.resolutions`): the chat and the
listings work from the store's entries and read one resolution where they show its
paragraphs. At 22,000 resolutions, reading them all held a worker to 2 GB and kept its
first chat waiting 29 s; `Store.resolutions` is for the offline paths (index, series,
evaluation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from corpus.model import Resolution
from corpus.store import Store
from service.app import create_app

QUESTIONS = [
    # symbols, facts, parts
    "When was 66/45 adopted?",
    "How many operative paragraphs does 62/37 have?",
    "What is the title of 58/59?",
    "How many parts does resolution 66/45 have?",
    "When was 99/99 adopted?",
    "66/45号决议是何时通过的？",
    # years
    "Which resolutions were adopted in 2007?",
    "What did the 2007 resolution say about a fissile material cut-off treaty?",
    "When was the 2011 resolution adopted?",
    # lookups
    "Show me operative paragraph 8 of 66/45",
    "66/45号决议执行部分第1段",
    # summaries
    "Summarize resolution 66/45",
    # comparisons, changes, history
    "How did the CTBT paragraph change between 62/37 and 66/45?",
    "How did the call on the Comprehensive Nuclear-Test-Ban Treaty change between 2007 and 2011?",
    "What changed in 72/50 from last year?",
    "When did the Assembly first mention nuclear terrorism?",
    "Has the paragraph on nuclear-weapon-free zones always been there?",
    # which resolutions, and a topic
    "Which resolutions mention the Comprehensive Nuclear-Test-Ban Treaty?",
    "What does 66/45 say about nuclear-weapon-free zones?",
]

LISTINGS = [
    "/v1/resolutions",
    "/v1/resolutions/A/RES/66/45",
    "/v1/resolutions/66/45/paragraphs/OP8",
    "/v1/series",
    "/v1/series/58-59",
    "/v1/resolutions/A/RES/72/50/changes",
    "/corpus",
    "/corpus?session=66&q=fissile%20material",
    "/",
    "/r/A/RES/66/45",
    "/readyz",
]


@pytest.fixture
def app(data_dir: Path) -> Flask:
    return create_app({"DATA_DIR": data_dir, "RATE_LIMIT": ""})


@pytest.fixture
def read_all(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item each time any store (of any process part) reads every resolution."""
    calls: list[int] = []
    every: Callable[[Store], list[Resolution]] = Store.resolutions

    def counted(self: Store) -> list[Resolution]:
        calls.append(1)
        return every(self)

    monkeypatch.setattr(Store, "resolutions", counted)
    return calls


def test_chat_and_listings_never_read_every_resolution(app: Flask, read_all: list[int]) -> None:
    client = app.test_client()
    answered = [client.post("/v1/chat", json={"message": q}) for q in QUESTIONS]
    assert all(r.status_code == 200 for r in answered)
    grounded = {q: r.get_json()["grounded"] for q, r in zip(QUESTIONS, answered, strict=True)}
    assert grounded["Summarize resolution 66/45"]
    assert grounded["What changed in 72/50 from last year?"]
    assert not grounded["When was 99/99 adopted?"]

    first = answered[0].get_json()["conversation_id"]
    follow = client.post("/v1/chat", json={"message": "And in 2007?", "conversation_id": first})
    assert follow.status_code == 200
    completion = client.post(
        "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": "When was 62/37 adopted?"}]},
    )
    assert completion.status_code == 200

    for url in LISTINGS:
        assert client.get(url).status_code == 200, url
    assert client.get("/v1/resolutions/99/99").status_code == 404
    assert client.get("/r/A/RES/99/99").status_code == 404
    searched = client.post("/v1/search", json={"query": "fissile material", "symbol": "62/37"})
    assert searched.status_code == 200
    assert len(client.get("/v1/resolutions").get_json()["resolutions"]) == 13

    assert read_all == []


def test_the_count_sees_a_read(app: Flask, read_all: list[int]) -> None:
    """The wrapper counts: reading them all, as the index build does, is seen."""
    assert app.extensions["resolute.store"].resolutions()
    assert read_all == [1]
