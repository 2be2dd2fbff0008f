"""`GET /openapi.json`: the HTTP API described in OpenAPI 3.1, as plain Python data.

The document is built per app from its settings, so the limits it states (the longest
message, whether the Slack route exists) are the ones that app enforces. The request
schemas mirror service/validation.py and service/api_chat.py, the identifier patterns
mirror corpus/model.py, and tests/service/test_openapi.py holds them to each other and
to app.url_map; tests/service/test_api_fuzz.py fuzzes the app against this document.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from corpus.model import LANGUAGES, ROMAN
from wiring.settings import Settings

openapi = Blueprint("openapi", __name__)

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"

# What the server takes, as a pattern. Symbols: `normalize_symbol` upper-cases, so the
# prefix is case-blind, and a bare "66/45" means "A/RES/66/45". Sent in a path, the
# slashes are either literal (/v1/resolutions/A/RES/66/45, as the README shows) or
# percent-encoded (A%2FRES%2F66%2F45); the server decodes the path before routing, so
# both reach the same resolution.
SYMBOL_PATTERN = r"^(?:[Aa]/[Rr][Ee][Ss]/)?[0-9]{1,3}/[0-9]{1,4}$"

# Paragraph ids: `ParagraphId.parse` upper-cases the PP/OP prefix and lower-cases the
# rest, numbers start at 1 (up to three digits), letters are one or two, roman items
# run from (i) to (xx).
_NUMBER = r"(?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])"
_ROMAN = "|".join("".join(f"[{c.upper()}{c}]" for c in r) for r in sorted(ROMAN, key=len)[::-1])
PARAGRAPH_ID_PATTERN = (
    rf"^(?:[Pp][Pp]{_NUMBER}|[Oo][Pp]{_NUMBER}(?:\([A-Za-z]{{1,2}}\)(?:\((?:{_ROMAN})\))?)?)$"
)

CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"  # service/api_chat.py

# "Non-empty after strip()": one character that Python's str.isspace() calls not blank.
# Spelled out rather than `\S`, whose meaning differs between regex engines (Python
# counts U+001C..U+001F as space, ECMA-262 and Rust do not; ECMA counts U+FEFF and not
# U+0085).
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK_PATTERN = "[^" + "".join(f"\\u{ord(c):04x}" for c in PYTHON_WHITESPACE) + "]"

ERROR_STATUSES = {
    "400": "Bad request: a malformed body or field (`bad_request`), symbol (`invalid_symbol`) "
    "or paragraph id (`invalid_paragraph_id`).",
    "401": "An API key is needed (`unauthorized`): RESOLUTE_API_KEYS is set and the request "
    "has no valid `Authorization: Bearer <key>`.",
    "404": "Not found (`not_found`): no such route, resolution, paragraph or conversation.",
    "405": "Method not allowed (`method_not_allowed`) on a path that exists.",
    "413": "The body is larger than RESOLUTE_MAX_BODY_BYTES (`request_entity_too_large`).",
    "415": "The body is not JSON (`unsupported_media_type`): send "
    "`Content-Type: application/json`.",
    "422": "A text that is not a resolution (`parse_error`); only ingest produces it, and "
    "ingest is not an HTTP endpoint today.",
    "429": "Too many requests (`rate_limited`) for this API key or client address "
    "(RESOLUTE_RATE_LIMIT); `Retry-After` says how many seconds to wait.",
    "503": "A backing service is away (`unavailable`), e.g. the Redis conversation store.",
}


CHAT_EXAMPLES = {
    "question": {"message": "What did 66/45 say about the CTBT?"},
    "lookup": {"message": "66/45号决议第13段"},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A response object: every field documented is always there, and nothing else."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _completion_head(kind: str) -> dict[str, Any]:
    """The fields OpenAI's completion and its stream chunks share, before the choices."""
    return {
        "id": {"type": "string", "pattern": "^chatcmpl-"},
        "object": {"const": kind},
        "created": {"type": "integer"},
        "model": {"type": "string"},
    }


def _choices(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 1,
        "items": _object({"index": {"type": "integer"}, **fields}),
    }


def _completion_tail() -> dict[str, Any]:
    """Resolute's fields beside OpenAI's: the citations and where the answer stands."""
    return {
        "citations": {"type": "array", "items": _ref("Citation")},
        "grounded": {"type": "boolean"},
        "conversation_id": {"type": "string", "pattern": CONVERSATION_ID_PATTERN},
    }


