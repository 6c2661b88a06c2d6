"""Helpers for crawl tests: run the CLI in a subprocess with tight timeouts, read what it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]

# loopback crawls: no politeness delays, small timeouts, quick retries
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "DOWNLOAD_TIMEOUT=1",
    "-s",
    "RETRY_TIMES=1",
    "-s",
    "NEWSARCHIVE_RETRY_BACKOFF_BASE=0.05",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


@dataclass
class CrawlRun:
    returncode: int
    summary: dict[str, Any] | None
    stdout: str
    stderr: str


def crawl_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsarchive", "crawl", *FAST, *args, "--json"]


def run_crawl(*args: str, timeout: float = 120) -> CrawlRun:
    proc = subprocess.run(
        crawl_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    summary = None
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            summary = json.loads(line)
    return CrawlRun(proc.returncode, summary, proc.stdout, proc.stderr)


def read_records(data_dir: Path) -> list[dict[str, Any]]:
    """Every record under the data dir; fails on a line that is not whole JSON."""
    records = []
    for path in sorted(Path(data_dir).rglob("*.jsonl")):
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), f"{path}: partial last line"
        for n, line in enumerate(data.splitlines(), 1):
            try:
                records.append(json.loads(line))
            except ValueError as exc:  # pragma: no cover - the assertion message is the point
                raise AssertionError(f"{path}:{n}: not JSON: {line[:80]!r}") from exc
    return records


@pytest.fixture(scope="session")
def crawl_tools() -> SimpleNamespace:
    """``run(*cli_args)``, ``read(data_dir)``, ``command(*cli_args)`` and ``repo`` for crawl tests."""
    return SimpleNamespace(
        run=run_crawl, read=read_records, command=crawl_command, repo=REPO, fast=list(FAST)
    )
