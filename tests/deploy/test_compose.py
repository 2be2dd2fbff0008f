"""The deployment files: docker-compose.yml, the Dockerfile, deploy/nginx.conf, .dockerignore.

No Docker engine runs here, so these check the structure: the services and how they depend
on each other, that every RESOLUTE_* variable is a real setting (a typo would be ignored at
run time), and that the port agrees from the Dockerfile through the API to the proxy.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from service.access import rate_limit
from wiring.settings import SETTINGS, load_settings

ROOT = Path(__file__).parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
DOCKERIGNORE = ROOT / ".dockerignore"

KNOWN_VARIABLES = {s.env for s in SETTINGS}


# -- reading the files


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


@pytest.fixture(scope="module")
def nginx() -> str:
    return re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())


def dockerfile_env(dockerfile: list[tuple[str, str]]) -> dict[str, str]:
    """The image's environment from its `ENV NAME=value ...` lines (later lines win)."""
    env: dict[str, str] = {}
    for word, args in dockerfile:
        if word == "ENV":
            env.update(w.split("=", 1) for w in shlex.split(args) if "=" in w)
    return env


def environment(service: dict[str, Any]) -> dict[str, str | None]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["NAME=value", "NAME"]
        return {k: (v if sep else None) for k, sep, v in (e.partition("=") for e in env)}
    return {k: None if v is None else str(v) for k, v in env.items()}


def unset_shell(value: str) -> str:
    """The value compose gives a variable when the shell sets none: ${X:-d} → d, ${X} → ''."""
    return re.sub(
        r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*",
        lambda m: m.group(1) or "",
        value,
    )


