"""The Flask application factory: settings, resources, blueprints, one error shape."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from chat.conversation import open_conversations
from chat.llm import LangChainAnswerer, load_llm
from chat.service import ChatService
from corpus.bundled import bundled_files
from corpus.errors import ResoluteError
from corpus.store import Store, ingest_paths
from embeddings import load_embedder
from embeddings.base import Embedder
from embeddings.cache import CachedEmbedder
from retriever.index import load_or_build
from retriever.search import Searcher
from service.ops import install_ops
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
    searcher = open_searcher(settings, store)
    app.extensions["resolute.searcher"] = searcher
    app.extensions["resolute.chat"] = open_chat(settings, store, searcher)

    from service.access import install_access
    from service.api import api
    from service.api_chat import chat_api
    from service.cors import install_cors
    from service.openapi import openapi
    from service.slack import install_slack
    from service.widget import widget

    app.register_blueprint(api)
    app.register_blueprint(chat_api)
    app.register_blueprint(widget)
    app.register_blueprint(openapi)
    install_cors(app)
    install_slack(app)
    install_ops(app)
    install_access(app)
    _register_errors(app)
    return app


def open_store(settings: dict[str, Any]) -> Store:
    """Open the store; on first start with an empty store, ingest the bundled corpus."""
    store = Store(settings["DATA_DIR"] / "resolute.sqlite3")
    if settings["INGEST_BUNDLED"] and not store.symbols():
        report = ingest_paths(store, bundled_files())
        log.info("ingested the bundled corpus: %d language versions", len(report.added))
    return store


def open_embedder(settings: dict[str, Any]) -> Embedder:
    """The configured embedder, behind the on-disk cache of passage vectors."""
    return CachedEmbedder(
        load_embedder(settings["EMBEDDINGS"]), settings["DATA_DIR"] / "embeddings.sqlite3"
    )


def open_searcher(settings: dict[str, Any], store: Store) -> Searcher:
    embedder = open_embedder(settings)
    index = load_or_build(store, embedder, settings["DATA_DIR"], settings["INDEX_TYPE"])
    return Searcher(index, embedder)


def open_chat(settings: dict[str, Any], store: Store, searcher: Searcher) -> ChatService:
    conversations = open_conversations(settings["REDIS_URL"], settings["DATA_DIR"])
    llm = LangChainAnswerer(load_llm(settings["LLM"])) if settings["LLM"] else None
    return ChatService(store, searcher, conversations, llm)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ResoluteError)
    def resolute_error(exc: ResoluteError):  # type: ignore[no-untyped-def]
        return jsonify(error_body(exc.code, exc.message)), exc.status, exc.headers

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = (exc.name or "error").lower().replace(" ", "_")
        resp = jsonify(error_body(code, exc.description or exc.name))
        # Keep the exception's own headers (Allow on a 405), not its HTML content type.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error")  # the trace goes to the log, never to the client
        return jsonify(error_body("internal_error", "an internal error occurred")), 500
