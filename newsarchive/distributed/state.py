"""Crawl state shared through Redis: which article versions any worker archived, claimed atomically."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from redis.exceptions import RedisError
from scrapy.exceptions import DropItem
from scrapy_redis.connection import get_redis_from_settings

from ..archive.state import StateStore, UrlState, utcnow
from ..runstatus import add_failure
from . import RedisKeys, _lua

if TYPE_CHECKING:
    from redis import Redis
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["SharedStateStore"]

logger = logging.getLogger(__name__)


class SharedStateStore(StateStore):
    """This worker's SQLite state (fetches, write journal, WARC files) plus the crawl-wide ``archived`` hash.

    ``newsarchive:<site>:archived`` maps a canonical URL to the archived version
    (``{"v": version, "h": content hash, "w": worker, "t": fetched at, "e"/"m": validators}``).
    :meth:`get` answers from it, so the spider skips articles any worker archived (also
    in later, incremental runs) and versions count across workers.

    A record becomes archived in this order: journal (``pending``), JSONL line, fsync,
    **claim in Redis**, local commit. The claim is a compare-and-set: when another
    worker got there first with the same content (or a newer version), this worker's
    line is cut off again and the item dropped, so no article is archived twice.
    Each record is claimed alone, so the JSONL writer does not group commits here.
    """

    group_commit = False

    def __init__(
        self,
        path: Path | str,
        *,
        redis: Redis,
        keys: RedisKeys,
        worker: str,
        stats: StatsCollector | None = None,
    ):
        super().__init__(path)
        self.redis = redis
        self.keys = keys
        self.worker = worker
        self.stats = stats
        self.data_dir = self.path.parent.parent  # <data dir>/<site>/state.<worker>.sqlite
        self._claim = redis.register_script(_lua.CLAIM)
        self._touch = redis.register_script(_lua.TOUCH)
        self._settle_journal()
        self.republish()

    @classmethod
    def from_crawler(cls, crawler: Crawler, path: Path | str) -> SharedStateStore:
        profile = getattr(crawler.spider, "profile", None)
        site = profile.name if profile is not None else Path(path).parent.name
        return cls(
            path,
            redis=get_redis_from_settings(crawler.settings),
            keys=RedisKeys.for_site(site),
            worker=str(crawler.settings.get("NEWSARCHIVE_WORKER_ID") or "worker"),
            stats=crawler.stats,
        )

    # -- reads --------------------------------------------------------------------------------------------
    def shared(self, url: str) -> dict | None:
        try:
            raw = self.redis.hget(self.keys.archived, url)
        except (
            RedisError
        ):  # Redis away: answer from this worker's own store (the scheduler reports it)
            return None
        return json.loads(raw) if raw else None

    def get(self, url: str) -> UrlState | None:
        local = super().get(url)
        shared = self.shared(url)
        if shared is None:
            return local
        if local is not None and local.version >= int(shared["v"]):
            return local
        base = local or UrlState(url, "article", 200, None, None, 0, None, None, None, None)
        return replace(
            base,
            kind="article",
            content_hash=shared["h"],
            version=int(shared["v"]),
            published_at=shared.get("p"),
            fetched_at=shared.get("t") or base.fetched_at,
            etag=shared.get("e") or base.etag,
            last_modified=shared.get("m") or base.last_modified,
            error=None,
        )

    def archived(self, url: str) -> bool:
        return super().archived(url) or self.shared(url) is not None

    # -- writes -------------------------------------------------------------------------------------------
    def commit_version(
        self, url: str, *, content_hash: str, version: int, published_at: str | None
    ) -> None:
        entry = json.dumps(
            {"v": version, "h": content_hash, "w": self.worker, "t": utcnow(), "p": published_at},
            ensure_ascii=False,
        )
        try:
            claimed = self._claim(
                keys=[self.keys.archived], args=[url, version, content_hash, entry, self.worker]
            )
        except RedisError as exc:
            self._unclaimed(url, exc)  # raises DropItem
        pending = self._pending(url)
        if not claimed and pending is not None:
            # the line this worker just wrote duplicates another worker's: take it back
            self._undo(pending.file, pending.offset)
            self.drop_pending(url)
            self._inc("duplicates_dropped")
            raise DropItem(
                f"archived by another worker: {url} (content {content_hash[:12]}, version {version})",
                log_level="INFO",
            )
        super().commit_version(
            url, content_hash=content_hash, version=version, published_at=published_at
        )

    def record_fetch(
        self,
        url: str,
        *,
        kind: str,
        status: int,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        fetched_at: str | None = None,
    ) -> None:
        super().record_fetch(
            url,
            kind=kind,
            status=status,
            etag=etag,
            last_modified=last_modified,
            error=error,
            fetched_at=fetched_at,
        )
        if kind == "article" and status in (200, 304) and not error:
            try:
                self._touch(
                    keys=[self.keys.archived],
                    args=[url, fetched_at or utcnow(), etag or "", last_modified or ""],
                )
            except RedisError:
                pass  # only the revisit time of a known article; the local store has it

    # -- learned URL patterns: summed over the workers in ``newsarchive:<site>:patterns`` -----------------
    def url_patterns(self) -> dict[str, tuple[int, int]]:
        counts = dict(super().url_patterns())
        shared: dict[str, list[int]] = {}
        for field, value in self.redis.hgetall(self.keys.patterns).items():
            name = field.decode() if isinstance(field, bytes) else str(field)
            shape, _, slot = name.rpartition("|")
            if shape and slot in ("a", "l"):
                shared.setdefault(shape, [0, 0])[slot == "l"] = int(value)
        for shape, (a, b) in shared.items():
            local = counts.get(shape, (0, 0))
            counts[shape] = (
                max(a, local[0]),
                max(b, local[1]),
            )  # Redis holds every worker's counts
        return counts

    def add_url_patterns(self, counts: dict[str, tuple[int, int]]) -> None:
        super().add_url_patterns(counts)
        if not counts:
            return
        pipe = self.redis.pipeline(transaction=False)
        for shape, (a, b) in counts.items():
            if a:
                pipe.hincrby(self.keys.patterns, f"{shape}|a", a)
            if b:
                pipe.hincrby(self.keys.patterns, f"{shape}|l", b)
        pipe.execute()

    # -- crash recovery -----------------------------------------------------------------------------------
    def _settle_journal(self) -> None:
        """Before the session's recovery: undo journalled lines another worker has archived meanwhile.

        A worker killed between its fsync and its claim leaves a complete line that
        Redis does not know; if nobody claimed the article since, recovery keeps the
        line (and its claim then succeeds); if someone did, the line goes.
        """
        for p in self.pending():
            shared = self.shared(p.url)
            if shared is None or (shared.get("w") == self.worker and int(shared["v"]) == p.version):
                continue
            if shared.get("h") == p.content_hash or int(shared["v"]) >= p.version:
                logger.warning(
                    "%s: %s was archived by worker %s meanwhile; undoing this worker's line",
                    p.file,
                    p.url,
                    shared.get("w"),
                )
                self._undo(p.file, p.offset)
                self.drop_pending(p.url)

    def _unclaimed(self, url: str, exc: Exception) -> None:
        """No claim without Redis: take the line back (the next run fetches the page again) and say so."""
        pending = self._pending(url)
        if pending is not None:
            self._undo(pending.file, pending.offset)
            self.drop_pending(url)
        self._inc("not_claimed")
        if self.stats is not None:
            add_failure(
                self.stats,
                "articles could not be claimed in Redis (unreachable); "
                "they were not archived and the next run fetches them again",
            )
        raise DropItem(f"not archived, Redis unreachable: {url} ({exc})", log_level="WARNING")

    def republish(self) -> int:
        """Put the articles archived on this data dir back into ``archived`` where Redis lost them.

        After a Redis restart without persistence the shared memory of incremental runs is
        gone. A starting worker restores it from every state store in its site folder (its
        own, its neighbours' on the same data dir, a single-process crawl's), before it
        fetches anything, so no worker archives again (as a duplicate version 1) what another
        one archived before. Only runs when ``archived`` holds fewer entries than those stores.
        """
        stores = sorted(self.path.parent.glob("state*.sqlite"))
        counts = {path: _archived_count(path) for path in stores}
        if not any(counts.values()) or int(self.redis.hlen(self.keys.archived)) >= max(
            counts.values()
        ):
            return 0
        restored = 0
        for path, count in counts.items():
            if count:
                restored += self._republish_store(path)
        if restored:
            logger.warning(
                "worker %s: Redis had lost %d archived articles of this data dir; restored them",
                self.worker,
                restored,
            )
            self._inc("republished", restored)
        return restored

    def _republish_store(self, path: Path) -> int:
        worker = (
            path.name.removeprefix("state.").removesuffix(".sqlite").removesuffix("state")
            or "single"
        )
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT url, content_hash, version, fetched_at, published_at, etag, last_modified "
                "FROM urls WHERE version > 0"
            ).fetchall()
        finally:
            db.close()
        pipe = self.redis.pipeline(transaction=False)
        for url, chash, version, fetched, published, etag, modified in rows:
            entry = {"v": version, "h": chash, "w": worker, "t": fetched, "p": published}
            if etag:
                entry["e"] = etag
            if modified:
                entry["m"] = modified
            pipe.hsetnx(self.keys.archived, url, json.dumps(entry, ensure_ascii=False))
        return sum(1 for added in pipe.execute() if added)

    def _pending(self, url: str):  # -> PendingWrite | None
        return next((p for p in self.pending() if p.url == url), None)

    def _undo(self, file: str, offset: int) -> None:
        path = self.data_dir / file
        if path.exists() and path.stat().st_size > offset:
            os.truncate(path, offset)  # the writer appends (O_APPEND): its next line lands here

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newsarchive/distributed/{key}", n)


def _archived_count(path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(db.execute("SELECT COUNT(*) FROM urls WHERE version > 0").fetchone()[0])
        finally:
            db.close()
    except (
        sqlite3.Error
    ):  # a store another version wrote, or not one at all: nothing to restore from it
        return 0
