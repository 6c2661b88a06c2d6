"""The WriteGuard extension: write errors reaching Scrapy's error signals fail the run (see ``newsarchive.runstatus``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals

from ..runstatus import FAILURE_STAT, add_failure, fail_run, is_write_error, write_atomic

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

__all__ = [
    "FAILURE_STAT",
    "WriteGuard",
    "add_failure",
    "fail_run",
    "is_write_error",
    "write_atomic",
]

logger = logging.getLogger(__name__)


class WriteGuard:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteGuard:
        return cls(crawler)

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        self._check(failure)

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        self._check(failure)

    def _check(self, failure: Failure) -> None:
        exc = failure.value
        if isinstance(exc, BaseException) and is_write_error(exc):
            fail_run(self.crawler, f"write error: {exc}", close_reason="write_error")
