"""discover_links on inline pages: one table per way a page can carry its links."""

from __future__ import annotations

import json

import pytest

from newsarchive.links import PageLinks, discover_links
from newsarchive.sites import SiteProfile, adhoc_profile

PAGE = "http://www.example.gov.cn/xwzx/gnxw/index.html"
A1 = "http://www.example.gov.cn/xwzx/gnxw/202103/t20210316_101.html"
A2 = "http://www.example.gov.cn/xwzx/gnxw/202103/t20210315_102.html"


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("name", "body", "articles"),
    [
        (
            "plain relative",
            '<a href="./202103/t20210316_101.html">一</a><a href="202103/t20210315_102.html">二</a>',
            [A1, A2],
        ),
        (
            "absolute and root-relative",
            f'<a href="{A1}">一</a><a href="/xwzx/gnxw/202103/t20210315_102.html">二</a>',
            [A1, A2],
        ),
        (
            "duplicates and fragments",
            (
                f'<a href="{A1}">一</a><a href="{A1}#comments">一</a>'
                f'<a href="{A1}?utm_source=wx">一</a><a href="{A2}">二</a>'
            ),
            [A1, A2],
        ),
        ("whitespace in href", '<a href="\n  ./202103/t20210316_101.html  ">一</a>', [A1]),
        ("page order kept", f'<a href="{A2}">二</a><a href="{A1}">一</a>', [A2, A1]),
        ("area and iframe", f'<map><area href="{A1}"></map><iframe src="{A2}"></iframe>', [A1, A2]),
        (
            "script document.write",
            f"<script>document.write('<a href=\"{A1}\">一</a>');</script>",
            [A1],
        ),
        (
            "handlebars template skipped",
            '<script type="text/x-handlebars-template"><a href="{{pcUrl}}">{{title}}</a></script>',
            [],
        ),
        (
            "javascript, mailto and anchors dropped",
            (
                '<a href="javascript:void(0)">x</a><a href="mailto:a@b.cn">m</a><a href="#top">t</a>'
                '<a href="tel:123">t</a>'
            ),
            [],
        ),
        ("assets are neither", '<a href="/files/a.pdf">pdf</a><a href="/img/b.jpg">img</a>', []),
    ],
)
def test_plain_links(name: str, body: str, articles: list[str]) -> None:
    assert discover_links(page(body), PAGE).articles == articles, name


def test_base_href_resolves_relative_links() -> None:
    html = page('<a href="202103/t20210316_101.html">一</a>', head='<base href="/xwzx/gnxw/">')
    assert discover_links(html, "http://www.example.gov.cn/other/page.html").articles == [A1]


def test_bytes_decoded_like_the_engine() -> None:
    html = page(f'<a href="{A1}">国内新闻</a>').replace("utf-8", "gbk").encode("gbk")
    assert discover_links(html, PAGE).articles == [A1]
    assert discover_links(html, PAGE, encoding="gbk").articles == [A1]


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"\x00\x01\x02\x03binary\x00" * 20, b"just text, no markup"]
)
def test_unusable_input_gives_no_links(data: bytes) -> None:
    assert discover_links(data, PAGE) == PageLinks()


def test_lists_and_other_are_separated() -> None:
    body = (
        f'<a href="/">首页</a><a href="/xwzx/">新闻中心</a><a href="{A1}">一</a>'
        '<a href="/xwzx/gsgg/index.html">公示公告</a><a href="/css/a.css">c</a>'
        '<a href="/search?q=x">搜索</a><a href="index.html">本页</a>'
    )
    links = discover_links(page(body), PAGE)
    assert links.articles == [A1]
    assert links.lists == [
        "http://www.example.gov.cn/",
        "http://www.example.gov.cn/xwzx/",
        "http://www.example.gov.cn/xwzx/gsgg/index.html",
    ]  # the page itself is not listed


def test_profile_restricts_domains_and_subdomains() -> None:
    body = (
        f'<a href="{A1}">一</a><a href="http://news.example.gov.cn/2021/0316/9.html">子域</a>'
        '<a href="http://www.other.cn/2021/0316/8.html">外站</a>'
        '<a href="http://badexample.gov.cn/2021/0316/7.html">相似</a>'
    )
    profile = SiteProfile(
        name="ex", title="ex", start_urls=(PAGE,), allowed_domains=("example.gov.cn",)
    )
    links = discover_links(page(body), PAGE, profile=profile)
    assert links.articles == [A1, "http://news.example.gov.cn/2021/0316/9.html"]
    assert len(discover_links(page(body), PAGE).articles) == 4  # no profile, no restriction
    adhoc = adhoc_profile([PAGE])
    assert discover_links(page(body), PAGE, profile=adhoc).articles == [A1]


