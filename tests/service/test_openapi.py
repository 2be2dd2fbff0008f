"""GET /openapi.json against the code: every route, valid OpenAPI 3.1, and real answers
(successes and every error we can provoke) conforming to the documented responses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from flask import Flask, Response
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR
from werkzeug.test import TestResponse

from corpus.errors import InvalidParagraphId, InvalidSymbol
from corpus.ids import PARAGRAPH_ID_PATTERN, SYMBOL_PATTERN, ParagraphId, normalize_symbol
from service.api_chat import _CONVERSATION_ID
from service.app import create_app
from service.openapi import document
from service.schema import NOT_BLANK_PATTERN
from service.validation import CONVERSATION_ID_PATTERN
from tests.conftest import free_port
from wiring.settings import load_settings

IMPLICIT_METHODS = {"HEAD", "OPTIONS"}  # Flask answers these for every rule


@pytest.fixture(scope="module")
def data(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("openapi") / "data"
    shutil.copytree(bundled_store_dir, copy)
    return copy


@pytest.fixture(scope="module")
def app(data: Path) -> Flask:
    return create_app({"DATA_DIR": data, "RATE_LIMIT": ""})


@pytest.fixture(scope="module")
def locked_app(data: Path) -> Flask:
    """Keys, a tight rate limit, Slack configured and the conversation store (Redis) away."""
    return create_app(
        {
            "DATA_DIR": data,
            "API_KEYS": "test-key",
            "RATE_LIMIT": "2/minute",
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "test-secret",
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    )


def served(app: Flask) -> dict[str, Any]:
    resp = app.test_client().get("/openapi.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    return resp.get_json()


def documented_routes(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in doc["paths"].items() for method in item}


def flask_routes(app: Flask) -> set[tuple[str, str]]:
    """(path template, method) for every rule, `<path:symbol>` written as `{symbol}`."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        routes |= {(path, m) for m in rule.methods - IMPLICIT_METHODS}
    return routes


# -- the document against the code


def test_every_route_is_documented_and_nothing_else(app: Flask) -> None:
    doc = served(app)
    # /slack/events is always routed (it answers 404 until Slack is set up) but only
    # documented once it works
    assert flask_routes(app) - {("/slack/events", "POST")} == documented_routes(doc)
    assert "/slack/events" not in doc["paths"]


def test_the_slack_route_is_documented_when_slack_is_configured(locked_app: Flask) -> None:
    doc = served(locked_app)
    assert flask_routes(locked_app) == documented_routes(doc)
    assert "RESOLUTE_SLACK_SIGNING_SECRET" in doc["paths"]["/slack/events"]["post"]["description"]


def test_the_v1_api_takes_an_optional_bearer_key(app: Flask) -> None:
    doc = served(app)
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for path, item in doc["paths"].items():
        for operation in item.values():
            if path.startswith("/v1/"):
                assert operation["security"] == [{}, {"bearerAuth": []}]
                assert {"401", "429"} <= set(operation["responses"])
            else:
                assert "security" not in operation


def test_the_configured_message_limit_is_the_documented_one(data: Path) -> None:
    doc = document(load_settings({"DATA_DIR": data, "MAX_MESSAGE_CHARS": 123}))
    schemas = doc["components"]["schemas"]
    assert schemas["ChatRequest"]["properties"]["message"]["maxLength"] == 123
    assert schemas["SearchRequest"]["properties"]["query"]["maxLength"] == 123


