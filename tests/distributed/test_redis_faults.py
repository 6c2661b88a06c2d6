"""Redis faults (issue 12, findings 10 and 13): a lost or emptied Redis fails the run, bad URLs are clear."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from newsarchive.cli import main
from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl, pytest.mark.redis]

REDIS_SERVER = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OwnRedis:
    """A redis-server this test may kill and restart (empty: no persistence) on the same port."""

    def __init__(self, workdir: Path, password: str | None = None):
        self.port = _free_port()
        self.workdir = workdir
        self.password = password
        self.proc: subprocess.Popen[bytes] | None = None
        auth = f":{password}@" if password else ""
        self.url = f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        import redis

        command = [
            REDIS_SERVER or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        if self.password:
            command += ["--requirepass", self.password]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path).start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def slow_portal(tmp_path: Path) -> Iterator[SimpleNamespace]:
    info = build_portal(tmp_path / "portal", articles=60, per_page=6, extras=False)
    with PortalServer(info.root, latency=0.1) as server:
        yield SimpleNamespace(info=info, server=server, start=server.url + info.home)


def _worker(
    dist: Any,
    portal: SimpleNamespace,
    redis: OwnRedis,
    data: Path,
    wid: str,
    log: Path,
    *extra: str,
) -> subprocess.Popen[str]:
    return dist.start_worker(
        "--start-url",
        portal.start,
        "--data-dir",
        str(data),
        "--redis",
        redis.url,
        "--worker-id",
        wid,
        "-s",
        "NEWSARCHIVE_REDIS_MAX_DOWNTIME=2",
        *extra,
        log=log,
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 60) -> tuple[int, dict[str, Any] | None]:
    out, _ = proc.communicate(timeout=timeout)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return proc.returncode, (json.loads(lines[-1]) if lines else None)


def _wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _archived(redis: OwnRedis) -> int:
    try:
        return int(redis.client().hlen("newsarchive:127.0.0.1:archived"))
    except Exception:
        return 0


def test_redis_killed_mid_crawl_ends_the_worker_non_zero(
    own_redis: OwnRedis, slow_portal: SimpleNamespace, dist: Any, tmp_path: Path
) -> None:
    log = tmp_path / "w1.log"
    proc = _worker(dist, slow_portal, own_redis, tmp_path / "data", "w1", log)
    _wait_for(lambda: _archived(own_redis) >= 3 or proc.poll() is not None, 60, "articles archived")
    assert proc.poll() is None, "the worker finished before Redis could be killed"
    killed_at = time.monotonic()
    own_redis.kill()
    code, summary = _finish(proc, timeout=60)
    assert time.monotonic() - killed_at < 45  # bounded retries, then out
    assert code == 3
    assert summary is not None and summary["status"] == "failed" and "Redis" in summary["failure"]
    stderr = log.read_text(encoding="utf-8")
    assert stderr.count("Traceback") <= 1, stderr[-3000:]


def test_redis_restarted_empty_is_a_vanished_frontier(
    own_redis: OwnRedis, slow_portal: SimpleNamespace, dist: Any, tmp_path: Path
) -> None:
    proc = _worker(dist, slow_portal, own_redis, tmp_path / "data", "w1", tmp_path / "w1.log")
    _wait_for(lambda: _archived(own_redis) >= 3 or proc.poll() is not None, 60, "articles archived")
    assert proc.poll() is None
    own_redis.kill()
    own_redis.start()  # empty: no persistence
    code, summary = _finish(proc, timeout=90)
    assert code == 3, (tmp_path / "w1.log").read_text(encoding="utf-8")[-3000:]
    assert (
        summary is not None and summary["status"] == "failed" and "vanished" in summary["failure"]
    )


def test_no_duplicates_after_redis_lost_its_memory(
    own_redis: OwnRedis, dist: Any, tmp_path: Path
) -> None:
    info = build_portal(tmp_path / "portal", articles=30, per_page=6, extras=False)
    data = tmp_path / "data"
    with PortalServer(info.root, latency=0.02) as server:
        portal = SimpleNamespace(start=server.url + info.home)
        procs = [
            _worker(dist, portal, own_redis, data, w, tmp_path / f"{w}.log") for w in ("w1", "w2")
        ]
        assert [_finish(p)[0] for p in procs] == [0, 0]
        first = len(dist.read_records(data))
        own_redis.client().flushall()  # Redis lost everything (restart without AOF)
        procs = [
            _worker(dist, portal, own_redis, data, w, tmp_path / f"{w}.log") for w in ("w1", "w2")
        ]
        results = [_finish(p) for p in procs]
    assert [code for code, _ in results] == [0, 0]
    urls = Counter(r["url"] for r in dist.read_records(data))
    assert len(urls) == first and max(urls.values()) == 1, [u for u, n in urls.items() if n > 1][:5]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("redis://127.0.0.1:6379/abc", "'abc' is not a number"),
        ("redis://127.0.0.1:6379/0?db=x", "'x' is not a number"),
        ("redis://127.0.0.1:99999/0", "Port out of range"),
        ("http://127.0.0.1:6379/0", "scheme"),
    ],
)
def test_bad_redis_url_is_a_clear_error(tmp_path: Path, url: str, fragment: str) -> None:
    err = io.StringIO()
    code = main(
        [
            "crawl",
            "--start-url",
            "http://127.0.0.1:18600/",
            "--data-dir",
            str(tmp_path),
            "--redis",
            url,
        ],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code != 0 and fragment in err.getvalue() and "unexpected" not in err.getvalue(), (
        err.getvalue()
    )


def test_redis_password_never_printed(tmp_path: Path) -> None:
    secret = "hunter2-very-secret"
    err = io.StringIO()
    url = f"redis://:{secret}@127.0.0.1:{_free_port()}/0"  # nobody listens there
    code = main(
        [
            "crawl",
            "--start-url",
            "http://127.0.0.1:18600/",
            "--data-dir",
            str(tmp_path),
            "--redis",
            url,
        ],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 3
    assert secret not in err.getvalue() and "***" in err.getvalue()


def test_redis_password_not_in_the_log(tmp_path: Path, dist: Any) -> None:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    secret = "hunter2-very-secret"
    redis = OwnRedis(tmp_path, password=secret).start()
    info = build_portal(tmp_path / "portal", articles=6, per_page=6, extras=False)
    try:
        with PortalServer(info.root) as server:
            proc = _worker(
                dist,
                SimpleNamespace(start=server.url + info.home),
                redis,
                tmp_path / "data",
                "w1",
                tmp_path / "w1.log",
            )
            code, summary = _finish(proc)
    finally:
        redis.kill()
    assert code == 0 and summary is not None
    logs = [tmp_path / "w1.log", *(tmp_path / "data").rglob("*.log")]
    assert len(logs) >= 2
    for log in logs:
        text = log.read_text(encoding="utf-8")
        assert secret not in text, log
