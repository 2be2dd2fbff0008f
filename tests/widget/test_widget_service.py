"""The widget script, the demo page and CORS, through Flask's test client."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from service.cors import allowed_origins

ALLOWED = "https://allowed.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}
QUESTION = {"message": "Which paragraph of 66/45 urges States to sign and ratify the CTBT?"}


@pytest.fixture
def make_client(bundled_store_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(**overrides: str) -> FlaskClient:
        data = tmp_path / f"data{len(list(tmp_path.iterdir()))}"
        shutil.copytree(bundled_store_dir, data)
        return create_app({"DATA_DIR": data, **overrides}).test_client()

    return make


@pytest.fixture
def client(make_client) -> FlaskClient:  # type: ignore[no-untyped-def]
    return make_client(ALLOWED_ORIGINS=f"{ALLOWED}, https://other.example")


def cors_headers(resp) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in resp.headers.items() if k.lower().startswith("access-control-")}


def test_widget_js_is_served_as_javascript_with_cache_headers(client: FlaskClient) -> None:
    with client.get("/widget.js") as resp:
        assert resp.status_code == 200
        assert resp.mimetype == "text/javascript"
        assert resp.cache_control.public and resp.cache_control.max_age == 3600
        etag = resp.headers["ETag"]
        body = resp.get_data()
    with client.get("/widget.js", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304  # a cached copy is revalidated, not sent again
    assert b"attachShadow" in body
    # Small, and corpus or user text never goes in as HTML.
    assert len(body) < 20_000 and len(gzip.compress(body)) < 7_500
    assert not re.search(rb"innerHTML|outerHTML|insertAdjacentHTML|document\.write", body)


def test_demo_page_lists_the_corpus_and_embeds_the_widget(client: FlaskClient) -> None:
    with client.get("/") as resp:
        assert resp.status_code == 200 and resp.mimetype == "text/html"
        page = resp.get_data(as_text=True)
    rows = re.findall(r'<tr class="resolution">(.*?)</tr>', page, flags=re.S)
    assert len(rows) == 13
    row = next(r for r in rows if "A/RES/66/45" in r)
    assert "2011" in row and "United action towards the total elimination" in row
    assert "采取联合行动彻底消除核武器" in row
    assert re.search(r'<script src="/widget\.js" data-title="[^"]+" data-lang="en"\s+defer>', page)
    assert 'data-resolute-ask="66/45号决议第13段"' in page
    assert 'data-resolute-ask="Which paragraph of 66/45' in page
    with client.get("/?lang=zh") as zh:
        assert 'data-lang="zh"' in zh.get_data(as_text=True)


def test_allowed_origin_gets_cors_headers_on_post(client: FlaskClient) -> None:
    with client.post("/v1/chat", json=QUESTION, headers={"Origin": ALLOWED}) as resp:
        assert resp.status_code == 200
        assert resp.headers["Access-Control-Allow-Origin"] == ALLOWED
        assert "Origin" in resp.vary
    with client.post("/v1/chat/stream", json=QUESTION, headers={"Origin": ALLOWED}) as stream:
        assert stream.headers["Access-Control-Allow-Origin"] == ALLOWED
        stream.get_data()
    # Error answers too, so the widget can read their message across origins.
    gone = {**QUESTION, "conversation_id": "no-such-conversation"}
    with client.post("/v1/chat", json=gone, headers={"Origin": ALLOWED}) as missing:
        assert missing.status_code == 404
        assert missing.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_allowed_origin_preflight(client: FlaskClient) -> None:
    headers = {"Origin": "https://other.example", **PREFLIGHT}
    with client.options("/v1/chat/stream", headers=headers) as resp:
        assert resp.status_code == 204
        assert resp.headers["Access-Control-Allow-Origin"] == "https://other.example"
        assert "POST" in resp.headers["Access-Control-Allow-Methods"]
        assert resp.headers["Access-Control-Allow-Headers"].lower() == "content-type, authorization"
        assert "Origin" in resp.vary
    assert "*" not in cors_headers(resp).values()


def test_disallowed_origin_gets_no_cors_headers(client: FlaskClient) -> None:
    for origin in ("https://evil.example", "https://allowed.example.evil", "null"):
        with client.post("/v1/chat", json=QUESTION, headers={"Origin": origin}) as resp:
            assert resp.status_code == 200 and cors_headers(resp) == {}
        with client.options("/v1/chat", headers={"Origin": origin, **PREFLIGHT}) as pre:
            assert cors_headers(pre) == {}


def test_cors_only_on_the_api(client: FlaskClient) -> None:
    for path in ("/widget.js", "/", "/healthz"):
        with client.get(path, headers={"Origin": ALLOWED}) as resp:
            assert cors_headers(resp) == {}


def test_no_cors_headers_when_the_setting_is_empty(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    with client.post("/v1/chat", json=QUESTION, headers={"Origin": ALLOWED}) as resp:
        assert cors_headers(resp) == {} and "Origin" not in resp.vary
    with client.options("/v1/chat", headers={"Origin": ALLOWED, **PREFLIGHT}) as pre:
        assert cors_headers(pre) == {}


def test_allowed_origins_setting_is_parsed_exactly() -> None:
    assert allowed_origins("") == frozenset()
    assert allowed_origins(" https://a.example/ ,http://127.0.0.1:8080,,") == {
        "https://a.example",
        "http://127.0.0.1:8080",
    }
