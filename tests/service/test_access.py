"""API keys, rate limits and trusted proxies, through the application factory."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
import redis

from corpus.errors import ConfigError
from service.app import create_app
from service.logs import JsonFormatter

KEY = "rk_live_7f3a9c2e41d8b6"
OTHER = "rk_live_0b1c2d3e4f5a6b"
SEARCH = {"query": "universality of the CTBT", "k": 1}


def make(data_dir: Path, **settings):  # type: ignore[no-untyped-def]
    return create_app({"DATA_DIR": data_dir, **settings}).test_client()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_without_keys_the_api_is_open(data_dir: Path) -> None:
    client = make(data_dir, API_KEYS="")
    assert client.get("/v1/resolutions").status_code == 200


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "needs a key"),
        ({"Authorization": KEY}, "needs a key"),  # no scheme
        ({"Authorization": "Basic " + KEY}, "needs a key"),
        (bearer("rk_live_wrong"), "not valid"),
        (bearer(KEY + "x"), "not valid"),
        (bearer(KEY[:-1]), "not valid"),
    ],
)
def test_keys_are_required_on_the_api(data_dir: Path, headers: dict, message: str) -> None:  # type: ignore[type-arg]
    client = make(data_dir, API_KEYS=f"{KEY}, {OTHER}")
    resp = client.post("/v1/search", json=SEARCH, headers=headers)
    assert resp.status_code == 401
    assert resp.json["error"]["code"] == "unauthorized"
    assert message in resp.json["error"]["message"]
    assert KEY not in resp.get_data(as_text=True)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_configured_key_works(data_dir: Path) -> None:
    client = make(data_dir, API_KEYS=f"{KEY},{OTHER}")
    for key in (KEY, OTHER):
        assert client.post("/v1/search", json=SEARCH, headers=bearer(key)).status_code == 200
        assert client.get("/v1/resolutions/A/RES/66/45", headers=bearer(key)).status_code == 200
    chat = client.post("/v1/chat", json={"message": "What does 66/45 say?"}, headers=bearer(KEY))
    assert chat.status_code == 200


def test_operations_widget_and_preflight_need_no_key(data_dir: Path) -> None:
    client = make(data_dir, API_KEYS=KEY, ALLOWED_ORIGINS="https://mission.example")
    for path in ("/healthz", "/readyz", "/metrics", "/widget.js", "/"):
        with client.get(path) as resp:
            assert resp.status_code == 200, path
    preflight = client.options(
        "/v1/chat/stream",
        headers={
            "Origin": "https://mission.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 204
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    # The real request from the widget carries the key and gets its CORS headers.
    resp = client.post(
        "/v1/search",
        json=SEARCH,
        headers={"Origin": "https://mission.example", **bearer(KEY)},
    )
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "https://mission.example"
    # A refusal still reaches the widget's script, so it can show why.
    refused = client.post("/v1/search", json=SEARCH, headers={"Origin": "https://mission.example"})
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == "https://mission.example"


def test_rate_limit_answers_429_with_retry_after(data_dir: Path) -> None:
    client = make(data_dir, RATE_LIMIT="3/minute")
    codes = [client.get("/v1/resolutions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    resp = client.get("/v1/resolutions")
    assert resp.status_code == 429
    assert resp.json["error"]["code"] == "rate_limited"
    assert "3 per 1 minute" in resp.json["error"]["message"]
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    # Operations are not counted: a probe must never be refused.
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_limits_count_per_key_and_per_address(data_dir: Path) -> None:
    client = make(data_dir, API_KEYS=f"{KEY},{OTHER}", RATE_LIMIT="2/minute")
    get = client.get
    assert [get("/v1/resolutions", headers=bearer(KEY)).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    # The count covers the whole API, not each endpoint.
    assert client.post("/v1/search", json=SEARCH, headers=bearer(KEY)).status_code == 429
    # Another key has its own count.
    assert get("/v1/resolutions", headers=bearer(OTHER)).status_code == 200
    # Guessing keys is counted by address: two wrong guesses, then refused outright.
    guesses = [get("/v1/resolutions", headers=bearer(f"guess{i}")).status_code for i in range(3)]
    assert guesses == [401, 401, 429]
    # Another address is not affected.
    other_addr = get(
        "/v1/resolutions", headers=bearer("guess"), environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert other_addr.status_code == 401


def test_trusted_proxy_limits_the_forwarded_client(data_dir: Path) -> None:
    client = make(data_dir, RATE_LIMIT="1/minute", TRUSTED_PROXIES=1)

    def via_proxy(addr: str) -> int:
        return client.get("/v1/resolutions", headers={"X-Forwarded-For": addr}).status_code

    assert [via_proxy("198.51.100.7"), via_proxy("198.51.100.7")] == [200, 429]
    assert via_proxy("203.0.113.9") == 200  # another client behind the same proxy
    # Without a trusted proxy the header is ignored: a client cannot pick its address.
    direct = make(data_dir, RATE_LIMIT="1/minute")
    codes = [
        direct.get("/v1/resolutions", headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
        for i in range(2)
    ]
    assert codes == [200, 429]


def test_limits_are_shared_through_redis(data_dir: Path, redis_url: str) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    a = make(data_dir, RATE_LIMIT="2/minute", REDIS_URL=redis_url)
    b = make(data_dir, RATE_LIMIT="2/minute", REDIS_URL=redis_url)
    codes = [c.get("/v1/resolutions").status_code for c in (a, b, a)]
    assert codes == [200, 200, 429]  # two processes, one count
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    assert any("resolute" in k for k in keys), keys


def test_limits_fall_back_to_memory_when_redis_is_down(data_dir: Path) -> None:
    from tests.conftest import free_port

    client = make(data_dir, RATE_LIMIT="2/minute", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    # Nothing listens there: search still answers, and the limit still holds per process.
    codes = [client.post("/v1/search", json=SEARCH).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("RATE_LIMIT", "lots", "RESOLUTE_RATE_LIMIT"),
        ("TRUSTED_PROXIES", -1, "RESOLUTE_TRUSTED_PROXIES"),
    ],
)
def test_bad_access_settings_are_named(data_dir: Path, setting: str, value, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=message):
        create_app({"DATA_DIR": data_dir, setting: value})


def test_keys_never_reach_the_logs(data_dir: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        client = make(
            data_dir,
            API_KEYS=KEY,
            RATE_LIMIT="1/minute",
            SLACK_SIGNING_SECRET="s3cr3t-signing",
            SLACK_BOT_TOKEN="xoxb-0000-secret-token",
        )
        client.post("/v1/search", json=SEARCH, headers=bearer(KEY))
        client.post("/v1/search", json=SEARCH, headers=bearer(KEY))  # 429
        client.post("/v1/search", json=SEARCH, headers=bearer(KEY[::-1]))  # 401
        client.get("/v1/resolutions?api_key=" + KEY, headers=bearer(KEY))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    logged = stream.getvalue()
    assert '"status": 429' in logged and '"status": 401' in logged  # the requests were logged
    for secret in (KEY, KEY[::-1], "s3cr3t-signing", "xoxb-0000-secret-token"):
        assert secret not in logged
