"""Write each record durably to <site>/articles/<YYYY-MM>.jsonl and commit it in the state store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..extensions.archive import archive_extension
from .items import CrawledArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["JsonlWriterPipeline"]


class JsonlWriterPipeline:
    """WARC first (fsync), then the JSONL line (fsync), then the state: a record never points at nothing."""

    def __init__(self, crawler: Crawler):
        self.archive = archive_extension(crawler, "JsonlWriterPipeline")
        self.stats = crawler.stats
        self.fsync = crawler.settings.getbool("NEWSARCHIVE_FSYNC", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlWriterPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledArticle):
            return item  # another kind of item from the user's spider: not ours to handle
        session = self.archive.opened()
        if self.fsync:
            session.warc.sync()
        record = item.record
        session.records.write(record, key=item.key)
        state = session.state
        status = record["provenance"]["http_status"]
        for key in [item.key, *item.aliases]:
            if key != item.key:
                state.commit_version(
                    key,
                    content_hash=record["content_hash"],
                    version=record["version"],
                    published_at=record.get("published_at") or record.get("published_date"),
                )
            state.record_fetch(
                key, kind="article", status=status, etag=item.etag, last_modified=item.last_modified
            )
        assert self.stats is not None
        self.stats.inc_value("newsarchive/articles/written")
        self.stats.inc_value(
            "newsarchive/articles/new" if record["version"] == 1 else "newsarchive/articles/updated"
        )
        return record
