"""The Slack bot: mentions in channels, direct messages and `/resolute`, answered by ChatService.

Over HTTP the Events API and the slash command both post to `POST /slack/events`; teams
that cannot expose a URL run `resolute slack --socket-mode` instead. Either way bolt
verifies the request, we acknowledge at once, and a worker thread asks ChatService (never
our own HTTP API) and posts the answer: to the thread for events, to the response_url for
the slash command. A Slack thread is one conversation, so follow-ups there resolve against
what was asked before.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import redis
from flask import Blueprint, Flask, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.adapter.flask.handler import to_flask_response
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from chat.service import ChatService
from corpus.errors import ConfigError, ResoluteError
from corpus.profile import Profile, load_profile
from service.errors import error_body
from service.slack_format import Message, answer_messages, notice, typed_text
from wiring.resources import open_served, open_store
from wiring.settings import load_settings

log = logging.getLogger("resolute.slack")

SLACK_API_URL = "https://slack.com/api/"  # tests point the bot at a local server instead
BASE_URL = "resolute_base_url"  # the request context key carrying the public base URL


def help_text(profile: Profile) -> str:
    """What the bot answers to an empty mention: the corpus's subject and one example."""
    example = next((text for lang, text in profile.examples if lang == "en"), "")
    eg = f", e.g. “{example}”" if example else ""
    return (
        f"Ask me about {profile.subject['en']}{eg}. Every answer cites the paragraphs it rests "
        "on. With /resolute the answer is shown only to you; `/resolute share <question>` (or "
        "a trailing --share) shows it to the channel."
    )


slack_events = Blueprint("slack", __name__)


def _retry_handlers() -> list[RetryHandler]:
    # 429s sleep for Slack's Retry-After before trying again (twice at most)
    return [ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=2)]


class Seen:
    """Keys met in the last hour: Slack's retries and redeliveries come within minutes.

    With Redis, one record for every worker and replica (a DM mention arrives twice, as
    app_mention and as message.im, and the two may reach different processes); without
    it, or while Redis is away, this process's bounded memory.
    """

    def __init__(self, ttl: float = 3600.0, size: int = 10_000, redis_url: str = "") -> None:
        self._at: OrderedDict[str, float] = OrderedDict()
        self._ttl, self._size = ttl, size
        self._lock = threading.Lock()
        self._redis = None
        if redis_url:
            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=1, socket_connect_timeout=1
            )

    def first(self, key: str) -> bool:
        """True the first time `key` is met, False after (each check also records it)."""
        if self._redis is not None:
            try:
                return bool(
                    self._redis.set(f"resolute:slack:seen:{key}", 1, nx=True, ex=int(self._ttl))
                )
            except redis.RedisError as exc:  # answering twice beats not answering
                log.warning("Slack dedupe falls back to this process: %s", exc)
        now = time.monotonic()
        with self._lock:
            while self._at and (
                len(self._at) >= self._size or next(iter(self._at.values())) < now - self._ttl
            ):
                self._at.popitem(last=False)
            if key in self._at:
                return False
            self._at[key] = now
            return True


