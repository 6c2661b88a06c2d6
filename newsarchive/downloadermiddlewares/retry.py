"""Scrapy's RetryMiddleware with an exponential pause before each retry (5xx, timeouts)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task

__all__ = ["BackoffRetryMiddleware"]


class BackoffRetryMiddleware(RetryMiddleware):
    """Waits ``NEWSARCHIVE_RETRY_BACKOFF_BASE * 2**(n-1)`` seconds (capped) before retry ``n``.

    The pause happens in the middleware, so other requests keep flowing while a
    struggling server gets time to recover.
    """

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Any, spider: Any = None) -> Any:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._pause(result)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Any:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._pause(result)
        return result

    async def _pause(self, retry: Request) -> None:
        tries = int(retry.meta.get("retry_times", 1))
        delay = min(self.backoff_base * (2 ** max(tries - 1, 0)), self.backoff_max)
        if delay > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
