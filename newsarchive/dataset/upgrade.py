"""Schema v1 records turned into schema v2 as they are read (and by `newsarchive migrate`)."""

from __future__ import annotations

from typing import Any

from ..extract.record import SCHEMA_VERSION, split_published
from .schema import FIELDS

__all__ = ["V2_KEYS", "needs_upgrade", "upgrade_record"]

# Key order of a v2 record: the schema's `properties` order.
V2_KEYS: tuple[str, ...] = FIELDS
# Keys v1 left out of lone-file records and crawl records; v2 always writes them (null when unknown).
_OPTIONAL_IN_V1 = ("site", "version", "previous_hash", "provenance", "duplicate_of", "cluster_id")


def needs_upgrade(record: Any) -> bool:
    return isinstance(record, dict) and record.get("schema_version") == "1"


def upgrade_record(record: dict[str, Any]) -> dict[str, Any]:
    """The v2 form of a v1 record; other records are returned unchanged.

    ``published_at`` splits into ``published_date`` (the day) and ``published_at``
    (only when v1 held a time). Keys v1 did not require are added as null; keys
    the v1 record lacks or has beyond the schema are kept as they are, so the v2
    check still names them.
    """
    if not needs_upgrade(record):
        return record
    day, instant = split_published(record.get("published_at"))
    out: dict[str, Any] = {}
    for key in V2_KEYS:
        if key == "published_date":
            out[key] = day
        elif key == "published_at":
            out[key] = instant
        elif key == "published":
            out[key] = record.get("published_at")
        elif key == "schema_version":
            out[key] = SCHEMA_VERSION
        elif key in record:
            out[key] = record[key]
        elif key in _OPTIONAL_IN_V1:
            out[key] = None
    for key, value in record.items():
        if key not in out and key != "published_at":
            out[key] = value
    return out
