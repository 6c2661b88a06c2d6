"""Induction on handwritten templates whose meta lines real CMSs print in awkward ways.

Each test builds sibling pages of one small template (the values change, the markup does
not), induces a profile from the first pages as a crawl does, and reads the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsarchive.extract import extract_with_rules
from newsarchive.induce import Page, extract_induced, group_pages, induce, prepare
from newsarchive.induce.limits import INDUCE

SOURCES = ["新华社", "人民日报", "光明网", "中国青年报", "澎湃新闻", "北京日报", "环球时报"]
EDITORS = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"]
WORDS = "市政府召开会议研究部署今年重点工作各部门负责同志参加会议并就有关事项作了安排"


@dataclass
class Sibling:
    url: str
    html: str
    title: str
    date: str  # as the engine records it
    source: str
    editor: str


def _paragraphs(n: int) -> str:
    count = 3 + n % 4
    return "".join(
        f"<p>{WORDS[(n + i) % 7 :]}第{n}篇第{i}段{WORDS[: 10 + (n * i) % 20]}。</p>"
        for i in range(count)
    )


def _meta_spans(n: int) -> Sibling:
    """A meta line of unstyled spans (the date first) and an editor in an unstyled list item."""
    title, source, editor = f"第{n}号通知：关于{WORDS[n % 9 : n % 9 + 8]}的安排", "", ""
    source, editor = SOURCES[n % len(SOURCES)], EDITORS[n % len(EDITORS)]
    day = 1 + n % 27
    html = f"""<html><head><title>{title}_示例网</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻</a></div>
<div class="article">
<h2 class="headline">{title}</h2>
<div class="info"><span>2024-03-{day:02d} 10:{n % 60:02d}</span><span>来源：{source}</span>
<span>字号：<a href="#">大</a><a href="#">小</a></span></div>
<div class="content">{_paragraphs(n)}</div>
<ul class="extra"><li>原标题：{title}</li><li>责任编辑：{editor}</li></ul>
</div>
<div class="footer">版权所有 示例网</div>
</body></html>"""
    date = f"2024-03-{day:02d}T10:{n % 60:02d}:00+08:00"
    return Sibling(f"http://www.example.cn/news/{1000 + n}.html", html, title, date, source, editor)


def _table_date(n: int) -> Sibling:
    """A date deep in unstyled layout tables: no class or id near it to write an XPath from."""
    sib = _meta_spans(n)
    day = 1 + n % 27
    nest = "<table><tr><td>" * 8
    close = "</td></tr></table>" * 8
    html = sib.html.replace(
        '<div class="info">',
        f'{nest}发布时间：2024-05-{day:02d} | 浏览次数：{n}{close}<div class="info">',
    ).replace(f"<span>2024-03-{day:02d} 10:{n % 60:02d}</span>", "")
    sib.html, sib.date = html, f"2024-05-{day:02d}"
    return sib


def _learn_and_read(make, first: int = 1) -> tuple[object, list[tuple[Sibling, object, object]]]:
    learn = [make(n) for n in range(first, first + INDUCE.min_pages)]
    prepared = [
        prepare(Page(s.url, s.html.encode("utf-8")), timezone="Asia/Shanghai") for s in learn
    ]
    groups = group_pages(prepared)
    assert len(groups) == 1
    induced = induce(groups[0], timezone="Asia/Shanghai")
    out = []
    for n in range(100, 108):
        sib = make(n)
        generic = extract_with_rules(sib.html.encode(), sib.url, timezone="Asia/Shanghai")[0]
        got = None
        if induced is not None:
            got = extract_induced(
                sib.html.encode(),
                sib.url,
                profile=induced.to_profile("Asia/Shanghai"),
                crumbs=induced.crumbs,
            )
        out.append((sib, generic, got[0] if got else None))
    return induced, out


def test_credits_cut_from_the_labelled_item_of_unstyled_siblings() -> None:
    # string() reads the first of the meta line's spans (the date): the source is cut from the
    # span that prints 来源, the editor from the list item that prints 责任编辑
    induced, read = _learn_and_read(_meta_spans)
    assert induced is not None
    assert "source" in induced.extract and "editor" in induced.extract
    for sib, generic, mine in read:
        assert generic.source == sib.source and generic.editor == sib.editor  # the engine is right
        assert mine is not None, sib.url
        assert (mine.title, mine.published_at, mine.source, mine.editor) == (
            sib.title,
            sib.date,
            sib.source,
            sib.editor,
        )


def test_a_field_the_profile_cannot_read_leaves_the_template_to_the_engine() -> None:
    # no XPath can be written for the date; the engine reads it on every page: a profile that
    # fits these pages would lose it, so none is used (or it reads the date as the engine does)
    induced, read = _learn_and_read(_table_date)
    for sib, generic, mine in read:
        assert generic.published_at == sib.date
        final = (
            mine if mine is not None else generic
        )  # a crawl reads a page that does not fit generically
        assert final.published_at == sib.date, induced.extract if induced else None
        assert final.source == sib.source and final.title == sib.title


def _page_named_block(n: int) -> Sibling:
    """The article inside an element whose id is the page's own address, in unstyled tables."""
    sib = _meta_spans(n)
    day = 1 + n % 27
    html = f"""<html><head><title>{sib.title}_示例网</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻</a></div>
<div id="http://www.example.cn/news/2024/03/{day:02d}/{1000 + n}.htm"><table><tr><td>
<h2 class="headline">{sib.title}</h2>
<table><tr><td>2024-03-{day:02d} 10:{n % 60:02d}</td><td>来源：{sib.source}</td></tr></table>
<div class="content">{_paragraphs(n)}</div>
<table><tr><td>相关链接</td><td>编辑：{sib.editor}</td></tr></table>
</td></tr></table></div>
<div class="footer">版权所有 示例网</div>
</body></html>"""
    sib.html = html
    return sib


