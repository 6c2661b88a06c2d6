"""Crawls of small portals whose URL shapes no generic rule knows: articles found from list structure.

Articles live at ``/content/12345``, ``/p/some-slug`` and ``/show.php?id=9``; lists are paged
by ``/news/page/2``-style links. Nothing in the generic URL rules calls these articles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsarchive.cli import ExitStatus
from newsarchive.samples import PortalServer

pytestmark = [pytest.mark.crawl]

PARAGRAPH = (
    "学院于本周召开专题会议，围绕教学改革、科研创新和人才培养等重点工作进行了深入讨论。"
    "与会人员结合各自分管领域，提出了具体的改进措施和时间安排，会议要求各单位认真落实。"
)
NAV = (
    "<div class='nav'><ul><li><a href='/index.html'>首页</a></li><li><a href='/news/'>学院新闻</a></li>"
    "<li><a href='/blog/'>师生风采</a></li><li><a href='/notice.php'>通知公告</a></li>"
    "<li><a href='/about/us'>学院概况</a></li><li><a href='/private/'>内部</a></li></ul></div>"
)
FOOTER = (
    "<div class='footer'><ul><li><a href='http://www.example.edu.cn/'>某某大学</a></li>"
    "<li><a href='/about/contact'>联系我们</a></li><li><a href='/mailbox/'>院长信箱</a></li></ul>"
    "<p>版权所有 某某学院</p></div>"
)


def _html(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{NAV}{body}{FOOTER}</body></html>"
    )


def _article(title: str, day: int) -> str:
    paragraphs = "".join(f"<p>{PARAGRAPH}（第{i}段）</p>" for i in range(1, 6))
    return _html(
        title,
        f"<div class='article'><h1>{title}</h1><div class='info'>发布时间：2021-05-{day:02d}</div>"
        f"<div class='content'>{paragraphs}</div></div>",
    )


def _list_page(title: str, items: list[tuple[str, str, int]], pager: str) -> str:
    lis = "".join(
        f"<li><a href='{href}'>{text}</a><span>2021-05-{day:02d}</span></li>"
        for href, text, day in items
    )
    return _html(
        title, f"<div class='main'><h2>{title}</h2><ul class='list'>{lis}</ul>{pager}</div>"
    )


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def build_unseen_portal(root: Path) -> list[str]:
    """The portal's files; returns the article paths (each should be archived once)."""
    sections = [  # (list path, next page path, article paths)
        ("/news/", "/news/page/2", [f"/content/{12340 + i}" for i in range(8)]),
        ("/blog/", "/blog/page/2", [f"/p/{w}-campus-story-{i}" for i, w in enumerate("abcdefgh")]),
        ("/notice.php", "/notice.php?start=4", [f"/show.php?id={9 + i}" for i in range(8)]),
    ]
    articles: list[str] = []
    home_items = []
    for s, (first, second, arts) in enumerate(sections):
        titled = [
            (a, f"关于学院第{s + 1}栏目重点工作第{i + 1}项安排的情况通报", 10 + i)
            for i, a in enumerate(arts)
        ]
        pager = (
            f"<div class='pages'><span>1</span><a href='{second}'>2</a><a href='{second}'>下一页</a>"
            f"<a href='{second}'>尾页</a></div>"
        )
        _write(root, _file(first), _list_page(f"栏目{s}", titled[:4], pager))
        back = f"<div class='pages'><a href='{first}'>1</a><span>2</span><a href='{first}'>首页</a></div>"
        _write(root, _file(second), _list_page(f"栏目{s}", titled[4:], back))
        for href, title, day in titled:
            _write(root, _file(href), _article(title, day))
        articles += arts
        home_items += titled[:2]
    # a dead link in a list: counted, not an error; private pages: disallowed by robots.txt
    home_items.append(("/content/99999", "本条新闻已经被删除但是列表仍然保留了链接", 20))
    pager = "<div class='more'><a href='/private/list.html'>内部通知公告更多内容</a></div>"
    _write(root, "index.html", _list_page("首页", home_items, pager))
    _write(
        root,
        "private/index.html",
        _list_page("内部", [("/content/55555", "内部通知不应被抓取的文章标题", 1)], ""),
    )
    _write(
        root,
        "private/list.html",
        _list_page("内部", [("/content/55556", "内部通知不应被抓取的文章标题", 1)], ""),
    )
    _write(root, "content/55555", _article("内部通知不应被抓取的文章标题", 1))
    _write(root, "about/us", _html("学院概况", "<p>学院简介。</p>"))
    _write(root, "about/contact", _html("联系我们", "<p>电话：0351-0000000</p>"))
    _write(root, "robots.txt", "User-agent: *\nDisallow: /private/\n")
    return articles


