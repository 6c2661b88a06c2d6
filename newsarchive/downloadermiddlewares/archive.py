"""Archive every response (and its request) to WARC, and note each fetch in the state store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from ..extensions.archive import archive_extension
from ..extensions.runstatus import fail_run, is_write_error
from ..links import canonicalize_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["FETCHED_META", "WARC_META", "WarcArchiveMiddleware"]

WARC_META = "newsarchive_warc"  # request.meta key: WarcLocation of the response record
FETCHED_META = "newsarchive_fetched"  # request.meta key: UTC fetch time (datetime)


class WarcArchiveMiddleware:
    """Sits next to the downloader: sees raw responses, redirects and errors included, before anything else.

    A page's WARC records are built (digests, gzip) and appended in one writer thread, off the
    event loop; the response goes on once they are in the file (flushed), as before. Rotations
    stay on the reactor's thread (:meth:`WarcArchive.ensure_room`), which alone talks to the state store.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.archive = archive_extension(crawler, "WarcArchiveMiddleware")
        self.stats = crawler.stats
        self.threads: ThreadPool | None = None
        if crawler.settings.getbool("NEWSARCHIVE_WARC_THREAD", True):
            self.threads = ThreadPool(minthreads=0, maxthreads=1, name="newsarchive-warc")
            self.threads.start()
            crawler.signals.connect(self.threads.stop, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        return cls(crawler)

    async def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        fetched = datetime.now(UTC)
        try:
            session = self.archive.opened()
            session.warc.ensure_room()
            location = await self._write(session.warc, request, response, fetched)
        except OSError as exc:
            if not is_write_error(exc):
                raise
            fail_run(
                self.crawler, f"write error: {exc}", close_reason="write_error"
            )  # disk full: stop, fail
            raise IgnoreRequest(f"not archived: {exc}") from None
        request.meta[WARC_META] = location
        request.meta[FETCHED_META] = fetched
        assert self.stats is not None
        self.stats.inc_value(
            "newsarchive/warc_records"
        )  # statuses: Scrapy's downloader/response_status_count/*
        if request.meta.get("newsarchive_kind") != "article" or response.status >= 300:
            # article validators are stored by the writer, only once the record is durable
            session.state.record_fetch(
                canonicalize_url(response.url),
                kind=request.meta.get("newsarchive_kind", "other"),
                status=response.status,
                error=None if response.status < 400 else f"HTTP {response.status}",
            )
        return response

    async def _write(
        self, warc: Any, request: Request, response: Response, fetched: datetime
    ) -> Any:
        """The page's records, built and appended in the writer thread; where they landed."""
        kwargs = {
            "status": response.status,
            "reason": _reason(response.status),
            "response_headers": _pairs(response.headers),
            "body": response.body,
            "method": request.method,
            "request_headers": _pairs(request.headers),
            "request_body": request.body,
            "protocol": _protocol(response),
            "ip": str(response.ip_address) if response.ip_address else None,
            "fetched_at": fetched,
        }
        if self.threads is None:  # NEWSARCHIVE_WARC_THREAD off: here, on the loop
            return _archive(warc, response.url, **kwargs)
        from twisted.internet import reactor

        deferred = threads.deferToThreadPool(
            reactor,
            self.threads,
            _archive,  # type: ignore[arg-type]
            warc,
            response.url,
            **kwargs,
        )
        return await maybe_deferred_to_future(deferred)


def _archive(warc: Any, url: str, **kwargs: Any) -> Any:
    """Build and append one page's records (``WarcArchive.build``, ``.append``): a ``WarcLocation``."""
    return warc.append(*warc.build(url, **kwargs))


def _pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    out = []
    for key, values in headers.items():
        for value in values:
            out.append((key, value))
    return out


def _protocol(response: Response) -> str:
    proto = getattr(response, "protocol", None) or "HTTP/1.1"
    return proto.upper() if proto.lower().startswith("http/") else "HTTP/1.1"


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
