"""Questions that want more than one paragraph: a resolution summarized, the resolutions
that speak to a topic. Every paragraph named is cited and quoted verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.conversation import SQLiteConversations
from chat.extractive import opening
from chat.service import ChatService
from corpus.store import Store
from retriever.search import Searcher


@pytest.fixture
def chat(searcher: Searcher, bundled_store_dir: Path, tmp_path: Path) -> ChatService:
    store = Store(bundled_store_dir / "resolute.sqlite3")
    return ChatService(store, searcher, SQLiteConversations(tmp_path / "conv.sqlite3"))


def verbatim(chat: ChatService, reply) -> None:  # type: ignore[no-untyped-def]
    for c in reply.answer.citations:
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]


def test_a_summary_cites_every_operative_paragraph(chat: ChatService) -> None:
    reply = chat.ask("Summarize resolution 66/45")
    a = reply.answer
    assert a.grounded and a.text.startswith(
        "A/RES/66/45, “United action towards the total elimination of nuclear weapons”, "
        "adopted on 2 December 2011 (71st plenary meeting). Its operative paragraphs:"
    )
    assert [str(c.pid) for c in a.citations] == [f"OP{n}" for n in range(1, 20)]
    assert "- operative paragraph 8: Urges all States that have not yet done so" in a.text
    verbatim(chat, reply)


def test_a_summary_in_chinese(chat: ChatService) -> None:
    reply = chat.ask("66/45号决议的主要内容是什么？")
    a = reply.answer
    assert a.text.startswith("第66/45号决议“采取联合行动彻底消除核武器”，于2011年12月2日通过。")
    assert a.citations[0].lang == "zh" and len(a.citations) == 19
    assert "- 执行部分第1段：重申" in a.text
    verbatim(chat, reply)


def test_a_summary_of_a_topic_is_a_search_not_an_outline(chat: ChatService) -> None:
    reply = chat.ask("Summarize what 62/37 says about a fissile material cut-off treaty")
    assert reply.answer.citations[0].symbol == "A/RES/62/37"
    assert len(reply.answer.citations) <= 3


def test_which_resolutions_mention_a_topic(chat: ChatService) -> None:
    reply = chat.ask("Which resolutions mention the Comprehensive Nuclear-Test-Ban Treaty?")
    a = reply.answer
    symbols = [c.symbol for c in a.citations]
    assert a.grounded and len(symbols) == len(set(symbols)) >= 5  # one paragraph each
    assert a.text.splitlines()[0] == f"{len(symbols)} resolutions speak to this among those held:"
    for c in a.citations:
        assert "Test-Ban" in c.quote or "禁止核试验" in c.quote
    verbatim(chat, reply)


def test_which_resolutions_of_an_unheld_topic_is_refused(chat: ChatService) -> None:
    reply = chat.ask("Which resolutions mention the rights of migrant domestic workers?")
    assert not reply.answer.grounded and not reply.answer.citations


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (
            "Urges all States that have not yet done so, pending ...",
            "Urges all States that have not yet done so …",
        ),
        ("Decides to remain seized of the matter.", "Decides to remain seized of the matter."),
        ("重申《条约》的重要性，并吁请各国", "重申《条约》的重要性…"),
    ],
)
def test_opening_clause(text: str, cut: str) -> None:
    assert opening(text) == cut
