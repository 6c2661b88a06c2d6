"""Keep every request on the crawl's hosts and ports: start requests and redirect targets included.

Scrapy's own OffsiteMiddleware lets ``dont_filter=True`` requests through, and a redirect
inherits the flag from its source; start requests use it, so a start page answering
``301 Location: http://169.254.169.254/`` (or ``//other-host/``) would be fetched and
archived. This guard runs first among the downloader middlewares, so every request that
goes to the network passes it: first tries, redirects, retries and robots.txt fetches
alike, whatever their flags. An off-site request is dropped before the robots.txt
middleware would contact the off-site host.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from ..sites import host_allowed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

__all__ = ["OffsiteGuard", "OffsiteRequest", "SitePolicy"]

logger = logging.getLogger(__name__)
DEFAULT_PORTS = {"http": 80, "https": 443}


class OffsiteRequest(IgnoreRequest):
    """A request outside the crawl's hosts, ports or schemes (a decision, not a failure)."""


@dataclass(frozen=True)
class SitePolicy:
    """Where a crawl may go: the allowed domains (subdomains included) on the allowed ports.

    The ports are those of the start URLs; when a start URL uses its scheme's default port
    (a normal web site), both 80 and 443 are allowed, so http -> https moves stay possible.
    A start URL on an explicit port (a test server, an intranet mirror) allows only that port.
    """

    domains: tuple[str, ...]
    ports: frozenset[int]

    @classmethod
    def from_start_urls(cls, start_urls: Iterable[str], domains: Iterable[str]) -> SitePolicy:
        ports: set[int] = set()
        for url in start_urls:
            parts = urlsplit(url)
            port = _port(parts.scheme, url)
            if port is None:
                continue
            if parts.port is None or port == DEFAULT_PORTS.get(parts.scheme):
                ports.update(DEFAULT_PORTS.values())
            else:
                ports.add(port)
        return cls(tuple(domains), frozenset(ports or DEFAULT_PORTS.values()))

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return "malformed URL"
        if parts.scheme not in DEFAULT_PORTS:
            return f"scheme {parts.scheme or '(none)'!r} is not http(s)"
        if not host:
            return "no host"
        if not self.domains or not host_allowed(host, self.domains):
            return f"host {host!r} is outside {list(self.domains)}"
        port = _port(parts.scheme, url)
        if port is None:
            return "bad port"
        if port not in self.ports:
            return f"port {port} is not one of the crawl's ports {sorted(self.ports)}"
        return None


def _port(scheme: str, url: str) -> int | None:
    try:
        return urlsplit(url).port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port out of range or not a number
        return None


class OffsiteGuard:
    """Downloader middleware: ``IgnoreRequest`` for anything outside the spider's SitePolicy."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self._policy: SitePolicy | None = None
        self._logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteGuard:
        return cls(crawler)

    def policy(self, spider: Any) -> SitePolicy:
        if self._policy is None:
            profile = getattr(spider, "profile", None)
            if profile is not None:
                self._policy = SitePolicy.from_start_urls(
                    profile.start_urls, profile.allowed_domains
                )
            else:  # a foreign spider: its start URLs and allowed_domains
                urls = list(getattr(spider, "start_urls", ()) or ())
                domains = list(getattr(spider, "allowed_domains", ()) or ()) or [
                    (urlsplit(u).hostname or "") for u in urls
                ]
                self._policy = SitePolicy.from_start_urls(urls, domains)
        return self._policy

    def process_request(self, request: Request, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        why = self.policy(spider).refusal(request.url)
        if why is None:
            return
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("newsarchive/offsite/blocked")
            if request.meta.get("redirect_urls"):
                stats.inc_value("newsarchive/offsite/redirects_blocked")
        source = request.meta.get("redirect_urls", [None])[0]
        key = why.split(" is ")[0]
        if key not in self._logged:  # one line per host/port/scheme, not per request
            self._logged.add(key)
            logger.warning(
                "off-site request dropped: %s: %s%s",
                request.url,
                why,
                f" (redirected from {source})" if source else "",
            )
        raise OffsiteRequest(f"off-site: {why}")
