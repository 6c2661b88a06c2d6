"""Issue 8 credit rules, one inline row per form: where a value ends, sources that are not
labelled 来源, authors in their common forms, and pages that must get no invented credits."""

from __future__ import annotations

import pytest

from newsarchive import extract
from newsarchive.extract.labels import (
    byline_authors,
    clean_names,
    clean_source,
    closing_names,
    closing_source,
    credit_byline,
    lead_source,
    parse_labels,
)

LONG = "".join(
    f"<p>第{i}段正文，内容足够长，标点齐全，用来构成一篇文章的主体部分。</p>" for i in range(4)
)


@pytest.mark.parametrize(
    "line, source",
    [
        ("2005-04-27 14:32更新 来源：千龙新闻网 发表评论", "千龙新闻网"),
        ("http://biz.163.com 2005-04-25 08:24:06 来源: 第一财经日报 网友评论 0 条", "第一财经日报"),
        ("BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]", "人民网"),
        ("2005-01-06 08:13更新 来源：转载文章 第1页/共1页 << 上一页", None),
        ("报纸网 | 发布: 2021-1-29 13:18 | 点击: 313 | 来自: 互联网", None),
        ('作者： size="20" 来源： size="20"', None),
        ("来源：新华网 北京", "新华网"),
        ("来源：人民日报 星期二", "人民日报"),
        ("信息来源：江西统计 公众号", "江西统计 公众号"),
    ],
)
def test_where_a_source_value_ends(line, source):
    values = [clean_source(v) for f, v, _ in parse_labels(line) if f == "source"]
    assert (values[0] if values else None) == source


@pytest.mark.parametrize(
    "value", ["http", "AUTO.SOHU.COM", "互联网", "尹娟", "转载文章", "星期二", "上海", "ВҘІгЈә"]
)
def test_strings_that_are_not_outlets(value):
    assert clean_source(value) is None


@pytest.mark.parametrize(
    "paragraph, outlet",
    [
        ("【看中国2005年07月03日报道】一九八九年四月，我在湖南张家界开会。", "看中国"),
        ("据新华社拉萨电（记者 格桑边觉）记者近日从西藏自治区农业农村厅了解到。", "新华社"),
        ("新华社北京9月7日电（记者唐霁）法国9日再次爆发全国跨行业大罢工。", "新华社"),
        ("南方网讯 昨日，某歌手发布了新专辑。", "南方网"),
        ("（来源：中国青年网）近日，教育部发布通知。", "中国青年网"),
        ("本报讯（记者 张三）近日，某县召开会议。", None),
        ("据记者了解，这项工作已经完成。", None),
    ],
)
def test_sources_credited_where_the_text_begins(paragraph, outlet):
    assert lead_source(paragraph) == outlet


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("——《北京之春》1998年3月号", "北京之春"),
        ("转自《北京科技报》", "北京科技报"),
        ("《一分钱》", None),
        ("这是正文里的一句话，提到了《人民日报》的报道。", None),
    ],
)
def test_sources_credited_where_the_text_ends(line, outlet):
    assert closing_source(line) == outlet


@pytest.mark.parametrize(
    "raw, names",
    [
        ("本报记者罗科苏盈发自北京", ["罗科", "苏盈"]),
        ("姚峰 上海报道", ["姚峰"]),
        ("彭冲 山东冠县", ["彭冲"]),
        ("执笔人：闵乐夫 赵兰波 刘韬", ["闵乐夫", "赵兰波", "刘韬"]),
    ],
)
def test_names_never_mixed_with_places(raw, names):
    assert clean_names(raw) == names


@pytest.mark.parametrize(
    "line, names",
    [
        ("整合 新华日报·交汇点记者 徐睿翔", ["徐睿翔"]),
        ("新华网黑龙江频道 记者 伊琳 李清芬", ["伊琳", "李清芬"]),
        ("光明日报记者 王建宏 张文攀", ["王建宏", "张文攀"]),
        ("这是一句话，记者 张三 说的", []),
    ],
)
def test_bylines_after_an_outlet(line, names):
    assert credit_byline(line) == names


def test_a_lone_name_is_a_byline_only_inside_the_text():
    assert byline_authors("胡平", lone=True) == ["胡平"]
    assert byline_authors("（袁源）", lone=True) == ["袁源"]
    assert byline_authors("时事") is None  # a navigation word under the headline


def _page(meta: str, body: str = LONG, head: str = "", title: str = "某地召开工作会议") -> str:
    return (
        f"<html><head>{head}</head><body><div class='nav'><a>首页</a> | <a>时事</a> | <a>生活</a></div>"
        f"<h1>{title}</h1><div class='info'>{meta}</div><div id='content'>{body}</div></body></html>"
    )


def test_cms_meta_lines_split_by_br():
    # the CMS of government and university sites: 来源：…<br>编辑：… 时间：…
    a = extract(_page("来源：党委宣传部<br>编辑：李明 时间：2021-03-16 10:00"))
    assert (a.source, a.editor) == ("党委宣传部", "李明")


def test_outlet_and_reporter_beside_the_date():
    a = extract(_page("BUSINESS.SOHU.COM 2004年7月16日08:19 [ 黄宇 ] 来源：[ 国际金融报 ]"))
    assert (a.source, a.authors) == ("国际金融报", ["黄宇"])


