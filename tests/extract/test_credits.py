"""Source, editor and author rules, one inline row per heuristic."""

from __future__ import annotations

import pytest

from newsarchive import extract
from newsarchive.extract.labels import clean_editor, clean_names, dateline_authors, parse_labels


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "2021-03-16 18:52:00 来源:中新河南网 责任编辑:关潼",
            {"source": "中新河南网", "editor": "关潼"},
        ),
        ("文章来源：宜春市统计局  发布时间：2023-04-18", {"source": "宜春市统计局"}),
        ("来源： 证券市场红周刊 举报", {"source": "证券市场红周刊"}),
        ("信息来源：江西统计 公众号", {"source": "江西统计 公众号"}),
        ("作者：张三 李四  编辑：王五", {"author": "张三 李四", "editor": "王五"}),
        (
            "发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 0 条评论| 作者魏星",
            {"source": "CSDN", "author": "魏星"},
        ),
        ("摄影/张艳 编辑/苏芳", {"editor": "苏芳"}),
        ("原文：这不是作者行", {}),
    ],
)
def test_parse_labels(line, expected):
    got = {f: v for f, v, _ in parse_labels(line) if f in ("source", "editor", "author")}
    assert got == expected


@pytest.mark.parametrize(
    "raw, name",
    [
        ("杨倩_NF4425", "杨倩"),
        ("韩保林 PK155", "韩保林"),
        ("HN666", "HN666"),
        ("汤诗瑶、丁涛", "汤诗瑶 丁涛"),
        ("关潼）", "关潼"),
        ("", None),
    ],
)
def test_clean_editor(raw, name):
    assert clean_editor(raw) == name


@pytest.mark.parametrize(
    "raw, names",
    [
        ("记者 张三 李四", ["张三", "李四"]),
        ("南都见习记者 林子沛", ["林子沛"]),
        ("职工通讯员 李琴雯 刘会", ["李琴雯", "刘会"]),
        ("叨叨姐、胡一刀&李小飞刀", ["叨叨姐", "胡一刀", "李小飞刀"]),
        ("记者唐霁", ["唐霁"]),
        ("记者张三、李四", ["张三", "李四"]),
        ("本报记者", []),
    ],
)
def test_clean_names(raw, names):
    got = clean_names(raw)
    assert got[: len(names)] == names


@pytest.mark.parametrize(
    "paragraph, names",
    [
        ("中新河南网3月16日电(李麦囤 徐嘉)禹州市鸠山镇辖31个行政村", ["李麦囤", "徐嘉"]),
        ("新华社巴黎12月9日电（记者唐霁）法国9日再次爆发全国跨行业大罢工", ["唐霁"]),
        ("本报讯（记者 张三 通讯员 李四）近日，", ["张三", "李四"]),
        ("据新华社消息（2021年3月16日），", []),
        ("今天天气很好（晴）。", []),
    ],
)
def test_dateline_authors(paragraph, names):
    assert dateline_authors(paragraph) == names


BODY = "".join(
    f"<p>这是正文第{i}段，内容足够长，用来让页面被当作一篇文章，而不是列表页面。</p>"
    for i in range(5)
)


def test_trailer_editor_and_closing_reporter():
    html = (
        f"<html><body><h1>某县召开工作会议</h1><div>2021-03-16 来源：某县融媒体中心</div>"
        f"<div id='content'>{BODY}<p>会议要求各单位抓好落实，确保取得实效。（王小明）</p>"
        f"<p>（责任编辑：赵六_NF1234）</p></div><div class='footer'>版权所有 某县人民政府 豫ICP备12345号</div>"
        f"</body></html>"
    )
    a = extract(html)
    assert a.editor == "赵六"
    assert a.source == "某县融媒体中心"
    assert a.authors == ["王小明"]
    assert "责任编辑" not in a.text and "ICP" not in a.text


def test_byline_paragraph_is_credit_not_body():
    html = f"<html><body><h1>标题</h1><div>2021-03-16</div><div id='content'><p>文/张三</p>{BODY}</div></body></html>"
    a = extract(html)
    assert a.authors == ["张三"]
    assert not any(p.startswith("文/") for p in a.paragraphs)


def test_unlabeled_outlet_beside_the_date():
    html = f"<html><body><h1>标题在此处</h1><div class='tip'>2019-09-26 10:56:28 证券时报网</div><div id='c'>{BODY}</div></body></html>"
    assert extract(html).source == "证券时报网"


def test_meta_author_that_is_a_site_is_ignored():
    html = (
        f"<html><head><meta name='author' content='网易'></head><body><h1>标题在此处</h1>"
        f"<div>2019-09-26 10:56</div><div id='c'>{BODY}</div></body></html>"
    )
    assert extract(html).authors == []


@pytest.mark.parametrize(
    "line, source",
    [
        ("2019-09-26 10:56:28 证券时报网", "证券时报网"),
        ("2021年03月16日 08:30 星期二", None),
        ("2021-03-16 18:52 发布于 北京日报", "北京日报"),
        ("2021-03-16 18:52 | 收藏 | 打印", None),
    ],
)
def test_unlabeled_source_skips_weekdays_and_buttons(line, source):
    html = f"<html><body><h1>标题在此处</h1><div class='tip'>{line}</div><div id='c'>{BODY}</div></body></html>"
    assert extract(html).source == source


