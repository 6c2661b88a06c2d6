"""Date patterns: one row per form a Chinese portal prints."""

from __future__ import annotations

import re
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
        ("7/5/2005 9:23:57 PM", "2005-07-05T21:23:57+08:00", "second"),  # US order, 12-hour clock
        ("9/17/2004 5:54:13 AM", "2004-09-17T05:54:13+08:00", "second"),
        ("17/9/2004", "2004-09-17", "day"),  # a day over 12 first: day first
        (
            "2021年3月16日 週二 下午3:20",
            "2021-03-16T15:20:00+08:00",
            "minute",
        ),  # traditional, 上午/下午
        ("2022年2月9日 (星期三) 08:16", "2022-02-09T08:16:00+08:00", "minute"),
        ("2005-07-05 13:23 GMT", "2005-07-05T21:23:00+08:00", "minute"),  # GMT converted to +08:00
        ("2005-07-05 13:23 GMT+1", "2005-07-05T20:23:00+08:00", "minute"),
        ("2005/07/05 下午 01:23 (GMT+00:00)", "2005-07-05T21:23:00+08:00", "minute"),
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


@pytest.mark.parametrize("text", ["3月16日 18:52", "3月15日", "12月30日", "09-30 22:46"])
def test_a_date_without_a_year_never_takes_today_s_year(text):
    assert find_dates(text, now=NOW) == []
    found = find_dates(text, now=NOW, year_hint=2005)
    assert found and found[0].value.year == 2005


def test_an_ambiguous_numeric_date_offers_its_other_reading():
    found = find_dates("06/02/2022", now=NOW)[0]
    assert found.iso(ZONE) == "2022-06-02"
    assert found.swapped().iso(ZONE) == "2022-02-06"
    assert find_dates("17/9/2004", now=NOW)[0].swapped() is None


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
    body = "".join(
        f"<p>这是正文第{i}段，内容足够长，用来让页面被当作一篇文章，而不是列表。</p>"
        for i in range(6)
    )
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


@pytest.mark.parametrize("zone", ["Mars/Base", "Asia/Nowhere", "", "UTC+8"])
def test_an_unknown_timezone_is_a_clear_value_error(zone):
    # a misspelt zone must not silently read every date as UTC+8
    if zone == "":
        assert extract(page("2021-03-16 18:52"), timezone=zone).published_at.endswith("+08:00")
        return
    with pytest.raises(
        ValueError, match=re.escape(f"unknown time zone {zone!r}") + ".*Asia/Shanghai"
    ):
        extract(page("2021-03-16 18:52"), timezone=zone)


def test_an_unknown_timezone_in_a_profile_is_a_clear_value_error():
    from newsarchive.extract.profile import ExtractionProfile

    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        extract(page("2021-03-16 18:52"), profile=ExtractionProfile(timezone="Mars/Base"))


def test_no_date_gives_null_and_a_warning():
    a = extract(page("来源：某某日报"))
    assert a.published_at is None and a.published_precision is None
    assert any("published_at" in w for w in a.warnings)


def test_visible_meta_line_beats_page_generation_time():
    html = page("发布时间：2021-03-16 18:52").replace(
        "<html>", '<html><head><meta name="PubDate" content="2023-05-16 12:34:05"></head>'
    )
    assert extract(html).published_at == "2021-03-16T18:52:00+08:00"


def test_year_less_body_date_does_not_beat_the_dated_line_above_the_headline():
    body = "<p>" + "这是一段很长的正文内容，用于测试，包含标点符号。" * 5 + "</p>"
    html = (
        "<html><body><div>湖南日报 2023年06月12日 第02版：要闻</div><h1>标题测试</h1>"
        f"<div><p>6月11日，某某会议召开。</p>{body}</div></body></html>"
    )
    assert (
        extract(html, now=datetime(2024, 1, 1)).published_at == "2023-06-12"
    )  # now after the page


def test_publication_label_outranks_the_signing_date_in_a_disclosure_box():
    body = "".join(
        f"<p>第{i}条，各乡镇要认真落实相关工作要求，确保按期完成任务。</p>" for i in range(5)
    )
    html = (
        "<html><body><table><tr><td>发布机构： 某县住建局 成文日期： 2023-02-10</td></tr>"
        "<tr><td>文号： 某建字〔2023〕8号 发布日期： 2023-02-14</td></tr></table>"
        f"<h1>某县住建局关于做好春季工作的通知</h1><div id='zoom'>{body}<p>2023年2月10日</p></div></body></html>"
    )
    assert extract(html).published_at == "2023-02-14"


