"""Walking the generated demo portal's files with discover_links alone reaches every article."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsarchive.links import canonicalize_url, discover_links
from newsarchive.sites import adhoc_profile

samples = pytest.importorskip("newsarchive.samples.portal")
BASE = "http://127.0.0.1:8000"


def test_every_article_is_reachable_from_home(tmp_path: Path) -> None:
    info = samples.build_portal(tmp_path, articles=40, script_lists=True)
    profile = adhoc_profile([BASE + info.home])
    queue, seen, articles = [BASE + info.home], set(), set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        path = tmp_path / (parts.path.lstrip("/") + (f"@{parts.query}" if parts.query else ""))
        if not path.is_file():
            continue
        links = discover_links(path.read_bytes(), url, profile=profile)
        articles.update(links.articles)
        queue += [u for u in links.lists if u not in seen]
    expected = {canonicalize_url(BASE + p) for p in info.articles} - {
        canonicalize_url(BASE + target) for target in info.redirected.values()
    }
    assert expected <= articles
    assert {canonicalize_url(BASE + p) for p in info.lists} <= seen
    assert not any("offsite.invalid" in u or "example.com" in u for u in articles | seen)
    # tracking-parameter duplicates on the home page collapse into one URL each
    assert not any("utm_" in u or "spm=" in u or "#" in u for u in articles)
