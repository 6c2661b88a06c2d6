"""The Article record (schema v1) that every extraction returns."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1"

__all__ = ["SCHEMA_VERSION", "Article", "Image"]


@dataclass(slots=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(slots=True)
class Article:
    """One page turned into a record. Field meanings are documented in README.md."""

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    published_precision: str | None = None
    source: str | None = None
    editor: str | None = None
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    text: str = ""
    images: list[Image] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    page_type: str = "other"
    warnings: list[str] = field(default_factory=list)
    content_hash: str | None = None
    extractor_version: str = ""
    schema_version: str = SCHEMA_VERSION
    # Filled by the crawl pipeline; None for records made from a lone file.
    site: str | None = None
    version: int | None = None
    previous_hash: str | None = None
    provenance: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
