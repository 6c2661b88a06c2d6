"""Push a shared crawl's start URLs once: the first worker seeds, the others join the queue."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy_redis.connection import get_redis_from_settings

from . import RedisKeys, _lua

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["SeedOnceMiddleware"]

logger = logging.getLogger(__name__)


class SeedOnceMiddleware:
    """Spider middleware: lets the start requests through for the worker that claims the seeding.

    ``newsarchive:<site>:crawl`` records who seeds (``seeded_by``) and, once every
    start request is queued, ``seeded = 1``; the crawl cannot be declared over before
    that. A worker joining a crawl in progress (or resuming one whose workers were all
    stopped) only consumes the spider's ``start()`` (which opens the archive session).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.worker = str(crawler.settings.get("NEWSARCHIVE_WORKER_ID"))
        self.redis = get_redis_from_settings(crawler.settings)
        self._claim = self.redis.register_script(_lua.SEED_CLAIM)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnceMiddleware:
        if not crawler.settings.get("REDIS_URL") or not crawler.settings.get(
            "NEWSARCHIVE_WORKER_ID"
        ):
            raise NotConfigured("not a distributed crawl")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        site = str(
            getattr(getattr(spider, "profile", None), "name", None)
            or getattr(spider, "name", "spider")
        )
        keys = RedisKeys.for_site(site)
        # the run id tells a finished crawl from one that vanished with a Redis restart: never empty
        run = str(self.crawler.settings.get("NEWSARCHIVE_RUN_ID") or uuid.uuid4().hex)
        seeding = bool(self._claim(keys=[keys.crawl, keys.workers], args=[self.worker, run]))
        stats = self.crawler.stats
        pushed = 0
        async for item in start:
            if seeding:
                pushed += 1
                yield item
        if seeding:
            self.redis.hset(keys.crawl, "seeded", "1")
            logger.info(
                "worker %s seeded the crawl of %s with %d start requests", self.worker, site, pushed
            )
            if stats is not None:
                stats.set_value("newsarchive/distributed/seeded", pushed)
        else:
            logger.info("worker %s joined the running crawl of %s", self.worker, site)