def test_county_government_page_with_counters_and_centred_caption():
    body = "".join(
        f"<p>　　这是正文第{i}段，县政府召开会议，研究部署相关工作，会议要求各部门认真落实。</p>"
        for i in range(4)
    )
    html = f"""<html><body><div class="title">某县召开会议</div>
    <div>发布日期：2021-03-16 &nbsp;&nbsp;信息来源：县委宣传部&nbsp;&nbsp;作者：王五&nbsp;&nbsp;阅读次数：</div>
    <div>【字体：<a>大</a> <a>中</a> <a>小</a>】【<a>打印</a>】【<a>关闭</a>】</div>
    <div id="zoom">{body}<p style="text-align:center"><img src="/a.jpg"></p><p style="text-align: center">县长讲话</p>
    {body}</div><div>【<a>关闭窗口</a>】</div></body></html>"""
    a = extract(html, "http://www.example.gov.cn/art/2021/3/16/art_1_2.html")
    assert (a.title, a.published_at, a.source, a.authors) == (
        "某县召开会议",
        "2021-03-16",
        "县委宣传部",
        ["王五"],
    )
    assert len(a.paragraphs) == 8 and "县长讲话" not in a.text
    assert [(i.url, i.caption) for i in a.images] == [
        ("http://www.example.gov.cn/a.jpg", "县长讲话")
    ]


@pytest.mark.parametrize(
    "raw, names",
    [
        ("研究室 李明", ["李明"]),
        ("县委宣传部 王五", ["王五"]),
        ("杨 帆、陈 婷", ["杨帆", "陈婷"]),
        ("刘会 李琴雯", ["刘会", "李琴雯"]),
    ],
)
def test_names_drop_departments_and_join_padded_names(raw, names):
    assert clean_names(raw) == names


def test_credit_lines_in_brackets_closing_the_body_and_a_short_dateline_paragraph():
    html = (
        f"<html><body><h1>标题测试一下</h1><div>发布时间：2023-06-12 08:00</div><div class='c'>"
        f"<p>本报讯（记者 王明 通讯员 李华）6月11日，全省防汛工作视频调度会在长沙召开。</p>{BODY}"
        f"<p style='text-align:right'>（通讯员 王丽 杨可欣）</p></div></body></html>"
    )
    a = extract(html)
    assert a.source is None  # the dateline paragraph is not an outlet beside the date
    assert a.authors == ["王明", "李华", "王丽", "杨可欣"]
    assert not any("杨可欣" in p for p in a.paragraphs)


LONG = "".join(
    f"<p>第{i}段正文，内容足够长，标点齐全，用来构成一篇文章的主体部分。</p>" for i in range(3)
)


@pytest.mark.parametrize(
    "meta, body_extra, field, expected",
    [
        # credits parted by spaces only, closing the body
        ("2021-03-16 10:00", "<p>编辑 刘茜 校对 赵琳</p>", "editor", "刘茜"),
        # an editor credit opening the body
        ("2021-03-16 10:00", "", "editor_top", "牙韩翔"),
        # a counter run into the labelled value by adjacent inline elements
        (
            "<span>来源：观察者网</span><span>阅读 35.6万</span> 2021-03-16",
            "",
            "source",
            "观察者网",
        ),
        # 来自 standing alone before a linked outlet
        (
            "<span>2020-12-17 02:40:11</span><span><span>来自</span><a>新华网</a></span>",
            "",
            "source",
            "新华网",
        ),
        # an element whose class names the account beats the channel link beside the date
        (
            "<span class='a_catalog'><a>科技</a></span><span class='a_source'><a>科技每日推送</a></span>"
            "<span>2018-03-12 14:20</span>",
            "",
            "source",
            "科技每日推送",
        ),
        # a byline under the headline without a colon
        (
            "<p class='author'>本报记者&nbsp;&nbsp;高云才&nbsp;&nbsp;郁静娴</p><div>2019年03月16日08:02</div>",
            "",
            "authors",
            ["高云才", "郁静娴"],
        ),
        # a bracketed closing credit naming the outlet before 记者
        ("2021-03-16 10:00", "<p>（总台央视记者 王鹏 刘潇）</p>", "authors", ["王鹏", "刘潇"]),
    ],
)
def test_portal_credit_forms(meta, body_extra, field, expected):
    top = "<p>编辑 | 牙韩翔</p>" if field == "editor_top" else ""
    html = f"<html><body><h1>标题在此处</h1><div class='info'>{meta}</div><div id='c'>{top}{LONG}{body_extra}</div></body></html>"
    a = extract(html)
    got = a.editor if field.startswith("editor") else getattr(a, field)
    assert got == expected
    assert not any(w in a.text for w in ("校对", "牙韩翔", "王鹏"))


def test_meta_author_that_is_the_editor_is_not_an_author():
    html = (
        f"<html><head><meta name='author' content='王震'></head><body><h1>标题在此处</h1>"
        f"<div>2019-03-16 08:02</div><div id='c'>{LONG}<div class='edit'>(责编：王震、白宇)</div></div></body></html>"
    )
    a = extract(html)
    assert a.editor == "王震 白宇" and a.authors == []
