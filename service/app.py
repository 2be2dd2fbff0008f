"""The Flask application factory: it only assembles what the wiring opens and the surfaces."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.access import install_access
from service.api import api
from service.api_chat import chat_api
from service.api_series import series_api
from service.cors import install_cors
from service.errors import register_errors
from service.openapi import openapi
from service.ops import install_ops
from service.pages import pages
from service.slack import install_slack
from service.widget import widget
from wiring.resources import open_profile, open_series, open_served, open_store
from wiring.settings import load_settings


class ApiJson(DefaultJSONProvider):
    """Chinese text as it is, not as \\u escapes; keys in the order the API documents them."""

    ensure_ascii = False
    sort_keys = False


def create_app(overrides: dict[str, Any] | None = None, *, verify_index: bool = True) -> Flask:
    """The app over the data dir. `verify_index=False` checks the index files' sizes, not
    every byte: for gunicorn workers, whose master read it whole before forking them."""
    app = Flask(__name__)
    settings = load_settings(overrides)
    app.config["RESOLUTE"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json = ApiJson(app)

    store = open_store(settings)
    app.extensions["resolute.store"] = store
    series = open_series(store)
    app.extensions["resolute.series"] = series
    # search and chat, over the index version in service (service/serving.py per request)
    app.extensions["resolute.live"] = open_served(settings, store, verify_index, series)
    app.extensions["resolute.profile"] = open_profile(settings)

    app.register_blueprint(api)
    app.register_blueprint(chat_api)
    app.register_blueprint(series_api)
    app.register_blueprint(widget)
    app.register_blueprint(pages)
    app.register_blueprint(openapi)
    install_cors(app)
    install_slack(app)
    install_ops(app)
    install_access(app)
    register_errors(app)
    return app
