"""Components built the way Scrapy builds them: ``get_crawler`` with settings, then ``build_from_crawler``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsarchive.extensions.archive import ArchiveExtension

ARCHIVE = "newsarchive.extensions.archive.ArchiveExtension"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class UserSpider(Spider):
    """A spider of someone else's project: no ``.profile``."""

    name = "mine"


def article_html(
    title: str = "县里召开工作会议",
    paragraph: str = "会议强调，要把各项工作落到实处，确保取得实效。",
) -> bytes:
    body = "".join(f"<p>第{i}段：{paragraph}</p>" for i in range(4))
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div>2026-11-30 08:00 来源：县融媒体中心</div><div id='content'>{body}</div></body></html>"
    ).encode()


class Harness:
    """One crawler with newsarchive's settings for a user spider, opened and closed through its signals."""

    def __init__(
        self,
        tmp_path: Path,
        settings: dict[str, Any] | None = None,
        spidercls: type[Spider] = UserSpider,
    ):
        self.data_dir = tmp_path / "data"
        base = {
            "NEWSARCHIVE_DATA_DIR": str(self.data_dir),
            "NEWSARCHIVE_FSYNC": False,
            "NEWSARCHIVE_LOG_FILE": False,
            "NEWSARCHIVE_RUN_ID": "run1",
            "NEWSARCHIVE_WARC_THREAD": False,  # no reactor runs here: records built inline
            "EXTENSIONS": {ARCHIVE: 100},
        }
        self.crawler: Crawler = get_crawler(spidercls, {**base, **(settings or {})})
        self.spider = spidercls.from_crawler(self.crawler)
        self.crawler.spider = self.spider  # as Crawler.crawl() does
        self.opened = False

    @property
    def archive(self) -> ArchiveExtension:
        ext = self.crawler.get_extension(ArchiveExtension)
        assert ext is not None
        return ext

    def build(self, cls: type) -> Any:
        from scrapy.utils.misc import build_from_crawler

        return build_from_crawler(cls, self.crawler)

    def open(self) -> None:
        self.opened = True
        self.crawler.signals.send_catch_log(signals.spider_opened, spider=self.spider)

    def close(self, reason: str = "finished") -> None:
        self.crawler.signals.send_catch_log(
            signals.spider_closed, spider=self.spider, reason=reason
        )

    def stat(self, key: str) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats.get_value(key)

    def fetch(
        self,
        url: str,
        body: bytes,
        *,
        status: int = 200,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> HtmlResponse:
        """A response as the WARC middleware hands it on (archived, meta filled)."""
        from newsarchive.downloadermiddlewares.archive import WarcArchiveMiddleware

        if self._mw is None:
            self._mw = self.build(WarcArchiveMiddleware)
        request = Request(url, meta={"newsarchive_kind": kind} if kind else {})
        response = HtmlResponse(
            url, status=status, body=body, headers=headers or {}, request=request
        )
        # a coroutine that never waits with the writer thread off: run it to its end here
        with pytest.raises(StopIteration) as done:
            self._mw.process_response(request, response).send(None)
        archived: HtmlResponse = done.value.value
        return archived

    _mw: Any = None


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    made: list[Harness] = []

    def make(
        settings: dict[str, Any] | None = None, spidercls: type[Spider] = UserSpider
    ) -> Harness:
        h = Harness(tmp_path, settings, spidercls)
        made.append(h)
        return h

    yield make
    for (
        h
    ) in made:  # free locks and files even when a test failed half-way (closing twice is harmless)
        if h.opened:
            h.close()
        elif h.crawler.get_extension(ArchiveExtension) is not None:
            h.archive.spider_closed(h.spider, "finished")