@pytest.mark.parametrize(
    ("url", "body", "next_page"),
    [
        (
            PAGE,
            '<a href="index_1.html">下一页</a>',
            "http://www.example.gov.cn/xwzx/gnxw/index_1.html",
        ),
        (
            PAGE,
            '<a href="index_1.html">下页</a>',
            "http://www.example.gov.cn/xwzx/gnxw/index_1.html",
        ),
        (
            PAGE,
            '<a href="?page=2">&gt;&gt;</a>',
            "http://www.example.gov.cn/xwzx/gnxw/index.html?page=2",
        ),
        (
            PAGE,
            '<a class="next" href="list_2.html">›</a>',
            "http://www.example.gov.cn/xwzx/gnxw/list_2.html",
        ),
        (
            PAGE,
            '<a href="index_1.html">2</a><a href="index_2.html">3</a>',
            "http://www.example.gov.cn/xwzx/gnxw/index_1.html",
        ),
        (
            "http://www.example.com/news/list_2.html",
            '<a href="list_1.html">1</a><a href="list_3.html">3</a>',
            "http://www.example.com/news/list_3.html",
        ),
        (
            "http://www.example.com/news/list.php?page=2",
            '<a href="list.php?page=3">3</a>',
            "http://www.example.com/news/list.php?page=3",
        ),
        (
            "http://www.example.com/news/",
            '<a href="index_1.html">2</a>',
            "http://www.example.com/news/index_1.html",
        ),
        (PAGE, "", None),
    ],
)
def test_next_page_links(url: str, body: str, next_page: str | None) -> None:
    links = discover_links(page(body, head=""), url)
    assert (links.next_pages[0] if links.next_pages else None) == next_page
    if next_page:
        assert next_page in links.lists and next_page not in links.articles


def test_link_rel_next() -> None:
    links = discover_links(page("", head='<link rel="next" href="index_1.html">'), PAGE)
    assert links.next_pages == ["http://www.example.gov.cn/xwzx/gnxw/index_1.html"]


# -- mock sections built the way script-drawn lists are -------------------------------------


def jcms_section(
    items: list[str], *, unit: str = "45678", total: int = 60, per_page: int = 20
) -> str:
    """大汉 JCMS: list items in CDATA records of a <script type="text/xml"> datastore."""
    records = "".join(
        f'<record><![CDATA[\n<li><a href="{href}" target="_blank" title="标题{i}">标题{i}</a>'
        f"<span>2021-03-{16 - i:02d}</span></li>\n]]></record>"
        for i, href in enumerate(items)
    )
    return (
        f'<div id="{unit}"><script type="text/xml"><datastore>'
        f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/'
        f'&columnid=1&unitid={unit}&webname=x&permissiontype=0"></a>]]></nextgroup>'
        f"<recordset>{records}</recordset></datastore></script>"
        '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>'
        f"<script>var totalRecord = {total}; $('#{unit}').jpage({{dataStore: dataStore, perPage: {per_page},"
        f" totalRecord: {total}, proxyUrl: '/module/web/jpage/dataproxy.jsp'}});</script></div>"
    )


JCMS_ITEMS = [
    "/art/2021/3/16/art_123_456.html",
    "/art/2021/3/15/art_123_455.html",
    "http://www.example.gov.cn/art/2021/3/14/art_123_454.html",
]


def test_jcms_datastore() -> None:
    url = "http://www.example.gov.cn/col/col123/index.html"
    links = discover_links(page(jcms_section(JCMS_ITEMS)), url)
    assert links.articles == [
        "http://www.example.gov.cn/art/2021/3/16/art_123_456.html",
        "http://www.example.gov.cn/art/2021/3/15/art_123_455.html",
        "http://www.example.gov.cn/art/2021/3/14/art_123_454.html",
    ]
    assert links.next_pages == [
        "http://www.example.gov.cn/col/col123/index.html?pageNum=2&uid=45678"
    ]
    # the data proxy is not a page to crawl
    assert not any("dataproxy" in u for u in links.lists + links.articles)


