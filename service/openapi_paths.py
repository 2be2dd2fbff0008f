"""The document's operations under /v1/ (the API), and the helpers every operation is
built with; the routes beside the API are in service/openapi_service_paths.py.

To add an operation, add its path and method to `v1_paths()`:

- `v1(operation_id, tag, summary, ok(description, content))` brings the optional API key
  and the 401 and 429 every /v1/ route can answer, a request body's 400/413/415 (`body=`,
  a `Body` declared in service/validation.py, which the handler reads its request through)
  and a path parameter's 400 (`parameters=`); name only its other errors,
  `other_errors=("404",)`, and `error_shape=` if it answers errors in another shape;
- a route outside /v1/ goes to openapi_service_paths.py, built with `operation(...)` and
  its responses in full.

A response shape is a schema in service/openapi_schemas.py, named here by `ref(...)`; a
new request body is also listed in openapi_schemas.REQUEST_BODIES, a new tag in
service/openapi.py. tests/service/test_openapi.py fails while a Flask route is left out.
"""

from __future__ import annotations

import copy

from service.api_chat import MODEL, MODEL_ID
from service.api_series import FROM_PARAMETER, SERIES_PARAMETER
from service.openapi_responses import ERROR, OPENAI_ERROR, errors, ok
from service.openapi_schemas import json_content, ref, string
from service.schema import Body, Json, PathParameter
from service.validation import (
    CHAT_REQUEST,
    COMPLETION_REQUEST,
    PARAGRAPH_PARAMETER,
    SEARCH_REQUEST,
    SYMBOL_PARAMETER,
)


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    responses: Json,
    *,
    description: str | None = None,
    parameters: list[Json] | None = None,
    body: Body | None = None,
    security: list[Json] | None = None,
) -> Json:
    out: Json = {"operationId": operation_id, "tags": [tag], "summary": summary}
    if description:
        out["description"] = description
    if security:
        out["security"] = security
    if parameters:
        out["parameters"] = parameters
    if body:
        out["requestBody"] = request_body(body)
    out["responses"] = responses
    return out


def v1(
    operation_id: str,
    tag: str,
    summary: str,
    success: Json,
    *,
    other_errors: tuple[str, ...] = (),
    description: str | None = None,
    parameters: tuple[PathParameter, ...] = (),
    body: Body | None = None,
    error_shape: str = ERROR,
) -> Json:
    """A /v1/ operation, answering 200 with `success` (see the module's docstring)."""
    statuses = {"401", "429", *other_errors}
    if body:
        statuses |= {"400", "413", "415"}  # malformed, too large, not JSON
    if parameters:
        statuses.add("400")  # a malformed symbol or paragraph id
    responses = {"200": success, **errors(*sorted(statuses), shape=error_shape)}
    return operation(
        operation_id,
        tag,
        summary,
        responses,
        description=description,
        parameters=[path_parameter(p) for p in parameters],
        body=body,
        security=[{}, {"bearerAuth": []}],  # open, unless RESOLUTE_API_KEYS is set
    )


def request_body(body: Body) -> Json:
    content = json_content(ref(body.name))
    if body.examples:
        examples = {name: {"value": value} for name, value in body.examples.items()}
        content["application/json"]["examples"] = copy.deepcopy(examples)
    return {"required": True, "content": content}


def path_parameter(parameter: PathParameter) -> Json:
    return {
        "name": parameter.name,
        "in": "path",
        "required": True,
        "description": parameter.description,
        "schema": string(pattern=parameter.pattern),
        "examples": {name: {"value": value} for name, value in parameter.examples.items()},
    }


def sse(schema: str) -> Json:
    return {"text/event-stream": {"schema": ref(schema)}}


def _changes() -> Json:
    out = v1(
        "getChanges",
        "series",
        "A resolution against its predecessor in its series (or `from` another member), "
        "paragraph by paragraph, with word-level redlines.",
        ok("The paragraphs, in the later text's order.", json_content(ref("Changes"))),
        description="Each paragraph is `same`, `changed` (with its redline), `added` or "
        "`removed`, with its id in both texts (`from`, `to`) and how it was aligned (`same`, "
        "`reworded`, `renumbered`, `moved`, `new`, `dropped`). A resolution with no "
        "predecessor held: 404; `from` in another series: 400.",
        parameters=(SYMBOL_PARAMETER,),
        other_errors=("404",),
    )
    out["parameters"].append(FROM_PARAMETER)
    return out


