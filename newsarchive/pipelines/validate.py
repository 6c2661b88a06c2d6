"""Refuse records that do not match newsarchive/schema/article-v2.json (counted, logged, never written)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem, NotConfigured

from .items import CrawledArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["SchemaValidationPipeline", "record_validator"]


@lru_cache(maxsize=1)
def record_validator() -> Draft202012Validator:
    schema = json.loads(
        resources.files("newsarchive.schema").joinpath("article-v2.json").read_text("utf-8")
    )
    return Draft202012Validator(schema)


class SchemaValidationPipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.validator = record_validator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        if not crawler.settings.getbool("NEWSARCHIVE_VALIDATE", True):
            raise NotConfigured("NEWSARCHIVE_VALIDATE is off")
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledArticle):
            return item  # another kind of item from the user's spider: not ours to handle
        error = next(iter(self.validator.iter_errors(item.record)), None)
        if error is not None:
            assert self.stats is not None
            self.stats.inc_value("newsarchive/invalid_records")
            self.stats.inc_value("newsarchive/errors")
            where = "/".join(str(p) for p in error.absolute_path) or "<record>"
            raise DropItem(
                f"invalid record url={item.record.get('url')} field={where} error={error.message}",
                log_level="ERROR",
            )
        return item
