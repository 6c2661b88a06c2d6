"""Write the run summary (pages, new, updated, errors, dead links, duration) to <site>/runs/<run id>.json.

The error rate counts failed fetches of pages that exist (network errors, 5xx after
retries, other HTTP errors, extraction crashes); links to pages that do not exist (404,
410) are ``dead_links``, as the live site has them too. A start URL that fails is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals

from ..jsonl import dumps
from .archive import archive_extension
from .runstatus import FAILURE_STAT, write_atomic

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["RunSummary", "response_statuses", "summarize"]

STATUS_PREFIX = (
    "downloader/response_status_count/"  # Scrapy's DownloaderStats: every response, by status
)


def response_statuses(stats: dict[str, Any]) -> dict[int, int]:
    """Responses received, by HTTP status, as Scrapy's own downloader stats count them."""
    return {
        int(k[len(STATUS_PREFIX) :]): int(v)
        for k, v in stats.items()
        if k.startswith(STATUS_PREFIX) and k[len(STATUS_PREFIX) :].isdigit()
    }


EMPTY_LISTS_WARN = 20  # list items seen with no article archived: what a portal redesign looks like


def _warnings(n: Callable[[str], int]) -> list[str]:
    archived = (
        n("articles/new")
        + n("articles/updated")
        + n("articles/unchanged")
        + n("articles/not_modified")
        + n("articles/skipped_known")
        + n("articles/skipped_old")
    )
    out = []
    if n("lists/items") >= EMPTY_LISTS_WARN and archived == 0:
        out.append(
            f"no articles: the lists showed {n('lists/items')} items but no article was archived "
            "(a redesigned portal? see the page_type and rule counts in the log)"
        )
    if n("probes/over_budget"):
        out.append(
            f"{n('probes/over_budget')} unclassified links left unjudged: the probe budget "
            "(NEWSARCHIVE_PROBE_BUDGET) ran out"
        )
    return out


# always shown, 0 included: a run that learned nothing says so rather than leaving the key out
TEMPLATE_COUNTERS = (
    "induced",  # profiles induced in this run
    "loaded",  # profiles read from <site>/profiles
    "pages_by_profile",
    "pages_generic",  # read by the generic engine (learning, no profile, or not fitting)
    "pages_not_fitting",  # a profile existed but no longer fit the page
    "audits",
    "profiles_retired",
    "records_brought_up",  # records rebuilt with their template's profile at run end
)


def _templates(stats: dict[str, Any]) -> dict[str, int]:
    """The template counters (``newsarchive/templates/*``): the fixed ones at 0 when absent, then any others."""
    out = dict.fromkeys(TEMPLATE_COUNTERS, 0)
    for key, value in sorted(stats.items()):
        if key.startswith("newsarchive/templates/"):
            out[key.rsplit("/", 1)[1]] = int(value)
    return out


def summarize(
    stats: dict[str, Any],
    *,
    site: str,
    run_id: str,
    started_at: datetime,
    data_dir: str,
    reason: str,
    max_error_rate: float,
    log_file: str | None,
    warc_files: list[str],
) -> dict[str, Any]:
    """The run's figures from Scrapy's stats, and whether the run counts as failed."""

    def n(key: str) -> int:
        return int(stats.get(f"newsarchive/{key}", 0) or 0)

    finished = datetime.now(UTC)
    statuses = response_statuses(stats)
    fetched = sum(statuses.values())
    ok = sum(count for status, count in statuses.items() if status < 400)
    errors = n("errors") + n("extraction_errors")
    http_errors = sum(int(v) for k, v in stats.items() if k.startswith("newsarchive/errors/http_"))
    # responses from pages that exist, plus fetches that got no response
    attempts = fetched - n("dead_links") + max(n("errors") - http_errors, 0)
    error_rate = round(errors / attempts, 4) if attempts else 0.0
    failure = stats.get(FAILURE_STAT)  # a write error, lost Redis ... (extensions/runstatus.py)
    if (
        failure is None and ok == 0 and not n("distributed/frontier_done")
    ):  # a worker may find all done
        failure = "nothing fetched"
    elif failure is None and error_rate > max_error_rate:
        failure = f"error rate {error_rate:.0%} over the threshold {max_error_rate:.0%}"
    return {
        "site": site,
        "run_id": run_id,
        "started_at": started_at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "finished_at": finished.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "duration_s": round((finished - started_at).total_seconds(), 2),
        "finish_reason": reason,
        "pages": fetched,
        "list_pages": n("pages/list"),
        "articles_new": n("articles/new"),
        "articles_updated": n("articles/updated"),
        "articles_unchanged": n("articles/unchanged") + n("articles/not_modified"),
        "articles_skipped_known": n("articles/skipped_known"),
        "articles_skipped_old": n("articles/skipped_old"),
        "errors": errors,
        "error_rate": error_rate,
        "dead_links": n("dead_links"),
        "list_items": n("lists/items"),
        "probes": n("probes/requested"),
        "warnings": _warnings(n),
        "ignored_requests": n("requests/ignored"),
        "offsite_blocked": n("offsite/blocked"),
        "traps_avoided": n("traps/date_window") + n("traps/list_pages"),
        "extraction_over_budget": n("extraction/over_budget/time")
        + n("extraction/over_budget/memory"),
        "warc_records": n("warc_records"),
        "templates": _templates(stats),
        "warc_files": warc_files,
        "data_dir": data_dir,
        "log_file": log_file,
        "status": "failed" if failure else ("interrupted" if reason == "shutdown" else "ok"),
        "failure": failure,
    }


class RunSummary:
    """Writes the summary on ``spider_closed``; the CLI reads ``crawler.get_extension(RunSummary).summary``.

    Needs :class:`~newsarchive.extensions.archive.ArchiveExtension` (site, run id, WARC files).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.summary: dict[str, Any] | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        archive = archive_extension(self.crawler, "RunSummary")
        options, session = archive.options, archive.session
        assert self.crawler.stats is not None
        log_file = (
            session.log_file if session is not None and session.log_handler is not None else None
        )
        self.summary = summarize(
            self.crawler.stats.get_stats(),
            site=options.site,
            run_id=options.run_id,
            started_at=session.started_at if session is not None else archive.created_at,
            data_dir=str(options.data_dir),
            reason=reason,
            max_error_rate=self.crawler.settings.getfloat("NEWSARCHIVE_MAX_ERROR_RATE", 0.25),
            log_file=str(log_file) if log_file else None,
            warc_files=list(session.warc.files) if session is not None else [],
        )
        path = options.site_dir / "runs" / f"{options.run_id}.json"
        try:
            write_atomic(path, dumps(self.summary, pretty=True) + "\n")
            self.summary["summary_file"] = str(path)
        except OSError as exc:  # a full disk: the printed summary must not say ok
            self.summary.update(
                status="failed",
                failure=f"write error: run summary {path}: {exc}",
                summary_file=None,
            )
            spider.logger.error("could not write the run summary %s: %s", path, exc)
        spider.logger.info("run summary: %s", dumps(self.summary))