def test_jcms_pager_counts_from_the_page_url_and_stops_at_the_end() -> None:
    base = "http://www.example.gov.cn/col/col123/index.html"
    second = discover_links(page(jcms_section(JCMS_ITEMS)), base + "?uid=45678&pageNum=2")
    assert second.next_pages == [base + "?pageNum=3&uid=45678"]
    last = discover_links(page(jcms_section(JCMS_ITEMS)), base + "?uid=45678&pageNum=3")
    assert last.next_pages == []


@pytest.mark.parametrize(
    ("call", "url", "next_page"),
    [
        (
            'createPageHTML(5, 0, "index", "html");',
            "http://www.example.gov.cn/xwzx/index.html",
            "http://www.example.gov.cn/xwzx/index_1.html",
        ),
        (
            'createPageHTML(5, 2, "index", "html");',
            "http://www.example.gov.cn/xwzx/index_2.html",
            "http://www.example.gov.cn/xwzx/index_3.html",
        ),
        (
            'createPageHTML(5, 4, "index", "html");',
            "http://www.example.gov.cn/xwzx/index_4.html",
            None,
        ),
        (
            "createPageHTML('page_div',10, 1,'zwgklist','shtml',200);",
            "http://www.example.gov.cn/c1/zwgklist.shtml",
            "http://www.example.gov.cn/c1/zwgklist_2.shtml",
        ),
        (
            "createPageHTML('page_div',10, 10,'zwgklist','shtml',200);",
            "http://www.example.gov.cn/c1/zwgklist_10.shtml",
            None,
        ),
        (
            'var countPage = 7;\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "index", "shtml");',
            "http://www.example.gov.cn/xwzx/",
            "http://www.example.gov.cn/xwzx/index_1.shtml",
        ),
        (
            'createPageHTML(1, 0, "index", "html");',
            "http://www.example.gov.cn/xwzx/index.html",
            None,
        ),
    ],
)
def test_trs_create_page_html(call: str, url: str, next_page: str | None) -> None:
    body = (
        '<ul><li><a href="./202103/t20210316_101.html">一</a></li></ul>'
        f'<div id="page_div"></div><script>{call}</script>'
    )
    links = discover_links(page(body), url)
    assert (links.next_pages[0] if links.next_pages else None) == next_page


def test_items_inside_html_comments() -> None:
    body = (
        '<ul class="list"><!--\n'
        '<li><a href="/c1/202511/174240943.shtml">一</a><b>2025-11-17</b></li>\n'
        '<li><a href="/c1/202510/174227399.shtml">二</a><b>2025-10-20</b></li>\n'
        "<script src=\"/js/page.js\"></script><script>createPageHTML('page_div',3, 1,'zwgklist','shtml',60);"
        '</script>-->\n</ul><div id="page_div"></div>'
        "<!--[if lt IE 9]><script src='/js/html5.js'></script><![endif]-->"
    )
    links = discover_links(page(body), "http://www.example.gov.cn/c1/zwgklist.shtml")
    assert links.articles == [
        "http://www.example.gov.cn/c1/202511/174240943.shtml",
        "http://www.example.gov.cn/c1/202510/174227399.shtml",
    ]
    assert links.next_pages == ["http://www.example.gov.cn/c1/zwgklist_2.shtml"]


def test_json_blob_with_url_fields() -> None:
    articles = [
        {
            "title": f"标题{i}",
            "urls": json.dumps({"pc": f"/site/col/col1/content/content_{i}00.html"}),
            "relationUrl": f"/site/col1/relation/{i}-RelationArticle.json",
            "metadata": {"LinkTitle": "http://elsewhere.example.gov.cn/2020/0101/1.html"},
            "images": [{"filePath": f"/site/col1/{i}/a.png"}],
        }
        for i in range(1, 4)
    ]
    channels = [{"name": "栏目", "urls": {"pc": "/site/col/col2/index.html"}}]
    script = (
        f"var channels = {json.dumps(channels, ensure_ascii=False)};\n"
        f"var listData = {{ articleList: {json.dumps(articles, ensure_ascii=False)} }};\n"
        'var other = {"link": "http:\\/\\/www.example.gov.cn\\/2021\\/0316\\/77.html", "url": ""};\n'
        "var params = {current: 1, unitid: '380055', perPage: '15'}; loadPageData(params, '380055');"
    )
    body = f'<div id="380055"></div><script>{script}</script>'
    url = "http://www.example.gov.cn/site/col/col1/index.html"
    links = discover_links(page(body, head='<base href="/site/">'), url)
    assert links.articles == [
        f"http://www.example.gov.cn/site/col/col1/content/content_{i}00.html" for i in range(1, 4)
    ] + ["http://www.example.gov.cn/2021/0316/77.html"]
    assert "http://www.example.gov.cn/site/col/col2/index.html" in links.lists
    assert links.next_pages == [url + "?pageNum=2&uid=380055"]


