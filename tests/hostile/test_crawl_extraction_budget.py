"""Extraction off the event loop with a per-page budget (issue 12, finding 4, crawl part).

A page over its time or memory budget is archived in the WARC and recorded with a
warning; the other pages of the crawl are extracted normally.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from .crawl_servers import Answer, ScriptedServer, read_records, run_crawl

pytestmark = [pytest.mark.crawl]

HEAVY = "/2021/03/16/t20210316_999.html"
HOME = (
    "<html><head><title>首页</title></head><body><ul>"
    + f"<li><a href='{HEAVY}'>重大新闻标题</a></li>"
    + "".join(
        f"<li><a href='/2021/03/16/t20210316_{n}.html'>新闻标题第{n}条</a></li>" for n in range(12)
    )
    + "</ul></body></html>"
).encode()
ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()


def _heavy_page() -> bytes:
    """~11 MB of tiny block elements, just under the parse bound (limits.max_elements, where the
    engine would start trimming): seconds of parsing and hundreds of MB of tree."""
    cells = "<div class='c' data-a='1' data-b='2'>字</div>" * 240_000
    return (
        "<html><head><title>重大新闻</title></head><body><h1>重大新闻标题</h1><p>发布时间：2021-03-16</p>"
        f"<div class='content'>{cells}</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("setting", "budget"),
    [
        ("NEWSARCHIVE_EXTRACT_TIMEOUT=0.5", "time"),
        ("NEWSARCHIVE_EXTRACT_MEMORY=400000000", "memory"),
    ],
)
def test_page_over_budget_is_archived_and_recorded_with_a_warning(
    tmp_path: Path, setting: str, budget: str
) -> None:
    routes = {"/": Answer(200, HOME), HEAVY: Answer(200, _heavy_page())}
    with ScriptedServer(routes, fallback=Answer(200, ARTICLE)) as server:
        run = run_crawl(
            "--start-url",
            server.url + "/",
            "--data-dir",
            str(tmp_path / "d"),
            "-s",
            setting,
            "-s",
            "DOWNLOAD_TIMEOUT=30",
            timeout=300,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    records = {r["url"].rsplit("/", 1)[1]: r for r in read_records(tmp_path / "d")}
    assert len(records) == 13
    heavy = records[HEAVY.rsplit("/", 1)[1]]
    assert any(f"over the {budget} budget" in w for w in heavy["warnings"]), heavy["warnings"]
    assert all(
        r["title"] == "本地新闻标题"
        for name, r in records.items()
        if name != HEAVY.rsplit("/", 1)[1]
    )
    assert run.summary is not None and run.summary["extraction_over_budget"] == 1
    # the page itself is in the WARC, where the record points
    warc = tmp_path / "d" / heavy["provenance"]["warc_file"]
    with open(warc, "rb") as fh:  # warcio reads the gzip member that starts at the offset
        fh.seek(heavy["provenance"]["warc_offset"])
        response = next(iter(ArchiveIterator(fh)))
        assert response.rec_headers.get_header("WARC-Target-URI").endswith(HEAVY)
        assert len(response.content_stream().read()) > 10_000_000


def test_a_known_over_budget_page_is_not_fetched_again(tmp_path: Path) -> None:
    routes = {"/": Answer(200, HOME), HEAVY: Answer(200, _heavy_page())}
    with ScriptedServer(routes, fallback=Answer(200, ARTICLE)) as server:
        args = (
            "--start-url",
            server.url + "/",
            "--data-dir",
            str(tmp_path / "d"),
            "-s",
            "NEWSARCHIVE_EXTRACT_TIMEOUT=0.5",
            "-s",
            "DOWNLOAD_TIMEOUT=30",
        )
        first = run_crawl(*args, timeout=300)
        server.hits.clear()
        second = run_crawl(*args, timeout=300)
        assert HEAVY not in server.hits
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
