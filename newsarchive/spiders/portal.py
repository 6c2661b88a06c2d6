"""The generic portal spider: start pages → sections → paginated lists → articles, nothing else.

Which links are articles comes from the list pages' structure and the URL shapes the
engine confirmed on this site (learned, kept in the site's state); same-site links
nothing classifies are fetched within a per-run budget and judged by the engine.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..downloadermiddlewares.archive import FETCHED_META, WARC_META
from ..downloadermiddlewares.extraction import extraction_of, links_of
from ..exceptions import ExtractionError, ProfileError
from ..extensions.archive import archive_session
from ..extensions.templates import extract_for
from ..extract.ruleids import short_rule_ids
from ..links import UrlPatterns, canonicalize_url, discover_links
from ..pipelines.items import CrawledArticle
from ..sites import SiteProfile, adhoc_profile, load_profile

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["PortalSpider"]

KIND = "newsarchive_kind"
DEAD_STATUSES = frozenset(
    (404, 410)
)  # a link to a page that does not exist: dead, not a failed fetch
_UNJUDGED_MAX = 10_000  # distinct links over the probe budget that the summary counts
_LEARN_FLUSH = (
    25  # learned confirmations kept in memory before they are saved (and others' read back)
)


class PortalSpider(scrapy.Spider):
    """``scrapy crawl portal -a site=NAME`` or ``-a start_urls=URL[,URL...]``.

    Lists are fetched every run; an article is requested only when the state store
    has not archived it (or it is due for a conditional revisit). Article pages go
    to the engine; a page the engine calls a list is navigated like one.
    """

    name = "portal"

    def __init__(
        self,
        site: str | None = None,
        start_urls: str | list[str] | None = None,
        profile: SiteProfile | None = None,
        since: str | None = None,
        revisit_after: str | float | None = None,
        max_depth: str | int | None = None,
        **kwargs: Any,
    ):
        if profile is None:
            if site:
                profile = load_profile(site)
            elif start_urls:
                urls = start_urls.split(",") if isinstance(start_urls, str) else list(start_urls)
                profile = adhoc_profile(urls)
            else:
                raise ProfileError("portal spider: give -a site=NAME or -a start_urls=URL[,URL...]")
        super().__init__(**kwargs)
        self.profile = profile
        self.allowed_domains = list(profile.allowed_domains)
        self.start_urls = list(profile.start_urls)
        self._since_arg = since
        self._revisit_arg = revisit_after
        self._depth_arg = max_depth
        self._exhausted: set[str] = set()  # list families paginated past --since
        self.since: date | None = None  # set from settings in from_crawler
        self.revisit_after: float | None = None
        self.follow_article_links = False
        self.max_depth: int | None = None
        self.probe_budget = 0  # unknown same-site links the engine may judge this run
        self.probes = 0
        # canonical URLs this run has asked for: a link on every page is yielded once (a probe costs
        # one unit of the budget), not re-sent through the middlewares to Scrapy's dupefilter each time
        self._requested: set[str] = set()
        self._unjudged: set[str] = set()
        self.patterns = UrlPatterns()  # URL shapes learned from this site (state + this run)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # a profile's politeness overrides beat the project defaults, not the command line
        for key, value in spider.profile.settings.items():
            settings.set(key, value, priority="spider")
        depth = spider._depth_arg if spider._depth_arg is not None else spider.profile.max_depth
        if depth is not None:
            spider.max_depth = int(depth)
            if (
                spider.max_depth > 0
            ):  # Scrapy reads DEPTH_LIMIT 0 as "no limit"; 0 is handled in _follow
                settings.set("DEPTH_LIMIT", spider.max_depth, priority="spider")
        spider.probe_budget = settings.getint("NEWSARCHIVE_PROBE_BUDGET", 200)
        since = spider._since_arg or settings.get("NEWSARCHIVE_SINCE")
        spider.since = date.fromisoformat(str(since)[:10]) if since else None
        revisit = (
            spider._revisit_arg
            if spider._revisit_arg is not None
            else settings.get("NEWSARCHIVE_REVISIT_AFTER")
        )
        spider.revisit_after = float(revisit) if revisit not in (None, "") else None
        spider.follow_article_links = settings.getbool("NEWSARCHIVE_FOLLOW_ARTICLE_LINKS")
        return spider

    # -- navigation --------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.session = archive_session(self.crawler)
        self._sync_patterns()
        for url in self.profile.start_urls:
            self._requested.add(
                canonicalize_url(url)
            )  # a link back to a start page is not fetched again
            # the engine judges a start page: an article given as the start URL is archived
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.failed,
                dont_filter=True,
                meta={KIND: "start"},
            )

    def parse_list(self, response: Response) -> Iterator[Request]:
        self._count("pages/list")
        yield from self._follow(response)

    def _follow(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse) or self.max_depth == 0:
            return
        # the header charset is a hint, as for the engine: a wrong one must not force mojibake
        links = links_of(response)  # found in the extraction pool (list pages), else here
        if links is None:
            links = discover_links(
                response.body,
                response.url,
                profile=self.profile,
                content_type=_header(response, b"Content-Type"),
                patterns=self.patterns,
            )
        if links.listed:
            self.crawler.stats.inc_value("newsarchive/lists/items", links.listed)  # type: ignore[union-attr]
            if links.listed >= 3 and response.meta.get(KIND) == "list":
                self._learn(response.url, "list")  # a page with a news list is a list page
        dated_old = dated_new = 0
        for url in links.articles:
            when = _listed_day(links.dates.get(url))  # the list's own date, else the URL's
            if self.since and when is not None:
                if when < self.since:
                    dated_old += 1
                    self._count("articles/skipped_old")
                    continue
                dated_new += 1
            request = self._article_request(url)
            if request is not None:
                yield request
        family = _list_family(response.url)
        if self.since and dated_old and not dated_new:
            self._exhausted.add(family)  # this list has reached items older than --since
        for url in links.lists:
            # a page of an exhausted list does not lead on to its further pages (links from
            # elsewhere, such as the home page or other sections, are still followed)
            if family in self._exhausted and _list_family(url) == family:
                self._count("lists/stopped_by_since")
                continue
            if url in self._requested:
                continue
            self._requested.add(url)
            yield Request(url, callback=self.parse_list, errback=self.failed, meta={KIND: "list"})
        yield from self._probes(links.unknown)

    def _probes(self, urls: list[str]) -> Iterator[Request]:
        """Same-site links nothing classifies: fetched (within the run's budget) for the engine to judge."""
        for url in urls:
            key = canonicalize_url(url)
            if key in self._requested:
                continue
            if self.probes >= self.probe_budget:
                if len(self._unjudged) < _UNJUDGED_MAX and key not in self._unjudged:
                    self._unjudged.add(key)
                    self._count(
                        "probes/over_budget"
                    )  # distinct links left unjudged (counted up to a cap)
                continue
            known = self.session.state.get(key)
            if self.session.records.holds([key]) or (
                known is not None and (known.version > 0 or known.kind == "other")
            ):
                continue  # judged on an earlier run or archived (queued) in this one: never refetched
            self.probes += 1
            self._requested.add(key)
            self._count("probes/requested")
            # behind lists and articles: known work first
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.failed,
                priority=-5,
                meta={KIND: "probe", "newsarchive_key": key},
            )

    def _article_request(self, url: str) -> Request | None:
        key = canonicalize_url(url)
        if key in self._requested:
            return None
        self._requested.add(key)
        if self.session.records.holds([key]):
            # archived this run under another URL (a redirect), its record not yet committed
            self._count("articles/skipped_known")
            return None
        known = self.session.state.get(key)
        headers: dict[str, str] = {}
        if known is not None and known.version > 0:
            if not self._due(known.fetched_at):
                self._count("articles/skipped_known")
                return None
            # a revisit: let the server answer 304 when nothing changed
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            self._count("articles/revisited")
        # articles jump the queue: records get written early and the queue stays short
        return Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            headers=headers,
            priority=10,
            meta={KIND: "article", "handle_httpstatus_list": [304], "newsarchive_key": key},
        )

    def _due(self, fetched_at: str | None) -> bool:
        if self.revisit_after is None:
            return False
        if not fetched_at:
            return True
        last = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
        return (datetime.now(UTC) - last).total_seconds() >= self.revisit_after

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article page, a start page or a probed unknown link: the engine says which it is."""
        key = response.meta.get("newsarchive_key") or canonicalize_url(response.url)
        asked = response.meta.get(KIND, "article")  # article | start | probe
        if asked == "start":
            self._requested.add(
                canonicalize_url(response.url)
            )  # where a redirected start page landed
        if response.status == 304:
            self._count("articles/not_modified")
            self.session.state.record_fetch(key, kind="article", status=304)
            return
        if not isinstance(response, TextResponse):
            self._count("pages/not_html")
            self.session.state.record_fetch(
                key, kind="other", status=response.status, error="not HTML"
            )
            return
        extracted = self._extract(response, key)
        if extracted is None:
            return
        article, rules, made_by = extracted
        self._count(f"page_type/{article.page_type}")
        for field, rule in rules.items():  # a portal redesign shows up as a shift between rules
            for rule_id in short_rule_ids(field, rule):
                self._count(f"rule/{field}/{rule_id}")
        self._learn(response.url, article.page_type)
        if article.page_type == "other" and asked == "probe":
            self._count("probes/other")  # neither article nor list: remembered, not probed again
            self.session.state.record_fetch(key, kind="other", status=response.status)
            return
        if article.page_type == "list" or (article.page_type == "other" and asked == "start"):
            # the URL looked like an article (or nothing), the page is a list: navigate it instead
            self._count("pages/list")
            self.session.state.record_fetch(key, kind="list", status=response.status)
            yield from self._follow(response)
            return
        if (
            self.since
            and article.published_at
            and article.published_at[:10] < self.since.isoformat()
        ):
            self._count("articles/skipped_old")
            self.session.state.record_fetch(key, kind="article", status=response.status)
            return
        record_key = self._record_key(article.canonical_url, response.url)
        aliases = {key, canonicalize_url(response.url)}
        aliases.update(canonicalize_url(u) for u in response.meta.get("redirect_urls", ()))
        aliases.discard(record_key)
        location = response.meta[WARC_META]
        fetched: datetime = response.meta[FETCHED_META]
        record = article.to_dict()
        record["site"] = self.profile.name
        record["provenance"] = {
            "fetched_at": fetched.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "http_status": response.status,
            "warc_file": location.file,
            "warc_offset": location.offset,
            "warc_record_id": location.record_id,
            **made_by,
        }
        yield CrawledArticle(
            record=record,
            key=record_key,
            aliases=sorted(aliases),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        if self.follow_article_links or asked == "start":
            # an article given as the start page leads on to its columns (breadcrumb, navigation)
            yield from self._follow(response)

    def _extract(
        self, response: TextResponse, key: str
    ) -> tuple[Any, dict[str, str], dict[str, str]] | None:
        """The engine's record of the page and the rules it used; None (counted, noted) when it fails."""
        try:
            # extracted off the event loop by OffLoopExtraction when it is on; site profile >
            # induced template profile > generic (see extensions/templates.py)
            return extract_for(
                self,
                response.body,
                response.url,
                now=datetime.now(UTC),
                content_type=_header(response, b"Content-Type"),
                done=extraction_of(response),
            )
        except ExtractionError as exc:
            self._count("extraction_errors")
            self.logger.warning("extraction failed url=%s error=%s", response.url, exc)
            self.session.state.record_fetch(
                key, kind="article", status=response.status, error=f"extract: {exc}"
            )
        except Exception as exc:
            self._count("extraction_errors")
            self.logger.exception("extractor crashed url=%s", response.url)
            self.session.state.record_fetch(
                key,
                kind="article",
                status=response.status,
                error=f"extract: {type(exc).__name__}: {exc}",
            )
        return None

    # -- learned URL shapes -------------------------------------------------------------------------------
    def _learn(self, url: str, kind: str) -> None:
        if (
            self.patterns.learn(url, kind) is not None
            and sum(map(sum, self.patterns.pending.values())) >= _LEARN_FLUSH
        ):
            try:
                self._sync_patterns()
            except (
                Exception
            ) as exc:  # a lost Redis: keep the page, save the shapes at the next flush
                self.logger.warning(
                    "learned URL patterns not saved yet: %s: %s", type(exc).__name__, exc
                )

    def _sync_patterns(self) -> None:
        """Save this run's confirmations to the site's state and read back everyone's (other workers')."""
        state = self.session.state
        state.add_url_patterns(self.patterns.take_pending())
        self.patterns.merge(state.url_patterns())

    def closed(self, reason: str) -> None:
        session = getattr(self, "session", None)
        if session is None:
            return
        try:
            self._sync_patterns()
        except (
            sqlite3.ProgrammingError
        ):  # the state store was closed first: the increments are lost, not fatal
            self.logger.warning("learned URL patterns not saved: the state store is closed")
        except Exception as exc:  # a lost Redis (distributed state): the run already fails for it
            self.logger.warning("learned URL patterns not saved: %s: %s", type(exc).__name__, exc)

    def _record_key(self, canonical: str | None, url: str) -> str:
        """rel=canonical names the record when it stays on this site; else the fetched URL does."""
        if canonical and self.profile.allows(canonical):
            return canonicalize_url(canonical)
        return canonicalize_url(url)

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.url
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # robots.txt, off-site redirects, size limits: a decision, not a failure
            self._count("requests/ignored")
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            error = f"HTTP {status}"
            if status in DEAD_STATUSES and request.meta.get(KIND) != "start":
                # a page that does not exist (the live site has these too): counted, not a failed fetch
                self._count("dead_links")
                self.session.state.record_fetch(
                    canonicalize_url(url), kind="other", status=status, error=error
                )
                return
            self._count(f"errors/http_{status}")
        else:
            status = 0
            error = f"{failure.type.__name__}: {failure.getErrorMessage()}"
            self._count(f"errors/{failure.type.__name__}")
        self._count("errors")
        self.logger.warning("fetch failed url=%s error=%s", url, error)
        self.session.state.record_fetch(
            canonicalize_url(url), kind=request.meta.get(KIND, "other"), status=status, error=error
        )

    # -- helpers -----------------------------------------------------------------------------------------
    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsarchive/{key}")


_PAGE_SUFFIX = re.compile(r"_\d+(?=\.\w+$)")
_PAGE_PARAMS = frozenset(
    ("page", "pagenum", "pageno", "pageindex", "curpage", "currpage", "p", "pn", "pg", "uid")
)


def _list_family(url: str) -> str:
    """The pages of one paginated list share this: page numbers in the name or query removed."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX.sub("", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _PAGE_PARAMS])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _listed_day(value: str | None) -> date | None:
    """The date a list prints beside an item (discover_links reads it), if any."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
