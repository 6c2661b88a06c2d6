"""News lists found from page structure, whatever the URLs look like; pagers; learned URL shapes."""

from __future__ import annotations

import pytest

from newsarchive.links import UrlPatterns, discover_links, url_shape

SITE = "http://portal.example.org"
PAGE = f"{SITE}/column/notices"

NAV = """<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/column/notices">通知公告</a></li>
<li><a href="/column/news">学院新闻</a><ul><li><a href="/column/news/a">本科教学</a></li>
<li><a href="/column/news/b">研究生</a></li></ul></li>
<li><a href="/about/us">学院概况</a></li><li><a href="/people/faculty">师资队伍</a></li></ul></div>"""
FOOTER = """<div class="footer"><ul class="links">
<li><a href="http://www.other-university.edu.cn/">某某大学</a></li>
<li><a href="/about/school">学校主页</a></li><li><a href="/about/contact">联系我们</a></li>
<li><a href="/mailbox/write">院长信箱</a></li></ul><p>版权所有 © 2021 某某学院</p></div>"""
TITLES = [
    "学院召开二〇二一年度教学工作会议部署新学期重点任务",
    "关于组织申报二〇二一年度科研项目的通知",
    "我院学生在全国大学生程序设计竞赛中获得佳绩",
    "学院党委开展党史学习教育专题报告会",
    "关于做好二〇二一年暑假放假及秋季开学工作的通知",
]


def _page(items: str, pager: str = "", extra: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>通知公告</title></head><body>{NAV}"
        f"<div class='main'><ul class='list'>{items}</ul>{pager}</div>{extra}{FOOTER}</body></html>"
    )


def _items(hrefs: list[str], dated: bool = True) -> str:
    return "".join(
        f"<li><a href='{h}'>{t}</a>"
        + (f"<span>2021-06-{i + 10:02d}</span>" if dated else "")
        + "</li>"
        for i, (h, t) in enumerate(zip(hrefs, TITLES, strict=False))
    )


@pytest.mark.parametrize(
    "hrefs",
    [
        ["/content/12345", "/content/12346", "/content/12350", "/content/12361"],
        [
            "/p/new-term-teaching-meeting",
            "/p/research-project-call",
            "/p/contest-prize",
            "/p/party-history",
        ],
        ["/show.php?id=9", "/show.php?id=10", "/show.php?id=12", "/show.php?id=15"],
        [
            "/news/meeting.html",
            "/news/projects.html",
            "/news/contest.html",
            "/news/lecture.html",
        ],  # word names
        [
            "/info/1094/5587.htm",
            "/info/1094/5585.htm",
            "/info/1094/5497.htm",
            "/info/1094/5495.htm",
        ],
    ],
    ids=["content-n", "p-slug", "show-php", "word-names", "info-n-n"],
)
def test_dated_list_items_are_articles_whatever_their_url(hrefs: list[str]) -> None:
    links = discover_links(_page(_items(hrefs)), PAGE)
    assert links.articles == [f"{SITE}{h}" for h in hrefs]
    assert links.listed == len(hrefs)
    # navigation, the footer's school pages and mail pages are never articles
    assert not any("/about/" in a or "/column/" in a or "mailbox" in a for a in links.articles)
    assert f"{SITE}/column/news" in links.lists
    assert "http://www.other-university.edu.cn/" not in links.articles


def test_undated_headline_list_is_a_list_but_short_names_are_not() -> None:
    hrefs = ["/a/1", "/a/2", "/a/3", "/a/4", "/a/5"]
    links = discover_links(_page(_items(hrefs, dated=False)), PAGE)
    assert links.articles == [f"{SITE}{h}" for h in hrefs]
    names = "".join(
        f"<li><a href='/org/{i}'>{n}</a></li>"
        for i, n in enumerate(["教务处", "科研处", "学生处", "图书馆", "校医院"])
    )
    links = discover_links(_page(names), PAGE)
    assert links.articles == [] and links.listed == 0


