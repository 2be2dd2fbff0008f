"""Production serving: gunicorn workers over one prepared store and index.

The master prepares the data dir once (bundled ingest on first start, the index
built and saved) so that workers only load it; gunicorn's SIGTERM handling lets
in-flight requests finish (graceful timeout) before workers exit.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from wiring.resources import prepare
from wiring.settings import load_settings

GRACEFUL_SECONDS = 30


class ResoluteServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # Imported here, in the worker: the app's metrics module must first see the
        # PROMETHEUS_MULTIPROC_DIR that serve() sets (prometheus_client reads it on import).
        from service.app import create_app

        return create_app(verify_index=False)  # prepare() read it whole in the master


def serve(host: str, port: int, workers: int, threads: int = 4) -> None:
    # Metrics from every worker, summed at /metrics: prometheus_client's multiprocess mode,
    # which it picks when first imported, so before the app is.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="resolute-metrics-"))
    prepare(load_settings())  # in the master, so workers only load
    ResoluteServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",  # threads keep SSE streams from blocking a worker
            "threads": threads,
            "graceful_timeout": GRACEFUL_SECONDS,
            "timeout": 120,
            "accesslog": None,  # one JSON line per request comes from the app instead
            "child_exit": _child_exit,
            # gunicorn's control socket has one default path per user, which every server
            # on the host would share; the service does not use it.
            "control_socket_disable": True,
        }
    ).run()


def _child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess  # in the master, once serve() set its folder

    multiprocess.mark_process_dead(worker.pid)
