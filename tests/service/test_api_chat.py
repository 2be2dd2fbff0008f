"""POST /v1/chat, its SSE stream and the OpenAI-compatible endpoint, with validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from tests.service.test_api_resolutions import assert_error


@pytest.fixture
def client(data_dir: Path) -> FlaskClient:
    return create_app({"DATA_DIR": data_dir}).test_client()


def test_chat_and_follow_up(client: FlaskClient) -> None:
    one = client.post("/v1/chat", json={"message": "What did 66/45 say about the CTBT?"}).get_json()
    assert set(one) == {"conversation_id", "answer", "grounded", "citations", "brief", "changes"}
    assert one["brief"] == "" and one["changes"] == []  # not a change answer
    assert one["grounded"] and one["citations"][0]["label"] == "A/RES/66/45, operative paragraph 8"
    two = client.post(
        "/v1/chat",
        json={
            "message": "And what did the 2007 resolution say about it?",
            "conversation_id": one["conversation_id"],
        },
    ).get_json()
    assert two["conversation_id"] == one["conversation_id"]
    assert two["citations"][0]["symbol"] == "A/RES/62/37"


def test_refusal_shape(client: FlaskClient) -> None:
    body = client.post("/v1/chat", json={"message": "What is the capital of France?"}).get_json()
    assert body["grounded"] is False and body["citations"] == [] and body["answer"]


def parse_sse(raw: str) -> list[tuple[str, object]]:
    events = []
    for block in raw.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_stream_frames_tokens_then_citations_then_done(client: FlaskClient) -> None:
    resp = client.post("/v1/chat/stream", json={"message": "66/45号决议第13段"})
    assert resp.mimetype == "text/event-stream"
    events = parse_sse(resp.get_data(as_text=True))
    names = [e for e, _ in events]
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"token"}
    text = "".join(d["text"] for e, d in events if e == "token")  # type: ignore[index]
    assert text.startswith("第66/45号决议执行部分第13段")
    citations = events[-2][1]
    assert citations[0]["paragraph"] == "OP13" and citations[0]["quote"] in text  # type: ignore[index]
    assert events[-1][1]["grounded"] is True  # type: ignore[index]


def test_a_change_answer_streams_its_redlines_first(client: FlaskClient) -> None:
    message = (
        "How did the call on the Comprehensive Nuclear-Test-Ban Treaty change between 2007 "
        "and 2011?"
    )
    whole = client.post("/v1/chat", json={"message": message}).get_json()
    events = parse_sse(
        client.post("/v1/chat/stream", json={"message": message}).get_data(as_text=True)
    )
    names = [e for e, _ in events]
    assert names[0] == "changes" and names[-2:] == ["citations", "done"]
    streamed = events[0][1]
    assert streamed == {"brief": whole["brief"], "changes": whole["changes"]}
    (change,) = whole["changes"]
    cited = {(c["symbol"], c["paragraph"]): c["quote"] for c in whole["citations"]}
    before, after = change["before"], change["after"]
    assert (before["symbol"], after["symbol"]) == ("A/RES/62/37", "A/RES/66/45")
    # the redline joins back into both quotes, each a citation of the answer
    old = "".join(p["text"] for p in change["redline"] if p["op"] != "insert")
    new = "".join(p["text"] for p in change["redline"] if p["op"] != "delete")
    assert old == cited[(before["symbol"], before["paragraph"])]
    assert new == cited[(after["symbol"], after["paragraph"])]
    assert {p["op"] for p in change["redline"]} == {"equal", "insert", "delete"}
    assert change["said"].startswith("From 2007 to 2011:") and before["page"].endswith("#OP9")


def test_openai_compatible_response(client: FlaskClient) -> None:
    body = client.post(
        "/v1/chat/completions",
        json={
            "model": "resolute",
            "messages": [{"role": "user", "content": "show me OP 9 of 62/37"}],
        },
    ).get_json()
    assert body["object"] == "chat.completion"
    msg = body["choices"][0]["message"]
    assert msg["role"] == "assistant" and "[A/RES/62/37 OP9]" in msg["content"]
    assert body["citations"][0]["paragraph"] == "OP9" and body["choices"][0]["finish_reason"]
    follow = client.post(
        "/v1/chat/completions",
        json={
            "user": "analyst-7",
            "messages": [{"role": "user", "content": "When was 66/45 adopted?"}],
        },
    )
    assert follow.get_json()["conversation_id"] == "analyst-7"


def completion_chunks(resp) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    raw = resp.get_data(as_text=True)
    chunks = [line[6:] for line in raw.splitlines() if line.startswith("data: ")]
    assert chunks[-1] == "[DONE]"
    return [json.loads(c) for c in chunks[:-1]]


def test_openai_compatible_stream(client: FlaskClient) -> None:
    resp = client.post(
        "/v1/chat/completions",
        json={
            "stream": True,
            "messages": [{"role": "user", "content": "66/45号决议第13段"}],
        },
    )
    assert resp.headers["X-Accel-Buffering"] == "no"
    parsed = completion_chunks(resp)
    assert all(p["object"] == "chat.completion.chunk" for p in parsed)
    assert parsed[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all("role" not in p["choices"][0]["delta"] for p in parsed[1:])
    assert all("usage" not in p for p in parsed)
    assert parsed[-1]["choices"][0]["finish_reason"] == "stop"
    assert parsed[-1]["citations"][0]["paragraph"] == "OP13"


def test_openai_compatible_stream_with_usage(client: FlaskClient) -> None:
    question = "66/45号决议第13段"
    parsed = completion_chunks(
        client.post(
            "/v1/chat/completions",
            json={
                "stream": True,
                "stream_options": {"include_usage": True},
                "messages": [{"role": "user", "content": question}],
            },
        )
    )
    *answer, usage = parsed
    assert all(p["usage"] is None and p["choices"] for p in answer)
    assert usage["choices"] == [] and usage["id"] == answer[0]["id"]
    content = "".join(p["choices"][0]["delta"].get("content", "") for p in answer)
    # 66 / 45 号 决 议 第 13 段: CJK characters one by one, runs of digits whole
    assert usage["usage"]["prompt_tokens"] == 9
    assert usage["usage"]["completion_tokens"] > len(content) // 2  # Chinese: ~1 a character
    assert usage["usage"]["total_tokens"] == 9 + usage["usage"]["completion_tokens"]


def test_completion_from_the_history_in_messages(client: FlaskClient) -> None:
    first = client.post(
        "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": "show me OP 8 of 66/45"}]},
    ).get_json()
    assert first["conversation_id"] is None  # nothing named, nothing stored
    messages = [
        {"role": "user", "content": "show me OP 8 of 66/45"},
        first["choices"][0]["message"],
        {"role": "user", "content": "And OP 9 of it?"},
    ]
    body = client.post("/v1/chat/completions", json={"messages": messages}).get_json()
    assert [(c["symbol"], c["paragraph"]) for c in body["citations"]] == [("A/RES/66/45", "OP9")]
    assert body["conversation_id"] is None and body["usage"]["completion_tokens"] > 0


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"message": ""}, 400, "bad_request"),
        ({"message": "x" * 2001}, 400, "bad_request"),
        ({"message": 42}, 400, "bad_request"),
        ({"message": "hello", "conversation_id": "no-such-id"}, 404, "not_found"),
        ({"message": "hello", "conversation_id": "bad id with spaces"}, 400, "bad_request"),
    ],
)
def test_chat_validation(client: FlaskClient, payload, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.post("/v1/chat", json=payload), status, code)
    assert_error(client.post("/v1/chat/stream", json=payload), status, code)


def assert_openai_error(resp, status: int, code: str, param: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """OpenAI's error shape, which the OpenAI-compatible routes answer in."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert body["error"]["param"] == param
    assert body["error"]["type"] == "invalid_request_error"  # every 4xx but 401 and 429


