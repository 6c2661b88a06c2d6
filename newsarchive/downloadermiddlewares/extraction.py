"""Extract pages off the event loop (``newsarchive.extractpool``) as their responses arrive.

Every page the spider gives to the engine (article pages, start pages, probed links), and list
pages' link discovery. The result rides on ``request.meta`` to the spider's callback
(:func:`extraction_of`), so a slow page no longer stops other downloads. Sits below the decompression and
redirect middlewares: it sees the final, decoded response of the request.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from ..extensions.templates import induced_job
from ..extractpool import ExtractionPool, Outcome, default_processes, over_budget_article
from ..links import PageLinks
from ..sites import SiteProfile

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["EXTRACTED_META", "LINKS_META", "OffLoopExtraction", "extraction_of", "links_of"]

logger = logging.getLogger(__name__)
EXTRACTED_META = "newsarchive_extracted"
LINKS_META = "newsarchive_links"  # a list page's links, found in the pool (links_of)
# the spider's requests the engine judges. A page reached under two addresses at once (a mobile copy
# naming the original by rel=canonical) is fetched twice whatever runs where: the second capture is
# dropped as unchanged (VersionPipeline) and reextract counts it as a recapture (_article_key)
_ENGINE_KINDS = frozenset(("article", "start", "probe"))


def extraction_of(response: Response) -> Outcome | None:
    """The pool's reading of this response (``article``, ``rules``, how it was made); None when it
    was not extracted off the loop (run it inline).

    Raises the ExtractionError the worker raised; a page over budget gives a record with a warning.
    """
    outcome: Outcome | None = response.meta.get(EXTRACTED_META)
    if outcome is None:
        return None
    if outcome.over_budget:
        article = over_budget_article(
            response.url, outcome.over_budget, f"stopped after {outcome.seconds:.1f} s"
        )
        return Outcome(article=article, over_budget=outcome.over_budget, seconds=outcome.seconds)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.article is not None
    return outcome


def links_of(response: Response) -> PageLinks | None:
    """A list page's links found off the loop; None when they were not (find them inline)."""
    outcome: Outcome | None = response.meta.get(LINKS_META)
    if outcome is None or outcome.links is None:
        if outcome is not None and outcome.over_budget:
            return PageLinks()  # over the time or memory budget: followed no further, counted
        return None
    return outcome.links


class OffLoopExtraction:
    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSARCHIVE_EXTRACT_OFFLOOP", True):
            raise NotConfigured("NEWSARCHIVE_EXTRACT_OFFLOOP is off")
        self.crawler = crawler
        processes = settings.getint("NEWSARCHIVE_EXTRACT_PROCESSES") or default_processes()
        self.pool = ExtractionPool(
            processes=processes,
            timeout=settings.getfloat("NEWSARCHIVE_EXTRACT_TIMEOUT", 30.0),
            memory=settings.getint("NEWSARCHIVE_EXTRACT_MEMORY", 2 * 1024**3),
        )
        self.threads = ThreadPool(minthreads=0, maxthreads=processes, name="newsarchive-extract")
        self.threads.start()
        crawler.signals.connect(self.closed, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffLoopExtraction:
        return cls(crawler)

    async def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        kind = request.meta.get("newsarchive_kind")
        if response.status != 200 or not isinstance(response, TextResponse):
            return response
        if kind == "list":
            request.meta[LINKS_META] = await self._links(response)
            return response  # the spider's parse_list reads them (links_of)
        if kind not in _ENGINE_KINDS:
            return response
        spider = self.crawler.spider
        profile = getattr(spider, "profile", None)
        content_type = response.headers.get(b"Content-Type")
        kwargs: dict[str, Any] = {
            "now": datetime.now(UTC),
            "content_type": content_type.decode("latin-1") if content_type else None,
            "profile": getattr(profile, "extract", None),
            "timezone": getattr(profile, "timezone", None),
            # a page of a template with an induced profile is read by it (generic when it does not fit)
            "induced": induced_job(spider, response.body, response.url),
        }
        outcome = await self._run(response, **kwargs)
        self._over_budget(outcome, response.url)
        request.meta[EXTRACTED_META] = outcome
        return response

    async def _run(self, response: Response, **kwargs: Any) -> Outcome:
        from twisted.internet import reactor

        deferred = threads.deferToThreadPool(
            reactor,
            self.threads,
            self.pool.run,  # type: ignore[arg-type]
            response.body,
            response.url,
            **kwargs,
        )
        outcome: Outcome = await maybe_deferred_to_future(deferred)
        return outcome

    async def _links(self, response: Response) -> Outcome | None:
        """A list page's links, found in the pool; None when the spider must find them itself."""
        spider = self.crawler.spider
        profile = getattr(spider, "profile", None)
        if not isinstance(profile, SiteProfile):
            return None
        content_type = response.headers.get(b"Content-Type")
        try:
            outcome = await self._run(
                response,
                task="links",
                # the settings table is a read-only mapping, which does not pickle; links do not read it
                profile=replace(profile, settings={}),
                content_type=content_type.decode("latin-1") if content_type else None,
                patterns=getattr(spider, "patterns", None),
            )
        except Exception as exc:  # the job could not be sent (pickling): the spider finds the links
            logger.warning("links of %s not found off the loop: %s", response.url, exc)
            return None
        self._over_budget(outcome, response.url, "links not followed")
        return outcome

    def _over_budget(
        self, outcome: Outcome, url: str, consequence: str = "archived; recorded with a warning"
    ) -> None:
        if outcome.over_budget:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(
                f"newsarchive/extraction/over_budget/{outcome.over_budget}"
            )
            logger.warning(
                "extraction over the %s budget after %.1f s: %s (%s)",
                outcome.over_budget,
                outcome.seconds,
                url,
                consequence,
            )

    def closed(self) -> None:
        self.pool.close()
        self.threads.stop()
