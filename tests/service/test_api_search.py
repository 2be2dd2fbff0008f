"""POST /v1/search: citations with verbatim quotes; validation in the one error shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from tests.service.test_api_resolutions import assert_error


@pytest.fixture
def client(data_dir: Path) -> FlaskClient:
    return create_app({"DATA_DIR": data_dir}).test_client()


def test_search_returns_verbatim_citations(client: FlaskClient) -> None:
    body = client.post(
        "/v1/search", json={"query": "fissile material cut-off treaty", "symbol": "62/37", "k": 3}
    ).get_json()
    results = body["results"]
    assert len(results) == 3
    c = results[0]["citation"]
    assert c["symbol"] == "A/RES/62/37" and c["paragraph"] == "OP11"
    assert c["label"] == "A/RES/62/37, operative paragraph 11" and c["kind"] == "operative"
    assert c["url"] == "/v1/resolutions/A/RES/62/37/paragraphs/OP11"
    assert c["page"] == "/r/A/RES/62/37#OP11"  # the reader page, for people
    para = client.get(c["url"]).get_json()
    assert c["quote"] == para["text"][c["lang"]]
    assert isinstance(results[0]["score"], float)


def test_lang_picks_the_quote_language(client: FlaskClient) -> None:
    body = client.post(
        "/v1/search", json={"query": "CTBT", "symbol": "A/RES/66/45", "lang": "zh", "k": 2}
    ).get_json()
    assert all(r["citation"]["lang"] == "zh" for r in body["results"])
    assert body["results"][0]["citation"]["label"].startswith("第66/45号决议")


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"query": ""}, 400, "bad_request"),
        ({"query": "   "}, 400, "bad_request"),
        ({"query": "x" * 5000}, 400, "bad_request"),
        ({"query": "CTBT", "k": 0}, 400, "bad_request"),
        ({"query": "CTBT", "k": 51}, 400, "bad_request"),
        ({"query": "CTBT", "k": "5"}, 400, "bad_request"),
        ({"query": "CTBT", "lang": "fr"}, 400, "bad_request"),
        ({"query": "CTBT", "symbol": "99/99"}, 404, "not_found"),
        ({"query": "CTBT", "symbol": "not a symbol"}, 400, "invalid_symbol"),
        (["not", "an", "object"], 400, "bad_request"),
    ],
)
def test_validation(client: FlaskClient, payload, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.post("/v1/search", json=payload), status, code)


def test_content_type_and_body_size(client: FlaskClient) -> None:
    assert_error(client.post("/v1/search", data="query=CTBT"), 415, "unsupported_media_type")
    big = '{"query": "' + "x" * 70000 + '"}'
    resp = client.post("/v1/search", data=big, content_type="application/json")
    assert_error(resp, 413, "request_entity_too_large")
