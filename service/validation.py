"""Request validation shared by the API surfaces: one place, clear 4xx errors."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request

from corpus.errors import InvalidInput
from corpus.model import LANGUAGES
from service.errors import UnsupportedMediaType


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


def text_field(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"'{name}' must be a non-empty string")
    limit = current_app.config["RESOLUTE"].max_message_chars
    if len(value) > limit:
        raise InvalidInput(f"'{name}' is longer than {limit} characters")
    return value.strip()


def int_field(body: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = body.get(name, default)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 5.0 is 5
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"'{name}' must be a whole number from {low} to {high}")
    return value


def optional_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"'{name}' must be a non-empty string when given")
    return value.strip()


def lang_field(body: dict[str, Any]) -> str | None:
    lang = optional_str(body, "lang")
    if lang is not None and lang not in LANGUAGES:
        raise InvalidInput(f"'lang' must be one of {', '.join(LANGUAGES)}")
    return lang
