"""End to end: crawl the mock portal on 127.0.0.1, then reextract rebuilds the same records from the WARCs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsarchive.cli import main
from newsarchive.dataset import open_dataset

pytest.importorskip("newsarchive.samples")
pytest.importorskip("newsarchive.commands.crawl")

FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "DOWNLOAD_TIMEOUT=0.5",
    "-s",
    "RETRY_TIMES=1",
    "-s",
    "NEWSARCHIVE_RETRY_BACKOFF_BASE=0.05",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


@pytest.mark.crawl
def test_reextract_reproduces_crawled_records(portal: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            *FAST,
            "--start-url",
            portal.abs(portal.info.home),
            "--data-dir",
            str(data),
            "--json",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    crawled = list(open_dataset(data, strict=True))
    assert len(crawled) >= 15, "the mock portal should yield most of its articles"

    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["reextract", str(data), "--out", str(tmp_path / "rebuilt"), "--json"],
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert report["matched"] == len(crawled) and report["new"] == 0 and report["unmatched_old"] == 0
    assert report["changed"] == 0, report["field_changes"]

    rebuilt = {(r["url"], r["version"]): r for r in open_dataset(tmp_path / "rebuilt", strict=True)}
    assert len(rebuilt) == len(crawled)
    for old in crawled:
        new = rebuilt[(old["url"], old["version"])]
        for name in (
            "title",
            "text",
            "published_at",
            "source",
            "authors",
            "content_hash",
            "site",
            "provenance",
        ):
            assert new[name] == old[name], (old["url"], name)
    # the same files, by site and month
    assert sorted(
        p.relative_to(tmp_path / "rebuilt") for p in (tmp_path / "rebuilt").rglob("*.jsonl")
    ) == sorted(p.relative_to(data) for p in data.rglob("*.jsonl"))
