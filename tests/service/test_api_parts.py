"""A document adopted in parts through the API: each part under its own symbol, the bare
symbol listing the parts, the DESIGN labels of a part's paragraphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from corpus.store import Store, ingest_paths
from service.app import create_app
from tests.service.test_openapi import conforms

PARTS = Path(__file__).parents[1] / "fixtures" / "corpus-extra" / "A_RES_74_92A-B.en.txt"


@pytest.fixture(scope="module")
def client(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    data = tmp_path_factory.mktemp("parts") / "data"
    shutil.copytree(bundled_store_dir, data)
    store = Store(data / "resolute.sqlite3")
    report = ingest_paths(store, [PARTS])
    assert report.added == ["A/RES/74/92 A (en)", "A/RES/74/92 B (en)"] and not report.refused
    again = ingest_paths(store, [PARTS])  # the same file again changes nothing
    assert again.unchanged == report.added and not again.added
    store.close()
    return create_app({"DATA_DIR": data}).test_client()


def test_each_part_is_listed_with_its_document(client: FlaskClient) -> None:
    listed = {r["symbol"]: r for r in client.get("/v1/resolutions").get_json()["resolutions"]}
    b = listed["A/RES/74/92 B"]
    assert b["title"] == {"en": "United Nations global communications policies and activities"}
    assert b["document"] == {
        "symbol": "A/RES/74/92",
        "title": {"en": "Questions relating to information"},
    }
    assert b["counts"]["operative"] == 116 and listed["A/RES/74/92 A"]["counts"]["operative"] == 1
    assert "document" not in listed["A/RES/66/45"]


def test_the_bare_symbol_lists_the_parts(client: FlaskClient) -> None:
    body = client.get("/v1/resolutions/A/RES/74/92").get_json()
    assert body["symbol"] == "A/RES/74/92" and body["adopted"] == "2019-12-13"
    assert body["title"] == {"en": "Questions relating to information"}
    assert [p["symbol"] for p in body["parts"]] == ["A/RES/74/92 A", "A/RES/74/92 B"]
    assert "paragraphs" not in body


@pytest.mark.parametrize("path", ["A/RES/74/92%20B", "A/RES/74/92B", "74/92%20b"])
def test_a_part_and_its_paragraphs(client: FlaskClient, path: str) -> None:
    body = client.get(f"/v1/resolutions/{path}").get_json()
    assert body["symbol"] == "A/RES/74/92 B" and len(body["paragraphs"]) == 124
    p = client.get(f"/v1/resolutions/{path}/paragraphs/OP29").get_json()
    assert p["label"] == {
        "en": "A/RES/74/92 B, operative paragraph 29",
        "zh": "第74/92 B号决议执行部分第29段",
    }
    assert p["section"]["id"] == "II"
    assert p["url"] == "/v1/resolutions/A/RES/74/92%20B/paragraphs/OP29"


def test_a_paragraph_of_the_bare_symbol_names_the_parts(client: FlaskClient) -> None:
    resp = client.get("/v1/resolutions/A/RES/74/92/paragraphs/OP1")
    assert resp.status_code == 404
    message = resp.get_json()["error"]["message"]
    assert "adopted in parts (A/RES/74/92 A, A/RES/74/92 B)" in message


@pytest.mark.parametrize(
    "url", ["/v1/resolutions/A/RES/74/92", "/v1/resolutions/A/RES/74/92%20A", "/v1/resolutions"]
)
def test_the_answers_conform_to_the_documented_schema(client: FlaskClient, url: str) -> None:
    doc = client.get("/openapi.json").get_json()
    path = "/v1/resolutions" if url == "/v1/resolutions" else "/v1/resolutions/{symbol}"
    conforms(doc, path, "GET", client.get(url))
