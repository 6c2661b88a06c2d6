"""Off-site redirects and links (issue 12, finding 1): no request leaves the allowed host and port."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.downloadermiddlewares.offsite import SitePolicy

from .crawl_servers import Answer, ScriptedServer, read_records, run_crawl

pytestmark = [pytest.mark.crawl]

ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()


def _page(*links: str) -> bytes:
    items = "".join(
        f"<li><a href='{href}'>新闻标题第{n}条</a></li>" for n, href in enumerate(links)
    )
    return f"<html><head><title>首页</title></head><body><ul>{items}</ul></body></html>".encode()


@pytest.mark.parametrize(
    "policy_start, url, allowed",
    [
        ("http://127.0.0.1:18600/", "http://127.0.0.1:18600/a.html", True),
        ("http://127.0.0.1:18600/", "http://127.0.0.1:18601/a.html", False),  # another port
        ("http://127.0.0.1:18600/", "http://127.0.0.1/a.html", False),  # its default port
        ("http://127.0.0.1:18600/", "http://127.0.0.2:18600/a.html", False),
        ("http://www.example.gov.cn/", "http://169.254.169.254/latest/meta-data/", False),
        (
            "http://www.example.gov.cn/",
            "https://www.example.gov.cn/a.html",
            True,
        ),  # http -> https stays
        ("http://www.example.gov.cn/", "http://news.www.example.gov.cn/a.html", True),
        ("http://www.example.gov.cn/", "http://www.example.gov.cn:8080/a.html", False),
        ("http://www.example.gov.cn/", "http://www.example.gov.cn.evil.test/", False),
        ("http://www.example.gov.cn/", "file:///etc/passwd", False),
        ("http://www.example.gov.cn/", "ftp://www.example.gov.cn/x", False),
        ("http://www.example.gov.cn/", "http://www.example.gov.cn:99999/x", False),
        ("http://www.example.gov.cn/", "http://[::1]/x", False),
    ],
)
def test_site_policy(policy_start: str, url: str, allowed: bool) -> None:
    from urllib.parse import urlsplit

    policy = SitePolicy.from_start_urls([policy_start], [urlsplit(policy_start).hostname or ""])
    assert (policy.refusal(url) is None) == allowed, policy.refusal(url)


def _offsite_targets(other: ScriptedServer, same_host_other_port: ScriptedServer) -> dict[str, str]:
    return {
        "absolute": f"{other.url}/latest/meta-data/",
        "protocol-relative": f"//127.0.0.2:{other.port}/latest/meta-data/",
        "other-port": f"{same_host_other_port.url}/admin/",
    }


@pytest.mark.parametrize("kind", ["absolute", "protocol-relative", "other-port"])
@pytest.mark.parametrize("status", [301, 302, 307])
def test_start_url_redirecting_off_site_is_not_followed(
    tmp_path: Path, kind: str, status: int
) -> None:
    with (
        ScriptedServer(host="127.0.0.2", fallback=Answer(200, ARTICLE)) as other,
        ScriptedServer(fallback=Answer(200, ARTICLE)) as other_port,
    ):
        target = _offsite_targets(other, other_port)[kind]
        with ScriptedServer({"/": Answer(status, b"", {"Location": target})}) as start:
            run = run_crawl("--start-url", start.url + "/", "--data-dir", str(tmp_path / "d"))
        assert other.hits == [] and other_port.hits == [], (other.hits, other_port.hits)
    assert run.summary is not None, run.stderr[-2000:]
    assert run.summary["offsite_blocked"] >= 1
    assert read_records(tmp_path / "d") == []


def test_links_to_another_port_or_host_are_not_followed(tmp_path: Path) -> None:
    with (
        ScriptedServer(host="127.0.0.2", fallback=Answer(200, ARTICLE)) as other,
        ScriptedServer(fallback=Answer(200, ARTICLE)) as other_port,
    ):
        links = [
            f"{other_port.url}/2021/03/16/t20210316_1.html",
            f"{other.url}/2021/03/16/t20210316_2.html",
            f"//127.0.0.2:{other.port}/2021/03/16/t20210316_3.html",
            "/2021/03/16/t20210316_4.html",
        ]
        with ScriptedServer(
            {"/": Answer(200, _page(*links))}, fallback=Answer(200, ARTICLE)
        ) as start:
            run = run_crawl("--start-url", start.url + "/", "--data-dir", str(tmp_path / "d"))
            assert "/2021/03/16/t20210316_4.html" in start.hits
        assert other.hits == [] and other_port.hits == []
    assert run.returncode == 0, run.stderr[-2000:]
    assert [r["url"] for r in read_records(tmp_path / "d")] == [
        start.url + "/2021/03/16/t20210316_4.html"
    ]