def mounts(service: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) of each volume, short or long syntax."""
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, dict):
            out.append((v.get("source", ""), v["target"], bool(v.get("read_only"))))
        else:
            source, target, *mode = v.split(":")
            out.append((source, target, "ro" in ",".join(mode).split(",")))
    return out


def command(service: dict[str, Any]) -> list[str]:
    cmd = service["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def port_option(cmd: list[str]) -> int:
    assert "--port" in cmd, cmd
    return int(cmd[cmd.index("--port") + 1])


def nginx_block(conf: str, header: str) -> str:
    """The body of the first block whose header is `header` (e.g. `location = /x`)."""
    m = re.search(re.escape(header) + r"\s*\{", conf)
    assert m, f"no `{header} {{` block in {NGINX_CONF.name}"
    depth, start = 1, m.end()
    for i in range(start, len(conf)):
        depth += {"{": 1, "}": -1}.get(conf[i], 0)
        if depth == 0:
            return conf[start:i]
    raise AssertionError(f"unbalanced braces after `{header}`")


def directives(body: str, name: str) -> list[str]:
    """Arguments of each `name ...;` directive in body (nested blocks included)."""
    return [m.group(1).strip() for m in re.finditer(rf"(?<![\w$]){name}\s+([^;{{}}]*);", body)]


def upstream(conf: str) -> tuple[str, int]:
    """(host, port) that proxy_pass sends to, following a `set $var http://...;`."""
    targets = set(directives(conf, "proxy_pass"))
    assert len(targets) == 1, f"one proxy target expected, got {targets}"
    (target,) = targets
    if target.startswith("$"):
        values = {
            v.split(None, 1)[1]
            for v in directives(conf, "set")
            if v.split(None, 1)[0] == target and len(v.split(None, 1)) == 2
        }
        assert len(values) == 1, f"{target} set to {values}"
        (target,) = values
    url = urlparse(target)
    assert url.hostname and url.port, target
    return url.hostname, url.port


# -- compose: the services and their order


def test_the_services(services: dict[str, Any]) -> None:
    assert {"ingest", "api", "proxy", "redis", "llm"} <= set(services)


def test_llm_runs_only_under_its_profile(services: dict[str, Any]) -> None:
    assert services["llm"]["profiles"] == ["llm"]
    assert services["llm"]["image"].startswith("ollama/ollama")
    # Everything else starts with a plain `docker compose up`, and nothing waits for llm
    # (depending on a service whose profile is off is an error).
    for name, svc in services.items():
        if name != "llm":
            assert "profiles" not in svc, name
            assert "llm" not in (svc.get("depends_on") or {}), name


def test_ingest_is_a_one_shot_job(services: dict[str, Any]) -> None:
    ingest = services["ingest"]
    assert command(ingest) == ["resolute", "ingest", "--bundled"]
    assert ingest["restart"] == "no"
    assert "ports" not in ingest


def test_api_waits_for_ingest_and_redis_and_publishes_no_port(
    services: dict[str, Any],
) -> None:
    api = services["api"]
    assert "ports" not in api  # scaled with --scale api=N behind the proxy
    assert api["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    cmd = command(api)
    assert cmd[:2] == ["resolute", "serve"]
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0"  # reachable from the proxy
    assert int(cmd[cmd.index("--workers") + 1]) >= 2


def test_api_is_ready_only_when_readyz_says_so(services: dict[str, Any]) -> None:
    check = " ".join(services["api"]["healthcheck"]["test"])
    port = port_option(command(services["api"]))
    assert f"http://127.0.0.1:{port}/readyz" in check


def test_proxy_waits_for_a_ready_api(services: dict[str, Any]) -> None:
    assert services["proxy"]["depends_on"]["api"]["condition"] == "service_healthy"


def test_redis_has_a_health_check(services: dict[str, Any]) -> None:
    redis = services["redis"]
    assert redis["image"].startswith("redis:7")
    assert redis["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]


# -- compose: the shared data volume and the settings


def test_ingest_and_api_share_the_data_volume(
    compose: dict[str, Any], services: dict[str, Any], dockerfile: list[tuple[str, str]]
) -> None:
    data = {
        name: [m for m in mounts(services[name]) if m[0] == "data"] for name in ("ingest", "api")
    }
    assert len(data["ingest"]) == len(data["api"]) == 1, data
    ((_, ingest_target, _),) = data["ingest"]
    ((_, api_target, api_read_only),) = data["api"]
    assert ingest_target == api_target
    assert "data" in compose["volumes"]  # a named volume, not a host folder
    # Read-write even for the api: SQLite in WAL mode creates files beside the database
    # even to read it, so a read-only mount fails at start-up.
    assert not api_read_only
    # And both read the store and index where the volume is.
    for name in ("ingest", "api"):
        assert environment(services[name])["RESOLUTE_DATA_DIR"] == api_target, name
    assert dockerfile_env(dockerfile)["RESOLUTE_DATA_DIR"] == api_target


def test_every_resolute_variable_is_a_setting(services: dict[str, Any]) -> None:
    named = {
        (service, var)
        for service, svc in services.items()
        for var in environment(svc)
        if var.startswith("RESOLUTE_")
    }
    assert named, "no RESOLUTE_* variables found"
    assert sorted((s, v) for s, v in named if v not in KNOWN_VARIABLES) == []


@pytest.mark.parametrize("name", ["ingest", "api"])
def test_settings_load_from_the_default_environment(
    services: dict[str, Any], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each container gets when the shell sets nothing must be valid settings."""
    for var in KNOWN_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    for var, value in environment(services[name]).items():
        if var.startswith("RESOLUTE_") and value is not None:
            monkeypatch.setenv(var, unset_shell(value))
    settings = load_settings()  # raises on a value a setting cannot take
    assert str(settings.data_dir) == "/data"
    if name == "api":
        assert settings.ingest_bundled is False  # the ingest job does it, once
        assert settings.redis_url
        assert settings.rate_limit  # the server's default is none


def test_api_sets_a_rate_limit(services: dict[str, Any]) -> None:
    """A server alone has no limit (a laptop, a private network); the deployment sets one."""
    assert next(s.default for s in SETTINGS if s.name == "RATE_LIMIT") == ""
    value = environment(services["api"]).get("RESOLUTE_RATE_LIMIT")
    assert value is not None, "docker-compose.yml must set RESOLUTE_RATE_LIMIT for the api"
    limit = unset_shell(value)
    assert limit == "120/minute"
    assert rate_limit(limit) == limit  # what the server checks at start


def test_api_uses_the_redis_service(services: dict[str, Any]) -> None:
    url = urlparse(environment(services["api"])["RESOLUTE_REDIS_URL"] or "")
    assert url.scheme == "redis"
    assert url.hostname in services
    assert services[url.hostname]["image"].startswith("redis:")
    assert (url.port or 6379) == 6379


def test_api_finds_the_llm_service(services: dict[str, Any]) -> None:
    host = urlparse(unset_shell(environment(services["api"])["OLLAMA_HOST"] or ""))
    assert host.hostname == "llm"
    assert host.port == 11434
    for var in ("RESOLUTE_LLM", "OPENAI_BASE_URL"):
        assert var in environment(services["api"]), var
    # Never an empty default: OPENAI_BASE_URL="" replaces the OpenAI SDK's default address.
    assert environment(services["api"])["OPENAI_BASE_URL"] is None


# -- the proxy


