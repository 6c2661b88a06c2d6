"""Helpers for crawl tests: run the CLI in a subprocess with tight timeouts, read what it wrote (tests/crawlrun.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ..crawlrun import FAST, REPO, crawl_command, read_records, run_crawl


@pytest.fixture(scope="session")
def crawl_tools() -> SimpleNamespace:
    """``run(*cli_args)``, ``read(data_dir)``, ``command(*cli_args)`` and ``repo`` for crawl tests."""
    return SimpleNamespace(
        run=run_crawl, read=read_records, command=crawl_command, repo=REPO, fast=list(FAST)
    )
