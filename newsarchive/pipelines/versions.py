"""Number each capture: unchanged content is dropped, changed content becomes version n+1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from ..extensions.archive import archive_extension
from .items import CrawledArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["VersionPipeline"]


class VersionPipeline:
    def __init__(self, crawler: Crawler):
        self.archive = archive_extension(crawler, "VersionPipeline")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VersionPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledArticle):
            return item  # another kind of item from the user's spider: not ours to handle
        record = item.record
        session = self.archive.opened()
        if not record.get("site"):  # an item from a spider that does not name its site
            record["site"] = session.site
        state = session.state
        if session.records.holds([item.key, *item.aliases]):
            session.records.flush()  # the same article queued by another URL: its version counts
        known = state.get(item.key)
        if known is None or not known.version:
            # the same article may be archived under an alias (first seen by another URL)
            for alias in item.aliases:
                other = state.get(alias)
                if other is not None and other.version:
                    known = other
                    break
        if known is not None and known.version and known.content_hash == record["content_hash"]:
            state.record_fetch(
                item.key,
                kind="article",
                status=record["provenance"]["http_status"],
                etag=item.etag,
                last_modified=item.last_modified,
            )
            self._inc("articles/unchanged")
            raise DropItem(
                f"unchanged since version {known.version}: {item.key}", log_level="DEBUG"
            )
        if known is not None and known.version:
            record["version"] = known.version + 1
            record["previous_hash"] = known.content_hash
        else:
            record["version"] = 1
            record["previous_hash"] = None
        return item

    def _inc(self, key: str) -> None:
        assert self.stats is not None
        self.stats.inc_value(f"newsarchive/{key}")
