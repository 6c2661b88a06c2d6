"""``scrapy crawl portal ...`` (and Scrapyd, which runs the same command) with newsarchive's exit statuses.

Scrapy's own ``crawl`` exits 0 whatever the run summary says, so a scheduler cannot see a
failed run. This one exits as ``newsarchive crawl`` does: 3 when the summary says
``failed``, 4 when another run holds the site's lock, 1 for a bad profile, 130 when
interrupted; newsarchive's own errors print one line instead of a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from scrapy.commands import crawl

from ..console import ExitStatus
from ..exceptions import CrawlError, LockHeldError, NewsArchiveError

if TYPE_CHECKING:
    from twisted.python.failure import Failure

__all__ = ["Command", "exit_status"]


def exit_status(summary: dict[str, Any] | None, error: BaseException | None) -> int:
    """The process exit status for a run's summary, or for the error that stopped it from starting."""
    if isinstance(error, LockHeldError):
        return ExitStatus.LOCKED
    if isinstance(error, CrawlError):
        return ExitStatus.CRAWL_FAILED
    if error is not None:
        return ExitStatus.ERROR
    if summary is None:
        return ExitStatus.ERROR
    if summary.get("status") == "failed":
        return ExitStatus.CRAWL_FAILED
    if summary.get("status") == "interrupted":
        return ExitStatus.INTERRUPTED
    return ExitStatus.SUCCESS


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process
        error: list[BaseException] = []

        def ours(exc: BaseException | None) -> bool:
            if isinstance(exc, NewsArchiveError):  # ours: a one-line message, no traceback
                error.append(exc)
                print(f"newsarchive: error: {exc}", file=sys.stderr, flush=True)
                return True
            return False

        def failed(failure: Failure) -> Failure | None:
            return None if ours(failure.value) else failure

        def task_done(task: asyncio.Future[Any]) -> None:
            if not task.cancelled() and not ours(task.exception()) and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]  # not ours: the loop reports it as usual

        crawler = self._create_crawler(args[0])
        running = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(running, asyncio.Future):  # the asyncio reactor
            running.add_done_callback(task_done)
        else:
            running.addErrback(failed)  # type: ignore[attr-defined]  # a Deferred (Twisted's own reactor)
        self.crawler_process.start()
        summary = None
        try:
            from ..extensions.summary import RunSummary

            summary = getattr(crawler.get_extension(RunSummary), "summary", None)
        except RuntimeError:  # the crawl failed before the extension manager was built
            pass
        status = exit_status(summary, error[0] if error else None)
        if summary is None and not error and not self.crawler_process.bootstrap_failed:
            status = ExitStatus.SUCCESS  # another spider than ours: Scrapy's own rule below applies
        if self.crawler_process.bootstrap_failed:
            status = max(status, ExitStatus.ERROR)
        if summary is not None and summary.get("status") == "failed":
            print(
                f"newsarchive: error: {summary.get('site')}: crawl failed: {summary.get('failure')}",
                file=sys.stderr,
                flush=True,
            )
        self.exitcode = int(status)
