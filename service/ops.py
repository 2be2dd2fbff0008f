"""Operations surface: liveness, readiness, Prometheus metrics, JSON logs with a request id."""

from __future__ import annotations

import logging
import os
import time
import uuid

from flask import Blueprint, Flask, Response, current_app, g, request
from flask.typing import ResponseReturnValue
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from corpus.errors import ResoluteError

ops = Blueprint("ops", __name__)
log = logging.getLogger("resolute.http")

REQUESTS = Counter("resolute_requests_total", "HTTP requests", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "resolute_request_seconds",
    "HTTP request latency",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
STAGE = Histogram(
    "resolute_stage_seconds",
    "Time in a pipeline stage",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
INDEX_REVISION = Gauge(
    "resolute_index_store_revision",
    "Store revision of the index version a worker serves (its folder, r<revision>-…)",
    multiprocess_mode="liveall",  # one series per live worker, labelled with its pid
)
INDEX_PASSAGES = Gauge(
    "resolute_index_passages", "Passages in the loaded search index", multiprocess_mode="max"
)


@ops.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Alive: the process answers."""
    return {"status": "ok"}


@ops.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Ready: the store answers and the search index is loaded; `degraded` lists what is not
    needed to be ready but is down (the conversation store). `index_version` is the saved
    index version this worker serves (an ingest beside it saves a new one, swapped in)."""
    problems = []
    store = current_app.extensions.get("resolute.store")
    live = current_app.extensions.get("resolute.live")
    now = live.current() if live is not None else None
    try:
        resolutions = len(store.symbols()) if store else 0
    except Exception as exc:  # a store that cannot be read is the answer here, not a crash
        problems.append(f"store: {exc}")
        resolutions = 0
    if store is None:
        problems.append("store: not open")
    if now is None:
        problems.append("index: not loaded")
    passages = len(now.searcher.index) if now is not None else 0
    # The conversation store is reported, not required: every replica shares the one
    # Redis, so pulling them all out of the balancer for it would take search and the
    # resolutions down too, while chat already answers a clear 503 until it is back.
    degraded = []
    try:
        if now is not None:
            now.chat.conversations.ping()
    except ResoluteError as exc:
        degraded.append(f"chat: {exc.message}")
    body = {
        "status": "ready" if not problems else "not ready",
        "resolutions": resolutions,
        "passages": passages,
        "index_version": now.version if now is not None else None,
        "problems": problems,
        "degraded": degraded,
    }
    return body, 200 if not problems else 503


@ops.get("/metrics")
def metrics() -> ResponseReturnValue:
    live = current_app.extensions.get("resolute.live")
    if live is not None:
        now = live.current()
        INDEX_PASSAGES.set(len(now.searcher.index))
        INDEX_REVISION.set(now.searcher.index.info.store_revision)
    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # gunicorn: one view over all workers
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    data = generate_latest(registry) if registry else generate_latest()
    return Response(data, content_type=CONTENT_TYPE_LATEST)


def install_ops(app: Flask) -> None:
    app.register_blueprint(ops)

    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 else uuid.uuid4().hex

    @app.after_request
    def finish(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        LATENCY.labels(endpoint).observe(elapsed)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers["X-Worker"] = str(os.getpid())  # which process answered, behind a proxy
        log.info(
            "request",
            extra={
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed * 1000, 1),
            },
        )
        return response
