"""A live line on a terminal: pages fetched, articles written, errors, rate (silent when not a TTY)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from ..console import Progress
from .summary import response_statuses

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ProgressLine"]


class ProgressLine:
    def __init__(self, crawler: Crawler, progress: Progress):
        self.crawler = crawler
        self.progress = progress
        self._loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        if not crawler.settings.getbool("NEWSARCHIVE_PROGRESS"):
            raise NotConfigured("NEWSARCHIVE_PROGRESS is off")
        progress = Progress(
            sys.stderr, f"crawl {crawler.spider.name if crawler.spider else ''}".strip()
        )
        return cls(crawler, progress)

    def opened(self, spider: Any) -> None:
        self.progress.label = f"crawl {getattr(spider, 'profile', spider).name}"
        self._loop = task.LoopingCall(self.draw)
        self._loop.start(0.5, now=False)

    def draw(self, force: bool = False) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        pages = sum(response_statuses(stats).values())
        self.progress.update(
            pages,
            force=force,
            articles=int(stats.get("newsarchive/articles/written", 0)),
            errors=int(stats.get("newsarchive/errors", 0)),
        )

    def closed(self, spider: Any) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.draw(force=True)
        self.progress.close()
