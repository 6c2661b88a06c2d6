"""scrapy-redis' scheduler with leased pops, worker heartbeats and an end for the shared crawl."""

from __future__ import annotations

import itertools
import logging
import time
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from ..runstatus import fail_run
from . import RedisKeys, _lua

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

__all__ = ["LeasingScheduler"]

logger = logging.getLogger(__name__)


class LeasingScheduler(Scheduler):
    """The shared frontier of one site's crawl, for one worker.

    - Queue and duplicate filter are scrapy-redis' (``newsarchive:<site>:requests`` sorted
      set, ``newsarchive:<site>:dupefilter`` set); both persist when a worker leaves.
    - A pop is a lease: the popped request is copied to ``inflight:<worker>`` in the same
      script, and dropped from there only once the engine is done with it (downloaded,
      callback run, items written, new requests queued). Every heartbeat, a worker
      returns to the queue the leases of workers silent for ``NEWSARCHIVE_REDIS_LEASE_TIMEOUT``
      seconds, so a killed worker's in-flight pages are fetched again by the others; a
      restarted worker returns its own leftovers at once.
    - A worker stays open while the crawl goes on elsewhere (``spider_idle`` →
      ``DontCloseSpider``) and closes once the frontier has stayed exhausted (nothing
      queued, nothing leased by anyone) for ``NEWSARCHIVE_REDIS_IDLE_CLOSE`` seconds.
    """

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasingScheduler:
        worker = crawler.settings.get("NEWSARCHIVE_WORKER_ID")
        if not worker:
            raise NotConfigured(
                "LeasingScheduler needs NEWSARCHIVE_WORKER_ID (see newsarchive.distributed)"
            )
        instance: LeasingScheduler = super().from_crawler(crawler)
        settings = crawler.settings
        instance.crawler = crawler
        instance.worker = str(worker)
        instance.lease_timeout = settings.getfloat("NEWSARCHIVE_REDIS_LEASE_TIMEOUT", 30.0)
        instance.idle_close = settings.getfloat("NEWSARCHIVE_REDIS_IDLE_CLOSE", 5.0)
        instance.poll = settings.getfloat("NEWSARCHIVE_REDIS_POLL", 0.25)
        instance.leases = {}
        instance._lease_ids = itertools.count(1)
        instance._idle_since = None
        instance._last_beat = 0.0
        instance._loop = None
        instance.max_downtime = settings.getfloat("NEWSARCHIVE_REDIS_MAX_DOWNTIME", 30.0)
        instance._down_since = None
        instance._run = ""
        instance._backlog = []
        server = instance.server
        instance._pop = server.register_script(_lua.POP_LEASE)
        instance._heartbeat = server.register_script(_lua.HEARTBEAT)
        instance._requeue = server.register_script(_lua.REQUEUE)
        instance._state = server.register_script(_lua.FRONTIER_STATE)
        instance._finish = server.register_script(_lua.FINISH)
        crawler.signals.connect(instance._spider_idle, signal=signals.spider_idle)
        return instance

    worker: str
    lease_timeout: float
    idle_close: float
    poll: float
    leases: dict[str, Request]
    _idle_since: float | None
    _loop: task.LoopingCall | None
    max_downtime: float
    _down_since: float | None
    _run: str  # the shared crawl this worker works on (its run id), once seen
    _backlog: list[Request]  # requests that could not be queued while Redis was away

    # -- scrapy-redis hooks ---------------------------------------------------------------------------
    def open(self, spider: Spider) -> None:
        site = getattr(getattr(spider, "profile", None), "name", None) or spider.name
        self.keys = RedisKeys.for_site(site)
        # literal keys: scrapy-redis formats them with %(spider)s
        self.queue_key = self.keys.requests.replace("%", "%%")
        self.df = load_object(self.dupefilter_cls)(
            self.server, key=self.keys.dupefilter, debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        super().open(spider)
        back = self._requeue(keys=[self.keys.inflight(self.worker), self.keys.requests])
        if back:
            logger.warning(
                "worker %s: %d requests a previous run of this worker left in flight are queued again",
                self.worker,
                back,
            )
            self._inc("requeued_own", back)
        self._beat()
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.poll, now=False)

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        try:
            # the engine has drained: what it still leases was handed over (queued) or is done
            self._release(list(self.leases))
            self.server.hdel(self.keys.workers, self.worker)
            if reason == "finished" and self._finish(
                keys=[
                    self.keys.crawl,
                    self.keys.requests,
                    self.keys.workers,
                    self.keys.dupefilter,
                    self.keys.finished,
                ],
                args=[self.keys.inflight_prefix],
            ):
                logger.info(
                    "worker %s: the shared crawl of %s is complete", self.worker, self.keys.prefix
                )
            if reason == "finished":
                self._inc("frontier_done")
            self._publish_stats(final=True)
            super().close(reason)
        except RedisError as exc:  # Redis is gone: the run summary already says so
            logger.error(
                "worker %s: could not leave the shared crawl cleanly: Redis: %s", self.worker, exc
            )

    def next_request(self) -> Request | None:
        lease = f"{next(self._lease_ids)}"
        try:
            data = self._pop(
                keys=[self.keys.requests, self.keys.inflight(self.worker)], args=[lease]
            )
        except RedisError as exc:
            self._redis_down(exc)
            return None
        self._redis_up()
        if data is None:
            return None
        request = self.queue._decode_request(data)
        self.leases[lease] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return len(self.queue) > 0
        except RedisError as exc:  # the engine asks every few seconds: no traceback each time
            self._redis_down(exc)
            return False

    def enqueue_request(self, request: Request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as exc:
            self._redis_down(exc)
            self._backlog.append(request)  # queued once Redis answers again
            return True
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    # -- a lost Redis ------------------------------------------------------------------------------------
    def _redis_down(self, exc: Exception) -> None:
        """Redis did not answer: retry for NEWSARCHIVE_REDIS_MAX_DOWNTIME seconds, then fail the run."""
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "worker %s: Redis does not answer (%s); retrying for %g s",
                self.worker,
                _one_line(exc),
                self.max_downtime,
            )
            self._inc("redis_errors")
        elif now - self._down_since >= self.max_downtime:
            fail_run(
                self.crawler,
                f"lost the connection to Redis for {self.max_downtime:g} s ({_one_line(exc)}); "
                "this worker's queued work is in Redis or will be found again by the next run",
                close_reason="redis_lost",
            )

    def _redis_up(self) -> None:
        if self._down_since is not None:
            logger.warning(
                "worker %s: Redis answers again after %.1f s",
                self.worker,
                time.monotonic() - self._down_since,
            )
            self._down_since = None

    def _flush_backlog(self) -> None:
        while self._backlog:
            request = self._backlog.pop(0)
            try:
                self.queue.push(request)
            except RedisError:
                self._backlog.insert(0, request)
                return

    # -- leases, heartbeat, end of the crawl ------------------------------------------------------------
    def _in_progress(self) -> set[Any] | None:
        slot = getattr(self.crawler.engine, "_slot", None)
        return getattr(slot, "inprogress", None)

    def _tick(self) -> None:
        try:
            if self._down_since is not None:
                self.server.ping()  # raises while Redis is away
                self._redis_up()
            inprogress = self._in_progress()
            if inprogress is not None:
                # a request is done once the engine lets go of it: its outputs are processed by then
                self._release(
                    [lease for lease, req in self.leases.items() if req not in inprogress]
                )
            if time.monotonic() - self._last_beat >= self.lease_timeout / 4:
                self._beat()
            if (
                not self._run
            ):  # which crawl this worker works on: to notice it vanishing (a Redis restart)
                run = self.server.hget(self.keys.crawl, "run")
                self._run = run.decode() if isinstance(run, bytes) else (run or "")
            self._flush_backlog()
            self._wake_engine()
        except (
            RedisError
        ) as exc:  # a Redis hiccup must not kill the loop; the next tick retries, for a while
            self._redis_down(exc)

    def _release(self, leases: list[str]) -> None:
        if not leases:
            return
        self.server.hdel(self.keys.inflight(self.worker), *leases)
        for lease in leases:
            self.leases.pop(lease, None)

    def _beat(self) -> None:
        self._last_beat = time.monotonic()
        moved = self._heartbeat(
            keys=[self.keys.workers, self.keys.requests],
            args=[self.keys.inflight_prefix, self.lease_timeout, self.worker],
        )
        if moved:
            logger.warning(
                "worker %s: %d requests leased by silent workers are queued again",
                self.worker,
                moved,
            )
            self._inc("requeued_from_dead", moved)
        self._publish_stats()

    def _wake_engine(self) -> None:
        """Other workers add requests the engine would otherwise see at its 5 s heartbeat only.

        Cheap when busy: the engine asks the scheduler only while it has room for more.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _spider_idle(self, spider: Spider) -> None:
        try:
            state, run = self._state(
                keys=[self.keys.crawl, self.keys.requests, self.keys.workers, self.keys.finished],
                args=[self.keys.inflight_prefix, self._run],
            )
        except RedisError as exc:
            self._redis_down(exc)
            raise DontCloseSpider from None
        self._redis_up()
        if run and not self._run:
            self._run = run.decode() if isinstance(run, bytes) else str(run)
        if state == 2:
            fail_run(
                self.crawler,
                "the shared frontier vanished while this worker was crawling (Redis restarted "
                "without persistence, or was flushed); work queued there is lost: run the crawl again",
                close_reason="frontier_lost",
            )
            return
        done = state == 1
        if done and not self.leases:
            now = time.monotonic()
            if self._idle_since is None:
                self._idle_since = now
            if now - self._idle_since >= self.idle_close:
                return  # the engine closes the spider: "finished"
        else:
            self._idle_since = None
        raise DontCloseSpider

    def _publish_stats(self, final: bool = False) -> None:
        if not self.stats:
            return
        values: dict[str, float | str] = {
            k: v
            for k, v in self.stats.get_stats().items()
            if k.startswith(
                (
                    "newsarchive/",
                    "scheduler/",
                    "downloader/response_count",
                    "downloader/response_status_count/",
                    "item_",
                )
            )
            and isinstance(v, (int, float))
        }
        values["leases"] = len(self.leases)
        values["state"] = "closed" if final else "running"
        values["updated"] = time.time()
        self.server.hset(self.keys.stats(self.worker), mapping=values)

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats:
            self.stats.inc_value(f"newsarchive/distributed/{key}", n)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
