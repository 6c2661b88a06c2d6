"""The headline strategies (title.py): inline pages, one heuristic per case."""

from __future__ import annotations

import pytest

from newsarchive.extract import extract, extract_with_rules

BODY = (
    "<p>" + "这是正文的第一段，说明了事情的经过，内容较长，足以构成正文。" * 3 + "</p>"
    "<p>" + "第二段继续叙述，提供了更多的细节和背景材料，供读者参考。" * 3 + "</p>"
)
NAV = '<div class="nav"><a href="/">首页</a> <a href="/xyxw">学院新闻</a> <a href="/tzgg">通知公告</a></div>'


def page(title: str, middle: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{NAV}{middle}</body></html>"


CASES = [
    # <title> = column - parent column - site; the headline only in an <h1> above the meta line
    (
        "column title, h1 headline",
        page(
            "通知公告 - 学院新闻 - 某某大学",
            "<h1>关于举办第十届学术论坛的通知</h1><div>来源：科研处<br>编辑：张三 时间：2021-03-16</div>"
            + BODY,
        ),
        "关于举办第十届学术论坛的通知",
        "above meta line",
    ),
    # a stock phrase as <title>; the headline a centred bold line right above the body
    (
        "stock title, centred bold line",
        page(
            "显示",
            "<p align='center'><font color=darkblue><strong>犬儒病(上)</strong></font></p><p>胡平</p>"
            + BODY,
        ),
        "犬儒病(上)",
        "above meta line",
    ),
    # a title-classed cell, <title> names the site only
    (
        "site title, title-classed cell",
        page(
            "北医新闻网_(新闻)",
            "<table><tr align='center'><td class=bt_title>李简——新外科运动向我们走来</td></tr></table>"
            + BODY,
        ),
        "李简——新外科运动向我们走来",
        "above meta line",
    ),
    # the <title> holds the headline: the agreeing element wins over a bolder subheading
    (
        "title agrees with an element",
        page(
            "某县召开春季防汛工作会议_某县人民政府",
            "<div class='tit'>某县召开春季防汛工作会议</div><div>发布时间：2021-04-01 09:30</div>"
            + BODY
            + "<p align=center><b><font size=5>一、会议要求</font></b></p>"
            + BODY,
        ),
        "某县召开春季防汛工作会议",
        "headline",
    ),
]


@pytest.mark.parametrize("name,html,want,rule", CASES, ids=[c[0] for c in CASES])
def test_headline(name: str, html: str, want: str, rule: str):
    article, rules_used = extract_with_rules(html)
    assert article.title == want
    assert rules_used["title"] == rule


def test_a_subheading_after_prose_is_not_the_headline():
    html = page("显示", BODY + "<p align=center><strong>现代或将落户羊城客车</strong></p>" + BODY)
    assert extract(html).title != "现代或将落户羊城客车"


def test_column_named_by_title_and_nav_is_never_the_headline():
    html = page(
        "学院新闻-某某大学",
        "<h2>学院新闻</h2><h3>我院学子在全国大赛中获一等奖</h3>"
        "<div>发布时间：2019-10-29 16:49 点击：</div>" + BODY,
    )
    assert extract(html).title == "我院学子在全国大赛中获一等奖"


def test_markup_in_a_metadata_title_is_dropped():
    head = '<meta name="ArticleTitle" content="为建设凝聚强大力量<div>——热烈祝贺会议开幕</div>">'
    html = f"<html><head>{head}</head><body>{BODY}</body></html>"
    title = extract(html).title
    assert title == "为建设凝聚强大力量——热烈祝贺会议开幕"
    assert "<" not in title


def test_a_dated_headline_is_not_taken_for_the_meta_line():
    html = page(
        "院务公开-某某大学",
        "<h3>2019年11月25日学院党政联席会议纪要</h3>"
        "<div>发布时间：2019年11月29日 16:05 作者： 来源：</div>" + BODY,
    )
    assert extract(html).title == "2019年11月25日学院党政联席会议纪要"
