"""Questions about a document adopted in parts (74/92 A-B, 74/264 A-C), in English and
Chinese: which parts, a part's facts, a paragraph of a part, a topic across the parts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.store import Store, ingest_paths
from wiring.resources import open_searcher
from wiring.settings import load_settings

EXTRA = Path(__file__).parents[1] / "fixtures" / "corpus-extra"


@pytest.fixture(scope="module")
def chat(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    data = tmp_path_factory.mktemp("parts") / "data"
    shutil.copytree(bundled_store_dir, data)
    store = Store(data / "resolute.sqlite3")
    ingest_paths(store, [EXTRA / "A_RES_74_92A-B.en.txt", EXTRA / "A_RES_74_264A-C.en.txt"])
    searcher = open_searcher(load_settings({"DATA_DIR": data}), store)
    return ChatService(store, searcher, SQLiteConversations(data / "conv.sqlite3"))


def cited(reply) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(c.symbol, str(c.pid)) for c in reply.answer.citations]


def test_which_parts(chat: ChatService) -> None:
    en = chat.ask("How many parts does resolution 74/92 have?").answer
    assert en.text == (
        "A/RES/74/92, “Questions relating to information”, was adopted in 2 parts: "
        "A/RES/74/92 A, “Information in the service of humanity”; A/RES/74/92 B, "
        "“United Nations global communications policies and activities”."
    )
    zh = chat.ask("74/264号决议分为几个部分？").answer
    assert zh.text.startswith("第74/264号决议（“Programme budget for 2020”）分为3个部分：")
    whole = chat.ask("How many parts does 66/45 have?").answer
    assert whole.text == "A/RES/66/45 was adopted whole, not in parts."


def test_a_parts_facts(chat: ChatService) -> None:
    b = chat.ask("When was 74/92 B adopted?").answer
    assert b.text == "A/RES/74/92 B was adopted on 13 December 2019, at the 47th plenary meeting."
    # The document named without a letter: each part's fact, each naming its part.
    both = chat.ask("At which plenary meeting was 74/264 adopted?").answer.text
    for part in "ABC":
        assert f"A/RES/74/264 {part} was adopted at the 52nd (resumed) plenary meeting" in both


@pytest.mark.parametrize(
    "question",
    [
        "What does paragraph 29 of part B of 74/92 say?",
        "74/92 B号决议执行部分第29段",
        "74/92号决议B部分第29段",
        "What does paragraph 29 of 74/92 say?",  # only part B has a paragraph 29
    ],
)
def test_a_paragraph_of_a_part(chat: ChatService, question: str) -> None:
    reply = chat.ask(question)
    assert cited(reply) == [("A/RES/74/92 B", "OP29")]
    assert reply.answer.citations[0].quote.startswith("Acknowledges and supports the continued")


def test_a_paragraph_no_part_has_is_refused(chat: ChatService) -> None:
    reply = chat.ask("What does paragraph 200 of 74/92 say?")
    assert not reply.answer.grounded and not reply.answer.citations


def test_a_topic_across_the_parts(chat: ChatService) -> None:
    reply = chat.ask("What does 74/92 say about multilingualism?")
    assert reply.answer.grounded and cited(reply)[0][0] == "A/RES/74/92 B"
    assert "multilingualism" in reply.answer.citations[0].quote.lower()


def test_the_year_names_several_resolutions_so_the_answer_asks_which(chat: ChatService) -> None:
    a = chat.ask("When was the 2019 resolution adopted?").answer
    assert not a.grounded and not a.citations
    assert a.text.startswith("5 resolutions held were adopted in 2019: A/RES/74/264 A")
    assert a.text.endswith("Which one?")
    zh = chat.ask("2019年的决议第3段说了什么？").answer
    assert zh.text.endswith("请问指的是哪一项？") and not zh.citations


def test_the_topic_picks_the_resolution_of_the_year(chat: ChatService) -> None:
    reply = chat.ask("What did the 2019 resolution say about multilingualism?")
    assert reply.answer.grounded and reply.answer.citations[0].symbol == "A/RES/74/92 B"


def test_which_resolutions_were_adopted_in_a_year(chat: ChatService) -> None:
    a = chat.ask("Which resolutions were adopted in 2019?").answer
    assert a.grounded and not a.citations  # a fact of the corpus, nothing to quote
    assert a.text.startswith("5 resolutions held were adopted in 2019:")
    assert "A/RES/74/92 B, “United Nations global communications" in a.text
