"""ArchiveExtension, RunSummary and ProgressLine, each built by get_crawler for a spider without a profile."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newsarchive.archive import SiteLock
from newsarchive.archive.session import JOB_MARKER
from newsarchive.console import Progress
from newsarchive.exceptions import CrawlError, LockHeldError
from newsarchive.extensions.archive import ArchiveExtension, archive_session
from newsarchive.extensions.progress import ProgressLine
from newsarchive.extensions.summary import RunSummary

from .conftest import UserSpider

SUMMARY = "newsarchive.extensions.summary.RunSummary"


def test_archive_opens_on_spider_opened_under_the_spider_name(harness):
    h = harness()
    ext = h.archive
    assert ext.options.site == "mine"  # no profile: the spider's name
    assert ext.session is None
    with pytest.raises(CrawlError, match="not open"):
        archive_session(h.crawler)
    h.open()
    session = archive_session(h.crawler)
    assert session is ext.session
    assert (h.data_dir / "mine" / "state.sqlite").is_file()
    h.close()
    assert session.closed


def test_a_profile_names_the_site(harness):
    class ProfiledSpider(UserSpider):
        profile = SimpleNamespace(name="county")

    assert harness(spidercls=ProfiledSpider).archive.options.site == "county"


def test_archive_holds_the_site_lock_until_closed(harness, tmp_path):
    h = harness()
    with pytest.raises(LockHeldError):
        SiteLock(h.data_dir / "mine").acquire()
    h.open()
    h.close()
    SiteLock(h.data_dir / "mine").acquire().release()  # free again


def test_no_lock_when_the_caller_holds_it(harness):
    h = harness({"NEWSARCHIVE_LOCK": False})
    assert h.archive.lock is None
    with SiteLock(h.data_dir / "mine"):
        h.open()
        h.close()


def test_a_killed_runs_job_directory_is_dropped_and_a_paused_one_kept(harness, tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    (job / JOB_MARKER).write_text("old run")
    (job / "requests.queue").write_text("stale")
    h = harness({"JOBDIR": str(job)})
    assert not (
        job / "requests.queue"
    ).exists()  # a killed run left it: dropped before the scheduler reads it
    assert (job / JOB_MARKER).read_text() == "run1"
    h.open()
    h.close(reason="shutdown")  # paused: the queue stays for the next run
    assert job.is_dir() and not (job / JOB_MARKER).exists()


def test_finished_run_removes_its_job_directory(harness, tmp_path):
    h = harness({"JOBDIR": str(tmp_path / "job")})
    h.open()
    h.close(reason="finished")
    assert not (tmp_path / "job").exists()


def test_archive_that_cannot_open_closes_the_spider(harness, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    h = harness({"NEWSARCHIVE_DATA_DIR": str(blocker), "NEWSARCHIVE_LOCK": False})
    with pytest.raises(CloseSpider) as caught:
        h.archive.spider_opened(h.spider)
    assert caught.value.reason == "archive_unavailable"
    assert h.archive.session is None


def test_components_name_the_missing_extension(harness):
    from newsarchive.pipelines.versions import VersionPipeline

    h = harness({"EXTENSIONS": {}})
    assert h.crawler.get_extension(ArchiveExtension) is None
    with pytest.raises(CrawlError, match="ArchiveExtension"):
        h.build(VersionPipeline)


def test_run_summary_reads_scrapys_status_counts(harness):
    h = harness(
        {"EXTENSIONS": {SUMMARY: 500, "newsarchive.extensions.archive.ArchiveExtension": 100}}
    )
    summary = h.crawler.get_extension(RunSummary)
    assert summary is not None
    h.open()
    h.fetch("http://127.0.0.1/a.html", b"<html><body>a</body></html>")
    stats = h.crawler.stats
    assert stats is not None
    stats.inc_value("downloader/response_status_count/200", 3)
    stats.inc_value("downloader/response_status_count/404", 1)
    stats.inc_value("newsarchive/errors/http_404")
    stats.inc_value("newsarchive/errors")
    h.close()
    result = summary.summary
    assert result is not None
    assert (result["site"], result["run_id"], result["pages"], result["errors"]) == (
        "mine",
        "run1",
        4,
        1,
    )
    assert result["status"] == "ok" and result["warc_files"]
    written = json.loads((h.data_dir / "mine" / "runs" / "run1.json").read_text("utf-8"))
    assert written["pages"] == 4
    assert not [k for k in stats.get_stats() if k.startswith("newsarchive/http_status/")]


def test_run_summary_fails_a_run_that_fetched_nothing(harness):
    h = harness(
        {"EXTENSIONS": {SUMMARY: 500, "newsarchive.extensions.archive.ArchiveExtension": 100}}
    )
    h.open()
    h.close()
    summary = h.crawler.get_extension(RunSummary)
    assert summary is not None and summary.summary is not None
    assert summary.summary["status"] == "failed" and summary.summary["failure"] == "nothing fetched"


def test_progress_line_is_off_unless_asked(harness):
    h = harness()
    with pytest.raises(NotConfigured):
        ProgressLine.from_crawler(h.crawler)


def test_progress_line_counts_scrapys_responses(harness):
    h = harness({"NEWSARCHIVE_PROGRESS": True})
    stream = io.StringIO()
    line = ProgressLine(h.crawler, Progress(stream, "crawl mine", enabled=True))
    stats = h.crawler.stats
    assert stats is not None
    stats.inc_value("downloader/response_status_count/200", 5)
    stats.inc_value("downloader/response_status_count/301", 2)
    stats.inc_value("newsarchive/articles/written", 4)
    line.draw(force=True)
    assert stream.getvalue().startswith("\rcrawl mine: 7 articles=4 errors=0")


class Watcher:
    """Another extension: what it finds of the archive in its own spider_opened and spider_closed."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.seen: list[tuple[str, bool]] = []
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        self.seen.append(("opened", archive_session(self.crawler).closed))

    def closed(self, spider):
        self.seen.append(("closed", archive_session(self.crawler).closed))


def test_other_extensions_find_the_archive_open_at_both_ends(harness):
    h = harness(
        {"EXTENSIONS": {"newsarchive.extensions.archive.ArchiveExtension": 100, Watcher: 500}}
    )
    watcher = h.crawler.get_extension(Watcher)
    assert watcher is not None
    h.open()
    h.close()
    assert watcher.seen == [("opened", False), ("closed", False)]  # open in both handlers
    assert h.archive.session is not None and h.archive.session.closed
