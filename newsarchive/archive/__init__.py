"""Durable crawl output: WARC files, the SQLite state store, JSON Lines records and the per-site lock."""

from __future__ import annotations

from .lock import SiteLock
from .records import RecordWriter, partition_name, repair_jsonl_tail
from .state import PendingWrite, StateStore, UrlState
from .warc import WarcArchive, WarcLocation, repair_warc

__all__ = [
    "PendingWrite",
    "RecordWriter",
    "SiteLock",
    "StateStore",
    "UrlState",
    "WarcArchive",
    "WarcLocation",
    "partition_name",
    "repair_jsonl_tail",
    "repair_warc",
]