@pytest.mark.parametrize(
    "value, iso, precision",
    [
        ("Tue, 16 Mar 2021 10:20:00 GMT", "2021-03-16T18:20:00+08:00", "second"),
        ("March 16, 2021", "2021-03-16", "day"),
        ("两天前", "2021-03-14", "day"),
        ("十二小时前", "2021-03-16T08:00:00+08:00", "minute"),
    ],
)
def test_meta_values_in_other_forms(value, iso, precision):
    found = parse_date(value, now=NOW)
    assert (found.iso(ZONE), found.precision) == (iso, precision)


@pytest.mark.parametrize("value", ["hello", "12", "第3版"])
def test_meta_values_that_are_no_date(value):
    assert parse_date(value, now=NOW) is None


# -- the chooser (published.py): candidates from all evidence, agreement, precision, now --


def test_a_year_less_meta_line_takes_the_year_of_the_url_not_today():
    a = extract(
        page("6月21日 来源：某某日报"),
        "http://auto.example.com/36/2005/07/18/1680.htm",
        now=datetime(2026, 12, 1),
    )
    assert a.published_at == "2005-06-21"


def test_a_printed_time_beats_the_day_of_the_url():
    a = extract(page("<span>2005-07-18 13:03:17</span>"), "http://example.com/2005/07/18/1.htm")
    assert a.published_at == "2005-07-18T13:03:17+08:00"


def test_a_bare_day_gives_way_to_a_time_for_the_same_day():
    html = page("发布日期：2022-02-06").replace(
        "<html>",
        '<html><head><meta property="article:published_time" content="2022-02-06T12:48:06+00:00"></head>',
    )
    assert extract(html).published_at == "2022-02-06T20:48:06+08:00"


def test_an_ambiguous_numeric_date_is_read_the_way_the_metadata_agrees():
    html = page("发表时间： 06/02/2022 - 13:48").replace(
        "<html>",
        '<html><head><meta property="article:published_time" content="2022-02-06T12:48:06+00:00"></head>',
    )
    assert extract(html).published_at.startswith("2022-02-06")


def test_us_order_meta_line_with_pm():
    a = extract(page("作者： 来源： 发布日期： 7/5/2005 9:23:57 PM"))
    assert a.published_at == "2005-07-05T21:23:57+08:00"


def test_a_date_later_than_now_is_never_chosen():
    html = page("发布时间：2030-01-01 10:00").replace(
        "<html>", '<html><head><meta name="pubdate" content="2021-03-10 09:00"></head>'
    )
    assert extract(html, now=NOW).published_at == "2021-03-10T09:00:00+08:00"


def test_the_chooser_reports_the_rule_and_the_agreeing_evidence():
    from newsarchive.extract import extract_with_rules

    html = page("发布时间：2021-03-16 18:52").replace(
        "<html>", '<html><head><meta name="pubdate" content="2021-03-16"></head>'
    )
    _a, used = extract_with_rules(html, "http://example.com/2021/03/16/1.htm")
    assert used["published_at"] == "meta line, labelled"


def test_without_now_a_date_in_the_future_of_the_clock_is_never_chosen():
    html = page("发布时间：2099-01-01 10:00").replace(
        "<html>", '<html><head><meta name="pubdate" content="2021-03-10 09:00"></head>'
    )
    assert extract(html).published_at == "2021-03-10T09:00:00+08:00"


_NOTICE_TEXT = "".join(
    f"<p>第{i}项，本次考试报名工作按时开展，请各位同学关注报名入口和考试安排，按要求完成报名。</p>"
    for i in range(4)
)


def _notice(meta_above: str, meta_below: str, first_line: str) -> str:
    return (
        "<html><head><title>学院网站</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>学院概况</a> <a href='/b'>通知公告</a></div>"
        f"<div class='content'><div class='attr'>{meta_above}</div>"
        "<h3>2020年上半年全国计算机等级考试报名通知</h3>"
        f"<div class='attr2'>{meta_below}</div>"
        f"<div class='text'><p>{first_line}</p>{_NOTICE_TEXT}</div></div>"
        "<div class='footer'>版权所有 学院办公室</div></body></html>"
    )


def test_a_labelled_meta_line_printed_above_the_headline_dates_the_page() -> None:
    # the layout prints 发布时间 over the headline; the text opens with the event's own time
    html = _notice(
        "发布时间：2019年11月25日 17:47 作者： 来源： 点击率： 次",
        "报名时间：2019年12月16日12:00到2019年12月25日18:00",
        "中北大学考试点",
    )
    assert (
        extract(html, None, now=NOW.replace(year=2026)).published_at == "2019-11-25T17:47:00+08:00"
    )


def test_a_publication_label_beats_a_bare_time_label_under_the_headline() -> None:
    html = _notice(
        "", "<div>时间：2019年10月28日</div><div>发布时间：2019-11-05 07:58</div>", "主持人：韩燮"
    )
    assert (
        extract(html, None, now=NOW.replace(year=2026)).published_at == "2019-11-05T07:58:00+08:00"
    )
