"""Date patterns: one row per form a Chinese portal prints."""
from __future__ import annotations

from datetime import datetime

import pytest

from newsarchive import extract
from newsarchive.extract.dates import date_from_url, find_dates, parse_date, resolve_zone

NOW = datetime(2021, 3, 16, 20, 0, 0)
ZONE = resolve_zone("Asia/Shanghai")


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("2021-03-16 18:52:00", "2021-03-16T18:52:00+08:00", "second"),
        ("2021-03-16 18:52", "2021-03-16T18:52:00+08:00", "minute"),
        ("2021/3/16 8:05", "2021-03-16T08:05:00+08:00", "minute"),
        ("2021年3月16日 18:52", "2021-03-16T18:52:00+08:00", "minute"),
        ("2021年03月16日18:52", "2021-03-16T18:52:00+08:00", "minute"),
        ("发布时间：2021年3月16日", "2021-03-16", "day"),
        ("2021.03.16", "2021-03-16", "day"),
        ("3月16日 18:52", "2021-03-16T18:52:00+08:00", "minute"),
        ("3月15日", "2021-03-15", "day"),
        ("12月30日", "2020-12-30", "day"),  # without a year and after now: last year
        ("昨天 18:52", "2021-03-15T18:52:00+08:00", "minute"),
        ("3小时前", "2021-03-16T17:00:00+08:00", "minute"),
        ("18-03-08 23:16", "2018-03-08T23:16:00+08:00", "minute"),
        ("2019 09/07 19:02", "2019-09-07T19:02:00+08:00", "minute"),
        ("2019-09-07T00:31:40Z", "2019-09-07T08:31:40+08:00", "second"),
        ("2019-09-07T13:43:45+08:00", "2019-09-07T13:43:45+08:00", "second"),
    ],
)
def test_find_dates(text, iso, precision):
    found = find_dates(text, now=NOW)
    assert found, text
    assert found[0].iso(ZONE) == iso
    assert found[0].precision == precision


def test_year_hint_fills_a_missing_year():
    found = find_dates("发布时间：09-3022:46", now=NOW, year_hint=2019)
    assert found[0].iso(ZONE) == "2019-09-30T22:46:00+08:00"


@pytest.mark.parametrize("text", ["版本 3.14.2", "电话 0371-65710329", "共 1260 名党员", "2021"])
def test_not_dates(text):
    assert find_dates(text, now=NOW) == []


def test_epoch_seconds():
    assert parse_date("1581517074").iso(ZONE) == "2020-02-12T22:17:54+08:00"


@pytest.mark.parametrize(
    "url, day",
    [
        ("http://www.hn.chinanews.com.cn/news/2021/0316/123.html", "2021-03-16"),
        ("http://www.gov.cn/xinwen/202103/t20210316_123.html", "2021-03-16"),
        ("https://news.163.com/19/0907/09/EOFBHDHQ0001899N.html", "2019-09-07"),
        ("http://example.com/about.html", None),
    ],
)
def test_date_from_url(url, day):
    found = date_from_url(url)
    assert (found.iso(ZONE) if found else None) == day


def page(meta_line: str) -> str:
    body = "".join(f"<p>这是正文第{i}段，内容足够长，用来让页面被当作一篇文章，而不是列表。</p>" for i in range(6))
    return f"<html><body><h1>标题在这里</h1><div class='info'>{meta_line}</div><div class='content'>{body}</div></body></html>"


def test_relative_date_uses_now():
    a = extract(page("3小时前 来源：某某日报"), now=datetime(2021, 3, 16, 12, 0))
    assert a.published_at == "2021-03-16T09:00:00+08:00"
    b = extract(page("3小时前 来源：某某日报"), now=datetime(2022, 1, 1, 12, 0))
    assert b.published_at == "2022-01-01T09:00:00+08:00"


def test_date_only_page_gets_no_invented_time():
    a = extract(page("发布日期：2021-03-16"))
    assert a.published_at == "2021-03-16"
    assert a.published_precision == "day"


def test_timezone_override():
    a = extract(page("2021-03-16 18:52"), timezone="Europe/Berlin")
    assert a.published_at == "2021-03-16T18:52:00+01:00"


def test_no_date_gives_null_and_a_warning():
    a = extract(page("来源：某某日报"))
    assert a.published_at is None and a.published_precision is None
    assert any("published_at" in w for w in a.warnings)


def test_visible_meta_line_beats_page_generation_time():
    html = page("发布时间：2021-03-16 18:52").replace(
        "<html>", '<html><head><meta name="PubDate" content="2023-05-16 12:34:05"></head>')
    assert extract(html).published_at == "2021-03-16T18:52:00+08:00"


def test_year_less_body_date_does_not_beat_the_dated_line_above_the_headline():
    body = "<p>" + "这是一段很长的正文内容，用于测试，包含标点符号。" * 5 + "</p>"
    html = ("<html><body><div>湖南日报 2023年06月12日 第02版：要闻</div><h1>标题测试</h1>"
            f"<div><p>6月11日，某某会议召开。</p>{body}</div></body></html>")
    assert extract(html, now=NOW).published_at == "2023-06-12"


def test_publication_label_outranks_the_signing_date_in_a_disclosure_box():
    body = "".join(f"<p>第{i}条，各乡镇要认真落实相关工作要求，确保按期完成任务。</p>" for i in range(5))
    html = ("<html><body><table><tr><td>发布机构： 某县住建局 成文日期： 2023-02-10</td></tr>"
            "<tr><td>文号： 某建字〔2023〕8号 发布日期： 2023-02-14</td></tr></table>"
            f"<h1>某县住建局关于做好春季工作的通知</h1><div id='zoom'>{body}<p>2023年2月10日</p></div></body></html>")
    assert extract(html).published_at == "2023-02-14"


@pytest.mark.parametrize(
    "value, iso, precision",
    [("Tue, 16 Mar 2021 10:20:00 GMT", "2021-03-16T18:20:00+08:00", "second"),
     ("March 16, 2021", "2021-03-16", "day"),
     ("两天前", "2021-03-14", "day"),
     ("十二小时前", "2021-03-16T08:00:00+08:00", "minute")],
)
def test_meta_values_in_other_forms(value, iso, precision):
    found = parse_date(value, now=NOW)
    assert (found.iso(ZONE), found.precision) == (iso, precision)


@pytest.mark.parametrize("value", ["hello", "12", "第3版"])
def test_meta_values_that_are_no_date(value):
    assert parse_date(value, now=NOW) is None
