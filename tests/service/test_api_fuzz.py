"""A bounded schemathesis run against the app's own /openapi.json, in-process (WSGI).

Every operation in the document gets its examples, schemathesis's coverage cases (edge
values, missing fields, wrong types, unlisted methods) and a few dozen drawn cases, valid
and invalid. The checks: schemathesis's defaults (above all: no 5xx, status codes,
content types, headers and bodies as documented, valid data accepted, invalid data
refused) and the one error shape for every 4xx/5xx answer. `python -m bench.fuzz_api`
runs the same schema and checks with a larger budget and prints the figures.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from bench.fuzz_api import (
    app_settings,
    error_shape,
    excluded_checks,
    load_schema,
    served_document,
)
from service.app import create_app
from service.openapi import document
from wiring.settings import load_settings

EXAMPLES = 100  # drawn cases per operation (both modes together)

OPERATIONS = {
    "GET /v1/resolutions",
    "GET /v1/resolutions/{symbol}",
    "GET /v1/resolutions/{symbol}/paragraphs/{pid}",
    "GET /v1/resolutions/{symbol}/changes",
    "GET /v1/series",
    "GET /v1/series/{series_id}",
    "POST /v1/search",
    "POST /v1/chat",
    "POST /v1/chat/stream",
    "POST /v1/chat/completions",
    "GET /v1/models",
    "GET /v1/models/{model_id}",
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /openapi.json",
    "GET /widget.js",
    "GET /",
    "GET /r/{symbol}",
    "GET /r/{symbol}/changes",
    "GET /corpus",
}


@pytest.fixture(scope="module")
def fuzz_app(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(bundled_store_dir, data)
    return create_app(app_settings(data))


# The document the fuzz app serves (same settings, same environment), built at import:
# schemathesis's pytest integration wants its schema at collection, before the fixtures.
DOCUMENT = document(load_settings(app_settings(Path("unused"))))
schema = load_schema(DOCUMENT)


def test_the_fuzzed_document_is_the_served_one(fuzz_app: Flask) -> None:
    assert served_document(fuzz_app) == DOCUMENT


def test_every_operation_is_fuzzed() -> None:
    labels = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert labels == OPERATIONS


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is never a fluke
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case, fuzz_app: Flask) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(
        app=fuzz_app,
        buffered=True,  # Werkzeug reads and closes each body (else widget.js's file leaks)
        additional_checks=[error_shape],
        excluded_checks=excluded_checks(case),
    )
