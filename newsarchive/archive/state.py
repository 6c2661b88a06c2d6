"""SQLite crawl state: seen URLs, status, content hash, validators, versions and the write journal."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

__all__ = ["Committed", "FetchNote", "PendingWrite", "StateStore", "UrlState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,            -- canonical URL (the record key)
    kind TEXT,                       -- article | list | other
    status INTEGER,                  -- last HTTP status (or 0 for a network failure)
    fetched_at TEXT,                 -- last fetch, ISO UTC
    content_hash TEXT,               -- hash of the last archived version
    version INTEGER NOT NULL DEFAULT 0,  -- archived versions (0: never archived)
    published_at TEXT,
    etag TEXT,
    last_modified TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS pending (  -- a JSONL line about to be written; gone once it is durable
    url TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    file TEXT NOT NULL,
    offset INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS url_patterns (  -- URL shapes learned from pages the engine confirmed
    pattern TEXT PRIMARY KEY,        -- host/info/{n}/{n}.htm (see links/learn.py)
    articles INTEGER NOT NULL DEFAULT 0,
    lists INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE TABLE IF NOT EXISTS warc_files (
    name TEXT PRIMARY KEY,           -- relative to the data dir
    closed INTEGER NOT NULL DEFAULT 0
);
"""


_RECORD_FETCH = (
    "INSERT INTO urls (url, kind, status, fetched_at, etag, last_modified, error)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, status = excluded.status,"
    " fetched_at = excluded.fetched_at, error = excluded.error,"
    " etag = COALESCE(excluded.etag, urls.etag),"
    " last_modified = COALESCE(excluded.last_modified, urls.last_modified)"
)
_COMMIT_VERSION = (
    "INSERT INTO urls (url, kind, status, fetched_at, content_hash, version, published_at)"
    " VALUES (?, 'article', 200, ?, ?, ?, ?)"
    " ON CONFLICT(url) DO UPDATE SET content_hash = excluded.content_hash,"
    " version = excluded.version, published_at = excluded.published_at, kind = 'article', error = NULL"
)


@dataclass(frozen=True)
class UrlState:
    url: str
    kind: str | None
    status: int | None
    fetched_at: str | None
    content_hash: str | None
    version: int
    published_at: str | None
    etag: str | None
    last_modified: str | None
    error: str | None


@dataclass(frozen=True)
class PendingWrite:
    url: str
    content_hash: str
    version: int
    file: str
    offset: int


@dataclass(frozen=True)
class FetchNote:
    """A fetch of an article, noted for its keys once its record is durable (validators included)."""

    status: int
    etag: str | None = None
    last_modified: str | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {"status": self.status, "etag": self.etag, "last_modified": self.last_modified}


