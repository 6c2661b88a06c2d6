"""Pure HTML-to-record extraction: no network, no Scrapy engine, no global state."""

from __future__ import annotations

from .core import EXTRACTOR_VERSION, content_hash, extract, extract_with_rules
from .profile import ExtractionProfile
from .record import SCHEMA_VERSION, Article, Image

__all__ = [
    "EXTRACTOR_VERSION",
    "SCHEMA_VERSION",
    "Article",
    "ExtractionProfile",
    "Image",
    "content_hash",
    "extract",
    "extract_with_rules",
]
