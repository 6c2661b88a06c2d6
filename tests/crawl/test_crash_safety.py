"""kill -9 in mid-crawl, then run again: no duplicate, no loss, no half line, readable WARC."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl]


def _lines(data: Path) -> int:
    """Whole lines written so far (the crawler is busy in the same tree: look only at articles/)."""
    articles = data / "127.0.0.1" / "articles"
    return (
        sum(p.read_bytes().count(b"\n") for p in articles.glob("*.jsonl"))
        if articles.is_dir()
        else 0
    )


def test_sigkill_mid_crawl_then_resume(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=90, per_page=10, extras=False)
    data = tmp_path / "data"
    with PortalServer(info.root, latency=0.01) as server:
        args = [
            "--start-url",
            server.url + info.home,
            "--data-dir",
            str(data),
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            # small groups: records become durable a few at a time, so the kill lands mid-crawl,
            # between one group's commit and the next (the default of 100 would hold all 90)
            "-s",
            "NEWSARCHIVE_COMMIT_BATCH=5",
        ]
        proc = subprocess.Popen(
            crawl_tools.command(*args),
            cwd=crawl_tools.repo,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while _lines(data) < 15 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        written_before = _lines(data)
        assert 0 < written_before < len(info.articles)
        assert (
            data / "127.0.0.1" / "job"
        ).exists()  # a killed run leaves its JOBDIR (and marker) behind

        run = crawl_tools.run(*args)
        assert run.returncode == 0, run.stderr[-3000:]

    records = crawl_tools.read(data)  # fails on any partial line
    paths = [urlsplit(r["url"]).path for r in records]
    assert len(paths) == len(set(paths)), "duplicate records after the restart"
    assert set(paths) == set(info.articles), "articles lost across the kill"
    # what the killed run wrote stays; the restart writes exactly the rest
    assert run.summary is not None and run.summary["articles_new"] == len(records) - written_before
    # every WARC file reads to the end, and every record's offset is a response for its URL
    for path in (data / "127.0.0.1" / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                rec.content_stream().read()
    for record in records:
        prov = record["provenance"]
        with open(data / prov["warc_file"], "rb") as fh:
            fh.seek(prov["warc_offset"])
            rec = next(iter(ArchiveIterator(fh)))
            assert (
                rec.rec_type == "response"
                and rec.rec_headers.get_header("WARC-Target-URI") == record["url"]
            )
    # a second full run writes nothing more
    with PortalServer(info.root, port=urlsplit(server.url).port) as again:
        run = crawl_tools.run(*args)
        assert run.returncode == 0 and run.summary["articles_new"] == 0
        assert not [p for p in again.paths() if p in set(info.articles)]
    assert len(crawl_tools.read(data)) == len(records)