def test_proxy_publishes_port_8000(services: dict[str, Any], nginx: str) -> None:
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    (published,) = proxy["ports"]
    host_port, container_port = str(published).split(":")[-2:]
    assert host_port == "8000"
    listen = directives(nginx_block(nginx, "server"), "listen")
    assert listen == [container_port]
    conf_mounts = [m for m in mounts(proxy) if m[1].startswith("/etc/nginx/")]
    sources = [((COMPOSE.parent / s).resolve(), ro) for s, _, ro in conf_mounts]
    assert sources == [(NGINX_CONF.resolve(), True)]


def test_proxy_sends_to_the_api_service(services: dict[str, Any], nginx: str) -> None:
    host, port = upstream(nginx)
    assert host == "api"
    assert host in services
    assert port == port_option(command(services["api"]))


def test_proxy_re_resolves_scaled_replicas(nginx: str) -> None:
    # Docker's DNS, with a short validity, and a variable in proxy_pass so that the name is
    # resolved at request time rather than once at start-up.
    (resolver,) = directives(nginx, "resolver")
    assert resolver.split()[0] == "127.0.0.11"
    assert "valid=10s" in resolver.split()
    assert all(t.startswith("$") for t in directives(nginx, "proxy_pass"))


def test_api_trusts_exactly_the_one_proxy_in_front(services: dict[str, Any], nginx: str) -> None:
    # nginx appends the address it saw to X-Forwarded-For; the api believes that one hop
    # only, so rate limits count real clients and a client cannot choose its own address.
    headers = [d.split(None, 1) for d in directives(nginx, "proxy_set_header")]
    assert ["X-Forwarded-For", "$proxy_add_x_forwarded_for"] in headers
    assert environment(services["api"])["RESOLUTE_TRUSTED_PROXIES"] == "1"


@pytest.mark.parametrize("path", ["/v1/chat/stream", "/v1/chat/completions"])
def test_proxy_streams_server_sent_events_unbuffered(nginx: str, path: str) -> None:
    block = nginx_block(nginx, f"location = {path}")
    assert directives(block, "proxy_buffering") == ["off"]
    assert directives(block, "proxy_pass")


def test_proxy_buffers_ordinary_requests(nginx: str) -> None:
    assert "off" not in directives(nginx_block(nginx, "location /"), "proxy_buffering")


def test_proxy_body_limit_matches_the_api(nginx: str) -> None:
    (size,) = directives(nginx, "client_max_body_size")
    assert size.lower().endswith("k")
    default = next(s.default for s in SETTINGS if s.name == "MAX_BODY_BYTES")
    assert int(size[:-1]) * 1024 == default


def test_proxy_timeouts_are_set(nginx: str) -> None:
    for name in ("proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout"):
        assert directives(nginx, name), name
    stream = nginx_block(nginx, "location = /v1/chat/stream")
    (read,) = directives(stream, "proxy_read_timeout")
    assert int(read.rstrip("s")) >= 120  # an LLM answer may take a minute before it streams


# -- the image


def test_dockerfile_port_matches_expose_api_and_proxy(
    dockerfile: list[tuple[str, str]], services: dict[str, Any], nginx: str
) -> None:
    (cmd,) = [json.loads(args) for word, args in dockerfile if word == "CMD"]
    (expose,) = [args for word, args in dockerfile if word == "EXPOSE"]
    port = port_option(cmd)
    assert cmd[:2] == ["resolute", "serve"]
    assert [int(p.split("/")[0]) for p in expose.split()] == [port]
    assert port_option(command(services["api"])) == port
    assert upstream(nginx)[1] == port
    (check,) = [args for word, args in dockerfile if word == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{port}/healthz" in check


def test_dockerfile_base_user_and_environment(dockerfile: list[tuple[str, str]]) -> None:
    froms = [args for word, args in dockerfile if word == "FROM"]
    assert froms == ["python:3.11-slim"]
    users = [args for word, args in dockerfile if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    env = dockerfile_env(dockerfile)
    assert env["RESOLUTE_DATA_DIR"] == "/data"
    assert env["OMP_WAIT_POLICY"] == "PASSIVE"
    runs = " ".join(args for word, args in dockerfile if word == "RUN")
    assert "libgomp1" in runs
    assert "poppler-utils" in runs  # pdftotext, for PDF ingest inside the image
    assert "torch" not in runs
    assert re.search(r"pip install (--\S+ )*\.(\s|$)", runs)


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = {
        line.strip().strip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".venv", "var", ".git", "tests/artifacts", "bench/out"):
        assert required in patterns, required
    assert patterns & {"__pycache__", "**/__pycache__"}
