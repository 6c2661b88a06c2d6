"""The archive's parts on their own: write journal recovery, WARC repair, site lock, state store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.archive import (
    PendingWrite,
    RecordWriter,
    SiteLock,
    StateStore,
    WarcArchive,
    partition_name,
    repair_jsonl_tail,
    repair_warc,
)
from newsarchive.archive.warc import WarcLocation
from newsarchive.exceptions import LockHeldError

HASH = "sha256:" + "ab" * 32


def _record(url: str, version: int = 1, published: str | None = "2021-03-16") -> dict:
    return {
        "url": url,
        "published_date": published,
        "published_at": None,
        "content_hash": HASH if version == 1 else "sha256:" + "cd" * 32,
        "version": version,
        "title": "标题",
    }


def test_partition_names() -> None:
    assert partition_name("2021-03-16T10:00:00+08:00") == "2021-03.jsonl"
    assert partition_name("2021-03-16") == "2021-03.jsonl"
    assert partition_name(None) == "undated.jsonl"
    assert partition_name("2021-03-16", "w1") == "2021-03.w1.jsonl"


def test_write_commits_state_and_keeps_utf8(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    writer = RecordWriter(tmp_path, "s", state)
    rel = writer.write(_record("http://x/1.html"), key="http://x/1.html")
    writer.close()
    assert rel == "s/articles/2021-03.jsonl"
    text = (tmp_path / rel).read_text(encoding="utf-8")
    assert "标题" in text and text.endswith("\n")
    assert state.archived("http://x/1.html") and not state.pending()


def test_recover_keeps_a_complete_pending_line(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    path = tmp_path / "s" / "articles" / "2021-03.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(_record("http://x/1.html")) + "\n")
    state.begin_write(PendingWrite("http://x/1.html", HASH, 1, "s/articles/2021-03.jsonl", 0))
    result = RecordWriter(tmp_path, "s", state).recover()
    assert result["kept"] == 1 and state.archived("http://x/1.html") and not state.pending()


def test_recover_undoes_a_half_written_line(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s" / "state.sqlite")
    path = tmp_path / "s" / "articles" / "2021-03.jsonl"
    path.parent.mkdir(parents=True)
    whole = json.dumps(_record("http://x/1.html")) + "\n"
    path.write_text(whole + json.dumps(_record("http://x/2.html"))[:25])
    state.begin_write(
        PendingWrite("http://x/2.html", HASH, 1, "s/articles/2021-03.jsonl", len(whole.encode()))
    )
    result = RecordWriter(tmp_path, "s", state).recover()
    assert result["undone"] == 1 and not state.archived("http://x/2.html")
    assert path.read_text() == whole


def test_repair_jsonl_tail(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":')
    assert repair_jsonl_tail(path) == 5 and path.read_bytes() == b'{"a":1}\n'
    assert repair_jsonl_tail(path) == 0


def _write(archive: WarcArchive, n: int) -> None:
    for i in range(n):
        archive.write(
            f"http://x/{i}.html",
            status=200,
            reason="OK",
            response_headers=[(b"Content-Type", b"text/html"), (b"Transfer-Encoding", b"chunked")],
            body=f"<html><body>{i}</body></html>".encode() * 40,
            method="GET",
            request_headers=[(b"User-Agent", b"newsarchive/test")],
        )


def test_warc_rotation_offsets_and_repair(tmp_path: Path) -> None:
    opened, closed = [], []
    archive = WarcArchive(
        tmp_path, "s", max_size=1500, on_open=opened.append, on_close=closed.append
    )
    _write(archive, 6)
    archive.close()
    assert len(archive.files) >= 2 and opened == closed == archive.files
    first = tmp_path / archive.files[0]
    with open(first, "rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types[0] == "warcinfo" and types[1:3] == ["response", "request"]
    good = first.stat().st_size
    with open(first, "rb") as fh:  # where the file's last record starts
        it = ArchiveIterator(fh)
        for record in it:
            record.content_stream().read()
            last = it.get_record_offset()
    data = first.read_bytes()
    torn = data[last:][: (good - last) // 2]  # a killed writer leaves a prefix of a record
    with open(first, "ab") as fh:
        fh.write(torn)
    assert repair_warc(first) == len(torn) and first.stat().st_size == good
    assert repair_warc(first) == 0


def test_warc_records_written_from_threads_land_whole_where_append_says(tmp_path: Path) -> None:
    """The crawl builds and appends a page's records in a writer thread, and rotates files on the
    loop's (ensure_room): each location is that page's response, files read to their end (no record
    torn or interleaved), each append is in the file at once (a killed crawl keeps it)."""
    from concurrent.futures import ThreadPoolExecutor

    opened: list[str] = []
    archive = WarcArchive(tmp_path, "s", max_size=6000, on_open=opened.append)
    pages = {f"http://127.0.0.1/{i}.html": f"<p>第{i}页</p>".encode() * (20 + i) for i in range(24)}

    def write(url: str) -> WarcLocation:
        where = archive.append(
            *archive.build(
                url,
                status=200,
                reason="OK",
                response_headers=[(b"Content-Type", b"text/html; charset=utf-8")],
                body=pages[url],
                method="GET",
                request_headers=[(b"User-Agent", b"newsarchive/test")],
            )
        )
        assert (tmp_path / where.file).stat().st_size >= where.offset + 100  # flushed
        return where

    located = {}
    with ThreadPoolExecutor(4) as pool:
        urls = list(pages)
        for i in range(0, len(urls), 4):  # four pages in flight at a time, then the loop's turn
            archive.ensure_room()
            located.update(zip(urls[i : i + 4], pool.map(write, urls[i : i + 4]), strict=True))
    archive.close()
    assert len(archive.files) >= 2 and opened == archive.files  # rotated, each file noted
    for url, where in located.items():
        with open(tmp_path / where.file, "rb") as fh:
            fh.seek(where.offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Record-ID") == where.record_id
            assert record.rec_headers.get_header("WARC-Target-URI") == url
            assert record.content_stream().read() == pages[url]
    for name in archive.files:
        assert repair_warc(tmp_path / name) == 0  # nothing torn to cut
        with open(tmp_path / name, "rb") as fh:
            kinds = [r.rec_type for r in ArchiveIterator(fh)]
        assert kinds[0] == "warcinfo" and kinds[1::2] == ["response"] * (len(kinds) // 2)
    counts = []
    for name in archive.files:
        with open(tmp_path / name, "rb") as fh:
            counts.append(sum(1 for _ in ArchiveIterator(fh)))
    assert sum(counts) == len(archive.files) + 2 * len(pages)  # each page's two, once


def test_a_failed_warc_append_stops_the_archive(tmp_path: Path) -> None:
    """After a failed write part of a record may be in the file: nothing is appended behind it
    (its offset would be wrong, and the next run's repair cuts from the torn record on)."""
    archive = WarcArchive(tmp_path, "s")
    _write(archive, 1)

    class _FullDisk:
        def __init__(self, fh):  # type: ignore[no-untyped-def]
            self.fh = fh

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.fh, name)

    real = archive._fh
    archive._fh = _FullDisk(real)  # type: ignore[assignment]
    with pytest.raises(OSError, match="No space"):
        _write(archive, 1)
    archive._fh = real
    with pytest.raises(OSError, match="earlier write error"):
        _write(archive, 1)
    archive.close()
    first = tmp_path / archive.files[0]
    size = first.stat().st_size
    assert repair_warc(first) > 0  # the torn part is cut, the first page's records kept
    with open(first, "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    # (the failed page's response record may be whole: only its torn request is cut)
    assert kinds[:3] == ["warcinfo", "response", "request"] and len(kinds) <= 4
    assert first.stat().st_size < size


def test_site_lock_excludes_a_second_run(tmp_path: Path) -> None:
    with SiteLock(tmp_path / "s"), pytest.raises(LockHeldError, match="another crawl"):
        SiteLock(tmp_path / "s").acquire()
    SiteLock(tmp_path / "s").acquire().release()  # free again


def test_state_keeps_validators_and_versions(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state.sqlite")
    state.record_fetch(
        "http://x/1.html", kind="article", status=200, etag='"e1"', last_modified="Tue, 16 Mar 2021"
    )
    state.commit_version("http://x/1.html", content_hash=HASH, version=1, published_at="2021-03-16")
    state.record_fetch("http://x/1.html", kind="article", status=304)
    got = state.get("http://x/1.html")
    assert got is not None and got.version == 1 and got.etag == '"e1"' and got.status == 304
    assert state.counts() == {"urls": 1, "archived": 1, "errors": 0}
