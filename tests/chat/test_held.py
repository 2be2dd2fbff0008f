"""The chat knows what is held from the store's entries, and reads a resolution's
paragraphs only where it quotes them: never every resolution, which at 22,000 held a
serving worker to 2 GB and kept its first answer waiting 29 s."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus.store
from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.store import Store, ingest_paths
from retriever.search import Searcher

EXTRA = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra"
ICT = EXTRA / "A_RES_76_19.en.txt"


@pytest.fixture
def chat(searcher: Searcher, data_dir: Path, tmp_path: Path) -> ChatService:
    store = Store(data_dir / "resolute.sqlite3")
    return ChatService(store, searcher, SQLiteConversations(tmp_path / "conv.sqlite3"))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The symbols of the resolutions parsed from the store's rows, in order."""
    seen: list[str] = []
    real = corpus.store._from_doc

    def counting(d: dict) -> corpus.store.Resolution:
        seen.append(d["symbol"])
        return real(d)

    monkeypatch.setattr(corpus.store, "_from_doc", counting)
    return seen


def test_what_a_year_holds_is_answered_without_a_paragraph(
    chat: ChatService, parsed: list[str]
) -> None:
    """Lists and facts are the entries' (symbol, title, date): nothing is parsed."""
    ingest_paths(chat.store, [EXTRA / "A_RES_74_3.en.txt", EXTRA / "A_RES_74_17.en.txt"])
    years = chat.ask("Which resolutions were adopted in 2019?").answer.text
    assert "A/RES/74/3" in years and "A/RES/74/17" in years
    assert "Which one?" in chat.ask("When was the 2019 resolution adopted?").answer.text
    assert "adopted on" in chat.ask("When was 58/59 adopted?").answer.text
    counted = chat.ask("How many operative paragraphs has 62/37?").answer.text
    assert "operative paragraphs" in counted
    assert "not in the corpus" in chat.ask("When was 99/99 adopted?").answer.text
    assert parsed == []


def test_a_quoted_resolution_is_parsed_once(chat: ChatService, parsed: list[str]) -> None:
    by_year = chat.ask("What did the 2007 resolution say about a fissile material cut-off treaty?")
    assert by_year.answer.citations[0].symbol == "A/RES/62/37"
    quoted = chat.ask("What does 66/45 say about nuclear-weapon-free zones?")
    assert quoted.answer.grounded and quoted.answer.citations[0].symbol == "A/RES/66/45"
    again = chat.ask("Summarize resolution 66/45").answer
    assert again.grounded and {c.symbol for c in again.citations} == {"A/RES/66/45"}
    # Each resolution a citation came from parsed once, then kept (Store.get's few).
    assert len(parsed) == len(set(parsed)) and "A/RES/66/45" in parsed


def test_what_is_held_follows_the_store(chat: ChatService) -> None:
    question = "When was resolution 76/19 adopted?"
    assert "not in the corpus" in chat.ask(question).answer.text
    report = ingest_paths(chat.store, [ICT])
    assert report.added
    answer = chat.ask(question).answer.text
    assert "not in the corpus" not in answer and "2021" in answer
