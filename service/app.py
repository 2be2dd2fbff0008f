"""The Flask application factory: settings, resources, blueprints, one error shape."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from corpus.bundled import bundled_files
from corpus.errors import ResoluteError
from corpus.store import Store, ingest_paths
from service.settings import load_settings

log = logging.getLogger("resolute")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    settings = load_settings(overrides)
    app.config["RESOLUTE"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_BODY_BYTES"]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    store = open_store(settings)
    app.extensions["resolute.store"] = store

    from service.api import api

    app.register_blueprint(api)
    _register_errors(app)

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        return {"status": "ok"}

    return app


def open_store(settings: dict[str, Any]) -> Store:
    """Open the store; on first start with an empty store, ingest the bundled corpus."""
    store = Store(settings["DATA_DIR"] / "resolute.sqlite3")
    if settings["INGEST_BUNDLED"] and not store.symbols():
        report = ingest_paths(store, bundled_files())
        log.info("ingested the bundled corpus: %d language versions", len(report.added))
    return store


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ResoluteError)
    def resolute_error(exc: ResoluteError):  # type: ignore[no-untyped-def]
        return jsonify(error_body(exc.code, exc.message)), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = (exc.name or "error").lower().replace(" ", "_")
        return jsonify(error_body(code, exc.description or exc.name)), exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error")  # the trace goes to the log, never to the client
        return jsonify(error_body("internal_error", "an internal error occurred")), 500
