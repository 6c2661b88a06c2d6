"""Group commit of JSONL records: durable together, never lost once committed, never duplicated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarchive.archive import RecordWriter, StateStore

HASH = "sha256:" + "ab" * 32


def _record(n: int, published: str = "2021-03-16") -> dict:
    return {
        "url": f"http://x/{n}.html",
        "published_date": published,
        "published_at": None,
        "content_hash": HASH,
        "version": 1,
        "title": f"标题{n}",
    }


def _lines(tmp_path: Path) -> list[dict]:
    return [
        json.loads(line)
        for p in sorted((tmp_path / "s" / "articles").glob("*.jsonl"))
        for line in p.read_text("utf-8").splitlines()
    ]


class _Killed(Exception):
    pass


class _KilledBeforeCommit(StateStore):
    """The process dies after the lines are written and before the batch is committed."""

    def commit_batch(self, commits):  # type: ignore[no-untyped-def]
        raise _Killed


def test_records_are_queued_then_made_durable_and_committed_together(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    synced: list[int] = []
    writer = RecordWriter(
        tmp_path, "s", state, batch=3, before_sync=lambda: synced.append(writer.queued)
    )
    writer.write(
        _record(1), key="http://x/1.html", aliases=["http://x/a1"], status=200, etag='"e1"'
    )
    writer.write(_record(2, "2021-04-01"), key="http://x/2.html")
    assert writer.holds(["http://x/a1"]) and not writer.holds(["http://x/3.html"])
    assert _lines(tmp_path) == [] and not state.archived("http://x/1.html") and synced == []
    writer.write(_record(3), key="http://x/3.html")  # the batch is full: flushed
    assert synced == [0]  # the WARC is synced once, before the lines
    assert [r["title"] for r in _lines(tmp_path)] == ["标题1", "标题3", "标题2"]
    assert all(state.archived(f"http://x/{n}.html") for n in (1, 2, 3))
    assert state.archived("http://x/a1") and not state.pending() and writer.queued == 0
    known = state.get("http://x/1.html")
    assert known is not None and known.etag == '"e1"' and known.kind == "article"
    assert (writer.written, writer.written_new) == (3, 3)


def test_close_flushes_what_is_queued(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state, batch=100)
    writer.write(_record(1), key="http://x/1.html")
    writer.close()
    assert len(_lines(tmp_path)) == 1 and state.archived("http://x/1.html")


def test_killed_after_the_lines_before_the_commit_recovery_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.sqlite"
    writer = RecordWriter(tmp_path, "s", _KilledBeforeCommit(path), batch=2)
    writer.write(_record(1), key="http://x/1.html")
    with pytest.raises(_Killed):
        writer.write(_record(2), key="http://x/2.html")
    state = StateStore(path)
    assert len(state.pending()) == 2 and not state.archived("http://x/1.html")
    result = RecordWriter(tmp_path, "s", state).recover()
    assert result["kept"] == 2 and not state.pending()
    assert state.archived("http://x/1.html") and state.archived("http://x/2.html")
    assert len(_lines(tmp_path)) == 2  # once each


def test_a_torn_batch_is_cut_back_and_its_records_are_not_archived(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.sqlite"
    state = StateStore(path)
    first = RecordWriter(tmp_path, "s", state, batch=1)
    first.write(_record(0), key="http://x/0.html")  # committed earlier: must survive
    writer = RecordWriter(tmp_path, "s", _KilledBeforeCommit(path), batch=2)
    writer.write(_record(1), key="http://x/1.html")
    with pytest.raises(_Killed):
        writer.write(_record(2), key="http://x/2.html")
    jsonl = tmp_path / "s" / "articles" / "2021-03.jsonl"
    data = jsonl.read_bytes()
    jsonl.write_bytes(data[: len(data) - 40])  # the last line torn: only part reached the disk
    result = RecordWriter(tmp_path, "s", state).recover()
    assert (result["kept"], result["undone"]) == (1, 1)
    assert [r["title"] for r in _lines(tmp_path)] == ["标题0", "标题1"]
    assert state.archived("http://x/1.html") and not state.archived("http://x/2.html")


class _FullDisk:
    """A file whose writes fail (no space left), as the JSONL file handle."""

    def __init__(self, fh):  # type: ignore[no-untyped-def]
        self.fh = fh

    def write(self, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.fh, name)


def test_a_failed_write_stops_the_writer_and_commits_nothing(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state, batch=2)
    writer.write(_record(1), key="http://x/1.html")
    rel = "s/articles/2021-03.jsonl"
    writer._files[rel] = _FullDisk(writer._file(rel))  # type: ignore[assignment]
    with pytest.raises(OSError, match="No space"):
        writer.write(_record(2), key="http://x/2.html")
    with pytest.raises(OSError, match="earlier write error"):
        writer.write(_record(3), key="http://x/3.html")
    assert not state.archived("http://x/1.html") and writer.written == 0
    writer.close()  # no further append behind a torn line


def test_a_store_that_claims_each_record_gets_no_group_commit(tmp_path: Path) -> None:
    class OneByOne(StateStore):
        group_commit = False

    state = OneByOne(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state, batch=50)
    writer.write(_record(1), key="http://x/1.html")
    assert writer.batch == 1 and state.archived("http://x/1.html")


def test_a_batch_over_many_months_is_fsynced_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's files (one per publication month) are fsynced together, in threads: every one
    of them before the batch is committed."""
    import os
    import threading

    state = StateStore(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state, batch=6)
    real = os.fsync
    synced: list[tuple[int, str]] = []
    committed_before: list[bool] = []

    def fsync(fd: int) -> None:
        real(fd)
        synced.append((fd, threading.current_thread().name))
        committed_before.append(any(state.archived(f"http://x/{n}.html") for n in range(6)))

    monkeypatch.setattr(os, "fsync", fsync)
    for n in range(6):
        writer.write(_record(n, f"2021-{n + 1:02d}-01"), key=f"http://x/{n}.html")
    assert len(_lines(tmp_path)) == 6 and all(
        state.archived(f"http://x/{n}.html") for n in range(6)
    )
    assert len({fd for fd, _ in synced}) == 6  # each month's file made durable before the commit
    assert all(name.startswith("newsarchive-fsync") for _, name in synced)
    assert committed_before == [False] * 6


def test_one_failed_fsync_of_a_batch_fails_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    state = StateStore(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state, batch=4)
    real = os.fsync

    def fails_on_march(fd: int) -> None:
        if fd == writer._files["s/articles/2021-03.jsonl"].fileno():
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fails_on_march)
    for n in range(3):
        writer.write(_record(n, f"2021-0{n + 1}-01"), key=f"http://x/{n}.html")
    with pytest.raises(OSError, match="No space"):
        writer.write(_record(3, "2021-04-01"), key="http://x/3.html")
    assert not any(state.archived(f"http://x/{n}.html") for n in range(4))
    assert (
        writer.written == 0 and len(state.pending()) == 4
    )  # recovery decides, as for any torn batch
    with pytest.raises(OSError, match="earlier write error"):
        writer.write(_record(4), key="http://x/4.html")
    writer.close()
