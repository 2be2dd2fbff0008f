"""The document's operations beside the API: probes, metrics, this document, the widget
and its demo page, the reader pages (HTML, errors included), and Slack's request URL, which
is documented only when Slack is set up (it answers 404 otherwise). None is keyed or
rate-limited, so none has `v1()`'s extras.
"""

from __future__ import annotations

from corpus.ids import SYMBOL_PATTERN
from service.openapi_paths import operation, path_parameter
from service.openapi_responses import errors, ok
from service.openapi_schemas import json_content, ref, string
from service.schema import Json
from service.validation import SYMBOL_PARAMETER


def service_paths(slack: bool) -> Json:
    """Every operation beside the API's; the Slack route only when Slack is set up."""
    return {**_probes(), **_widget(), **_pages(), **(_slack() if slack else {})}


def _probes() -> Json:
    return {
        "/healthz": {
            "get": operation(
                "healthz",
                "operations",
                "Liveness: the process answers.",
                {"200": ok("Alive.", json_content(ref("Health")))},
            )
        },
        "/readyz": {
            "get": operation(
                "readyz",
                "operations",
                "Readiness: the store answers and the search index is loaded.",
                {
                    "200": ok("Ready.", json_content(ref("Readiness"))),
                    "503": ok(
                        "Not ready; `problems` says why. (This body is the readiness shape, "
                        "not the error shape, so probes read the same fields either way.)",
                        json_content(ref("Readiness")),
                    ),
                },
            )
        },
        "/metrics": {
            "get": operation(
                "metrics",
                "operations",
                "Prometheus text exposition, summed over all gunicorn workers.",
                {"200": ok("The metrics.", {"text/plain": {"schema": string()}})},
            )
        },
        "/openapi.json": {
            "get": operation(
                "openapi",
                "operations",
                "This document.",
                {
                    "200": ok(
                        "OpenAPI 3.1.", json_content({"type": "object", "required": ["openapi"]})
                    )
                },
            )
        },
    }


def _widget() -> Json:
    return {
        "/widget.js": {
            "get": operation(
                "widgetScript",
                "widget",
                "The embeddable chat widget.",
                {
                    "200": ok(
                        "The script (cached for an hour, then revalidated by ETag).",
                        {"text/javascript": {"schema": string()}},
                    ),
                    "304": {"description": "Not modified (a conditional request's ETag matched)."},
                },
                description='`<script src="https://HOST/widget.js" defer></script>`.',
            )
        },
        "/": {
            "get": operation(
                "demoPage",
                "widget",
                "A demo page with the widget, the corpus and example questions.",
                {"200": ok("The page.", {"text/html": {"schema": string()}})},
                parameters=[
                    {
                        "name": "lang",
                        "in": "query",
                        "required": False,
                        "description": "`zh` for the Chinese page; any other value, or none, "
                        "gives the English one.",
                        "schema": string(),
                    }
                ],
            )
        },
    }


def _query(name: str, description: str) -> Json:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": string(),
    }


def _html(description: str) -> Json:
    return ok(description, {"text/html": {"schema": string()}})


def _pages() -> Json:
    """The reader pages people open from a citation (service/pages.py): HTML, errors too."""
    return {
        "/r/{symbol}": {
            "get": operation(
                "resolutionPage",
                "pages",
                "A resolution to read, each paragraph anchored by its id (`#OP8`).",
                {
                    "200": _html(
                        "The page: the resolution, or for the bare symbol of a document "
                        "adopted in parts, the list of its parts."
                    ),
                    "301": {
                        "description": "Another spelling of the symbol (`66/45`, `74/92B`): "
                        "the page's one address is in `Location`.",
                        "headers": {"Location": {"schema": string()}},
                    },
                    "400": _html("Not a resolution symbol."),
                    "404": _html("The resolution is not held."),
                },
                description="A citation's `page` opens it at the cited paragraph "
                "(`/r/A/RES/66/45#OP8`), which is highlighted.",
                parameters=[
                    path_parameter(SYMBOL_PARAMETER),
                    _query(
                        "lang",
                        "`en` or `zh` for that language alone; otherwise every "
                        "language held, side by side.",
                    ),
                    _query("p", "A paragraph id to highlight (as the fragment `#OP8` does)."),
                ],
            )
        },
        "/r/{symbol}/changes": {
            "get": operation(
                "changesPage",
                "pages",
                "What changed from the previous resolution of the series, as a redline.",
                {
                    "200": _html(
                        "The page: every paragraph same, changed (its words inserted and "
                        "deleted), added or removed, with a summary."
                    ),
                    "301": {
                        "description": "Another spelling of the symbol: the page's one "
                        "address is in `Location`.",
                        "headers": {"Location": {"schema": string()}},
                    },
                    "400": _html("Not a resolution symbol, or a `from` outside the series."),
                    "404": _html(
                        "The resolution (or `from`) is not held, or no earlier member of "
                        "its series is held."
                    ),
                },
                description="`GET /v1/resolutions/{symbol}/changes` for people: the same "
                "paragraphs and redlines, linking to both resolutions' pages.",
                parameters=[
                    path_parameter(SYMBOL_PARAMETER),
                    {
                        **_query(
                            "from",
                            "Another member of the series to compare with (`A/RES/58/59`), "
                            "earlier or later; by default the predecessor.",
                        ),
                        "schema": {"type": "string", "pattern": SYMBOL_PATTERN},
                    },
                    _query("lang", "`zh` for Chinese where both are held; else English."),
                ],
            )
        },
        "/corpus": {
            "get": operation(
                "corpusPage",
                "pages",
                "Every resolution held, by session and committee, and a paragraph search.",
                {"200": _html("The page.")},
                description="The search is `POST /v1/search`'s, over the resolutions the "
                "filters leave; its results link to the paragraphs' pages.",
                parameters=[
                    _query("q", "Words to search the paragraphs for."),
                    _query("session", "A session number (`66`)."),
                    _query("committee", "A committee (`First Committee`, `Plenary`)."),
                ],
            )
        },
    }


def _slack() -> Json:
    def signed(header: str) -> Json:
        return {"name": header, "in": "header", "required": True, "schema": {"type": "string"}}

    post = operation(
        "slackEvents",
        "slack",
        "Slack's Events API and the `/resolute` slash command.",
        {
            "200": {"description": "Acknowledged (the URL check's challenge echoed)."},
            "401": {"description": "A missing, bad or stale signature; nothing is done."},
            **errors("404"),
        },
        description="Present only when RESOLUTE_SLACK_BOT_TOKEN and "
        "RESOLUTE_SLACK_SIGNING_SECRET are both set (otherwise this path answers 404 "
        "and is left out of this document). Only Slack calls it: every request must "
        "carry Slack's `X-Slack-Signature` and `X-Slack-Request-Timestamp`, made with "
        "the signing secret. Answers are Slack's acknowledgements, not this API's "
        "JSON shapes; the reply itself is posted to Slack later.",
        parameters=[signed("X-Slack-Signature"), signed("X-Slack-Request-Timestamp")],
    )
    post["requestBody"] = {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
        },
    }
    return {"/slack/events": {"post": post}}