def test_the_document_is_valid_openapi_3_1(app: Flask) -> None:
    doc = served(app)
    OPENAPI_31_VALIDATOR.validate(doc)
    for name, schema in doc["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name
        validator(doc, f"#/components/schemas/{name}")  # every $ref resolves, every regex compiles
    for pattern in (SYMBOL_PATTERN, PARAGRAPH_ID_PATTERN, CONVERSATION_ID_PATTERN):
        re.compile(pattern)
    # and schemathesis reads every operation (the fuzz test's input)
    operations = list(schemathesis.openapi.from_dict(doc).get_all_operations())
    assert all(op.ok() for op in operations) and len(operations) == len(documented_routes(doc))


# -- the request patterns against the parsers they describe


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except (InvalidSymbol, InvalidParagraphId):
        return False
    return True


@pytest.mark.parametrize(
    "text",
    ["A/RES/66/45", "a/res/66/45", "66/45", "A/RES/1/1", "A/RES/999/9999", "A/RES/66",
     "A/RES/66/45/1", "B/RES/66/45", "A/RES/1000/1", "66-45", "", "A/RES//45"],
)  # fmt: skip
def test_the_symbol_pattern_matches_what_the_server_parses(text: str) -> None:
    assert bool(re.fullmatch(SYMBOL_PATTERN, text)) == _parses(normalize_symbol, text)


@pytest.mark.parametrize(
    "text",
    ["OP8", "op8", "PP3", "pp003", "OP3(a)", "OP3(g)(iv)", "OP3(G)(IV)", "OP12(aa)", "OP3(a)(xx)",
     "PP0", "OP000", "OP1000", "PP3(a)", "OP3(a)(xxi)", "OP3(a)(iiii)", "OP3(abc)", "OP3()",
     "OP3(1)", "XP3", "OP", "OP3(i)(i)(i)", "OP3(g)(v)", "OP3(g)(ix)"],
)  # fmt: skip
def test_the_paragraph_pattern_matches_what_the_server_parses(text: str) -> None:
    assert bool(re.fullmatch(PARAGRAPH_ID_PATTERN, text)) == _parses(ParagraphId.parse, text)


def test_the_conversation_id_pattern_is_the_servers() -> None:
    assert _CONVERSATION_ID.pattern == CONVERSATION_ID_PATTERN


def test_not_blank_means_what_strip_means_in_every_regex_engine() -> None:
    # the server refuses text that str.strip() empties; the pattern must say the same to
    # Python's re (which draws the fuzz cases) and to jsonschema-rs (which checks them)
    rust = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": NOT_BLANK_PATTERN})
    python = re.compile(NOT_BLANK_PATTERN)
    suspects = {c for c in map(chr, range(0x3001)) if c.isspace() or not c.isprintable()}
    suspects |= {"\u180e", "\u200b", "\ufeff", "x", "中"}
    for c in suspects:
        blank = not c.strip()
        assert bool(python.search(c)) is not blank, repr(c)
        assert rust.is_valid(c) is not blank, repr(c)


# -- real answers against the documented responses


def validator(doc: dict[str, Any], ref: str) -> jsonschema_rs.Validator:
    """A validator for `ref` within the document (so its own $refs resolve)."""
    return jsonschema_rs.Draft202012Validator(
        {"$ref": ref, "components": doc["components"]}, validate_formats=True
    )


def resolve(doc: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in obj:
        node: Any = doc
        for part in obj["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def conforms(doc: dict[str, Any], path: str, method: str, resp: TestResponse) -> None:
    """The status is documented for this operation, the documented headers are there, and
    the body validates (by schemathesis, event by event for event streams)."""
    responses = doc["paths"][path][method.lower()]["responses"]
    assert str(resp.status_code) in responses, f"{resp.status_code} is not documented"
    documented = resolve(doc, responses[str(resp.status_code)])
    for name, header in documented.get("headers", {}).items():
        if resolve(doc, header).get("required"):
            assert resp.headers.get(name), f"missing header {name}"
    assert resp.mimetype in documented.get("content", {resp.mimetype: None})
    operation = schemathesis.openapi.from_dict(doc)[path][method.upper()]
    operation.validate_response(resp)  # raises a Failure when the body does not conform
    if resp.status_code >= 400 and path not in ("/readyz", "/slack/events"):
        body = resp.get_json()
        assert set(body) == {"error"} and set(body["error"]) == error_fields(path)


OPENAI_ROUTES = ("/v1/chat/completions", "/v1/models")


def error_fields(path: str) -> set[str]:
    """The API's error shape, or OpenAI's on the OpenAI-compatible routes."""
    if path.startswith(OPENAI_ROUTES):
        return {"message", "type", "param", "code"}
    return {"code", "message"}


def call(app: Flask, method: str, url: str, **kwargs: Any) -> TestResponse:
    with app.test_client() as client:
        resp = client.open(url, method=method, buffered=True, **kwargs)
    resp.close()
    return resp


SUCCESSES = [
    ("GET", "/v1/resolutions", "/v1/resolutions", {}),
    ("GET", "/v1/resolutions/{symbol}", "/v1/resolutions/A/RES/66/45", {}),
    ("GET", "/v1/resolutions/{symbol}", "/v1/resolutions/62%2F37", {}),  # percent-encoded
    (
        "GET",
        "/v1/resolutions/{symbol}/paragraphs/{pid}",
        "/v1/resolutions/A/RES/59/76/paragraphs/OP3(g)(iv)",
        {},
    ),
    ("POST", "/v1/search", "/v1/search", {"json": {"query": "CTBT", "k": 3.0, "lang": "zh"}}),
    ("POST", "/v1/chat", "/v1/chat", {"json": {"message": "What did 66/45 say about the CTBT?"}}),
    ("POST", "/v1/chat", "/v1/chat", {"json": {"message": "What is the capital of France?"}}),
    ("POST", "/v1/chat/stream", "/v1/chat/stream", {"json": {"message": "66/45号决议第13段"}}),
    (
        "POST",
        "/v1/chat/completions",
        "/v1/chat/completions",
        {"json": {"messages": [{"role": "user", "content": "CTBT in 66/45?"}], "user": "u-1"}},
    ),
    (
        "POST",
        "/v1/chat/completions",
        "/v1/chat/completions",
        {"json": {"messages": [{"role": "user", "content": "And 2007?"}], "stream": True}},
    ),
    (
        "POST",
        "/v1/chat/completions",
        "/v1/chat/completions",
        {
            "json": {
                "messages": [
                    {"role": "user", "content": "CTBT in 66/45?"},
                    {"role": "assistant", "content": "… [A/RES/66/45 OP8]"},
                    {"role": "user", "content": "And in 2007?"},
                ],
                "stream": True,
                "stream_options": {"include_usage": True},
            }
        },
    ),
    ("GET", "/v1/models", "/v1/models", {}),
    ("GET", "/v1/models/{model_id}", "/v1/models/resolute", {}),
    ("GET", "/healthz", "/healthz", {}),
    ("GET", "/readyz", "/readyz", {}),
    ("GET", "/metrics", "/metrics", {}),
    ("GET", "/openapi.json", "/openapi.json", {}),
    ("GET", "/widget.js", "/widget.js", {}),
    ("GET", "/", "/?lang=zh", {}),
]


@pytest.mark.parametrize(("method", "path", "url", "kwargs"), SUCCESSES)
def test_successes_conform(
    app: Flask, method: str, path: str, url: str, kwargs: dict[str, Any]
) -> None:
    resp = call(app, method, url, **kwargs)
    assert resp.status_code == 200, resp.get_data()[:300]
    conforms(served(app), path, method, resp)


ERRORS = [
    ("GET", "/v1/resolutions/{symbol}", "/v1/resolutions/A/RES/xx", {}, 400, "invalid_symbol"),
    ("GET", "/v1/resolutions/{symbol}", "/v1/resolutions/A/RES/1/1", {}, 404, "not_found"),
    (
        "GET",
        "/v1/resolutions/{symbol}/paragraphs/{pid}",
        "/v1/resolutions/66/45/paragraphs/QQ1",
        {},
        400,
        "invalid_paragraph_id",
    ),
    (
        "GET",
        "/v1/resolutions/{symbol}/paragraphs/{pid}",
        "/v1/resolutions/66/45/paragraphs/OP99",
        {},
        404,
        "not_found",
    ),
    ("POST", "/v1/search", "/v1/search", {"json": {"query": "x", "k": 51}}, 400, "bad_request"),
    ("POST", "/v1/search", "/v1/search", {"json": ["x"]}, 400, "bad_request"),
    ("POST", "/v1/search", "/v1/search", {"data": "[" * 5000, "content_type": "application/json"},
     400, "bad_request"),  # nested past the parser's stack
    ("POST", "/v1/search", "/v1/search", {"data": '{"query": "\\ud800"}',
     "content_type": "application/json"}, 400, "bad_request"),  # a lone surrogate
    ("POST", "/v1/search", "/v1/search", {"json": {"query": "x", "symbol": "1/1"}}, 404,
     "not_found"),
    ("POST", "/v1/search", "/v1/search", {"data": "query=x"}, 415, "unsupported_media_type"),
    ("POST", "/v1/search", "/v1/search", {"data": "x" * 70_000, "content_type": "application/json"},
     413, "request_entity_too_large"),
    ("POST", "/v1/chat", "/v1/chat", {"json": {"message": " \x1c "}}, 400, "bad_request"),
    ("POST", "/v1/chat", "/v1/chat", {"json": {"message": "x" * 2001}}, 400, "bad_request"),
    ("POST", "/v1/chat", "/v1/chat", {"json": {"message": "x", "conversation_id": "nope"}}, 404,
     "not_found"),
    ("POST", "/v1/chat/stream", "/v1/chat/stream", {"json": {"message": "x",
     "conversation_id": "a b"}}, 400, "bad_request"),
    ("POST", "/v1/chat/completions", "/v1/chat/completions",
     {"json": {"messages": [{"role": "assistant", "content": "x"}]}}, 400, "bad_request"),
    ("GET", "/v1/models/{model_id}", "/v1/models/gpt-4o", {}, 404, "model_not_found"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "url", "kwargs", "status", "code"), ERRORS)
def test_errors_conform(
    app: Flask, method: str, path: str, url: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    resp = call(app, method, url, **kwargs)
    assert resp.status_code == status and resp.get_json()["error"]["code"] == code
    conforms(served(app), path, method, resp)


def test_unmatched_routes_and_methods_answer_in_the_error_shape(app: Flask) -> None:
    for method, url, status in [("GET", "/v2/nothing", 404), ("DELETE", "/v1/search", 405)]:
        body = call(app, method, url).get_json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, status


def test_405_names_the_allowed_methods(app: Flask) -> None:
    resp = call(app, "DELETE", "/v1/search")
    assert resp.status_code == 405
    assert sorted(resp.headers["Allow"].split(", ")) == ["OPTIONS", "POST"]


def test_access_errors_and_slack_conform(locked_app: Flask) -> None:
    doc = served(locked_app)
    key = {"Authorization": "Bearer test-key"}
    no_key = call(locked_app, "GET", "/v1/resolutions")
    assert no_key.status_code == 401 and no_key.get_json()["error"]["code"] == "unauthorized"
    conforms(doc, "/v1/resolutions", "GET", no_key)
    wrong = call(locked_app, "GET", "/v1/resolutions", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    conforms(doc, "/v1/resolutions", "GET", wrong)
    # the conversation store is away: chat says so, search and the rest carry on
    away = call(locked_app, "POST", "/v1/chat", json={"message": "CTBT?"}, headers=key)
    assert away.status_code == 503 and away.get_json()["error"]["code"] == "unavailable"
    conforms(doc, "/v1/chat", "POST", away)
    statuses = []
    for _ in range(2):  # 2/minute over the whole API, the chat above included
        resp = call(locked_app, "GET", "/v1/resolutions/66/45", headers=key)
        statuses.append(resp.status_code)
        conforms(doc, "/v1/resolutions/{symbol}", "GET", resp)
    assert statuses == [200, 429] and int(resp.headers["Retry-After"]) > 0
    assert resp.get_json()["error"]["code"] == "rate_limited"
    # Slack's own answer to a request without Slack's signature
    slack = call(locked_app, "POST", "/slack/events", json={"type": "event_callback"})
    assert slack.status_code == 401
    conforms(doc, "/slack/events", "POST", slack)


def test_event_stream_schemas_bite(app: Flask) -> None:
    """The SSE schemas are checked event by event, `data` as JSON: a wrong event fails."""
    stub = Flask("stub")

    @stub.post("/v1/chat/stream")
    def stream():  # type: ignore[no-untyped-def]
        events = 'event: token\ndata: {"text": "a"}\n\nevent: done\ndata: {"grounded": 1}\n\n'
        return Response(events, mimetype="text/event-stream", headers={"X-Request-ID": "r"})

    resp = call(stub, "POST", "/v1/chat/stream", json={"message": "x"})
    with pytest.raises(Failure) as failed:  # the first event passes, `done` does not
        conforms(served(app), "/v1/chat/stream", "POST", resp)
    assert '"event": "done"' in str(failed.value)


def test_the_documented_examples_are_valid_requests(app: Flask) -> None:
    doc = served(app)
    for path, item in doc["paths"].items():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                check = validator(doc, media["schema"]["$ref"])
                for example in media.get("examples", {}).values():
                    assert check.is_valid(example["value"]), (path, example)
            for parameter in operation.get("parameters", []):
                for example in parameter.get("examples", {}).values():
                    assert re.fullmatch(parameter["schema"]["pattern"], example["value"])


def test_stream_events_decode_as_documented(app: Flask) -> None:
    """Independently of schemathesis: every event's data validates against its schema."""
    doc = served(app)
    resp = call(app, "POST", "/v1/chat/stream", json={"message": "What did 66/45 say on CTBT?"})
    branches = {
        b["properties"]["event"]["const"]: b["properties"]["data"]["contentSchema"]
        for b in doc["components"]["schemas"]["ChatEvent"]["oneOf"]
    }
    names = []
    for block in resp.get_data(as_text=True).strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        names.append(fields["event"])
        schema = {**branches[fields["event"]], "components": doc["components"]}
        jsonschema_rs.Draft202012Validator(schema).validate(json.loads(fields["data"]))
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"token"}


# Strings built from the grammar's own tokens, so most are near misses of a valid id: the
# schema's pattern and the parser must agree on every one. Spaces are left out but for the
# one the symbol pattern allows (before a part letter): the parsers also drop stray spaces.
_SYMBOL_TOKENS = ["A/RES/", "a/res/", "/", "66", "0", "1000", "74", "92", " B", "b", "BC", "-"]
_PID_TOKENS = ["PP", "OP", "op", "3", "0", "1000", "(a)", "(G)", "(iv)", "(XXI)", "(q)", ".",
               "B", "II", "DECL", "ANNEX", "annex", "-", "IIII", "(", ")"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SYMBOL_TOKENS), max_size=6).map("".join))
def test_the_symbol_pattern_and_parser_agree_on_generated_strings(text: str) -> None:
    assert bool(re.fullmatch(SYMBOL_PATTERN, text)) == _parses(normalize_symbol, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PID_TOKENS), max_size=6).map("".join))
def test_the_paragraph_pattern_and_parser_agree_on_generated_strings(text: str) -> None:
    assert bool(re.fullmatch(PARAGRAPH_ID_PATTERN, text)) == _parses(ParagraphId.parse, text)
