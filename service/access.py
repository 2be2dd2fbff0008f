"""Who may call the API, and how often: optional API keys and per-caller rate limits.

Both guard the /v1/ API only. The operations endpoints (health, readiness, metrics) are
for the platform, the widget's script, the demo page and the OpenAPI document are public
files, and Slack's events carry Slack's own signature, which service/slack.py checks.
A CORS preflight carries no credentials by the browser's rules, so it needs no key.

Rate limits count per API key when the caller sends a valid one, else per client
address, so someone guessing keys is limited by address. Behind a reverse proxy every
request arrives from the proxy, so TRUSTED_PROXIES says how many X-Forwarded-For hops
to believe.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, g, jsonify, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from corpus.errors import ConfigError
from service.errors import Unauthorized, error_body, rate_limited_message

GUARDED_PREFIX = "/v1/"


def api_keys(raw: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def install_access(app: Flask) -> None:
    settings = app.config["RESOLUTE"]
    proxies = settings.trusted_proxies
    if proxies < 0:
        raise ConfigError("RESOLUTE_TRUSTED_PROXIES must be 0 or more")
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    keys = api_keys(settings.api_keys)
    rate = rate_limit(settings.rate_limit)

    def valid_key() -> str | None:
        """The digest of the request's key when it is a configured one (checked once)."""
        if "api_key" not in g:
            token = _bearer()
            # The digest, never the key itself, is what counters and logs may hold.
            g.api_key = _digest(token) if token is not None and _known(token, keys) else None
        return g.api_key

    def caller() -> str:
        """The rate limit's key: a valid API key's digest, else the client address."""
        key = valid_key()
        return "key:" + key if key else "addr:" + (request.remote_addr or "unknown")

    # Constructed before the key check is registered, so its count runs first and
    # rejected keys are counted (by address) too.
    Limiter(
        key_func=caller,
        app=app,
        # One count per caller over the whole API (per-route limits would let a caller
        # spend the limit once on each endpoint).
        application_limits=[rate] if rate else [],
        application_limits_exempt_when=lambda: not _guarded(),
        storage_uri=settings.redis_url or "memory://",  # Redis: one count for all workers
        storage_options={"socket_timeout": 1, "socket_connect_timeout": 1}
        if settings.redis_url
        else {},
        headers_enabled=True,
        # With Redis down, count in this process rather than fail the request: search
        # must keep working while the conversation store is away.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        key_prefix="resolute",
        enabled=bool(rate),
    )

    @app.before_request
    def check_key() -> None:
        if not keys or not _guarded() or valid_key():
            return
        if _bearer() is None:
            raise Unauthorized("this API needs a key: send 'Authorization: Bearer <key>'")
        raise Unauthorized("the API key is not valid")

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(exc: RateLimitExceeded) -> ResponseReturnValue:
        # Flask-Limiter's after_request adds Retry-After and the X-RateLimit-* headers.
        return jsonify(error_body("rate_limited", rate_limited_message(exc))), 429


def rate_limit(raw: str) -> str:
    """The RATE_LIMIT setting, checked at start; empty turns limiting off."""
    rate = raw.strip()
    if rate:
        try:
            parse_many(rate)
        except ValueError:
            raise ConfigError(
                f"RESOLUTE_RATE_LIMIT must look like '120/minute' or '10/second;1000/hour', "
                f"not {raw!r}"
            ) from None
    return rate


def _guarded() -> bool:
    return request.path.startswith(GUARDED_PREFIX) and request.method != "OPTIONS"


def _bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _known(token: str, keys: tuple[str, ...]) -> bool:
    # Every key is compared in constant time, so timing tells nothing about a prefix.
    return any([hmac.compare_digest(token.encode(), k.encode()) for k in keys])


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]
