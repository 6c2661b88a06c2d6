"""The crawl's archive as a Scrapy extension: the other components find it with ``crawler.get_extension``.

Built with the crawler: takes the site lock and readies ``JOBDIR`` (before the scheduler
reads it). On ``spider_opened`` it opens an :class:`~newsarchive.archive.session.ArchiveSession`
(state store, WARC, JSONL, run log); on ``spider_closed`` it closes it and frees the lock.
Works with any spider: the site is the spider's ``profile.name`` if it has one, else its ``name``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.utils.misc import build_from_crawler, load_object

from ..archive.lock import SiteLock
from ..archive.session import ArchiveSession, SessionOptions, finish_jobdir, prepare_jobdir
from ..archive.state import StateStore
from ..exceptions import CrawlError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = ["ArchiveExtension", "archive_extension", "archive_session", "site_name"]

logger = logging.getLogger(__name__)


def site_name(crawler: Crawler) -> str:
    """The spider's profile name, else the spider's own name: files go under ``<data dir>/<site>/``."""
    spider = crawler.spider if crawler.spider is not None else crawler.spidercls
    profile = getattr(spider, "profile", None)
    return str(getattr(profile, "name", None) or spider.name)


def session_options(settings: BaseSettings, site: str) -> SessionOptions:
    run_id = settings.get("NEWSARCHIVE_RUN_ID")
    options = SessionOptions(
        data_dir=Path(settings.get("NEWSARCHIVE_DATA_DIR") or "data"),
        site=site,
        worker=settings.get("NEWSARCHIVE_WORKER_ID") or None,
        warc_max_size=settings.getint("NEWSARCHIVE_WARC_MAX_SIZE", 1024**3),
        fsync=settings.getbool("NEWSARCHIVE_FSYNC", True),
        commit_batch=settings.getint("NEWSARCHIVE_COMMIT_BATCH", 1),
        operator=settings.get("NEWSARCHIVE_CONTACT"),
        log_file=settings.getbool("NEWSARCHIVE_LOG_FILE", True),
        log_level=settings.get("LOG_FILE_LEVEL") or "INFO",
    )
    return replace(options, run_id=str(run_id)) if run_id else options


class ArchiveExtension:
    """Holds the crawl's :class:`ArchiveSession` (``.session``) from ``spider_opened`` to ``spider_closed``."""

    def __init__(self, crawler: Crawler, options: SessionOptions, lock: SiteLock | None = None):
        self.crawler = crawler
        self.options = options
        self.lock = lock
        self.session: ArchiveSession | None = None
        self.created_at = datetime.now(UTC)
        jobdir = crawler.settings.get("JOBDIR")
        self.jobdir = Path(jobdir) if jobdir else None
        if self.jobdir is not None:
            prepare_jobdir(self.jobdir, options.run_id)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        options = session_options(crawler.settings, site_name(crawler))
        lock = None
        if crawler.settings.getbool("NEWSARCHIVE_LOCK", True):  # the CLI holds the lock itself
            lock = SiteLock(options.site_dir, worker=options.worker).acquire()
        return cls(crawler, options, lock)

    def spider_opened(self, spider: Any) -> None:
        # Signal handlers run in the order they were connected. Listed first in EXTENSIONS, the archive
        # opens before the other components' spider_opened handlers run; connected only now, its close
        # runs after every spider_closed handler connected when the components were built (the run
        # summary is written, and logged to the run's log, before the archive closes).
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        store = load_object(self.crawler.settings.get("NEWSARCHIVE_STATE_STORE") or StateStore)
        try:
            self.session = ArchiveSession(
                self.options, lambda path: build_from_crawler(store, self.crawler, path)
            )
        except Exception as exc:
            logger.exception("could not open the archive in %s", self.options.site_dir)
            raise CloseSpider("archive_unavailable") from exc

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.session is not None:
            self.session.close()
        if self.jobdir is not None:
            finish_jobdir(self.jobdir, reason)
        if self.lock is not None:
            self.lock.release()

    def opened(self) -> ArchiveSession:
        """The open session; a clear error for a component used before ``spider_opened`` or after a failed open."""
        if self.session is None:
            raise CrawlError(
                f"the archive in {self.options.site_dir} is not open (opened on spider_opened)"
            )
        return self.session


def archive_extension(crawler: Crawler, component: str) -> ArchiveExtension:
    """The crawl's :class:`ArchiveExtension`, or an error naming the setting to add."""
    ext = crawler.get_extension(ArchiveExtension)
    if ext is None:
        raise CrawlError(
            f"{component} needs the archive: add "
            "'newsarchive.extensions.archive.ArchiveExtension' to the EXTENSIONS setting"
        )
    return ext


def archive_session(crawler: Crawler) -> ArchiveSession:
    """The open archive session of this crawl (for spiders: call it in ``start()`` or later)."""
    return archive_extension(crawler, "this component").opened()
