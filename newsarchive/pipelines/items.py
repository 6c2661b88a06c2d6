"""The item the portal spider hands to the pipelines."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CrawledArticle"]


@dataclass
class CrawledArticle:
    """A schema-v1 record plus what the pipelines need to version and file it."""

    record: dict[str, Any]        # Article.to_dict() + site + provenance (version, previous_hash set later)
    key: str                      # state key: canonical URL of the record
    aliases: list[str] = field(default_factory=list)  # other canonical URLs that led here (redirects, links)
    etag: str | None = None
    last_modified: str | None = None
