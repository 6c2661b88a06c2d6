"""robots.txt with a size cap and one-line errors (Scrapy's middleware, two behaviours changed).

- A robots.txt is read up to ``NEWSARCHIVE_ROBOTSTXT_MAXSIZE`` bytes (512 KiB; RFC 9309
  asks crawlers to read at least 500 KiB): the download stops there and the rules in that
  prefix apply. A 5 MB robots.txt made a crawl 11x slower and grow to 411 MB.
- A robots.txt that cannot be fetched (no network, refused, timeout) is logged as one line,
  not a traceback; as in Scrapy, the host is then crawled as if it had none.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

__all__ = ["ROBOTS_META", "CappedRobotsTxtMiddleware"]

logger = logging.getLogger(__name__)
ROBOTS_META = "newsarchive_robots"  # request.meta: bytes received so far of this robots.txt
DEFAULT_MAXSIZE = 512 * 1024


class CappedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.maxsize = crawler.settings.getint("NEWSARCHIVE_ROBOTSTXT_MAXSIZE", DEFAULT_MAXSIZE)
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    def headers_received(
        self, headers: Any, body_length: int, request: Request, spider: Any = None
    ) -> None:
        if ROBOTS_META in request.meta and not headers.get(b"Content-Encoding"):
            # plain text: never refused for its declared length; the stream is cut at maxsize below
            request.meta["download_maxsize"] = 0

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        if ROBOTS_META not in request.meta:
            return
        request.meta[ROBOTS_META] += len(data)
        if request.meta[ROBOTS_META] > self.maxsize:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/robotstxt/truncated")
            logger.warning(
                "%s: robots.txt over %d bytes; reading only its first part",
                request.url,
                self.maxsize,
            )
            raise StopDownload(
                fail=False
            )  # the response keeps what arrived: the rules in the prefix apply

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robotsreq = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                # the stream is cut at maxsize (above); a compressed one inflates to 4x at most
                meta={
                    "dont_obey_robotstxt": True,
                    ROBOTS_META: 0,
                    "download_maxsize": 4 * self.maxsize,
                },
                callback=NO_CALLBACK,
            )
            try:
                assert self.crawler.engine is not None
                resp = await self.crawler.engine.download_async(robotsreq)
                if len(resp.body) > self.maxsize:
                    resp = resp.replace(body=resp.body[: self.maxsize])
                await self._parse_robots(resp, netloc, request)
            except Exception as exc:
                if not isinstance(exc, IgnoreRequest):
                    logger.warning(
                        "robots.txt of %s not available (%s: %s); crawling it as if it had none",
                        netloc,
                        type(exc).__name__,
                        exc,
                    )
                self._robots_error(exc, netloc)
            assert self._stats is not None
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)  # type: ignore[no-any-return]
        return parser
