"""Two templates under one URL pattern, learned by one crawl worker and shared through a real Redis.

Since 0.2.2 a template is a URL pattern plus a class/id signature: two templates under
``info/{n}/{n}.htm`` get two profiles. A worker joining later must be given both, and each
page read only by its own template's profile.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from newsarchive.induce.learn import InducedProfile
from newsarchive.samples import PortalServer

sys.path.insert(0, str(Path(__file__).parents[1] / "template"))  # importlib mode: ``sitegen``
from sitegen import Generated, article_html, other_shell  # noqa: E402

pytestmark = [pytest.mark.crawl, pytest.mark.redis]

MIN_PAGES = 8
SHELL_B = "class:masthead"  # a class name only template B's page shell uses


def _page(n: int) -> Generated:
    """Odd articles are template A, even ones template B: interleaved in every list."""
    g = article_html(n)
    return g if n % 2 else other_shell(g)


def _write_site(root: Path) -> dict[str, Generated]:
    """Articles 1-40 listed from /index.htm, 41-80 from /more.htm (6 a list page), one URL pattern."""
    pages = {}
    for start, home in ((1, "index"), (41, "more")):
        batch = [_page(n) for n in range(start, start + 40)]
        chunks = [batch[i : i + 6] for i in range(0, len(batch), 6)]
        for i, chunk in enumerate(chunks):
            items = "".join(
                f'<li><a href="{g.path}">{g.title}</a><span>2021-03-01</span></li>' for g in chunk
            )
            nxt = f'<a href="/{home}/{i + 1}.htm">下一页</a>' if i + 1 < len(chunks) else ""
            name = root / (f"{home}.htm" if i == 0 else f"{home}/{i}.htm")
            name.parent.mkdir(parents=True, exist_ok=True)
            name.write_text(
                f'<html><head><meta charset="utf-8"><title>工作动态</title></head><body>'
                f'<ul class="list">{items}</ul>{nxt}</body></html>',
                encoding="utf-8",
            )
        for g in batch:
            dest = root / g.path.lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(g.html, encoding="utf-8")
            pages[g.path] = g
    return pages


def _crawl(dist: Any, start: str, data: Path, redis: Any, worker: str, logs: Path) -> dict:
    proc = dist.start_worker(
        "--start-url",
        start,
        "--data-dir",
        str(data),
        "--redis",
        redis.url,
        "--worker-id",
        worker,
        "-s",
        f"NEWSARCHIVE_INDUCE_MIN_PAGES={MIN_PAGES}",
        log=logs / f"{worker}.log",
    )
    return dist.summary_of(proc)


def test_a_worker_is_given_every_template_another_worker_learned_under_one_pattern(
    redis_db: Any, dist: Any, tmp_path: Path
) -> None:
    pages = _write_site(tmp_path / "site")
    with PortalServer(tmp_path / "site") as server:
        # worker 1 crawls the first half: it learns both templates and shares both profiles
        first = _crawl(dist, server.url + "/index.htm", tmp_path / "d1", redis_db, "w1", tmp_path)
        assert first["templates"]["induced"] == 2, first["templates"]
        files = sorted((tmp_path / "d1" / "127.0.0.1" / "profiles").glob("induced-*.toml"))
        learned = [InducedProfile.from_toml(p.read_text("utf-8")) for p in files]
        names = {SHELL_B in p.signature: p.name for p in learned}
        assert len(names) == 2  # one profile of A, one of B
        # worker 2 (another machine: its own data dir) joins later and crawls the second half
        second = _crawl(dist, server.url + "/more.htm", tmp_path / "d2", redis_db, "w2", tmp_path)
    t2 = second["templates"]
    assert t2.get("induced", 0) == 0, t2  # it learned neither: both came from Redis
    assert t2["shared_profiles_loaded"] == 2 and t2["pages_by_profile"] > 0, t2
    records = dist.read_records(tmp_path / "d2")
    assert len(records) == 40
    by_profile = 0
    for rec in records:
        g = pages[rec["url"].removeprefix(server.url)]
        made_by = rec["provenance"].get("extract_profile")
        is_b = SHELL_B.split(":")[1] in g.html
        # a page is read by its own template's profile (the one worker 1 induced for it) or generically
        assert made_by in (None, names[is_b]), (rec["url"], made_by)
        by_profile += made_by is not None
        assert (rec["title"], rec["published_at"]) == (g.title, g.published_at)
    assert by_profile >= 30
