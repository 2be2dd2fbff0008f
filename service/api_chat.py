"""Chat over HTTP: `POST /v1/chat`, its server-sent-events stream, and an OpenAI-compatible face."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, current_app, stream_with_context

from chat.service import ChatService, Reply
from corpus.errors import InvalidInput
from service.ops import STAGE
from service.representation import citation_json, reply_json
from service.validation import (
    CONVERSATION_ID,
    CONVERSATION_ID_PATTERN,
    MESSAGE,
    json_body,
    optional_str,
    read,
    text_field,
)

chat_api = Blueprint("chat_api", __name__, url_prefix="/v1")

_CONVERSATION_ID = re.compile(CONVERSATION_ID_PATTERN)


def chat_service() -> ChatService:
    return current_app.extensions["resolute.chat"]


def ask(message: str, conversation_id: str | None) -> Reply:
    with STAGE.labels("answer").time():
        return chat_service().ask(message, conversation_id)


def _conversation_id(body: dict[str, Any]) -> str | None:
    cid = optional_str(body, "conversation_id")
    if cid is not None and not _CONVERSATION_ID.match(cid):
        raise InvalidInput("'conversation_id' must be 1-128 letters, digits or . _ : -")
    return cid


@chat_api.post("/chat")
def chat():  # type: ignore[no-untyped-def]
    body = json_body()
    message = read(body, MESSAGE)
    return reply_json(ask(message, read(body, CONVERSATION_ID)))


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_pieces(text: str, size: int = 24) -> Iterator[str]:
    """The answer in small pieces, cut at spaces where there are any, for streaming."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + 1, end)
            end = space + 1 if space > start else end
        yield text[start:end]
        start = end


@chat_api.post("/chat/stream")
def chat_stream():  # type: ignore[no-untyped-def]
    """Server-sent events: `token` pieces of the answer, then `citations`, then `done`."""
    body = json_body()
    message = read(body, MESSAGE)
    reply = ask(message, read(body, CONVERSATION_ID))  # errors answer as plain JSON

    def events() -> Iterator[str]:
        for piece in answer_pieces(reply.answer.text):
            yield _sse("token", {"text": piece})
        yield _sse("citations", [citation_json(c) for c in reply.answer.citations])
        yield _sse(
            "done", {"conversation_id": reply.conversation_id, "grounded": reply.answer.grounded}
        )

    return Response(
        stream_with_context(events()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@chat_api.post("/chat/completions")
def completions():  # type: ignore[no-untyped-def]
    """OpenAI's chat completions shape; citations ride as [A/RES/66/45 OP8] and as a field."""
    body = json_body()
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise InvalidInput("'messages' must be a non-empty list of {role, content}")
    last = messages[-1]
    if not isinstance(last, dict) or last.get("role") != "user":
        raise InvalidInput("the last message must have role 'user'")
    message = text_field({"content": last.get("content")}, "content")
    cid = _conversation_id({"conversation_id": body.get("conversation_id") or body.get("user")})
    service = chat_service()
    if cid is not None and not service.conversations.exists(cid):
        service.conversations.create(cid)  # OpenAI clients name their own conversations
    reply = service.ask(message, cid)
    content = reply.answer.text
    if reply.answer.citations:
        content += "\n\n" + " ".join(f"[{c.symbol} {c.pid}]" for c in reply.answer.citations)
    created = int(time.time())
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    model = str(body.get("model") or "resolute")
    citations = [citation_json(c) for c in reply.answer.citations]
    if body.get("stream"):

        def chunks() -> Iterator[str]:
            for piece in answer_pieces(content):
                chunk = {
                    "id": completion_id,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }
                yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
            final = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "citations": citations,
                "grounded": reply.answer.grounded,
                "conversation_id": reply.conversation_id,
            }
            yield f"data: {json.dumps(final, ensure_ascii=False)}\n\n"
            yield "data: [DONE]\n\n"

        return Response(stream_with_context(chunks()), mimetype="text/event-stream")
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": citations,
        "grounded": reply.answer.grounded,
        "conversation_id": reply.conversation_id,
    }