def test_host_name_beside_the_date_is_not_an_outlet():
    assert extract(_page("AUTO.SOHU.COM 2005年05月13日14:15")).source is None
    assert (
        extract(_page("http://house.sina.com.cn 2005年03月31日03:18 北京娱乐信报")).source
        == "北京娱乐信报"
    )


def test_person_in_the_source_slot_is_the_writer():
    body = LONG + "<p>来源: 尹娟</p>"
    a = extract(_page("http://www.sina.net 2005年03月21日 11:21 《理财周刊》", body))
    assert (a.source, a.authors) == ("理财周刊", ["尹娟"])


def test_labelled_source_beats_a_lead_credit_and_junk_header():
    body = (
        "<p>南方网讯 昨日，某歌手发布新专辑，引起关注，歌迷们纷纷表示支持。</p>"
        + LONG
        + "<p>来源：南方都市报</p>"
    )
    a = extract(_page("2005-04-28 11:13更新 来源：转载文章", body))
    assert a.source == "南方都市报"


def test_dateline_outlet_and_reporter():
    body = (
        "<p>据新华社拉萨电（记者 格桑边觉）记者近日从西藏自治区农业农村厅召开的会议上了解到，工作进展顺利。</p>"
        + LONG
    )
    a = extract(_page("2022年02月13日", body))
    assert (a.source, a.authors) == ("新华社", ["格桑边觉"])


def test_byline_under_an_in_body_title_and_closing_periodical():
    body = "<p>犬儒病(上)</p><p>胡平</p>" + LONG + "<p>——《北京之春》1998年3月号</p>"
    a = extract(_page("", body, title="犬儒病"))
    assert (a.source, a.authors) == ("北京之春", ["胡平"])
    assert "胡平" not in a.paragraphs


def test_bracketed_editor_after_the_outlet():
    a = extract(_page("2022-02-13 09:57 光明网", LONG + "<p>（松花江网编辑 孙桂芳）</p>"))
    assert (a.source, a.editor) == ("光明网", "孙桂芳")


@pytest.mark.parametrize(
    "meta",
    [
        "ggjjzhzz 发表于 2005-9-15 11:46:00",
        "由海姑娘张贴 @ 2005-06-21 10:00",
        "首页 | 时事 | 生活 | 文体 2005-06-21",
        "2022年02月12日 查看旧版(2007年11月18号以前)",
        "湖南日报 2023年06月12日 第02版：要闻",
    ],
)
def test_blog_and_forum_lines_get_no_invented_credits(meta):
    a = extract(_page(meta))
    assert (a.source, a.editor, a.authors) == (None, None, [])


def test_a_breadcrumb_column_beside_the_date_is_not_an_outlet():
    html = (
        f"<html><body><div>专栏 / 轻小说 / 同人连载 / 某篇文章</div><h1>某篇文章的标题</h1>"
        f"<div>同人连载 2022-02-14 03:01</div><div id='content'>{LONG}</div></body></html>"
    )
    assert extract(html).source is None


def test_writer_named_by_class_beside_the_date_is_an_author_not_the_outlet():
    meta = (
        "<span class='con1_author'>冀勇庆</span> <span class='con1_date'>2015-06-25 08:46:42</span> "
        "<a class='review'><span>0</span>人参与评论</a>"
    )
    a = extract(_page(meta))
    assert (a.source, a.authors) == (None, ["冀勇庆"])


@pytest.mark.parametrize(
    "body, names",
    [
        ("<p>記者王小明／台北報導</p>" + LONG, ["王小明"]),
        (
            LONG
            + "<p>這項政策今天正式上路，民眾可以到各地辦理相關手續，詳情請洽詢當地機關。（記者 林大華／高雄報導）</p>",
            ["林大華"],
        ),
    ],
)
def test_traditional_bylines(body, names):
    assert extract(_page("2022-02-13 09:57", body)).authors == names


@pytest.mark.parametrize(
    "byline, names",
    [
        ("记者 张三", ["张三"]),
        ("文/李四", ["李四"]),
        ("作者：王五", ["王五"]),
        ("编译/赵六", ["赵六"]),
        ("本报记者 钱七 通讯员 孙八", ["钱七", "孙八"]),
        ("通讯员 周九", ["周九"]),
    ],
)
def test_bylines_opening_the_text(byline, names):
    a = extract(_page("2022-02-13 09:57", f"<p>{byline}</p>" + LONG))
    assert a.authors == names
    assert byline not in a.paragraphs


@pytest.mark.parametrize(
    "paragraph, names",
    [
        ("南美站活动将先后在巴西、乌拉圭、阿根廷举行。（张巨峰）", ["张巨峰"]),
        ("所有的改革难道不都是利益再分配的过程吗？”（姚峰 上海报道）", ["姚峰"]),
        ("地满足人民日益增长的美好生活需要。(文/图 刘玺东 易赛楠)", ["刘玺东", "易赛楠"]),
        # a bracket ending a phrase of the text (a table's last cell on a staff page) credits nobody
        ("081200计算机科学与技术；085400计算机技术（专业学位）", []),
        ("本次会议由学院办公室承办，地点在主楼报告厅（三层）", []),
    ],
)
def test_names_closing_the_text_follow_its_last_sentence(paragraph, names):
    assert closing_names(paragraph) == names
