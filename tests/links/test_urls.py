"""classify_url and canonicalize_url, table by table."""

from __future__ import annotations

import pytest

from newsarchive.links import canonicalize_url, classify_url
from newsarchive.sites import load_profile

ARTICLES = [
    "http://www.example.com/2021/0316/123.html",
    "http://kuaixun.stcn.com/2019/0926/15409036.shtml",
    "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml",
    "http://www.example.gov.cn/xxgk/t20210316_123.html",
    "http://www.example.com/news/content_123.htm",
    "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/content/content_1951206363677671424.html",
    "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html",
    "https://news.sina.com.cn/c/2019-11-25/doc-iihnzahi3275702.shtml",
    "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html",
    "https://jyt.gansu.gov.cn/jyt/c110634/202511/174240943.shtml",
    "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml",
    "http://news.cjn.cn/sywh/202010/t3714581.htm",
    "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm",
    "https://news.163.com/19/0907/09/EOFBHDHQ0001899N.html",
    "https://stock.hexun.com/2019-09-26/198678130.html",
    "http://nb.ifeng.com/a/20200911/14526474_0.shtml",
    "http://finance.qq.com/a/20190923/000843.htm",
    "http://www.guancha.cn/politics/2019_09_09_517162.shtml",
    "https://news.ifeng.com/c/7rtKNyg6PU9",
    "https://readhub.cn/topic/7PM49H7yjs5",
    "http://baijiahao.baidu.com/s?id=1646796218135408573",
    "https://m.toutiao.com/group/6734139882538533383/",
    "http://mp.weixin.qq.com/s?__biz=MzI2MzEwNTY3OQ==&mid=2648978231&idx=1",
    "http://www.njxfhn.com/post/2740.html",
    "https://www.ednchina.com/news/201909251301.html",
    "http://www.example.com/news/detail.jsp?id=12345",
    "http://www.cjddsb.com/ym/xhy/532601.html",
    "https://www.chinanews.com.cn/gn/2021/03-16/9433455.shtml",
    "http://www.example.com/2021/0316/77.html",
]
LISTS = [
    "http://www.example.com/",
    "http://www.example.com",
    "http://www.example.com/news/index.html",
    "http://www.example.com/news/index_2.html",
    "http://www.example.com/news/list_2.html",
    "http://www.example.com/news/list.php?page=2",
    "http://www.example.com/news/?page=2",
    "http://www.example.com/node_123.htm",
    "http://www.example.com/xwzx/gnxw/",
    "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
    "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist_2.shtml",
    "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html",
    "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html?uid=380055&pageNum=2",
    "https://www.yichun.gov.cn/ycsrmzf/tjgb/xxgk_list.shtml",
    "https://jyt.gansu.gov.cn/jyt/c107268/zwgk.shtml",
    "http://www.example.com/news/sports",
    "http://www.example.com/home/index.html",
]
OTHERS = [
    "javascript:void(0)",
    "mailto:editor@example.com",
    "ftp://example.com/a.html",
    "http://www.example.com/images/logo.png",
    "http://www.example.com/static/site.css?v=3",
    "http://www.example.com/files/2021/0316/report.pdf",
    "http://www.example.com/uploads/202103/t20210316_1.doc",
    "https://jyt.gansu.gov.cn/uids-sso/api/login?backurl=https://jyt.gansu.gov.cn",
    "http://www.example.com/search?q=news",
    "http://www.example.com/was5/web/search?channelid=1",
    "http://www.example.com/module/web/jpage/dataproxy.jsp?page=1&unitid=1",
    "http://www.example.com/jxssthjt/col42150/relation/1-RelationArticle.json",
    "https://weibo.com/u/5436170197",
]


@pytest.mark.parametrize("url", ARTICLES)
def test_article_urls(url: str) -> None:
    assert classify_url(url) == "article"


@pytest.mark.parametrize("url", LISTS)
def test_list_urls(url: str) -> None:
    assert classify_url(url) == "list"


@pytest.mark.parametrize("url", OTHERS)
def test_other_urls(url: str) -> None:
    assert classify_url(url) == "other"


@pytest.mark.parametrize(
    ("profile", "url", "kind"),
    [
        ("gsjyt", "https://jyt.gansu.gov.cn/jyt/c110634/202511/174240943.shtml", "article"),
        ("gsjyt", "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist_3.shtml", "list"),
        ("gsjyt", "https://jyt.gansu.gov.cn/jyt/c107347/hdjl.shtml", "other"),  # denied
        ("gsjyt", "https://jyt.gansu.gov.cn/jyt/xhtml/js/page.js", "other"),
        (
            "jxsthjt",
            "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/content/content_1.html",
            "article",
        ),
        ("jxsthjt", "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42149/index.html", "list"),
        ("jxsthjt", "http://sthjt.jiangxi.gov.cn/module/web/jpage/dataproxy.jsp?page=1", "other"),
        (
            "yichun",
            "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml",
            "article",
        ),
        ("yichun", "https://www.yichun.gov.cn/ycsrmzf/tjsj/xxgk_lists.shtml", "list"),
        ("shanxi", "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", "article"),
        ("shanxi", "http://www.shanxi.gov.cn/yw/sxyw/index_1.shtml", "list"),
    ],
)
def test_profile_patterns_come_first(profile: str, url: str, kind: str) -> None:
    assert classify_url(url, load_profile(profile)) == kind


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/a/b.html#top", "http://www.example.com/a/b.html"),
        ("https://www.example.com:443/a", "https://www.example.com/a"),
        ("http://www.example.com:8080/a", "http://www.example.com:8080/a"),
        ("http://www.example.com/a?b=2&a=1", "http://www.example.com/a?a=1&b=2"),
        (
            "http://www.example.com/a?utm_source=wx&utm_medium=x&id=5",
            "http://www.example.com/a?id=5",
        ),
        (
            "http://www.example.com/a?id=5&spm=a.b.c&from=timeline&share=1&source=app",
            "http://www.example.com/a?id=5",
        ),
        ("http://www.example.com/a?id=5&_=1615888320000", "http://www.example.com/a?id=5"),
        ("http://www.example.com/a?id=5&t=1615888320", "http://www.example.com/a?id=5"),
        ("http://www.example.com/a?t=news", "http://www.example.com/a?t=news"),
        (
            "http://www.example.com/a.html;jsessionid=ABC123?x=1",
            "http://www.example.com/a.html?x=1",
        ),
        ("http://www.example.com/新闻/a.html", "http://www.example.com/%E6%96%B0%E9%97%BB/a.html"),
        ("http://www.example.com", "http://www.example.com/"),
        (
            "http://mp.weixin.qq.com/s?__biz=MzI2&mid=26&idx=1&sn=dd09&chksm=f250&scene=21#rd",
            "http://mp.weixin.qq.com/s?__biz=MzI2&idx=1&mid=26&sn=dd09",
        ),
        ("mailto:a@example.com", "mailto:a@example.com"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_is_idempotent() -> None:
    for url in ARTICLES + LISTS[:-1]:
        once = canonicalize_url(url)
        assert canonicalize_url(once) == once
