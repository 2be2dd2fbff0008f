"""Liveness, readiness, metrics, and JSON request logs with a request id."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from service.logs import JsonFormatter


@pytest.fixture
def app(data_dir: Path):  # type: ignore[no-untyped-def]
    return create_app({"DATA_DIR": data_dir})


def test_healthz_and_readyz(app) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["resolutions"] == 13 and ready.get_json()["passages"] == 538


def test_not_ready_without_an_index(app) -> None:  # type: ignore[no-untyped-def]
    del app.extensions["resolute.live"]  # as while a worker has not loaded it
    resp = app.test_client().get("/readyz")
    assert resp.status_code == 503 and "index: not loaded" in resp.get_json()["problems"]


def test_metrics_count_requests_and_stages(app) -> None:  # type: ignore[no-untyped-def]
    client: FlaskClient = app.test_client()
    client.post("/v1/search", json={"query": "CTBT"})
    client.post("/v1/chat", json={"message": "When was 66/45 adopted?"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'resolute_requests_total{endpoint="/v1/search",method="POST",status="200"}' in text
    assert 'resolute_stage_seconds_count{stage="retrieval"}' in text
    assert 'resolute_stage_seconds_count{stage="answer"}' in text
    assert "resolute_index_passages 538.0" in text
    # the version this process serves: the store revision its index folder was built from
    version = client.get("/readyz").get_json()["index_version"]
    revision = app.extensions["resolute.store"].revision
    assert version.startswith(f"r{revision}-")
    assert f"resolute_index_store_revision {float(revision)}" in text


def test_request_id_is_echoed_and_logged_as_json(app, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="resolute.http"):
        resp = app.test_client().get("/healthz", headers={"X-Request-ID": "abc123"})
    assert resp.headers["X-Request-ID"] == "abc123"
    record = next(r for r in caplog.records if r.name == "resolute.http")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc123" and line["path"] == "/healthz" and line["status"] == 200
    generated = app.test_client().get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
