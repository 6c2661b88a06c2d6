"""One crawl's archive: state store, WARC and JSONL writers, run log; repairs what a killed run left.

No Scrapy here: :class:`newsarchive.extensions.archive.ArchiveExtension` reads the
settings, builds the state store and opens an :class:`ArchiveSession` when the spider opens.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .records import RecordWriter
from .state import StateStore
from .warc import WarcArchive, repair_warc

__all__ = ["JOB_MARKER", "ArchiveSession", "SessionOptions", "finish_jobdir", "prepare_jobdir"]

logger = logging.getLogger(__name__)
JOB_MARKER = "newsarchive.running"


@dataclass(frozen=True)
class SessionOptions:
    """Where and how one crawl archives: ``<data_dir>/<site>/`` and the writers' knobs."""

    data_dir: Path
    site: str
    run_id: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
    worker: str | None = None  # distributed workers: suffix for WARC, JSONL, state and lock files
    warc_max_size: int = 1024**3
    fsync: bool = True
    commit_batch: int = 1  # JSONL records made durable together (group commit; see RecordWriter)
    operator: str | None = None  # WARC warcinfo: who runs the crawl
    log_file: bool = True  # also log to <site>/logs/<run id>.log
    log_level: str = "INFO"

    @property
    def site_dir(self) -> Path:
        return self.data_dir / self.site

    @property
    def state_file(self) -> Path:
        # distributed workers keep their own state (journal, open WARCs) beside the shared one in Redis
        return self.site_dir / (f"state.{self.worker}.sqlite" if self.worker else "state.sqlite")

    @property
    def log_path(self) -> Path:
        return self.site_dir / "logs" / f"{self.run_id}.log"


class ArchiveSession:
    """Opens ``<data dir>/<site>/``: repairs what a killed run left, then opens the writers.

    The caller holds the site lock (:class:`~newsarchive.archive.SiteLock`) for as long as the session is open.
    """

    def __init__(
        self, options: SessionOptions, open_state: Callable[[Path], StateStore] = StateStore
    ):
        self.options = options
        self.site = options.site
        self.data_dir = options.data_dir
        self.site_dir = options.site_dir
        self.run_id = options.run_id
        self.started_at = datetime.now(UTC)
        self.log_handler: logging.Handler | None = None
        if options.log_file:
            self._open_log()  # first, so what opening the state store logs lands in the run's log too
        try:
            self.state = state = open_state(options.state_file)
            self.recovered = self._recover()
        except BaseException:
            self._close_log()
            raise
        self.warc = WarcArchive(
            self.data_dir,
            self.site,
            max_size=options.warc_max_size,
            worker=options.worker,
            on_open=state.warc_opened,
            on_close=state.warc_closed,
            operator=options.operator,
        )
        self.records = RecordWriter(
            self.data_dir,
            self.site,
            state,
            fsync=options.fsync,
            worker=options.worker,
            batch=options.commit_batch,
            before_sync=self.warc.sync,  # a record never points at a WARC record not yet durable
        )
        self.closed = False

    @property
    def log_file(self) -> Path:
        return self.options.log_path

    def _open_log(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setLevel(self.options.log_level)
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
                    logger.warning(
                        "%s: a killed run left a torn record; cut %d bytes", name, removed
                    )
                    cut += 1
            self.state.warc_closed(name)
        result = RecordWriter(
            self.data_dir, self.site, self.state, worker=self.options.worker
        ).recover()
        result["warc_cut"] = cut
        if any(result.values()):
            logger.warning("recovered after an interrupted run in %s: %s", self.site_dir, result)
        return result

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.records.close()  # queued records first: their WARC records are synced before them
        finally:
            self.warc.close()
            self.state.close()
            self._close_log()

    def _close_log(self) -> None:
        if self.log_handler is not None:
            logging.getLogger().removeHandler(self.log_handler)
            self.log_handler.close()


def prepare_jobdir(jobdir: Path, run_id: str) -> None:
    """A job directory is resumed only after a clean pause (Ctrl-C, SIGTERM); a killed run's queue is dropped.

    After ``kill -9`` Scrapy's disk queue and seen-requests file may be stale; the
    state store already knows every archived article, so starting the job afresh
    loses nothing and re-downloads no article.
    """
    if (jobdir / JOB_MARKER).exists():
        logger.warning(
            "%s: left by a killed run; starting the job afresh (the state store has the progress)",
            jobdir,
        )
        shutil.rmtree(jobdir, ignore_errors=True)
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / JOB_MARKER).write_text(run_id, encoding="ascii")


def finish_jobdir(jobdir: Path, reason: str) -> None:
    """Paused (``shutdown``): keep the queue for the next run. Done: the next run starts from the lists again."""
    if reason == "shutdown":
        (jobdir / JOB_MARKER).unlink(missing_ok=True)
    else:
        shutil.rmtree(jobdir, ignore_errors=True)
