"""One crawl's archive: lock, state store, WARC and JSONL writers, shared by the spider and components."""
from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.utils.misc import build_from_crawler, load_object

from .lock import SiteLock
from .records import RecordWriter
from .state import StateStore
from .warc import WarcArchive, repair_warc

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["JOB_MARKER", "ArchiveSession", "archive_for"]

logger = logging.getLogger(__name__)
JOB_MARKER = "newsarchive.running"


def archive_for(crawler: Crawler) -> ArchiveSession:
    """The crawl's session, opened on first use (from any component's ``from_crawler``)."""
    session = getattr(crawler, "_newsarchive_session", None)
    if session is None:
        session = ArchiveSession(crawler)
        crawler._newsarchive_session = session  # type: ignore[attr-defined]
    return session


class ArchiveSession:
    """Opens ``<data dir>/<site>/``: takes the lock, repairs what a killed run left, opens the writers.

    Closed on ``spider_closed``, after the pipelines and the scheduler are done.
    """

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        spider = crawler.spider
        profile = getattr(spider, "profile", None)
        if profile is None:
            raise RuntimeError("newsarchive components need the 'portal' spider (a spider with .profile)")
        self.crawler = crawler
        self.site: str = profile.name
        self.data_dir = Path(settings.get("NEWSARCHIVE_DATA_DIR") or "data")
        self.site_dir = self.data_dir / self.site
        self.run_id = settings.get("NEWSARCHIVE_RUN_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.started_at = datetime.now(UTC)
        worker = settings.get("NEWSARCHIVE_WORKER_ID")
        self.lock = SiteLock(self.site_dir, worker=worker)  # distributed workers: one lock per worker
        if settings.getbool("NEWSARCHIVE_LOCK", True):
            self.lock.acquire()
        self.log_handler: logging.Handler | None = None
        if settings.getbool("NEWSARCHIVE_LOG_FILE", True):
            self._open_log()
        # distributed workers keep their own state (journal, open WARCs) beside the shared one in Redis
        state_file = self.site_dir / (f"state.{worker}.sqlite" if worker else "state.sqlite")
        self.state = build_from_crawler(load_object(settings.get("NEWSARCHIVE_STATE_STORE") or StateStore),
                                        crawler, state_file)
        self.recovered = self._recover()
        self.warc = WarcArchive(self.data_dir, self.site, max_size=settings.getint("NEWSARCHIVE_WARC_MAX_SIZE"),
                                worker=worker, on_open=self.state.warc_opened, on_close=self.state.warc_closed,
                                operator=settings.get("NEWSARCHIVE_CONTACT"))
        self.records = RecordWriter(self.data_dir, self.site, self.state,
                                    fsync=settings.getbool("NEWSARCHIVE_FSYNC", True), worker=worker)
        self.jobdir = settings.get("JOBDIR")
        self._prepare_jobdir()
        self.closed = False
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @property
    def log_file(self) -> Path:
        return self.site_dir / "logs" / f"{self.run_id}.log"

    def _open_log(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setLevel(self.crawler.settings.get("LOG_FILE_LEVEL") or "INFO")
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        logging.getLogger().addHandler(handler)
        self.log_handler = handler

    def _recover(self) -> dict[str, int]:
        cut = 0
        for name in self.state.open_warcs():
            path = self.data_dir / name
            if path.exists():
                removed = repair_warc(path)
                if removed:
                    logger.warning("%s: a killed run left a torn record; cut %d bytes", name, removed)
                    cut += 1
            self.state.warc_closed(name)
        worker = self.crawler.settings.get("NEWSARCHIVE_WORKER_ID")
        result = RecordWriter(self.data_dir, self.site, self.state, worker=worker).recover()
        result["warc_cut"] = cut
        if any(result.values()):
            logger.warning("recovered after an interrupted run in %s: %s", self.site_dir, result)
        return result

    def _prepare_jobdir(self) -> None:
        """A JOBDIR is resumed only after a clean pause (Ctrl-C, SIGTERM); a killed run's queue is dropped.

        After ``kill -9`` Scrapy's disk queue and seen-requests file may be stale; the
        state store already knows every archived article, so starting the job afresh
        loses nothing and re-downloads no article.
        """
        if not self.jobdir:
            return
        job = Path(self.jobdir)
        if (job / JOB_MARKER).exists():
            logger.warning("%s: left by a killed run; starting the job afresh (the state store has the progress)",
                           job)
            shutil.rmtree(job, ignore_errors=True)
        job.mkdir(parents=True, exist_ok=True)
        (job / JOB_MARKER).write_text(self.run_id, encoding="ascii")

    def close(self, spider: Any = None, reason: str = "finished") -> None:
        if self.closed:
            return
        self.closed = True
        self.warc.close()
        self.records.close()
        self.state.close()
        if self.jobdir:
            job = Path(self.jobdir)
            if reason == "shutdown":
                (job / JOB_MARKER).unlink(missing_ok=True)  # paused: the next run resumes the queue
            else:
                shutil.rmtree(job, ignore_errors=True)       # done: the next run starts from the lists again
        self.lock.release()
        if self.log_handler is not None:
            logging.getLogger().removeHandler(self.log_handler)
            self.log_handler.close()
