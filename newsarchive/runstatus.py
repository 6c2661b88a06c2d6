"""A run that lost work must not report success: write errors and lost shared state fail the run.

Any component calls :func:`fail_run` with a reason; the first reason is kept in the
stats (``newsarchive/run_failure``), logged as one line, and the crawl is closed:
continuing after a full disk only multiplies tracebacks (151 were seen) and pages
that cannot be archived. The run summary then says ``"status": "failed"`` with that
reason, and the CLI (and ``scrapy crawl``) exit non-zero.

``extensions.runstatus.WriteGuard`` (an extension) recognizes write errors that reach Scrapy's
``item_error`` / ``spider_error`` signals: a pipeline or callback that could not write
its JSONL line, WARC record or state row.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["FAILURE_STAT", "add_failure", "fail_run", "is_write_error", "write_atomic"]

logger = logging.getLogger(__name__)
FAILURE_STAT = "newsarchive/run_failure"
_WRITE_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EIO", "EROFS", "EFBIG", "ENOTDIR", "EISDIR", "EACCES")
    if hasattr(errno, name)
)


def is_write_error(exc: BaseException) -> bool:
    """A failed write of the archive (disk full, read-only, I/O error), not a problem of one page."""
    if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
        return True
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return "disk" in text or "readonly" in text or "unable to open" in text
    return False


def add_failure(stats: Any, reason: str) -> None:
    """Add ``reason`` to the run's failure (`` / ``-joined, each reason once, at most three)."""
    current = stats.get_value(FAILURE_STAT) or ""
    if reason in current or current.count(" / ") >= 2:
        return
    stats.set_value(FAILURE_STAT, f"{current} / {reason}" if current else reason)


def fail_run(crawler: Crawler, reason: str, *, close_reason: str = "failed") -> None:
    """Record why the run failed (added to any earlier reason) and close the crawl."""
    if crawler.stats is not None:
        add_failure(crawler.stats, reason)
    if getattr(crawler, "_newsarchive_failing", False):
        return
    crawler._newsarchive_failing = True  # type: ignore[attr-defined]
    logger.error("stopping the crawl: %s", reason)
    engine = crawler.engine
    if engine is not None and getattr(engine, "running", False):
        from twisted.internet import reactor

        # from the reactor's next turn: callers may be inside the engine's own call chain
        reactor.callLater(0, _close, crawler, close_reason)  # type: ignore[attr-defined,arg-type]


def _close(crawler: Crawler, reason: str) -> None:
    from scrapy.utils.defer import deferred_from_coro

    engine = crawler.engine
    if engine is not None and getattr(engine, "running", False) and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, fsync, rename: readers see all of it or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
