"""Write the run summary (pages, new, updated, errors, duration) to <site>/runs/<run id>.json."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals

from ..archive.session import archive_for
from ..jsonl import dumps

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["RunSummary", "summarize"]


def summarize(stats: dict[str, Any], *, site: str, run_id: str, started_at: datetime, data_dir: str,
              reason: str, max_error_rate: float, log_file: str | None, warc_files: list[str]) -> dict[str, Any]:
    """The run's figures from Scrapy's stats, and whether the run counts as failed."""
    def n(key: str) -> int:
        return int(stats.get(f"newsarchive/{key}", 0) or 0)

    finished = datetime.now(UTC)
    fetched = sum(int(v) for k, v in stats.items() if k.startswith("newsarchive/http_status/"))
    ok = sum(int(v) for k, v in stats.items()
             if k.startswith("newsarchive/http_status/") and int(k.rsplit("/", 1)[1]) < 400)
    errors = n("errors") + n("extraction_errors")
    http_errors = sum(int(v) for k, v in stats.items() if k.startswith("newsarchive/errors/http_"))
    attempts = fetched + max(n("errors") - http_errors, 0)  # responses, plus fetches that got none
    error_rate = round(errors / attempts, 4) if attempts else 0.0
    failure = None
    if ok == 0 and not n("distributed/frontier_done"):  # a distributed worker may find the work all done
        failure = "nothing fetched"
    elif error_rate > max_error_rate:
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
        "ignored_requests": n("requests/ignored"),
        "warc_records": n("warc_records"),
        "templates": {k.rsplit("/", 1)[1]: int(v) for k, v in sorted(stats.items())
                      if k.startswith("newsarchive/templates/")},
        "warc_files": warc_files,
        "data_dir": data_dir,
        "log_file": log_file,
        "status": "failed" if failure else ("interrupted" if reason == "shutdown" else "ok"),
        "failure": failure,
    }


class RunSummary:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.summary: dict[str, Any] | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        ext = cls(crawler)
        crawler._newsarchive_summary = ext  # type: ignore[attr-defined]  # the CLI reads it after the run
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.session = archive_for(self.crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        session = archive_for(self.crawler)
        assert self.crawler.stats is not None
        log_file = session.log_file if session.log_handler is not None else None
        self.summary = summarize(
            self.crawler.stats.get_stats(), site=session.site, run_id=session.run_id,
            started_at=session.started_at, data_dir=str(session.data_dir), reason=reason,
            max_error_rate=self.crawler.settings.getfloat("NEWSARCHIVE_MAX_ERROR_RATE", 0.25),
            log_file=str(log_file) if log_file else None, warc_files=list(session.warc.files))
        path = session.site_dir / "runs" / f"{session.run_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(self.summary, pretty=True) + "\n", encoding="utf-8")
        self.summary["summary_file"] = str(path)
        spider.logger.info("run summary: %s", dumps(self.summary))