def _event(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """A server-sent event named `name` whose `data` is JSON matching `data`."""
    return {
        "properties": {
            "event": {"const": name},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": data,
            },
        }
    }


def _ok(description: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}},
        "content": content,
    }


def _body(schema: str, examples: dict[str, Any]) -> dict[str, Any]:
    content = _json(_ref(schema))
    content["application/json"]["examples"] = {k: {"value": v} for k, v in examples.items()}
    return {"required": True, "content": content}


def _errors(*statuses: str) -> dict[str, Any]:
    return {s: {"$ref": f"#/components/responses/Error{s}"} for s in statuses}


def _schemas(max_chars: int) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "maxLength": max_chars, "pattern": NOT_BLANK_PATTERN}
    lang = {"type": "string", "enum": list(LANGUAGES)}
    by_lang = {
        "type": "object",
        "description": "Text by language; a language the resolution lacks is absent.",
        "properties": {lang_: {"type": "string"} for lang_ in LANGUAGES},
        "additionalProperties": False,
    }
    nullable_id = {"type": ["string", "null"], "pattern": CONVERSATION_ID_PATTERN}
    summary = {
        "symbol": {"type": "string", "examples": ["A/RES/66/45"]},
        "session": {"type": "integer", "minimum": 1},
        "title": by_lang,
        "adopted": {"type": ["string", "null"], "format": "date"},
        "meeting": {"type": ["string", "null"], "examples": ["71st plenary meeting"]},
        "agenda_item": {"type": ["string", "null"]},
        "committee_report": {"type": ["string", "null"]},
        "languages": {"type": "array", "items": lang},
        "counts": _object(
            {
                "preambular": {"type": "integer", "minimum": 0},
                "operative": {"type": "integer", "minimum": 0},
                "subparagraphs": {"type": "integer", "minimum": 0},
            }
        ),
    }
    return {
        "Error": {
            **_object(
                {
                    "error": _object(
                        {
                            "code": {
                                "type": "string",
                                "description": "Stable, machine-readable: bad_request, "
                                "invalid_symbol, invalid_paragraph_id, unauthorized, "
                                "not_found, method_not_allowed, request_entity_too_large, "
                                "unsupported_media_type, parse_error, rate_limited, "
                                "unavailable, internal_error.",
                                "pattern": "^[a-z_]+$",
                            },
                            "message": {"type": "string", "minLength": 1},
                        }
                    )
                }
            ),
            "description": "The one error shape of every 4xx/5xx answer.",
        },
        "Citation": _object(
            {
                "symbol": {"type": "string", "examples": ["A/RES/66/45"]},
                "paragraph": {"type": "string", "examples": ["OP8", "OP3(g)(iv)"]},
                "kind": {"type": "string", "enum": ["preambular", "operative"]},
                "label": {
                    "type": "string",
                    "examples": ["A/RES/66/45, operative paragraph 8"],
                },
                "lang": lang,
                "quote": {
                    "type": "string",
                    "description": "The verbatim text of that paragraph in that language.",
                },
                "url": {
                    "type": "string",
                    "examples": ["/v1/resolutions/A/RES/66/45/paragraphs/OP8"],
                },
            }
        ),
        "Footnote": _object({"mark": {"type": "string"}, "text": by_lang}),
        "Paragraph": _object(
            {
                "symbol": {"type": "string"},
                "id": {"type": "string", "examples": ["OP8"]},
                "kind": {"type": "string", "enum": ["preambular", "operative"]},
                "label": _object({lang_: {"type": "string"} for lang_ in LANGUAGES}),
                "text": by_lang,
                "footnotes": {"type": "array", "items": _ref("Footnote")},
                "url": {"type": "string"},
            }
        ),
        "ResolutionSummary": _object(summary),
        "Resolution": _object(
            {**summary, "paragraphs": {"type": "array", "items": _ref("Paragraph")}}
        ),
        "ResolutionList": _object(
            {"resolutions": {"type": "array", "items": _ref("ResolutionSummary")}}
        ),
        "SearchRequest": {
            "type": "object",
            "required": ["query"],
            "properties": {
                "query": {**text, "examples": ["fissile material cut-off treaty"]},
                "k": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5},
                "symbol": {
                    "type": ["string", "null"],
                    "pattern": SYMBOL_PATTERN,
                    "description": "Search only this resolution (404 if it is not held).",
                },
                "lang": {
                    "type": ["string", "null"],
                    "enum": [*LANGUAGES, None],
                    "description": "Quote in this language; any language when absent.",
                },
            },
            "description": "Fields not listed here are ignored.",
        },
        "SearchResults": _object(
            {
                "results": {
                    "type": "array",
                    "items": _object({"citation": _ref("Citation"), "score": {"type": "number"}}),
                }
            }
        ),
        "ChatRequest": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {**text, "examples": ["What did 66/45 say about the CTBT?"]},
                "conversation_id": {
                    **nullable_id,
                    "description": "Continue this conversation (404 if unknown); leave it "
                    "out to start a new one.",
                },
            },
            "description": "Fields not listed here are ignored.",
        },
        "ChatReply": _object(
            {
                "conversation_id": {"type": "string", "pattern": CONVERSATION_ID_PATTERN},
                "answer": {"type": "string"},
                "grounded": {"type": "boolean"},
                "citations": {"type": "array", "items": _ref("Citation")},
            }
        ),
        "ChatMessage": {
            "type": "object",
            "required": ["role", "content"],
            "properties": {
                "role": {
                    "type": "string",
                    "enum": ["system", "developer", "user", "assistant", "tool"],
                },
                "content": {
                    **text,
                    "description": "Checked in the last message only (see `messages`).",
                },
            },
        },
        "CompletionRequest": {
            "type": "object",
            "required": ["messages"],
            "properties": {
                "messages": {
                    "type": "array",
                    "minItems": 1,
                    "items": _ref("ChatMessage"),
                    "description": "The last message must have role `user` and non-blank "
                    f"string content of at most {max_chars} characters: it is the question. "
                    "Earlier messages are not read (the conversation is kept by the server) "
                    "and not checked. JSON Schema cannot say 'the last item', so this rule "
                    "is stated here only.",
                },
                "model": {"type": "string", "description": "Echoed back; default `resolute`."},
                "stream": {
                    "type": "boolean",
                    "default": False,
                    "description": "Answer as server-sent `chat.completion.chunk` events.",
                },
                "user": {
                    **nullable_id,
                    "description": "Names the conversation; created when new.",
                },
                "conversation_id": {**nullable_id, "description": "Same as `user`; wins."},
            },
            "description": "Other OpenAI fields (temperature, …) are accepted and ignored.",
        },
        "ChatCompletion": _object(
            {
                **_completion_head("chat.completion"),
                "choices": _choices(
                    {
                        "finish_reason": {"type": "string"},
                        "message": _object(
                            {"role": {"const": "assistant"}, "content": {"type": "string"}}
                        ),
                    }
                ),
                "usage": _object(
                    {
                        "prompt_tokens": {"type": "integer"},
                        "completion_tokens": {"type": "integer"},
                        "total_tokens": {"type": "integer"},
                    }
                ),
                **_completion_tail(),
            }
        ),
        "ChatEvent": {
            "description": "One server-sent event of /v1/chat/stream: `token` events carry "
            "the answer in pieces, then one `citations` event, then one `done` event. "
            "`data` is JSON.",
            "type": "object",
            "required": ["event", "data"],
            "oneOf": [
                _event("token", _object({"text": {"type": "string"}})),
                _event("citations", {"type": "array", "items": _ref("Citation")}),
                _event(
                    "done",
                    _object(
                        {
                            "conversation_id": {
                                "type": "string",
                                "pattern": CONVERSATION_ID_PATTERN,
                            },
                            "grounded": {"type": "boolean"},
                        }
                    ),
                ),
            ],
        },
        "CompletionChunkEvent": {
            "description": "One server-sent event of a streamed completion: `data` is a "
            "`chat.completion.chunk` object in JSON, or `[DONE]` at the end.",
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {
                    "type": "string",
                    "if": {"const": "[DONE]"},
                    "else": {
                        "contentMediaType": "application/json",
                        "contentSchema": _ref("ChatCompletionChunk"),
                    },
                }
            },
        },
        "ChatCompletionChunk": _object(
            {
                **_completion_head("chat.completion.chunk"),
                "choices": _choices(
                    {
                        "delta": _object({"content": {"type": "string"}}, required=[]),
                        "finish_reason": {"type": ["string", "null"]},
                    }
                ),
                **_completion_tail(),
            },
            required=["id", "object", "created", "model", "choices"],
        ),
        "Health": _object({"status": {"const": "ok"}}),
        "Readiness": _object(
            {
                "status": {"type": "string", "enum": ["ready", "not ready"]},
                "resolutions": {"type": "integer", "minimum": 0},
                "passages": {"type": "integer", "minimum": 0},
                "problems": {"type": "array", "items": {"type": "string"}},
                "degraded": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Down but not needed to be ready (the conversation "
                    "store: chat answers 503 meanwhile).",
                },
            }
        ),
    }


