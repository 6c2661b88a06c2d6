"""Write each record durably to <site>/articles/<YYYY-MM>.jsonl and commit it in the state store."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from twisted.internet.task import LoopingCall

from ..extensions.archive import archive_extension
from ..extensions.runstatus import fail_run
from .items import CrawledArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["JsonlWriterPipeline"]

logger = logging.getLogger(__name__)


class JsonlWriterPipeline:
    """WARC first (fsync), then the JSONL line (fsync), then the state: a record never points at nothing.

    With ``NEWSARCHIVE_COMMIT_BATCH`` > 1 records are made durable in groups (when the batch
    is full, every ``NEWSARCHIVE_COMMIT_SECONDS`` and when the spider closes); the
    ``articles/written`` counts follow what is durable. A write that fails fails the run.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.archive = archive_extension(crawler, "JsonlWriterPipeline")
        self.stats = crawler.stats
        self.every = crawler.settings.getfloat("NEWSARCHIVE_COMMIT_SECONDS", 1.0)
        self._clock: LoopingCall | None = None
        self._counted = (0, 0)  # (written, of them new) at the last count

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlWriterPipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        if self.archive.options.commit_batch > 1 and self.every > 0:
            self._clock = LoopingCall(self.flush)
            self._clock.start(self.every, now=False)

    def close_spider(self, spider: Any = None) -> None:
        if self._clock is not None and self._clock.running:
            self._clock.stop()
        self.flush()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledArticle):
            return item  # another kind of item from the user's spider: not ours to handle
        session = self.archive.opened()
        record = item.record
        writer = session.records
        try:
            writer.write(
                record,
                key=item.key,
                aliases=item.aliases,
                status=record["provenance"]["http_status"],
                etag=item.etag,
                last_modified=item.last_modified,
            )
        finally:
            self._count()
        return record

    def flush(self) -> None:
        """Make the queued records durable (the clock, the close); a failed write fails the run."""
        session = self.archive.session
        if session is None or session.closed:
            return
        try:
            session.records.flush()
        except OSError as exc:
            logger.error("records not written: %s", exc)
            fail_run(self.crawler, f"write error: {exc}", close_reason="write_error")
        finally:
            self._count()

    def _count(self) -> None:
        """Count the records made durable since the last call (new and updated versions)."""
        session = self.archive.session
        if session is None:
            return
        written, new = session.records.written, session.records.written_new
        if (written, new) == self._counted:
            return
        assert self.stats is not None
        was_written, was_new = self._counted
        for key, delta in (
            ("written", written - was_written),
            ("new", new - was_new),
            ("updated", (written - new) - (was_written - was_new)),
        ):
            if delta:
                self.stats.inc_value(f"newsarchive/articles/{key}", delta)
        self._counted = (written, new)
