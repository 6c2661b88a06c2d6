"""A huge robots.txt (issue 12, finding 11): read up to its cap, its rules in that prefix obeyed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .crawl_servers import Answer, ScriptedServer, read_records, run_crawl

pytestmark = [pytest.mark.crawl]

ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()


@pytest.mark.parametrize("megabytes", [5, 20])
def test_huge_robots_txt_is_cut_and_its_rules_obeyed(tmp_path: Path, megabytes: int) -> None:
    filler = b"# " + b"x" * 97 + b"\n"
    robots = b"User-agent: *\nDisallow: /secret/\n" + filler * (megabytes * 10_000)
    home = (
        "<html><body><ul><li><a href='/2021/03/16/t20210316_1.html'>新闻标题第一条</a></li>"
        "<li><a href='/secret/2021/03/16/t20210316_2.html'>新闻标题第二条</a></li></ul></body></html>"
    ).encode()
    routes = {
        "/robots.txt": Answer(200, robots, {"Content-Type": "text/plain"}),
        "/": Answer(200, home),
    }
    with ScriptedServer(routes, fallback=Answer(200, ARTICLE)) as server:
        started = time.monotonic()
        run = run_crawl(
            "--start-url",
            server.url + "/",
            "--data-dir",
            str(tmp_path / "d"),
            "--log-level",
            "INFO",
        )
        elapsed = time.monotonic() - started
        assert "/secret/2021/03/16/t20210316_2.html" not in server.hits
        assert "/2021/03/16/t20210316_1.html" in server.hits
    assert run.returncode == 0, run.stderr[-2000:]
    assert "robots.txt over" in run.stderr
    assert [r["url"].rsplit("/", 1)[1] for r in read_records(tmp_path / "d")] == [
        "t20210316_1.html"
    ]
    assert elapsed < 60  # a bound against a hang, not a speed target