def _file(href: str) -> str:
    """Where the portal server looks for a URL path: folders get index.html, queries path@query."""
    path, _, query = href.partition("?")
    if path.endswith("/"):
        path += "index.html"
    return f"{path}@{query}" if query else path


@pytest.fixture
def unseen(tmp_path: Path) -> Iterator[tuple[PortalServer, list[str]]]:
    articles = build_unseen_portal(tmp_path / "site")
    with PortalServer(tmp_path / "site") as server:
        yield server, articles


def _article_paths(records: list[dict[str, Any]], base: str) -> list[str]:
    return sorted(r["url"][len(base) :] for r in records)


def test_articles_found_from_list_structure_alone(
    unseen: Any, tmp_path: Path, crawl_tools: Any
) -> None:
    server, articles = unseen
    data = tmp_path / "data"
    run = crawl_tools.run("--start-url", f"{server.url}/index.html", "--data-dir", str(data))
    assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
    summary = run.summary
    assert summary is not None and summary["status"] == "ok" and summary["warnings"] == []
    records = crawl_tools.read(data)
    assert _article_paths(records, server.url) == sorted(
        articles
    )  # every article, once; nothing else
    # the deleted article and the footer's missing mail page: dead links, not errors
    assert {r.path for r in server.requests if r.status == 404} == {"/content/99999", "/mailbox/"}
    assert summary["dead_links"] == 2 and summary["errors"] == 0 and summary["error_rate"] == 0.0
    assert not any(p.startswith("/private/") for p in server.paths())  # robots.txt honoured

    # the site's shapes were learned from the pages the engine confirmed, and kept in its state
    with sqlite3.connect(data / "127.0.0.1" / "state.sqlite") as db:
        learned = dict(
            db.execute("SELECT pattern, articles FROM url_patterns WHERE lists = 0").fetchall()
        )
    assert learned.get("127.0.0.1/content/{n}", 0) >= 3
    assert learned.get("127.0.0.1/show.php?id={n}", 0) >= 3

    # the next run fetches the lists again, no known article
    server.clear_log()
    again = crawl_tools.run("--start-url", f"{server.url}/index.html", "--data-dir", str(data))
    assert again.returncode == ExitStatus.SUCCESS, again.stderr[-3000:]
    assert again.summary is not None and again.summary["articles_new"] == 0
    assert again.summary["articles_skipped_known"] >= len(articles)
    fetched = set(server.paths())
    assert not fetched & set(articles)
    assert "/news/page/2" in fetched


def test_max_depth_zero_fetches_only_the_start_page(
    unseen: Any, tmp_path: Path, crawl_tools: Any
) -> None:
    server, _articles = unseen
    run = crawl_tools.run(
        "--start-url",
        f"{server.url}/index.html",
        "--data-dir",
        str(tmp_path / "d"),
        "--max-depth",
        "0",
    )
    assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
    assert [p for p in server.paths() if p != "/robots.txt"] == ["/index.html"]
    assert crawl_tools.read(tmp_path / "d") == []


def test_an_article_as_start_url_is_archived(unseen: Any, tmp_path: Path, crawl_tools: Any) -> None:
    server, articles = unseen
    start = f"{server.url}{articles[0]}"
    run = crawl_tools.run(
        "--start-url", start, "--data-dir", str(tmp_path / "d"), "--max-depth", "0"
    )
    assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
    assert [r["url"] for r in crawl_tools.read(tmp_path / "d")] == [start]
    # with depth to spare, its column links lead on to the lists and their articles
    run = crawl_tools.run(
        "--start-url", start, "--data-dir", str(tmp_path / "e"), "--max-depth", "2"
    )
    assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
    found = _article_paths(crawl_tools.read(tmp_path / "e"), server.url)
    assert set(found) > {articles[0]} and len(found) == len(set(found))


