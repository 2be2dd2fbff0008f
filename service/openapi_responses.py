"""The document's responses: what every answer carries, the error shape, and when each
error status happens.

An operation states its success with `ok(...)` and the errors it can answer with
`errors("404", "503")`, which name the shared responses `error_responses()` builds, one
per status in `ERROR_STATUSES`. Every 4xx/5xx has the shape service/errors.py renders,
`Error` here. A second shape (OpenAI's, for the OpenAI-compatible routes) is a schema
beside it in `error_schemas()`, its responses `error_responses("OpenAIError")` among the
components (service/openapi.py), and `shape="OpenAIError"` in the operations that answer
with it.
"""

from __future__ import annotations

from service.errors import openai_type
from service.openapi_schemas import json_content, maybe_string, obj, ref, string
from service.schema import Json

ERROR = "Error"
OPENAI_ERROR = "OpenAIError"

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


def _status_headers(status: str) -> Json:
    """Headers a response of this status carries besides X-Request-ID."""
    if status == "401":
        return {
            "WWW-Authenticate": {
                "required": True,
                "schema": string(examples=['Bearer realm="resolute"']),
            }
        }
    if status == "429":
        return {
            "Retry-After": {
                "required": True,
                "description": "Seconds until the limit lets this caller in again.",
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return {}


def headers() -> Json:
    """The headers every response carries, as components."""
    return {
        "X-Request-ID": {
            "required": True,
            "description": "The request's id, as logged.",
            "schema": string(minLength=1, maxLength=64),
        }
    }


def _request_id() -> Json:
    return {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}


def ok(description: str, content: Json) -> Json:
    """A success response with this content (media type -> schema)."""
    return {"description": description, "headers": _request_id(), "content": content}


def errors(*statuses: str, shape: str = ERROR) -> Json:
    """An operation's error responses, by status."""
    return {s: {"$ref": f"#/components/responses/{shape}{s}"} for s in statuses}


def error_responses(shape: str = ERROR) -> Json:
    """One response per status in `ERROR_STATUSES`, in `shape`: `Error400`, …"""
    return {
        f"{shape}{status}": {
            "description": description,
            "headers": {**_request_id(), **_status_headers(status)},
            "content": json_content(ref(shape)),
        }
        for status, description in ERROR_STATUSES.items()
    }


def error_schemas() -> Json:
    return {
        ERROR: {
            **obj(
                {
                    "error": obj(
                        {
                            "code": string(
                                description="Stable, machine-readable: bad_request, "
                                "invalid_symbol, invalid_paragraph_id, unauthorized, "
                                "not_found, method_not_allowed, request_entity_too_large, "
                                "unsupported_media_type, parse_error, rate_limited, "
                                "unavailable, internal_error.",
                                pattern="^[a-z_]+$",
                            ),
                            "message": string(minLength=1),
                        }
                    )
                }
            ),
            "description": "The error shape of every 4xx/5xx answer but those of the "
            "OpenAI-compatible routes.",
        },
        OPENAI_ERROR: {
            **obj(
                {
                    "error": obj(
                        {
                            "message": string(minLength=1),
                            "type": string(
                                enum=sorted(
                                    {openai_type(int(s)) for s in [*ERROR_STATUSES, "500"]}
                                ),
                                description="By status: 401 `authentication_error`, 429 "
                                "`rate_limit_error`, 5xx `server_error`, any other "
                                "`invalid_request_error`.",
                            ),
                            "param": maybe_string(
                                description="The request field at fault (e.g. `messages`), "
                                "when one is."
                            ),
                            "code": string(
                                description="The same codes as the API's own error shape, "
                                "and `model_not_found`.",
                                pattern="^[a-z_]+$",
                            ),
                        }
                    )
                }
            ),
            "description": "OpenAI's error shape, which the OpenAI-compatible routes "
            "(`/v1/chat/completions`, `/v1/models`) answer in, so that OpenAI's clients raise "
            "their usual exceptions (by status).",
        },
    }