@dataclass(frozen=True)
class Committed:
    """A durable record's version, for its key and aliases, and the fetch to note for them."""

    key: str
    content_hash: str
    version: int
    published_at: str | None
    aliases: tuple[str, ...] = ()
    fetch: FetchNote | None = None


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class StateStore:
    """One SQLite file per site. Every method commits: a crash loses at most the call in flight.

    ``group_commit``: the JSONL writer may journal and commit many records in one transaction
    each (:meth:`begin_writes`, :meth:`commit_batch`); a store that decides per record (the
    distributed one claims each in Redis) turns it off.
    """

    group_commit: ClassVar[bool] = True

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL+NORMAL survives a killed process
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- URLs ---------------------------------------------------------------------------------------------
    def get(self, url: str) -> UrlState | None:
        row = self.db.execute(
            "SELECT url, kind, status, fetched_at, content_hash, version, published_at, etag, last_modified, error"
            " FROM urls WHERE url = ?",
            (url,),
        ).fetchone()
        return UrlState(*row) if row else None

    def archived(self, url: str) -> bool:
        row = self.db.execute("SELECT version FROM urls WHERE url = ?", (url,)).fetchone()
        return bool(row and row[0])

    def record_fetch(
        self,
        url: str,
        *,
        kind: str,
        status: int,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        fetched_at: str | None = None,
    ) -> None:
        """Note a fetch (or a failure) without touching the archived version."""
        self.db.execute(
            _RECORD_FETCH, (url, kind, status, fetched_at or utcnow(), etag, last_modified, error)
        )

    def commit_version(
        self, url: str, *, content_hash: str, version: int, published_at: str | None
    ) -> None:
        """The record for ``version`` is durable in its JSONL file: make it the archived one."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(_COMMIT_VERSION, (url, utcnow(), content_hash, version, published_at))
            self.db.execute("DELETE FROM pending WHERE url = ?", (url,))

    def commit_batch(self, commits: list[Committed]) -> None:
        """:meth:`commit_version` for many durable records (and their aliases, and their fetches) at once."""
        now = utcnow()
        versions = [
            (url, now, c.content_hash, c.version, c.published_at)
            for c in commits
            for url in (c.key, *c.aliases)
        ]
        fetches = [
            (url, "article", c.fetch.status, now, c.fetch.etag, c.fetch.last_modified, None)
            for c in commits
            if c.fetch is not None
            for url in (c.key, *c.aliases)
        ]
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(_COMMIT_VERSION, versions)
            self.db.executemany("DELETE FROM pending WHERE url = ?", [(c.key,) for c in commits])
            self.db.executemany(_RECORD_FETCH, fetches)

    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT COUNT(*), SUM(version > 0), SUM(error IS NOT NULL) FROM urls"
        ).fetchone()
        return {"urls": row[0] or 0, "archived": row[1] or 0, "errors": row[2] or 0}

    # -- learned URL patterns -------------------------------------------------------------------------
    def url_patterns(self) -> dict[str, tuple[int, int]]:
        """Learned URL shape -> (confirmed articles, confirmed lists)."""
        return {
            row[0]: (row[1], row[2])
            for row in self.db.execute("SELECT pattern, articles, lists FROM url_patterns")
        }

    def add_url_patterns(self, counts: dict[str, tuple[int, int]]) -> None:
        """Add confirmations counted since the last call."""
        if not counts:
            return
        now = utcnow()
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO url_patterns (pattern, articles, lists, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(pattern) DO UPDATE SET articles = articles + excluded.articles,"
                " lists = lists + excluded.lists, updated_at = excluded.updated_at",
                [(shape, a, b, now) for shape, (a, b) in counts.items()],
            )

    # -- write journal ----------------------------------------------------------------------------------
    def begin_write(self, pending: PendingWrite) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pending (url, content_hash, version, file, offset) VALUES (?, ?, ?, ?, ?)",
            (pending.url, pending.content_hash, pending.version, pending.file, pending.offset),
        )

    def begin_writes(self, pendings: list[PendingWrite]) -> None:
        """:meth:`begin_write` for a batch, in one transaction."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO pending (url, content_hash, version, file, offset)"
                " VALUES (?, ?, ?, ?, ?)",
                [(p.url, p.content_hash, p.version, p.file, p.offset) for p in pendings],
            )

    def drop_pending(self, url: str) -> None:
        self.db.execute("DELETE FROM pending WHERE url = ?", (url,))

    def pending(self) -> list[PendingWrite]:
        return [
            PendingWrite(*row)
            for row in self.db.execute(
                "SELECT url, content_hash, version, file, offset FROM pending ORDER BY offset"
            )
        ]

    # -- WARC files -------------------------------------------------------------------------------------
    def warc_opened(self, name: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO warc_files (name, closed) VALUES (?, 0)", (name,))

    def warc_closed(self, name: str) -> None:
        self.db.execute("UPDATE warc_files SET closed = 1 WHERE name = ?", (name,))

    def open_warcs(self) -> list[str]:
        return [
            r[0]
            for r in self.db.execute("SELECT name FROM warc_files WHERE closed = 0 ORDER BY name")
        ]
