"""The processes benchmarks and tests run beside them: redis-server, `resolute serve`, others.

One set of helpers so that the soak, the load benchmark and the tests start, wait for and
stop these processes the same way: on a free loopback port, ready only once they answer,
and reaped on the way out whatever happened. Tests import from here; bench never imports
from tests.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

REDIS_SERVER = "/usr/bin/redis-server"  # the system package's, before any other on PATH
# A throwaway Redis: nothing written to disk, so a run leaves nothing behind.
EPHEMERAL = ("--save", "", "--appendonly", "no")

Process: TypeAlias = subprocess.Popen[bytes]


class ProcessError(RuntimeError):
    """A helper process is missing, exited or never became ready."""


def free_port() -> int:
    """A loopback port nothing listens on now (the OS's pick; another may take it later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_until(
    ready: Callable[[], bool],
    proc: Process,
    what: str,
    seconds: float,
    log: Path | None = None,
    interval: float = 0.3,
) -> None:
    """Poll `ready` until it holds; ProcessError, with the log's tail, if `proc` exits first
    or `seconds` run out."""
    deadline = time.monotonic() + seconds
    while not ready():
        if proc.poll() is not None:
            raise ProcessError(f"{what} exited with status {proc.returncode}{_tail(log)}")
        if time.monotonic() > deadline:
            raise ProcessError(f"{what} did not become ready in {seconds:g} s{_tail(log)}")
        time.sleep(interval)


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    return ":\n" + log.read_text(errors="replace")[-2000:]


def stop_process(proc: Process, seconds: float = 10, *, kill: bool = False) -> None:
    """SIGTERM (SIGKILL at once if `kill`), SIGKILL if still running after `seconds`; reaped."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# -- redis-server


def redis_binary() -> str | None:
    return REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")


class RedisServer:
    """One redis-server on a loopback port and folder that stay the same across restarts,
    so that a test can kill, pause and restart it and find what it persisted."""

    def __init__(self, workdir: Path, options: Sequence[str] = EPHEMERAL) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.options = list(options)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: Process | None = None

    def start(self) -> None:
        """Start and wait until it answers PING (listening is not enough: it may be loading)."""
        binary = redis_binary()
        if binary is None:
            raise ProcessError("redis-server is not installed")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir)]
            + self.options,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self._answers, self.proc, "redis-server", 10, interval=0.05)
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            return bool(client.ping())
        except (redis.ConnectionError, redis.TimeoutError):  # BusyLoadingError included
            return False
        finally:
            client.close()

    def kill(self) -> None:
        """A crash: SIGKILL, nothing flushed beyond what was already fsynced."""
        assert self.proc is not None
        stop_process(self.proc, kill=True)

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
            stop_process(self.proc)


@contextmanager
def redis_server(workdir: Path, options: Sequence[str] = EPHEMERAL) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, ready; yields its URL."""
    server = RedisServer(workdir, options)
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


# -- resolute serve


def resolute_command(*args: str) -> list[str]:
    """`resolute ARGS` as this interpreter runs it (the console script may not be installed)."""
    return [sys.executable, "-m", "service.cli", *args]


def resolute_env(data_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "RESOLUTE_DATA_DIR": str(data_dir), **(extra or {})}


def http_ready(port: int, path: str = "/readyz") -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def start_resolute(
    data_dir: Path,
    env: Mapping[str, str] | None = None,
    *,
    workers: int = 2,
    port: int | None = None,
    log: Path | None = None,
    ready_seconds: float = 180,
) -> tuple[int, Process]:
    """`resolute serve --workers N` (gunicorn) over `data_dir`, ready: its port and process.

    `env` adds to the environment; the output goes to `log`, or nowhere. The caller stops
    the process (stop_process), or uses resolute_server, which does."""
    port_ = port if port is not None else free_port()
    cmd = resolute_command("serve", "--workers", str(workers), "--port", str(port_))
    full_env = resolute_env(data_dir, env)
    if log is None:
        proc = subprocess.Popen(
            cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    else:
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: http_ready(port_), proc, "the server", ready_seconds, log)
    except BaseException:
        stop_process(proc, 60)
        raise
    return port_, proc


@contextmanager
def resolute_server(
    data_dir: Path,
    env: Mapping[str, str] | None = None,
    *,
    workers: int = 2,
    port: int | None = None,
    log: Path | None = None,
    ready_seconds: float = 180,
) -> Iterator[int]:
    """start_resolute, stopped on the way out (gunicorn drains requests in flight on
    SIGTERM, hence the long grace); yields the port."""
    port, proc = start_resolute(
        data_dir, env, workers=workers, port=port, log=log, ready_seconds=ready_seconds
    )
    try:
        yield port
    finally:
        stop_process(proc, 60)
