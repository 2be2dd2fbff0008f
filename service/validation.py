"""What the API's requests may hold, declared once, and reading a request by it.

Every body field and path parameter the API takes is declared here (the kinds are in
service/schema.py). The handlers read their requests through these declarations,
`read(json_body(), QUERY)`, and the OpenAPI document is generated from the same ones
(service/openapi_schemas.py, openapi_paths.py), so what is checked and what is documented
cannot drift. A new body: declare its fields and a `Body`, read them in the handler, list
the body in openapi_schemas.REQUEST_BODIES and name it in the operation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from flask import current_app, request

from corpus.errors import InvalidInput
from corpus.ids import PARAGRAPH_ID_PATTERN, SYMBOL_PATTERN, normalize_symbol
from corpus.model import LANGUAGES
from service.errors import UnsupportedMediaType
from service.schema import (
    Body,
    Field,
    Loose,
    OptionalText,
    PathParameter,
    Question,
    Text,
    WholeNumber,
)
from wiring.settings import Settings

T = TypeVar("T")


def json_body() -> dict[str, Any]:
    if not request.is_json:
        raise UnsupportedMediaType("send the request body as JSON (Content-Type: application/json)")
    try:
        body = request.get_json(silent=True)
        text = json.dumps(body, ensure_ascii=False)
    except RecursionError:  # deeper than the parser's stack (a small body can be)
        raise InvalidInput("the request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    try:
        # JSON can escape a lone surrogate ("\ud800"), UTF-8 cannot hold one: such text
        # would fail later, in the embedder or when echoed back.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            "the request body holds an unpaired surrogate (\\ud800-\\udfff)"
        ) from None
    return body


def read(body: Mapping[str, object], field: Field[T]) -> T:
    """`field` from `body`, checked against this app's settings (its limits)."""
    settings: Settings = current_app.config["RESOLUTE"]
    return field.read(body, settings)


def text_field(body: Mapping[str, object], name: str) -> str:
    """A required text field that no declaration here names (the completions' reading)."""
    return read(body, Text(name=name))


def optional_str(body: Mapping[str, object], name: str) -> str | None:
    """An optional text field that no declaration here names (the completions' reading)."""
    return read(body, OptionalText(name=name))


IGNORED = "Fields not listed here are ignored."

# -- POST /v1/search

QUERY = Text(name="query", examples=("fissile material cut-off treaty",))
K = WholeNumber(name="k", default=5, minimum=1, maximum=50)
SYMBOL = OptionalText(
    name="symbol",
    pattern=SYMBOL_PATTERN,
    parse=normalize_symbol,
    description="Search only this resolution (404 if it is not held).",
)
LANG = OptionalText(
    name="lang", enum=LANGUAGES, description="Quote in this language; any language when absent."
)
SEARCH_REQUEST = Body(
    "SearchRequest",
    (QUERY, K, SYMBOL, LANG),
    IGNORED,
    examples={
        "topic": {"query": "fissile material cut-off treaty"},
        "one resolution, in Chinese": {
            "query": "全面禁止核试验条约",
            "k": 3,
            "symbol": "A/RES/66/45",
            "lang": "zh",
        },
    },
)

# -- POST /v1/chat and /v1/chat/stream

MESSAGE = Text(name="message", examples=("What did 66/45 say about the CTBT?",))

# A conversation id a client may name (the server's own, uuid hex, fit too): short, and
# safe in a log line and as a store key.
CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
CONVERSATION_ID = OptionalText(
    name="conversation_id",
    pattern=CONVERSATION_ID_PATTERN,
    pattern_means="1-128 letters, digits or . _ : -",
    description="Continue this conversation (404 if unknown); leave it out to start a new one.",
)
CHAT_REQUEST = Body(
    "ChatRequest",
    (MESSAGE, CONVERSATION_ID),
    IGNORED,
    examples={
        "question": {"message": "What did 66/45 say about the CTBT?"},
        "lookup": {"message": "66/45号决议第13段"},
    },
)

# -- POST /v1/chat/completions, OpenAI's shape: the conversation is `messages`
#
# Documented from these declarations, but not read through them: the handler reads the
# message list with chat/history.py (content may be text parts; every message is checked)
# and the other fields itself (service/api_chat.py), so that each error names its `param`.

