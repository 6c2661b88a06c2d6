"""Distributed crawling: many workers share one frontier in Redis through scrapy-redis.

``newsarchive crawl SITE --redis redis://HOST:PORT/DB`` (or ``NEWSARCHIVE_REDIS_URL``)
turns a crawl into a worker of a shared crawl. Every worker started for the same
site joins the same crawl; the pieces are Scrapy components switched on by
:func:`configure`:

- :class:`~newsarchive.distributed.scheduler.LeasingScheduler`: scrapy-redis'
  ``Scheduler`` (priority queue + ``RFPDupeFilter``, ``SCHEDULER_PERSIST``) whose
  pops are leases: a popped request stays in ``inflight:<worker>`` until its
  callback's output is processed, and a worker that stops heartbeating has its
  leases put back on the queue by the others. It also ends the crawl: a worker
  closes once the frontier has been exhausted (queue empty, nothing leased by
  anyone) for ``NEWSARCHIVE_REDIS_IDLE_CLOSE`` seconds.
- :class:`~newsarchive.distributed.seed.SeedOnceMiddleware`: only the first
  worker of a crawl pushes the start URLs.
- :class:`~newsarchive.distributed.state.SharedStateStore`: the per-worker SQLite
  state plus the shared ``archived`` hash (canonical URL → version, content hash),
  claimed atomically before a record becomes durable, so no article is archived
  twice across workers and incremental runs skip what any worker archived.

Each worker writes its own part files (``YYYY-MM.<worker>.jsonl``,
``…<worker>.warc.gz``, ``state.<worker>.sqlite``) under a per-worker lock.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ..archive.lock import SiteLock
from ..exceptions import CrawlError, LockHeldError

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.settings import Settings

__all__ = [
    "ENV_REDIS_URL",
    "RedisKeys",
    "WorkerLock",
    "check_redis_url",
    "configure",
    "hide_password_in_logs",
    "ping_redis",
    "redact_url",
    "redis_url_from_env",
]

ENV_REDIS_URL = "NEWSARCHIVE_REDIS_URL"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_WORKERS_PER_HOST = 256


@dataclass(frozen=True)
class RedisKeys:
    """Every Redis key of one site's shared crawl (``newsarchive:<site>:...``)."""

    prefix: str

    @classmethod
    def for_site(cls, site: str) -> RedisKeys:
        return cls(f"newsarchive:{site}")

    @property
    def requests(self) -> str:  # sorted set: the scrapy-redis priority queue
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:  # set: request fingerprints seen in this crawl
        return f"{self.prefix}:dupefilter"

    @property
    def archived(
        self,
    ) -> str:  # hash: canonical URL -> {"v", "h", "w", "t", ...} of the archived version
        return f"{self.prefix}:archived"

    @property
    def patterns(self) -> str:  # hash: "<learned URL shape>|a" / "|l" -> confirmed articles / lists
        return f"{self.prefix}:patterns"

    @property
    def crawl(
        self,
    ) -> str:  # hash: the running crawl (run, seeded_by, seeded); gone once it finished
        return f"{self.prefix}:crawl"

    @property
    def workers(self) -> str:  # hash: worker id -> last heartbeat (Redis server time, seconds)
        return f"{self.prefix}:workers"

    @property
    def inflight_prefix(
        self,
    ) -> str:  # + worker id -> hash: lease id -> "<score>|<serialized request>"
        return f"{self.prefix}:inflight:"

    def inflight(self, worker: str) -> str:
        return self.inflight_prefix + worker

    def stats(
        self, worker: str
    ) -> str:  # hash: the worker's newsarchive/* stats, refreshed each heartbeat
        return f"{self.prefix}:stats:{worker}"

    @property
    def finished(self) -> str:  # string: run id of the last crawl that ended normally (kept a day)
        return f"{self.prefix}:finished"


def safe_worker_id(value: str) -> str:
    """A worker id usable in file names: letters, digits, ``_`` and ``-``."""
    cleaned = _UNSAFE.sub("-", value).strip("-")
    if not cleaned:
        raise ValueError(f"worker id {value!r} has no usable characters (letters, digits, _ or -)")
    return cleaned