def v1_paths() -> Json:
    """The API: the operations under /v1/."""
    chat_errors = ("404", "503")
    return {
        "/v1/resolutions": {
            "get": v1(
                "listResolutions",
                "resolutions",
                "Every resolution held, without its paragraphs.",
                ok("The resolutions.", json_content(ref("ResolutionList"))),
            )
        },
        "/v1/resolutions/{symbol}": {
            "get": v1(
                "getResolution",
                "resolutions",
                "One resolution with all its paragraphs; for the bare symbol of a document "
                "adopted in parts (A/RES/74/92), the document with its parts listed.",
                ok(
                    "The resolution, or the document and its parts.",
                    json_content({"oneOf": [ref("Resolution"), ref("Document")]}),
                ),
                parameters=(SYMBOL_PARAMETER,),
                other_errors=("404",),
            )
        },
        "/v1/resolutions/{symbol}/paragraphs/{pid}": {
            "get": v1(
                "getParagraph",
                "resolutions",
                "One paragraph, in every language held, with its footnotes.",
                ok("The paragraph.", json_content(ref("Paragraph"))),
                parameters=(SYMBOL_PARAMETER, PARAGRAPH_PARAMETER),
                other_errors=("404",),
            )
        },
        "/v1/resolutions/{symbol}/changes": {"get": _changes()},
        "/v1/series": {
            "get": v1(
                "listSeries",
                "series",
                "Every series: resolutions that renew one text, linked at ingest.",
                ok("The series.", json_content(ref("SeriesList"))),
                description="A resolution whose predecessor and successor are not held is a "
                "series of one.",
            )
        },
        "/v1/series/{series_id}": {
            "get": v1(
                "getSeries",
                "series",
                "One series: its members in order, each with how it was linked to the one before.",
                ok("The series.", json_content(ref("Series"))),
                parameters=(SERIES_PARAMETER,),
                other_errors=("404",),
            )
        },
        "/v1/search": {
            "post": v1(
                "search",
                "search",
                "The paragraphs that best match a query, best first.",
                ok("Citations with their scores.", json_content(ref("SearchResults"))),
                body=SEARCH_REQUEST,
                other_errors=("404",),
            )
        },
        "/v1/chat": {
            "post": v1(
                "chat",
                "chat",
                "Ask; the answer cites and quotes the paragraphs it rests on.",
                ok("The answer.", json_content(ref("ChatReply"))),
                description="A question the corpus cannot answer gets `grounded: false` "
                "and no citations. An unknown `conversation_id` is 404.",
                body=CHAT_REQUEST,
                other_errors=chat_errors,
            )
        },
        "/v1/chat/stream": {
            "post": v1(
                "chatStream",
                "chat",
                "The same answer as server-sent events.",
                ok("The event stream.", sse("ChatEvent")),
                description='Events: for a change answer first `changes` `{"brief", '
                '"changes"}`, then `token` `{"text"}` pieces of the answer, then '
                '`citations` `[citation…]`, then `done` `{"conversation_id", "grounded"}`. '
                "Errors are found before the stream starts and answer as JSON.",
                body=CHAT_REQUEST,
                other_errors=chat_errors,
            )
        },
        "/v1/chat/completions": {
            "post": v1(
                "chatCompletions",
                "chat",
                "OpenAI's chat-completions shape, for OpenAI clients.",
                ok(
                    "The completion, or its chunks when streaming.",
                    {**json_content(ref("ChatCompletion")), **sse("CompletionChunkEvent")},
                ),
                description="The conversation is `messages`: earlier user and assistant "
                "messages are the turns a follow-up is resolved against (the "
                "`[A/RES/66/45 OP8]` markers of earlier answers say what they cited), and "
                "nothing is stored (`conversation_id` null). Only when `messages` holds just "
                "the question does `user` or `conversation_id` name a stored conversation to "
                "continue. System, developer and tool messages are not read. The answer "
                "carries `[A/RES/66/45 OP8]` markers; `citations`, `grounded` and "
                "`conversation_id` ride as extra fields. Any `model` is accepted; the answer "
                f"names `{MODEL}`. `usage` is an estimate: one token per run of letters or "
                "digits, per punctuation mark and per CJK character. With `stream: true`, "
                "`data:` lines of `chat.completion.chunk` objects end with `data: [DONE]`; "
                "with `stream_options.include_usage`, chunks carry `usage: null` and a last "
                "one, with no choices, the counts. Errors are in OpenAI's shape.",
                body=COMPLETION_REQUEST,
                other_errors=("503",),
                error_shape=OPENAI_ERROR,
            )
        },
        "/v1/models": {
            "get": v1(
                "listModels",
                "chat",
                "The models, OpenAI's way: the one this server answers as.",
                ok("The models.", json_content(ref("ModelList"))),
                description="For OpenAI clients and chat front-ends that list models before "
                "they chat (Open WebUI). Errors are in OpenAI's shape.",
                error_shape=OPENAI_ERROR,
            )
        },
        "/v1/models/{model_id}": {
            "get": v1(
                "getModel",
                "chat",
                "One model, OpenAI's way.",
                ok("The model.", json_content(ref("Model"))),
                description="404 `model_not_found` for any id but the one listed. Errors "
                "are in OpenAI's shape.",
                parameters=(MODEL_ID,),
                other_errors=("404",),
                error_shape=OPENAI_ERROR,
            )
        },
    }
