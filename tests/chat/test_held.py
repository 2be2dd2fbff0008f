"""The chat reads the resolutions held once a store revision, not once a resolution asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.model import Resolution
from corpus.store import Store, ingest_paths
from retriever.search import Searcher

ICT = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra" / "A_RES_76_19.en.txt"


@pytest.fixture
def chat(searcher: Searcher, data_dir: Path, tmp_path: Path) -> ChatService:
    store = Store(data_dir / "resolute.sqlite3")
    return ChatService(store, searcher, SQLiteConversations(tmp_path / "conv.sqlite3"))


def test_a_year_and_its_quotes_read_the_store_once(
    chat: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    every = chat.store.resolutions

    def resolutions() -> list[Resolution]:
        reads.append(1)
        return every()

    monkeypatch.setattr(chat.store, "resolutions", resolutions)

    def get(symbol: str) -> None:
        raise AssertionError(f"Store.get({symbol!r}) rebuilds a map of every resolution")

    monkeypatch.setattr(chat.store, "get", get)
    by_year = chat.ask("What did the 2007 resolution say about a fissile material cut-off treaty?")
    assert by_year.answer.citations[0].symbol == "A/RES/62/37"
    quoted = chat.ask("What does 66/45 say about nuclear-weapon-free zones?")
    assert quoted.answer.grounded and quoted.answer.citations[0].symbol == "A/RES/66/45"
    assert chat.ask("When was 58/59 adopted?").answer.text
    assert len(reads) == 1


def test_what_is_held_follows_the_store(chat: ChatService) -> None:
    question = "When was resolution 76/19 adopted?"
    assert "not in the corpus" in chat.ask(question).answer.text
    report = ingest_paths(chat.store, [ICT])
    assert report.added
    answer = chat.ask(question).answer.text
    assert "not in the corpus" not in answer and "2021" in answer
