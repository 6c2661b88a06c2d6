"""Crawler traps: endless lists and calendars. Requests are dropped, counted and logged once per kind.

- A URL dated far from today (a calendar reaching the year 2506, or 1066) is not
  fetched: dates in the path or query must lie within ``NEWSARCHIVE_DATE_WINDOW_YEARS``
  years before today and one year after.
- One list family (the pages of one list: ``index_N.html``, ``?page=N`` ... with the page
  number removed) is fetched at most ``NEWSARCHIVE_MAX_LIST_PAGES`` times (0: no limit;
  ad-hoc crawls get 500, see ``newsarchive.addons``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["TrapGuard", "list_family", "url_years"]

logger = logging.getLogger(__name__)

# a year written as part of a date: 2021-03-16, 2021/03/16, 2021_03, year=2021, or a whole path segment
# (a separated date's year is 19xx-2xxx: /info/1001/10.htm is column 1001, article 10, not October 1001)
# /202103/ or /20210316/ (compact digits inside a file name are too often plain ids: content_190012.htm)
_DATED = re.compile(
    r"(?<!\d)(?P<y>(?:19|2\d)\d{2})[-/_.](?:0[1-9]|1[0-2])(?:[-/_.](?:0[1-9]|[12]\d|3[01]))?(?!\d)"
    r"|(?<=/)(?P<c>\d{4})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?(?=/|$)"
    r"|(?:^|[/?&;])(?:y|yy|yyyy|year|nian)=(?P<q>\d{3,5})(?!\d)",
    re.IGNORECASE,
)
_PAGE_SUFFIX = re.compile(r"([_-])\d+(?=\.\w+$)|(?<=/)\d+(?=/?$)")
_PAGE_PARAMS = frozenset(
    (
        "page",
        "pagenum",
        "pageno",
        "pageindex",
        "curpage",
        "currpage",
        "p",
        "pn",
        "pg",
        "start",
        "offset",
    )
)


def url_years(url: str) -> list[int]:
    """Years the URL's path and query name as dates (1000-9999)."""
    parts = urlsplit(url)
    text = unquote(parts.path) + "?" + unquote(parts.query)
    years = []
    for match in _DATED.finditer(text):
        value = match.group("y") or match.group("c") or match.group("q")
        if value and 1000 <= int(value) <= 99999:
            years.append(int(value))
    return years


def list_family(url: str) -> str:
    """The pages of one list share this: page numbers in the name, last path segment or query removed."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX.sub("", parts.path)
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _PAGE_PARAMS)
    )
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))


class TrapGuard:
    """Downloader middleware: drops requests dated out of the window and lists past their page budget."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.window = settings.getint("NEWSARCHIVE_DATE_WINDOW_YEARS", 50)
        self.max_list_pages = settings.getint("NEWSARCHIVE_MAX_LIST_PAGES", 0)
        self.families: Counter[str] = Counter()
        self._logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuard:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("dont_obey_robotstxt"):  # robots.txt fetches
            return
        if self.window:
            this_year = datetime.now(UTC).year
            for year in url_years(request.url):
                if not this_year - self.window <= year <= this_year + 1:
                    self._drop(
                        "date_window",
                        request,
                        f"dated {year}, outside {this_year - self.window}-{this_year + 1}",
                    )
        # a start page is judged by the engine (it may be a list): it is a page of its family too
        if (
            self.max_list_pages
            and request.meta.get("newsarchive_kind") in ("list", "start")
            and not request.meta.get("redirect_urls")
            and not request.meta.get("retry_times")
        ):
            family = list_family(request.url)
            self.families[family] += 1
            if self.families[family] > self.max_list_pages:
                self._drop(
                    "list_pages", request, f"list {family} has had {self.max_list_pages} pages"
                )

    def _drop(self, kind: str, request: Request, why: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"newsarchive/traps/{kind}")
        if kind not in self._logged:
            self._logged.add(kind)
            logger.warning(
                "possible crawler trap, not followed: %s: %s (further ones counted in "
                "newsarchive/traps/%s)",
                request.url,
                why,
                kind,
            )
        raise IgnoreRequest(f"trap: {why}")
