"""The Slack bot end to end: signed requests to the real /slack/events, answers to FakeSlack."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

import service.slack
from service.app import create_app
from service.slack import SlackBot
from tests.slack._support import (
    BOT_ID,
    BOT_USER,
    SECRET,
    TEAM,
    TOKEN,
    FakeSlack,
    block_texts,
    event_body,
    signed_headers,
)

CTBT_6645 = "What did 66/45 say about the Comprehensive Nuclear-Test-Ban Treaty?"
LINK_6645_OP8 = "https://localhost/r/A/RES/66/45#OP8"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def app(
    bundled_store_dir: Path, tmp_path: Path, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    data = tmp_path / "data"
    shutil.copytree(bundled_store_dir, data)
    monkeypatch.setattr(service.slack, "SLACK_API_URL", f"{slack.url}/api/")
    monkeypatch.delenv("RESOLUTE_PUBLIC_URL", raising=False)  # links from the Host
    app = create_app({"DATA_DIR": data, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET})
    yield app
    settle(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def settle(app: Flask) -> None:
    """Wait for every answer the bot started: after this, nothing more will be posted."""
    bot: SlackBot = app.extensions["resolute.slack"]
    bot.executor.shutdown(wait=True)


def post_event(client: FlaskClient, event: dict, event_id: str, **headers: str):  # type: ignore[no-untyped-def]
    body = event_body(event, event_id)
    started = time.monotonic()
    resp = client.post("/slack/events", data=body, headers={**signed_headers(body), **headers})
    assert time.monotonic() - started < 3, "Slack wants its ack within 3 seconds"
    return resp


def mention(text: str, ts: str, thread_ts: str | None = None, channel: str = "C0GENERAL") -> dict:
    event = {"type": "app_mention", "user": "U0ASKER", "text": f"<@{BOT_USER}> {text}"}
    event |= {"ts": ts, "channel": channel}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def test_url_verification(client: FlaskClient, slack: FakeSlack) -> None:
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"}
    )
    resp = client.post("/slack/events", data=body, headers=signed_headers(body))
    assert resp.status_code == 200
    assert resp.get_json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}


def test_app_mention_is_answered_once_in_its_thread(
    app: Flask, client: FlaskClient, slack: FakeSlack
) -> None:
    resp = post_event(client, mention(CTBT_6645, "1700000001.000100"), "Ev01MENTION")
    assert resp.status_code == 200
    (post,) = slack.wait_posts(1)
    assert post.body["channel"] == "C0GENERAL" and post.body["thread_ts"] == "1700000001.000100"
    texts = block_texts(post)
    assert texts[0].startswith("A/RES/66/45, operative paragraph 8: “Urges all States")
    label = f"*<{LINK_6645_OP8}|A/RES/66/45, operative paragraph 8>*\n"
    (cite,) = [t for t in texts if t.startswith(label)]
    assert cite.removeprefix(label).startswith("> Urges all States that have not yet done so")
    assert post.body["text"]  # the notification fallback Slack asks for
    settle(app)
    assert len(slack.posts()) == 1


def test_direct_message_waits_out_a_rate_limit(
    app: Flask, client: FlaskClient, slack: FakeSlack
) -> None:
    slack.rate_limit_next = 1  # Slack answers the first chat.postMessage with 429, Retry-After: 1
    event = {"type": "message", "channel_type": "im", "channel": "D0ASKER", "user": "U0ASKER"}
    event |= {"text": CTBT_6645, "ts": "1700000002.000100"}
    assert post_event(client, event, "Ev02DM").status_code == 200
    slack.wait_posts(1)
    attempts = [c for c in slack.calls if c.path == "/api/chat.postMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After was honoured
    assert attempts[1].body["channel"] == "D0ASKER"
    assert attempts[1].body["thread_ts"] == "1700000002.000100"
    assert any("A/RES/66/45, operative paragraph 8>*\n> " in t for t in block_texts(attempts[1]))
    settle(app)
    assert len(slack.posts()) == 1


def test_thread_follow_up_continues_the_conversation(
    app: Flask, client: FlaskClient, slack: FakeSlack
) -> None:
    root = "1700000003.000100"
    first_question = "What did 66/45 say about the CTBT?"
    post_event(client, mention(first_question, root), "Ev03A")
    slack.wait_posts(1)
    follow_up = "And what did the 2007 resolution say about it?"
    post_event(client, mention(follow_up, "1700000003.000200", thread_ts=root), "Ev03B")
    first, second = slack.wait_posts(2)
    assert first.body["thread_ts"] == second.body["thread_ts"] == root
    assert block_texts(first)[0].startswith("A/RES/66/45")
    assert block_texts(second)[0].startswith("A/RES/62/37")
    link = "*<https://localhost/r/A/RES/62/37#"
    assert any(t.startswith(link) for t in block_texts(second))
    turns = (
        app.extensions["resolute.live"]
        .current()
        .chat.conversations.turns(f"slack:{TEAM}:C0GENERAL:{root}")
    )
    assert [t.question for t in turns] == [first_question, follow_up]  # the mention stripped
    settle(app)
    assert len(slack.posts()) == 2


def command_body(text: str, slack: FakeSlack, n: int) -> str:
    return urlencode(
        {
            "token": "unused",
            "team_id": TEAM,
            "channel_id": "C0GENERAL",
            "user_id": "U0ASKER",
            "command": "/resolute",
            "text": text,
            "response_url": f"{slack.url}/response/{n}",
            "trigger_id": f"trigger-{n}",
        }
    )


def test_slash_command_answers_ephemerally_unless_shared(
    client: FlaskClient, slack: FakeSlack
) -> None:
    form = "application/x-www-form-urlencoded"
    body = command_body(CTBT_6645, slack, 1)
    resp = client.post("/slack/events", data=body, headers=signed_headers(body, content_type=form))
    assert resp.status_code == 200 and not resp.get_data()  # an empty ack: nothing shown yet
    (answer,) = slack.wait_posts(1, "/response/1")
    assert answer.body["response_type"] == "ephemeral"
    texts = block_texts(answer)
    assert texts[0].startswith("A/RES/66/45, operative paragraph 8")
    assert any(t.startswith(f"*<{LINK_6645_OP8}|") and "\n> Urges" in t for t in texts)

    body = command_body(f"share {CTBT_6645}", slack, 2)
    resp = client.post("/slack/events", data=body, headers=signed_headers(body, content_type=form))
    assert resp.get_json()["response_type"] == "in_channel"  # the command shows too
    (shared,) = slack.wait_posts(1, "/response/2")
    assert shared.body["response_type"] == "in_channel"
    assert block_texts(shared) == texts
    assert slack.posts() == []  # slash commands answer through response_url only


def test_retries_and_repeats_are_not_answered_twice(
    app: Flask, client: FlaskClient, slack: FakeSlack
) -> None:
    event = mention(CTBT_6645, "1700000005.000100")
    assert post_event(client, event, "Ev05RETRY").status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_event(client, event, "Ev05RETRY", **retry).status_code == 200
    assert post_event(client, event, "Ev05RETRY").status_code == 200  # redelivered, no header
    slack.wait_posts(1)
    settle(app)
    assert len(slack.posts()) == 1


def test_the_bots_own_messages_are_ignored(
    app: Flask, client: FlaskClient, slack: FakeSlack
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D0ASKER", "text": CTBT_6645}
    post_event(client, dm | {"user": BOT_USER, "ts": "1700000006.000100"}, "Ev06A")
    post_event(client, dm | {"bot_id": BOT_ID, "ts": "1700000006.000200"}, "Ev06B")
    post_event(
        client,
        dm | {"subtype": "bot_message", "bot_id": "B0OTHER", "ts": "1700000006.000300"},
        "Ev06C",
    )
    settle(app)
    assert slack.posts() == []


@pytest.mark.parametrize("fault", ["bad-signature", "stale-timestamp"])
def test_unverified_requests_are_refused(
    app: Flask, client: FlaskClient, slack: FakeSlack, fault: str
) -> None:
    body = event_body(mention(CTBT_6645, "1700000007.000100"), "Ev07")
    if fault == "bad-signature":
        headers = signed_headers(body, secret="not-the-secret")
    else:  # signed right, but more than five minutes ago: a replay
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    resp = client.post("/slack/events", data=body, headers=headers)
    assert resp.status_code == 401
    settle(app)
    assert slack.calls == []  # nothing processed: not even auth.test


def test_not_set_up_without_token_and_secret(bundled_store_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_store_dir, data)
    client = create_app({"DATA_DIR": data, "SLACK_BOT_TOKEN": TOKEN}).test_client()
    body = event_body(mention(CTBT_6645, "1700000008.000100"), "Ev08")
    resp = client.post("/slack/events", data=body, headers=signed_headers(body))
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"
    assert set(resp.get_json()["error"]) == {"code", "message"}


def test_one_message_reaching_two_processes_is_answered_once(
    bundled_store_dir: Path,
    tmp_path: Path,
    slack: FakeSlack,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A DM mention comes as app_mention and as message.im; behind a load balancer the two
    may reach different workers, which then agree through Redis."""
    monkeypatch.setattr(service.slack, "SLACK_API_URL", f"{slack.url}/api/")
    apps = []
    for name in ("a", "b"):
        data = tmp_path / name
        shutil.copytree(bundled_store_dir, data)
        settings = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}
        apps.append(create_app({"DATA_DIR": data, "REDIS_URL": redis_url, **settings}))
    ts = f"{time.time():.6f}"  # new to the shared Redis on every run
    dm = {"channel": "D0ASKER", "user": "U0ASKER", "ts": ts, "text": f"<@{BOT_USER}> {CTBT_6645}"}
    as_mention = {"type": "app_mention", **dm}
    as_message = {"type": "message", "channel_type": "im", **dm}
    assert post_event(apps[0].test_client(), as_mention, f"EvA{ts}").status_code == 200
    assert post_event(apps[1].test_client(), as_message, f"EvB{ts}").status_code == 200
    # and a redelivery of the first event to the other process
    assert post_event(apps[1].test_client(), as_mention, f"EvA{ts}").status_code == 200
    slack.wait_posts(1)
    for app in apps:
        settle(app)
    assert len(slack.posts()) == 1


