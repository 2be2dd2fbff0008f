"""Real servers on loopback and a headless Chromium, for the widget's end-to-end tests."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1100,850",
)


class _Handler(WSGIRequestHandler):
    """Remembers its connection, so stopping the server can cut the browser's keep-alives."""

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.server.connections.discard(self.connection)  # type: ignore[attr-defined]
        super().finish()

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass  # the tests read the page, not the access log


class LiveServer:
    """A WSGI app on 127.0.0.1 in a thread; `stop()` makes it truly unreachable, `start()`
    brings it back on the same port."""

    def __init__(self, app: Callable[..., Iterable[bytes]], port: int = 0) -> None:
        self.app = app
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        # Through a lambda, so `self.app` may be swapped while the server runs.
        server = make_server(
            "127.0.0.1",
            self.port,
            lambda environ, start_response: self.app(environ, start_response),
            threaded=True,
            request_handler=_Handler,
        )
        server.connections = set()  # type: ignore[attr-defined]
        self._server, self.port = server, server.server_port
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        # An idle keep-alive connection would still be served: cut them all, so the browser
        # meets a closed port, as it would if the service were down.
        for conn in list(server.connections):  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):  # already gone
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()  # joins the handler threads, which now end at once
        thread.join()
        self._server = self._thread = None


def host_page_app(
    widget_src: str, lang: str = "en", api_key: str = ""
) -> Callable[..., Iterable[bytes]]:
    """A third-party page that embeds the widget and styles everything it can reach."""
    key = f' data-api-key="{api_key}"' if api_key else ""
    page = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>A host site</title>
<style>
  * {{ font-family: serif !important; }}
  div, button {{ background: rgb(255, 0, 0) !important; display: block; }}
</style></head>
<body><h1>A site that embeds Resolute</h1>
<p>Its own styles are loud; the widget's shadow root keeps them out.</p>
<script src="{widget_src}" data-title="Resolute" data-lang="{lang}"{key} defer></script>
</body></html>""".encode()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") not in ("/", "/index.html"):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]

    return app


def chromium(profile: Path) -> Any:
    """Headless Debian Chromium through the system chromedriver; nothing is downloaded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    # Both paths given: selenium skips Selenium Manager, which would go looking online.
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
