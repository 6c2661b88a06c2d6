"""Faults during a crawl (issue 12, finding 9): a write error fails the run, the summary is written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .crawl_servers import Answer, ScriptedServer, run_crawl

pytestmark = [pytest.mark.crawl]

# more article links than a crawl fetches before its first group commit (1 s) finds the full disk:
# with 30 the faster crawl sometimes had them all before it (it fetches 23-30 in that second)
LINKS = 100
HOME = (
    "<html><head><title>首页</title></head><body><ul>"
    + "".join(
        f"<li><a href='/2021/03/16/t20210316_{n}.html'>新闻标题第{n}条</a></li>"
        for n in range(LINKS)
    )
    + "</ul></body></html>"
).encode()
ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_fails_the_run_with_one_clear_error(tmp_path: Path) -> None:
    articles = tmp_path / "d" / "127.0.0.1" / "articles"
    articles.mkdir(parents=True)
    (articles / "2021-03.jsonl").symlink_to("/dev/full")  # every write: ENOSPC
    with ScriptedServer({"/": Answer(200, HOME)}, fallback=Answer(200, ARTICLE)) as server:
        run = run_crawl(
            "--start-url",
            server.url + "/",
            "--data-dir",
            str(tmp_path / "d"),
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        )
        fetched = [h for h in server.hits if h.startswith("/2021/")]
    assert run.returncode == 3, run.stderr[-3000:]
    assert run.summary is not None and run.summary["status"] == "failed"
    assert "No space left on device" in run.summary["failure"]
    assert len(fetched) < LINKS  # stopped early instead of fetching what it cannot archive
    summary_files = list((tmp_path / "d" / "127.0.0.1" / "runs").glob("*.json"))
    assert len(summary_files) == 1 and '"status": "failed"' in summary_files[0].read_text(
        encoding="utf-8"
    )


def test_unwritable_summary_fails_the_run(tmp_path: Path) -> None:
    site = tmp_path / "d" / "127.0.0.1"
    site.mkdir(parents=True)
    (site / "runs").write_text("not a folder", encoding="utf-8")
    with ScriptedServer({"/": Answer(200, HOME)}, fallback=Answer(200, ARTICLE)) as server:
        run = run_crawl("--start-url", server.url + "/", "--data-dir", str(tmp_path / "d"))
    assert run.returncode == 3, run.stderr[-3000:]
    assert run.summary is not None and run.summary["status"] == "failed"
    assert "run summary" in run.summary["failure"]
    assert run.stderr.count("Traceback") == 0


def test_summary_is_written_atomically(tmp_path: Path) -> None:
    from newsarchive.extensions.runstatus import write_atomic

    target = tmp_path / "runs" / "x.json"
    write_atomic(target, '{"status": "ok"}\n')
    assert target.read_text(encoding="utf-8") == '{"status": "ok"}\n'
    assert [p.name for p in target.parent.iterdir()] == ["x.json"]  # no temporary left behind