def test_pagers_are_lists_whatever_their_url() -> None:
    pager = (
        "<div class='pages'><span>首页</span><span>上页</span><a href='/column/notices/p/2'>2</a>"
        "<a href='/column/notices/p/3'>3</a><a href='/column/notices/p/2'>下页</a>"
        "<a href='/column/notices/p/9'>尾页</a></div>"
    )
    links = discover_links(_page(_items(["/content/1", "/content/2", "/content/3"]), pager), PAGE)
    for n in (2, 3, 9):
        assert f"{SITE}/column/notices/p/{n}" in links.lists
    assert links.next_pages[0] == f"{SITE}/column/notices/p/2"
    assert links.articles == [f"{SITE}/content/{n}" for n in (1, 2, 3)]


def test_links_nothing_classifies_are_unknown_when_on_site() -> None:
    extra = (
        "<div><a href='/x7/9.htm'>x</a> <a href='http://elsewhere.example.com/x7/9.htm'>y</a></div>"
    )
    links = discover_links(_page("", extra=extra), PAGE)
    assert links.unknown == [f"{SITE}/x7/9.htm"]
    assert links.articles == []


def test_learned_shapes_classify_links_outside_lists() -> None:
    hot = "<div class='hot'><a href='/p/other-big-story'>热</a> <a href='/column/notices/p/4'>4 more</a></div>"
    patterns = UrlPatterns()
    assert discover_links(_page("", extra=hot), PAGE, patterns=patterns).articles == []
    for slug in ("a-b-c", "d-e-f", "g-h-i"):
        patterns.learn(f"{SITE}/p/{slug}", "article")
    for n in (2, 3, 5):
        patterns.learn(f"{SITE}/column/notices/p/{n}", "list")
    links = discover_links(_page("", extra=hot), PAGE, patterns=patterns)
    assert links.articles == [f"{SITE}/p/other-big-story"]
    assert f"{SITE}/column/notices/p/4" in links.lists


def test_learned_list_shape_beats_list_structure() -> None:
    patterns = UrlPatterns()
    for n in (1, 2, 3):
        patterns.learn(f"{SITE}/topic/{n}", "list")
    links = discover_links(
        _page(_items(["/topic/7", "/topic/8", "/topic/9"])), PAGE, patterns=patterns
    )
    assert links.articles == [] and {f"{SITE}/topic/{n}" for n in (7, 8, 9)} <= set(links.lists)


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("http://h.cn/info/1094/5587.htm", "h.cn/info/{n}/{n}.htm"),
        ("http://h.cn/show.php?id=9", "h.cn/show.php?id={n}"),
        ("http://h.cn/p/new-term-teaching-meeting", "h.cn/p/{slug}"),
        ("http://h.cn/a/7PM49H7yjs5", "h.cn/a/{id}"),
        ("http://h.cn/xwzx/tzgg.htm", None),  # a single named page is not a pattern
    ],
)
def test_url_shape(url: str, shape: str | None) -> None:
    assert url_shape(url) == shape


def test_patterns_need_agreeing_evidence() -> None:
    patterns = UrlPatterns()
    patterns.learn("http://h.cn/x/1.htm", "article")
    patterns.learn("http://h.cn/x/2.htm", "article")
    assert patterns.kind("http://h.cn/x/3.htm") is None  # two pages are not yet a pattern
    patterns.learn("http://h.cn/x/3.htm", "list")
    assert patterns.kind("http://h.cn/x/4.htm") is None  # they disagree
    for n in range(5, 40):
        patterns.learn(f"http://h.cn/x/{n}.htm", "article")
    assert patterns.kind("http://h.cn/x/99.htm") == "article"
    saved = patterns.take_pending()
    assert saved == {"h.cn/x/{n}.htm": (37, 1)} and patterns.pending == {}
    fresh = UrlPatterns()
    fresh.merge(saved)
    assert fresh.kind("http://h.cn/x/100.htm") == "article"


def test_bare_headline_links_side_by_side_are_a_list() -> None:
    body = "".join(f"<a href='/doc/{i}'>{t}</a><br>" for i, t in enumerate(TITLES))
    links = discover_links(_page("", extra=f"<div class='news'>{body}</div>"), PAGE)
    assert links.articles == [f"{SITE}/doc/{i}" for i in range(len(TITLES))]
    nav = "".join(
        f"<a href='/col/{i}'>{t}</a>"
        for i, t in enumerate(["首页", "学院概况", "新闻中心", "联系我们"])
    )
    assert discover_links(_page("", extra=f"<div class='bar'>{nav}</div>"), PAGE).articles == []