Q = {"role": "user", "content": "x"}


@pytest.mark.parametrize(
    ("payload", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": "hello"}, "messages"),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, "messages"),
        ({"messages": [Q, {"role": "assistant", "content": "x"}]}, "messages"),
        ({"messages": [{"role": "user", "content": 42}]}, "messages"),
        ({"messages": [{"role": "robot", "content": "x"}, Q]}, "messages"),
        ({"messages": [{"role": {"a": 1}, "content": "x"}, Q]}, "messages"),
        ({"messages": [{"role": ["user"], "content": "x"}]}, "messages"),
        ({"messages": [{"role": "user", "content": [{"type": "text", "text": 1}]}]}, "messages"),
        ({"messages": [{"role": "user", "content": [None]}]}, "messages"),
        ({"messages": [None, Q]}, "messages"),
        ({"messages": [{"role": "system", "content": 42}, Q]}, "messages"),
        ({"messages": [Q], "stream": "yes"}, "stream"),
        ({"messages": [Q], "stream": True, "stream_options": 1}, "stream_options"),
        ({"messages": [Q], "model": 7}, "model"),
        ({"messages": [Q], "n": 3}, "n"),
        ({"messages": [Q], "user": "a b"}, "user"),
        ({"messages": [Q], "conversation_id": ""}, "conversation_id"),
    ],
)
def test_completions_validation(client: FlaskClient, payload: dict, param: str) -> None:  # type: ignore[type-arg]
    assert_openai_error(
        client.post("/v1/chat/completions", json=payload), 400, "bad_request", param
    )


