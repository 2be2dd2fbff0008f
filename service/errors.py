"""The one error shape of the HTTP API, and the one table from error kinds to statuses.

The domain raises errors named for what went wrong (``corpus/errors.py``); only here do
they become HTTP: ``{"error": {"code": ..., "message": ...}}`` with a status from
`STATUSES`. Werkzeug's own errors (404 for an unknown route, 405, 413) and anything
unexpected take the same shape.

The OpenAI-compatible routes (`/v1/chat/completions`, `/v1/models`) answer the same errors,
with the same statuses and codes, in OpenAI's shape instead, ``{"error": {"message", "type",
"param", "code"}}``, so that OpenAI's clients raise their usual exceptions: a blueprint opts
in with `register_openai_errors`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from corpus.errors import (
    ConfigError,
    InvalidInput,
    NotFound,
    ParseError,
    ResoluteError,
    Unavailable,
)

log = logging.getLogger("resolute")


class Unauthorized(ResoluteError):
    """No API key, or one that is not valid, on a guarded endpoint."""

    code = "unauthorized"


class UnsupportedMediaType(InvalidInput):
    code = "unsupported_media_type"


class InvalidField(InvalidInput):
    """Bad input in one named request field; OpenAI's error shape names it as `param`."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


# Most specific first: the first kind an error is an instance of gives its status.
STATUSES: tuple[tuple[type[ResoluteError], int], ...] = (
    (UnsupportedMediaType, 415),
    (InvalidInput, 400),
    (Unauthorized, 401),
    (NotFound, 404),
    (ParseError, 422),
    (Unavailable, 503),
    (ConfigError, 500),
)
HEADERS: dict[type[ResoluteError], dict[str, str]] = {
    Unauthorized: {"WWW-Authenticate": 'Bearer realm="resolute"'},
}


def status_of(exc: ResoluteError) -> int:
    return next((status for kind, status in STATUSES if isinstance(exc, kind)), 500)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def openai_type(status: int) -> str:
    """OpenAI's error `type` for a status (its clients pick the exception by the status)."""
    if status == 401:
        return "authentication_error"
    if status == 429:
        return "rate_limit_error"
    return "server_error" if status >= 500 else "invalid_request_error"


def openai_error_body(
    code: str, message: str, status: int, param: str | None = None
) -> dict[str, Any]:
    return {
        "error": {"message": message, "type": openai_type(status), "param": param, "code": code}
    }


# code, message, status, param -> the JSON body
Renderer = Callable[[str, str, int, str | None], dict[str, Any]]


def _project(code: str, message: str, status: int, param: str | None = None) -> dict[str, Any]:
    return error_body(code, message)


def error_response(exc: ResoluteError) -> tuple[Response, int, dict[str, str]]:
    return _resolute_error(exc, _project)


def _resolute_error(exc: ResoluteError, render: Renderer) -> tuple[Response, int, dict[str, str]]:
    status = status_of(exc)
    body = render(exc.code, exc.message, status, getattr(exc, "param", None))
    return jsonify(body), status, HEADERS.get(type(exc), {})


def _http_error(exc: HTTPException, render: Renderer) -> tuple[Response, int]:
    code = (exc.name or "error").lower().replace(" ", "_")
    status = exc.code or 500
    resp = jsonify(render(code, exc.description or exc.name, status, None))
    # Keep the exception's own headers (Allow on a 405), not its HTML content type.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            resp.headers[name] = value
    return resp, status


def _unexpected(exc: Exception, render: Renderer) -> tuple[Response, int]:
    log.exception("unhandled error")  # the trace goes to the log, never to the client
    return jsonify(render("internal_error", "an internal error occurred", 500, None)), 500


def rate_limited_message(exc: RateLimitExceeded) -> str:
    return f"too many requests (limit {exc.limit.limit}); retry after Retry-After seconds"


# The paths of the OpenAI-compatible routes (the blueprint that calls
# register_openai_errors, service/api_chat.py), and everything under them.
OPENAI_ROUTES = ("/v1/chat/completions", "/v1/models")


def _on_openai_route() -> bool:
    path = request.path
    return any(path == p or path.startswith(p + "/") for p in OPENAI_ROUTES)


def _http_error_by_path(exc: HTTPException) -> tuple[Response, int]:
    # A request that matched no route (405 on an OpenAI path) never reaches a blueprint's
    # handlers, so its shape is chosen by the path.
    return _http_error(exc, openai_error_body if _on_openai_route() else _project)


def register_errors(app: Flask) -> None:
    app.register_error_handler(ResoluteError, error_response)
    app.register_error_handler(HTTPException, _http_error_by_path)
    app.register_error_handler(Exception, lambda exc: _unexpected(exc, _project))


def register_openai_errors(bp: Blueprint) -> None:
    """The blueprint's errors in OpenAI's shape, whatever raised them (its views, the key
    check, the rate limit, the body limit): the same statuses and codes as elsewhere."""
    bp.register_error_handler(ResoluteError, lambda exc: _resolute_error(exc, openai_error_body))
    bp.register_error_handler(HTTPException, lambda exc: _http_error(exc, openai_error_body))
    bp.register_error_handler(Exception, lambda exc: _unexpected(exc, openai_error_body))
    # Flask looks for a handler by status before it looks by class, so the app's own 429
    # handler (service/access.py) would win over the HTTPException one above.
    bp.register_error_handler(
        RateLimitExceeded,
        lambda exc: (
            jsonify(openai_error_body("rate_limited", rate_limited_message(exc), 429)),
            429,
        ),
    )
