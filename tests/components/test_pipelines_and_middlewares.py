"""Each pipeline and downloader middleware built by get_crawler, fed by hand, for a spider without a profile."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from newsarchive import extract
from newsarchive.downloadermiddlewares import retry as retry_module
from newsarchive.downloadermiddlewares.archive import FETCHED_META, WARC_META
from newsarchive.downloadermiddlewares.retry import BackoffRetryMiddleware
from newsarchive.exceptions import CrawlError
from newsarchive.pipelines.items import CrawledArticle
from newsarchive.pipelines.jsonl import JsonlWriterPipeline
from newsarchive.pipelines.validate import SchemaValidationPipeline
from newsarchive.pipelines.versions import VersionPipeline

from .conftest import NOW, article_html

URL = "http://127.0.0.1/news/2026/1130/1.html"


def item_for(h, body: bytes, url: str = URL) -> CrawledArticle:
    response = h.fetch(url, body)
    return CrawledArticle.from_response(response, extract(response.body, response.url, now=NOW))


def run_pipelines(h, item: Any) -> Any:
    for cls in (VersionPipeline, SchemaValidationPipeline, JsonlWriterPipeline):
        item = h.build(cls).process_item(item)
    return item


def jsonl_lines(h) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for p in sorted((h.data_dir / "mine" / "articles").glob("*.jsonl"))
        for line in p.read_text("utf-8").splitlines()
    ]


# -- WarcArchiveMiddleware ------------------------------------------------------------------------------------
def test_warc_middleware_archives_the_response_and_marks_the_request(harness):
    h = harness()
    h.open()
    response = h.fetch(
        URL, b"<html><body>hello</body></html>", headers={"Content-Type": "text/html"}
    )
    location = response.meta[WARC_META]
    assert response.meta[FETCHED_META].tzinfo is not None
    with open(h.data_dir / location.file, "rb") as fh:
        fh.seek(location.offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == URL
        assert record.content_stream().read() == b"<html><body>hello</body></html>"
    assert h.stat("newsarchive/warc_records") == 1
    assert not [
        k for k in h.crawler.stats.get_stats() if "http_status" in k
    ]  # Scrapy counts statuses


def test_warc_middleware_notes_non_article_fetches_in_the_state(harness):
    h = harness()
    h.open()
    h.fetch("http://127.0.0.1/list/index.html", b"<html></html>", kind="list")
    h.fetch("http://127.0.0.1/missing.html", b"gone", status=404)
    state = h.archive.opened().state
    listed, missing = (
        state.get("http://127.0.0.1/list/index.html"),
        state.get("http://127.0.0.1/missing.html"),
    )
    assert listed is not None and (listed.kind, listed.status, listed.error) == ("list", 200, None)
    assert missing is not None and (missing.kind, missing.status, missing.error) == (
        "other",
        404,
        "HTTP 404",
    )


def test_item_needs_an_archived_response():
    response = HtmlResponse(URL, body=article_html(), request=Request(URL))
    with pytest.raises(CrawlError, match="WarcArchiveMiddleware"):
        CrawledArticle.from_response(response, extract(response.body, URL))


# -- BackoffRetryMiddleware -----------------------------------------------------------------------------------
class _Done:
    def __await__(self) -> Iterator[None]:
        return iter(())


def test_retry_waits_longer_before_each_retry(harness, monkeypatch):
    h = harness(
        {
            "NEWSARCHIVE_RETRY_BACKOFF_BASE": 1.5,
            "NEWSARCHIVE_RETRY_BACKOFF_MAX": 4.0,
            "RETRY_TIMES": 5,
        }
    )
    delays: list[float] = []
    monkeypatch.setattr(retry_module.task, "deferLater", lambda _r, delay, _f: delays.append(delay))
    monkeypatch.setattr(retry_module, "maybe_deferred_to_future", lambda _d: _Done())
    mw = h.build(BackoffRetryMiddleware)
    request = Request(URL)
    for _ in range(4):
        coro = mw.process_response(
            request, HtmlResponse(URL, status=503, body=b"", request=request)
        )
        with pytest.raises(StopIteration) as done:
            coro.send(None)
        request = done.value.value
        assert isinstance(request, Request)
    assert delays == [1.5, 3.0, 4.0, 4.0]  # doubled each time, capped
    ok = mw.process_response(request, HtmlResponse(URL, status=200, body=b"", request=request))
    with pytest.raises(StopIteration) as done:
        ok.send(None)
    assert isinstance(done.value.value, HtmlResponse)


# -- pipelines ------------------------------------------------------------------------------------------------
def test_version_pipeline_numbers_captures_and_drops_unchanged_ones(harness):
    h = harness()
    h.open()
    first = run_pipelines(h, item_for(h, article_html()))
    assert (first["version"], first["previous_hash"], first["site"]) == (1, None, "mine")
    with pytest.raises(DropItem, match="unchanged"):
        h.build(VersionPipeline).process_item(item_for(h, article_html()))
    assert h.stat("newsarchive/articles/unchanged") == 1
    second = run_pipelines(
        h, item_for(h, article_html(paragraph="内容有了更新，这是修改以后的段落文字。"))
    )
    assert (second["version"], second["previous_hash"]) == (2, first["content_hash"])


def test_version_pipeline_finds_an_article_archived_under_an_alias(harness):
    h = harness()
    h.open()
    run_pipelines(h, item_for(h, article_html(), url="http://127.0.0.1/old.html"))
    item = item_for(h, article_html(), url="http://127.0.0.1/new.html")
    item.aliases = ["http://127.0.0.1/old.html"]
    with pytest.raises(DropItem, match="unchanged"):
        h.build(VersionPipeline).process_item(item)


def test_validation_pipeline_drops_a_record_off_the_schema(harness):
    h = harness()
    h.open()
    item = h.build(VersionPipeline).process_item(item_for(h, article_html()))
    assert h.build(SchemaValidationPipeline).process_item(item) is item
    item.record["title"] = 42
    with pytest.raises(DropItem, match="field=title"):
        h.build(SchemaValidationPipeline).process_item(item)
    assert h.stat("newsarchive/invalid_records") == 1


def test_validation_can_be_switched_off(harness):
    with pytest.raises(NotConfigured):
        SchemaValidationPipeline.from_crawler(harness({"NEWSARCHIVE_VALIDATE": False}).crawler)


def test_writer_files_the_record_and_commits_it(harness):
    h = harness()
    h.open()
    record = run_pipelines(h, item_for(h, article_html()))
    assert jsonl_lines(h) == [record]
    assert (h.data_dir / "mine" / "articles" / "2026-11.jsonl").is_file()
    known = h.archive.opened().state.get(URL)
    assert known is not None and (known.version, known.content_hash) == (1, record["content_hash"])
    assert (h.stat("newsarchive/articles/written"), h.stat("newsarchive/articles/new")) == (1, 1)


@pytest.mark.parametrize("cls", [VersionPipeline, SchemaValidationPipeline, JsonlWriterPipeline])
def test_pipelines_pass_other_items_through(harness, cls):
    h = harness()
    h.open()
    other = {"kind": "the user's own item"}
    assert h.build(cls).process_item(other) is other
    assert not (h.data_dir / "mine" / "articles").exists()


def test_writer_with_group_commit_counts_what_is_durable_and_versions_see_the_queue(harness):
    h = harness({"NEWSARCHIVE_COMMIT_BATCH": 10, "NEWSARCHIVE_COMMIT_SECONDS": 0})
    h.open()
    writer = h.build(JsonlWriterPipeline)
    writer.open_spider()
    first = run_pipelines(h, item_for(h, article_html()))
    assert jsonl_lines(h) == [] and h.stat("newsarchive/articles/written") is None  # queued
    # the same article by another URL, while the first is still queued: unchanged, not a 2nd version 1
    item = item_for(h, article_html(), url="http://127.0.0.1/other.html")
    item.aliases = [URL]
    with pytest.raises(DropItem, match="unchanged"):
        h.build(VersionPipeline).process_item(item)
    assert jsonl_lines(h) == [first]  # the version check made the queue durable first
    writer.close_spider()
    assert h.stat("newsarchive/articles/written") == 1 and h.stat("newsarchive/articles/new") == 1
