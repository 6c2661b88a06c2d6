"""Crash-safe JSON Lines output partitioned by publication month, journalled in the state store."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import IO, Any

from ..jsonl import dumps
from .state import PendingWrite, StateStore

__all__ = ["RecordWriter", "partition_name", "repair_jsonl_tail"]

logger = logging.getLogger(__name__)


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
    """

    def __init__(
        self,
        data_dir: Path | str,
        site: str,
        state: StateStore,
        *,
        fsync: bool = True,
        worker: str | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.site = site
        self.dir = self.data_dir / site / "articles"
        self.state = state
        self.fsync = fsync
        self.worker = worker
        self._files: dict[str, IO[bytes]] = {}
        self.written = 0

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

    def write(self, record: dict[str, Any], *, key: str) -> str:
        """Write one record durably under state key ``key``; return its file relative to the data dir."""
        name = partition_name(record.get("published_date"), self.worker)
        rel = f"{self.site}/articles/{name}"
        fh = self._files.get(rel)
        if fh is None:
            self.dir.mkdir(parents=True, exist_ok=True)
            fh = open(self.data_dir / rel, "ab")
            self._files[rel] = fh
        line = (dumps(record) + "\n").encode("utf-8")
        offset = fh.seek(0, os.SEEK_END)
        self.state.begin_write(
            PendingWrite(key, record["content_hash"], record["version"], rel, offset)
        )
        fh.write(line)
        fh.flush()
        if self.fsync:
            os.fsync(fh.fileno())
        self.state.commit_version(
            key,
            content_hash=record["content_hash"],
            version=record["version"],
            published_at=record.get("published_at") or record.get("published_date"),
        )
        self.written += 1
        return rel

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()


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
