"""Scrapy add-on: ``REDIS_URL`` (setting) or ``NEWSARCHIVE_REDIS_URL`` (environment) makes a crawl a worker."""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from . import configure, redis_url_from_env, safe_worker_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

__all__ = ["DistributedAddon"]


class DistributedAddon:
    """For ``scrapy crawl portal -a site=NAME -s REDIS_URL=redis://... [-s NEWSARCHIVE_WORKER_ID=ID]``.

    ``newsarchive crawl --redis`` configures the crawl itself (and picks a stable worker
    id per data dir); here the id defaults to ``<host>-<pid>``, so pass one to resume a
    killed worker's part files under the same name.

    It also caps ``CONCURRENT_REQUESTS`` at what the site's politeness allows
    (``CONCURRENT_REQUESTS_PER_DOMAIN`` × allowed domains) unless it was set on the
    command line: Scrapy pulls requests from the scheduler until that many are active,
    and a worker that hoards queued requests in its downloader starves the others.
    """

    def __init__(self, crawler: Crawler | None = None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedAddon:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("REDIS_URL") or redis_url_from_env()
        if not url:
            return
        worker = (
            settings.get("NEWSARCHIVE_WORKER_ID")
            or f"{socket.gethostname().split('.')[0]}-{os.getpid()}"
        )
        configure(settings, url, safe_worker_id(str(worker)), priority="addon")
        if (settings.getpriority("CONCURRENT_REQUESTS") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            profile = getattr(getattr(self.crawler, "spider", None), "profile", None)
            domains = max(1, len(getattr(profile, "allowed_domains", ()) or ()))
            per_domain = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1
            settings.set(
                "CONCURRENT_REQUESTS",
                min(settings.getint("CONCURRENT_REQUESTS"), per_domain * domains),
                priority="cmdline",
            )