def _responses() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, description in ERROR_STATUSES.items():
        headers: dict[str, Any] = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
        if status == "401":
            headers["WWW-Authenticate"] = {
                "required": True,
                "schema": {"type": "string", "examples": ['Bearer realm="resolute"']},
            }
        if status == "429":
            headers["Retry-After"] = {
                "required": True,
                "description": "Seconds until the limit lets this caller in again.",
                "schema": {"type": "integer", "minimum": 0},
            }
        responses[f"Error{status}"] = {
            "description": description,
            "headers": headers,
            "content": _json(_ref("Error")),
        }
    return responses


def _symbol_parameter() -> dict[str, Any]:
    return {
        "name": "symbol",
        "in": "path",
        "required": True,
        "description": "A resolution symbol, `A/RES/66/45` or just `66/45`. It holds slashes: "
        "send them percent-encoded (`A%2FRES%2F66%2F45`, as OpenAPI path templating expects) "
        "or literally (`/v1/resolutions/A/RES/66/45`, as the README shows); the server routes "
        "both alike (Flask `<path:symbol>`). Malformed: 400 `invalid_symbol`; not held: 404.",
        "schema": {"type": "string", "pattern": SYMBOL_PATTERN},
        "examples": {
            "full": {"value": "A/RES/66/45"},
            "short": {"value": "62/37"},
        },
    }


