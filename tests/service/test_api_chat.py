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
    assert set(one) == {"conversation_id", "answer", "grounded", "citations"}
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


def test_openai_compatible_stream(client: FlaskClient) -> None:
    raw = client.post(
        "/v1/chat/completions",
        json={
            "stream": True,
            "messages": [{"role": "user", "content": "66/45号决议第13段"}],
        },
    ).get_data(as_text=True)
    chunks = [line[6:] for line in raw.splitlines() if line.startswith("data: ")]
    assert chunks[-1] == "[DONE]"
    parsed = [json.loads(c) for c in chunks[:-1]]
    assert all(p["object"] == "chat.completion.chunk" for p in parsed)
    assert parsed[-1]["citations"][0]["paragraph"] == "OP13"


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


def test_completions_validation(client: FlaskClient) -> None:
    assert_error(client.post("/v1/chat/completions", json={"messages": []}), 400, "bad_request")
    assert_error(
        client.post(
            "/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]}
        ),
        400,
        "bad_request",
    )


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
    stored = [t.question for t in app.extensions["resolute.chat"].conversations.turns(cid)]
    assert stored[0] == "What does 66/45 say?"
    assert sorted(stored[1:]) == sorted(f"[{n}] And {q}?" for n in range(6) for q in questions)
    for n in range(6):  # no turn lost or doubled, and each client's turns in its order
        assert [s for s in stored if s.startswith(f"[{n}]")] == [
            f"[{n}] And {q}?" for q in questions
        ]
