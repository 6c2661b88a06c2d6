"""The Article record (schema v2) that every extraction returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "2"

__all__ = ["SCHEMA_VERSION", "Article", "Image", "split_published"]


@dataclass(slots=True)
class Image:
    url: str
    caption: str | None = None


def split_published(value: str | None) -> tuple[str | None, str | None]:
    """``(published_date, published_at)`` from a day (``2021-03-16``) or an instant with offset.

    A day stays a day: its ``published_at`` is None, never an invented midnight.
    """
    if not value:
        return None, None
    if len(value) <= 10:
        return value, None
    return value[:10], value


@dataclass(slots=True)
class Article:
    """One page turned into a record. Field meanings are documented in README.md.

    ``published_at`` holds what the date stage found: the day (``YYYY-MM-DD``) at day
    precision, else the timestamp with its offset. ``to_dict`` splits it into the
    record's ``published_date`` and ``published_at`` (null at day precision).
    """

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
    # Filled by `newsarchive dedupe`; present (null) in every record so crawl records and exports share one shape.
    duplicate_of: str | None = None
    cluster_id: str | None = None

    @property
    def published_date(self) -> str | None:
        return split_published(self.published_at)[0]

    def to_dict(self) -> dict[str, Any]:
        """The schema-v2 record: every key present, in schema order."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key == "published_at":
                out["published_date"], out["published_at"] = split_published(value)
                out["published"] = value  # as the page shows it: the day, or the instant
            else:
                out[key] = value
        return out
