"""Chat over HTTP: `POST /v1/chat`, its server-sent-events stream, and an OpenAI-compatible face.

The OpenAI face (`POST /v1/chat/completions`, `GET /v1/models`) is a blueprint of its own,
so that its errors answer in OpenAI's shape (service/errors.py). A conversation comes either
from the earlier turns in `messages` (what every OpenAI client sends; nothing is stored) or,
when `messages` holds only the question, from the stored conversation that `user` or
`conversation_id` names.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, stream_with_context
from flask.typing import ResponseReturnValue

from chat.citations import marker
from chat.history import message_text, rebuild_turns, split_messages
from chat.service import Reply
from corpus.errors import InvalidInput, NotFound
from service.errors import InvalidField, register_openai_errors
from service.ops import STAGE
from service.representation import changes_json, citation_json, reply_json
from service.schema import PathParameter
from service.serving import chat_service
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


def ask(message: str, conversation_id: str | None) -> Reply:
    with STAGE.labels("answer").time():
        return chat_service().ask(message, conversation_id)


def ask_with_history(body: dict[str, Any]) -> Reply:
    """A completion's reply: from the turns in `messages` (they win over a stored
    conversation, which is then neither read nor written), or, when `messages` holds only
    the question, from the conversation `user`/`conversation_id` names (created when new).
    Without either, nothing is stored."""
    try:
        exchanges, question = split_messages(body.get("messages"))
        question = text_field({"messages[-1].content": question}, "messages[-1].content")
    except InvalidInput as exc:
        raise InvalidField(exc.message, "messages") from None
    cid = _completion_conversation_id(body)
    service = chat_service()
    if exchanges or cid is None:
        with STAGE.labels("answer").time():
            return service.ask_with_history(question, rebuild_turns(exchanges, service.resolve))
    if cid is not None and not service.conversations.exists(cid):
        service.conversations.create(cid)  # OpenAI clients name their own conversations
    return ask(question, cid)


def _conversation_id(body: dict[str, Any], name: str = "conversation_id") -> str | None:
    cid = optional_str(body, name)
    if cid is not None and not _CONVERSATION_ID.match(cid):
        raise InvalidInput(f"'{name}' must be 1-128 letters, digits or . _ : -")
    return cid


@chat_api.post("/chat")
def chat() -> ResponseReturnValue:
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
def chat_stream() -> ResponseReturnValue:
    """Server-sent events: `changes` for a change answer, `token` pieces of the answer, then
    `citations`, then `done`."""
    body = json_body()
    message = read(body, MESSAGE)
    reply = ask(message, read(body, CONVERSATION_ID))  # errors answer as plain JSON

    def events() -> Iterator[str]:
        if reply.answer.changes:  # first: a client showing redlines shows `brief`, not tokens
            yield _sse("changes", changes_json(reply.answer))
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


# -- the OpenAI-compatible face

openai_api = Blueprint("openai", __name__)
register_openai_errors(openai_api)

MODEL = "resolute"  # the one model: what GET /v1/models lists and every completion names
STARTED = int(time.time())  # a model's `created`: when this server started

# Usage counts these as one token each: a CJK character, a run of other letters and digits,
# a punctuation mark. No model tokenizer is involved (the extractive answerer has none):
# about one per word in English, one per character in Chinese.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def _completion_conversation_id(body: dict[str, Any]) -> str | None:
    for name in ("conversation_id", "user"):  # conversation_id wins
        if body.get(name) is not None:
            try:
                return _conversation_id(body, name)
            except InvalidInput as exc:
                raise InvalidField(exc.message, name) from None
    return None


def _flag(body: dict[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidField(f"'{name}' must be true or false", name)
    return value


def _include_usage(body: dict[str, Any]) -> bool:
    options = body.get("stream_options")
    if options is None:
        return False
    if not isinstance(options, dict):
        raise InvalidField("'stream_options' must be an object", "stream_options")
    return _flag(options, "include_usage")


def _check_model_and_n(body: dict[str, Any]) -> None:
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise InvalidField("'model' must be a string", "model")
    n = body.get("n")
    if n is not None and n != 1:
        raise InvalidField("'n' must be 1: Resolute gives one answer", "n")


def _usage(body: dict[str, Any], content: str) -> dict[str, int]:
    """Estimated tokens (see `estimate_tokens`): every message sent, and the answer."""
    prompt = sum(
        estimate_tokens(message_text(m.get("content"), f"messages[{i}]"))
        for i, m in enumerate(body["messages"])
    )
    completion = estimate_tokens(content)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _data(chunk: dict[str, Any]) -> str:
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"


@openai_api.post("/chat/completions")
def completions() -> ResponseReturnValue:
    """OpenAI's chat completions shape; citations ride as [A/RES/66/45 OP8] and as a field."""
    body = json_body()
    stream = _flag(body, "stream")
    include_usage = stream and _include_usage(body)  # without `stream`, usage is always there
    _check_model_and_n(body)
    reply = ask_with_history(body)
    content = reply.answer.text
    if reply.answer.citations:
        content += "\n\n" + " ".join(marker(c.symbol, str(c.pid)) for c in reply.answer.citations)
    head = {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion.chunk" if stream else "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
    }
    extras = {
        "citations": [citation_json(c) for c in reply.answer.citations],
        "grounded": reply.answer.grounded,
        "conversation_id": reply.conversation_id or None,  # None: nothing was stored
    }
    usage = _usage(body, content)
    if not stream:
        choice = {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": content},
        }
        return {**head, "choices": [choice], "usage": usage, **extras}

    def chunks() -> Iterator[str]:
        # With include_usage, OpenAI's chunks carry "usage": null until a last chunk that
        # has the counts and no choices.
        none = {"usage": None} if include_usage else {}
        delta: dict[str, str] = {"role": "assistant"}
        for piece in answer_pieces(content):
            delta["content"] = piece
            choice = {"index": 0, "delta": delta, "finish_reason": None}
            yield _data({**head, "choices": [choice], **none})
            delta = {}
        stop = {"index": 0, "delta": {}, "finish_reason": "stop"}
        yield _data({**head, "choices": [stop], **none, **extras})
        if include_usage:
            yield _data({**head, "choices": [], "usage": usage})
        yield "data: [DONE]\n\n"

    return Response(
        stream_with_context(chunks()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _model_json(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": STARTED, "owned_by": "resolute"}


class ModelNotFound(NotFound):
    code = "model_not_found"


MODEL_ID = PathParameter(
    name="model_id",
    pattern=r"^[A-Za-z0-9._:-]{1,128}$",
    description=f"A model id; this server has one, `{MODEL}`. Any other: 404 "
    "`model_not_found`, in OpenAI's error shape.",
    examples={"the model": MODEL},
)


@openai_api.get("/models")
def models() -> ResponseReturnValue:
    return {"object": "list", "data": [_model_json(MODEL)]}


@openai_api.get("/models/<path:model_id>")
def model(model_id: str) -> ResponseReturnValue:
    if model_id != MODEL:
        raise ModelNotFound(f"the model {model_id!r} does not exist; this server has {MODEL!r}")
    return _model_json(MODEL)


chat_api.register_blueprint(openai_api)  # under /v1, with errors of its own
