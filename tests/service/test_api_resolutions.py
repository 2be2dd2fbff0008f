"""The resolution and paragraph endpoints through Flask's test client, with the one error shape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.app import create_app


@pytest.fixture
def client(bundled_store_dir: Path, tmp_path: Path) -> FlaskClient:
    data = tmp_path / "data"
    shutil.copytree(bundled_store_dir, data)
    return create_app({"DATA_DIR": data}).test_client()


def assert_error(resp, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert resp.status_code == status
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_list(client: FlaskClient) -> None:
    body = client.get("/v1/resolutions").get_json()
    by_symbol = {r["symbol"]: r for r in body["resolutions"]}
    assert len(by_symbol) == 13
    r = by_symbol["A/RES/66/45"]
    assert r["session"] == 66 and r["adopted"] == "2011-12-02"
    assert r["meeting"] == "71st plenary meeting" and r["languages"] == ["en", "zh"]
    assert r["counts"]["preambular"] == 15 and r["counts"]["operative"] == 19
    assert r["title"]["zh"] == "采取联合行动彻底消除核武器"


def test_one_resolution(client: FlaskClient) -> None:
    body = client.get("/v1/resolutions/A/RES/62/37").get_json()
    assert body["symbol"] == "A/RES/62/37"
    assert [p["id"] for p in body["paragraphs"]][:2] == ["PP1", "PP2"]
    assert len(body["paragraphs"]) == 25


def test_one_paragraph(client: FlaskClient) -> None:
    p = client.get("/v1/resolutions/A/RES/66/45/paragraphs/OP8").get_json()
    assert p["id"] == "OP8" and p["kind"] == "operative"
    assert p["label"] == {
        "en": "A/RES/66/45, operative paragraph 8",
        "zh": "第66/45号决议执行部分第8段",
    }
    assert p["text"]["en"].startswith("Urges all States that have not yet done so")
    assert p["footnotes"] == [
        {"mark": "6", "text": {"en": "See resolution 50/245.", "zh": "见第 50/245 号决议。"}}
    ]
    sub = client.get("/v1/resolutions/A/RES/59/76/paragraphs/OP3(g)(iv)").get_json()
    assert sub["label"]["en"] == "A/RES/59/76, operative paragraph 3 (g)(iv)"
    pp = client.get("/v1/resolutions/A/RES/66/45/paragraphs/PP3").get_json()
    assert pp["label"]["en"] == "A/RES/66/45, third preambular paragraph"
    assert pp["label"]["zh"] == "第66/45号决议序言部分第3段"


def test_not_found_and_bad_ids(client: FlaskClient) -> None:
    assert_error(client.get("/v1/resolutions/A/RES/99/99"), 404, "not_found")
    assert_error(client.get("/v1/resolutions/A/RES/66/45/paragraphs/OP99"), 404, "not_found")
    assert_error(
        client.get("/v1/resolutions/A/RES/66/45/paragraphs/XY1"), 400, "invalid_paragraph_id"
    )
    assert_error(client.get("/v1/resolutions/not-a-symbol"), 400, "invalid_symbol")
    assert_error(client.get("/v1/nothing-here"), 404, "not_found")


def test_part_symbols_and_qualified_ids_are_read_then_not_found(client: FlaskClient) -> None:
    # well formed by corpus/ids.py, so 404 (not held), never 400
    for path in ("/v1/resolutions/A/RES/66/45%20B", "/v1/resolutions/66/45B",
                 "/v1/resolutions/A/RES/66/45/paragraphs/B.OP1",
                 "/v1/resolutions/A/RES/66/45/paragraphs/ANNEX-II.5"):  # fmt: skip
        assert_error(client.get(path), 404, "not_found")
    assert_error(client.get("/v1/resolutions/66/45%20BC"), 400, "invalid_symbol")


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_first_start_ingests_the_bundled_corpus(tmp_path: Path) -> None:
    app = create_app({"DATA_DIR": tmp_path / "fresh"})
    assert len(app.test_client().get("/v1/resolutions").get_json()["resolutions"]) == 13