ROLE = Loose(
    name="role",
    required=True,
    json_schema={"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
)
CONTENT = Text(
    name="content",
    description='A string, or a list of `{"type": "text", "text"}` parts. The '
    "question's is held to this rule; an earlier message's may be empty (an assistant's).",
)
CHAT_MESSAGE = Body("ChatMessage", (ROLE, CONTENT))
MESSAGES = Question(
    name="messages",
    item=CHAT_MESSAGE,
    content=CONTENT,
    description="The last message must have role `user` and non-blank content of at most "
    "{max_chars} characters: it is the question. The earlier user and assistant messages are "
    "the conversation it follows (the `[A/RES/66/45 OP8]` markers in an answer say what it "
    "cited); system, developer and tool messages are not read. JSON Schema cannot say 'the "
    "last item', so this rule is stated here only.",
)
MODEL = Loose(
    name="model",
    json_schema={"type": "string"},
    description="Any name (GET /v1/models lists `resolute`); the answer names `resolute`.",
)
STREAM = Loose(
    name="stream",
    json_schema={"type": "boolean", "default": False},
    description="Answer as server-sent `chat.completion.chunk` events.",
)
STREAM_OPTIONS = Loose(
    name="stream_options",
    json_schema={
        "type": "object",
        "properties": {"include_usage": {"type": "boolean", "default": False}},
    },
    description="With `include_usage`, a last chunk with no choices carries the usage.",
)
N = Loose(name="n", json_schema={"const": 1}, description="One answer: anything but 1 is refused.")
USER = replace(
    CONVERSATION_ID,
    name="user",
    description="Names a stored conversation to continue (created when new), when "
    "`messages` holds only the question; earlier turns in `messages` win over it.",
)
COMPLETION_CONVERSATION_ID = replace(CONVERSATION_ID, description="Same as `user`; wins.")
COMPLETION_REQUEST = Body(
    "CompletionRequest",
    (MESSAGES, MODEL, STREAM, STREAM_OPTIONS, N, USER, COMPLETION_CONVERSATION_ID),
    "Other OpenAI fields (temperature, …) are accepted and ignored.",
    examples={
        "question": {
            "model": "resolute",
            "messages": [
                {"role": "system", "content": "Cite the resolutions."},
                {"role": "user", "content": "What does 66/45 urge in OP8?"},
            ],
            "user": "example-conversation",
        },
        "follow-up, streamed": {
            "messages": [
                {"role": "user", "content": "What did 66/45 say about the CTBT?"},
                {
                    "role": "assistant",
                    "content": "A/RES/66/45, operative paragraph 8: … [A/RES/66/45 OP8]",
                },
                {"role": "user", "content": "And in 2007?"},
            ],
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    },
)

# -- path parameters: the handlers pass them to the store, whose parsers check them

SYMBOL_PARAMETER = PathParameter(
    name="symbol",
    pattern=SYMBOL_PATTERN,
    description="A resolution symbol, `A/RES/66/45` or just `66/45`; a part letter after a "
    "space or not (`A/RES/74/92%20B`, `74/92B`). It holds slashes: "
    "send them percent-encoded (`A%2FRES%2F66%2F45`, as OpenAPI path templating expects) "
    "or literally (`/v1/resolutions/A/RES/66/45`, as the README shows); the server routes "
    "both alike (Flask `<path:symbol>`). Malformed: 400 `invalid_symbol`; not held: 404.",
    examples={"full": "A/RES/66/45", "short": "62/37", "part": "74/92B"},
)
PARAGRAPH_PARAMETER = PathParameter(
    name="pid",
    pattern=PARAGRAPH_ID_PATTERN,
    description="A paragraph id: `PP<n>` (preambular), `OP<n>`, `OP<n>(a)`, "
    "`OP<n>(g)(iv)`; in a section whose numbering restarts `B.OP1`, `B.PP1`; in a text "
    "adopted inline or an annex `DECL.30(x)`, `ANNEX.12(b)`, `ANNEX-II.5`, its unnumbered "
    "opening paragraphs `DECL.PP1`, an annex's articles `ANNEX.ART3.1(a)`, `ANNEX.ART4`; "
    "any case. "
    "Malformed: 400 `invalid_paragraph_id`; not in that "
    "resolution: 404.",
    examples={"operative": "OP8", "preambular": "PP3", "sub-paragraph": "OP3(g)(iv)"},
)