class SlackBot:
    def __init__(
        self,
        chat: Callable[[], ChatService],
        token: str,
        signing_secret: str | None,
        max_chars: int,
        redis_url: str = "",
        public_url: str = "",
        help: str = "",
    ) -> None:
        self.chat = chat  # the chat of the index version in service, asked once a message
        self.help = help or help_text(load_profile(""))
        self.max_chars = max_chars
        self.public_url = public_url.rstrip("/")  # where paragraph links point
        self.seen = Seen(redis_url=redis_url)
        # one thread at a time per conversation, so quick follow-ups see the turns before them
        self._locks = [threading.Lock() for _ in range(64)]
        self.executor = ThreadPoolExecutor(8, thread_name_prefix="resolute-slack")
        self.app = App(
            client=WebClient(token=token, base_url=SLACK_API_URL, retry_handlers=_retry_handlers()),
            signing_secret=signing_secret or "",
            # Socket Mode has no signatures: the socket itself is opened with the app token
            request_verification_enabled=signing_secret is not None,
            # auth.test on the first request, not here: the service starts without Slack
            token_verification_enabled=False,
            process_before_response=False,  # ack first, answer from a worker thread
            listener_executor=self.executor,
        )
        self.app.use(self._once)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.command("/resolute")(self._on_command)

    # -- what reaches the listeners
    def _once(
        self, request: BoltRequest, body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        """Acknowledge Slack's retries and repeats without handling them a second time."""
        if request.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")  # the first delivery is being answered
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not self.seen.first(f"event:{event_id}"):
            return BoltResponse(status=200, body="")
        next()
        return None

    def _on_mention(
        self, event: dict[str, Any], body: dict[str, Any], context: BoltContext
    ) -> None:
        self._answer_event(event, body, context)

    def _on_message(
        self, event: dict[str, Any], body: dict[str, Any], context: BoltContext
    ) -> None:
        if event.get("channel_type") == "im":  # in channels only mentions are for us
            self._answer_event(event, body, context)

    def _answer_event(self, event: dict[str, Any], body: dict[str, Any], ctx: BoltContext) -> None:
        # edits, joins and bot posts (ours above all: answering them would loop) are not questions
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        if event["user"] == ctx.bot_user_id:
            return
        channel, ts = event["channel"], event["ts"]
        # a mention in a DM can arrive as app_mention and as message.im: one message, one answer
        if not self.seen.first(f"message:{channel}:{ts}"):
            return
        thread_ts = event.get("thread_ts") or ts
        team = body.get("team_id") or event.get("team") or "-"
        cid = f"slack:{team}:{channel}:{thread_ts}"
        base_url = ctx.get(BASE_URL) or self.public_url
        for message in self.messages(typed_text(event.get("text", "")), cid, base_url):
            ctx.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)

    def _on_command(self, ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        question, share = _share(typed_text(command.get("text", "")))
        response_type = "in_channel" if share else "ephemeral"
        # in_channel in the ack shows the command itself to the channel along with the answer
        if share:
            ack(response_type="in_channel")
        else:
            ack()
        base_url = context.get(BASE_URL) or self.public_url
        messages = self.messages(question, None, base_url)
        hook = WebhookClient(command["response_url"], retry_handlers=_retry_handlers())
        for message in messages:
            resp = hook.send(response_type=response_type, **message)
            if resp.status_code != 200:
                log.warning("response_url answered %s: %s", resp.status_code, resp.body)

    # -- the answer
    def messages(self, question: str, cid: str | None, base_url: str | None) -> list[Message]:
        if question.lower() in {"", "help", "?"}:
            return notice(self.help)
        if len(question) > self.max_chars:
            return notice(f"Please ask in at most {self.max_chars} characters.")
        chat = self.chat()
        try:
            if cid is None:
                return answer_messages(chat.ask(question).answer, base_url)
            with self._locks[hash(cid) % len(self._locks)]:
                chat.conversations.create(cid)  # idempotent: a thread seen again goes on
                return answer_messages(chat.ask(question, cid).answer, base_url)
        except ResoluteError as exc:
            log.warning("could not answer %r: %s", question, exc.message)
            return notice(f"Sorry, I could not answer that: {exc.message}")
        except Exception:
            log.exception("the Slack bot failed to answer %r", question)
            return notice("Sorry, something went wrong while answering; please try again.")


def _share(text: str) -> tuple[str, bool]:
    """`share <question>` or `<question> --share` asks for an answer the channel sees."""
    m = re.fullmatch(r"(?is)share\s+(.+)|(.+?)\s*--share", text)
    if m:
        return (m.group(1) or m.group(2)).strip(), True
    return text, False


@slack_events.post("/slack/events")
def events() -> ResponseReturnValue:
    bot: SlackBot | None = current_app.extensions.get("resolute.slack")
    if bot is None:
        message = "the Slack app is not set up here (RESOLUTE_SLACK_BOT_TOKEN, _SIGNING_SECRET)"
        return jsonify(error_body("not_found", message)), 404
    # Slack only calls https request URLs, whatever scheme a proxy forwards to us. The host
    # is the proxy's X-Forwarded-Host only when RESOLUTE_TRUSTED_PROXIES says to believe it.
    base_url = bot.public_url or f"https://{request.host}"
    bolt_request = BoltRequest(
        body=request.get_data(as_text=True),
        query=request.query_string.decode("utf-8"),
        headers=dict(request.headers.items()),
        context={BASE_URL: base_url},
    )
    return to_flask_response(bot.app.dispatch(bolt_request))


def install_slack(app: Flask) -> None:
    """Mount POST /slack/events; the bot answers only when its token and secret are set."""
    settings = app.config["RESOLUTE"]
    if settings.slack_over_http:
        live = app.extensions["resolute.live"]
        app.extensions["resolute.slack"] = SlackBot(
            lambda: live.current().chat,
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.max_message_chars,
            settings.redis_url,
            settings.public_url,
            help_text(load_profile(settings.profile)),
        )
    app.register_blueprint(slack_events)


def run_socket_mode() -> int:
    """`resolute slack --socket-mode`: connect out to Slack, no public URL needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = load_settings()
    if not (settings.slack_app_token and settings.slack_bot_token):
        raise ConfigError(
            "Socket Mode needs RESOLUTE_SLACK_APP_TOKEN (xapp-…) and RESOLUTE_SLACK_BOT_TOKEN"
        )
    live = open_served(settings, open_store(settings))
    bot = SlackBot(
        lambda: live.current().chat,
        settings.slack_bot_token,
        None,
        settings.max_message_chars,
        settings.redis_url,
        settings.public_url,
        help_text(load_profile(settings.profile)),
    )
    if not settings.public_url:
        log.warning("RESOLUTE_PUBLIC_URL is not set: citations will not link to their paragraphs")
    SocketModeHandler(bot.app, settings.slack_app_token).start()  # blocks until stopped
    return 0