class WorkerLock(SiteLock):
    """``<site_dir>/crawl.<worker>.lock``: one process per worker id and data dir.

    Without a requested id it takes the first free ``<host>-1``, ``<host>-2``, ...,
    so a worker restarted on the same machine gets its old id back (and finishes
    what its killed predecessor left: JSONL journal, open WARC, Redis leases).
    """

    def __init__(self, site_dir: Path | str, worker: str | None = None):
        super().__init__(site_dir)
        try:
            self.requested = safe_worker_id(worker) if worker else None
        except ValueError as exc:
            raise CrawlError(f"--worker-id: {exc}") from None
        self.worker: str | None = None

    def acquire(self) -> WorkerLock:
        site_dir = self.path.parent
        if self.requested:
            candidates = [self.requested]
        else:
            host = safe_worker_id(socket.gethostname().split(".")[0] or "worker")
            candidates = [f"{host}-{n}" for n in range(1, MAX_WORKERS_PER_HOST + 1)]
        for worker in candidates:
            self.path = site_dir / f"crawl.{worker}.lock"
            try:
                super().acquire()
            except LockHeldError:
                if self.requested:
                    raise
                continue
            self.worker = worker
            return self
        raise LockHeldError(f"{site_dir}: {len(candidates)} workers already run on this data dir")


def redact_url(url: str) -> str:
    """The URL with its password (``redis://:PASSWORD@host``, ``redis://user:PASSWORD@host``) as ``***``."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return re.sub(r"//[^@/]*@", "//***@", url)
    if not password:
        return url
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def check_redis_url(url: str) -> None:
    """A Redis URL redis-py would read differently from what it says is an error, not DB 0 in silence."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # raises ValueError for a bad port
    except ValueError as exc:
        raise CrawlError(f"Redis URL {redact_url(url)}: {exc}") from None
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise CrawlError(
            f"Redis URL {redact_url(url)}: scheme must be redis://, rediss:// or unix://"
        )
    if parts.scheme != "unix":
        if not parts.hostname:
            raise CrawlError(f"Redis URL {redact_url(url)}: no host")
        db = parts.path.strip("/")
        if db and not db.isdigit():
            raise CrawlError(
                f"Redis URL {redact_url(url)}: database {db!r} is not a number (redis://HOST:PORT/DB)"
            )
    for key, value in parse_qsl(parts.query):
        if key == "db" and not value.isdigit():
            raise CrawlError(f"Redis URL {redact_url(url)}: database {value!r} is not a number")


def ping_redis(url: str) -> None:
    """Fail early, with the URL (password hidden), when Redis cannot be reached or the URL is wrong."""
    import redis

    check_redis_url(url)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=10).ping()
    except (redis.RedisError, ValueError) as exc:
        message = str(exc)
        password = _password(url)
        if password:
            message = message.replace(password, "***")
        raise CrawlError(f"cannot use Redis at {redact_url(url)}: {message}") from None


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


class RedactSecret(logging.Filter):
    """Log filter: replaces a secret (the Redis password) in every message, Scrapy's settings dump included."""

    def __init__(self, secret: str):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "***"), None
        return True


def hide_password_in_logs(url: str) -> None:
    """Install :class:`RedactSecret` on every handler of the root logger (now and for new ones)."""
    password = _password(url)
    if not password or any(isinstance(f, RedactSecret) for f in logging.getLogger().filters):
        return
    redact = RedactSecret(password)
    logging.getLogger().addFilter(redact)  # records logged on the root logger itself
    old_factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = old_factory(*args, **kwargs)
        redact.filter(record)  # records of every logger, before any handler formats them
        return record

    logging.setLogRecordFactory(factory)


def redis_url_from_env() -> str | None:
    return os.environ.get(ENV_REDIS_URL) or None


def configure(
    settings: Settings, redis_url: str, worker: str, *, priority: str = "cmdline"
) -> None:
    """Switch a crawl's settings to a shared Redis frontier for worker ``worker``."""
    check_redis_url(redis_url)
    hide_password_in_logs(redis_url)
    middlewares = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    middlewares["newsarchive.distributed.seed.SeedOnceMiddleware"] = 5
    values: dict[str, Any] = {
        "REDIS_URL": redis_url,
        "SCHEDULER": "newsarchive.distributed.scheduler.LeasingScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_PERSIST": True,  # a worker leaving must not flush the others' queue
        "SPIDER_MIDDLEWARES": middlewares,
        "NEWSARCHIVE_WORKER_ID": worker,
        "NEWSARCHIVE_STATE_STORE": "newsarchive.distributed.state.SharedStateStore",
        "JOBDIR": None,  # the frontier lives in Redis, not on this disk
    }
    run_id = settings.get("NEWSARCHIVE_RUN_ID")
    if run_id and not str(run_id).endswith(f".{worker}"):
        values["NEWSARCHIVE_RUN_ID"] = f"{run_id}.{worker}"  # runs/ and logs/ files per worker
    settings.setdict(values, priority=priority)
