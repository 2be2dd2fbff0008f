"""`GET /openapi.json`: the HTTP API described in OpenAPI 3.1, built from the code's own
declarations.

The document is built per app from its settings, so the limits it states (the longest
message, whether the Slack route exists) are the ones that app enforces. Its request
bodies and path parameters are generated from the declarations the handlers validate
their requests by (service/validation.py, with the kinds of field in service/schema.py),
and the identifier patterns are the parsers' own (corpus/ids.py), so the two cannot
drift; tests/service/test_openapi.py holds the document to app.url_map and to real
answers, and tests/service/test_api_fuzz.py fuzzes the app against it.

The parts, by job:

- service/openapi_paths.py: the /v1/ operations, and `v1()`/`operation()` to build one;
- service/openapi_service_paths.py: the probes, metrics, this document, widget, Slack;
- service/openapi_schemas.py: the component schemas (request bodies generated, response
  shapes as data);
- service/openapi_responses.py: success and error responses, the error shape.

Adding an operation, e.g. `GET /v1/models`: its response shape in `schemas()`
(openapi_schemas.py), then one entry in `v1_paths()` (openapi_paths.py),

    "/v1/models": {"get": v1("listModels", "chat", "The models.",
                             ok("The models.", json_content(ref("ModelList"))))},

which brings the optional key and the 401/429 answers; a request body is a `Body` in
service/validation.py passed as `body=`. Another error shape (OpenAI's) is a schema in
openapi_responses.error_schemas(), `error_responses("OpenAIError")` in `components`
below, and `error_shape="OpenAIError"` in the operations that answer with it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from service.openapi_paths import v1_paths
from service.openapi_responses import OPENAI_ERROR, error_responses, error_schemas, headers
from service.openapi_schemas import schemas
from service.openapi_service_paths import service_paths
from wiring.settings import Settings

openapi = Blueprint("openapi", __name__)

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"

TAGS = {
    "resolutions": "The corpus, resolution by resolution.",
    "series": "Resolutions renewed year after year, and what changed between their years.",
    "search": "Hybrid (dense + BM25) paragraph search.",
    "chat": "Answers that cite the paragraphs they rest on.",
    "operations": "Health, readiness, metrics, this document.",
    "widget": "The embeddable widget and its demo page.",
    "pages": "Reader pages: the resolutions as people read them, where citations open.",
    "slack": "The Slack app's request URL.",
}


def _description(max_chars: int) -> str:
    return (
        "JSON in and out. Every 4xx/5xx answer has one shape, "
        '`{"error": {"code": "...", "message": "..."}}` (`/readyz`\'s 503 excepted, '
        "and Slack's own answers), but for the OpenAI-compatible routes "
        "(`/v1/chat/completions`, `/v1/models`), which answer the same statuses and codes in "
        'OpenAI\'s shape, `{"error": {"message", "type", "param", "code"}}`. '
        "Every response carries `X-Request-ID` (the "
        "request's, when it sends one of up to 64 characters, else a new one) and "
        "`X-Worker` (the process that answered).\n\n"
        "**Access.** The /v1/ API is open unless RESOLUTE_API_KEYS is set; then each "
        "request needs `Authorization: Bearer <key>`, else 401 `unauthorized`. "
        "RESOLUTE_RATE_LIMIT (e.g. `120/minute`; empty, the default, for none) limits requests to "
        "/v1/, counted per API key, or per client address without one: over it, 429 "
        "`rate_limited` with `Retry-After`. The other paths are neither keyed nor "
        "limited. CORS headers "
        "go only to the origins listed in RESOLUTE_ALLOWED_ORIGINS.\n\n"
        f"**Limits.** Messages and queries: at most {max_chars} characters "
        "(RESOLUTE_MAX_MESSAGE_CHARS); bodies: at most RESOLUTE_MAX_BODY_BYTES."
    )


def document(settings: Settings) -> dict[str, Any]:
    """The OpenAPI document for an app with these settings."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Resolute",
            "version": API_VERSION,
            "summary": "Question answering over UN General Assembly resolutions, citing the "
            "exact paragraph.",
            "description": _description(settings.max_message_chars),
        },
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": {**v1_paths(), **service_paths(settings.slack_over_http)},
        "components": {
            "schemas": {**error_schemas(), **schemas(settings)},
            "responses": {**error_responses(), **error_responses(OPENAI_ERROR)},
            "headers": headers(),
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
def openapi_json() -> ResponseReturnValue:
    return document(current_app.config["RESOLUTE"])
