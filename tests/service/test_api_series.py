"""The series endpoints through Flask's test client, each answer checked against the
OpenAPI document: the series list and one series, a resolution's series and neighbours,
its changes against its predecessor or another member, and the errors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from corpus.store import Store, ingest_paths
from service.app import create_app
from tests.series.conftest import SERIES_FIXTURES
from tests.service.test_openapi import conforms


@pytest.fixture(scope="module")
def app(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    data = tmp_path_factory.mktemp("series") / "data"
    shutil.copytree(bundled_store_dir, data)
    app = create_app({"DATA_DIR": data, "RATE_LIMIT": ""})
    # Another series lands after the app started (as from `resolute ingest` in another
    # process): the series are read anew at the store's new revision, the index untouched.
    store = Store(data / "resolute.sqlite3")
    ingest_paths(store, [SERIES_FIXTURES])
    store.close()
    return app


@pytest.fixture(scope="module")
def doc(app: Flask) -> dict[str, Any]:
    return app.test_client().get("/openapi.json").get_json()


def get(app: Flask, doc: dict[str, Any], path: str, url: str) -> Any:
    resp = app.test_client().get(url)
    conforms(doc, path, "GET", resp)
    return resp


def test_the_series_list_and_one_series(app: Flask, doc: dict[str, Any]) -> None:
    listed = get(app, doc, "/v1/series", "/v1/series").get_json()["series"]
    by_id = {s["id"]: s for s in listed}
    assert by_id["58-59"]["count"] == 13
    assert by_id["58-59"]["first"] == {"symbol": "A/RES/58/59", "year": 2003}
    assert by_id["58-59"]["last"] == {"symbol": "A/RES/72/50", "year": 2017}
    assert by_id["74-158"]["count"] == 2
    assert by_id["76-174"]["count"] == 1

    one = get(app, doc, "/v1/series/{series_id}", "/v1/series/58-59").get_json()
    assert [(m["symbol"], m["year"]) for m in one["members"]][:3] == [
        ("A/RES/58/59", 2003), ("A/RES/59/76", 2004), ("A/RES/60/65", 2005)
    ]  # fmt: skip
    assert one["members"][0]["link"] is None
    assert one["members"][6]["link"]["evidence"] == "missing-year"  # 65/72, after 63/73
    assert one["members"][2]["title"]["en"].startswith("Renewed determination")


def test_a_resolution_names_its_series_and_neighbours(app: Flask, doc: dict[str, Any]) -> None:
    r = get(app, doc, "/v1/resolutions/{symbol}", "/v1/resolutions/A/RES/66/45").get_json()
    assert r["series"] == {
        "id": "58-59",
        "predecessor": "A/RES/65/72",
        "successor": "A/RES/67/59",
    }
    listed = get(app, doc, "/v1/resolutions", "/v1/resolutions").get_json()["resolutions"]
    by_symbol = {x["symbol"]: x["series"] for x in listed}
    assert by_symbol["A/RES/76/176"] == {
        "id": "74-158",
        "predecessor": "A/RES/74/158",
        "successor": None,
    }
    assert by_symbol["A/RES/76/174"]["predecessor"] is None


def test_changes_against_the_predecessor(app: Flask, doc: dict[str, Any]) -> None:
    path = "/v1/resolutions/{symbol}/changes"
    c = get(app, doc, path, "/v1/resolutions/A/RES/67/59/changes").get_json()
    assert (c["symbol"], c["from"], c["series"]) == ("A/RES/67/59", "A/RES/66/45", "58-59")
    by_new = {p["to"]: p for p in c["paragraphs"] if p["to"]}
    assert by_new["PP1"]["change"] == "same"
    assert by_new["PP10"]["change"] == "added" and by_new["PP10"]["from"] is None
    assert by_new["PP11"]["from"] == "PP10" and by_new["PP11"]["alignment"] == "renumbered"
    recalled = by_new["PP3"]  # "Recalling its resolution 65/72 …" -> "… 66/45 …"
    assert recalled["change"] == "changed"
    ops = {(d["op"], d["text"]) for d in recalled["diff"]["en"]}
    assert {("delete", "65/72 of 8"), ("equal", " December "), ("delete", "2010")} <= ops
    assert {("insert", "66/45 of 2"), ("insert", "2011")} <= ops
    assert c["counts"]["added"] == 2 and sum(c["counts"].values()) == len(c["paragraphs"])


def test_changes_in_chinese_too(app: Flask, doc: dict[str, Any]) -> None:
    url = "/v1/resolutions/A/RES/66/45/changes?from=62/37"  # both held in Chinese
    c = get(app, doc, "/v1/resolutions/{symbol}/changes", url).get_json()
    changed = [p for p in c["paragraphs"] if p["change"] == "changed"]
    assert changed and all(set(p["diff"]) == {"en", "zh"} for p in changed)
    assert any(d["op"] == "insert" for p in changed for d in p["diff"]["zh"])


def test_changes_from_another_member_and_the_errors(app: Flask, doc: dict[str, Any]) -> None:
    path = "/v1/resolutions/{symbol}/changes"
    far = get(app, doc, path, "/v1/resolutions/72/50/changes?from=A/RES/58/59").get_json()
    assert far["from"] == "A/RES/58/59" and far["counts"]["removed"] > 0

    first = get(app, doc, path, "/v1/resolutions/58/59/changes")
    assert first.status_code == 404
    assert "no predecessor" in first.get_json()["error"]["message"]
    other = get(app, doc, path, "/v1/resolutions/72/50/changes?from=74/158")
    assert other.status_code == 400
    assert "not in the series of A/RES/72/50" in other.get_json()["error"]["message"]
    assert get(app, doc, path, "/v1/resolutions/72/50/changes?from=xx").status_code == 400
    assert get(app, doc, path, "/v1/resolutions/72/50/changes?from=1/1").status_code == 404
    assert get(app, doc, path, "/v1/resolutions/1/1/changes").status_code == 404

    series = "/v1/series/{series_id}"
    assert get(app, doc, series, "/v1/series/1-1").status_code == 404
    bad = get(app, doc, series, "/v1/series/nope")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_series_id"


def test_the_app_holds_one_series_catalog(app: Flask) -> None:
    # The series endpoints and the chat read the same book: a catalog held twice would be
    # twice the memory and the start-up time of a worker.
    book = app.extensions["resolute.series"]
    assert app.extensions["resolute.live"].current().chat.series is book
