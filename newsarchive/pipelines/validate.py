"""Refuse records that do not match newsarchive/schema/article-v2.json (counted, logged, never written).

fastjsonschema's compiled check passes a valid record quickly; any record it does not
pass goes to jsonschema, which decides and says why (``dataset.fastcheck``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem, NotConfigured

from ..dataset.fastcheck import Check, compile_schema
from .items import CrawledArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["SchemaValidationPipeline", "record_validator"]


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("newsarchive.schema").joinpath("article-v2.json").read_text("utf-8")
    )
    return schema


@lru_cache(maxsize=1)
def record_validator() -> Draft202012Validator:
    return Draft202012Validator(_schema())


@lru_cache(maxsize=1)
def _fast_check() -> Check | None:
    return compile_schema(_schema())


class SchemaValidationPipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.validator = record_validator()
        self.fast = _fast_check()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        if not crawler.settings.getbool("NEWSARCHIVE_VALIDATE", True):
            raise NotConfigured("NEWSARCHIVE_VALIDATE is off")
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledArticle):
            return item  # another kind of item from the user's spider: not ours to handle
        if self.fast is not None and self.fast(item.record):
            return item
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
