"""The chat pipeline on the real corpus: intents, follow-ups, refusals, citations."""

from __future__ import annotations

from pathlib import Path

import pytest

import chat.service as service_module
from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.errors import NotFound
from corpus.store import Store
from retriever.search import Searcher


@pytest.fixture
def chat(searcher: Searcher, bundled_store_dir: Path, tmp_path: Path) -> ChatService:
    store = Store(bundled_store_dir / "resolute.sqlite3")
    return ChatService(store, searcher, SQLiteConversations(tmp_path / "conv.sqlite3"))


def first(reply) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    c = reply.answer.citations
    return (c[0].symbol, str(c[0].pid)) if c else None


def assert_verbatim(chat: ChatService, reply) -> None:  # type: ignore[no-untyped-def]
    for c in reply.answer.citations:
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]
        assert c.quote in reply.answer.text or c is not reply.answer.citations[0]


def test_topic_question_quotes_the_paragraph(chat: ChatService) -> None:
    reply = chat.ask("What does 62/37 say about negotiations on a fissile material cut-off treaty?")
    assert first(reply) == ("A/RES/62/37", "OP11") and reply.answer.grounded
    assert "A/RES/62/37, operative paragraph 11" in reply.answer.text
    assert_verbatim(chat, reply)


def test_explicit_paragraph_in_english_and_chinese(chat: ChatService) -> None:
    reply = chat.ask("show me OP 9 of 62/37")
    assert first(reply) == ("A/RES/62/37", "OP9") and reply.answer.citations[0].lang == "en"
    zh = chat.ask("66/45号决议第13段")
    assert first(zh) == ("A/RES/66/45", "OP13") and zh.answer.citations[0].lang == "zh"
    assert zh.answer.text.startswith("第66/45号决议执行部分第13段")
    sub = chat.ask("paragraph 3 (g)(iv) of 59/76")
    assert first(sub) == ("A/RES/59/76", "OP3(g)(iv)")


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("When was 66/45 adopted?", "2 December 2011"),
        ("At which plenary meeting was 62/37 adopted?", "61st plenary meeting"),
        ("How many operative paragraphs does 66/45 have?", "19 operative paragraphs"),
        ("How many preambular paragraphs does 62/37 have?", "10 preambular paragraphs"),
        ("66/45号决议是何时通过的？", "2011年12月2日"),
        ("62/37号决议在哪次全体会议上通过？", "第61次全体会议"),
    ],
)
def test_metadata_from_the_structure(chat: ChatService, question: str, expect: str) -> None:
    reply = chat.ask(question)
    assert expect in reply.answer.text and reply.answer.grounded


def test_comparison_aligns_the_matching_paragraphs(chat: ChatService) -> None:
    reply = chat.ask("How did the CTBT paragraph change between 62/37 and 66/45?")
    keys = [(c.symbol, str(c.pid)) for c in reply.answer.citations]
    assert keys == [("A/RES/62/37", "OP9"), ("A/RES/66/45", "OP8")]  # in the series' order
    assert reply.answer.text.index("In 2007") < reply.answer.text.index("In 2011")


def test_follow_up_in_english_carries_the_topic(chat: ChatService) -> None:
    one = chat.ask("What did 66/45 say about the Comprehensive Nuclear-Test-Ban Treaty?")
    assert first(one) == ("A/RES/66/45", "OP8")
    two = chat.ask("And what did the 2007 resolution say about it?", one.conversation_id)
    assert first(two) == ("A/RES/62/37", "OP9")
    three = chat.ask("What about 65/72?", one.conversation_id)
    assert first(three) is not None and first(three)[0] == "A/RES/65/72"
    assert "Test-Ban" in three.answer.citations[0].quote


def test_follow_up_in_chinese(chat: ChatService) -> None:
    one = chat.ask("66/45号决议关于国际原子能机构附加议定书的是哪一段？")
    assert first(one) == ("A/RES/66/45", "OP15")
    two = chat.ask("那62/37号决议呢？", one.conversation_id)
    assert first(two) == ("A/RES/62/37", "OP13")
    three = chat.ask("And OP 9 of it?", two.conversation_id)
    assert first(three) == ("A/RES/62/37", "OP9")


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "What does resolution 64/47 say about the CTBT?",
        "Show me OP 45 of 66/45.",
        "66/45号决议第40段",
        "What does 71/49 say about climate change?",
        "今天北京的天气怎么样？",
    ],
)
def test_refusals_say_so_plainly(chat: ChatService, question: str) -> None:
    reply = chat.ask(question)
    assert not reply.answer.grounded and reply.answer.citations == ()
    assert reply.answer.text


def test_unknown_conversation_is_not_found(chat: ChatService) -> None:
    with pytest.raises(NotFound):
        chat.ask("When was 66/45 adopted?", "no-such-conversation")


def test_turns_are_stored(chat: ChatService) -> None:
    reply = chat.ask("When was 66/45 adopted?")
    chat.ask("And 62/37?", reply.conversation_id)
    turns = chat.conversations.turns(reply.conversation_id)
    assert [t.question for t in turns] == ["When was 66/45 adopted?", "And 62/37?"]


def test_the_check_never_removes_extractive_citations(chat: ChatService) -> None:
    for q in [
        "What does 62/37 say about civil society?",
        "66/45号决议第6段",
        "How did the CTBT paragraph change between 62/37 and 66/45?",
        "Which paragraph of 59/76 welcomes IAEA General Conference resolution GC(48)/RES/14?",
    ]:
        assert chat.ask(q).removed == ()


def test_a_comparison_of_years_holding_many_resolutions_is_one_search(
    chat: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without series, years holding a few resolutions are compared one resolution at a
    # time; years holding more (here: more than 1) are searched once, with their years.
    question = "Compare the 2007, 2008 and 2010 resolutions on the fissile material cut-off treaty"
    calls: list[object] = []
    search = chat.searcher.search

    def counted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(args)
        return search(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chat.searcher, "search", counted)
    compared = chat.ask(question).answer
    assert len(calls) == 3 and len(compared.citations) == 3  # one search a year's resolution
    calls.clear()
    monkeypatch.setattr(service_module, "COMPARE_MAX", 1)
    searched = chat.ask(question).answer
    assert len(calls) == 1 and searched.citations
    assert {c.symbol for c in searched.citations} <= {"A/RES/62/37", "A/RES/63/73", "A/RES/65/72"}
