"""Crash-safe JSON Lines output partitioned by publication month, journalled in the state store."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from ..jsonl import dumps
from .state import Committed, FetchNote, PendingWrite, StateStore

__all__ = ["FetchNote", "RecordWriter", "partition_name", "repair_jsonl_tail"]

logger = logging.getLogger(__name__)
_SYNC_THREADS = 8  # files of a group commit fsynced at once


def partition_name(published_date: str | None, worker: str | None = None) -> str:
    """``2021-03.jsonl`` for a record published in March 2021, ``undated.jsonl`` without a date."""
    day = published_date
    stem = day[:7] if day and len(day) >= 7 and day[4] == "-" else "undated"
    return f"{stem}.{worker}.jsonl" if worker else f"{stem}.jsonl"


def repair_jsonl_tail(path: Path) -> int:
    """Cut a trailing partial line (no final newline); return the bytes removed."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "r+b") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        # walk back to the last newline
        pos = size
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            idx = chunk.rfind(b"\n")
            if idx >= 0:
                pos = pos - step + idx + 1
                break
            pos -= step
        fh.truncate(pos)
        return size - pos


class RecordWriter:
    """Appends whole lines to ``<data_dir>/<site>/articles/<partition>.jsonl``.

    Protocol per record: note (url, hash, file, offset) in the ``pending`` table,
    write the line, flush (+fsync), then commit the version in the state store.
    After a kill the next :meth:`recover` finds any pending entry and either keeps
    its line (complete and matching) or truncates the file back to ``offset``, so
    a record is never half-written, never lost once committed, never written twice.

    Group commit (``batch`` > 1, for a store whose ``group_commit`` is true): records are
    queued in memory and made durable together, by :meth:`flush` (when ``batch`` are queued,
    and by the caller's clock): ``before_sync`` (the WARC's fsync) first, then the journal
    of the whole batch in one transaction, the lines, one fsync per file, and the commits in
    one transaction. A kill loses only queued records, which the state does not know, so the
    next run fetches them again: never a lost committed record, never a duplicate.
    """

    def __init__(
        self,
        data_dir: Path | str,
        site: str,
        state: StateStore,
        *,
        fsync: bool = True,
        worker: str | None = None,
        batch: int = 1,
        before_sync: Callable[[], None] | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.site = site
        self.dir = self.data_dir / site / "articles"
        self.state = state
        self.fsync = fsync
        self.worker = worker
        self.batch = max(1, batch) if getattr(state, "group_commit", False) else 1
        self.before_sync = before_sync
        self._files: dict[str, IO[bytes]] = {}
        self._queue: list[tuple[str, bytes, Committed]] = []
        self._queued_keys: set[str] = set()
        self._broken: OSError | None = None  # a failed write: nothing more is appended after it
        self.written = 0  # records durable and committed
        self.written_new = 0  # ... of them first versions
        self._syncer: ThreadPoolExecutor | None = None  # fsyncs a batch's files at once

    def recover(self) -> dict[str, int]:
        """Finish or undo the writes a killed run left in flight; cut torn last lines."""
        kept = undone = 0
        for p in self.state.pending():
            path = self.data_dir / p.file
            if _line_at(path, p.offset, p.content_hash, p.version):
                self.state.commit_version(
                    p.url, content_hash=p.content_hash, version=p.version, published_at=None
                )
                kept += 1
            else:
                if path.exists() and path.stat().st_size > p.offset:
                    with open(path, "r+b") as fh:
                        fh.truncate(p.offset)
                self.state.drop_pending(p.url)
                undone += 1
        cut = 0
        if self.dir.is_dir():
            # only this writer's files: other distributed workers may be appending to theirs right now
            own = f"*.{self.worker}.jsonl" if self.worker else "*.jsonl"
            for path in sorted(
                f for f in self.dir.glob(own) if self.worker or f.name.count(".") == 1
            ):
                if path.stat().st_size and repair_jsonl_tail(path):
                    logger.warning("%s: cut a partial last line", path)
                    cut += 1
        return {"kept": kept, "undone": undone, "cut": cut}

    def write(
        self,
        record: dict[str, Any],
        *,
        key: str,
        aliases: Iterable[str] = (),
        status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> str:
        """Write one record under state key ``key``; return its file relative to the data dir.

        ``aliases`` are other keys of the same article (committed with it); ``status`` (and the
        validators) the fetch to note for every key, only once the record is durable. With
        group commit the record is durable after the next :meth:`flush`.
        """
        fetch = FetchNote(status, etag, last_modified) if status is not None else None
        name = partition_name(record.get("published_date"), self.worker)
        rel = f"{self.site}/articles/{name}"
        line = (dumps(record) + "\n").encode("utf-8")
        commit = Committed(
            key,
            record["content_hash"],
            record["version"],
            record.get("published_at") or record.get("published_date"),
            tuple(a for a in aliases if a != key),
            fetch,
        )
        if self._broken is not None:
            raise OSError(f"records not written after an earlier write error: {self._broken}")
        if self.batch == 1:
            self._guarded(self._write_one, rel, line, commit)
            return rel
        self._queue.append((rel, line, commit))
        self._queued_keys.update((key, *commit.aliases))
        if len(self._queue) >= self.batch:
            self.flush()
        return rel

    @property
    def queued(self) -> int:
        return len(self._queue)

    def holds(self, keys: Iterable[str]) -> bool:
        """Any of ``keys`` queued and not yet committed (a reader of the state must :meth:`flush` first)."""
        return any(k in self._queued_keys for k in keys)

    def _guarded(self, write: Callable[..., None], *args: Any) -> None:
        # after a failed write a torn line may end a file: an append behind it would be cut
        # with it by the next recovery, so the writer refuses to go on
        try:
            write(*args)
        except OSError as exc:
            self._broken = exc
            raise

    def _write_one(self, rel: str, line: bytes, commit: Committed) -> None:
        """The record alone: journal, line, fsync, then the store's own commit (it may refuse it)."""
        if self.fsync and self.before_sync is not None:
            self.before_sync()
        fh = self._file(rel)
        offset = fh.seek(0, os.SEEK_END)
        self.state.begin_write(
            PendingWrite(commit.key, commit.content_hash, commit.version, rel, offset)
        )
        fh.write(line)
        fh.flush()
        if self.fsync:
            os.fsync(fh.fileno())
        self.state.commit_version(
            commit.key,
            content_hash=commit.content_hash,
            version=commit.version,
            published_at=commit.published_at,
        )
        for alias in commit.aliases:
            self.state.commit_version(
                alias,
                content_hash=commit.content_hash,
                version=commit.version,
                published_at=commit.published_at,
            )
        if commit.fetch is not None:
            for key in (commit.key, *commit.aliases):
                self.state.record_fetch(key, kind="article", **commit.fetch.as_kwargs())
        self.written += 1
        self.written_new += commit.version == 1

    def flush(self) -> int:
        """Make the queued records durable and committed; return how many.

        Raises OSError when a write fails: the batch is not committed (the next run's
        :meth:`recover` keeps its complete lines or cuts them) and the writer stops.
        """
        queue, self._queue = self._queue, []
        self._queued_keys.clear()
        if not queue:
            return 0
        if self._broken is not None:
            raise OSError(
                f"{len(queue)} records not written after an earlier write error: {self._broken}"
            )
        self._guarded(self._write_batch, queue)
        return len(queue)

    def _write_batch(self, queue: list[tuple[str, bytes, Committed]]) -> None:
        if self.fsync and self.before_sync is not None:
            self.before_sync()
        ends: dict[str, int] = {}
        journal = []
        for rel, line, commit in queue:
            offset = ends[rel] if rel in ends else self._file(rel).seek(0, os.SEEK_END)
            ends[rel] = offset + len(line)
            journal.append(
                PendingWrite(commit.key, commit.content_hash, commit.version, rel, offset)
            )
        self.state.begin_writes(journal)
        for rel, line, _commit in queue:
            self._files[rel].write(line)
        for rel in ends:
            self._files[rel].flush()
        if self.fsync:
            self._fsync_all([self._files[rel].fileno() for rel in ends])
        self.state.commit_batch([commit for _rel, _line, commit in queue])
        self.written += len(queue)
        self.written_new += sum(commit.version == 1 for _rel, _line, commit in queue)

    def _fsync_all(self, fds: list[int]) -> None:
        """fsync a batch's files together, returning when all are durable (or raising the first error).

        A batch touches one file per publication month (dozens on a portal's archive): synced one
        after another the event loop waited for a journal commit each; synced at once, the file
        system commits them in one or a few.
        """
        if len(fds) == 1:
            os.fsync(fds[0])
            return
        if self._syncer is None:
            self._syncer = ThreadPoolExecutor(_SYNC_THREADS, thread_name_prefix="newsarchive-fsync")
        for _done in self._syncer.map(os.fsync, fds):
            pass

    def _file(self, rel: str) -> IO[bytes]:
        fh = self._files.get(rel)
        if fh is None:
            self.dir.mkdir(parents=True, exist_ok=True)
            fh = open(self.data_dir / rel, "ab")
            self._files[rel] = fh
        return fh

    def close(self) -> None:
        try:
            if self._broken is None:
                self.flush()
        finally:
            for fh in self._files.values():
                fh.close()
            self._files.clear()
            if self._syncer is not None:
                self._syncer.shutdown()
                self._syncer = None


def _line_at(path: Path, offset: int, content_hash: str, version: int) -> bool:
    if not path.exists():
        return False
    with open(path, "rb") as fh:
        fh.seek(offset)
        line = fh.readline()
    if not line.endswith(b"\n"):
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return record.get("content_hash") == content_hash and record.get("version") == version