def test_no_pager_evidence_no_script_next_page() -> None:
    # a unit id alone (no jpage / loadPageData / datastore) is not a pager
    body = "<script>var cfg = {unitid: '1234'};</script>"
    assert discover_links(page(body), PAGE).next_pages == []


@pytest.mark.parametrize(
    ("name", "body", "date"),
    [
        (
            "date after the link",
            f'<ul><li><a href="{A1}">一</a><span>2021-03-17</span></li></ul>',
            "2021-03-17",
        ),
        (
            "date in a table row",
            f'<table><tr><td><a href="{A1}">一</a></td><td>2021年3月18日</td></tr></table>',
            "2021-03-18",
        ),
        ("tail text", f'<div><a href="{A1}">一</a> (2021/03/19)</div>', "2021-03-19"),
        ("no date: the URL's", f'<ul><li><a href="{A1}">一</a></li></ul>', "2021-03-16"),
        (
            "school year is not a date",
            f'<ul><li><a href="{A1}">2025-2026学年</a></li></ul>',
            "2021-03-16",
        ),
    ],
)
def test_item_dates(name: str, body: str, date: str) -> None:
    assert discover_links(page(body), PAGE).dates == {A1: date}, name


def test_dates_from_json_records() -> None:
    records = [
        {"pubDate": f"2025-07-{29 - i} 16:59", "urls": json.dumps({"pc": f"/c/content_{i}1.html"})}
        for i in range(3)
    ]
    body = f"<script>var listData = {{articleList: {json.dumps(records)}}};</script>"
    links = discover_links(page(body), "http://www.example.gov.cn/c/index.html")
    assert list(links.dates.values()) == ["2025-07-29", "2025-07-28", "2025-07-27"]


@pytest.mark.parametrize(
    "body",
    [
        f"""<li onclick="window.open('{A1}')">一</li>""",
        f"""<tr onclick="location.href='{A1}'"><td>一</td></tr>""",
        f'<div class="item" data-href="{A1}">一</div>',
        f'<div data-url="{A1}">一</div>',
    ],
)
def test_links_opened_by_script_or_data_attributes(body: str) -> None:
    assert discover_links(
        page(f"<table>{body}</table>" if body.startswith("<tr") else body), PAGE
    ).articles == [A1]


def test_meta_refresh_target_is_followed() -> None:
    html = page("", head='<meta http-equiv="refresh" content="0; url=/xwzx/gnxw/list.html">')
    assert discover_links(html, "http://www.example.gov.cn/").lists == [
        "http://www.example.gov.cn/xwzx/gnxw/list.html"
    ]


def test_content_type_is_a_hint_not_an_order() -> None:
    html = page(f'<a href="{A1}">国内新闻</a>').encode("utf-8")
    # a header that claims GBK for a UTF-8 page does not garble the page
    links = discover_links(html, PAGE, content_type="text/html; charset=gbk")
    assert links.articles == [A1]


@pytest.mark.parametrize(
    "anchor",
    [
        '<a id="next_comment" href="more_comments.jsp"></a>',
        '<a class="nextArticle" href="/a/next.html">下篇</a>',
    ],
)
def test_things_named_next_that_are_not_the_pager(anchor: str) -> None:
    assert discover_links(page(anchor), PAGE).next_pages == []


def test_deny_patterns_apply_to_next_pages_too() -> None:
    profile = SiteProfile(
        name="ex",
        title="ex",
        start_urls=(PAGE,),
        allowed_domains=("example.gov.cn",),
        deny_patterns=(r"index_\d+\.html$",),
    )
    links = discover_links(page('<a href="index_1.html">下一页</a>'), PAGE, profile=profile)
    assert links.next_pages == [] and links.lists == []
