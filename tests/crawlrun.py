"""Running ``newsarchive crawl`` in a subprocess for tests, and reading what it wrote: one copy.

Used by tests/crawl (through its ``crawl_tools`` fixture), tests/hostile and tests/distributed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def fast_flags(download_timeout: float = 1, concurrency: int = 8) -> list[str]:
    """Loopback crawls: no politeness delays, small timeouts, quick retries."""
    settings = {
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "DOWNLOAD_TIMEOUT": f"{download_timeout:g}",
        "RETRY_TIMES": "1",
        "NEWSARCHIVE_RETRY_BACKOFF_BASE": "0.05",
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
    }
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


FAST = fast_flags()


@dataclass
class CrawlRun:
    returncode: int
    summary: dict[str, Any] | None
    stdout: str
    stderr: str


def crawl_command(*args: str, flags: list[str] | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsarchive",
        "crawl",
        *(FAST if flags is None else flags),
        *args,
        "--json",
    ]


def run_crawl(
    *args: str,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    flags: list[str] | None = None,
) -> CrawlRun:
    """``newsarchive crawl FLAGS ARGS --json`` in a subprocess; the last JSON line of stdout is the summary."""
    proc = subprocess.run(
        crawl_command(*args, flags=flags),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
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