def test_an_id_naming_the_page_is_no_anchor() -> None:
    # the nearest id changes from page to page: the editor is found under <body> instead
    induced, read = _learn_and_read(_page_named_block)
    assert induced is not None
    assert "editor" in induced.extract
    for sib, generic, mine in read:
        assert generic.editor == sib.editor and generic.source == sib.source
        assert mine is not None
        assert (mine.title, mine.source, mine.editor) == (sib.title, sib.source, sib.editor)


def test_a_loose_fallback_rule_does_not_keep_a_repeated_box_in_the_body() -> None:
    # the source's fallback rule (any link of the article block) also matches the link of the
    # 延伸阅读 box every page carries: the rule reads its first hit, the box is still dropped
    from newsarchive.induce.learn import _drops

    pages = []
    for n in range(1, 9):
        sib = _meta_spans(n)
        html = sib.html.replace(
            '<div class="content">',
            '<div class="content"><div class="more"><b>延伸阅读</b><a href="/x.html">同一条推荐'
            "</a><p>每页都一样的推荐摘要文字。</p></div>",
        ).replace(f"<span>来源：{sib.source}</span>", f'<a class="src" href="/">{sib.source}</a>')
        pages.append(prepare(Page(sib.url, html.encode("utf-8"))))
    keep = ["//a[@class='src']", "//div[@class='article']//a"]
    drops = _drops(pages, "//div[@class='content']", keep, INDUCE)
    assert "//div[@class='content']/div[@class='more']" in drops


def test_a_link_inside_running_text_is_never_dropped() -> None:
    # the same keyword is linked on every page: the words around it make it text, not a block
    pages = []
    for n in range(1, 9):
        sib = _meta_spans(n)
        html = sib.html.replace(
            '<div class="content">',
            f'<div class="content"><p>第{n}篇说<a class="kw" href="/k">北京市</a>今年的安排。</p>',
        )
        pages.append(prepare(Page(sib.url, html.encode("utf-8"))))
    from newsarchive.induce.learn import _drops

    assert _drops(pages, "//div[@class='content']", [], INDUCE) == []
