"""The item a spider hands to the pipelines: a record plus what they need to version and file it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..exceptions import CrawlError
from ..links import canonicalize_url

if TYPE_CHECKING:
    from scrapy.http import Response

    from ..extract import Article

__all__ = ["CrawledArticle"]


@dataclass
class CrawledArticle:
    """A schema-v1 record plus what the pipelines need to version and file it."""

    record: dict[
        str, Any
    ]  # Article.to_dict() + site + provenance (version, previous_hash set later)
    key: str  # state key: canonical URL of the record
    aliases: list[str] = field(
        default_factory=list
    )  # other canonical URLs that led here (redirects, links)
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def from_response(
        cls, response: Response, article: Article, *, site: str | None = None
    ) -> CrawledArticle:
        """The item for ``article``, extracted from ``response`` (fetched through the WARC middleware).

        For one's own spiders: ``yield CrawledArticle.from_response(response, extract(response.body,
        response.url))``. Without ``site`` the version pipeline files it under the crawl's site.
        """
        from ..downloadermiddlewares.archive import FETCHED_META, WARC_META

        location, fetched = response.meta.get(WARC_META), response.meta.get(FETCHED_META)
        if location is None or not isinstance(fetched, datetime):
            raise CrawlError(
                f"{response.url}: not archived; enable newsarchive's WarcArchiveMiddleware "
                "in DOWNLOADER_MIDDLEWARES"
            )
        record = article.to_dict()
        record["site"] = site
        record["provenance"] = {
            "fetched_at": fetched.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "http_status": response.status,
            "warc_file": location.file,
            "warc_offset": location.offset,
            "warc_record_id": location.record_id,
        }
        key = canonicalize_url(response.url)
        aliases = {canonicalize_url(u) for u in response.meta.get("redirect_urls", ())} - {key}
        return cls(
            record=record,
            key=key,
            aliases=sorted(aliases),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
