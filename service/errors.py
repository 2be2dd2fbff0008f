"""The one error shape of the HTTP API, and the one table from error kinds to statuses.

The domain raises errors named for what went wrong (``corpus/errors.py``); only here do
they become HTTP: ``{"error": {"code": ..., "message": ...}}`` with a status from
`STATUSES`. Werkzeug's own errors (404 for an unknown route, 405, 413) and anything
unexpected take the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
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


def error_response(exc: ResoluteError) -> tuple[Response, int, dict[str, str]]:
    return jsonify(error_body(exc.code, exc.message)), status_of(exc), HEADERS.get(type(exc), {})


def register_errors(app: Flask) -> None:
    app.register_error_handler(ResoluteError, error_response)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        code = (exc.name or "error").lower().replace(" ", "_")
        resp = jsonify(error_body(code, exc.description or exc.name))
        # Keep the exception's own headers (Allow on a 405), not its HTML content type.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unhandled error")  # the trace goes to the log, never to the client
        return jsonify(error_body("internal_error", "an internal error occurred")), 500
