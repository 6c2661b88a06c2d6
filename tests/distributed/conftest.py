"""A real redis-server on a free 127.0.0.1 port, and helpers to run crawl workers as subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ..crawlrun import REPO, CrawlRun, fast_flags, read_records, run_crawl
from ..crawlrun import crawl_command as _crawl_command

REDIS_SERVER = shutil.which("redis-server")

# loopback crawls: no politeness delays, small timeouts, quick retries; a worker exits 1 s after the
# shared frontier is exhausted, and a silent worker's leases go back to the queue after 2 s
FAST = fast_flags(concurrency=2) + [
    "-s",
    "NEWSARCHIVE_REDIS_IDLE_CLOSE=1",
    "-s",
    "NEWSARCHIVE_REDIS_LEASE_TIMEOUT=2",
    "-s",
    "NEWSARCHIVE_FSYNC=False",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RedisServer:
    url: str
    port: int
    process: subprocess.Popen[bytes]

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    workdir = tmp_path_factory.mktemp("redis")
    port = _free_port()
    proc = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    redis_errors = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)
    server = RedisServer(f"redis://127.0.0.1:{port}/0", port, proc)
    deadline = time.monotonic() + 10
    while True:
        try:
            server.client().ping()
            break
        except redis_errors:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.skip("redis-server did not start")
            time.sleep(0.05)
    try:
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def redis_db(redis_server: RedisServer) -> Iterator[RedisServer]:
    """The session's server, emptied before each test."""
    redis_server.client().flushall()
    yield redis_server


def crawl_command(*args: str) -> list[str]:
    return _crawl_command(*args, "--log-level", "INFO", flags=FAST)


def start_worker(*args: str, log: Path) -> subprocess.Popen[str]:
    fh = open(log, "w", encoding="utf-8")
    return subprocess.Popen(
        crawl_command(*args),
        stdout=subprocess.PIPE,
        stderr=fh,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def summary_of(proc: subprocess.Popen[str], timeout: float = 120) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=timeout)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"worker exit {proc.returncode}: {out[-2000:]}"
    return json.loads(lines[-1])


def run_single(*args: str, timeout: float = 120) -> CrawlRun:
    """A crawl without Redis (the single-process baseline)."""
    return run_crawl(*args, timeout=timeout, flags=FAST)


@pytest.fixture(scope="session")
def dist() -> SimpleNamespace:
    """``start_worker``, ``summary_of``, ``run_single`` and ``read_records`` for distributed tests."""
    return SimpleNamespace(
        start_worker=start_worker,
        summary_of=summary_of,
        run_single=run_single,
        read_records=read_records,
    )
