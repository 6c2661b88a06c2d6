"""Crawler traps (issue 12, finding 12): endless lists and calendars stop at default limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsarchive.addons import ADHOC_LIMITS

from .crawl_servers import Answer, ScriptedServer, run_crawl

pytestmark = [pytest.mark.crawl]


def _endless_list(path: str) -> Answer:
    """``/list.html?page=N``: ten items and a pager linking pages N+1 .. N+10, forever."""
    match = re.search(r"page=(\d+)", path)
    n = int(match.group(1)) if match else 1
    items = "".join(
        f"<li><a href='/info/{n}/{k}.pdf'>通知公告第{n}页第{k}条</a><span>2021-03-16</span></li>"
        for k in range(10)
    )
    body = (
        f"<html><head><title>通知公告</title></head><body><ul class='list'>{items}</ul>"
        "<div class='page'>"
        + "".join(f"<a href='/list.html?page={n + k}'>{n + k}</a>" for k in range(1, 11))
        + f"<a href='/list.html?page={n + 1}'>下一页</a></div></body></html>"
    )
    return Answer(200, body.encode())


def _calendar(path: str) -> Answer:
    """``/cal/YYYY/MM/`` and ``/events/list.html?month=YYYY-MM`` link to the next and previous month, forever."""
    match = re.search(r"(\d{4})[/-](\d{2})", path)
    year, month = (int(match.group(1)), int(match.group(2))) if match else (2026, 1)
    nxt = (year + month // 12, month % 12 + 1)
    prv = (year - (month == 1), (month - 2) % 12 + 1)
    links = "".join(
        f"<a href='/cal/{y:04d}/{m:02d}/'>{y}年{m}月</a> "
        f"<a href='/events/list.html?month={y:04d}-{m:02d}'>{y}年{m}月活动</a> "
        for y, m in (nxt, prv)
    )
    body = f"<html><head><title>日历 {year}年{month}月</title></head><body><div class='cal'>{links}</div></body></html>"
    return Answer(200, body.encode())


def test_endless_page_list_stops_at_the_default_list_budget(tmp_path: Path) -> None:
    with ScriptedServer(fallback=_endless_list) as server:
        run = run_crawl(
            "--start-url",
            server.url + "/list.html?page=1",
            "--data-dir",
            str(tmp_path / "d"),
            "-s",
            "NEWSARCHIVE_RETRY_BACKOFF_BASE=0.01",
            timeout=300,
        )
        lists = [h for h in server.hits if h.startswith("/list.html")]
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(lists) == ADHOC_LIMITS["NEWSARCHIVE_MAX_LIST_PAGES"]
    assert run.summary is not None and run.summary["traps_avoided"] >= 1


def test_an_option_raises_the_list_budget(tmp_path: Path) -> None:
    with ScriptedServer(fallback=_endless_list) as server:
        run = run_crawl(
            "--start-url",
            server.url + "/list.html?page=1",
            "--data-dir",
            str(tmp_path / "d"),
            "-s",
            "NEWSARCHIVE_MAX_LIST_PAGES=40",
            "--max-pages",
            "60",
        )
        lists = [h for h in server.hits if h.startswith("/list.html")]
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(lists) == 40


@pytest.mark.parametrize(
    ("start", "edge"), [("/cal/2026/06/", "future"), ("/events/list.html?month=1980-06", "past")]
)
def test_calendar_trap_stays_within_the_date_window(tmp_path: Path, start: str, edge: str) -> None:
    this_year = datetime.now(UTC).year
    start = start.replace("2026", str(this_year))
    with ScriptedServer(fallback=_calendar) as server:
        run = run_crawl(
            "--start-url", server.url + start, "--data-dir", str(tmp_path / "d"), timeout=300
        )
        years = [
            int(m.group(1)) for h in server.hits if (m := re.search(r"(?:/cal/|month=)(\d{4})", h))
        ]
    assert run.returncode == 0, run.stderr[-2000:]
    assert years and max(years) <= this_year + 1 and min(years) >= this_year - 50
    # followed up to the window's edge, not cut short
    assert (max(years) == this_year + 1) if edge == "future" else (min(years) == this_year - 50)
    assert run.summary is not None and run.summary["traps_avoided"] >= 1


def test_profile_crawls_have_no_list_budget_unless_the_profile_sets_one(tmp_path: Path) -> None:
    with ScriptedServer(fallback=_endless_list) as server:
        profile = tmp_path / "p.toml"
        profile.write_text(
            f'name = "p"\nstart_urls = ["{server.url}/list.html?page=1"]\n'
            "[settings]\nNEWSARCHIVE_MAX_LIST_PAGES = 25\n",
            encoding="utf-8",
        )
        run = run_crawl(str(profile), "--data-dir", str(tmp_path / "d"))
        lists = [h for h in server.hits if h.startswith("/list.html")]
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(lists) == 25
