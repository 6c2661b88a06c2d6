"""The crawl command's exit statuses and its other entry point, `scrapy crawl portal`."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsarchive.archive import SiteLock
from newsarchive.cli import ExitStatus, main
from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl]


def _main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(["crawl", *argv], stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_usage_errors() -> None:
    assert _main()[0] == ExitStatus.USAGE
    assert _main("yichun", "--start-url", "http://127.0.0.1/")[0] == ExitStatus.USAGE
    code, _, err = _main("--start-url", "http://127.0.0.1/", "--since", "yesterday")
    assert code == ExitStatus.USAGE and "--since" in err
    code, _, err = _main("no-such-site")
    assert code == ExitStatus.ERROR and "unknown site profile" in err


def test_lock_held_exits_4(tmp_path: Path) -> None:
    with SiteLock(tmp_path / "127.0.0.1"):
        code, _, err = _main("--start-url", "http://127.0.0.1:9/", "--data-dir", str(tmp_path))
    assert code == ExitStatus.LOCKED and "another crawl" in err


def test_nothing_fetched_exits_3(tmp_path: Path, crawl_tools: Any) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = crawl_tools.run(
        "--start-url", f"http://127.0.0.1:{port}/index.html", "--data-dir", str(tmp_path)
    )
    assert run.returncode == ExitStatus.CRAWL_FAILED, run.stderr[-2000:]
    assert run.summary is not None and run.summary["status"] == "failed"
    assert "nothing fetched" in run.stderr
    assert list((tmp_path / "127.0.0.1" / "runs").glob("*.json"))


def _profile_file(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "mock.toml"
    path.write_text(
        f"""name = "mock"
title = "示例日报"
start_urls = ["{base}/index.html"]
allowed_domains = ["127.0.0.1"]
article_patterns = ['/news/\\d{{6}}/t\\d{{8}}_\\d+\\.html$']
deny_patterns = ['/gov/']

[settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
""",
        encoding="utf-8",
    )
    return path


def test_scrapy_crawl_portal_with_a_profile_file(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=9, per_page=5, extras=False)
    data = tmp_path / "data"
    with PortalServer(info.root) as server:
        profile = _profile_file(tmp_path, server.url)
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "portal",
            "-a",
            f"site={profile}",
            "-s",
            f"NEWSARCHIVE_DATA_DIR={data}",
            "-s",
            "LOG_LEVEL=WARNING",
            *crawl_tools.fast,
        ]
        proc = subprocess.run(
            cmd,
            cwd=crawl_tools.repo,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = crawl_tools.read(data)
    # the profile denies /gov/: only news and local articles, filed under the profile's name
    assert {r["url"].split(":", 2)[2].split("/", 1)[1] for r in records} == {
        p.lstrip("/") for p in info.articles if not p.startswith("/gov/")
    }
    assert {r["site"] for r in records} == {"mock"}
    assert list((data / "mock" / "runs").glob("*.json"))


def test_scrapy_crawl_portal_with_start_urls(tmp_path: Path, crawl_tools: Any) -> None:
    info = build_portal(tmp_path / "portal", articles=9, per_page=5, extras=False)
    data = tmp_path / "data"
    with PortalServer(info.root) as server:
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "portal",
            "-a",
            f"start_urls={server.url}/index.html",
            "-s",
            f"NEWSARCHIVE_DATA_DIR={data}",
            "-s",
            "LOG_LEVEL=WARNING",
            *crawl_tools.fast,
        ]
        proc = subprocess.run(
            cmd,
            cwd=crawl_tools.repo,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(crawl_tools.read(data)) == len(info.articles)


def test_demo_crawls_the_sample_portal(tmp_path: Path, crawl_tools: Any) -> None:
    """The README's first command (with a data dir of its own)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            "--demo",
            "--data-dir",
            str(tmp_path),
            "--json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ok" and summary["articles_new"] > 50 and summary["errors"] == 0
    assert len(crawl_tools.read(tmp_path)) == summary["articles_new"]