def _paragraph_parameter() -> dict[str, Any]:
    return {
        "name": "pid",
        "in": "path",
        "required": True,
        "description": "A paragraph id: `PP<n>` (preambular), `OP<n>`, `OP<n>(a)`, "
        "`OP<n>(g)(iv)`; any case. Malformed: 400 `invalid_paragraph_id`; not in that "
        "resolution: 404.",
        "schema": {"type": "string", "pattern": PARAGRAPH_ID_PATTERN},
        "examples": {
            "operative": {"value": "OP8"},
            "preambular": {"value": "PP3"},
            "sub-paragraph": {"value": "OP3(g)(iv)"},
        },
    }


OPTIONAL_KEY = [{}, {"bearerAuth": []}]  # open by default; a key when RESOLUTE_API_KEYS is set


def _paths(slack: bool) -> dict[str, Any]:
    def sse(event: str) -> dict[str, Any]:
        return {"text/event-stream": {"schema": _ref(event)}}

    body_errors = _errors("400", "401", "413", "415", "429")
    paths: dict[str, Any] = {
        "/v1/resolutions": {
            "get": {
                "operationId": "listResolutions",
                "tags": ["resolutions"],
                "summary": "Every resolution held, without its paragraphs.",
                "security": OPTIONAL_KEY,
                "responses": {
                    "200": _ok("The resolutions.", _json(_ref("ResolutionList"))),
                    **_errors("401", "429"),
                },
            }
        },
        "/v1/resolutions/{symbol}": {
            "get": {
                "operationId": "getResolution",
                "tags": ["resolutions"],
                "summary": "One resolution with all its paragraphs.",
                "security": OPTIONAL_KEY,
                "parameters": [_symbol_parameter()],
                "responses": {
                    "200": _ok("The resolution.", _json(_ref("Resolution"))),
                    **_errors("400", "401", "404", "429"),
                },
            }
        },
        "/v1/resolutions/{symbol}/paragraphs/{pid}": {
            "get": {
                "operationId": "getParagraph",
                "tags": ["resolutions"],
                "summary": "One paragraph, in every language held, with its footnotes.",
                "security": OPTIONAL_KEY,
                "parameters": [_symbol_parameter(), _paragraph_parameter()],
                "responses": {
                    "200": _ok("The paragraph.", _json(_ref("Paragraph"))),
                    **_errors("400", "401", "404", "429"),
                },
            }
        },
        "/v1/search": {
            "post": {
                "operationId": "search",
                "tags": ["search"],
                "summary": "The paragraphs that best match a query, best first.",
                "security": OPTIONAL_KEY,
                "requestBody": _body(
                    "SearchRequest",
                    {
                        "topic": {"query": "fissile material cut-off treaty"},
                        "one resolution, in Chinese": {
                            "query": "全面禁止核试验条约",
                            "k": 3,
                            "symbol": "A/RES/66/45",
                            "lang": "zh",
                        },
                    },
                ),
                "responses": {
                    "200": _ok("Citations with their scores.", _json(_ref("SearchResults"))),
                    **body_errors,
                    **_errors("404"),
                },
            }
        },
        "/v1/chat": {
            "post": {
                "operationId": "chat",
                "tags": ["chat"],
                "summary": "Ask; the answer cites and quotes the paragraphs it rests on.",
                "description": "A question the corpus cannot answer gets `grounded: false` "
                "and no citations. An unknown `conversation_id` is 404.",
                "security": OPTIONAL_KEY,
                "requestBody": _body("ChatRequest", CHAT_EXAMPLES),
                "responses": {
                    "200": _ok("The answer.", _json(_ref("ChatReply"))),
                    **body_errors,
                    **_errors("404", "503"),
                },
            }
        },
        "/v1/chat/stream": {
            "post": {
                "operationId": "chatStream",
                "tags": ["chat"],
                "summary": "The same answer as server-sent events.",
                "description": 'Events: `token` `{"text"}` pieces of the answer, then '
                '`citations` `[citation…]`, then `done` `{"conversation_id", "grounded"}`. '
                "Errors are found before the stream starts and answer as JSON.",
                "security": OPTIONAL_KEY,
                "requestBody": _body("ChatRequest", CHAT_EXAMPLES),
                "responses": {
                    "200": _ok("The event stream.", sse("ChatEvent")),
                    **body_errors,
                    **_errors("404", "503"),
                },
            }
        },
        "/v1/chat/completions": {
            "post": {
                "operationId": "chatCompletions",
                "tags": ["chat"],
                "summary": "OpenAI's chat-completions shape, for OpenAI clients.",
                "description": "The answer carries `[A/RES/66/45 OP8]` markers; `citations`, "
                "`grounded` and `conversation_id` ride as extra fields. With `stream: true`, "
                "`data:` lines of `chat.completion.chunk` objects end with `data: [DONE]`.",
                "security": OPTIONAL_KEY,
                "requestBody": _body(
                    "CompletionRequest",
                    {
                        "question": {
                            "model": "resolute",
                            "messages": [
                                {"role": "system", "content": "Cite the resolutions."},
                                {"role": "user", "content": "What does 66/45 urge in OP8?"},
                            ],
                            "user": "example-conversation",
                        },
                        "streamed": {
                            "messages": [{"role": "user", "content": "And in 2007?"}],
                            "user": "example-conversation",
                            "stream": True,
                        },
                    },
                ),
                "responses": {
                    "200": _ok(
                        "The completion, or its chunks when streaming.",
                        {**_json(_ref("ChatCompletion")), **sse("CompletionChunkEvent")},
                    ),
                    **body_errors,
                    **_errors("503"),
                },
            }
        },
        "/healthz": {
            "get": {
                "operationId": "healthz",
                "tags": ["operations"],
                "summary": "Liveness: the process answers.",
                "responses": {"200": _ok("Alive.", _json(_ref("Health")))},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "readyz",
                "tags": ["operations"],
                "summary": "Readiness: the store answers and the search index is loaded.",
                "responses": {
                    "200": _ok("Ready.", _json(_ref("Readiness"))),
                    "503": _ok(
                        "Not ready; `problems` says why. (This body is the readiness shape, "
                        "not the error shape, so probes read the same fields either way.)",
                        _json(_ref("Readiness")),
                    ),
                },
            }
        },
        "/metrics": {
            "get": {
                "operationId": "metrics",
                "tags": ["operations"],
                "summary": "Prometheus text exposition, summed over all gunicorn workers.",
                "responses": {
                    "200": _ok("The metrics.", {"text/plain": {"schema": {"type": "string"}}})
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["operations"],
                "summary": "This document.",
                "responses": {
                    "200": _ok("OpenAPI 3.1.", _json({"type": "object", "required": ["openapi"]}))
                },
            }
        },
        "/widget.js": {
            "get": {
                "operationId": "widgetScript",
                "tags": ["widget"],
                "summary": "The embeddable chat widget.",
                "description": '`<script src="https://HOST/widget.js" defer></script>`.',
                "responses": {
                    "200": _ok(
                        "The script (cached for an hour, then revalidated by ETag).",
                        {"text/javascript": {"schema": {"type": "string"}}},
                    ),
                    "304": {"description": "Not modified (a conditional request's ETag matched)."},
                },
            }
        },
        "/": {
            "get": {
                "operationId": "demoPage",
                "tags": ["widget"],
                "summary": "A demo page with the widget, the corpus and example questions.",
                "parameters": [
                    {
                        "name": "lang",
                        "in": "query",
                        "required": False,
                        "description": "`zh` for the Chinese page; any other value, or none, "
                        "gives the English one.",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": _ok("The page.", {"text/html": {"schema": {"type": "string"}}})
                },
            }
        },
    }
    if slack:
        paths["/slack/events"] = {
            "post": {
                "operationId": "slackEvents",
                "tags": ["slack"],
                "summary": "Slack's Events API and the `/resolute` slash command.",
                "description": "Present only when RESOLUTE_SLACK_BOT_TOKEN and "
                "RESOLUTE_SLACK_SIGNING_SECRET are both set (otherwise this path answers 404 "
                "and is left out of this document). Only Slack calls it: every request must "
                "carry Slack's `X-Slack-Signature` and `X-Slack-Request-Timestamp`, made with "
                "the signing secret. Answers are Slack's acknowledgements, not this API's "
                "JSON shapes; the reply itself is posted to Slack later.",
                "parameters": [
                    {
                        "name": "X-Slack-Signature",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "X-Slack-Request-Timestamp",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"type": "object"}},
                        "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
                    },
                },
                "responses": {
                    "200": {"description": "Acknowledged (the URL check's challenge echoed)."},
                    "401": {"description": "A missing, bad or stale signature; nothing is done."},
                    "404": {"$ref": "#/components/responses/Error404"},
                },
            }
        }
    return paths


