"""Slack as the bot meets it in the tests: signed requests in, a recording Web API out.

Slack itself is never reached: the bot's WebClient and the slash commands' response_url
point at `FakeSlack`, an HTTP server on loopback that answers like Slack and records
every call, so a test can wait (boundedly) for what the bot posted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
TEAM = "T0RESOLUTE"
BOT_USER = "UBOTRESOLUTE"
BOT_ID = "BBOTRESOLUTE"


def signed_headers(
    body: str, secret: str = SECRET, timestamp: int | None = None, content_type: str = ""
) -> dict[str, str]:
    """The headers Slack sends: v0=HMAC-SHA256 of "v0:{timestamp}:{body}"."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": content_type or "application/json",
    }


def event_body(event: dict[str, Any], event_id: str) -> str:
    return json.dumps(
        {
            "token": "unused-verification-token",
            "team_id": TEAM,
            "api_app_id": "A0RESOLUTE",
            "event": {"event_ts": event["ts"], **event},
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
        }
    )


@dataclass(frozen=True)
class Call:
    path: str
    status: int  # what FakeSlack answered
    body: dict[str, Any]
    at: float  # time.monotonic()


class FakeSlack:
    """Slack's Web API and response_url endpoints on 127.0.0.1, recording what they receive."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.rate_limit_next = 0  # answer this many chat.postMessage calls with 429 first
        self._cond = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def posts(self, path: str = "/api/chat.postMessage") -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.path == path and c.status == 200]

    def wait_posts(self, n: int, path: str = "/api/chat.postMessage") -> list[Call]:
        """The first `n` successful calls to `path`, once there are that many."""
        self.wait_for(
            lambda calls: len([c for c in calls if c.path == path and c.status == 200]) >= n
        )
        return self.posts(path)[:n]

    def wait_for(self, done: Callable[[list[Call]], bool], timeout: float = 60.0) -> list[Call]:
        """Block until `done(calls)` holds; fail after `timeout` seconds, never hang."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done(self.calls):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"Slack never saw what the test waited for: {self.calls}")
                self._cond.wait(left)
            return list(self.calls)

    def _record(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        with self._cond:
            status, headers, reply = self._answer(path, body)
            self.calls.append(Call(path, status, body, time.monotonic()))
            self._cond.notify_all()
        return status, headers, reply

    def _answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        if path == "/api/auth.test":
            return 200, {}, {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM}
        if path == "/api/chat.postMessage":
            if self.rate_limit_next > 0:
                self.rate_limit_next -= 1
                return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
            ts = f"{int(time.time())}.{len(self.calls):06d}"
            return 200, {}, {"ok": True, "channel": body.get("channel"), "ts": ts}
        if path.startswith("/response/"):
            return 200, {}, "ok"  # response_url answers plain "ok"
        return 404, {}, {"ok": False, "error": "unknown_method"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw) if raw else {}
                else:
                    body = dict(parse_qsl(raw))
                status, headers, reply = fake._record(self.path, body)
                data = (reply if isinstance(reply, str) else json.dumps(reply)).encode()
                self.send_response(status)
                ctype = "text/plain" if isinstance(reply, str) else "application/json"
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

        return Handler


def block_texts(call: Call) -> list[str]:
    return [b["text"]["text"] for b in call.body.get("blocks", [])]
