"""Bad input gets a record with warnings or a clear error, never a traceback, in bounded time."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive import extract
from newsarchive.exceptions import ExtractionError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

PARA = "<p>第{i}段：这是一个很长的段落，用来测试大页面的处理，内容各不相同，编号{i}。</p>\n"


def test_twenty_megabyte_page():
    body = "".join(PARA.format(i=i) for i in range(200_000))
    html = (
        "<html><head><meta charset='utf-8'><title>大页面_某网</title></head><body><h1>大页面标题</h1>"
        f"<div>2021-03-16 18:52 来源：某网</div><div id='content'>{body}</div></body></html>"
    ).encode()
    assert len(html) > 20_000_000
    a = extract(html)
    assert a.page_type == "article"
    assert a.title == "大页面标题"
    assert len(a.paragraphs) == 200_000
    assert a.paragraphs[-1].startswith("第199999段")


def test_ten_thousand_levels_of_nesting():
    html = (
        "<html><body><h1>深层嵌套的页面</h1>"
        + "<div>" * 10_000
        + "<p>最里面的文字，有一些标点，还有内容。</p>"
        + "</div>" * 10_000
        + "</body></html>"
    )
    a = extract(html)
    assert "最里面的文字，有一些标点，还有内容。" in a.paragraphs
    assert any("nested deeper" in w for w in a.warnings)


def test_truncated_html(seed_bytes):
    cut = seed_bytes[: len(seed_bytes) // 2]
    a = extract(cut)
    assert a.title == "禹州市鸠山镇:积极创建“五好”乡镇党委"
    assert a.paragraphs and a.paragraphs[0].startswith("中新河南网3月16日电")
    # the cut may fall inside a GBK character: never a crash, at worst one replacement
    assert a.text.count("\ufffd") <= 1


def test_unclosed_and_broken_markup():
    html = (
        "<html><body><h1>标题</h1><div>2021-03-16 <p>第一段，有标点，还有更多的文字内容。<p>第二段，"
        "<b>粗体<i>斜体</p></div></span></font><table><tr><td>单元格<td>第二格"
    )
    a = extract(html)
    assert a.title == "标题"
    assert a.published_at == "2021-03-16"
    assert "第一段，有标点，还有更多的文字内容。" in a.paragraphs


def test_list_page_gets_no_invented_body():
    items = "".join(
        f'<li><a href="/2021/0316/{i}.html">某县召开第{i}次工作会议部署重点任务</a><span>2021-03-{i % 28 + 1:02d}</span></li>'
        for i in range(30)
    )
    html = (
        f"<html><body><div class='crumb'>首页 > 新闻</div><h2>县区动态</h2><ul class='list'>{items}</ul>"
        f"<div class='pager'><a href='index_1.html'>下一页</a></div></body></html>"
    )
    a = extract(html, "http://www.example.gov.cn/xwdt/index.html")
    assert a.page_type == "list"
    assert a.paragraphs == [] and a.text == ""
    assert any("list" in w for w in a.warnings)


# Section lists whose items a script draws (corpus/lists/truth: page_type "list"): the items stand
# in an HTML comment (gsjyt) or only in the script's data (jxsthjt); nothing of them is rendered.
@pytest.mark.skipif(not (CORPUS / "lists" / "html").is_dir(), reason="../shared/corpus is absent")
@pytest.mark.parametrize("name", ["gsjyt-list-01", "jxsthjt-list-01"])
def test_real_list_pages_are_lists(name):
    a = extract((CORPUS / "lists" / "html" / f"{name}.html").read_bytes())
    assert a.page_type == "list"
    assert a.paragraphs == []  # gsjyt-list-01's footer address is no "paragraph"


_ITEMS = [f"某县召开第{i}次工作会议部署重点任务" for i in range(12)]
_FRAME = (
    "<html><head><title>县区动态</title>{head}</head><body><div class='nav'>"
    + "".join(f"<a href='/c{i}/'>栏目{i}</a>" for i in range(8))
    + "</div><h2>县区动态</h2><div class='list'>{list}</div>"
    "<p>地址：某某市某某路1号 联系电话：0000-1234567</p></body></html>"
)


def _li(i: int, title: str, *, style: str = "") -> str:
    return (
        f'<li{style}><a href="/info/1001/{i}.htm">{title}</a><span>2021-03-{i + 1:02d}</span></li>'
    )


@pytest.mark.parametrize(
    "where",
    ["hidden", "comment", "script data", "script data, no dates", "visible, few items"],
)
def test_a_list_a_script_draws_is_a_list(where):
    """Items hidden until a script shows them, commented out for it, or only in its data."""
    head, items = "", ""
    if where == "hidden":
        items = (
            "<ul>"
            + "".join(_li(i, t, style=' style="display:none"') for i, t in enumerate(_ITEMS))
            + "</ul>"
        )
    elif where == "comment":
        items = "<ul><!--" + "".join(_li(i, t) for i, t in enumerate(_ITEMS)) + "--></ul>"
    elif where.startswith("script data"):
        rows = ",".join(
            '{"t":"%s","id":%d,"u":"{\\"pc\\":\\"/col/c1/content_%d.html\\"}"%s}'
            % (t, i, i, "" if "no dates" in where else ',"d":"2021-03-01 10:00"')
            for i, t in enumerate(_ITEMS)
        )
        head = f"<script>var listData = {{ rows: [{rows}] }};</script>"
        items = "<div id='380055'></div>"
    else:  # 8 items (with the menu, 9 link lines): too few for the link count, a run all the same
        items = "<ul>" + "".join(_li(i, t) for i, t in enumerate(_ITEMS[:8])) + "</ul>"
    a = extract(_FRAME.format(head=head, list=items), "http://www.example.gov.cn/xwdt/index.html")
    assert a.page_type == "list", where
    assert a.paragraphs == []


@pytest.mark.parametrize(
    "extra",
    [
        "",  # a contact page: little text, no run of headlines
        # a menu hidden for a script: short labels are navigation, not headlines
        "<ul>"
        + "".join(f'<li style="display:none"><a href="/m{i}/">菜单{i}</a></li>' for i in range(20))
        + "</ul>",
        # script data whose strings are not headlines with addresses
        "<script>var cfg = ["
        + ",".join('{"k":"key%d","v":"%d"}' % (i, i) for i in range(30))
        + "];</script>",
    ],
)
def test_a_page_without_a_run_of_headlines_stays_other(extra):
    a = extract(_FRAME.format(head="", list=extra), "http://www.example.gov.cn/lxwm/index.html")
    assert a.page_type == "other"


def test_a_huge_page_is_not_read_again_for_a_drawn_list():
    from newsarchive.extract.limits import LIMITS
    from newsarchive.extract.pagetype import drawn_list_items

    page = _FRAME.format(
        head="", list="<ul><!--" + "".join(_li(i, t) for i, t in enumerate(_ITEMS)) + "--></ul>"
    )
    assert drawn_list_items(page, None, None) == len(_ITEMS)
    padded = page.replace("</body>", "<!--" + "x" * LIMITS.list_source_max_bytes + "--></body>")
    assert drawn_list_items(padded, None, None) == 0


def test_an_article_with_a_commented_related_list_stays_an_article():
    related = "<!--<ul>" + "".join(_li(i, t) for i, t in enumerate(_ITEMS)) + "</ul>-->"
    body = "".join(
        f"<p>这是正文第{i}段，内容足够长，用来让页面被当作一篇文章。</p>" for i in range(6)
    )
    html = (
        f"<html><body><h1>某县召开工作会议</h1><div>2021-03-16 10:00 来源：某某日报</div>"
        f"<div id='content'>{body}</div>{related}</body></html>"
    )
    assert extract(html, "http://www.example.gov.cn/info/1001/1.htm").page_type == "article"


def test_page_without_date():
    body = "".join(
        f"<p>这是正文第{i}段，内容足够长，用来让页面被当作一篇文章。</p>" for i in range(6)
    )
    a = extract(f"<html><body><h1>没有日期的文章</h1><div id='content'>{body}</div></body></html>")
    assert a.published_at is None
    assert "published_at: no publication date found" in a.warnings


def test_page_with_no_text():
    a = extract("<html><head><title>空</title></head><body><div></div></body></html>")
    assert a.page_type == "other"
    assert a.paragraphs == []
    assert a.warnings


@pytest.mark.parametrize(
    "data", [b"\xff\xfe\x00\x00" * 100, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(500), b"\x00" * 10]
)
def test_binary_is_an_extraction_error(data):
    with pytest.raises(ExtractionError):
        extract(data)


def test_mutated_pages_give_a_record_or_an_extraction_error(seed_bytes):
    """Deterministic mutations of a real page: cut, spliced with junk, control characters, broken tags."""
    import random

    from newsarchive.extract import Article

    rng = random.Random(7)
    text = seed_bytes.decode("gbk")
    for i in range(240):
        kind = i % 6
        if kind == 0:
            data: bytes | str = seed_bytes[: rng.randint(0, len(seed_bytes))]
        elif kind == 1:
            at = rng.randint(0, len(seed_bytes))
            data = seed_bytes[:at] + bytes(rng.getrandbits(8) for _ in range(64)) + seed_bytes[at:]
        elif kind == 2:
            data = text.replace("的", "\x00\x01\ufffe", rng.randint(1, 50))
        elif kind == 3:
            data = seed_bytes.replace(b">", b"<", rng.randint(1, 80))
        elif kind == 4:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 2000)))
        else:
            data = text.replace('href="', 'href="http://[', 3).replace('src="', 'src="http://[', 3)
        url = rng.choice(
            [None, "http://www.example.cn/2021/0316/1.html", "not a url", "http://[broken"]
        )
        try:
            assert isinstance(extract(data, url), Article)
        except ExtractionError:
            pass


def test_wechat_body_hidden_until_script_reveals_it():
    body = "".join(
        f"<p>第{i}段，微信文章的正文在脚本运行前是隐藏的。内容照样要提取。</p>" for i in range(3)
    )
    html = (
        "<html><body><h2 class='rich_media_title'>微信文章标题</h2><div id='meta_content'>"
        "<span class='rich_media_meta rich_media_meta_text'>李思</span> <span class='rich_media_meta_nickname'>"
        "<a id='js_name'>人民日报</a></span></div>"
        f"<div class='rich_media_content' id='js_content' style='visibility: hidden;'>{body}</div>"
        "<div style='display:none'>隐藏的菜单</div></body></html>"
    )
    a = extract(html)
    assert len(a.paragraphs) == 3 and "隐藏的菜单" not in a.text
    assert a.source == "人民日报"


@pytest.mark.parametrize(
    "line",
    [
        "嫦娥五号返回器着陆现场（新华社发）",
        "上海某小区垃圾投放点。澎湃新闻记者 王倩 图",
        "海量资讯、精准解读，尽在新浪财经APP",
        "本文为澎湃号作者或机构在澎湃新闻上传并发布，仅代表该作者或机构观点，不代表澎湃新闻的观点或立场",
        "1 2 3 下一页",
        "摘要",
    ],
)
def test_captions_promos_and_pagers_are_not_body(line):
    body = "".join(
        f"<p>第{i}段正文，内容足够长，标点齐全，用来构成一篇文章的主体部分。</p>" for i in range(3)
    )
    html = (
        f"<html><body><h1>标题</h1><div>2021-03-16</div><div id='c'>{body}<p><img src='/a.jpg'></p>"
        f"<p>{line}</p>{body}</div></body></html>"
    )
    assert line not in extract(html).paragraphs


def test_trailing_link_promo_is_cut_from_the_paragraph():
    body = "".join(
        f"<p>第{i}段正文，内容足够长，标点齐全，用来构成一篇文章的主体部分。</p>" for i in range(3)
    )
    html = (
        f"<html><body><h1>标题</h1><div>2021-03-16</div><div id='c'>{body}"
        "<p>最后一段，减轻负担。<a id='backsohucom'><span>返回搜狐，查看更多</span></a></p></div></body></html>"
    )
    assert extract(html).paragraphs[-1] == "最后一段，减轻负担。"
