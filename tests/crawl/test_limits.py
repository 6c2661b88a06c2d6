"""--since, --max-depth, --max-pages, and a clean pause (SIGINT) resumed from the JOBDIR."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl]


def _paths(records: list[dict[str, Any]]) -> set[str]:
    return {urlsplit(r["url"]).path for r in records}


def test_since_skips_old_articles_and_stops_paginating(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=48, per_page=2, extras=False)
    since = "2021-02-25"  # the news list's third page holds only older items
    with PortalServer(info.root) as server:
        run = crawl_tools.run(
            "--start-url",
            server.url + info.home,
            "--data-dir",
            str(tmp_path / "d"),
            "--since",
            since,
        )
        requested = server.paths()
    assert run.returncode == 0, run.stderr[-2000:]
    records = crawl_tools.read(tmp_path / "d")
    assert _paths(records) == {p for p in info.articles if info.dates[p] >= since}
    assert all(r["published_at"] >= since for r in records)
    # pagination stops once a page holds only older items (pages already queued may still come)
    assert "/news/index_2.html" in requested and "/news/index_5.html" not in requested
    assert "/local/list_7.html" not in requested and "/gov/list.html?page=7" not in requested
    assert run.summary["articles_skipped_old"] > 0


def test_max_depth_one_reaches_only_the_home_page_links(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=24, per_page=4, extras=False)
    with PortalServer(info.root) as server:
        run = crawl_tools.run(
            "--start-url",
            server.url + info.home,
            "--data-dir",
            str(tmp_path / "d"),
            "--max-depth",
            "1",
        )
    assert run.returncode == 0, run.stderr[-2000:]
    top5 = sorted(info.generated, key=lambda p: info.dates[p], reverse=True)[:5]
    assert _paths(crawl_tools.read(tmp_path / "d")) == set(top5)


def test_max_pages_stops_early(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=40, per_page=10, extras=False)
    with PortalServer(info.root) as server:
        run = crawl_tools.run(
            "--start-url",
            server.url + info.home,
            "--data-dir",
            str(tmp_path / "d"),
            "--max-pages",
            "8",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.summary["finish_reason"] == "closespider_pagecount"
    assert 0 < len(crawl_tools.read(tmp_path / "d")) < len(info.articles)


def test_sigint_pauses_and_the_next_run_resumes(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=60, per_page=10, extras=False)
    data = tmp_path / "d"
    with PortalServer(info.root, latency=0.02) as server:
        args = [
            "--start-url",
            server.url + info.home,
            "--data-dir",
            str(data),
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            "-s",
            "NEWSARCHIVE_COMMIT_BATCH=5",  # records durable a few at a time: the pause lands mid-crawl
        ]
        proc = subprocess.Popen(
            crawl_tools.command(*args),
            cwd=crawl_tools.repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            articles = data / "127.0.0.1" / "articles"
            if (
                articles.is_dir()
                and sum(p.read_bytes().count(b"\n") for p in articles.glob("*.jsonl")) >= 10
            ):
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err[-2000:]
        job = data / "127.0.0.1" / "job"
        assert job.is_dir() and not (job / "newsarchive.running").exists()
        before = len(crawl_tools.read(data))
        assert before < len(info.articles)
        run = crawl_tools.run(*args)
        assert run.returncode == 0, run.stderr[-2000:]
    records = crawl_tools.read(data)
    paths = [urlsplit(r["url"]).path for r in records]
    assert len(paths) == len(set(paths)) and set(paths) == set(info.articles)
    assert not (data / "127.0.0.1" / "job").exists()