@pytest.mark.parametrize(
    ("settings", "headers", "link_base"),
    [
        ({}, {"X-Forwarded-Host": "evil.example"}, "https://localhost"),  # not believed
        (
            {"TRUSTED_PROXIES": 1},
            {"X-Forwarded-Host": "resolute.un.example"},
            "https://resolute.un.example",
        ),
        ({"PUBLIC_URL": "https://res.example.org/"}, {}, "https://res.example.org"),
    ],
)
def test_paragraph_links_point_where_configured(
    bundled_store_dir: Path,
    tmp_path: Path,
    slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    settings: dict,  # type: ignore[type-arg]
    headers: dict,  # type: ignore[type-arg]
    link_base: str,
) -> None:
    monkeypatch.setattr(service.slack, "SLACK_API_URL", f"{slack.url}/api/")
    monkeypatch.delenv("RESOLUTE_PUBLIC_URL", raising=False)
    data = tmp_path / "data"
    shutil.copytree(bundled_store_dir, data)
    secrets = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}
    app = create_app({"DATA_DIR": data, **secrets, **settings})
    event = mention(CTBT_6645, "1700000009.000100")
    assert post_event(app.test_client(), event, "Ev09LINK", **headers).status_code == 200
    (post,) = slack.wait_posts(1)
    settle(app)
    link = link_base + "/r/A/RES/66/45#OP8"  # the reader page open at the paragraph
    assert any(f"*<{link}|A/RES/66/45, operative paragraph 8>*" in t for t in block_texts(post))
