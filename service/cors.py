"""CORS for the /v1/ API: only the origins listed in RESOLUTE_ALLOWED_ORIGINS, matched exactly.

The widget runs on other sites' pages and calls the API with fetch, so the browser asks
first (a preflight OPTIONS, since the body is application/json) and then checks the
answer's Access-Control-Allow-Origin. No wildcard and no credentials: the API reads no
cookies, and a site not on the list gets no CORS headers at all, so its browser refuses.
"""

from __future__ import annotations

from flask import Flask, Response, request

API_PREFIX = "/v1/"
ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Content-Type, Authorization"  # the widget may send an API key
EXPOSE_HEADERS = "Retry-After, X-Request-ID"
MAX_AGE = "600"  # seconds a browser may reuse a preflight answer


def allowed_origins(raw: str) -> frozenset[str]:
    """The setting as a set; a trailing slash is dropped, since browsers never send one."""
    return frozenset(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def install_cors(app: Flask) -> None:
    origins = allowed_origins(app.config["RESOLUTE"].allowed_origins)
    if not origins:
        return  # the default: same-origin use only, and not one header added

    def allowed() -> str | None:
        origin = request.headers.get("Origin")
        if request.path.startswith(API_PREFIX) and origin in origins:
            return origin
        return None

    @app.before_request
    def preflight() -> Response | None:
        # Answered here, before routing, so a preflight never reaches a view (or an auth
        # check that would want a key the browser does not send on OPTIONS).
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
            return None
        origin = allowed()
        if origin is None:
            return None  # Flask's own OPTIONS answer, without CORS headers: the browser refuses
        resp = Response(status=204)
        resp.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        resp.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        resp.headers["Access-Control-Max-Age"] = MAX_AGE
        return resp

    @app.after_request
    def add_headers(resp: Response) -> Response:
        # Runs for error answers too, so the widget can read {"error": ...} across origins.
        if not request.path.startswith(API_PREFIX):
            return resp
        # The answer differs by Origin whenever a list is set, so caches must key on it even
        # when this origin gets nothing (else a cached refusal could reach an allowed site).
        resp.vary.add("Origin")
        origin = allowed()
        if origin is not None:
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return resp
