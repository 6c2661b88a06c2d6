"""Portal overrides as data (ExtractionProfile) and the per-field rule report."""

from __future__ import annotations

import pytest

from newsarchive.exceptions import ProfileError
from newsarchive.extract import ExtractionProfile, extract, extract_with_rules

PAGE = """<html><head><title>站点首页</title><link rel="canonical" href="/news/2021/0316/9.html"></head><body>
<div class="hd"><span class="t">真正的标题在这里</span></div>
<div class="when">时间 2021/03/16 08:00</div>
<div class="who">稿件提供 某某报社</div>
<div class="main">
  <div class="ad">广告：这里有一段很长很长很长的广告文字，带着标点，会干扰正文识别，必须删掉才行。</div>
  <div class="txt"><p>第一段正文，内容充实，标点齐全，足以成为一篇文章的开头部分。</p>
  <p>第二段正文，继续叙述事件经过，也有足够的长度和标点符号。</p></div>
</div></body></html>"""

PROFILE = ExtractionProfile.from_mapping(
    {
        "title": ["//span[@class='t']"],
        "date": "//div[@class='when']/text()",
        "source": ["substring-after(//div[@class='who'], '稿件提供 ')"],
        "body": ["//div[@class='txt']"],
        "drop": ["//div[@class='ad']"],
        "timezone": "Asia/Shanghai",
    },
    where="test-profile",
)


def test_profile_overrides_generic_rules():
    a, used = extract_with_rules(PAGE, "http://www.example.cn/index.html", profile=PROFILE)
    assert a.title == "真正的标题在这里"
    assert a.published_at == "2021-03-16T08:00:00+08:00"
    assert a.source == "某某报社"
    assert a.paragraphs == [
        "第一段正文，内容充实，标点齐全，足以成为一篇文章的开头部分。",
        "第二段正文，继续叙述事件经过，也有足够的长度和标点符号。",
    ]
    assert a.canonical_url == "http://www.example.cn/news/2021/0316/9.html"
    assert used["title"] == "profile" and used["published_at"] == "profile"
    assert used["source"] == "profile" and used["body"].startswith("profile:")


def test_generic_rules_report_what_matched(seed_bytes):
    _a, used = extract_with_rules(seed_bytes)
    assert used == {
        "title": "headline",
        "published_at": "meta line",
        "source": "label 来源 (meta line)",
        "editor": "label 责任编辑 (meta line)",
        "authors": "dateline",
        "body": "density",
        "page_type": "article",
    }


def test_extract_is_extract_with_rules(seed_bytes):
    assert extract(seed_bytes).to_dict() == extract_with_rules(seed_bytes)[0].to_dict()


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"titel": ["//h1"]}, "unknown [extract] keys"),
        ({"title": ["//h1[["]}, "xpath='//h1[['"),
        ({"body": [42]}, "non-string 42"),
        ({"timezone": 8}, "timezone must be a string"),
        ({"timezone": "Mars/Base"}, "extract.timezone: unknown time zone 'Mars/Base'"),
    ],
)
def test_bad_profiles_say_what_and_where(mapping, message):
    with pytest.raises(ProfileError, match="my-site.toml") as info:
        ExtractionProfile.from_mapping(mapping, where="my-site.toml")
    assert message in str(info.value)


def test_images_with_captions():
    html = """<html><body><h1>图文新闻标题</h1><div>2021-03-16</div><div id="content">
    <p>第一段正文，内容充实，标点齐全，足以成为一篇文章的开头部分，还要更长一点。</p>
    <figure><img src="/img/a.jpg" alt="a"><figcaption>图为活动现场。</figcaption></figure>
    <p>第二段正文，继续叙述事件经过，也有足够的长度和标点符号，还要更长一点。</p></div></body></html>"""
    a = extract(html, "http://www.example.cn/news/1.html")
    assert [(i.url, i.caption) for i in a.images] == [
        ("http://www.example.cn/img/a.jpg", "图为活动现场。")
    ]
    assert all("图为活动现场" not in p for p in a.paragraphs)


def test_headline_label_is_not_part_of_the_title():
    body = "".join(
        f"<p>这是正文第{i}段，内容足够长，标点齐全，用来构成文章。</p>" for i in range(5)
    )
    a = extract(
        f"<html><body><h1>标题：某市出台新政策</h1><div>2021-03-16</div><div id='c'>{body}</div></body></html>"
    )
    assert a.title == "某市出台新政策"