def document(settings: Settings) -> dict[str, Any]:
    """The OpenAPI document for an app with these settings."""
    max_chars = settings.max_message_chars
    slack = settings.slack_over_http
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Resolute",
            "version": API_VERSION,
            "summary": "Question answering over UN General Assembly resolutions, citing the "
            "exact paragraph.",
            "description": (
                "JSON in and out. Every 4xx/5xx answer has one shape, "
                '`{"error": {"code": "...", "message": "..."}}` (`/readyz`\'s 503 excepted, '
                "and Slack's own answers). Every response carries `X-Request-ID` (the "
                "request's, when it sends one of up to 64 characters, else a new one) and "
                "`X-Worker` (the process that answered).\n\n"
                "**Access.** The /v1/ API is open unless RESOLUTE_API_KEYS is set; then each "
                "request needs `Authorization: Bearer <key>`, else 401 `unauthorized`. "
                "RESOLUTE_RATE_LIMIT (e.g. `120/minute`; empty for none) limits requests to "
                "/v1/, counted per API key, or per client address without one: over it, 429 "
                "`rate_limited` with `Retry-After`. The other paths are neither keyed nor "
                "limited. CORS headers "
                "go only to the origins listed in RESOLUTE_ALLOWED_ORIGINS.\n\n"
                f"**Limits.** Messages and queries: at most {max_chars} characters "
                "(RESOLUTE_MAX_MESSAGE_CHARS); bodies: at most RESOLUTE_MAX_BODY_BYTES."
            ),
        },
        "tags": [
            {"name": "resolutions", "description": "The corpus, resolution by resolution."},
            {"name": "search", "description": "Hybrid (dense + BM25) paragraph search."},
            {"name": "chat", "description": "Answers that cite the paragraphs they rest on."},
            {"name": "operations", "description": "Health, readiness, metrics, this document."},
            {"name": "widget", "description": "The embeddable widget and its demo page."},
            {"name": "slack", "description": "The Slack app's request URL."},
        ],
        "paths": _paths(slack),
        "components": {
            "schemas": _schemas(max_chars),
            "responses": _responses(),
            "headers": {
                "X-Request-ID": {
                    "required": True,
                    "description": "The request's id, as logged.",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                }
            },
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "One of the keys in RESOLUTE_API_KEYS. Needed by /v1/ only "
                    "when that setting is non-empty.",
                }
            },
        },
    }


@openapi.get("/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
    return document(current_app.config["RESOLUTE"])