def test_lists_without_any_article_warn_and_fail_with_strict(
    tmp_path: Path, crawl_tools: Any
) -> None:
    """A redesign that breaks every article link: the lists are full, nothing is archived."""
    root = tmp_path / "site"
    items = [
        (f"/gone/{n}", f"已经改版之后无法打开的新闻标题第{n}条", 1 + n % 28) for n in range(25)
    ]
    lis = "".join(
        f"<li><a href='{h}'>{t}</a><span>2021-05-{d:02d}</span></li>" for h, t, d in items
    )
    _write(
        root,
        "index.html",
        f"<html><head><meta charset='utf-8'></head><body><ul>{lis}</ul></body></html>",
    )
    with PortalServer(root) as server:
        run = crawl_tools.run(
            "--start-url", f"{server.url}/index.html", "--data-dir", str(tmp_path / "d")
        )
        assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
        assert run.summary is not None and run.summary["status"] == "ok"
        assert run.summary["dead_links"] == 25 and run.summary["errors"] == 0
        assert run.summary["warnings"] and "no articles" in run.summary["warnings"][0]
        assert "no articles" in run.stderr
        strict = crawl_tools.run(
            "--start-url", f"{server.url}/index.html", "--data-dir", str(tmp_path / "e"), "--strict"
        )
    assert strict.returncode == ExitStatus.CRAWL_FAILED


def test_a_start_url_that_does_not_exist_is_an_error(tmp_path: Path, crawl_tools: Any) -> None:
    root = tmp_path / "site"
    _write(root, "index.html", _html("首页", "<p>x</p>"))
    with PortalServer(root) as server:
        run = crawl_tools.run(
            "--start-url", f"{server.url}/missing.html", "--data-dir", str(tmp_path / "d")
        )
    assert run.returncode == ExitStatus.CRAWL_FAILED
    assert run.summary is not None and run.summary["errors"] == 1 and run.summary["dead_links"] == 0


def test_unknown_links_are_probed_within_the_budget(tmp_path: Path, crawl_tools: Any) -> None:
    """Links outside any list with shapes no rule knows: the engine judges them, once, within a budget."""
    root = tmp_path / "site"
    links = "".join(f"<a href='/x{n}/{n}.htm'>看看</a> " for n in range(1, 5))
    _write(
        root,
        "index.html",
        f"<html><head><meta charset='utf-8'></head><body><p>{links}</p></body></html>",
    )
    _write(root, "x1/1.htm", _article("一篇不在任何列表里的学院新闻稿件标题", 3))
    for n in range(2, 5):
        _write(
            root,
            f"x{n}/{n}.htm",
            "<html><head><meta charset='utf-8'></head><body><p>空</p></body></html>",
        )
    with PortalServer(root) as server:
        run = crawl_tools.run(
            "--start-url", f"{server.url}/index.html", "--data-dir", str(tmp_path / "d")
        )
        assert run.returncode == ExitStatus.SUCCESS, run.stderr[-3000:]
        assert run.summary is not None and run.summary["probes"] == 4
        assert [r["url"] for r in crawl_tools.read(tmp_path / "d")] == [f"{server.url}/x1/1.htm"]
        # judged pages are not probed again: the article is known, the others are "other"
        server.clear_log()
        again = crawl_tools.run(
            "--start-url", f"{server.url}/index.html", "--data-dir", str(tmp_path / "d")
        )
        assert again.summary is not None and again.summary["probes"] == 0
        assert [p for p in server.paths() if p != "/robots.txt"] == ["/index.html"]
        # a budget bounds the probes, and the summary says some links were left unjudged
        small = crawl_tools.run(
            "--start-url",
            f"{server.url}/index.html",
            "--data-dir",
            str(tmp_path / "e"),
            "--probe-budget",
            "2",
        )
    assert small.summary is not None and small.summary["probes"] == 2
    assert any(
        w.startswith("2 unclassified links") and "probe budget" in w
        for w in small.summary["warnings"]
    )