def test_openai_routes_answer_errors_in_openai_shape_and_the_rest_in_ours(
    client: FlaskClient,
) -> None:
    assert_openai_error(
        client.post("/v1/chat/completions", data="x"), 415, "unsupported_media_type"
    )
    assert_openai_error(client.get("/v1/models/gpt-4o"), 404, "model_not_found")
    assert_openai_error(client.get("/v1/models/org/name"), 404, "model_not_found")
    # a method the route does not take matches no route, and is still answered their way
    wrong_method = client.get("/v1/chat/completions")
    assert_openai_error(wrong_method, 405, "method_not_allowed")
    assert "POST" in wrong_method.headers["Allow"]
    assert_openai_error(client.delete("/v1/models/resolute"), 405, "method_not_allowed")
    # the project's own shape everywhere else, the chat endpoints included
    assert_error(client.post("/v1/chat", json={"message": ""}), 400, "bad_request")
    assert_error(client.get("/v1/resolutions/A/RES/1/1"), 404, "not_found")


def test_models(client: FlaskClient) -> None:
    listed = client.get("/v1/models").get_json()
    assert listed["object"] == "list"
    (model,) = listed["data"]
    assert set(model) == {"id", "object", "created", "owned_by"}
    assert model["id"] == "resolute" and model["object"] == "model"
    assert client.get("/v1/models/resolute").get_json() == model


def test_openai_routes_answer_access_errors_in_openai_shape(data_dir: Path) -> None:
    app = create_app({"DATA_DIR": data_dir, "API_KEYS": "k", "RATE_LIMIT": "1/minute"})
    http = app.test_client()
    unauthorized = http.get("/v1/models")
    assert unauthorized.status_code == 401 and unauthorized.headers["WWW-Authenticate"]
    error = unauthorized.get_json()["error"]
    assert (error["type"], error["code"]) == ("authentication_error", "unauthorized")
    key = {"Authorization": "Bearer k"}
    assert http.get("/v1/models", headers=key).status_code == 200
    limited = http.get("/v1/models", headers=key)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    error = limited.get_json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["type"], error["code"]) == ("rate_limit_error", "rate_limited")
    # and elsewhere, over the same count, the project's shape
    other = http.get("/v1/resolutions", headers=key).get_json()
    assert set(other["error"]) == {"code", "message"}


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_concurrent_turns_on_one_conversation_are_kept_once_in_order(
    data_dir: Path, redis_url: str, backend: str
) -> None:
    import threading

    app = create_app(
        {
            "DATA_DIR": data_dir,
            "RATE_LIMIT": "",
            "REDIS_URL": redis_url if backend == "redis" else "",
        }
    )
    first = app.test_client().post("/v1/chat", json={"message": "What does 66/45 say?"}).get_json()
    cid = first["conversation_id"]
    questions = ["the CTBT", "the NPT review conference", "nuclear-weapon-free zones"]
    failures: list[int] = []

    def client(n: int) -> None:
        http = app.test_client()
        for q in questions:  # each client sends its turns one after another
            resp = http.post(
                "/v1/chat", json={"message": f"[{n}] And {q}?", "conversation_id": cid}
            )
            if resp.status_code != 200:
                failures.append(resp.status_code)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    stored = [
        t.question for t in app.extensions["resolute.live"].current().chat.conversations.turns(cid)
    ]
    assert stored[0] == "What does 66/45 say?"
    assert sorted(stored[1:]) == sorted(f"[{n}] And {q}?" for n in range(6) for q in questions)
    for n in range(6):  # no turn lost or doubled, and each client's turns in its order
        assert [s for s in stored if s.startswith(f"[{n}]")] == [
            f"[{n}] And {q}?" for q in questions
        ]
