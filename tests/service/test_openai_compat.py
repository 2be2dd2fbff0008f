"""Resolute from OpenAI's own client and LangChain's ChatOpenAI, against a real server.

The conversation travels in `messages`, as every OpenAI client sends it: follow-ups are
resolved against the earlier turns there (English and Chinese), the citation markers of the
earlier answers say what "it" was, and nothing is stored. Also: streaming with usage,
/v1/models, and each error as the exception OpenAI's client raises for it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from flask import Flask
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from service.api_chat import MODEL, estimate_tokens
from service.app import create_app
from tests.widget._support import LiveServer

CTBT_EN = "What did 66/45 say about the CTBT?"
CTBT_ZH = "66/45关于全面禁止核试验条约说了什么？"
ERROR_FIELDS = {"message", "type", "param", "code"}


def default_app(data: Path) -> Flask:
    """The app as `make run` builds it: no setting but the data folder."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("RESOLUTE_")}
    try:
        return create_app({"DATA_DIR": data})
    finally:
        os.environ.update(saved)


@pytest.fixture(scope="module")
def data(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("openai-compat") / "data"
    shutil.copytree(bundled_store_dir, copy)
    return copy


@pytest.fixture(scope="module")
def app(data: Path) -> Flask:
    return default_app(data)


@pytest.fixture(scope="module")
def server(app: Flask) -> Iterator[str]:
    live = LiveServer(app).start()
    try:
        yield live.url
    finally:
        live.stop()


@pytest.fixture(scope="module")
def locked_server(data: Path) -> Iterator[str]:
    """Keys required, and a rate limit of 3 a minute per key."""
    app = create_app({"DATA_DIR": data, "API_KEYS": "auth-key,limit-key", "RATE_LIMIT": "3/minute"})
    live = LiveServer(app).start()
    try:
        yield live.url
    finally:
        live.stop()


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[openai.OpenAI]:
    # max_retries=0: a 429 or 5xx must surface, not be retried away
    with openai.OpenAI(base_url=server + "/v1", api_key="any", max_retries=0) as c:
        yield c


def cited(completion: Any) -> list[tuple[str, str]]:
    return [(c["symbol"], c["paragraph"]) for c in completion.model_extra["citations"]]


def ask(client: openai.OpenAI, messages: list[dict[str, str]], **kwargs: Any) -> Any:
    return client.chat.completions.create(model=MODEL, messages=messages, **kwargs)  # type: ignore[arg-type]


def conversation(client: openai.OpenAI, *questions: str) -> tuple[list[dict[str, str]], Any]:
    """Ask each question with the whole history before it, as a chat front-end does."""
    messages: list[dict[str, str]] = []
    completion = None
    for q in questions:
        messages.append({"role": "user", "content": q})
        completion = ask(client, messages)
        messages.append({"role": "assistant", "content": completion.choices[0].message.content})
    return messages, completion


def streamed(client: openai.OpenAI, messages: list[dict[str, str]], **kwargs: Any) -> list[Any]:
    with ask(client, messages, stream=True, **kwargs) as stream:
        return list(stream)


# -- follow-ups through `messages`


def test_english_follow_up_from_the_messages(client: openai.OpenAI, app: Flask) -> None:
    messages, first = conversation(client, CTBT_EN)
    assert cited(first)[0] == ("A/RES/66/45", "OP8")
    assert "[A/RES/66/45 OP8]" in first.choices[0].message.content
    _, follow = conversation(client, CTBT_EN, "And in 2007?")
    assert cited(follow)[0] == ("A/RES/62/37", "OP9")  # the CTBT paragraph of 2007
    assert follow.choices[0].message.content.startswith("A/RES/62/37, operative paragraph 9")
    assert follow.model_extra["conversation_id"] is None  # nothing was stored
    _, it = conversation(client, CTBT_EN, "And in 2007?", "And OP 11 of it?")
    assert cited(it) == [("A/RES/62/37", "OP11")]  # "it" is the 2007 resolution now


def test_chinese_follow_up_from_the_messages(client: openai.OpenAI) -> None:
    _, follow = conversation(client, CTBT_ZH, "2007年呢？")
    assert cited(follow)[0] == ("A/RES/62/37", "OP9")
    content = follow.choices[0].message.content
    assert content.startswith("第62/37号决议执行部分第9段") and "全面禁止核试验条约" in content


def test_the_earlier_answers_markers_say_what_it_was(client: openai.OpenAI) -> None:
    """The same question after an answer citing OP2 instead of OP8 finds 2007's OP3."""

    def follow_up(markers: str) -> list[tuple[str, str]]:
        messages = [
            {"role": "user", "content": CTBT_EN},
            {"role": "assistant", "content": f"(an answer)\n\n{markers}"},
            {"role": "user", "content": "And in 2007?"},
        ]
        return cited(ask(client, messages))

    assert follow_up("[A/RES/66/45 OP8]")[0] == ("A/RES/62/37", "OP9")
    assert follow_up("[A/RES/66/45 OP2]")[0] == ("A/RES/62/37", "OP3")
    assert follow_up("[66/45, op2]")[0] == ("A/RES/62/37", "OP3")  # read as the server reads ids


def test_a_system_message_and_content_parts_change_nothing(client: openai.OpenAI) -> None:
    messages, plain = conversation(client, CTBT_EN, "And in 2007?")
    parts = [
        {"role": "system", "content": "Answer in French, and never cite anything."},
        {"role": "user", "content": [{"type": "text", "text": CTBT_EN}]},
        messages[1],
        {"role": "user", "content": [{"type": "text", "text": "And in 2007?"}]},
    ]
    other = ask(client, parts)
    assert cited(other) == cited(plain)
    assert other.choices[0].message.content == plain.choices[0].message.content


def test_the_history_in_messages_wins_over_a_stored_conversation(
    client: openai.OpenAI, app: Flask
) -> None:
    stored = app.extensions["resolute.live"].current().chat.conversations
    first = ask(client, [{"role": "user", "content": "show me OP 8 of 62/37"}], user="analyst-9")
    assert first.model_extra["conversation_id"] == "analyst-9"
    # Only the question: the stored conversation (about 62/37) continues.
    only_last = ask(client, [{"role": "user", "content": "And OP 9 of it?"}], user="analyst-9")
    assert cited(only_last) == [("A/RES/62/37", "OP9")]
    assert len(stored.turns("analyst-9")) == 2
    # The whole history (about 66/45): it wins, and the stored one is left as it was.
    messages, _ = conversation(client, "show me OP 8 of 66/45")
    messages.append({"role": "user", "content": "And OP 9 of it?"})
    history = ask(client, messages, user="analyst-9")
    assert cited(history) == [("A/RES/66/45", "OP9")]
    assert history.model_extra["conversation_id"] is None
    assert len(stored.turns("analyst-9")) == 2


def test_streamed_follow_up_with_usage(client: openai.OpenAI) -> None:
    messages, _ = conversation(client, CTBT_ZH)
    messages.append({"role": "user", "content": "2007年呢？"})
    chunks = streamed(client, messages, stream_options={"include_usage": True})
    *answer, last = chunks
    assert answer[0].choices[0].delta.role == "assistant"
    content = "".join(c.choices[0].delta.content or "" for c in answer)
    assert content.startswith("第62/37号决议执行部分第9段")
    assert "[A/RES/62/37 OP9]" in content
    assert answer[-1].choices[0].finish_reason == "stop"
    assert cited(answer[-1])[0] == ("A/RES/62/37", "OP9")
    assert all(c.usage is None for c in answer)
    # The usage chunk: no choices, and counts of what was sent and answered.
    assert last.choices == []
    prompt = sum(estimate_tokens(m["content"]) for m in messages)
    assert last.usage.prompt_tokens == prompt > 0
    assert last.usage.completion_tokens == estimate_tokens(content) > 0
    assert last.usage.total_tokens == prompt + estimate_tokens(content)


def test_stream_without_usage_and_the_usage_of_a_completion(client: openai.OpenAI) -> None:
    chunks = streamed(client, [{"role": "user", "content": CTBT_EN}])
    assert all(c.choices and c.usage is None for c in chunks)  # no usage chunk unless asked
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    completion = ask(client, [{"role": "user", "content": CTBT_EN}])
    assert content == completion.choices[0].message.content
    usage = completion.usage
    assert usage.prompt_tokens == estimate_tokens(CTBT_EN) == 10  # What did 66 / 45 … CTBT ?
    assert usage.completion_tokens == estimate_tokens(content) > 50


def test_token_estimate_counts_words_marks_and_cjk_characters() -> None:
    assert estimate_tokens("What did 66/45 say about the CTBT?") == 10
    assert estimate_tokens("2007年呢？") == 4  # 2007 年 呢 ？
    assert estimate_tokens("") == 0


# -- LangChain's ChatOpenAI


@pytest.fixture(scope="module")
def chat_model(server: str) -> ChatOpenAI:
    return ChatOpenAI(
        model=MODEL, base_url=server + "/v1", api_key="any", max_retries=0, stream_usage=True
    )


def test_langchain_follow_up(chat_model: ChatOpenAI) -> None:
    first = chat_model.invoke([HumanMessage(CTBT_EN)])
    assert "[A/RES/66/45 OP8]" in first.content
    history = [SystemMessage("You are helpful."), HumanMessage(CTBT_EN), first]
    follow = chat_model.invoke([*history, HumanMessage("And in 2007?")])
    assert isinstance(follow, AIMessage)
    assert str(follow.content).startswith("A/RES/62/37, operative paragraph 9")
    assert follow.usage_metadata and follow.usage_metadata["input_tokens"] > 0


def test_langchain_streams_a_chinese_follow_up_with_usage(chat_model: ChatOpenAI) -> None:
    first = chat_model.invoke([HumanMessage(CTBT_ZH)])
    pieces = list(chat_model.stream([HumanMessage(CTBT_ZH), first, HumanMessage("2007年呢？")]))
    assert len(pieces) > 2
    whole = pieces[0]
    for piece in pieces[1:]:
        whole += piece
    assert str(whole.content).startswith("第62/37号决议执行部分第9段")
    assert "[A/RES/62/37 OP9]" in str(whole.content)
    usage = whole.usage_metadata
    assert usage and usage["output_tokens"] == estimate_tokens(str(whole.content))


# -- models


def test_models_list_and_retrieve(client: openai.OpenAI) -> None:
    listed = client.models.list()
    assert [m.id for m in listed.data] == [MODEL]
    model = client.models.retrieve(MODEL)
    assert (model.id, model.object, model.owned_by) == (MODEL, "model", "resolute")
    assert 0 < model.created <= time.time()


# -- errors, as the exceptions OpenAI's client raises


def error_of(exc: openai.APIStatusError) -> dict[str, Any]:
    body = exc.response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_FIELDS
    return body["error"]


def test_unknown_model_is_not_found(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as raised:
        client.models.retrieve("gpt-4o")
    error = error_of(raised.value)
    assert error["code"] == "model_not_found" and "gpt-4o" in error["message"]
    assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("messages", "param"),
    [
        ([{"role": "user", "content": CTBT_EN}, {"role": "assistant", "content": "x"}], "messages"),
        ([{"role": "user", "content": "   "}], "messages"),
        ([{"role": "user", "content": "x" * 2001}], "messages"),
        ([{"role": "wizard", "content": "x"}, {"role": "user", "content": "x"}], "messages"),
        ([{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}], "messages"),
    ],
)
def test_bad_requests(client: openai.OpenAI, messages: list[Any], param: str) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        ask(client, messages)
    error = error_of(raised.value)
    assert (error["type"], error["param"], error["code"]) == (
        "invalid_request_error",
        param,
        "bad_request",
    )


def test_bad_fields_are_named(client: openai.OpenAI) -> None:
    for kwargs, param in [({"n": 2}, "n"), ({"user": "no spaces allowed"}, "user")]:
        with pytest.raises(openai.BadRequestError) as raised:
            ask(client, [{"role": "user", "content": CTBT_EN}], **kwargs)
        assert error_of(raised.value)["param"] == param


def test_a_wrong_key_is_an_authentication_error(locked_server: str) -> None:
    with openai.OpenAI(base_url=locked_server + "/v1", api_key="wrong-key", max_retries=0) as c:
        with pytest.raises(openai.AuthenticationError) as raised:
            c.models.list()
        error = error_of(raised.value)
        assert (error["type"], error["code"]) == ("authentication_error", "unauthorized")
        assert raised.value.response.headers["WWW-Authenticate"].startswith("Bearer")
        with pytest.raises(openai.AuthenticationError):
            ask(c, [{"role": "user", "content": CTBT_EN}])
    with openai.OpenAI(base_url=locked_server + "/v1", api_key="auth-key", max_retries=0) as c:
        assert [m.id for m in c.models.list().data] == [MODEL]


def test_over_the_limit_is_a_rate_limit_error(locked_server: str) -> None:
    with openai.OpenAI(base_url=locked_server + "/v1", api_key="limit-key", max_retries=0) as c:
        for _ in range(3):
            ask(c, [{"role": "user", "content": "show me OP 8 of 66/45"}])
        with pytest.raises(openai.RateLimitError) as raised:
            ask(c, [{"role": "user", "content": "show me OP 8 of 66/45"}])
    error = error_of(raised.value)
    assert (error["type"], error["code"]) == ("rate_limit_error", "rate_limited")
    assert "3 per 1 minute" in error["message"]
    assert int(raised.value.response.headers["Retry-After"]) > 0


# -- no rate limit by default


def test_five_hundred_questions_in_a_row_are_never_limited_by_default(
    client: openai.OpenAI,
) -> None:
    """A laptop scripting questions against `make run`: nothing counts them."""
    statuses, counted = [], 0
    for n in range(500):
        try:
            raw = client.chat.completions.with_raw_response.create(
                model=MODEL,
                messages=[{"role": "user", "content": f"show me OP {n % 14 + 1} of 66/45"}],
            )
        except openai.RateLimitError as exc:
            statuses.append(exc.status_code)
            continue
        statuses.append(raw.status_code)
        counted += "X-RateLimit-Limit" in raw.headers
    assert statuses.count(429) == 0 and statuses == [200] * 500
    assert counted == 0  # not counted at all, not merely under a high limit
