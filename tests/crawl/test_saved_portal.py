"""A crawl of a real portal's saved pages (../shared/corpus/sites/cst-nuc-2021) from its home page.

Its articles (``info/1034/1794.htm``) match no generic URL rule: they are found from the
lists' structure. The full crawl (~1,850 pages) is measured by benchmarks/crawl.py; this
test crawls a bounded part of it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsarchive.cli import ExitStatus
from newsarchive.samples import PortalServer

SITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "sites" / "cst-nuc-2021"
ARTICLE_FILE = re.compile(r"^/info/\d+/\d+\.htm$")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.crawl,
    pytest.mark.skipif(
        not (SITE / "index.htm").is_file(),
        reason="../shared/corpus/sites/cst-nuc-2021 is not available",
    ),
]


def test_saved_portal_articles_from_list_structure(tmp_path: Path, crawl_tools: Any) -> None:
    data = tmp_path / "data"
    with PortalServer(SITE) as server:
        run = crawl_tools.run(
            "--start-url",
            f"{server.url}/index.htm",
            "--data-dir",
            str(data),
            "--max-pages",
            "300",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            timeout=400,
        )
        missing = Counter(r.path for r in server.requests if r.status == 404)
    missing.pop(
        "/robots.txt", None
    )  # the site has none: fetched by the robots middleware, not a link
    assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
    summary = run.summary
    assert summary is not None and summary["status"] == "ok", summary
    paths = [r["url"][len(server.url) :] for r in crawl_tools.read(data)]
    # articles are fetched ahead of lists: most of the pages are articles, each archived once
    assert len(paths) >= 150, summary
    assert len(paths) == len(set(paths))
    assert all(ARTICLE_FILE.match(p) and (SITE / p.lstrip("/")).is_file() for p in paths), paths[
        :20
    ]
    # links to pages that do not exist are dead links, never errors
    assert summary["errors"] == 0 and summary["dead_links"] == sum(missing.values())
